// Schemas against the truth: messages produced by confluent-kafka's own schema-registry serializers (Avro, Protobuf,
// JSON Schema; tests/support/schema_reference.py in the venv of scripts/setup-venv) decode in kafkalab-cli consume
// --decode to the values confluent-kafka's deserializers give. One Apicurio Registry for the whole executable, next to
// the fixture's broker; bad input (registry down, unknown schema id, a payload shorter than its header) says why.
#include "testsupport.h"

#include "kafkacore/sandbox/sandboxsetup.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QUuid>

#include <csignal>
#include <sys/prctl.h>

using namespace kafkalab;

class TestSchemas : public QObject {
    Q_OBJECT
    QString m_bootstrap;
    QString m_registry;
    QString m_python;
    QProcess m_apicurio;

    static QString sourceDir() { return QStringLiteral(KAFKALAB_TEST_SOURCE_DIR); }

    QString newTopic(const QString& what)
    {
        QString topic = QStringLiteral("schemas-%1-%2").arg(what, QUuid::createUuid().toString(QUuid::Id128).left(8));
        const QString error = test::createTopics(m_bootstrap, { { topic, 1 } });
        if (!error.isEmpty())
            qWarning("%s", qPrintable(error));
        return topic;
    }

    QList<QJsonObject> consumeDecoded(const QString& topic, const QString& registry)
    {
        const auto r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { QStringLiteral("consume"), QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--topic"), topic,
                QStringLiteral("--from"), QStringLiteral("beginning"), QStringLiteral("--decode"),
                QStringLiteral("--schema-registry"), registry });
        if (r.exitCode != 0)
            qWarning("consume: %s", r.err.constData());
        QList<QJsonObject> lines;
        for (const QByteArray& line : r.out.split('\n'))
            if (!line.isEmpty())
                lines.append(QJsonDocument::fromJson(line).object());
        return lines;
    }

    // Raw bytes to partition 0 through confluent-kafka's plain producer.
    void produceRaw(const QString& topic, const QList<QByteArray>& values)
    {
        QStringList hex;
        for (const QByteArray& v : values)
            hex.append(QString::fromLatin1(v.toHex()));
        const QString script = QStringLiteral(
            "import sys\nfrom confluent_kafka import Producer\np = Producer({'bootstrap.servers': sys.argv[1]})\n"
            "for h in sys.argv[3:]:\n    p.produce(sys.argv[2], value=bytes.fromhex(h), partition=0)\n"
            "sys.exit(1 if p.flush(30) else 0)\n");
        const auto r = test::run(m_python, QStringList { QStringLiteral("-c"), script, m_bootstrap, topic } + hex);
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        const auto venv = test::run(sourceDir() + QStringLiteral("/scripts/setup-venv"), {}, 600000);
        QVERIFY2(venv.exitCode == 0, venv.err.constData());
        m_python = QString::fromUtf8(venv.out.trimmed());
        const QString dir = sandbox::apicurioDir();
        QVERIFY2(!sandbox::apicurioJar(dir).isEmpty(),
            qPrintable(QStringLiteral("Apicurio Registry is not in %1: run scripts/fetch-apicurio").arg(dir)));
        const int port = sandbox::pickFreePort();
        m_apicurio.setProcessChannelMode(QProcess::MergedChannels);
        m_apicurio.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_apicurio.start(sandbox::findJava(), sandbox::apicurioArguments(dir, port));
        QByteArray log;
        QTRY_VERIFY_WITH_TIMEOUT((log += m_apicurio.readAll()).contains("Listening on: http"), 180000);
        m_registry = sandbox::apicurioUrl(port);
    }

    void cleanupTestCase()
    {
        m_apicurio.terminate();
        if (!m_apicurio.waitForFinished(15000))
            m_apicurio.kill();
    }

    void confluentProducedDecodes_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("type");
        QTest::newRow("avro") << "avro"
                              << "AVRO";
        QTest::newRow("protobuf") << "protobuf"
                                  << "PROTOBUF";
        QTest::newRow("json schema") << "json"
                                     << "JSON";
    }

    void confluentProducedDecodes()
    {
        QFETCH(QString, format);
        QFETCH(QString, type);
        const QString topic = newTopic(format);
        const auto produced = test::run(m_python,
            { QStringLiteral("-W"), QStringLiteral("ignore"),
                sourceDir() + QStringLiteral("/tests/support/schema_reference.py"), QStringLiteral("produce"), format,
                QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--registry"), m_registry,
                QStringLiteral("--topic"), topic },
            120000);
        QVERIFY2(produced.exitCode == 0, produced.err.constData());
        QList<QJsonObject> expected;
        for (const QByteArray& line : produced.out.split('\n'))
            if (!line.isEmpty())
                expected.append(QJsonDocument::fromJson(line).object());
        QVERIFY(expected.size() >= 2);
        const QList<QJsonObject> got = consumeDecoded(topic, m_registry);
        QCOMPARE(got.size(), expected.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            const QJsonObject& g = got[i];
            const QJsonObject& e = expected[i];
            QCOMPARE(g.value(QLatin1String("offset")).toInteger(), e.value(QLatin1String("offset")).toInteger());
            QVERIFY2(!g.contains(QLatin1String("value_error")),
                qPrintable(g.value(QLatin1String("value_error")).toString()));
            QCOMPARE(g.value(QLatin1String("value_schema_id")).toInt(), e.value(QLatin1String("schema_id")).toInt());
            QCOMPARE(g.value(QLatin1String("value_schema_type")).toString(), type);
            // Compared as JSON values: objects regardless of key order, numbers as numbers.
            if (g.value(QLatin1String("value")) != e.value(QLatin1String("value")))
                QFAIL(qPrintable(QStringLiteral("offset %1:\n kafkalab:      %2\n confluent-kafka: %3")
                                     .arg(i)
                                     .arg(QString::fromUtf8(QJsonDocument(g.value(QLatin1String("value")).toObject())
                                                                .toJson(QJsonDocument::Compact)),
                                         QString::fromUtf8(QJsonDocument(e.value(QLatin1String("value")).toObject())
                                                               .toJson(QJsonDocument::Compact)))));
            QCOMPARE(g.value(QLatin1String("key")).toString(), QStringLiteral("k%1").arg(i)); // plain keys stay plain
        }
    }

    void kafkalabEncodedDecodesInConfluent_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("avro") << "avro";
        QTest::newRow("protobuf") << "protobuf";
        QTest::newRow("json schema") << "json";
    }

    // Values kafkalab-cli produce --value-subject encodes read back with confluent-kafka's deserializers equal the
    // template they came from. The subject is the one confluent-kafka's serializer registered.
    void kafkalabEncodedDecodesInConfluent()
    {
        QFETCH(QString, format);
        const QString script = sourceDir() + QStringLiteral("/tests/support/schema_reference.py");
        const QString registered = newTopic(format);
        const auto produced = test::run(m_python,
            { QStringLiteral("-W"), QStringLiteral("ignore"), script, QStringLiteral("produce"), format,
                QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--registry"), m_registry,
                QStringLiteral("--topic"), registered },
            120000);
        QVERIFY2(produced.exitCode == 0, produced.err.constData());
        const QString subject = format == QLatin1String("protobuf") ? QStringLiteral("kafkalab.test.Order")
                                                                    : registered + QStringLiteral("-value");
        QFile file(sourceDir() + QStringLiteral("/tests/support/schemas/order.%1-template.json").arg(format));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray templ = file.readAll().trimmed();
        const QString topic = newTopic(QStringLiteral("kl-") + format);
        const auto sent = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { QStringLiteral("produce"), QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--topic"), topic,
                QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--keys"), QStringLiteral("null"),
                QStringLiteral("--value-subject"), subject, QStringLiteral("--schema-registry"), m_registry,
                QStringLiteral("--value-template"), QString::fromUtf8(templ) });
        QVERIFY2(sent.exitCode == 0, sent.err.constData());
        const auto read = test::run(m_python,
            { QStringLiteral("-W"), QStringLiteral("ignore"), script, QStringLiteral("consume"), format,
                QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--registry"), m_registry,
                QStringLiteral("--topic"), topic },
            120000);
        QVERIFY2(read.exitCode == 0, read.err.constData());
        const QList<QByteArray> lines = read.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const QByteArray& line : lines) {
            const QJsonObject got = QJsonDocument::fromJson(line).object();
            const qint64 i = got.value(QLatin1String("offset")).toInteger(); // one partition: message i at offset i
            QByteArray expectedText = templ;
            expectedText.replace("{{i}}", QByteArray::number(i));
            const QJsonObject expected = QJsonDocument::fromJson(expectedText).object();
            QVERIFY(!expected.isEmpty());
            if (got.value(QLatin1String("value")).toObject() != expected)
                QFAIL(qPrintable(QStringLiteral("offset %1:\n confluent-kafka: %2\n template:        %3")
                                     .arg(i)
                                     .arg(QString::fromUtf8(QJsonDocument(got.value(QLatin1String("value")).toObject())
                                                                .toJson(QJsonDocument::Compact)),
                                         QString::fromUtf8(expectedText))));
        }
    }

    void badInput()
    {
        const QString topic = newTopic(QStringLiteral("bad"));
        produceRaw(topic,
            { QByteArray("\x00\x00\x01\x86\x9f{}", 7), // schema id 99999, which does not exist
                QByteArray("\x00\x00\x01", 3), // shorter than its header
                QByteArray("plain text") });
        const QList<QJsonObject> got = consumeDecoded(topic, m_registry);
        QCOMPARE(got.size(), 3);
        QCOMPARE(got[0].value(QLatin1String("value_schema_id")).toInt(), 99999);
        const QString unknown = got[0].value(QLatin1String("value_error")).toString();
        QVERIFY2(unknown.contains(QLatin1String("schema id 99999 does not exist")), qPrintable(unknown));
        QCOMPARE(got[0].value(QLatin1String("value")).toObject().value(QLatin1String("base64")).toString(),
            QStringLiteral("AAABhp97fQ==")); // the bytes are kept
        const QString shortOne = got[1].value(QLatin1String("value_error")).toString();
        QVERIFY2(shortOne.contains(QLatin1String("shorter than the 5-byte")), qPrintable(shortOne));
        QCOMPARE(got[2].value(QLatin1String("value")).toString(), QStringLiteral("plain text"));
        QVERIFY(!got[2].contains(QLatin1String("value_error")));

        // A registry that is down: a port nothing listens on.
        const QString down = sandbox::apicurioUrl(sandbox::pickFreePort());
        const QList<QJsonObject> noRegistry = consumeDecoded(topic, down);
        QCOMPARE(noRegistry.size(), 3);
        const QString why = noRegistry[0].value(QLatin1String("value_error")).toString();
        QVERIFY2(why.contains(QLatin1String("cannot be reached")), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestSchemas)
#include "test_schemas.moc"
