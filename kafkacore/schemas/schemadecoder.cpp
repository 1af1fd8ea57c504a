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
    std::shared_ptr<const SchemaInfo> info; // shared by the values decoded with it (but Protobuf's: m_messageTypes)
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

const SchemaDecoder::Compiled* SchemaDecoder::compiled(int32_t id, QString* error)
{
    if (m_last && m_last->info->id == id)
        return m_last;
    if (auto it = m_compiled.find(id); it != m_compiled.end())
        return m_last = it->second.get();
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
    auto info = std::make_shared<SchemaInfo>();
    info->id = id;
    info->type = schema->type;
    info->subject = schema->subject;
    info->version = schema->version;
    c->info = std::move(info);
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
    return m_last = c.get();
}

DecodedValue SchemaDecoder::decode(QByteArrayView bytes, bool isNull, DecodedBatch& into)
{
    // Magic byte 0 is where the wire format starts; a value that starts with it but is too short for the header is
    // reported as such (plain text never starts with a 0 byte).
    if (isNull || bytes.isEmpty() || bytes[0] != '\0')
        return {};
    QString error;
    const auto header = parseWireHeader(bytes, &error);
    if (!header)
        return into.failedValue(-1, nullptr, error);
    const int32_t id = header->schemaId;
    const Compiled* c = compiled(id, &error);
    if (!c)
        return into.failedValue(id, nullptr, error);
    const std::shared_ptr<const SchemaInfo>* info = &c->info;
    qsizetype at = header->payloadOffset;
    bool ok = false;
    m_json.clear();
    const auto take = [this](const std::optional<std::string>& json) {
        m_json.clear(); // a fast path that gave up may have written some
        if (json)
            m_json.put(*json);
        return json.has_value();
    };
    switch (c->schema.type) {
    case SchemaType::Avro:
        // Most schemas: written straight into m_json; the others through the full decoder.
        ok = c->avro->toJsonFast(bytes.sliced(at), &m_json);
        if (!ok)
            ok = take(c->avro->toJson(bytes.sliced(at), &error, false));
        break;
    case SchemaType::Protobuf: {
        const auto indexes = parseMessageIndexes(bytes, &at, &error);
        if (!indexes)
            break;
        const QString messageType = c->protobuf->messageName(*indexes, &error);
        auto& typed = m_messageTypes[{ id, messageType }];
        if (!typed) {
            auto withType = std::make_shared<SchemaInfo>();
            withType->id = id;
            withType->type = c->info->type;
            withType->subject = c->info->subject;
            withType->version = c->info->version;
            withType->messageType = messageType;
            typed = std::move(withType);
        }
        info = &typed;
        ok = take(c->protobuf->toJson(*indexes, bytes.sliced(at), &error));
        break;
    }
    case SchemaType::Json: {
        const QByteArrayView payload = bytes.sliced(at);
        const auto parsed = nlohmann::ordered_json::parse(payload.begin(), payload.end(), nullptr, false);
        if (parsed.is_discarded())
            error = QStringLiteral("the payload of a JSON Schema message is not JSON");
        else
            ok = take(parsed.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        break;
    }
    }
    if (!ok)
        return into.failedValue(
            id, *info, QStringLiteral("schema id %1 (%2): %3").arg(id).arg(schemaTypeName(c->schema.type), error));
    return into.decodedValue(*info, m_json.view());
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
