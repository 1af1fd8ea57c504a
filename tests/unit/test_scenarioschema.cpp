// The scenario file's schema registry vocabulary (register_schema, schema_compatibility, a send with value_subject, a
// consumer with value_subject and reader_version, an expect about decoded values), each mistake with its reason; and
// Avro schema resolution (AvroSchema::toJsonAs), which the decoding consumers read with, on values whose reader's
// form the Avro specification fixes.
#include "kafkacore/scenarios/scenario.h"
#include "kafkacore/schemas/avrodecode.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

namespace {

// A scenario around one step (and a producer, a plain consumer and a decoding one).
QByteArray around(const QByteArray& step)
{
    return R"({"name": "x", "actors": {"p": {"type": "producer"}, "plain": {"type": "consumer", "topics": ["t"]},
        "old": {"type": "consumer", "topics": ["t"], "value_subject": "s-{{run}}", "reader_version": 1}},
        "steps": [)"
        + step + "]}";
}

QString mistake(const QByteArray& step)
{
    QString error;
    const auto s = parseScenario(around(step), QStringLiteral("x.json"), &error);
    return s ? QStringLiteral("(parsed)") : error;
}

// `value` (JSON) written with `writer`, read with `reader`, as JSON; or "error: ..." with the reason.
QString resolved(const char* writer, const char* reader, const char* value)
{
    QString error;
    const auto w = schemas::AvroSchema::parse(QString::fromUtf8(writer), &error);
    const auto r = schemas::AvroSchema::parse(QString::fromUtf8(reader), &error);
    if (!w || !r)
        return QStringLiteral("schema: ") + error;
    const auto bytes = w->fromJson(QByteArray(value), &error);
    if (!bytes)
        return QStringLiteral("encode: ") + error;
    const auto json = w->toJsonAs(*r, QByteArrayView(bytes->data(), qsizetype(bytes->size())), &error);
    return json ? QString::fromStdString(*json) : QStringLiteral("error: ") + error;
}

} // namespace

