// The scenario file's schema registry fields: the register_schema and schema_compatibility steps, a send that encodes
// its value with a subject's schema, a consumer that decodes with a reader's version, and an expect about the values
// it decoded.
#include "kafkacore/scenarios/scenarioparse.h"
#include "kafkacore/schemas/registryadmin.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace kafkalab::scenarioparse {

namespace {

QString subjectOf(const json& j, const char* key, const QString& what)
{
    QString subject = str(j, key).trimmed();
    if (subject.isEmpty())
        throw Mistake {
            QStringLiteral("%1 needs '%2' (a subject of the schema registry)").arg(what, QLatin1String(key)),
            QLatin1String(key)
        };
    return subject;
}

QString schemaText(const json& j, const QString& file)
{
    if (j.contains("schema") == j.contains("schema_file"))
        throw Mistake { QStringLiteral("'register_schema' needs 'schema' (the schema itself) or 'schema_file' (a file "
                                       "next to the scenario), one of them") };
    if (j.contains("schema")) {
        const json& schema = j["schema"];
        if (schema.is_object() || schema.is_array())
            return QString::fromStdString(schema.dump()); // an Avro or JSON schema written inline
        return inField("schema", [&] { return text(schema, quoted("schema")); });
    }
    const QString name = str(j, "schema_file");
    const QString path = QFileInfo(name).isAbsolute() ? name : QFileInfo(file).dir().filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Mistake { QStringLiteral("'schema_file' %1 cannot be read: %2").arg(path, f.errorString()),
            QStringLiteral("schema_file") };
    return QString::fromUtf8(f.readAll());
}

} // namespace

void parseSchemaStep(const json& j, const QString& file, ScenarioStep& st)
{
    if (st.action == ScenarioAction::SchemaCompatibility) {
        onlyFields(j, QStringLiteral("a 'schema_compatibility' step"), { "action", "subject", "level", "note" });
        st.schema.subject = subjectOf(j, "subject", QStringLiteral("'schema_compatibility'"));
        st.schema.level = str(j, "level").trimmed().toUpper();
        const QStringList levels = schemas::RegistryAdminClient::compatibilityLevels();
        if (!levels.contains(st.schema.level))
            throw Mistake { QStringLiteral("'level' must be one of %1, not '%2'")
                                .arg(levels.join(QLatin1String(", ")), str(j, "level")),
                QStringLiteral("level") };
        return;
    }
    onlyFields(j, QStringLiteral("a 'register_schema' step"),
        { "action", "subject", "schema", "schema_file", "type", "check_only", "expect", "note" });
    st.schema.subject = subjectOf(j, "subject", QStringLiteral("'register_schema'"));
    st.schema.text = schemaText(j, file);
    const QString type = str(j, "type", QStringLiteral("AVRO"));
    const std::optional<schemas::SchemaType> parsed = schemas::schemaTypeFromName(type);
    if (!parsed)
        throw Mistake { QStringLiteral("'type' must be AVRO, PROTOBUF or JSON, not '%1'").arg(type),
            QStringLiteral("type") };
    st.schema.type = schemas::schemaTypeName(*parsed);
    st.schema.checkOnly = boolean(j, "check_only", false);
    if (j.contains("expect")) {
        const QString expect = str(j, "expect");
        if (expect != QLatin1String("compatible") && expect != QLatin1String("refused"))
            throw Mistake { QStringLiteral("'expect' must be \"compatible\" or \"refused\", not '%1'").arg(expect),
                QStringLiteral("expect") };
        st.schema.expectCompatible = expect == QLatin1String("compatible");
    }
}

void parseSchemaSend(const json& j, ScenarioStep& st)
{
    st.schema.subject = subjectOf(j, "value_subject", QStringLiteral("a send with a schema"));
    st.schema.version = int(integer(j, "value_version", -1, 1));
    if (!j.contains("value"))
        return; // the send step says "'send' needs 'value'"
    const json& value = j["value"];
    // The value as JSON: written as JSON in the file, or as its text.
    st.value
        = value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString::fromStdString(value.dump());
}

void parseSchemaConsumer(const json& j, ScenarioActor& a)
{
    if (!j.contains("value_subject")) {
        if (j.contains("reader_version"))
            throw Mistake { QStringLiteral("'reader_version' needs 'value_subject' (whose version it is)"),
                QStringLiteral("reader_version") };
        return;
    }
    a.valueSubject = subjectOf(j, "value_subject", QStringLiteral("a consumer that decodes"));
    a.readerVersion = int(integer(j, "reader_version", -1, 1));
}

void parseDecodedExpect(const json& j, const Scenario& s, ScenarioStep& st)
{
    const json& list = j["decoded"];
    if (!list.is_array())
        inField("decoded", [&] { wrongType(quoted("decoded"), QStringLiteral("a list of JSON values"), list); });
    const QString who = st.consumer.isEmpty() ? st.actor : st.consumer;
    const ScenarioActor* a = s.actor(who);
    if (a && a->valueSubject.isEmpty())
        throw Mistake { QStringLiteral("'decoded' is about a consumer that decodes (one with 'value_subject'); '%1' "
                                       "has none")
                            .arg(who),
            QStringLiteral("decoded") };
    // Kept as JSON text with the keys sorted (nlohmann's objects are): the engine compares the same form.
    QStringList values;
    for (const json& v : list)
        values.append(QString::fromStdString(v.dump()));
    st.expectValues = values;
    st.schema.decoded = true;
}

} // namespace kafkalab::scenarioparse
