// Schemas against the truth: messages produced by confluent-kafka's own schema-registry serializers (Avro, Protobuf,
// JSON Schema; tests/support/schema_reference.py in the venv of scripts/setup-venv) decode in kafkalab-cli consume
// --decode to the values confluent-kafka's deserializers give. One Apicurio Registry for the whole executable, next to
// the fixture's broker; bad input (registry down, unknown schema id, a payload shorter than its header) says why.
#include "signallog.h"
#include "testsupport.h"

#include "kafkacore/produce/producerclient.h"
#include "kafkacore/produce/publishschemas.h"
#include "kafkacore/sandbox/sandboxsetup.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

using namespace kafkalab;

class TestSchemas : public QObject {
    Q_OBJECT
    QString m_bootstrap;
    QString m_registry;
    QString m_python;
    test::OwnRegistry m_apicurio;

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

    // The lines confluent-kafka's deserializers read from partition 0 of `topic` (schema_reference.py consume).
    QList<QJsonObject> consumeInConfluent(const QString& format, const QString& topic)
    {
        const auto read = test::run(m_python,
            { QStringLiteral("-W"), QStringLiteral("ignore"),
                sourceDir() + QStringLiteral("/tests/support/schema_reference.py"), QStringLiteral("consume"), format,
                QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--registry"), m_registry,
                QStringLiteral("--topic"), topic, QStringLiteral("--by-index") },
            120000);
        if (read.exitCode != 0)
            qWarning("schema_reference.py consume: %s", read.err.constData());
        QList<QJsonObject> lines;
        for (const QByteArray& line : read.out.split('\n'))
            if (!line.isEmpty())
                lines.append(QJsonDocument::fromJson(line).object());
        return lines;
    }

    // confluent-kafka's serializers fill a new topic; returns the topic and what its deserializers read back.
    QString produceInConfluent(const QString& format, QList<QJsonObject>* expected)
    {
        QString topic = newTopic(format);
        const auto produced = test::run(m_python,
            { QStringLiteral("-W"), QStringLiteral("ignore"),
                sourceDir() + QStringLiteral("/tests/support/schema_reference.py"), QStringLiteral("produce"), format,
                QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--registry"), m_registry,
                QStringLiteral("--topic"), topic },
            120000);
        if (produced.exitCode != 0)
            qWarning("schema_reference.py produce: %s", produced.err.constData());
        for (const QByteArray& line : produced.out.split('\n'))
            if (!line.isEmpty())
                expected->append(QJsonDocument::fromJson(line).object());
        return topic;
    }

    // kafkalab-cli consume of a whole topic: the JSON lines as written (the export format).
    QByteArray consumeLines(const QString& topic, bool decode)
    {
        QStringList args { QStringLiteral("consume"), QStringLiteral("--bootstrap"), m_bootstrap,
            QStringLiteral("--topic"), topic, QStringLiteral("--from"), QStringLiteral("beginning") };
        if (decode)
            args << QStringLiteral("--decode") << QStringLiteral("--schema-registry") << m_registry;
        const auto r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")), args);
        if (r.exitCode != 0)
            qWarning("consume: %s", r.err.constData());
        return r.out;
    }

    test::ProcessResult replay(const QString& topic, const QByteArray& lines)
    {
        const QString path = QDir::temp().filePath(topic + QStringLiteral(".jsonl"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(lines) != lines.size())
            qWarning("cannot write %s", qPrintable(path));
        f.close();
        auto r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { QStringLiteral("replay"), QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--topic"), topic,
                QStringLiteral("--keep-partitions"), QStringLiteral("--schema-registry"), m_registry, path });
        QFile::remove(path);
        return r;
    }