class TestScenarioSchema : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void schemaStepsAreRead()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("v2.avsc")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"type": "record", "name": "R", "fields": []})");
        file.close();
        QString error;
        const auto s = parseScenario(around(R"(
            {"action": "register_schema", "subject": "s-{{run}}", "schema": {"type": "record", "name": "R",
             "fields": [{"name": "a", "type": "long"}]}, "expect": "compatible"},
            {"action": "register_schema", "subject": "s-{{run}}", "schema_file": "v2.avsc", "check_only": true,
             "type": "avro", "expect": "refused"},
            {"action": "register_schema", "subject": "s-{{run}}", "schema": "string"},
            {"action": "schema_compatibility", "subject": "s-{{run}}", "level": "forward"},
            {"actor": "p", "action": "send", "topic": "t", "value_subject": "s-{{run}}", "value_version": 2,
             "value": {"a": 1}},
            {"actor": "p", "action": "send", "topic": "t", "value_subject": "s-{{run}}", "value": "[2]"},
            {"action": "expect", "consumer": "old", "decoded": [{"b": null, "a": 1}, "text", 3]})"),
            dir.filePath(QStringLiteral("lesson.json")), &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->steps.size(), 7);
        const ScenarioSchemaStep& first = s->steps[0].schema;
        QCOMPARE(s->steps[0].action, ScenarioAction::RegisterSchema);
        QCOMPARE(first.subject, QStringLiteral("s-{{run}}"));
        QCOMPARE(first.text, QStringLiteral(R"({"fields":[{"name":"a","type":"long"}],"name":"R","type":"record"})"));
        QCOMPARE(first.type, QStringLiteral("AVRO"));
        QCOMPARE(first.expectCompatible, std::optional<bool>(true));
        QVERIFY(!first.checkOnly);
        // A schema file next to the scenario, read as it is.
        QCOMPARE(s->steps[1].schema.text, QStringLiteral(R"({"type": "record", "name": "R", "fields": []})"));
        QVERIFY(s->steps[1].schema.checkOnly);
        QCOMPARE(s->steps[1].schema.expectCompatible, std::optional<bool>(false));
        QCOMPARE(s->steps[2].schema.text, QStringLiteral("string"));
        QVERIFY(!s->steps[2].schema.expectCompatible);
        QCOMPARE(s->steps[3].action, ScenarioAction::SchemaCompatibility);
        QCOMPARE(s->steps[3].schema.level, QStringLiteral("FORWARD"));
        QCOMPARE(s->steps[4].schema.subject, QStringLiteral("s-{{run}}"));
        QCOMPARE(s->steps[4].schema.version, 2);
        QCOMPARE(s->steps[4].value, QStringLiteral(R"({"a":1})"));
        QCOMPARE(s->steps[5].schema.version, -1); // the latest
        QCOMPARE(s->steps[5].value, QStringLiteral("[2]")); // the text as written
        // Decoded values as JSON text with sorted keys (the engine compares the same form).
        QVERIFY(s->steps[6].schema.decoded);
        QCOMPARE(*s->steps[6].expectValues, QStringList({ R"({"a":1,"b":null})", R"("text")", "3" }));
        QCOMPARE(s->actor(QStringLiteral("old"))->valueSubject, QStringLiteral("s-{{run}}"));
        QCOMPARE(s->actor(QStringLiteral("old"))->readerVersion, 1);
        QCOMPARE(s->actor(QStringLiteral("plain"))->readerVersion, -1);
        QVERIFY(needsSchemaRegistry(*s));
        QCOMPARE(stepTitle(s->steps[1]), QStringLiteral("check schema for s-{{run}}"));
        QCOMPARE(stepTitle(s->steps[3]), QStringLiteral("compatibility of s-{{run}}: FORWARD"));
    }

    void aScenarioWithoutSchemaStepsNeedsNoRegistry()
    {
        QString error;
        const auto s = parseScenario(R"({"name": "x", "actors": {"p": {"type": "producer"}},
            "steps": [{"actor": "p", "action": "send", "topic": "t", "value": "v"}]})",
            QStringLiteral("x.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QVERIFY(!needsSchemaRegistry(*s));
    }

    void mistakesSayWhy_data()
    {
        QTest::addColumn<QByteArray>("step");
        QTest::addColumn<QString>("why");
        QTest::newRow("no subject") << QByteArray(R"({"action": "register_schema", "schema": "int"})")
                                    << "'register_schema' needs 'subject'";
        QTest::newRow("no schema") << QByteArray(R"({"action": "register_schema", "subject": "s"})")
                                   << "needs 'schema' (the schema itself) or 'schema_file'";
        QTest::newRow("both") << QByteArray(
            R"({"action": "register_schema", "subject": "s", "schema": "int", "schema_file": "f"})")
                              << "one of them";
        QTest::newRow("no such file") << QByteArray(
            R"({"action": "register_schema", "subject": "s", "schema_file": "missing.avsc"})")
                                      << "missing.avsc cannot be read";
        QTest::newRow("type") << QByteArray(
            R"({"action": "register_schema", "subject": "s", "schema": "int", "type": "XML"})")
                              << "'type' must be AVRO, PROTOBUF or JSON, not 'XML'";
        QTest::newRow("expect") << QByteArray(
            R"({"action": "register_schema", "subject": "s", "schema": "int", "expect": "ok"})")
                                << "'expect' must be \"compatible\" or \"refused\", not 'ok'";
        QTest::newRow("unknown field") << QByteArray(
            R"({"action": "register_schema", "subject": "s", "schema": "int", "level": "FULL"})")
                                       << "unknown field 'level'";
        QTest::newRow("level") << QByteArray(R"({"action": "schema_compatibility", "subject": "s", "level": "UP"})")
                               << "'level' must be one of NONE, BACKWARD";
        QTest::newRow("send version") << QByteArray(R"({"actor": "p", "action": "send", "topic": "t",
            "value_subject": "s", "value_version": 0, "value": {}})")
                                      << "'value_version' must be a whole number from 1";
        QTest::newRow("send subject") << QByteArray(R"({"actor": "p", "action": "send", "topic": "t",
            "value_subject": "", "value": {}})")
                                      << "a send with a schema needs 'value_subject'";
        QTest::newRow("send object without subject") << QByteArray(R"({"actor": "p", "action": "send", "topic": "t",
            "value": {"a": 1}})") << "'value' must be a string, got an object";
        QTest::newRow("decoded of a plain consumer")
            << QByteArray(R"({"action": "expect", "consumer": "plain", "decoded": [1]})")
            << "'decoded' is about a consumer that decodes (one with 'value_subject'); 'plain' has none";
        QTest::newRow("decoded not a list") << QByteArray(R"({"action": "expect", "consumer": "old", "decoded": 1})")
                                            << "'decoded' must be a list of JSON values";
        QTest::newRow("values and decoded")
            << QByteArray(R"({"action": "expect", "consumer": "old", "decoded": [1], "values": ["1"]})")
            << "'values' and 'decoded' exclude each other";
    }

    void mistakesSayWhy()
    {
        QFETCH(QByteArray, step);
        QFETCH(QString, why);
        const QString error = mistake(step);
        QVERIFY2(error.contains(why), qPrintable(error));
        QVERIFY2(error.startsWith(QStringLiteral("x.json:")), qPrintable(error));
    }

    void readerVersionNeedsASubject()
    {
        QString error;
        QVERIFY(!parseScenario(R"({"name": "x", "actors": {"c": {"type": "consumer", "topics": ["t"],
            "reader_version": 2}}, "steps": [{"actor": "c", "action": "poll"}]})",
            QStringLiteral("x.json"), &error));
        QVERIFY2(error.contains(QStringLiteral("'reader_version' needs 'value_subject'")), qPrintable(error));
    }

    void theShippedLessonParses()
    {
        QString error;
        const auto s = loadScenario(
            qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/schema-evolution.json"),
            &error);
        QVERIFY2(s, qPrintable(error));
        QVERIFY(needsSchemaRegistry(*s));
        QCOMPARE(lessonKind(*s), LessonKind::Transactions);
    }

    // The Avro specification's resolution rules, each on a value whose reader's form it fixes.
    void resolution_data()
    {
        QTest::addColumn<QByteArray>("writer");
        QTest::addColumn<QByteArray>("reader");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("expected");
        const QByteArray v1 = R"({"type": "record", "name": "Order", "namespace": "shop",
            "fields": [{"name": "id", "type": "long"}, {"name": "item", "type": "string"}]})";
        const QByteArray v2 = R"({"type": "record", "name": "Order", "namespace": "shop",
            "fields": [{"name": "id", "type": "long"}, {"name": "item", "type": "string"},
                       {"name": "coupon", "type": ["null", "string"], "default": null}]})";
        const QByteArray v3 = R"({"type": "record", "name": "Order", "namespace": "shop",
            "fields": [{"name": "id", "type": "long"}, {"name": "coupon", "type": ["null", "string"], "default": null}]})";
        QTest::newRow("a field the reader lacks is dropped")
            << v2 << v1 << QByteArray(R"({"id": 2, "item": "tea", "coupon": "SPRING"})") << R"({"id":2,"item":"tea"})";
        QTest::newRow("a field the writer lacks takes its default")
            << v1 << v2 << QByteArray(R"({"id": 1, "item": "coffee"})") << R"({"id":1,"item":"coffee","coupon":null})";
        QTest::newRow("a field without a default the writer lacks")
            << v3 << v1 << QByteArray(R"({"id": 3, "coupon": null})")
            << "error: the reader's schema cannot read the value: item: the reader's field has no default and the "
               "writer's record has no such field";
        QTest::newRow("fields in the reader's order")
            << QByteArray(R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"},
                {"name": "b", "type": "string"}]})")
            << QByteArray(R"({"type": "record", "name": "R", "fields": [{"name": "b", "type": "string"},
                {"name": "a", "type": "int"}]})")
            << QByteArray(R"({"a": 7, "b": "x"})") << R"({"b":"x","a":7})";
        QTest::newRow("int promoted to long, float and double")
            << QByteArray(R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"},
                {"name": "b", "type": "int"}, {"name": "c", "type": "float"}]})")
            << QByteArray(R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"},
                {"name": "b", "type": "double"}, {"name": "c", "type": "double"}]})")
            << QByteArray(R"({"a": -5, "b": 3, "c": 0.5})") << R"({"a":-5,"b":3.0,"c":0.5})";
        QTest::newRow("string read as bytes")
            << QByteArray(R"("string")") << QByteArray(R"("bytes")") << QByteArray(R"("AB")") << R"("AB")";
        QTest::newRow("a writer's type into the reader's union")
            << QByteArray(R"("int")") << QByteArray(R"(["null", "string", "long"])") << QByteArray("9") << "9";
        QTest::newRow("a writer's union branch the reader has not")
            << QByteArray(R"(["null", "int"])") << QByteArray(R"("string")") << QByteArray("4")
            << "error: the reader's schema cannot read the value: the writer's int cannot be read as the "
               "reader's string";
        QTest::newRow("enum symbol by name, else the reader's default")
            << QByteArray(R"({"type": "array", "items": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}})")
            << QByteArray(R"({"type": "array", "items": {"type": "enum", "name": "E", "symbols": ["C", "A", "Z"],
                "default": "Z"}})")
            << QByteArray(R"(["A", "B", "C"])") << R"(["A","Z","C"])";
        QTest::newRow("map values promoted") << QByteArray(R"({"type": "map", "values": "long"})")
                                             << QByteArray(R"({"type": "map", "values": "double"})")
                                             << QByteArray(R"({"x": 1, "y": 2})") << R"({"x":1.0,"y":2.0})";
        QTest::newRow("records of another name") << v1 << QByteArray(R"({"type": "record", "name": "Invoice",
                "fields": [{"name": "id", "type": "long"}]})")
                                                 << QByteArray(R"({"id": 1, "item": "x"})")
                                                 << "error: the reader's schema cannot read the value: the writer's "
                                                    "record Order cannot be read as the reader's record Invoice";
    }

    void resolution()
    {
        QFETCH(QByteArray, writer);
        QFETCH(QByteArray, reader);
        QFETCH(QByteArray, value);
        QFETCH(QString, expected);
        QCOMPARE(resolved(writer.constData(), reader.constData(), value.constData()), expected);
    }
};

QTEST_GUILESS_MAIN(TestScenarioSchema)
#include "test_scenarioschema.moc"
