// The scenario engine's schema registry steps: register_schema (or only check it) with the registry's verdict and
// reason, schema_compatibility (a subject's level), a send that encodes its JSON value with a subject's schema in the
// wire format, and consumers that decode what they read with a reader's version of the subject (Avro schema
// resolution: an "old consumer" reading newer messages, a new one reading older messages).
#include "kafkacore/scenarios/scenarioengine.h"

#include "kafkacore/schemas/avrodecode.h"
#include "kafkacore/schemas/registryadmin.h"
#include "kafkacore/schemas/schemadecoder.h"
#include "kafkacore/schemas/wireformat.h"

#include <nlohmann/json.hpp>

namespace kafkalab {

using schemas::AvroSchema;

struct ScenarioEngine::Schemas {
    schemas::RegistryConnection connection;
    std::shared_ptr<schemas::SchemaRegistryClient> client;
    QStringList runSubjects; // subjects named with {{run}}: this run's own, deleted when the engine goes
    QStringList registered; // subjects this run registered a schema under
    std::map<std::pair<QString, int>, std::shared_ptr<const schemas::SchemaEncoder>> encoders; // exact versions
    std::map<int32_t, std::shared_ptr<const AvroSchema>> writers; // by schema id
    std::map<std::pair<QString, int>, std::shared_ptr<const AvroSchema>> readers; // exact versions
};

void ScenarioEngine::expandSchemaNames()
{
    m_schemas = std::make_shared<Schemas>();
    auto own = [this](QString& subject) {
        if (subject.contains(QLatin1String("{{run}}")) && !m_schemas->runSubjects.contains(expand(subject)))
            m_schemas->runSubjects.append(expand(subject));
        subject = expand(subject);
    };
    for (ScenarioActor& a : m_scenario.actors)
        own(a.valueSubject);
    for (ScenarioStep& st : m_scenario.steps)
        own(st.schema.subject);
}

void ScenarioEngine::setSchemaRegistry(const schemas::RegistryConnection& registry)
{
    m_schemas->connection = registry;
}

QString ScenarioEngine::prepareSchemas()
{
    if (!needsSchemaRegistry(m_scenario))
        return {};
    if (m_schemas->connection.url.isEmpty())
        return QStringLiteral("this scenario needs a schema registry, and the connection has none: give one "
                              "(Connect…, Schema registry; the local sandbox runs one when started with "
                              "--schema-registry; kafkalab-cli scenario run --schema-registry URL)");
    m_schemas->client = std::make_shared<schemas::SchemaRegistryClient>(m_schemas->connection);
    QString error;
    if (!m_schemas->client->listSubjects(&error))
        return error; // it names the registry and why it failed
    return {};
}

void ScenarioEngine::deleteRunSubjects()
{
    if (!m_schemas || !m_schemas->client)
        return;
    // The run's own subjects go as its temporary topics do: soft-deleted, then permanently.
    schemas::RegistryAdminClient admin(m_schemas->connection);
    for (const QString& subject : std::as_const(m_schemas->registered)) {
        QString ignored;
        if (m_schemas->runSubjects.contains(subject) && admin.deleteSubject(subject, false, &ignored))
            admin.deleteSubject(subject, true, &ignored);
    }
}

// The level a subject's versions are checked under, in words: " under BACKWARD", " under the global level FULL".
static QString levelWords(schemas::RegistryAdminClient& admin, const QString& subject)
{
    QString error;
    const std::optional<QString> own = admin.compatibility(subject, &error);
    if (!own)
        return {};
    // Apicurio answers NONE for a subject without a level of its own: the global level applies then.
    const std::optional<QString> global
        = *own == QLatin1String("NONE") ? admin.compatibility({}, &error) : std::nullopt;
    if (global && *global != QLatin1String("NONE"))
        return QStringLiteral(" under the global level %1").arg(*global);
    return QStringLiteral(" under %1").arg(*own);
}

void ScenarioEngine::registerSchema(const ScenarioStep& st, ScenarioObservation& obs)
{
    const ScenarioSchemaStep& s = st.schema;
    schemas::RegistryAdminClient admin(m_schemas->connection);
    const schemas::SchemaType type = schemas::schemaTypeFromName(s.type).value_or(schemas::SchemaType::Avro);
    // The registry could not be asked: the step failed (and an expectation about it did not hold), whatever it was
    // expected to answer.
    auto failed = [&](const QString& error) {
        obs.ok = false;
        obs.errorName = QStringLiteral("REGISTRY");
        obs.errorText = error;
        if (s.expectCompatible) {
            obs.isExpectation = true;
            obs.expectation
                = QStringLiteral("the registry %1 the schema for %2")
                      .arg(*s.expectCompatible ? QStringLiteral("accepts") : QStringLiteral("refuses"), s.subject);
            ++m_failedExpectations;
        }
    };
    const QString level = levelWords(admin, s.subject);
    QString error;
    std::optional<QList<int>> versions = admin.versions(s.subject, false, &error);
    if (!versions && error.contains(QLatin1String("HTTP 404")))
        versions = QList<int>(); // no such subject yet: the first version
    if (!versions)
        return failed(error);
    bool compatible = true;
    QString answer;
    if (!versions->isEmpty()) {
        const auto verdict = admin.checkCompatibility(s.subject, -1, type, s.text, {}, &error);
        if (!verdict)
            return failed(error);
        compatible = verdict->compatible;
        answer = compatible ? QStringLiteral("compatible with version %1%2").arg(versions->last()).arg(level)
                            : QStringLiteral("refused%1: %2")
                                  .arg(level,
                                      verdict->reasons.isEmpty() ? QStringLiteral("(the registry gave no reason)")
                                                                 : verdict->reasons.join(QLatin1String("; ")));
    } else {
        answer = QStringLiteral("the subject's first version: nothing to be compatible with");
    }
    if (compatible && !s.checkOnly) {
        const auto registered = admin.registerSchema(s.subject, type, s.text, {}, &error);
        if (!registered && !error.contains(QLatin1String("HTTP 409")))
            return failed(error);
        if (!registered) {
            // Registering checks again (HTTP 409: incompatible): a refusal here is the registry's word too.
            compatible = false;
            answer = QStringLiteral("refused at registration%1: %2").arg(level, error);
        } else {
            answer += QStringLiteral("; registered as version %1 (schema id %2)")
                          .arg(registered->version)
                          .arg(registered->id);
            if (!m_schemas->registered.contains(s.subject))
                m_schemas->registered.append(s.subject);
        }
    } else if (s.checkOnly) {
        answer += QStringLiteral(" (only checked, not registered)");
    }
    obs.note = obs.note.isEmpty() ? answer : obs.note;
    if (!s.expectCompatible) {
        obs.expectation = answer;
        return;
    }
    obs.isExpectation = true;
    obs.expectation = QStringLiteral("the registry %1 the schema for %2%3 — it answered: %4")
                          .arg(*s.expectCompatible ? QStringLiteral("accepts") : QStringLiteral("refuses"), s.subject,
                              level, answer);
    if (compatible != *s.expectCompatible) {
        obs.ok = false;
        obs.errorName = QStringLiteral("EXPECTATION_FAILED");
        obs.observed = compatible ? QStringLiteral("it was accepted") : QStringLiteral("it was refused");
        obs.errorText = QStringLiteral("expected %1, but %2").arg(obs.expectation, obs.observed);
        ++m_failedExpectations;
    }
}

void ScenarioEngine::schemaCompatibility(const ScenarioStep& st, ScenarioObservation& obs)
{
    schemas::RegistryAdminClient admin(m_schemas->connection);
    QString error;
    if (!admin.setCompatibility(st.schema.subject, st.schema.level, &error)) {
        obs.ok = false;
        obs.errorName = QStringLiteral("REGISTRY");
        obs.errorText = error;
        return;
    }
    obs.expectation = QStringLiteral("%1's compatibility level is %2").arg(st.schema.subject, st.schema.level);
}

bool ScenarioEngine::encodeValue(Actor& a, const ScenarioStep& st, QByteArray* value, ScenarioObservation& obs)
{
    QString error;
    const std::pair<QString, int> key { st.schema.subject, st.schema.version };
    std::shared_ptr<const schemas::SchemaEncoder> encoder;
    if (auto it = m_schemas->encoders.find(key); it != m_schemas->encoders.end())
        encoder = it->second;
    else
        encoder = schemas::SchemaEncoder::forSubject(*m_schemas->client, st.schema.subject, st.schema.version, &error);
    if (encoder && st.schema.version > 0)
        m_schemas->encoders[key] = encoder; // the latest moves as versions are registered: looked up each time
    std::optional<QByteArray> encoded = encoder ? encoder->encode(*value, &error) : std::nullopt;
    if (!encoded) {
        setError(a, obs, QStringLiteral("SCHEMA"), error);
        return false;
    }
    *value = *encoded;
    if (obs.note.isEmpty())
        obs.note = QStringLiteral("encoded with version %1 of %2 (schema id %3)")
                       .arg(encoder->schema().version)
                       .arg(st.schema.subject)
                       .arg(encoder->schema().id);
    return true;
}

QString ScenarioEngine::decodeValue(Actor& a, QByteArrayView bytes)
{
    QString error;
    const std::optional<QString> json = decodeWithReader(a, bytes, &error);
    if (json)
        return *json;
    // The consumer's last error says why (an expect's "error": "DECODE_FAILED"), the value shown in its place.
    a.lastErrorName = QStringLiteral("DECODE_FAILED");
    a.lastErrorText = error;
    a.lastErrorCause.clear();
    return QStringLiteral("(not decoded: %1)").arg(error);
}

std::optional<QString> ScenarioEngine::decodeWithReader(const Actor& a, QByteArrayView bytes, QString* error)
{
    const std::optional<schemas::WireHeader> header = schemas::parseWireHeader(bytes, error);
    if (!header)
        return std::nullopt;
    std::shared_ptr<const AvroSchema>& writer = m_schemas->writers[header->schemaId];
    if (!writer) {
        const auto schema = m_schemas->client->schemaById(header->schemaId, error);
        if (!schema)
            return std::nullopt;
        if (schema->type != schemas::SchemaType::Avro) {
            *error = QStringLiteral("schema id %1 is %2; a reader's version decodes Avro only")
                         .arg(header->schemaId)
                         .arg(schemas::schemaTypeName(schema->type));
            return std::nullopt;
        }
        writer = AvroSchema::parse(schema->text, error);
        if (!writer)
            return std::nullopt;
    }
    // An exact version is fetched once; the latest each time (it moves as versions are registered).
    const std::pair<QString, int> key { a.spec.valueSubject, a.spec.readerVersion };
    std::shared_ptr<const AvroSchema> reader = a.spec.readerVersion > 0 ? m_schemas->readers[key] : nullptr;
    if (!reader) {
        const auto schema = m_schemas->client->schemaBySubject(a.spec.valueSubject, a.spec.readerVersion, error);
        if (!schema)
            return std::nullopt;
        reader = AvroSchema::parse(schema->text, error);
        if (!reader) {
            *error = QStringLiteral("the reader's schema: %1").arg(*error);
            return std::nullopt;
        }
        if (a.spec.readerVersion > 0)
            m_schemas->readers[key] = reader;
    }
    const auto json = writer->toJsonAs(*reader, bytes.sliced(header->payloadOffset), error);
    if (!json)
        return std::nullopt;
    return QString::fromStdString(*json);
}

QString ScenarioEngine::sortedJson(const QString& text)
{
    const auto value = nlohmann::json::parse(text.toStdString(), nullptr, false);
    return value.is_discarded() ? text : QString::fromStdString(value.dump());
}

} // namespace kafkalab
