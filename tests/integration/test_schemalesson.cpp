// The schema-evolution lesson (issue 19 item 5) through kafkalab-cli against the fixture's broker and an Apicurio
// Registry of the test's own: every expectation holds (the registry accepts and refuses what the lesson says, for
// the reasons it gives), the run's own subject is gone afterwards, and what the engine's "old" and "new" consumers
// decoded with their reader's versions equals what confluent-kafka's AvroDeserializer (fastavro's schema resolution)
// gives with the same reader's schemas on the same messages.
#include "kafkacore/schemas/registryadmin.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

namespace {

// Reads every message of the topic from the start and prints, per message, a JSON line: what AvroDeserializer gives
// with each reader's schema (versions 1 and 2 of the subject), or {"error": ...} when that reader cannot read it.
const char* const kReadScript
    = "import json, sys, warnings\n"
      "warnings.filterwarnings('ignore')\n"
      "from confluent_kafka import Consumer\n"
      "from confluent_kafka.schema_registry import SchemaRegistryClient\n"
      "from confluent_kafka.schema_registry.avro import AvroDeserializer\n"
      "from confluent_kafka.serialization import SerializationContext, MessageField\n"
      "bootstrap, registry_url, topic, subject = sys.argv[1:5]\n"
      "reg = SchemaRegistryClient({'url': registry_url})\n"
      "readers = {v: AvroDeserializer(reg, reg.get_version(subject, v).schema.schema_str) for v in (1, 2)}\n"
      "c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'schemalesson-check', 'auto.offset.reset': "
      "'earliest', 'enable.auto.commit': False})\n"
      "c.subscribe([topic])\n"
      "seen = 0\n"
      "while seen < 3:\n"
      "    m = c.poll(30)\n"
      "    if m is None:\n"
      "        break\n"
      "    if m.error():\n"
      "        continue\n"
      "    seen += 1\n"
      "    row = {}\n"
      "    for v, d in readers.items():\n"
      "        try:\n"
      "            row[str(v)] = d(m.value(), SerializationContext(topic, MessageField.VALUE))\n"
      "        except Exception as e:\n"
      "            row[str(v)] = {'error': str(e)}\n"
      "    print(json.dumps(row))\n"
      "c.close()\n";

QString sourceDir()
{
    return qEnvironmentVariable("KAFKALAB_SOURCE_DIR");
}

QJsonValue parsed(const QString& json)
{
    return QJsonDocument::fromJson("[" + json.toUtf8() + "]").array().at(0);
}

} // namespace

class TestSchemaLesson : public QObject {
    Q_OBJECT
    QString m_bootstrap;
    test::OwnRegistry m_registry;

    test::ScenarioRun run(const QString& file)
    {
        return test::runScenario({ file, "--bootstrap", m_bootstrap, "--schema-registry", m_registry.url });
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
        const QString why = m_registry.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    // The shipped lesson: every expectation holds, the refusals carry the registry's reason, and the subject the
    // run named with {{run}} is deleted when it ends (as its temporary topic is).
    void theLessonHoldsAndCleansUp()
    {
        const test::ScenarioRun r = run(sourceDir() + QStringLiteral("/resources/scenarios/schema-evolution.json"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.steps.size(), 17);
        for (const QJsonObject& s : r.steps)
            QVERIFY2(s.value(QLatin1String("result")).toString() == QLatin1String("ok"),
                QJsonDocument(s).toJson(QJsonDocument::Compact).constData());
        // Step 10: a required field added under BACKWARD; step 16: a required field removed under FORWARD. The
        // registry's own reason is in what the step says.
        const QString added = r.steps.at(9).value(QLatin1String("expect")).toString();
        QVERIFY2(added.contains(QLatin1String("refused under BACKWARD: Incompatible")), qPrintable(added));
        const QString removed = r.steps.at(15).value(QLatin1String("expect")).toString();
        QVERIFY2(removed.contains(QLatin1String("refused under FORWARD: Incompatible")), qPrintable(removed));
        const QString kept = r.steps.at(10).value(QLatin1String("expect")).toString();
        QVERIFY2(kept.contains(QLatin1String("registered as version 3")), qPrintable(kept));
        QString error;
        schemas::RegistryConnection registry;
        registry.url = m_registry.url;
        const auto subjects = schemas::RegistryAdminClient(registry).subjects(true, &error);
        QVERIFY2(subjects, qPrintable(error));
        for (const QString& s : *subjects)
            QVERIFY2(!s.startsWith(QLatin1String("shop.orders-")), qPrintable(s));
    }

    // The same lesson with its topic and subject kept: what the engine's consumers decoded equals what
    // confluent-kafka's AvroDeserializer gives with reader's schemas 1 and 2 on the same three messages.
    void decodedValuesAgreeWithConfluent()
    {
        QTemporaryDir dir;
        QFile in(sourceDir() + QStringLiteral("/resources/scenarios/schema-evolution.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        text.replace("\"temporary\": true", "\"temporary\": false").replace("-{{run}}-value", "-kept-value");
        QFile out(dir.filePath(QStringLiteral("kept.json")));
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(text) == text.size());
        out.close();
        const test::ScenarioRun r = run(out.fileName());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject last = r.steps.last();
        const QStringList oldApp = test::seenValues(last, QStringLiteral("old-app"));
        const QStringList newApp = test::seenValues(last, QStringLiteral("new-app"));
        QCOMPARE(oldApp.size(), 3);
        QCOMPARE(newApp.size(), 2);
        QVERIFY2(oldApp.at(2).startsWith(QLatin1String("(not decoded: ")), qPrintable(oldApp.at(2)));
        const QString topic = last.value(QLatin1String("partitions"))
                                  .toArray()
                                  .at(0)
                                  .toObject()
                                  .value(QLatin1String("topic"))
                                  .toString();
        QVERIFY(topic.startsWith(QLatin1String("shop.orders-")));

        const auto venv = test::run(sourceDir() + QStringLiteral("/scripts/setup-venv"), {}, 600000);
        QVERIFY2(venv.exitCode == 0, venv.err.constData());
        const auto read = test::run(QString::fromUtf8(venv.out.trimmed()),
            { QStringLiteral("-c"), QString::fromLatin1(kReadScript), m_bootstrap, m_registry.url, topic,
                QStringLiteral("shop.orders-kept-value") },
            120000);
        QVERIFY2(read.exitCode == 0, read.err.constData());
        const QList<QByteArray> rows = read.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QJsonObject row = QJsonDocument::fromJson(rows.at(i)).object();
            // reader's version 1: the old application
            const QJsonObject v1 = row.value(QLatin1String("1")).toObject();
            if (i < 2)
                QCOMPARE(parsed(oldApp.at(i)), QJsonValue(v1));
            else // both refuse order 3: it has no item, which version 1 requires without a default
                QVERIFY2(v1.contains(QLatin1String("error")), rows.at(i).constData());
            // reader's version 2 (the latest when new-app polled): the new application
            if (i < 2)
                QCOMPARE(parsed(newApp.at(i)), row.value(QLatin1String("2")));
        }
    }
};

QTEST_GUILESS_MAIN(TestSchemaLesson)
#include "test_schemalesson.moc"
