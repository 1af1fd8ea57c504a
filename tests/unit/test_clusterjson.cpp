// `kafkalab-cli cluster --json` is written as text straight away (kafkacore/cluster/clusterjson.cpp); this checks it
// against the same document built as an nlohmann tree (what it was written with before): every key and value, for
// names and errors that need escaping, unknown watermarks, no rack, empty lists.
#include "kafkacore/cluster/clusterjson.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace kafkalab;
using nlohmann::json;

namespace {

json expected(const ClusterSnapshot& s)
{
    auto span = [](int64_t v) { return v >= 0 ? json(v) : json(nullptr); };
    json brokers = json::array();
    for (const BrokerInfo& b : s.brokers)
        brokers.push_back({ { "id", b.id }, { "host", b.host.toStdString() }, { "port", b.port },
            { "rack", b.rack.isEmpty() ? json(nullptr) : json(b.rack.toStdString()) },
            { "controller", b.controller } });
    json topics = json::array();
    for (const TopicInfo& t : s.topics) {
        json partitions = json::array();
        for (const PartitionInfo& p : t.partitions) {
            json part = { { "partition", p.id }, { "leader", p.leader },
                { "replicas", std::vector<int32_t>(p.replicas.begin(), p.replicas.end()) },
                { "isr", std::vector<int32_t>(p.isr.begin(), p.isr.end()) }, { "low_watermark", p.low },
                { "high_watermark", p.high }, { "last_stable_offset", p.lastStable },
                { "offset_span", span(p.offsetSpan()) } };
            if (!p.error.isEmpty())
                part["error"] = p.error.toStdString();
            partitions.push_back(part);
        }
        topics.push_back({ { "name", t.name.toStdString() }, { "internal", t.internal },
            { "offset_span", span(t.offsetSpan()) }, { "partitions", partitions } });
    }
    const json timing = { { "metadata", s.metadataMs }, { "racks", s.racksMs }, { "internal_flags", s.internalMs },
        { "watermarks", s.watermarksMs }, { "total", s.elapsedMs } };
    return { { "cluster_id", s.clusterId.toStdString() }, { "controller_id", s.controllerId }, { "brokers", brokers },
        { "topics", topics }, { "timing_ms", timing } };
}

PartitionInfo partition(int32_t id, int64_t low, int64_t high, int64_t lso, QList<int32_t> replicas, QList<int32_t> isr,
    const QString& error = {})
{
    PartitionInfo p;
    p.id = id;
    p.leader = replicas.isEmpty() ? -1 : replicas.first();
    p.replicas = std::move(replicas);
    p.isr = std::move(isr);
    p.low = low;
    p.high = high;
    p.lastStable = lso;
    p.error = error;
    return p;
}

} // namespace

class TestClusterJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameDocumentAsATree_data()
    {
        QTest::addColumn<int>("shape");
        QTest::newRow("empty cluster") << 0;
        QTest::newRow("brokers, racks, errors, escapes") << 1;
        QTest::newRow("many partitions") << 2;
    }
    void sameDocumentAsATree()
    {
        QFETCH(int, shape);
        ClusterSnapshot s;
        s.clusterId = QStringLiteral("q1Sh-9_lTa2D0sTx8UfZkA");
        s.controllerId = shape ? 2 : -1;
        s.metadataMs = 12;
        s.racksMs = 3;
        s.internalMs = 0;
        s.watermarksMs = 456;
        s.elapsedMs = 470;
        if (shape >= 1) {
            s.brokers = { { 1, QStringLiteral("127.0.0.1"), 9092, QStringLiteral("r1"), false },
                { 2, QStringLiteral("broker-\"two\"\\\u00e9"), 65535, QString(), true } };
            TopicInfo t;
            t.name = QStringLiteral("orders.order-created_v2");
            t.partitions = { partition(0, 0, 100, 90, { 1, 2 }, { 1, 2 }),
                partition(1, -1, -1, -1, { 2 }, {}, QStringLiteral("NOT_LEADER \"x\"\n\ttab \u2603")),
                partition(2, 5, 5, 5, {}, {}) };
            TopicInfo internal;
            internal.name = QStringLiteral("__consumer_offsets");
            internal.internal = true;
            s.topics = { t, internal };
        }
        if (shape == 2) {
            TopicInfo big;
            big.name = QStringLiteral("big");
            for (int i = 0; i < 3000; ++i)
                big.partitions.append(
                    partition(i, i, int64_t(i) * 1000000007LL, int64_t(i) * 2, { 1, 2, 3 }, { 3, 1 }));
            s.topics.append(big);
        }
        const QByteArray text = snapshotToJson(s);
        const json parsed = json::parse(text.toStdString()); // throws (and fails the test) on invalid JSON
        QCOMPARE(QByteArray::fromStdString(parsed.dump()), QByteArray::fromStdString(expected(s).dump()));
        // Written in nlohmann's own key order too, so the bytes are the same as before.
        QCOMPARE(text, QByteArray::fromStdString(expected(s).dump()));
    }
};

QTEST_GUILESS_MAIN(TestClusterJson)
#include "test_clusterjson.moc"
