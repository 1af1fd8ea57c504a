#include "kafkacore/schemas/schemadecoder.h"

#include "kafkacore/schemas/avrodecode.h"
#include "kafkacore/schemas/protobufdecode.h"
#include "kafkacore/schemas/schemaskeleton_p.h"
#include "kafkacore/schemas/wireformat.h"

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <QMap>
#include <QStringList>

namespace kafkalab::schemas {

struct SchemaDecoder::Compiled {
    RegisteredSchema schema;
    std::shared_ptr<const AvroSchema> avro;
    std::shared_ptr<const ProtobufSchema> protobuf;
};

SchemaDecoder::SchemaDecoder(std::shared_ptr<SchemaRegistryClient> registry)
    : m_registry(std::move(registry))
{
}

SchemaDecoder::~SchemaDecoder() = default;

namespace {

// Every file a Protobuf schema's references lead to, by import name (references of references too).
bool collectImports(SchemaRegistryClient& registry, const QList<SchemaReference>& refs, QMap<QString, QString>* out,
    int depth, QString* error)
{
    if (depth > 32) {
        *error = QStringLiteral("the schema's references nest deeper than 32 levels");
        return false;
    }
    for (const SchemaReference& r : refs) {
        if (out->contains(r.name))
            continue;
        if (r.name.startsWith(QLatin1String("google/protobuf/")))
            continue; // compiled in
        const auto s = registry.schemaBySubject(r.subject, r.version, error);
        if (!s) {
            *error = QStringLiteral("reference %1: %2").arg(r.name, *error);
            return false;
        }
        out->insert(r.name, s->text);
        if (!collectImports(registry, s->references, out, depth + 1, error))
            return false;
    }
    return true;
}

} // namespace

std::shared_ptr<const SchemaDecoder::Compiled> SchemaDecoder::compiled(int32_t id, QString* error)
{
    if (auto it = m_compiled.find(id); it != m_compiled.end())
        return it->second;
    if (auto it = m_failed.find(id); it != m_failed.end()) {
        *error = it->second;
        return nullptr;
    }
    auto schema = m_registry->schemaById(id, error);
    if (!schema) {
        m_failed[id] = *error; // not asked again in this read (a registry that is down is retried by the next)
        return nullptr;
    }
    auto c = std::make_shared<Compiled>();
    c->schema = *schema;
    QString why;
    switch (schema->type) {
    case SchemaType::Avro:
        if (!schema->references.isEmpty())
            why = QStringLiteral("Avro schemas with references are not supported yet");
        else
            c->avro = AvroSchema::parse(schema->text, &why);
        break;
    case SchemaType::Protobuf: {
        QMap<QString, QString> imports;
        if (collectImports(*m_registry, schema->references, &imports, 0, &why))
            c->protobuf = ProtobufSchema::parse(schema->text, imports, &why);
        break;
    }
    case SchemaType::Json:
        break; // the payload is JSON text
    }
    if (!why.isEmpty()) {
        *error = QStringLiteral("schema id %1: %2").arg(id).arg(why);
        m_failed[id] = *error;
        return nullptr;
    }
    m_compiled[id] = c;
    return c;
}

DecodedValue SchemaDecoder::decode(QByteArrayView bytes, bool isNull)
{
    DecodedValue v;
    // Magic byte 0 is where the wire format starts; a value that starts with it but is too short for the header is
    // reported as such (plain text never starts with a 0 byte).
    if (isNull || bytes.isEmpty() || bytes[0] != '\0')
        return v;
    QString error;
    const auto header = parseWireHeader(bytes, &error);
    v.status = DecodedValue::Status::Failed;
    if (!header) {
        v.reason = error;
        return v;
    }
    v.schemaId = header->schemaId;
    const auto c = compiled(header->schemaId, &error);
    if (!c) {
        v.reason = error;
        return v;
    }
    v.type = c->schema.type;
    v.subject = c->schema.subject;
    v.version = c->schema.version;
    qsizetype at = header->payloadOffset;
    std::optional<std::string> json;
    switch (c->schema.type) {
    case SchemaType::Avro:
        // Most schemas: written into this thread's scratch buffer, then one allocation of the exact size.
        thread_local std::string scratch;
        if (c->avro->toJsonFast(bytes.sliced(at), &scratch)) {
            v.json = QByteArray(scratch.data(), qsizetype(scratch.size()));
            v.status = DecodedValue::Status::Decoded;
            return v;
        }
        json = c->avro->toJson(bytes.sliced(at), &error);
        break;
    case SchemaType::Protobuf: {
        const auto indexes = parseMessageIndexes(bytes, &at, &error);
        if (!indexes)
            break;
        v.messageType = c->protobuf->messageName(*indexes, &error);
        json = c->protobuf->toJson(*indexes, bytes.sliced(at), &error);
        break;
    }
    case SchemaType::Json: {
        const QByteArrayView payload = bytes.sliced(at);
        const auto parsed = nlohmann::ordered_json::parse(payload.begin(), payload.end(), nullptr, false);
        if (parsed.is_discarded())
            error = QStringLiteral("the payload of a JSON Schema message is not JSON");
        else
            json = parsed.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        break;
    }
    }
    if (!json) {
        v.reason = QStringLiteral("schema id %1 (%2): %3").arg(v.schemaId).arg(schemaTypeName(v.type), error);
        return v;
    }
    v.status = DecodedValue::Status::Decoded;
    v.json = QByteArray::fromStdString(*json);
    return v;
}

// Its implicit destructor destroys nlohmann::json values (as AvroSchema::Impl's does; see there).
// NOLINTNEXTLINE(bugprone-exception-escape)
struct SchemaEncoder::Impl {
    RegisteredSchema schema;
    std::shared_ptr<const AvroSchema> avro;
    std::shared_ptr<const ProtobufSchema> protobuf;
    nlohmann::json jsonSchemaDocument;
    std::unique_ptr<valijson::Schema> jsonSchema;
};

SchemaEncoder::SchemaEncoder()
    : d(std::make_unique<Impl>())
{
}

SchemaEncoder::~SchemaEncoder() = default;

const RegisteredSchema& SchemaEncoder::schema() const
{
    return d->schema;
}

std::shared_ptr<const SchemaEncoder> SchemaEncoder::forSubject(
    SchemaRegistryClient& registry, const QString& subject, int version, QString* error)
{
    const auto schema = registry.schemaBySubject(subject, version, error);
    if (!schema)
        return nullptr;
    if (schema->id < 0) {
        *error = QStringLiteral("the registry gave version %1 of subject %2 without its schema id")
                     .arg(schema->version)
                     .arg(subject);
        return nullptr;
    }
    return compile(
        registry, *schema, QStringLiteral("version %1 of subject %2").arg(schema->version).arg(subject), error);
}

std::shared_ptr<const SchemaEncoder> SchemaEncoder::forId(SchemaRegistryClient& registry, int32_t id, QString* error)
{
    const auto schema = registry.schemaById(id, error);
    if (!schema)
        return nullptr;
    return compile(registry, *schema, QStringLiteral("schema id %1").arg(id), error);
}

std::shared_ptr<const SchemaEncoder> SchemaEncoder::compile(
    SchemaRegistryClient& registry, const RegisteredSchema& source, const QString& what, QString* error)
{
    const RegisteredSchema* schema = &source;
    std::shared_ptr<SchemaEncoder> e(new SchemaEncoder);
    e->d->schema = *schema;
    QString why;
    switch (schema->type) {
    case SchemaType::Avro:
        e->d->avro = AvroSchema::parse(schema->text, &why);
        break;
    case SchemaType::Protobuf: {
        QMap<QString, QString> imports;
        if (collectImports(registry, schema->references, &imports, 0, &why))
            e->d->protobuf = ProtobufSchema::parse(schema->text, imports, &why);
        break;
    }
    case SchemaType::Json:
        e->d->jsonSchemaDocument = nlohmann::json::parse(schema->text.toStdString(), nullptr, false);
        if (e->d->jsonSchemaDocument.is_discarded()) {
            why = QStringLiteral("the JSON Schema is not JSON");
            break;
        }
        try {
            e->d->jsonSchema = std::make_unique<valijson::Schema>();
            valijson::SchemaParser parser;
            valijson::adapters::NlohmannJsonAdapter adapter(e->d->jsonSchemaDocument);
            parser.populateSchema(adapter, *e->d->jsonSchema);
        } catch (const std::exception& ex) {
            why = QStringLiteral("the JSON Schema is not valid: %1").arg(QString::fromUtf8(ex.what()));
        }
        break;
    }
    if (!why.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(what, why);
        return nullptr;
    }
    return e;
}

std::optional<QByteArray> SchemaEncoder::skeleton(QString* error) const
{
    std::optional<std::string> text;
    switch (d->schema.type) {
    case SchemaType::Avro:
        text = avroSkeleton(d->schema.text, error);
        break;
    case SchemaType::Protobuf:
        text = d->protobuf->skeleton({ 0 }, error);
        break;
    case SchemaType::Json:
        text = jsonSchemaSkeleton(d->schema.text, error);
        break;
    }
    if (!text)
        return std::nullopt;
    return QByteArray::fromStdString(*text);
}

std::optional<QByteArray> SchemaEncoder::encode(
    const QByteArray& json, QString* error, const QString& messageType, QStringList* where) const
{
    QByteArray out = encodeWireHeader(d->schema.id);
    std::optional<std::string> payload;
    switch (d->schema.type) {
    case SchemaType::Avro:
        payload = d->avro->fromJson(json, error, where);
        break;
    case SchemaType::Protobuf: {
        QList<int> indexes { 0 };
        if (!messageType.isEmpty()) {
            const auto found = d->protobuf->indexesOf(messageType, error);
            if (!found)
                return std::nullopt;
            indexes = *found;
        }
        out += encodeMessageIndexes(indexes);
        payload = d->protobuf->fromJson(indexes, json, error, where);
        break;
    }
    case SchemaType::Json: {
        const auto value = nlohmann::json::parse(json.constBegin(), json.constEnd(), nullptr, false);
        if (value.is_discarded()) {
            *error = QStringLiteral("the value is not JSON");
            return std::nullopt;
        }
        valijson::Validator validator;
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter target(value);
        if (!validator.validate(*d->jsonSchema, target, &results)) {
            valijson::ValidationResults::Error first;
            QStringList reasons;
            while (results.popError(first)) {
                QString at;
                for (const std::string& c : first.context)
                    at += QString::fromStdString(c);
                reasons.append(QStringLiteral("%1: %2").arg(at, QString::fromStdString(first.description)));
                if (where && reasons.size() == 1) { // the first error's place: "<root>", "[customer]", "[0]" …
                    where->clear();
                    for (const std::string& c : first.context)
                        if (c.size() >= 2 && c.front() == '[' && c.back() == ']')
                            where->append(QString::fromStdString(c.substr(1, c.size() - 2)));
                }
            }
            *error
                = QStringLiteral("the value does not match the JSON Schema: %1").arg(reasons.join(QLatin1String("; ")));
            return std::nullopt;
        }
        payload = json.toStdString();
        break;
    }
    }
    if (!payload)
        return std::nullopt;
    out.append(payload->data(), qsizetype(payload->size()));
    return out;
}

} // namespace kafkalab::schemas
