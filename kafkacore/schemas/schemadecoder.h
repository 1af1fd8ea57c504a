#pragma once

// Decodes keys and values in the Confluent wire format through a schema registry: the header, the schema by id
// (fetched once, then cached with its compiled form), and the payload as Avro, Protobuf or JSON Schema → JSON.
// One decoder per reading thread (it is not shared); the registry client under it may be.

#include "kafkacore/schemas/decodedbatch.h"
#include "kafkacore/schemas/jsonout.h"
#include "kafkacore/schemas/schemaregistry.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QMetaType>
#include <QString>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kafkalab::schemas {

class SchemaDecoder {
public:
    explicit SchemaDecoder(std::shared_ptr<SchemaRegistryClient> registry);
    ~SchemaDecoder();

    // `bytes` is a whole key or value (a cut value cannot be decoded: the caller says so instead). The value's text
    // and schema are kept by `into` (the caller adds the record to it).
    DecodedValue decode(QByteArrayView bytes, bool isNull, DecodedBatch& into);

    struct Compiled;

private:
    // Null and `error` set when the schema cannot be had; owned by m_compiled.
    const Compiled* compiled(int32_t id, QString* error);

    std::shared_ptr<SchemaRegistryClient> m_registry;
    std::map<int32_t, std::shared_ptr<const Compiled>> m_compiled;
    const Compiled* m_last = nullptr; // the last one had (most reads see one schema per key and one per value)
    // Ids whose schema could not be had (fetch or compile) with the reason: asked once per decoder, i.e. per read.
    std::map<int32_t, QString> m_failed;
    // Protobuf: the schema's description per message type (a message's indexes pick one).
    std::map<std::pair<int32_t, QString>, std::shared_ptr<const SchemaInfo>> m_messageTypes;
    JsonOut m_json; // the JSON text of the value being decoded (then copied into the batch)
};

// Encodes JSON values in the wire format with one schema (produce --value-subject, the Publish tab, the replay of a
// decoded export): Avro through the JSON → Avro mapping, Protobuf through util::JsonStringToMessage (the file's first
// message type, or the one named), JSON Schema validated with valijson and written as it is. encode() is const and
// may be called from several threads at once.
class SchemaEncoder {
public:
    // Fetches version `version` (-1: the latest) of `subject` and compiles it; blocking (HTTP).
    static std::shared_ptr<const SchemaEncoder> forSubject(
        SchemaRegistryClient& registry, const QString& subject, int version, QString* error);
    // The schema with this id (a decoded export's), compiled; blocking (HTTP).
    static std::shared_ptr<const SchemaEncoder> forId(SchemaRegistryClient& registry, int32_t id, QString* error);
    ~SchemaEncoder();

    // `messageType` (Protobuf): the full name of the message type to encode as; empty: the file's first.
    // `where` (when given): the steps from the top to the value that does not fit (object keys, array indexes); left
    // empty where the encoder does not say (a Protobuf mistake without a place) or the value is not JSON.
    std::optional<QByteArray> encode(
        const QByteArray& json, QString* error, const QString& messageType = {}, QStringList* where = nullptr) const;
    // A JSON value of the schema to start from (schemaskeleton_p.h), indented; nothing and `error` set when the
    // schema gives none.
    std::optional<QByteArray> skeleton(QString* error) const;
    const RegisteredSchema& schema() const;

    struct Impl;

private:
    SchemaEncoder();
    static std::shared_ptr<const SchemaEncoder> compile(
        SchemaRegistryClient& registry, const RegisteredSchema& schema, const QString& what, QString* error);
    std::unique_ptr<Impl> d;
};

} // namespace kafkalab::schemas

Q_DECLARE_METATYPE(kafkalab::schemas::DecodedBatchPtr)
