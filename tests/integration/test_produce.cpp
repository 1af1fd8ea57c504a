// Publishing on the fixture broker: predictions against real placements (through librdkafka and through Kafka's
// own Java producer), no loss and per-key order, and the errors a user can run into.
#include "kafkacore/produce/partitioner.h"
#include "kafkacore/produce/producerclient.h"
#include "kafkacore/sandbox/localsandbox.h"
#include "kafkacore/sandbox/sandboxsetup.h"
#include "signallog.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <map>

using namespace kafkalab;

// Sends messages through a ProducerClient and collects every delivery report.
struct Sender {
    explicit Sender(const QString& bootstrap, const QString& partitioner = QStringLiteral("murmur2_random"))
    {
        ProducerSettings settings;
        settings.connection = { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        settings.partitioner = partitioner;
        client = std::make_unique<ProducerClient>(settings);
        QObject::connect(
            client->worker(), &ProducerWorker::delivered, client.get(), [this](const QList<DeliveryRecord>& batch) {
                records.append(batch);
                ++batches;
            });
        test::SignalLog started(client->worker(), &ProducerWorker::started);
        client->start();
        ok = started.waitForCount(1, 10000);
    }
    bool sendAll(const QList<OutgoingMessage>& messages, int timeoutMs = 120000)
    {
        records.clear();
        client->sendMany(messages);
        QElapsedTimer t;
        t.start();
        while (records.size() < messages.size() && t.elapsed() < timeoutMs)
            QTest::qWait(20);
        return records.size() == messages.size();
    }
    std::unique_ptr<ProducerClient> client;
    QList<DeliveryRecord> records;
    int batches = 0;
    bool ok = false;
};

static QList<QByteArray> testKeys(int n)
{
    std::mt19937_64 rng(42);
    QList<QByteArray> keys;
    for (int i = 0; i < n; ++i) {
        switch (i % 4) {
        case 0:
            keys.append("order-" + QByteArray::number(i));
            break;
        case 1:
            keys.append(i % 8 == 1 ? QByteArray() : QByteArray("k"));
            break;
        case 2: {
            QByteArray b(int(rng() % 32) + 1, '\0');
            for (int j = 0; j < b.size(); j += 2)
                b[j] = char(rng() & 0xff); // every other byte stays zero
            keys.append(b);
            break;
        }
        default:
            keys.append(QString::fromUtf8("клиент-顧客-🙂-").repeated(int(rng() % 20) + 1).toUtf8()
                + QByteArray::number(i));
        }
    }
    return keys;
}

class TestProduce : public QObject {
    Q_OBJECT
    QString m_bootstrap;

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    void everyDeliveredPartitionIsThePredictedOne()
    {
        const QList<int> counts { 1, 3, 6, 7, 12, 64 };
        QList<QPair<QString, int>> topics;
        for (int n : counts)
            topics.append({ QStringLiteral("kafkalab.test.predict-%1").arg(n), n });
        QCOMPARE(test::createTopics(m_bootstrap, topics), QString());
        const QList<QByteArray> keys = testKeys(5000);
        for (const PartitionerInfo& p : partitioners()) {
            if (p.id == Partitioner::Random)
                continue;
            Sender sender(m_bootstrap, p.name);
            QVERIFY(sender.ok);
            for (int n : counts) {
                QList<OutgoingMessage> messages;
                for (int i = 0; i < keys.size(); ++i) {
                    OutgoingMessage m;
                    m.id = quint64(i);
                    m.topic = QStringLiteral("kafkalab.test.predict-%1").arg(n);
                    m.key = keys[i];
                    m.value = QByteArray("v");
                    messages.append(m);
                }
                QVERIFY(sender.sendAll(messages));
                int checked = 0;
                for (const DeliveryRecord& r : std::as_const(sender.records)) {
                    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
                    const Prediction want = predictPartition(p.id, &keys[int(r.id)], n);
                    if (want.kind != Prediction::Kind::Hashed)
                        continue; // consistent_random's empty keys: sticky random by design
                    QVERIFY2(r.partition == want.partition,
                        qPrintable(QStringLiteral("%1, %2 partitions, key %3: delivered to %4, predicted %5")
                                       .arg(p.name)
                                       .arg(n)
                                       .arg(QString::fromLatin1(keys[int(r.id)].toHex()))
                                       .arg(r.partition)
                                       .arg(want.partition)));
                    ++checked;
                }
                QVERIFY(checked >= (p.id == Partitioner::ConsistentRandom ? 4300 : 5000));
                // Reports arrive in batches, not one signal per message.
                QVERIFY2(sender.batches < 1000, qPrintable(QString::number(sender.batches)));
            }
        }
    }

