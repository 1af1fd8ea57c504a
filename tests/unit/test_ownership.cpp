// The ownership functions behind the group lab's timeline and the compare run's metrics, on hand-made timelines.
#include "kafkacore/groups/groupcompare.h"
#include "kafkacore/groups/groupprotocols.h"
#include "kafkacore/groups/ownership.h"

#include <QTest>

using namespace kafkalab;

static MemberEvent ev(const QString& member, MemberEvent::Kind kind, qint64 at, const QList<int>& partitions = {},
    const QString& group = QStringLiteral("g"))
{
    MemberEvent e;
    e.member = member;
    e.groupId = group;
    e.kind = kind;
    e.atMs = at;
    for (int p : partitions)
        e.partitions.append({ QStringLiteral("t"), p });
    return e;
}

static QString k(int p)
{
    return partitionKey(QStringLiteral("t"), p);
}

class TestOwnership : public QObject {
    Q_OBJECT
    using K = MemberEvent::Kind;

    // A owns both partitions, an eager rebalance takes both away, A gets 0 back and B gets 1, then B crashes.
    static QList<MemberEvent> eagerTimeline()
    {
        return { ev(QStringLiteral("A"), K::Assigned, 1000, { 0, 1 }),
            ev(QStringLiteral("A"), K::Revoked, 2000, { 0, 1 }), ev(QStringLiteral("A"), K::Assigned, 2500, { 0 }),
            ev(QStringLiteral("B"), K::Assigned, 2600, { 1 }), ev(QStringLiteral("B"), K::Crashed, 3500),
            // another group's events never count
            ev(QStringLiteral("X"), K::Revoked, 2000, { 0, 1 }, QStringLiteral("other")) };
    }

private Q_SLOTS:
    void spansFollowAssignRevokeAndCrash()
    {
        const QList<OwnershipSpan> spans = ownershipSpans(eagerTimeline());
        QCOMPARE(spans.size(), 4);
        QCOMPARE(spans[0].member, QStringLiteral("A"));
        QCOMPARE(spans[0].toMs, 2000);
        QCOMPARE(spans[3].member, QStringLiteral("B"));
        QCOMPARE(spans[3].fromMs, 2600);
        QCOMPARE(spans[3].toMs, 3500); // the crash ends it
        const QHash<QString, QString> owners = currentOwners(eagerTimeline(), QStringLiteral("g"));
        QCOMPARE(owners.size(), 1);
        QCOMPARE(owners.value(k(0)), QStringLiteral("A"));
    }

    void episodesCountRevokedAndMoved()
    {
        const QList<RebalanceEpisode> e = rebalanceEpisodes(eagerTimeline(), QStringLiteral("g"));
        QCOMPARE(e.size(), 1); // the crash's episode is still open
        QCOMPARE(e[0].startMs, 2000);
        QCOMPARE(e[0].endMs, 2600);
        QCOMPARE(e[0].revoked, 2);
        QCOMPARE(e[0].moved, 1);
    }

    void metricsAreCountedFromTheTimeline()
    {
        const QList<ConsumedMessage> consumed {
            { k(0), 1, 2100 }, // produced while p0 had no owner: delayed
            { k(1), 5, 3000 }, // owned by B then
            { k(1), 5, 3000 }, // the same message again (redelivered): counted once
            { k(0), 2, 500 }, // before the window
            { k(1), 6, 3700 }, // after B crashed: delayed
        };
        const GroupMetrics m = groupMetrics(eagerTimeline(), QStringLiteral("g"), { k(0), k(1) }, 1000, 4000, consumed);
        // p0: 2000-2500; p1: 2000-2600 and 3500-4000
        QCOMPARE(m.unownedPartitionSeconds, 1.6);
        QCOMPARE(m.revoked, 2); // the crash revokes nothing
        QCOMPARE(m.consumed, 3);
        QCOMPARE(m.delayed, 2);
    }

    void aWindowClipsTheTimeline()
    {
        const GroupMetrics m = groupMetrics(eagerTimeline(), QStringLiteral("g"), { k(0), k(1) }, 2550, 3000, {});
        QCOMPARE(m.unownedPartitionSeconds, 0.05); // p1 from 2550 to 2600
        QCOMPARE(m.revoked, 0);
    }

    void cooperativeRevokesOnlyWhatMoves()
    {
        const QList<MemberEvent> events { ev(QStringLiteral("A"), K::Assigned, 0, { 0, 1, 2 }),
            ev(QStringLiteral("A"), K::Revoked, 1000, { 2 }), ev(QStringLiteral("B"), K::Assigned, 1200, { 2 }),
            ev(QStringLiteral("A"), K::Assigned, 1300, {}) };
        const GroupMetrics m = groupMetrics(events, QStringLiteral("g"), { k(0), k(1), k(2) }, 0, 2000, {});
        QCOMPARE(m.revoked, 1);
        QCOMPARE(m.unownedPartitionSeconds, 0.2);
        QCOMPARE(rebalanceEpisodes(events, QStringLiteral("g")).first().moved, 1);
    }

