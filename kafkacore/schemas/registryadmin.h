#pragma once

// Administration of a Confluent-compatible schema registry (Confluent Schema Registry, Apicurio's /apis/ccompat/v7):
// subjects, versions, compatibility levels, compatibility checks, registering and deleting. Synchronous HTTP
// (libcurl), for a worker thread (SchemaAdmin's) or the CLI's main thread; nothing is cached, every call asks.
//
// Every failure comes back as one sentence in `error`: the registry cannot be reached (and why), refused the
// credentials (HTTP 401/403), or answered HTTP N with its own error_code and message.
//
// What Apicurio 2.6 does (measured against 2.6.13.Final):
// - A compatibility check with ?verbose=true answers {"is_compatible":false,"reason":"Incompatible artifact: ...
// Causes:
//   age at /fields/2"}: one reason text (Confluent answers a "messages" list); without verbose the reason is null.
// - GET /config/{subject} answers NONE for a subject without a level of its own, and PUT NONE removes the subject's
//   own rule: the global level then applies. A subject's NONE cannot override a stricter global level.
// - Deleting a version or a subject is soft (the versions stay listed with ?deleted=true, their schema ids still
//   resolve, so old messages still decode). permanent=true on a version wants it soft-deleted first (40407), on a
//   subject wants it soft-deleted first (40405) — but Apicurio lets it through, live versions and all, once any one
//   of its versions was soft-deleted; a permanently deleted schema's id stops resolving.
// - Removing a required Avro field is BACKWARD compatible (new readers ignore it in old data) and refused under
//   FORWARD and FULL; adding a field without a default is refused under BACKWARD.
// - An unknown schemaType (XML) is accepted at registration and returned as such.

#include "kafkacore/schemas/schemaregistry.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace kafkalab::schemas {

// A compatibility check's verdict; `reasons` as the registry gave them (Apicurio: one text; Confluent: a list),
// empty when it gave none.
struct CompatibilityVerdict {
    bool compatible = false;
    QStringList reasons;
};

class RegistryAdminClient {
public:
    explicit RegistryAdminClient(RegistryConnection connection);
    const RegistryConnection& connection() const { return m_connection; }

    // The compatibility levels a registry takes (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, ..., FULL_TRANSITIVE).
    static QStringList compatibilityLevels()
    {
        return { QStringLiteral("NONE"), QStringLiteral("BACKWARD"), QStringLiteral("BACKWARD_TRANSITIVE"),
            QStringLiteral("FORWARD"), QStringLiteral("FORWARD_TRANSITIVE"), QStringLiteral("FULL"),
            QStringLiteral("FULL_TRANSITIVE") };
    }
    // True when the URL is Apicurio's Confluent-compatible API (/apis/ccompat/).
    bool isApicurio() const;

    // GET /subjects (sorted).
    std::optional<QStringList> subjects(bool includeDeleted, QString* error);
    // GET /subjects/{subject}/versions (ascending).
    std::optional<QList<int>> versions(const QString& subject, bool includeDeleted, QString* error);
    // GET /subjects/{subject}/versions/{version} (-1: latest). A schema type kafkalab does not know is an error.
    std::optional<RegisteredSchema> version(const QString& subject, int version, QString* error);
    // GET /config or /config/{subject}: the level's name.
    std::optional<QString> compatibility(const QString& subject, QString* error);
    // PUT /config or /config/{subject}; `level` one of compatibilityLevels().
    bool setCompatibility(const QString& subject, const QString& level, QString* error);
    // POST /compatibility/subjects/{subject}/versions/{version}?verbose=true (-1: latest).
    std::optional<CompatibilityVerdict> checkCompatibility(const QString& subject, int version, SchemaType type,
        const QString& text, const QList<SchemaReference>& references, QString* error);
    // POST /subjects/{subject}/versions, then POST /subjects/{subject} for the version it became. Returns the schema
    // with its id and version (an identical schema already registered answers its existing id and version).
    std::optional<RegisteredSchema> registerSchema(const QString& subject, SchemaType type, const QString& text,
        const QList<SchemaReference>& references, QString* error);
    // DELETE /subjects/{subject}/versions/{version}[?permanent=true]: the version deleted.
    std::optional<int> deleteVersion(const QString& subject, int version, bool permanent, QString* error);
    // DELETE /subjects/{subject}[?permanent=true]: the versions deleted.
    std::optional<QList<int>> deleteSubject(const QString& subject, bool permanent, QString* error);

private:
    RegistryConnection m_connection;
};

// The schema type for a registry's word (AVRO, PROTOBUF, JSON, in any case; empty is AVRO); nothing when unknown.
// (Inline: the scenario parser, which links no HTTP, checks a file's words with it.)
inline std::optional<SchemaType> schemaTypeFromName(const QString& name)
{
    const QString upper = name.trimmed().toUpper();
    if (upper.isEmpty() || upper == QLatin1String("AVRO"))
        return SchemaType::Avro;
    if (upper == QLatin1String("PROTOBUF"))
        return SchemaType::Protobuf;
    if (upper == QLatin1String("JSON"))
        return SchemaType::Json;
    return std::nullopt;
}

} // namespace kafkalab::schemas