    void javaConsoleProducerLandsWhereMurmur2Predicts()
    {
        const QString topic = QStringLiteral("kafkalab.test.java-producer");
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 7 } }), QString());
        QByteArray input;
        QList<QByteArray> keys;
        for (int i = 0; i < 300; ++i) {
            const QByteArray key = (i % 3 == 0          ? "customer-"
                                           : i % 3 == 1 ? "order-"
                                                        : "ключ-")
                + QByteArray::number(i * 37);
            keys.append(key);
            input += key + ":value-" + QByteArray::number(i) + "\n";
        }
        QProcess java;
        java.start(sandbox::findJava(),
            { "-Xmx256m", "-cp", sandbox::kafkaLibDir() + "/*", "org.apache.kafka.tools.ConsoleProducer",
                "--bootstrap-server", m_bootstrap, "--topic", topic, "--property", "parse.key=true", "--property",
                "key.separator=:" });
        QVERIFY(java.waitForStarted());
        java.write(input);
        java.closeWriteChannel();
        QVERIFY(java.waitForFinished(120000));
        QCOMPARE(java.exitCode(), 0);
        const test::ProcessResult r = test::run(QStringLiteral("kcat"),
            { "-b", m_bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%p\\t%k\\n" });
        KAFKALAB_COMPARE_EXIT(r, 0);
        int checked = 0;
        for (const QByteArray& line : r.out.split('\n')) {
            if (line.isEmpty())
                continue;
            const QList<QByteArray> parts = line.split('\t');
            const QByteArray key = parts.value(1);
            QCOMPARE(parts.value(0).toInt(), predictPartition(Partitioner::Murmur2Random, &key, 7).partition);
            ++checked;
        }
        QCOMPARE(checked, 300);
    }

    void noLossAndPerKeyOrderOver200kMessages()
    {
        const QString topic = QStringLiteral("kafkalab.test.order");
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 6 } }), QString());
        Sender sender(m_bootstrap);
        QVERIFY(sender.ok);
        QString error;
        BulkSpec spec;
        spec.topic = topic;
        spec.count = 200000;
        spec.keys = *KeyStrategy::parse(QStringLiteral("aggregate:500"), &error);
        spec.value = std::make_shared<ValueTemplate>(*ValueTemplate::json(QStringLiteral("{{i}}"), &error));
        spec.reportDeliveries = true;
        test::SignalLog finished(sender.client->worker(), &ProducerWorker::bulkFinished);
        test::SignalLog progress(sender.client->worker(), &ProducerWorker::bulkProgress);
        sender.client->runBulk(spec);
        QVERIFY(finished.waitForCount(1, 180000));
        const BulkResult result = finished.value(0);
        QCOMPARE(result.progress.sent, uint64_t(200000));
        QCOMPARE(result.progress.delivered, uint64_t(200000));
        QCOMPARE(result.progress.failed, uint64_t(0));
        QVERIFY(progress.count() < 2000); // at most ~10 a second
        QTRY_COMPARE_WITH_TIMEOUT(sender.records.size(), 200000, 10000);
        // Offsets contiguous per partition.
        std::map<int32_t, std::vector<int64_t>> offsets;
        for (const DeliveryRecord& r : std::as_const(sender.records))
            offsets[r.partition].push_back(r.offset);
        int64_t perPartitionTotal = 0;
        for (auto& [partition, list] : offsets) {
            std::sort(list.begin(), list.end());
            for (size_t i = 1; i < list.size(); ++i)
                QCOMPARE(list[i], list[i - 1] + 1);
            QCOMPARE(int64_t(list.size()), result.progress.perPartition[size_t(partition)]);
            perPartitionTotal += int64_t(list.size());
        }
        QCOMPARE(perPartitionTotal, int64_t(200000));

        // kcat reads them back: each message exactly once, each key's messages in send order.
        const test::ProcessResult r = test::run(QStringLiteral("kcat"),
            { "-b", m_bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k %s\\n" }, 180000);
        KAFKALAB_COMPARE_EXIT(r, 0);
        std::vector<char> seen(200000, 0);
        std::map<QByteArray, int64_t> lastPerKey;
        int lines = 0;
        for (const QByteArray& line : r.out.split('\n')) {
            if (line.isEmpty())
                continue;
            ++lines;
            const qsizetype space = line.indexOf(' ');
            const QByteArray key = line.left(space);
            const int64_t i = line.mid(space + 1).toLongLong();
            QVERIFY(i >= 0 && i < 200000);
            QCOMPARE(int(seen[size_t(i)]), 0);
            seen[size_t(i)] = 1;
            QCOMPARE(key, "order-" + QByteArray::number(i % 500));
            auto it = lastPerKey.find(key);
            if (it != lastPerKey.end())
                QVERIFY2(it->second < i, "a key's messages arrived out of order");
            lastPerKey[key] = i;
        }
        QCOMPARE(lines, 200000);
    }

    void unknownTopicIsAPlainError()
    {
        Sender sender(m_bootstrap);
        OutgoingMessage m;
        m.topic = QStringLiteral("no.such.topic.here");
        m.key = QByteArray("k");
        m.value = QByteArray("v");
        QVERIFY(sender.sendAll({ m }, 20000));
        QVERIFY2(sender.records.first().error.contains(QLatin1String("does not exist")),
            qPrintable(sender.records.first().error));
        QVERIFY(sender.records.first().error.contains(QLatin1String("UNKNOWN_TOPIC_OR_PART")));
    }

    // Single sends pay the topic's metadata round trip once: the partition count is cached per topic. A topic that
    // does not exist is not cached (it may be created meanwhile), and a send that fails because the metadata is
    // stale (the topic was deleted) drops it, so that the next send asks the cluster again.
    void singleSendsAskForMetadataOncePerTopic()
    {
        const QString topic = QStringLiteral("produce-metadata-cache");
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        Sender sender(m_bootstrap);
        QVERIFY(sender.ok);
        const ProducerWorker* worker = sender.client->worker();
        for (int i = 0; i < 3; ++i) {
            OutgoingMessage m;
            m.id = quint64(i);
            m.topic = topic;
            m.key = QByteArray("k") + QByteArray::number(i);
            m.value = QByteArray("v");
            QVERIFY(sender.sendAll({ m }, 30000));
            QVERIFY2(sender.records.first().error.isEmpty(), qPrintable(sender.records.first().error));
        }
        QCOMPARE(worker->metadataRequests(), 1);

        OutgoingMessage missing;
        missing.topic = QStringLiteral("produce-metadata-cache-missing");
        missing.value = QByteArray("v");
        QVERIFY(sender.sendAll({ missing }, 30000));
        QVERIFY(!sender.records.first().error.isEmpty());
        QVERIFY(sender.sendAll({ missing }, 30000));
        QCOMPARE(worker->metadataRequests(), 3); // failures are asked again every time
    }

    void invalidTopicNameIsRefused()
    {
        Sender sender(m_bootstrap);
        OutgoingMessage m;
        m.topic = QStringLiteral("orders events");
        m.value = QByteArray("v");
        QVERIFY(sender.sendAll({ m }, 20000));
        QVERIFY2(sender.records.first().error.contains(QLatin1String("not allowed in a topic name")),
            qPrintable(sender.records.first().error));
    }

    void tooLargeMessagesAreNamed()
    {
        // Refused by librdkafka itself (message.max.bytes is 1000000 by default)...
        Sender local(m_bootstrap);
        OutgoingMessage m;
        m.topic = QStringLiteral("logs");
        m.value = QByteArray(qsizetype(2) * 1024 * 1024, 'x');
        QVERIFY(local.sendAll({ m }, 20000));
        QVERIFY2(local.records.first().error.contains(QLatin1String("MSG_SIZE_TOO_LARGE")),
            qPrintable(local.records.first().error));
        // ...and by the broker when the client allows it (the broker's limit is about 1 MB).
        ProducerSettings settings;
        settings.connection = { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) };
        settings.extra = { ClientProperty::of(QStringLiteral("message.max.bytes"), QStringLiteral("10000000")) };
        ProducerClient client(settings);
        QList<DeliveryRecord> records;
        connect(
            client.worker(), &ProducerWorker::delivered, this, [&](const QList<DeliveryRecord>& b) { records += b; });
        client.start();
        client.send(m);
        QTRY_VERIFY_WITH_TIMEOUT(!records.isEmpty(), 30000);
        QVERIFY2(
            records.first().error.contains(QLatin1String("MSG_SIZE_TOO_LARGE")), qPrintable(records.first().error));
    }

    void cliProduceJsonAgreesWithKcat()
    {
        const QString topic = QStringLiteral("kafkalab.test.cli");
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        const test::ProcessResult r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "produce", "--bootstrap", m_bootstrap, "--topic", topic, "--count", "3000", "--keys", "customer:50",
                "--json" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QLatin1String("sent")).toInt(), 3000);
        QCOMPARE(o.value(QLatin1String("delivered")).toInt(), 3000);
        QCOMPARE(o.value(QLatin1String("failed")).toInt(), 0);
        QVERIFY(o.value(QLatin1String("msgs_per_sec")).toDouble() > 0);
        QVERIFY(o.value(QLatin1String("skew")).toDouble() >= 1.0);
        // Latency from the first 16 deliveries and one in 16 after them: 0 to 16, then 32, 48, ..., 2992.
        QCOMPARE(o.value(QLatin1String("latency_samples")).toInt(), 203);
        QVERIFY(o.value(QLatin1String("avg_latency_ms")).toDouble() > 0);
        QVERIFY(
            o.value(QLatin1String("max_latency_ms")).toDouble() >= o.value(QLatin1String("avg_latency_ms")).toDouble());
        const test::ProcessResult c = test::run(QStringLiteral("kcat"),
            { "-b", m_bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%p\\n" });
        std::map<QByteArray, int> perPartition;
        for (const QByteArray& line : c.out.split('\n'))
            if (!line.isEmpty())
                ++perPartition[line];
        const QJsonObject partitions = o.value(QLatin1String("partitions")).toObject();
        for (const auto& [p, n] : perPartition)
            QCOMPARE(partitions.value(QString::fromLatin1(p)).toInt(), n);
        // A run shorter than 16 has its latency too (it said "avg 0.0 ms, max 0.0 ms": none was timed).
        const test::ProcessResult small = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "produce", "--bootstrap", m_bootstrap, "--topic", topic, "--count", "4" });
        KAFKALAB_COMPARE_EXIT(small, 0);
        QVERIFY2(small.out.contains("(4 of 4 deliveries timed)") && !small.out.contains("avg 0.0 ms"),
            small.out.constData());
    }

    void cliRefusesBadArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("count 0") << QStringList { "--count", "0" } << "--count: 0 is out of range (1 to 10000000)";
        QTest::newRow("count too big") << QStringList { "--count", "10000001" }
                                       << "--count: 10000001 is out of range (1 to 10000000)";
        QTest::newRow("bad topic") << QStringList { "--topic", "a/b" } << "not allowed in a topic name";
        QTest::newRow("empty topic") << QStringList { "--topic", "" } << "--topic is required";
        QTest::newRow("bad keys") << QStringList { "--keys", "zipf:x" } << "needs a number";
        QTest::newRow("bad partitioner") << QStringList { "--partitioner", "murmur3" } << "unknown partitioner";
        QTest::newRow("bad template") << QStringList { "--value-template", "{\"a\":}" } << "not valid JSON at line 1";
        QTest::newRow("bad property") << QStringList { "-X", "acks=most" } << "Invalid value";
        QTest::newRow("missing topic") << QStringList { "--topic", "no.such.topic" } << "does not exist";
    }
    void cliRefusesBadArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QStringList all { "produce", "--bootstrap", m_bootstrap };
        if (!args.contains(QLatin1String("--topic")))
            all += QStringList { "--topic", "logs" };
        if (!args.contains(QLatin1String("--count")))
            all += QStringList { "--count", "10" };
        all += args;
        const test::ProcessResult r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")), all, 60000);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
    }

    void brokerStoppedMidRunIsCountedAndTheRunStops()
    {
        LocalSandbox broker;
        QSignalSpy ready(&broker, &LocalSandbox::ready);
        broker.start();
        QVERIFY2(ready.wait(180000), qPrintable(broker.errorString()));
        ProducerSettings settings;
        settings.connection = { ClientProperty::of(QStringLiteral("bootstrap.servers"), broker.bootstrap()) };
        settings.deliveryTimeoutMs = 3000;
        ProducerClient client(settings);
        QList<BulkProgress> progress;
        connect(
            client.worker(), &ProducerWorker::bulkProgress, this, [&](const BulkProgress& p) { progress.append(p); });
        QList<BulkResult> finished;
        connect(client.worker(), &ProducerWorker::bulkFinished, this, [&](const BulkResult& r) { finished.append(r); });
        client.start();
        QString error;
        BulkSpec spec;
        spec.topic = QStringLiteral("orders");
        spec.count = 1000000;
        spec.ratePerSec = 2000;
        spec.keys = *KeyStrategy::parse(QStringLiteral("uuid"), &error);
        spec.value = std::make_shared<ValueTemplate>(ValueTemplate::randomBytes(50));
        client.runBulk(spec);
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().delivered > 500, 30000);
        QSignalSpy stopped(&broker, &LocalSandbox::stopped);
        broker.stop();
        QVERIFY(stopped.wait(60000));
        // With every broker gone for the delivery timeout (3 s) the run stops by itself, says why, and every message
        // it sent is accounted for: delivered, failed (never written) or unknown (in flight: may have been written).
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        const BulkProgress& p = finished.first().progress;
        QVERIFY(!p.cancelled);
        QVERIFY2(p.stopReason.contains(QLatin1String("unreachable")), qPrintable(p.stopReason));
        QVERIFY(p.delivered > 500);
        QVERIFY(p.sent < spec.count);
        QVERIFY2(p.failed + p.unknown > 0, qPrintable(p.outcome()));
        QCOMPARE(p.delivered + p.failed + p.unknown, p.sent);
        QVERIFY2(!p.lastError.isEmpty(), qPrintable(p.outcome()));
    }

    void predictCliPrintsKeyTabPartition()
    {
        const test::ProcessResult r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "predict", "--partitions", "6", "order-1", "21", "abc" });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QCOMPARE(r.out, QByteArray("order-1\t4\n21\t0\nabc\t3\n"));
    }
};

QTEST_GUILESS_MAIN(TestProduce)
#include "test_produce.moc"
