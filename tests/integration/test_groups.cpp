// Consumer groups on the fixture broker: members splitting partitions, rebalances eager and cooperative, crashes,
// stalls, broadcast across groups, no loss during rebalances. (The inspector is in test_groups_inspector.cpp.)
#include "groupstestbase.h"

using namespace kafkalab;

class TestGroups : public test::GroupsTestBase {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        connectFixture();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    // ~GroupLab never waits: it retires the members' threads, and each member leaves the group on its own thread as
    // it is deleted. The session timeout is far longer than the wait below: only a clean LeaveGroup empties the group
    // in time (a member that vanished would keep it Stable until its session expired).
    void destroyingTheLabLeavesTheGroupCleanly()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.labexit"));
        const QString group = test::unique(QStringLiteral("kafkalab-labexit"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 2 } }), QString());
        auto lab = std::make_unique<GroupLab>();
        lab->setConnection(fixture());
        for (const QString& n : { QStringLiteral("A"), QStringLiteral("B") }) {
            MemberConfig c = member(n, group, topic);
            c.sessionTimeoutMs = 300000;
            lab->addMember(c);
        }
        QTRY_VERIFY_WITH_TIMEOUT(test::perMember(*lab, group).size() == 2, 60000);
        lab.reset();

        GroupsMonitor monitor(fixture());
        QString state;
        qsizetype members = -1;
        connect(&monitor, &GroupsMonitor::described, this, [&](const QList<GroupDescription>& groups, const QString&) {
            if (!groups.isEmpty()) {
                state = groups.first().state;
                members = groups.first().members.size();
            }
        });
        QElapsedTimer clock;
        clock.start();
        while (!(state == QLatin1String("Empty") && members == 0) && clock.elapsed() < 60000) {
            monitor.describe({ group });
            QTest::qWait(500);
        }
        QCOMPARE(state, QStringLiteral("Empty"));
        QCOMPARE(members, qsizetype(0));
    }

    void threeMembersSplitSixPartitionsAndTwoTakeOverWhenOneLeaves()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.split"));
        const QString group = test::unique(QStringLiteral("split"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 6 } }), QString());
        GroupLab lab;
        QVERIFY(startSplit(lab, group, topic, { "A", "B", "C" }, 2));
        lab.leave(QStringLiteral("C"));
        QTRY_VERIFY_WITH_TIMEOUT(test::perMember(lab, group) == (QMap<QString, int> { { "A", 3 }, { "B", 3 } }), 60000);
        QVERIFY2(lab.doubleOwnership().isEmpty(), qPrintable(lab.doubleOwnership()));
        // Eager (range): the rebalance after C left revoked every partition.
        const QList<RebalanceEpisode> episodes = lab.episodes(group);
        QVERIFY(!episodes.isEmpty());
        QCOMPARE(episodes.last().revoked, 6);
        QVERIFY(!episodes.last().cooperative);
    }

    void cooperativeStickyNeverRevokesPartitionsThatStay()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.coop"));
        const QString group = test::unique(QStringLiteral("coop"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 6 } }), QString());
        GroupLab lab;
        QVERIFY(startSplit(lab, group, topic, { "A", "B", "C" }, 2, QStringLiteral("cooperative-sticky")));
        QTest::qWait(1000); // let the last cooperative round settle
        const QHash<QString, QString> before = lab.owners(group);
        const qint64 leaveAt = QDateTime::currentMSecsSinceEpoch();
        lab.leave(QStringLiteral("C"));
        QTRY_VERIFY_WITH_TIMEOUT(test::perMember(lab, group) == (QMap<QString, int> { { "A", 3 }, { "B", 3 } }), 60000);
        for (const MemberEvent& e : lab.events()) {
            if (e.atMs < leaveAt || e.member == QLatin1String("C") || e.kind != MemberEvent::Kind::Revoked)
                continue;
            QVERIFY2(e.partitions.isEmpty(), qPrintable(QStringLiteral("%1 had a partition revoked").arg(e.member)));
        }
        const QHash<QString, QString> after = lab.owners(group);
        for (auto it = before.begin(); it != before.end(); ++it)
            if (it.value() != QLatin1String("C"))
                QCOMPARE(after.value(it.key()), it.value());
        QVERIFY2(lab.doubleOwnership().isEmpty(), qPrintable(lab.doubleOwnership()));
        QVERIFY(lab.episodes(group).last().cooperative);
        QCOMPARE(lab.episodes(group).last().moved, 2);
    }

    void eachGroupReceivesEveryMessage()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.broadcast"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        QVERIFY(produce(topic, 600));
        GroupLab lab;
        lab.setConnection(fixture());
        const QString g1 = test::unique(QStringLiteral("orders-processors"));
        const QString g2 = test::unique(QStringLiteral("analytics"));
        lab.addMember(member(QStringLiteral("P1"), g1, topic));
        lab.addMember(member(QStringLiteral("P2"), g1, topic));
        lab.addMember(member(QStringLiteral("AN"), g2, topic));
        QTRY_VERIFY_WITH_TIMEOUT(lab.consumed(QStringLiteral("P1")) + lab.consumed(QStringLiteral("P2")) == 600, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(lab.consumed(QStringLiteral("AN")), int64_t(600), 60000);
        // The two members of one group split its partitions. (Who consumed what depends on timing: the messages were
        // there before P2 joined, so P1 may drain them all first; that flaked.)
        QTRY_VERIFY_WITH_TIMEOUT(lab.owners(g1).values().contains(QStringLiteral("P1"))
                && lab.owners(g1).values().contains(QStringLiteral("P2")),
            60000);
    }

    void noMessageIsLostWhileMembersComeAndGo()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.steady"));
        const QString group = test::unique(QStringLiteral("steady"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 6 } }), QString());
        GroupLab lab;
        lab.setConnection(fixture());
        lab.addMember(member(QStringLiteral("A"), group, topic), true);
        // A steady stream (3,000 messages at 500/s) while members join and leave.
        ProducerSettings s;
        s.connection = { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) };
        ProducerClient producer(s);
        test::SignalLog finished(producer.worker(), &ProducerWorker::bulkFinished);
        producer.start();
        QString error;
        BulkSpec spec;
        spec.topic = topic;
        spec.count = 3000;
        spec.ratePerSec = 500;
        spec.keys = *KeyStrategy::parse(QStringLiteral("uuid"), &error);
        spec.value = std::make_shared<ValueTemplate>(ValueTemplate::randomBytes(10));
        producer.runBulk(spec);
        QTest::qWait(1000);
        lab.addMember(member(QStringLiteral("B"), group, topic), true);
        QTest::qWait(1500);
        lab.addMember(member(QStringLiteral("C"), group, topic), true);
        QTest::qWait(1500);
        lab.leave(QStringLiteral("B"));
        QVERIFY(finished.waitForCount(1, 60000)); // it may have come during the waits above
        QCOMPARE(finished.value(0).progress.delivered, uint64_t(3000));
        QSet<QPair<QString, int64_t>> distinct;
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 60000) {
            distinct = QSet<QPair<QString, int64_t>>(lab.consumedOffsets().begin(), lab.consumedOffsets().end());
            if (distinct.size() == 3000)
                break;
            QTest::qWait(100);
        }
        QCOMPARE(distinct.size(), 3000);
        const qsizetype duplicates = lab.consumedOffsets().size() - distinct.size();
        qInfo("3000 messages consumed, %lld redelivered after rebalances", qlonglong(duplicates));
        QVERIFY2(lab.doubleOwnership().isEmpty(), qPrintable(lab.doubleOwnership()));
    }

    void crashedMemberIsReplacedOnlyAfterTheSessionTimeout()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.crash"));
        const QString group = test::unique(QStringLiteral("crash"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 4 } }), QString());
        GroupLab lab;
        QVERIFY(startSplit(lab, group, topic, { "A", "B" }, 2));
        lab.crash(QStringLiteral("B"));
        QTRY_VERIFY_WITH_TIMEOUT(test::perMember(lab, group) == (QMap<QString, int> { { "A", 4 } }), 60000);
        // B never said goodbye: the coordinator reassigned its partitions only when B's session (6 s) expired, and
        // the timeline shows that gap as the episode's unowned time.
        const RebalanceEpisode last = lab.episodes(group).last();
        QVERIFY2(last.unownedMs() >= 4500, qPrintable(QString::number(last.unownedMs())));
        bool crashed = false;
        for (const MemberEvent& e : lab.events())
            crashed |= e.kind == MemberEvent::Kind::Crashed && e.member == QLatin1String("B");
        QVERIFY(crashed);
    }

    void stalledMemberLeavesAfterMaxPollIntervalAndRejoins()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.stall"));
        const QString group = test::unique(QStringLiteral("stall"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 4 } }), QString());
        GroupLab lab;
        lab.setConnection(fixture());
        MemberConfig a = member(QStringLiteral("A"), group, topic);
        MemberConfig b = member(QStringLiteral("B"), group, topic);
        b.maxPollIntervalMs = 7000; // librdkafka wants it at least session.timeout.ms (6 s)
        lab.addMember(a);
        lab.addMember(b);
        QTRY_VERIFY_WITH_TIMEOUT(test::perMember(lab, group) == (QMap<QString, int> { { "A", 2 }, { "B", 2 } }), 60000);
        lab.stall(QStringLiteral("B"));
        // B stops polling; after max.poll.interval.ms its client leaves the group and A gets everything.
        QTRY_VERIFY_WITH_TIMEOUT(test::perMember(lab, group) == (QMap<QString, int> { { "A", 4 } }), 60000);
        lab.resumePolling(QStringLiteral("B"));
        QTRY_VERIFY_WITH_TIMEOUT(test::perMember(lab, group) == (QMap<QString, int> { { "A", 2 }, { "B", 2 } }), 60000);
        QVERIFY2(lab.doubleOwnership().isEmpty(), qPrintable(lab.doubleOwnership()));
        QStringList kinds;
        for (const MemberEvent& e : lab.events())
            if (e.member == QLatin1String("B"))
                kinds.append(MemberEvent::kindName(e.kind));
        QVERIFY2(kinds.contains(QLatin1String("stall")) && kinds.contains(QLatin1String("resume")),
            qPrintable(kinds.join(',')));
    }
};

QTEST_GUILESS_MAIN(TestGroups)
#include "test_groups.moc"