    static QString compact(const QJsonValue& v)
    {
        return QString::fromUtf8(v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                                              : QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact));
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
        const QString why = m_apicurio.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        m_registry = m_apicurio.url;
    }

    void cleanupTestCase() { }

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

    // The Publish tab's handle (PublishSchemas: subjects, versions, the chosen schema compiled off the GUI thread)
    // and its check (checkSchemaValue): what it encodes, sent by ProducerClient as the page sends it, reads back in
    // confluent-kafka's deserializers as the value that was typed. Bad values are refused with the line and column
    // (of a syntax error, or for Avro and JSON Schema of the value that does not fit), the path and the schema's
    // words; the template from the schema fits it.
    void publishHandleSendsWhatConfluentDecodes_data() { kafkalabEncodedDecodesInConfluent_data(); }
    void publishHandleSendsWhatConfluentDecodes()
    {
        QFETCH(QString, format);
        QList<QJsonObject> ignored;
        const QString registered = produceInConfluent(format, &ignored);
        QVERIFY(!ignored.isEmpty());
        const QString subject = format == QLatin1String("protobuf") ? QStringLiteral("kafkalab.test.Order")
                                                                    : registered + QStringLiteral("-value");
        PublishSchemas schemas;
        schemas.setRegistry({ m_registry, {}, {}, {}, {}, 10000 });
        test::SignalLog<QStringList, QString> subjects(&schemas, &PublishSchemas::subjectsListed);
        test::SignalLog<QString, QList<int>, QString> versions(&schemas, &PublishSchemas::versionsListed);
        test::SignalLog<PublishSchemas::Role, QString> chosen(&schemas, &PublishSchemas::schemaChosen);
        schemas.listSubjects();
        QVERIFY(subjects.wait(30000));
        QVERIFY2(subjects.value<1>(0).isEmpty(), qPrintable(subjects.value<1>(0)));
        QVERIFY2(subjects.value<0>(0).contains(subject), qPrintable(subjects.value<0>(0).join(QLatin1Char(' '))));
        schemas.listVersions(subject);
        QVERIFY(versions.wait(30000));
        QCOMPARE(versions.value<1>(0), QList<int> { 1 });
        schemas.choose(PublishSchemas::Role::Value, subject, -1);
        QVERIFY(schemas.loading(PublishSchemas::Role::Value));
        QVERIFY(chosen.wait(30000));
        QVERIFY2(chosen.value<1>(0).isEmpty(), qPrintable(chosen.value<1>(0)));
        const auto encoder = schemas.encoder(PublishSchemas::Role::Value);
        QVERIFY(encoder);

        QFile file(sourceDir() + QStringLiteral("/tests/support/schemas/order.%1-template.json").arg(format));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray templ = file.readAll().trimmed();
        QList<QByteArray> typed;
        for (int i = 0; i < 2; ++i)
            typed.append(QByteArray(templ).replace("{{i}}", QByteArray::number(i + 7)));
        // Bad values: where and why.
        const SchemaValueCheck syntax = checkSchemaValue(*encoder, "{\n  \"id\": \"x\",\n  oops\n}");
        QVERIFY(!syntax.ok());
        QVERIFY2(syntax.problem.contains(QLatin1String("line 3, column 3")), qPrintable(syntax.problem));
        const SchemaValueCheck misfit
            = checkSchemaValue(*encoder, QByteArray(typed[0]).replace("\"id\": ", "\"id\": [1], \"x\": "));
        QVERIFY(!misfit.ok());
        QVERIFY2(misfit.problem.contains(QLatin1String("id")), qPrintable(misfit.problem));
        {
            // Where the value that does not fit starts: the "[1]" given for the id (Avro, JSON Schema), or the field
            // "x" that the Protobuf message does not have.
            const QByteArray bad = QByteArray(typed[0]).replace("\"id\": ", "\"id\": [1], \"x\": ");
            const qsizetype at = format == QLatin1String("protobuf") ? bad.indexOf("\"x\": ") + 5 : bad.indexOf("[1]");
            const int line = int(bad.left(at).count('\n')) + 1;
            const int column = int(at - (bad.lastIndexOf('\n', at) + 1)) + 1;
            QVERIFY2(misfit.problem.startsWith(QStringLiteral("line %1, column %2: ").arg(line).arg(column)),
                qPrintable(misfit.problem));
        }
        qInfo("%s misfit: %s", qPrintable(format), qPrintable(misfit.problem));
        QString why;
        const auto skeleton = templateFromSchema(*encoder, false, &why);
        QVERIFY2(skeleton, qPrintable(why));
        const SchemaValueCheck fromSchema = checkSchemaValue(*encoder, *skeleton);
        QVERIFY2(fromSchema.ok(), qPrintable(fromSchema.problem + QStringLiteral("\n") + QString::fromUtf8(*skeleton)));

        const QString topic = newTopic(QStringLiteral("publish-") + format);
        ProducerSettings settings;
        settings.connection = { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) };
        ProducerClient producer(settings);
        test::SignalLog<QString> started(producer.worker(), &ProducerWorker::started);
        test::SignalLog<QList<DeliveryRecord>> delivered(producer.worker(), &ProducerWorker::delivered);
        producer.start();
        QVERIFY(started.wait(30000));
        for (qsizetype i = 0; i < typed.size(); ++i) {
            const SchemaValueCheck c = checkSchemaValue(*encoder, typed[i]);
            QVERIFY2(c.ok(), qPrintable(c.problem));
            QCOMPARE(c.encoded->at(0), '\0');
            OutgoingMessage m;
            m.id = quint64(i + 1);
            m.topic = topic;
            m.key = QByteArray("k");
            m.value = c.encoded;
            m.partition = 0;
            producer.send(m); // one at a time: offset i is typed[i]
            QVERIFY(delivered.wait(30000));
            const QList<DeliveryRecord>& records = delivered.value(delivered.count() - 1);
            QCOMPARE(records.size(), 1);
            QVERIFY2(records.first().error.isEmpty(), qPrintable(records.first().error));
        }
        const QList<QJsonObject> got = consumeInConfluent(format, topic);
        QCOMPARE(got.size(), typed.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            const QJsonObject expected = QJsonDocument::fromJson(typed[i]).object();
            QCOMPARE(got[i].value(QLatin1String("schema_id")).toInt(), encoder->schema().id);
            if (got[i].value(QLatin1String("value")).toObject() != expected)
                QFAIL(qPrintable(QStringLiteral("offset %1:\n confluent-kafka: %2\n typed:           %3")
                                     .arg(i)
                                     .arg(compact(got[i].value(QLatin1String("value"))), QString::fromUtf8(typed[i]))));
        }
    }

    // A decoded export (consume --decode, the browser's export) replayed: every value is encoded again with its
    // schema id, and confluent-kafka's deserializers read the replayed topic as they read the original (Protobuf:
    // each message as the type its indexes name: Order, Customer, Order.Line); Avro's bytes are the original bytes.
    void replayOfDecodedExportReencodes_data() { kafkalabEncodedDecodesInConfluent_data(); }
    void replayOfDecodedExportReencodes()
    {
        QFETCH(QString, format);
        QList<QJsonObject> expected;
        const QString original = produceInConfluent(format, &expected);
        QVERIFY(expected.size() >= 2);
        const QByteArray exported = consumeLines(original, true);
        QCOMPARE(exported.count('\n'), expected.size());
        QVERIFY2(exported.contains("\"value_schema_id\"") && !exported.contains("value_error"), exported.constData());
        const QString topic = newTopic(QStringLiteral("replayed-") + format);
        const auto r = replay(topic, exported);
        KAFKALAB_COMPARE_EXIT(r, 0);
        const QList<QJsonObject> got = consumeInConfluent(format, topic);
        QCOMPARE(got.size(), expected.size());
        for (qsizetype i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].value(QLatin1String("schema_id")).toInt(),
                expected[i].value(QLatin1String("schema_id")).toInt());
            if (got[i].value(QLatin1String("value")) != expected[i].value(QLatin1String("value")))
                QFAIL(qPrintable(QStringLiteral("offset %1:\n replayed: %2\n original: %3")
                                     .arg(i)
                                     .arg(compact(got[i].value(QLatin1String("value"))),
                                         compact(expected[i].value(QLatin1String("value"))))));
        }
        // The bytes: kafkalab-cli consume without --decode writes each value's bytes (base64 where not UTF-8).
        const QList<QByteArray> before = consumeLines(original, false).trimmed().split('\n');
        const QList<QByteArray> after = consumeLines(topic, false).trimmed().split('\n');
        QCOMPARE(after.size(), before.size());
        int identical = 0;
        for (qsizetype i = 0; i < before.size(); ++i) {
            const QJsonValue b = QJsonDocument::fromJson(before[i]).object().value(QLatin1String("value"));
            const QJsonValue a = QJsonDocument::fromJson(after[i]).object().value(QLatin1String("value"));
            identical += a == b ? 1 : 0;
            if (format == QLatin1String("avro"))
                QCOMPARE(compact(a), compact(b));
        }
        qInfo("%s: %d of %lld replayed values byte-identical to the originals", qPrintable(format), identical,
            qlonglong(before.size()));
    }

    // A decoded export that cannot be encoded again sends nothing, and says which lines and why: a schema id the
    // registry does not have, a value that no longer fits its schema.
    void replayOfBadDecodedExportSendsNothing()
    {
        QList<QJsonObject> expected;
        const QString original = produceInConfluent(QStringLiteral("avro"), &expected);
        QList<QByteArray> lines = consumeLines(original, true).trimmed().split('\n');
        QVERIFY(lines.size() >= 2);
        const QByteArray good = lines.join('\n') + '\n';
        QJsonObject second = QJsonDocument::fromJson(lines[1]).object();
        second[QLatin1String("value_schema_id")] = 99999;
        QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
        QJsonObject value = first.value(QLatin1String("value")).toObject();
        value[QLatin1String("quantity")] = QStringLiteral("many");
        first[QLatin1String("value")] = value;
        const QString topic = newTopic(QStringLiteral("replay-bad"));
        const auto r = replay(topic,
            QJsonDocument(first).toJson(QJsonDocument::Compact) + '\n'
                + QJsonDocument(second).toJson(QJsonDocument::Compact) + '\n' + good);
        KAFKALAB_COMPARE_EXIT(r, 1);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(QLatin1String("nothing sent")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("line 1: value: no longer fits schema id"))
                && err.contains(QLatin1String("quantity")),
            qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("line 2: value: schema id 99999 does not exist")), qPrintable(err));
        QVERIFY2(r.out.contains("\"sent\":0"), r.out.constData());
        QVERIFY(consumeLines(topic, false).trimmed().isEmpty()); // nothing half-sent
        // Without a registry: refused before anything starts.
        const QString path = QDir::temp().filePath(topic + QStringLiteral(".jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(good);
        f.close();
        const auto noRegistry = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { QStringLiteral("replay"), QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--topic"), topic,
                path });
        QFile::remove(path);
        KAFKALAB_COMPARE_EXIT(noRegistry, 2);
        QVERIFY2(noRegistry.err.contains("exported decoded"), noRegistry.err.constData());
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
