// The group lab on the fixture broker: members of each protocol (classic range / cooperative-sticky, KIP-848
// consumer uniform / range), an assignor its protocol lacks refused on the member's row, a static member restarted
// within its session timeout keeping its partitions, the compare run's three groups, and a consumer-protocol member
// against a broker that has the protocol switched off. Owners are cross-checked with Kafka's own
// kafka-consumer-groups --describe --members --verbose.
#include "kafkacore/groups/groupcompare.h"
#include "kafkacore/groups/grouplab.h"
#include "kafkacore/produce/producerclient.h"
#include "kafkacore/sandbox/localsandbox.h"
#include "signallog.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace kafkalab;

static QString unique(const QString& prefix)
{
    return prefix + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(8);
}

// member -> partitions it owns, sorted
using Owners = QMap<QString, QList<int>>;

static Owners byMember(const QHash<QString, QString>& owners)
{
    Owners out;
    for (auto it = owners.begin(); it != owners.end(); ++it)
        out[it.value()].append(it.key().section(QLatin1Char('\0'), 1).toInt());
    for (QList<int>& l : out)
        std::sort(l.begin(), l.end());
    return out;
}

class TestGroupLab : public QObject {
    Q_OBJECT
    QString m_bootstrap;

    QList<ClientProperty> fixture(const QString& bootstrap = {}) const
    {
        return { ClientProperty::of(
            QStringLiteral("bootstrap.servers"), bootstrap.isEmpty() ? m_bootstrap : bootstrap) };
    }

    static MemberConfig member(const QString& name, const QString& group, const QString& topic, const QString& protocol,
        const QString& assignor)
    {
        MemberConfig c;
        c.name = name;
        c.clientId = name;
        c.groupId = group;
        c.topics = { topic };
        c.protocol = protocol;
        c.assignor = assignor;
        c.sessionTimeoutMs = 10000;
        return c;
    }

