// The Replication tab's pure logic on hand-made inputs: the ledger check (missing, duplicated and out-of-order
// messages per key), the drill's value format, the events between two polls, the leaderless clock and the rows'
// markers.
#include "kafkacore/replication/ledger.h"
#include "kafkacore/replication/replicationstate.h"

#include <QTest>

using namespace kafkalab;

namespace {

QList<LedgerRecord> records(const QByteArray& key, const QList<qint64>& seqs, int32_t partition = 0)
{
    QList<LedgerRecord> out;
    int64_t offset = 0;
    for (qint64 s : seqs)
        out.append({ key, s, partition, offset++ });
    return out;
}

QList<qint64> range(qint64 from, qint64 to)
{
    QList<qint64> out;
    for (qint64 i = from; i < to; ++i)
        out.append(i);
    return out;
}

const KeyLedger* keyOf(const LedgerReport& r, const QByteArray& key)
{
    for (const KeyLedger& k : r.keys)
        if (k.key == key)
            return &k;
    return nullptr;
}

ReplicaRow row(int32_t partition, int32_t leader, QList<int32_t> replicas, QList<int32_t> isr)
{
    return { QStringLiteral("orders"), partition, leader, std::move(replicas), std::move(isr), {} };
}

} // namespace

class TestReplicationLogic : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void valueFormat()
    {
        QCOMPARE(ledgerValue("k3", 42), QByteArray("k3#42"));
        QCOMPARE(ledgerValue({}, 7), QByteArray("-#7"));
        const auto e = parseLedgerValue("a#b#12");
        QVERIFY(e);
        QCOMPARE(e->key, QByteArray("a#b"));
        QCOMPARE(e->seq, 12);
        QVERIFY(!parseLedgerValue("hello"));
        QVERIFY(!parseLedgerValue("k#"));
        QVERIFY(!parseLedgerValue("#5"));
        QVERIFY(!parseLedgerValue("k#-1"));
        QVERIFY(!parseLedgerValue("k#12x"));
    }

    void cleanRun()
    {
        const QHash<QByteArray, QList<qint64>> acked { { "k0", range(0, 100) }, { "k1", range(0, 50) } };
        QList<LedgerRecord> read = records("k0", range(0, 100), 0);
        read += records("k1", range(0, 50), 1);
        const LedgerReport r = checkLedger(acked, read);
        QVERIFY(r.clean());
        QCOMPARE(r.acknowledged, 150);
        QCOMPARE(r.read, 150);
        QCOMPARE(r.missing, 0);
        QCOMPARE(r.duplicates, 0);
        QCOMPARE(r.orderViolations, 0);
        QCOMPARE(r.keys.size(), 2);
    }

    void missingDuplicatesAndOrder()
    {
        // k0: 3 and 7 acknowledged but lost. k1: 4 and 5 written twice (a retry without idempotence). k2: 6 read
        // before 5 (reordered by a retry with several requests in flight). k3: 9 read although never acknowledged
        // (timed out, yet written).
        const QHash<QByteArray, QList<qint64>> acked { { "k0", range(0, 10) }, { "k1", range(0, 8) },
            { "k2", range(0, 8) }, { "k3", range(0, 9) } };
        QList<LedgerRecord> read = records("k0", { 0, 1, 2, 4, 5, 6, 8, 9 });
        read += records("k1", { 0, 1, 2, 3, 4, 5, 4, 5, 6, 7 }, 1);
        read += records("k2", { 0, 1, 2, 3, 4, 6, 5, 7 }, 2);
        read += records("k3", range(0, 10), 3);
        const LedgerReport r = checkLedger(acked, read);
        QVERIFY(!r.clean());
        const KeyLedger* k0 = keyOf(r, "k0");
        QVERIFY(k0);
        QCOMPARE(k0->missing, 2);
        QCOMPARE(k0->firstMissing, (QList<qint64> { 3, 7 }));
        QCOMPARE(k0->duplicates, 0);
        QCOMPARE(k0->orderViolations, 0);
        const KeyLedger* k1 = keyOf(r, "k1");
        QCOMPARE(k1->missing, 0);
        QCOMPARE(k1->duplicates, 2);
        QCOMPARE(k1->orderViolations, 0); // a duplicate is counted once, as a duplicate
        QCOMPARE(k1->read, 10);
        const KeyLedger* k2 = keyOf(r, "k2");
        QCOMPARE(k2->missing, 0);
        QCOMPARE(k2->duplicates, 0);
        QCOMPARE(k2->orderViolations, 1);
        const KeyLedger* k3 = keyOf(r, "k3");
        QVERIFY(k3->clean());
        QCOMPARE(k3->unacknowledgedRead, 1);
        QCOMPARE(r.missing, 2);
        QCOMPARE(r.duplicates, 2);
        QCOMPARE(r.orderViolations, 1);
        QCOMPARE(r.unacknowledgedRead, 1);
        QCOMPARE(r.acknowledged, 35);
    }

    void nothingReadBack()
    {
        const LedgerReport r = checkLedger({ { "k0", { 0, 1, 2 } } }, {});
        QCOMPARE(r.missing, 3);
        QCOMPARE(r.read, 0);
        QVERIFY(!r.clean());
        // A key only read (its acknowledgements lost with an abandoned producer) counts as unacknowledged.
        const LedgerReport only = checkLedger({}, records("k9", { 0, 1 }));
        QCOMPARE(only.unacknowledgedRead, 2);
        QCOMPARE(only.missing, 0);
    }

    void unkeyedRunsSkipTheOrderCheck()
    {
        QList<LedgerRecord> read = records({}, { 0, 2, 4 }, 0);
        read += records({}, { 1, 3, 5 }, 1);
        const QHash<QByteArray, QList<qint64>> acked { { QByteArray(), range(0, 6) } };
        QCOMPARE(checkLedger(acked, read, true).orderViolations, 2); // partition 1's 1 and 3 after partition 0's 4
        const LedgerReport r = checkLedger(acked, read, false);
        QVERIFY(r.clean());
    }

    void eventsBetweenPolls()
    {
        const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(1000000);
        const QList<ReplicaRow> before { row(0, 1, { 1, 2, 3 }, { 1, 2, 3 }), row(1, 2, { 2, 3, 1 }, { 2, 3, 1 }),
            row(2, 3, { 3, 1, 2 }, { 3, 1, 2 }) };
        // broker 1 killed: p0 moves to 2, 1 leaves every ISR; p2 unchanged but for its ISR
        const QList<ReplicaRow> after { row(0, 2, { 1, 2, 3 }, { 2, 3 }), row(1, 2, { 2, 3, 1 }, { 2, 3 }),
            row(2, 3, { 3, 1, 2 }, { 3, 2 }), row(3, 1, { 1, 2, 3 }, { 1 }) };
        const QList<ReplicationEvent> e = replicationEvents(before, after, t0);
        QCOMPARE(e.size(), 4); // p3 is new: no event
        QCOMPARE(e[0].kind, ReplicationEvent::Kind::LeaderChanged);
        QCOMPARE(e[0].partition, 0);
        QCOMPARE(e[0].fromLeader, 1);
        QCOMPARE(e[0].toLeader, 2);
        QCOMPARE(e[0].seenAt, t0);
        QCOMPARE(e[0].text(), QStringLiteral("orders-0: leader 1 → 2"));
        QCOMPARE(e[1].kind, ReplicationEvent::Kind::IsrShrink);
        QCOMPARE(e[1].brokers, (QList<int32_t> { 1 }));
        QCOMPARE(e[1].text(), QStringLiteral("orders-0: ISR shrink, 1 left (ISR 2,3)"));
        QCOMPARE(e[2].partition, 1);
        QCOMPARE(e[2].kind, ReplicationEvent::Kind::IsrShrink);
        QCOMPARE(e[3].partition, 2);

        // all leaders lost, then one comes back and the ISR grows again
        const QList<ReplicaRow> offline { row(0, -1, { 1, 2, 3 }, { 2 }) };
        const QList<ReplicationEvent> lost = replicationEvents({ after[0] }, offline, t0.addMSecs(500));
        QCOMPARE(lost.size(), 2);
        QCOMPARE(lost[0].kind, ReplicationEvent::Kind::LeaderLost);
        QCOMPARE(lost[1].kind, ReplicationEvent::Kind::IsrShrink);
        QCOMPARE(lost[1].brokers, (QList<int32_t> { 3 }));
        const QList<ReplicationEvent> back
            = replicationEvents(offline, { row(0, 2, { 1, 2, 3 }, { 2, 1, 3 }) }, t0.addMSecs(1000));
        QCOMPARE(back.size(), 2);
        QCOMPARE(back[0].kind, ReplicationEvent::Kind::LeaderElected);
        QCOMPARE(back[1].kind, ReplicationEvent::Kind::IsrExpand);
        QCOMPARE(back[1].brokers, (QList<int32_t> { 1, 3 }));
        QVERIFY(replicationEvents(after, after, t0).isEmpty());
    }

    void leaderlessClock()
    {
        const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(5000000);
        LeaderlessClock clock;
        clock.update({ row(0, 1, { 1 }, { 1 }) }, t0);
        QCOMPARE(clock.leaderlessMs(QStringLiteral("orders"), 0, t0), 0);
        clock.update({ row(0, -1, { 1 }, {}) }, t0.addMSecs(500));
        QCOMPARE(clock.leaderlessMs(QStringLiteral("orders"), 0, t0.addMSecs(1500)), 1000); // open span
        clock.update({ row(0, 1, { 1 }, { 1 }) }, t0.addMSecs(2500));
        QCOMPARE(clock.leaderlessMs(QStringLiteral("orders"), 0, t0.addMSecs(9000)), 2000); // closed
        clock.update({ row(0, -1, { 1 }, {}) }, t0.addMSecs(3000));
        clock.update({ row(0, -1, { 1 }, {}) }, t0.addMSecs(3500));
        QCOMPARE(clock.leaderlessMs(QStringLiteral("orders"), 0, t0.addMSecs(4000)), 3000);
        QCOMPARE(clock.longestMs(t0.addMSecs(4000)), 3000);
        QCOMPARE(clock.leaderlessMs(QStringLiteral("orders"), 1, t0), 0);
    }

    void rowsAndMarkers()
    {
        QCOMPARE(row(0, 1, { 1, 2, 3 }, { 1, 2, 3 }).marker(), QString());
        QVERIFY(row(0, 1, { 1, 2, 3 }, { 1, 2, 3 }).preferredLeaderElected());
        QVERIFY(!row(0, 2, { 1, 2, 3 }, { 1, 2, 3 }).preferredLeaderElected());
        QCOMPARE(row(0, 2, { 1, 2, 3 }, { 2, 3 }).marker(), QStringLiteral("UNDER-REPLICATED"));
        QCOMPARE(row(0, -1, { 1, 2, 3 }, { 2 }).marker(), QStringLiteral("OFFLINE"));
        QVERIFY(!row(0, -1, { 1, 2, 3 }, { 1 }).preferredLeaderElected());

        ClusterSnapshot snap;
        auto partition = [](int32_t leader, QList<int32_t> replicas, QList<int32_t> isr) {
            PartitionInfo p;
            p.id = 0;
            p.leader = leader;
            p.replicas = std::move(replicas);
            p.isr = std::move(isr);
            return p;
        };
        TopicInfo a { QStringLiteral("a"), false, {}, {} };
        a.partitions.append(partition(1, { 1, 2 }, { 1 }));
        TopicInfo internal { QStringLiteral("__consumer_offsets"), true, {}, {} };
        internal.partitions.append(partition(1, { 1 }, { 1 }));
        snap.topics = { internal, a };
        QCOMPARE(replicaRows(snap, QString()).size(), 1);
        QCOMPARE(replicaRows(snap, QStringLiteral("__consumer_offsets")).size(), 1);
        QCOMPARE(replicaRows(snap, QStringLiteral("a")).first().isr, (QList<int32_t> { 1 }));
        QVERIFY(replicaRows(snap, QStringLiteral("b")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReplicationLogic)
#include "test_replicationlogic.moc"
