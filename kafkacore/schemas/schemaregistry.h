#pragma once

// A client of a Confluent-compatible schema registry (Confluent Schema Registry, Apicurio's /apis/ccompat/v7,
// Redpanda): schemas by id and by subject/version, cached. Calls are synchronous HTTP (libcurl) and meant for a
// worker thread (the reader's, the producer's); the client is safe to share between threads.

#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace kafkalab::schemas {

struct RegistryConnection {
    QString url; // base URL, e.g. http://127.0.0.1:8081 or http://127.0.0.1:PORT/apis/ccompat/v7
    QString user; // basic auth, when set
    QString password;
    QString bearerToken; // Authorization: Bearer, when set (instead of basic auth)
    QString caFile; // PEM file of the CA that signed an https registry's certificate; empty: the system's
    int timeoutMs = 10000;
};

enum class SchemaType { Avro, Protobuf, Json };
// AVRO, PROTOBUF, JSON (the registry's words).
inline QString schemaTypeName(SchemaType type)
{
    switch (type) {
    case SchemaType::Avro:
        return QStringLiteral("AVRO");
    case SchemaType::Protobuf:
        return QStringLiteral("PROTOBUF");
    case SchemaType::Json:
        return QStringLiteral("JSON");
    }
    return {};
}

struct SchemaReference {
    QString name; // the import (Protobuf) or the named type (Avro) it stands for
    QString subject;
    int version = -1;
};

struct RegisteredSchema {
    int32_t id = -1;
    SchemaType type = SchemaType::Avro;
    QString text; // as the registry returns it (Apicurio: a Protobuf schema registered as base64 stays base64)
    QList<SchemaReference> references;
    QString subject; // known when looked up by subject
    int version = -1;
};

class SchemaRegistryClient {
public:
    explicit SchemaRegistryClient(RegistryConnection connection);
    const RegistryConnection& connection() const { return m_connection; }

    // GET /schemas/ids/{id}. Cached (answers and "does not exist"); a registry that cannot be reached is not
    // cached, but asked again at most every few seconds.
    std::optional<RegisteredSchema> schemaById(int32_t id, QString* error);
    // GET /subjects/{subject}/versions/{version} (version -1: latest).
    std::optional<RegisteredSchema> schemaBySubject(const QString& subject, int version, QString* error);
    // GET /subjects: every subject, sorted (the Publish tab's subject picker). Not cached.
    std::optional<QStringList> listSubjects(QString* error);
    // GET /subjects/{subject}/versions: the subject's version numbers, ascending. Not cached.
    std::optional<QList<int>> listVersions(const QString& subject, QString* error);

private:
    std::optional<RegisteredSchema> get(const QString& path, const QString& what, QString* error);
    // The body of a 200 answer to GET `path`; nothing and `error` set (the registry's words) otherwise.
    std::optional<std::string> getBody(const QString& path, const QString& what, QString* error);

    RegistryConnection m_connection;
    QMutex m_mutex;
    std::map<int32_t, std::pair<std::optional<RegisteredSchema>, QString>> m_byId;
    std::map<std::pair<QString, int>, RegisteredSchema> m_byVersion; // exact versions only (latest moves)
    qint64 m_downUntilMs = 0; // after a connection failure, fail fast until then
    QString m_downReason;
};

} // namespace kafkalab::schemas
