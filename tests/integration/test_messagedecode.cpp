// The message browser decodes (issue 19 item 2), against the truth: Avro keys and values produced by confluent-kafka's
// own serializers (the venv of scripts/setup-venv) read through MessageReader decode on the read's thread to the JSON
// confluent-kafka's deserializers give, with the subject, version, schema id and type; an unknown schema id, a payload
// shorter than its header and a registry that is down each give a clear reason on their row while the others decode;
// the read filter and the table's search find on a decoded field exactly the messages python says match. One
// Apicurio Registry for the executable, next to the fixture's broker (as test_schemas).
#include "kafkacore/client/workerthread.h"
#include "kafkacore/messages/messagereader.h"
#include "kafkacore/sandbox/sandboxsetup.h"
#include "signallog.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

using namespace kafkalab;

namespace {

// Produces 30 Avro messages (key: an Avro string, value: a record) with confluent-kafka's serializers, then three raw
// values (schema id 99999, 3 bytes of a header, plain text), and prints one JSON line per message: the offset, the
// key and value as confluent-kafka's deserializers give them (null for the raw ones) and the value's schema id; then
// a last line {"eu": [offsets whose value has region "eu"]}.
const char* const kProduceScript
    = "import json, sys, warnings\n"
      "warnings.filterwarnings('ignore')\n"
      "from confluent_kafka import Producer\n"
      "from confluent_kafka.schema_registry import SchemaRegistryClient\n"
      "from confluent_kafka.schema_registry.avro import AvroSerializer, AvroDeserializer\n"
      "from confluent_kafka.serialization import SerializationContext, MessageField\n"
      "bootstrap, registry_url, topic = sys.argv[1:4]\n"
      "reg = SchemaRegistryClient({'url': registry_url})\n"
      "schema = json.dumps({'type': 'record', 'name': 'Reading', 'namespace': 'lab',\n"
      "  'fields': [{'name': 'id', 'type': 'long'}, {'name': 'region', 'type': 'string'},\n"
      "    {'name': 'celsius', 'type': 'double'},\n"
      "    {'name': 'tags', 'type': {'type': 'array', 'items': 'string'}},\n"
      "    {'name': 'note', 'type': ['null', 'string'], 'default': None}]})\n"
      "vser = AvroSerializer(reg, schema)\n"
      "kser = AvroSerializer(reg, json.dumps('string'))\n"
      "vde = AvroDeserializer(reg)\n"
      "kde = AvroDeserializer(reg)\n"
      "p = Producer({'bootstrap.servers': bootstrap})\n"
      "regions = ['eu', 'us', 'ap']\n"
      "out = []\n"
      "for i in range(30):\n"
      "    v = {'id': 1000 + i, 'region': regions[(i * 7) % 3], 'celsius': i / 4.0,\n"
      "         'tags': ['t%d' % k for k in range(i % 3)], 'note': None if i % 2 else 'n%d' % i}\n"
      "    vctx = SerializationContext(topic, MessageField.VALUE)\n"
      "    kctx = SerializationContext(topic, MessageField.KEY)\n"
      "    vb = vser(v, vctx)\n"
      "    kb = kser('key-%d' % i, kctx)\n"
      "    p.produce(topic, key=kb, value=vb, partition=0)\n"
      "    out.append({'offset': i, 'key': kde(kb, kctx), 'value': vde(vb, vctx),\n"
      "                'schema_id': int.from_bytes(vb[1:5], 'big')})\n"
      "for raw in [b'\\x00\\x00\\x01\\x86\\x9f{}', b'\\x00\\x00\\x01', b'plain text']:\n"
      "    p.produce(topic, value=raw, partition=0)\n"
      "    out.append({'offset': len(out), 'key': None, 'value': None})\n"
      "if p.flush(30):\n"
      "    sys.exit('not delivered')\n"
      "for o in out:\n"
      "    print(json.dumps(o))\n"
      "print(json.dumps({'eu': [o['offset'] for o in out\n"
      "    if o['value'] and o['value']['region'] == 'eu']}))\n";

} // namespace

class TestMessageDecode : public QObject {
    Q_OBJECT
    QString m_bootstrap;
    QString m_registry;
    QString m_python;
    QString m_topic;
    test::OwnRegistry m_apicurio;
    QList<QJsonObject> m_expected; // per offset
    QList<qint64> m_eu; // offsets of the values whose region is "eu"

    static QString sourceDir() { return QStringLiteral(KAFKALAB_TEST_SOURCE_DIR); }

