#pragma once

// Decodes keys and values in the Confluent wire format through a schema registry: the header, the schema by id
// (fetched once, then cached with its compiled form), and the payload as Avro, Protobuf or JSON Schema → JSON.
// One decoder per reading thread (it is not shared); the registry client under it may be.

#include "kafkacore/schemas/schemaregistry.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QMetaType>
#include <QString>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace kafkalab::schemas {

struct DecodedValue {
    enum class Status {
        Plain, // not in the wire format (or null): shown as bytes
        Decoded,
        Failed, // in the wire format, but the schema could not be had or the bytes do not fit it: `reason` says why
    };
    Status status = Status::Plain;
    int32_t schemaId = -1;
    SchemaType type = SchemaType::Avro;
    QString subject; // when the registry says it
    int version = -1; // the subject's version, when the registry says it
    QString messageType; // Protobuf: the message's full name
    QByteArray json; // compact JSON text (Decoded)
    QString reason; // (Failed)

    bool decoded() const { return status == Status::Decoded; }
};

// A message's key and value, decoded (the browser's read gives one per record of a batch, in the same order).
struct DecodedRecord {
    DecodedValue key;
    DecodedValue value;
};
using DecodedBatch = std::vector<DecodedRecord>;
using DecodedBatchPtr = std::shared_ptr<const DecodedBatch>;

class SchemaDecoder {
public:
    explicit SchemaDecoder(std::shared_ptr<SchemaRegistryClient> registry);
    ~SchemaDecoder();

    // `bytes` is a whole key or value (a cut value cannot be decoded: the caller says so instead).
    DecodedValue decode(QByteArrayView bytes, bool isNull);

    struct Compiled;

private:
    std::shared_ptr<const Compiled> compiled(int32_t id, QString* error);

    std::shared_ptr<SchemaRegistryClient> m_registry;
    std::map<int32_t, std::shared_ptr<const Compiled>> m_compiled;
    // Ids whose schema could not be had (fetch or compile) with the reason: asked once per decoder, i.e. per read.
    std::map<int32_t, QString> m_failed;
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