    // Kafka's own view: client id -> partitions of `topic` it owns (the current assignment; for consumer-protocol
    // groups the tool also prints the target, which is not read here).
    Owners kafkaToolOwners(const QString& group, const QString& topic)
    {
        const test::ProcessResult tool
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                { "--bootstrap-server", m_bootstrap, "--describe", "--group", group, "--members", "--verbose" });
        Owners out;
        // Columns by the tool's header: CLIENT-ID, and ASSIGNMENT (classic) or CURRENT-ASSIGNMENT (consumer).
        qsizetype client = -1;
        qsizetype assignment = -1;
        for (const QString& line : QString::fromUtf8(tool.out).split(QLatin1Char('\n'))) {
            const QStringList cells = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (cells.value(0) == QLatin1String("GROUP")) {
                client = cells.indexOf(QStringLiteral("CLIENT-ID"));
                assignment = cells.indexOf(QStringLiteral("CURRENT-ASSIGNMENT"));
                if (assignment < 0)
                    assignment = cells.indexOf(QStringLiteral("ASSIGNMENT"));
                continue;
            }
            if (client < 0 || assignment < 0 || cells.size() <= std::max(client, assignment) || cells.first() != group)
                continue;
            QList<int>& mine = out[cells.at(client)];
            const QString& a = cells.at(assignment); // "topic:0,1" or "-"
            if (a.startsWith(topic + QLatin1Char(':')))
                for (const QString& p : a.section(QLatin1Char(':'), 1).split(QLatin1Char(',')))
                    mine.append(p.toInt());
            std::sort(mine.begin(), mine.end());
        }
        return out;
    }

    // Waits until the group's owners split `partitions` partitions `each` apiece over `members`.
    static bool waitSplit(
        const GroupLab& lab, const QString& group, const QStringList& members, int each, int timeoutMs = 60000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            const Owners o = byMember(lab.owners(group));
            bool ok = o.size() == members.size();
            for (const QString& m : members)
                ok = ok && o.value(m).size() == each;
            if (ok)
                return true;
            QTest::qWait(100);
        }
        return false;
    }

    // Waits until Kafka's tool reports the same owners as the lab (the tool can lag the members by a heartbeat).
    bool waitToolAgrees(const GroupLab& lab, const QString& group, const QString& topic, Owners* tool)
    {
        for (int attempt = 0; attempt < 20; ++attempt) {
            *tool = kafkaToolOwners(group, topic);
            if (*tool == byMember(lab.owners(group)))
                return true;
            QTest::qWait(1000);
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    void membersOfEachProtocolShareTheTopic_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("assignor");
        QTest::newRow("classic range") << QStringLiteral("classic") << QStringLiteral("range");
        QTest::newRow("classic roundrobin") << QStringLiteral("classic") << QStringLiteral("roundrobin");
        QTest::newRow("classic cooperative-sticky")
            << QStringLiteral("classic") << QStringLiteral("cooperative-sticky");
        QTest::newRow("consumer uniform") << QStringLiteral("consumer") << QStringLiteral("uniform");
        QTest::newRow("consumer range") << QStringLiteral("consumer") << QStringLiteral("range");
    }

    void membersOfEachProtocolShareTheTopic()
    {
        QFETCH(QString, protocol);
        QFETCH(QString, assignor);
        const QString topic = unique(QStringLiteral("kafkalab.test.lab"));
        const QString group = unique(QStringLiteral("lab-") + protocol);
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 4 } }), QString());
        GroupLab lab;
        lab.setConnection(fixture());
        lab.addMember(member(QStringLiteral("A"), group, topic, protocol, assignor));
        lab.addMember(member(QStringLiteral("B"), group, topic, protocol, assignor));
        QVERIFY2(waitSplit(lab, group, { QStringLiteral("A"), QStringLiteral("B") }, 2),
            qPrintable(lab.lastError(QStringLiteral("A")) + lab.lastError(QStringLiteral("B"))));
        // Every assignment carries the generation (classic) or member epoch (consumer) and the member id from the
        // member's consumer group metadata.
        int assigned = 0;
        for (const MemberEvent& e : lab.events()) {
            QCOMPARE(e.groupProtocol, protocol);
            if (e.kind != MemberEvent::Kind::Assigned)
                continue;
            ++assigned;
            QVERIFY2(e.generation >= 1, qPrintable(QString::number(e.generation)));
            QVERIFY(!e.memberId.isEmpty());
            QCOMPARE(e.protocol,
                protocol == QLatin1String("consumer") || assignor == QLatin1String("cooperative-sticky")
                    ? QStringLiteral("COOPERATIVE")
                    : QStringLiteral("EAGER"));
        }
        QVERIFY(assigned >= 2);
        if (protocol == QLatin1String("consumer")) {
            // The broker's target assignment reaches the lab and, once reconciled, equals what each member owns.
            auto reconciled = [&] {
                Owners target;
                for (const MemberEvent& e : lab.events())
                    if (e.kind == MemberEvent::Kind::Target) {
                        QList<int> parts;
                        for (const TopicPartitionRef& p : e.partitions)
                            parts.append(p.partition);
                        std::sort(parts.begin(), parts.end());
                        target[e.member] = parts;
                    }
                return target == byMember(lab.owners(group));
            };
            QTRY_VERIFY_WITH_TIMEOUT(reconciled(), 20000);
        }
        Owners tool;
        QVERIFY2(waitToolAgrees(lab, group, topic, &tool),
            qPrintable(QStringLiteral("Kafka's tool: %1 partitions for A, %2 for B")
                           .arg(tool.value(QStringLiteral("A")).size())
                           .arg(tool.value(QStringLiteral("B")).size())));
    }

    // An assignor the member's protocol does not have: an error on that member's row, and the other member is not
    // disturbed (it owns every partition and never saw a rebalance).
    void anAssignorTheProtocolLacksIsAnErrorOnItsRowOnly()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.lab"));
        const QString group = unique(QStringLiteral("lab-bad"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        GroupLab lab;
        lab.setConnection(fixture());
        lab.addMember(member(QStringLiteral("A"), group, topic, QStringLiteral("classic"), QStringLiteral("range")));
        QVERIFY(waitSplit(lab, group, { QStringLiteral("A") }, 3));
        const qsizetype before = lab.events().size();
        lab.addMember(
            member(QStringLiteral("B"), group, topic, QStringLiteral("consumer"), QStringLiteral("roundrobin")));
        lab.addMember(member(QStringLiteral("C"), group, topic, QStringLiteral("classic"), QStringLiteral("uniform")));
        QTRY_VERIFY_WITH_TIMEOUT(!lab.lastError(QStringLiteral("B")).isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!lab.lastError(QStringLiteral("C")).isEmpty(), 10000);
        QCOMPARE(lab.lastError(QStringLiteral("B")),
            QStringLiteral("the consumer protocol has no assignor 'roundrobin' (it has uniform, range)"));
        QCOMPARE(lab.lastError(QStringLiteral("C")),
            QStringLiteral("the classic protocol has no assignor 'uniform' (it has range, roundrobin, "
                           "cooperative-sticky)"));
        QTRY_VERIFY_WITH_TIMEOUT(!lab.isRunning(QStringLiteral("B")) && !lab.isRunning(QStringLiteral("C")), 10000);
        QVERIFY(lab.members().contains(QStringLiteral("B"))); // it has its row
        QTest::qWait(3000);
        for (qsizetype i = before; i < lab.events().size(); ++i)
            QVERIFY2(lab.events()[i].member != QLatin1String("A"), "A was disturbed");
        QCOMPARE(byMember(lab.owners(group)).value(QStringLiteral("A")), (QList<int> { 0, 1, 2 }));
        Owners tool;
        QVERIFY(waitToolAgrees(lab, group, topic, &tool));
    }

    // Static membership: a member that crashes and comes back under its group.instance.id within the session timeout
    // gets its own partitions back; nobody else revokes anything and nothing moves.
    void staticMemberRestartedWithinTheSessionTimeoutKeepsItsPartitions()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.lab"));
        const QString group = unique(QStringLiteral("lab-static"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 6 } }), QString());
        GroupLab lab;
        lab.setConnection(fixture());
        const QStringList names { QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C") };
        for (const QString& n : names) {
            MemberConfig c = member(n, group, topic, QStringLiteral("classic"), QStringLiteral("range"));
            c.instanceId = group + QLatin1Char('-') + n;
            c.sessionTimeoutMs = 30000;
            lab.addMember(c);
        }
        QVERIFY(waitSplit(lab, group, names, 2));
        QTest::qWait(2000); // settled
        const Owners before = byMember(lab.owners(group));
        Owners tool;
        QVERIFY(waitToolAgrees(lab, group, topic, &tool));
        const qint64 crashAt = QDateTime::currentMSecsSinceEpoch();
        lab.crash(QStringLiteral("B"));
        QTRY_VERIFY_WITH_TIMEOUT(!lab.isRunning(QStringLiteral("B")), 10000);
        QTest::qWait(2000);
        lab.restart(QStringLiteral("B"));
        QTRY_VERIFY_WITH_TIMEOUT(byMember(lab.owners(group)) == before, 20000);
        QTest::qWait(3000);
        QCOMPARE(byMember(lab.owners(group)), before);
        for (const MemberEvent& e : lab.events())
            if (e.atMs >= crashAt && e.member != QLatin1String("B"))
                QVERIFY2(e.kind != MemberEvent::Kind::Revoked && e.kind != MemberEvent::Kind::Lost,
                    qPrintable(e.member + QStringLiteral(" gave up partitions")));
        QVERIFY(waitToolAgrees(lab, group, topic, &tool));
        QCOMPARE(tool, before);
    }

    // The compare action: three groups, the same script, each with its metrics from its own timeline.
    void compareRunsTheScriptOnThreeGroups()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.compare"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 6 } }), QString());
        GroupLab lab;
        lab.setConnection(fixture());
        GroupCompare compare(&lab, fixture());
        test::SignalLog finished(&compare, &GroupCompare::finished);
        GroupCompare::Settings s;
        s.topic = topic;
        s.partitions = 6;
        s.groupPrefix = unique(QStringLiteral("compare"));
        s.settleMs = 2000;
        compare.start(s);
        QVERIFY(finished.waitForCount(1, 180000));
        QVERIFY2(finished.value(0).isEmpty(), qPrintable(finished.value(0)));
        const QList<CompareLane> lanes = compare.lanes();
        QCOMPARE(lanes.size(), 3);
        const GroupMetrics& eager = lanes[0].metrics;
        const GroupMetrics& coop = lanes[1].metrics;
        const GroupMetrics& kip848 = lanes[2].metrics;
        for (const CompareLane& l : lanes) {
            QCOMPARE(l.members.size(), 4);
            QVERIFY2(l.metrics.consumed > 0, qPrintable(l.label));
            // The crashed member's partitions wait for the session timeout in every protocol.
            QVERIFY2(l.metrics.unownedPartitionSeconds > 0, qPrintable(l.label));
            QVERIFY(l.metrics.delayed <= l.metrics.consumed);
        }
        // Eager: both rebalances take every partition from every live member (4 after the crash, then 6).
        QVERIFY2(eager.revoked >= 10, qPrintable(QString::number(eager.revoked)));
        // Cooperative-sticky and the consumer protocol revoke only what moves: nothing after the crash, one
        // partition for the fourth member.
        QVERIFY2(coop.revoked < eager.revoked, qPrintable(QString::number(coop.revoked)));
        QVERIFY2(kip848.revoked < eager.revoked, qPrintable(QString::number(kip848.revoked)));
        // The metrics are what the timeline says: recomputed here from the lab's events over the same window.
        for (const CompareLane& l : lanes) {
            QStringList keys;
            for (int p = 0; p < 6; ++p)
                keys.append(GroupLab::key(topic, p));
            const GroupMetrics again = groupMetrics(lab.events(), l.groupId, keys, compare.windowFromMs(),
                compare.windowToMs(), lab.consumedMessages(l.groupId));
            QCOMPARE(again.revoked, l.metrics.revoked);
        }
    }

    // A consumer-protocol member against a broker that has the protocol switched off
    // (group.coordinator.rebalance.protocols=classic): a clear error on its row; a classic member of the same lab
    // is not disturbed.
    void consumerProtocolAgainstABrokerWithoutIt()
    {
        SandboxOptions options;
        options.createDemoTopics = false;
        options.heapMb = 384;
        options.extraConfig.insert(QStringLiteral("group.coordinator.rebalance.protocols"), QStringLiteral("classic"));
        LocalSandbox sandbox(options);
        QEventLoop loop;
        connect(&sandbox, &LocalSandbox::ready, &loop, &QEventLoop::quit);
        connect(&sandbox, &LocalSandbox::failed, &loop, &QEventLoop::quit);
        QTimer::singleShot(180000, &loop, &QEventLoop::quit);
        sandbox.start();
        if (sandbox.state() != LocalSandbox::State::Running)
            loop.exec();
        QVERIFY2(sandbox.state() == LocalSandbox::State::Running, qPrintable(sandbox.errorString()));
        const QString topic = unique(QStringLiteral("kafkalab.test.noprotocol"));
        QCOMPARE(test::createTopics(sandbox.bootstrap(), { { topic, 2 } }), QString());
        GroupLab lab;
        lab.setConnection(fixture(sandbox.bootstrap()));
        const QString classic = unique(QStringLiteral("lab-classic"));
        lab.addMember(member(QStringLiteral("A"), classic, topic, QStringLiteral("classic"), QStringLiteral("range")));
        QVERIFY(waitSplit(lab, classic, { QStringLiteral("A") }, 2));
        const qsizetype before = lab.events().size();
        lab.addMember(member(QStringLiteral("K"), unique(QStringLiteral("lab-kip848")), topic,
            QStringLiteral("consumer"), QStringLiteral("uniform")));
        QTRY_VERIFY_WITH_TIMEOUT(!lab.lastError(QStringLiteral("K")).isEmpty(), 30000);
        qInfo("the member's error: %s", qPrintable(lab.lastError(QStringLiteral("K"))));
        QVERIFY2(lab.lastError(QStringLiteral("K")).contains(QLatin1String("consumer group protocol")),
            qPrintable(lab.lastError(QStringLiteral("K"))));
        for (qsizetype i = before; i < lab.events().size(); ++i)
            QVERIFY2(lab.events()[i].member != QLatin1String("A"), "A was disturbed");
        QCOMPARE(byMember(lab.owners(classic)).value(QStringLiteral("A")), (QList<int> { 0, 1 }));
    }
};

QTEST_GUILESS_MAIN(TestGroupLab)
#include "test_grouplab.moc"