    struct Read {
        std::vector<MessageRecord> records;
        std::shared_ptr<schemas::DecodedBatch> decoded = std::make_shared<schemas::DecodedBatch>(); // copies
        ReadSummary summary;
    };

    // Reads the whole topic through a MessageReader (its own thread) with the registry at `registry`.
    Read read(const QString& registry, const QString& filter = {})
    {
        MessageReader reader;
        reader.setConnection({ ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) });
        test::SignalLog<MessageBatchPtr, schemas::DecodedBatchPtr> decoded(&reader, &MessageReader::decoded);
        test::SignalLog<MessageBatchPtr> batches(&reader, &MessageReader::batch);
        test::SignalLog<ReadSummary> finished(&reader, &MessageReader::readFinished);
        ReadRequest r;
        r.topic = m_topic;
        r.start = ReadRequest::Start::Beginning;
        r.filter = filter;
        schemas::RegistryConnection c;
        c.url = registry;
        r.schemaRegistry = std::make_shared<schemas::SchemaRegistryClient>(c);
        reader.read(r);
        Read out;
        if (!finished.wait(120000))
            return out;
        out.summary = finished.value(0);
        for (qsizetype i = 0; i < decoded.count(); ++i) {
            const MessageBatchPtr& b = decoded.value<0>(i);
            const schemas::DecodedBatchPtr& d = decoded.value<1>(i);
            if (d->size() != b->size())
                qWarning("a decoded batch of %zu for %zu records", d->size(), b->size());
            out.records.insert(out.records.end(), b->begin(), b->end());
            for (const schemas::DecodedRecord& record : *d)
                out.decoded->copy(record);
        }
        qsizetype batched = 0;
        for (qsizetype i = 0; i < batches.count(); ++i)
            batched += qsizetype(batches.value(i)->size());
        if (batched != qsizetype(out.records.size()))
            qWarning("%lld records in batches, %zu decoded", qlonglong(batched), out.records.size());
        return out;
    }

    static QJsonValue parse(const QByteArray& json)
    {
        return QJsonDocument::fromJson("[" + json + "]").array().at(0); // scalars too
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
        const QString why = m_apicurio.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        m_registry = m_apicurio.url;
        const auto venv = test::run(sourceDir() + QStringLiteral("/scripts/setup-venv"), {}, 600000);
        QVERIFY2(venv.exitCode == 0, venv.err.constData());
        m_python = QString::fromUtf8(venv.out.trimmed());

        m_topic = QStringLiteral("decode-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
        QCOMPARE(test::createTopics(m_bootstrap, { { m_topic, 1 } }), QString());
        const auto produced = test::run(m_python,
            { QStringLiteral("-W"), QStringLiteral("ignore"), QStringLiteral("-c"), QString::fromLatin1(kProduceScript),
                m_bootstrap, m_registry, m_topic },
            120000);
        QVERIFY2(produced.exitCode == 0, produced.err.constData());
        const QList<QByteArray> lines = produced.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 34);
        for (qsizetype i = 0; i < 33; ++i)
            m_expected.append(QJsonDocument::fromJson(lines[i]).object());
        for (const QJsonValue& v : QJsonDocument::fromJson(lines.last()).object().value(QLatin1String("eu")).toArray())
            m_eu.append(v.toInteger());
        QVERIFY(!m_eu.isEmpty() && m_eu.size() < 30);
    }

    void cleanupTestCase()
    {
        QVERIFY(QTest::qWaitFor([] { return WorkerThread::liveThreadCount() == 0; }, 60000));
    }

    // Keys and values decode to what confluent-kafka's deserializers give; the bad rows say why and keep their bytes.
    void decodesLikeConfluent()
    {
        const Read got = read(m_registry);
        QVERIFY2(got.summary.error.isEmpty(), qPrintable(got.summary.error));
        QCOMPARE(qsizetype(got.records.size()), m_expected.size());
        for (qsizetype i = 0; i < 30; ++i) {
            const schemas::DecodedRecord& d = (*got.decoded)[size_t(i)];
            const QJsonObject& e = m_expected[i];
            QCOMPARE(got.records[size_t(i)].offset, e.value(QLatin1String("offset")).toInteger());
            QVERIFY2(d.value.decoded(), qPrintable(d.value.reason()));
            QVERIFY2(d.key.decoded(), qPrintable(d.key.reason()));
            QCOMPARE(parse(d.value.json().toByteArray()), e.value(QLatin1String("value")));
            QCOMPARE(parse(d.key.json().toByteArray()), e.value(QLatin1String("key")));
            QCOMPARE(d.value.schemaId, e.value(QLatin1String("schema_id")).toInt());
            QCOMPARE(d.value.type(), schemas::SchemaType::Avro);
            QCOMPARE(d.value.subject(), m_topic + QStringLiteral("-value"));
            QCOMPARE(d.value.version(), 1);
            QCOMPARE(d.key.subject(), m_topic + QStringLiteral("-key"));
        }
        const schemas::DecodedValue& unknown = (*got.decoded)[30].value;
        QCOMPARE(unknown.status, schemas::DecodedValue::Status::Failed);
        QCOMPARE(unknown.schemaId, 99999);
        QVERIFY2(
            unknown.reason().contains(QLatin1String("schema id 99999 does not exist")), qPrintable(unknown.reason()));
        QCOMPARE(got.records[30].value(), QByteArray("\x00\x00\x01\x86\x9f{}", 7)); // the bytes are kept
        const schemas::DecodedValue& shortOne = (*got.decoded)[31].value;
        QCOMPARE(shortOne.status, schemas::DecodedValue::Status::Failed);
        QVERIFY2(shortOne.reason().contains(QLatin1String("shorter than the 5-byte")), qPrintable(shortOne.reason()));
        QCOMPARE((*got.decoded)[32].value.status, schemas::DecodedValue::Status::Plain);
        QCOMPARE(got.records[32].value(), QByteArray("plain text"));

        // The table shows decoded values as compact JSON, a failed one marked with its reason as the tooltip.
        MessageModel model;
        model.append(std::make_shared<const MessageBatch>(got.records), got.decoded);
        QCOMPARE(
            model.index(0, MessageModel::Value).data().toString(), QString::fromUtf8((*got.decoded)[0].value.json()));
        QCOMPARE(model.index(0, MessageModel::Key).data().toString(), QStringLiteral("\"key-0\""));
        QVERIFY(model.index(30, MessageModel::Value).data().toString().startsWith(QChar(0x26A0)));
        QVERIFY(model.index(30, MessageModel::Value).data(Qt::ToolTipRole).toString().contains(unknown.reason()));
        QCOMPARE(model.index(32, MessageModel::Value).data().toString(), QStringLiteral("plain text"));
        // The search works on decoded values: the same messages as python's.
        test::SignalLog<qsizetype> applied(&model, &MessageModel::filterApplied);
        QString error;
        model.setFilter(*MessageFilter::parse(QStringLiteral("/region == \"eu\""), &error));
        QVERIFY(applied.wait(30000));
        QList<qint64> found;
        for (int row = 0; row < model.rowCount(); ++row)
            found.append(model.record(row)->offset);
        QCOMPARE(found, m_eu);
        // Shown as bytes, nothing matches a json pointer any more (Avro is not JSON).
        model.setShowDecoded(false);
        QVERIFY(applied.wait(30000));
        QCOMPARE(model.rowCount(), 0);
    }

    // The read filter runs on decoded values, on the read's thread.
    void readFilterOnDecodedField()
    {
        const Read got = read(m_registry, QStringLiteral("/region == \"eu\" and /id >= 1000"));
        QVERIFY2(got.summary.error.isEmpty(), qPrintable(got.summary.error));
        QList<qint64> found;
        for (const MessageRecord& r : got.records)
            found.append(r.offset);
        QCOMPARE(found, m_eu);
        QCOMPARE(got.summary.matched, m_eu.size());
        QCOMPARE(got.summary.scanned, 33);
    }

    // A registry that is down: every row in the wire format says so and keeps its bytes; the plain row is plain.
    void registryDown()
    {
        const QString down = sandbox::apicurioUrl(sandbox::pickFreePort());
        const Read got = read(down);
        QVERIFY2(got.summary.error.isEmpty(), qPrintable(got.summary.error));
        QCOMPARE(qsizetype(got.records.size()), m_expected.size());
        for (qsizetype i = 0; i < 31; ++i) {
            const schemas::DecodedValue& v = (*got.decoded)[size_t(i)].value;
            QCOMPARE(v.status, schemas::DecodedValue::Status::Failed);
            QVERIFY2(v.reason().contains(QLatin1String("cannot be reached")), qPrintable(v.reason()));
        }
        QVERIFY((*got.decoded)[31].value.reason().contains(QLatin1String("shorter than the 5-byte")));
        QCOMPARE((*got.decoded)[32].value.status, schemas::DecodedValue::Status::Plain);
    }
};

QTEST_GUILESS_MAIN(TestMessageDecode)
#include "test_messagedecode.moc"