    // Causes are what the lab saw: a join of a member not yet assigned (not the settled members' own joins), a
    // leave, a crash, a stall (its own lost assignment not counted twice); nothing seen: "unknown". The rebalance still
    // running is returned only when asked for, open.
    void episodesNameTheirCauses()
    {
        const QList<MemberEvent> events { ev(QStringLiteral("A"), K::Joining, 0),
            ev(QStringLiteral("A"), K::Assigned, 100, { 0, 1 }), ev(QStringLiteral("B"), K::Joining, 900),
            ev(QStringLiteral("A"), K::Revoked, 1000, { 0, 1 }), ev(QStringLiteral("A"), K::Assigned, 1100, { 0 }),
            ev(QStringLiteral("B"), K::Assigned, 1100, { 1 }),
            // no member event: a broker-side cause
            ev(QStringLiteral("A"), K::Revoked, 2000, { 0 }), ev(QStringLiteral("A"), K::Assigned, 2100, { 0 }),
            ev(QStringLiteral("B"), K::Crashed, 3000), ev(QStringLiteral("A"), K::Revoked, 9000, { 0 }),
            ev(QStringLiteral("A"), K::Assigned, 9100, { 0, 1 }), ev(QStringLiteral("A"), K::Stalled, 10000),
            ev(QStringLiteral("A"), K::Lost, 16000, { 0, 1 }) };
        const QList<RebalanceEpisode> closed = rebalanceEpisodes(events, QStringLiteral("g"));
        QCOMPARE(closed.size(), 3);
        QCOMPARE(rebalanceCauseText(closed[0]), QStringLiteral("join of B"));
        QCOMPARE(rebalanceCauseText(closed[1]), QStringLiteral("unknown"));
        QCOMPARE(rebalanceCauseText(closed[2]), QStringLiteral("crash of B (session timeout)"));
        QCOMPARE(closed[2].startMs, 3000);
        QVERIFY(!closed[2].open);
        const QList<RebalanceEpisode> all = rebalanceEpisodes(events, QStringLiteral("g"), true);
        QCOMPARE(all.size(), 4);
        QVERIFY(all[3].open);
        QCOMPARE(all[3].endMs, -1);
        QCOMPARE(all[3].revoked, 2);
        QCOMPARE(rebalanceCauseText(all[3]), QStringLiteral("stall of A (poll timeout)"));
        const QList<MemberEvent> leave { ev(QStringLiteral("A"), K::Assigned, 0, { 0 }),
            ev(QStringLiteral("B"), K::Assigned, 0, { 1 }), ev(QStringLiteral("B"), K::Revoked, 500, { 1 }),
            ev(QStringLiteral("B"), K::Left, 510), ev(QStringLiteral("A"), K::Lost, 520, { 0 }),
            ev(QStringLiteral("A"), K::Assigned, 900, { 0, 1 }) };
        QCOMPARE(rebalanceCauseText(rebalanceEpisodes(leave, QStringLiteral("g")).first()),
            QStringLiteral("leave of B, A lost its assignment"));
    }

    void protocolsAndAssignors()
    {
        QCOMPARE(groupAssignorError(QStringLiteral("classic"), QStringLiteral("cooperative-sticky")), QString());
        QCOMPARE(groupAssignorError(QStringLiteral("consumer"), QStringLiteral("uniform")), QString());
        QCOMPARE(groupAssignorError(QStringLiteral("consumer"), QStringLiteral("range")), QString());
        QCOMPARE(groupAssignorError(QStringLiteral("consumer"), QStringLiteral("roundrobin")),
            QStringLiteral("the consumer protocol has no assignor 'roundrobin' (it has uniform, range)"));
        QVERIFY(groupAssignorError(QStringLiteral("classic"), QStringLiteral("uniform"))
                    .contains(QLatin1String("uniform")));
        QVERIFY(
            groupAssignorError(QStringLiteral("share"), QStringLiteral("range")).startsWith(QLatin1String("unknown")));
        QVERIFY(isEagerAssignor(QStringLiteral("roundrobin")));
        QVERIFY(!isEagerAssignor(QStringLiteral("cooperative-sticky")));
    }

    void compareSettingsAreChecked()
    {
        GroupCompare::Settings s;
        s.topic = QStringLiteral("orders");
        s.partitions = 6;
        s.groupPrefix = QStringLiteral("cmp");
        QCOMPARE(GroupCompare::settingsError(s), QString());
        s.partitions = 3;
        QVERIFY(GroupCompare::settingsError(s).contains(QLatin1String("4 partitions")));
        s.partitions = 6;
        s.eagerAssignor = QStringLiteral("cooperative-sticky");
        QVERIFY(!GroupCompare::settingsError(s).isEmpty());
        s.eagerAssignor = QStringLiteral("roundrobin");
        s.consumerAssignor = QStringLiteral("roundrobin");
        QVERIFY(!GroupCompare::settingsError(s).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOwnership)
#include "test_ownership.moc"
