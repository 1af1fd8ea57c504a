#include "kafkacore/produce/distributionstats.h"
#include "kafkacore/produce/keystrategy.h"
#include "kafkacore/produce/partitioner.h"
#include "kafkacore/produce/valuetemplate.h"

#include <QTemporaryFile>
#include <QTest>

#include <librdkafka/rdkafka.h>

using namespace kafkalab;

class TestPartitioner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void murmur2MatchesJava_data()
    {
        // Computed with Kafka's own org.apache.kafka.common.utils.Utils.murmur2 (kafka-clients 4.1.1), and
        // toPositive(h) % 6 and % 7 as Java's BuiltInPartitioner does.
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("hash");
        QTest::addColumn<int>("p6");
        QTest::addColumn<int>("p7");
        QTest::newRow("21") << QByteArray("21") << -973932308 << 0 << 3;
        QTest::newRow("foobar") << QByteArray("foobar") << -790332482 << 0 << 0;
        QTest::newRow("long") << QByteArray("a-little-bit-long-string") << -985981536 << 2 << 1;
        QTest::newRow("longer") << QByteArray("a-little-bit-longer-string") << -1486304829 << 5 << 0;
        QTest::newRow("lkjh") << QByteArray("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8") << -58897971 << 5 << 3;
        QTest::newRow("abc") << QByteArray("abc") << 479470107 << 3 << 4;
        QTest::newRow("empty") << QByteArray("") << 275646681 << 3 << 2;
        QTest::newRow("order-1") << QByteArray("order-1") << 1221710326 << 4 << 4;
        QTest::newRow("customer-42") << QByteArray("customer-42") << -542987495 << 3 << 1;
        QTest::newRow("utf8") << QString::fromUtf8("ключ-🙂").toUtf8() << 1796487541 << 1 << 2;
    }
    void murmur2MatchesJava()
    {
        QFETCH(QByteArray, key);
        QFETCH(int, hash);
        QFETCH(int, p6);
        QFETCH(int, p7);
        QCOMPARE(int32_t(murmur2(key.constData(), size_t(key.size()))), hash);
        QCOMPARE(predictPartition(Partitioner::Murmur2Random, &key, 6).partition, p6);
        QCOMPARE(predictPartition(Partitioner::Murmur2, &key, 7).partition, p7);
    }

    void knownCrcAndFnvVectors()
    {
        QCOMPARE(crc32("123456789", 9), 0xCBF43926u); // the CRC-32 check value
        QCOMPARE(crc32("", 0), 0u);
        QCOMPARE(fnv1a("", 0), 0x811c9dc5u);
        QCOMPARE(fnv1a("a", 1), 0xe40c292cu);
        QCOMPARE(fnv1a("foobar", 6), 0xbf9cf968u);
    }

    void agreesWithLibrdkafkasOwnPartitioners()
    {
        // librdkafka exports its deterministic partitioners; they must agree with ours on every kind of key.
        std::mt19937_64 rng(7);
        QList<QByteArray> keys { QByteArray(""), QByteArray("a"), QByteArray("\0\0\0", 3), QByteArray(1000, 'x') };
        for (int i = 0; i < 3000; ++i) {
            QByteArray k(int(rng() % 40), Qt::Uninitialized);
            for (char& c : k)
                c = char(rng() & 0xff);
            keys.append(k);
        }
        for (const QByteArray& key : keys) {
            for (int32_t n : { 1, 3, 6, 7, 12, 64, 1000 }) {
                const void* data = key.constData();
                const auto len = size_t(key.size());
                QCOMPARE(predictPartition(Partitioner::Murmur2, &key, n).partition,
                    rd_kafka_msg_partitioner_murmur2(nullptr, data, len, n, nullptr, nullptr));
                QCOMPARE(predictPartition(Partitioner::Consistent, &key, n).partition,
                    rd_kafka_msg_partitioner_consistent(nullptr, data, len, n, nullptr, nullptr));
                QCOMPARE(predictPartition(Partitioner::Fnv1a, &key, n).partition,
                    rd_kafka_msg_partitioner_fnv1a(nullptr, data, len, n, nullptr, nullptr));
            }
        }
    }

    void nullAndEmptyKeysFollowLibrdkafkasRules()
    {
        const QByteArray empty;
        for (const PartitionerInfo& p : partitioners()) {
            const Prediction null = predictPartition(p.id, nullptr, 6);
            QCOMPARE(null.partition, -1);
            QCOMPARE(null.kind, p.id == Partitioner::Random ? Prediction::Kind::Random : Prediction::Kind::Sticky);
        }
        QCOMPARE(predictPartition(Partitioner::ConsistentRandom, &empty, 6).kind, Prediction::Kind::Sticky);
        QCOMPARE(predictPartition(Partitioner::Consistent, &empty, 6).partition, 0); // crc32("") == 0
        QCOMPARE(predictPartition(Partitioner::Murmur2Random, &empty, 6).partition, 3);
        QCOMPARE(predictPartition(Partitioner::Fnv1aRandom, &empty, 6).partition, int((0u - 0x811c9dc5u) % 6));
        QCOMPARE(predictPartition(Partitioner::Random, &empty, 6).kind, Prediction::Kind::Random);
    }

    void partitionerNames()
    {
        QCOMPARE(partitioners().first().name, QStringLiteral("murmur2_random"));
        QVERIFY(partitionerLabel(Partitioner::Murmur2Random).contains(QLatin1String("Java-compatible")));
        QVERIFY(partitionerLabel(Partitioner::ConsistentRandom).contains(QLatin1String("librdkafka default")));
        QCOMPARE(partitionerFromName(QStringLiteral("fnv1a_random")), Partitioner::Fnv1aRandom);
        QVERIFY(!partitionerFromName(QStringLiteral("murmur3")));
    }

    void keyStrategies()
    {
        QString error;
        auto agg = KeyStrategy::parse(QStringLiteral("aggregate:3"), &error);
        QVERIFY(agg);
        KeyGenerator gen(*agg, 1);
        std::string key;
        QStringList seen;
        for (uint64_t i = 0; i < 4; ++i) {
            QVERIFY(gen.next(i, key));
            seen.append(QString::fromStdString(key));
        }
        QCOMPARE(seen, QStringList({ "order-0", "order-1", "order-2", "order-0" }));

        auto zipf = KeyStrategy::parse(QStringLiteral("zipf:100"), &error);
        QVERIFY(zipf);
        KeyGenerator z(*zipf, 2);
        int first = 0;
        for (uint64_t i = 0; i < 10000; ++i) {
            QVERIFY(z.next(i, key));
            first += key == "customer-0";
        }
        // Zipf with s=1 over 100: the first key has 1/H(100) ~ 19% of the draws.
        QVERIFY2(first > 1500 && first < 2400, qPrintable(QString::number(first)));

        auto uuid = KeyStrategy::parse(QStringLiteral("uuid"), &error);
        KeyGenerator u(*uuid, 3);
        QVERIFY(u.next(0, key));
        QCOMPARE(key.size(), size_t(36));
        QCOMPARE(key[14], '4');

        auto null = KeyStrategy::parse(QStringLiteral("null"), &error);
        KeyGenerator n(*null, 4);
        QVERIFY(!n.next(0, key));

        auto fixed = KeyStrategy::parse(QStringLiteral("fixed:hot:key"), &error);
        KeyGenerator f(*fixed, 5);
        QVERIFY(f.next(9, key));
        QCOMPARE(key, std::string("hot:key"));

        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("alpha\nbeta\r\n\ngamma\n");
        file.flush();
        auto fromFile = KeyStrategy::parse(QStringLiteral("file:") + file.fileName(), &error);
        QVERIFY2(fromFile, qPrintable(error));
        QCOMPARE(fromFile->fileKeys.size(), size_t(4));
        KeyGenerator g(*fromFile, 6);
        QVERIFY(g.next(1, key));
        QCOMPARE(key, std::string("beta"));
    }

    void badKeyStrategiesAreExplained_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no count") << "aggregate"
                                  << "needs a number";
        QTest::newRow("zero") << "customer:0"
                              << "from 1 to";
        QTest::newRow("words") << "zipf:many"
                               << "needs a number";
        QTest::newRow("unknown") << "sequential"
                                 << "unknown key strategy";
        QTest::newRow("uuid arg") << "uuid:4"
                                  << "takes no argument";
        QTest::newRow("missing file") << "file:/no/such/file"
                                      << "cannot read";
        QTest::newRow("fixed") << "fixed"
                               << "needs the key";
    }
    void badKeyStrategiesAreExplained()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!KeyStrategy::parse(text, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void valueTemplates()
    {
        QString error;
        auto t = ValueTemplate::json(
            QStringLiteral("{\"i\":{{i}},\"key\":\"{{key}}\",\"id\":\"{{uuid}}\",\"ts\":{{ts}}}"), &error);
        QVERIFY2(t, qPrintable(error));
        std::mt19937_64 rng(1);
        const std::string v(t->render(42, "a\"b", false, rng));
        QVERIFY2(v.rfind("{\"i\":42,\"key\":\"a\\\"b\",\"id\":\"", 0) == 0, v.c_str());

        QVERIFY(!ValueTemplate::json(QStringLiteral("{\n  \"i\": {{i}},\n  \"k\": {{key}}\n}"), &error));
        QVERIFY2(error.contains(QLatin1String("line 3, column")), qPrintable(error));

        auto bytes = ValueTemplate::randomBytes(100);
        QCOMPARE(bytes.render(0, {}, true, rng).size(), size_t(100));
        QVERIFY(bytes.render(0, {}, true, rng) != bytes.render(1, {}, true, rng));
    }

    void statistics()
    {
        const DistributionStats even = computeStats({ 100, 100, 100, 100 });
        QCOMPARE(even.total, int64_t(400));
        QCOMPARE(even.skew, 1.0);
        QCOMPARE(even.cv, 0.0);
        QCOMPARE(even.chiSquare, 0.0);
        QCOMPARE(even.pValue, 1.0);
        const DistributionStats hot = computeStats({ 400, 0, 0, 0 });
        QCOMPARE(hot.skew, 4.0);
        QCOMPARE(hot.chiSquare, 1200.0);
        QVERIFY(hot.pValue < 1e-100);
        // Reference values of the chi-square upper tail.
        QVERIFY(qAbs(chiSquarePValue(3.841459, 1) - 0.05) < 1e-6);
        QVERIFY(qAbs(chiSquarePValue(11.0705, 5) - 0.05) < 1e-5);
        QVERIFY(qAbs(chiSquarePValue(5.0, 5) - 0.4158801) < 1e-6);
        QVERIFY(qAbs(chiSquarePValue(100.0, 63) - 0.0021) < 2e-4);
    }

    void keyTallyCapsMemory()
    {
        KeyTally tally(3);
        tally.add(0, "a");
        tally.add(0, "a");
        tally.add(1, "b");
        tally.add(2, "c");
        tally.add(2, "d"); // a fourth distinct key is only counted
        tally.addNull(1);
        QCOMPARE(tally.distinctKeys(0), int64_t(1));
        QCOMPARE(tally.topKeys(0, 5).first().count, int64_t(2));
        QCOMPARE(tally.nullKeys(1), int64_t(1));
        QCOMPARE(tally.untracked(), int64_t(1));
        QVERIFY(tally.capped());
    }
};

QTEST_GUILESS_MAIN(TestPartitioner)
#include "test_partitioner.moc"
