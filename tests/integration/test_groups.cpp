// Consumer groups on the fixture broker: members splitting partitions, rebalances eager and cooperative, crashes,
// broadcast across groups, no loss during rebalances; the inspector against Kafka's own kafka-consumer-groups, also for
// a group of the consumer protocol (KIP-848) that librdkafka 2.0.2 cannot describe.
#include "kafkacore/groups/grouplab.h"
#include "kafkacore/groups/groupsmonitor.h"
#include "kafkacore/groups/groupsworker.h"
#include "kafkacore/produce/producerclient.h"
#include "kafkacore/sandbox/sandboxsetup.h"
#include "signallog.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <memory>
#include <vector>

using namespace kafkalab;

static QString unique(const QString& prefix)
{
    return prefix + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(8);
}

// Counts partitions per member in the group's current ownership.
static QMap<QString, int> perMember(const GroupLab& lab, const QString& group)
{
    QMap<QString, int> out;
    const QHash<QString, QString> owners = lab.owners(group);
    for (const QString& m : owners)
        ++out[m];
    return out;
}

class TestGroups : public QObject {
    Q_OBJECT
    QString m_bootstrap;

    QList<ClientProperty> fixture() const
    {
        return { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) };
    }

    // Starts members `names` of `group` on `topic` and waits until they own `each` partitions apiece.
    bool startSplit(GroupLab& lab, const QString& group, const QString& topic, const QStringList& names, int each,
        const QString& assignor = QStringLiteral("range"))
    {
        lab.setConnection(fixture());
        QMap<QString, int> want;
        for (const QString& n : names) {
            lab.addMember(member(n, group, topic, assignor));
            want.insert(n, each);
        }
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 60000) {
            if (perMember(lab, group) == want)
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    MemberConfig member(const QString& name, const QString& group, const QString& topic,
        const QString& assignor = QStringLiteral("range"))
    {
        MemberConfig c;
        c.name = name;
        c.groupId = group;
        c.topics = { topic };
        c.assignor = assignor;
        c.sessionTimeoutMs = 6000;
        return c;
    }

    // Produces `count` messages (keys aggregate:100) to `topic`, waiting until all are delivered.
    bool produce(const QString& topic, int count, double rate = 0)
    {
        ProducerSettings s;
        s.connection = { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) };
        ProducerClient client(s);
        test::SignalLog finished(client.worker(), &ProducerWorker::bulkFinished);
        client.start();
        QString error;
        BulkSpec spec;
        spec.topic = topic;
        spec.count = uint64_t(count);
        spec.ratePerSec = rate;
        spec.keys = *KeyStrategy::parse(QStringLiteral("aggregate:100"), &error);
        spec.value = std::make_shared<ValueTemplate>(ValueTemplate::randomBytes(20));
        client.runBulk(spec);
        return finished.waitForCount(1, 120000) && finished.value(0).progress.delivered == uint64_t(count);
    }

    // Kafka's own kafka-consumer-groups --describe --state: the group's state and member count, as Kafka's Java admin
    // client (which speaks ConsumerGroupDescribe) reads them; an empty state if the tool gave no row for the group.
    QPair<QString, int> kafkaToolState(const QString& group)
    {
        const test::ProcessResult tool
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                { "--bootstrap-server", m_bootstrap, "--describe", "--group", group, "--state" });
        for (const QString& line : QString::fromUtf8(tool.out).split(QLatin1Char('\n'))) {
            const QStringList cells = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (cells.size() >= 4 && cells.first() == group)
                return { cells.at(cells.size() - 2), cells.last().toInt() };
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    // ~GroupLab never waits: it retires the members' threads, and each member leaves the group on its own thread as
    // it is deleted. The session timeout is far longer than the wait below: only a clean LeaveGroup empties the group
    // in time (a member that vanished would keep it Stable until its session expired).
    void destroyingTheLabLeavesTheGroupCleanly()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.labexit"));
        const QString group = unique(QStringLiteral("kafkalab-labexit"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 2 } }), QString());
        auto lab = std::make_unique<GroupLab>();
        lab->setConnection(fixture());
        for (const QString& n : { QStringLiteral("A"), QStringLiteral("B") }) {
            MemberConfig c = member(n, group, topic);
            c.sessionTimeoutMs = 300000;
            lab->addMember(c);
        }
        QTRY_VERIFY_WITH_TIMEOUT(perMember(*lab, group).size() == 2, 60000);
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
        const QString topic = unique(QStringLiteral("kafkalab.test.split"));
        const QString group = unique(QStringLiteral("split"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 6 } }), QString());
        GroupLab lab;
        QVERIFY(startSplit(lab, group, topic, { "A", "B", "C" }, 2));
        lab.leave(QStringLiteral("C"));
        QTRY_VERIFY_WITH_TIMEOUT(perMember(lab, group) == (QMap<QString, int> { { "A", 3 }, { "B", 3 } }), 60000);
        QVERIFY2(lab.doubleOwnership().isEmpty(), qPrintable(lab.doubleOwnership()));
        // Eager (range): the rebalance after C left revoked every partition.
        const QList<RebalanceEpisode> episodes = lab.episodes(group);
        QVERIFY(!episodes.isEmpty());
        QCOMPARE(episodes.last().revoked, 6);
        QVERIFY(!episodes.last().cooperative);
    }

    void cooperativeStickyNeverRevokesPartitionsThatStay()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.coop"));
        const QString group = unique(QStringLiteral("coop"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 6 } }), QString());
        GroupLab lab;
        QVERIFY(startSplit(lab, group, topic, { "A", "B", "C" }, 2, QStringLiteral("cooperative-sticky")));
        QTest::qWait(1000); // let the last cooperative round settle
        const QHash<QString, QString> before = lab.owners(group);
        const qint64 leaveAt = QDateTime::currentMSecsSinceEpoch();
        lab.leave(QStringLiteral("C"));
        QTRY_VERIFY_WITH_TIMEOUT(perMember(lab, group) == (QMap<QString, int> { { "A", 3 }, { "B", 3 } }), 60000);
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
        const QString topic = unique(QStringLiteral("kafkalab.test.broadcast"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        QVERIFY(produce(topic, 600));
        GroupLab lab;
        lab.setConnection(fixture());
        const QString g1 = unique(QStringLiteral("orders-processors"));
        const QString g2 = unique(QStringLiteral("analytics"));
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
        const QString topic = unique(QStringLiteral("kafkalab.test.steady"));
        const QString group = unique(QStringLiteral("steady"));
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
        const QString topic = unique(QStringLiteral("kafkalab.test.crash"));
        const QString group = unique(QStringLiteral("crash"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 4 } }), QString());
        GroupLab lab;
        QVERIFY(startSplit(lab, group, topic, { "A", "B" }, 2));
        lab.crash(QStringLiteral("B"));
        QTRY_VERIFY_WITH_TIMEOUT(perMember(lab, group) == (QMap<QString, int> { { "A", 4 } }), 60000);
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
        const QString topic = unique(QStringLiteral("kafkalab.test.stall"));
        const QString group = unique(QStringLiteral("stall"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 4 } }), QString());
        GroupLab lab;
        lab.setConnection(fixture());
        MemberConfig a = member(QStringLiteral("A"), group, topic);
        MemberConfig b = member(QStringLiteral("B"), group, topic);
        b.maxPollIntervalMs = 7000; // librdkafka wants it at least session.timeout.ms (6 s)
        lab.addMember(a);
        lab.addMember(b);
        QTRY_VERIFY_WITH_TIMEOUT(perMember(lab, group) == (QMap<QString, int> { { "A", 2 }, { "B", 2 } }), 60000);
        lab.stall(QStringLiteral("B"));
        // B stops polling; after max.poll.interval.ms its client leaves the group and A gets everything.
        QTRY_VERIFY_WITH_TIMEOUT(perMember(lab, group) == (QMap<QString, int> { { "A", 4 } }), 60000);
        lab.resumePolling(QStringLiteral("B"));
        QTRY_VERIFY_WITH_TIMEOUT(perMember(lab, group) == (QMap<QString, int> { { "A", 2 }, { "B", 2 } }), 60000);
        QVERIFY2(lab.doubleOwnership().isEmpty(), qPrintable(lab.doubleOwnership()));
        QStringList kinds;
        for (const MemberEvent& e : lab.events())
            if (e.member == QLatin1String("B"))
                kinds.append(MemberEvent::kindName(e.kind));
        QVERIFY2(kinds.contains(QLatin1String("stall")) && kinds.contains(QLatin1String("resume")),
            qPrintable(kinds.join(',')));
    }

    void inspectorAgreesWithKafkaConsumerGroupsTool()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.inspect"));
        const QString group = unique(QStringLiteral("inspect"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        QVERIFY(produce(topic, 900));
        GroupLab lab;
        lab.setConnection(fixture());
        lab.addMember(member(QStringLiteral("A"), group, topic));
        QTRY_COMPARE_WITH_TIMEOUT(lab.consumed(QStringLiteral("A")), int64_t(900), 60000);
        lab.leave(QStringLiteral("A")); // commits on close
        QTRY_VERIFY_WITH_TIMEOUT(!lab.isRunning(QStringLiteral("A")), 30000);
        QVERIFY(produce(topic, 90)); // lag of 90 in all

        const test::ProcessResult tool
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                { "--bootstrap-server", m_bootstrap, "--describe", "--group", group });
        QVERIFY2(tool.exitCode == 0, tool.err.constData());
        const test::ProcessResult cli = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "group", "--bootstrap", m_bootstrap, group, "--json" });
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(cli.out).object();
        QCOMPARE(json.value(QLatin1String("group")).toString(), group);
        QCOMPARE(json.value(QLatin1String("state")).toString(), QStringLiteral("Empty"));
        const QJsonArray offsets = json.value(QLatin1String("offsets")).toArray();
        QCOMPARE(offsets.size(), 3);
        int64_t totalLag = 0;
        const QRegularExpression row(QStringLiteral("^\\S+\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)"),
            QRegularExpression::MultilineOption);
        int rows = 0;
        for (auto it = row.globalMatch(QString::fromUtf8(tool.out)); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            if (m.captured(1) != topic)
                continue;
            ++rows;
            const int p = m.captured(2).toInt();
            const QJsonObject o = offsets.at(p).toObject();
            QCOMPARE(o.value(QLatin1String("partition")).toInt(), p);
            QCOMPARE(o.value(QLatin1String("committed")).toInteger(), m.captured(3).toLongLong());
            QCOMPARE(o.value(QLatin1String("high_watermark")).toInteger(), m.captured(4).toLongLong());
            QCOMPARE(o.value(QLatin1String("lag")).toInteger(), m.captured(5).toLongLong());
            totalLag += m.captured(5).toLongLong();
        }
        QCOMPARE(rows, 3);
        QCOMPARE(totalLag, 90);
        QCOMPARE(json.value(QLatin1String("total_lag")).toInteger(), 90);

        // The groups list has it too.
        const test::ProcessResult list = test::run(
            test::builtProgram(QStringLiteral("app/kafkalab-cli")), { "groups", "--bootstrap", m_bootstrap, "--json" });
        QVERIFY(list.exitCode == 0);
        bool listed = false;
        for (const QJsonValue& v : QJsonDocument::fromJson(list.out).array())
            listed |= v.toObject().value(QLatin1String("group")).toString() == group;
        QVERIFY(listed);
    }

    void activeMembersAreDescribedWithTheirAssignments()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.members"));
        const QString group = unique(QStringLiteral("members"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 4 } }), QString());
        GroupLab lab;
        QVERIFY(startSplit(lab, group, topic, { "A", "B" }, 2));
        const test::ProcessResult cli = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "group", "--bootstrap", m_bootstrap, group, "--json" });
        const QJsonObject json = QJsonDocument::fromJson(cli.out).object();
        QCOMPARE(json.value(QLatin1String("state")).toString(), QStringLiteral("Stable"));
        QCOMPARE(json.value(QLatin1String("assignor")).toString(), QStringLiteral("range"));
        const QJsonArray members = json.value(QLatin1String("members")).toArray();
        QCOMPARE(members.size(), 2);
        QSet<QString> clients;
        int assigned = 0;
        for (const QJsonValue& m : members) {
            clients.insert(m.toObject().value(QLatin1String("client_id")).toString());
            assigned += int(m.toObject().value(QLatin1String("assignments")).toArray().size());
        }
        QCOMPARE(clients, (QSet<QString> { "A", "B" }));
        QCOMPARE(assigned, 4);
        const test::ProcessResult tool
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                { "--bootstrap-server", m_bootstrap, "--describe", "--group", group, "--members" });
        QVERIFY(tool.out.contains(" A ") || tool.out.contains("A\n") || tool.out.contains(" A"));
        QCOMPARE(QString::fromUtf8(tool.out).count(
                     QRegularExpression(QStringLiteral("\\s2\\s*$"), QRegularExpression::MultilineOption)),
            2);
    }

    // Consumers of the new protocol (KIP-848): kafkalab shows the state Kafka's own tool shows and the members and
    // their assignment (librdkafka 2.14.2 reads them with ConsumerGroupDescribe), and refuses a reset while the
    // group is not Empty.
    void newProtocolGroupShowsItsListedStateAndRefusesResetWhileActive()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.kip848"));
        const QString group = unique(QStringLiteral("kip848"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 4 } }), QString());
        QVERIFY(produce(topic, 200));
        const QString cli = test::builtProgram(QStringLiteral("app/kafkalab-cli"));

        std::vector<std::unique_ptr<QProcess>> consumers;
        auto stopConsumers = [&] {
            for (auto& p : consumers) {
                p->terminate(); // the console consumer's shutdown hook leaves the group
                if (!p->waitForFinished(30000)) {
                    p->kill();
                    p->waitForFinished(5000);
                }
            }
            consumers.clear();
        };
        auto cleanup = qScopeGuard(stopConsumers);
        for (int i = 0; i < 2; ++i) {
            auto p = std::make_unique<QProcess>();
            p->setStandardOutputFile(QProcess::nullDevice());
            p->setStandardErrorFile(QProcess::nullDevice());
            p->start(sandbox::findJava(),
                { "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", sandbox::kafkaLibDir() + QStringLiteral("/*"),
                    "org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", m_bootstrap, "--topic",
                    topic, "--group", group, "--from-beginning", "--consumer-property", "group.protocol=consumer",
                    "--consumer-property", QStringLiteral("client.id=kip848-%1").arg(i) });
            QVERIFY(p->waitForStarted(10000));
            consumers.push_back(std::move(p));
        }

        // Kafka's own tool: Stable with both members.
        QPair<QString, int> kafka;
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 120000) {
            kafka = kafkaToolState(group);
            if (kafka == QPair<QString, int>(QStringLiteral("Stable"), 2))
                break;
            QTest::qWait(1000);
        }
        QCOMPARE(kafka, (QPair<QString, int>(QStringLiteral("Stable"), 2)));

        // kafkalab's group: Kafka's state, never Dead. librdkafka 2.0.2 could not read such a group's members (its
        // DescribeConsumerGroups knew only DescribeGroups, which calls the group Dead); librdkafka 2.14.2 describes
        // it with ConsumerGroupDescribe, so the two members and their assignment are read like a classic group's.
        test::ProcessResult r = test::run(cli, { "group", "--bootstrap", m_bootstrap, group, "--json" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonObject json = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(json.value(QLatin1String("group")).toString(), group);
        QCOMPARE(json.value(QLatin1String("state")).toString(), kafkaToolState(group).first);
        QVERIFY2(json.value(QLatin1String("unreadable")).toString().isEmpty(), r.out.constData());
        const QJsonArray members = json.value(QLatin1String("members")).toArray();
        QCOMPARE(members.size(), 2);
        QSet<int> assigned;
        QStringList clients;
        for (const QJsonValue& m : members) {
            clients.append(m.toObject().value(QLatin1String("client_id")).toString());
            for (const QJsonValue& a : m.toObject().value(QLatin1String("assignments")).toArray()) {
                QCOMPARE(a.toObject().value(QLatin1String("topic")).toString(), topic);
                assigned.insert(a.toObject().value(QLatin1String("partition")).toInt());
            }
        }
        clients.sort();
        QCOMPARE(clients, (QStringList { QStringLiteral("kip848-0"), QStringLiteral("kip848-1") }));
        QCOMPARE(assigned, (QSet<int> { 0, 1, 2, 3 }));
        r = test::run(cli, { "group", "--bootstrap", m_bootstrap, group });
        QVERIFY2(r.out.contains("state Stable"), r.out.constData());
        QVERIFY2(!r.out.contains("not readable"), r.out.constData());

        // The groups list agrees.
        r = test::run(cli, { "groups", "--bootstrap", m_bootstrap, "--json" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        bool listed = false;
        for (const QJsonValue& v : QJsonDocument::fromJson(r.out).array()) {
            const QJsonObject g = v.toObject();
            if (g.value(QLatin1String("group")).toString() != group)
                continue;
            listed = true;
            QCOMPARE(g.value(QLatin1String("state")).toString(), QStringLiteral("Stable"));
            QVERIFY(g.value(QLatin1String("unreadable")).toString().isEmpty());
        }
        QVERIFY(listed);

        // A reset is refused with the reason (the broker itself would answer UNKNOWN_MEMBER_ID), dry run or not.
        for (const bool dry : { true, false }) {
            QStringList args { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to",
                "earliest" };
            if (dry)
                args.append(QStringLiteral("--dry-run"));
            r = test::run(cli, args);
            QVERIFY(r.exitCode != 0);
            QVERIFY2(r.err.contains("Refused") && r.err.contains("2 active member"), r.err.constData());
        }

        // Once the consumers have left, Kafka says Empty and so does kafkalab; the committed offsets and lag are
        // Kafka's, and a reset goes through.
        stopConsumers();
        waited.restart();
        while (waited.elapsed() < 60000 && (kafka = kafkaToolState(group)).first != QLatin1String("Empty"))
            QTest::qWait(1000);
        QCOMPARE(kafka.first, QStringLiteral("Empty"));
        r = test::run(cli, { "group", "--bootstrap", m_bootstrap, group, "--json" });
        json = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(json.value(QLatin1String("state")).toString(), QStringLiteral("Empty"));
        const test::ProcessResult tool
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                { "--bootstrap-server", m_bootstrap, "--describe", "--group", group });
        QVERIFY2(tool.exitCode == 0, tool.err.constData());
        const QJsonArray offsets = json.value(QLatin1String("offsets")).toArray();
        QCOMPARE(offsets.size(), 4);
        const QRegularExpression row(QStringLiteral("^\\S+\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)"),
            QRegularExpression::MultilineOption);
        int rows = 0;
        for (auto it = row.globalMatch(QString::fromUtf8(tool.out)); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            if (m.captured(1) != topic)
                continue;
            ++rows;
            const QJsonObject o = offsets.at(m.captured(2).toInt()).toObject();
            QCOMPARE(o.value(QLatin1String("committed")).toInteger(), m.captured(3).toLongLong());
            QCOMPARE(o.value(QLatin1String("high_watermark")).toInteger(), m.captured(4).toLongLong());
            QCOMPARE(o.value(QLatin1String("lag")).toInteger(), m.captured(5).toLongLong());
        }
        QCOMPARE(rows, 4);
        r = test::run(
            cli, { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "earliest" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = test::run(cli, { "group", "--bootstrap", m_bootstrap, group, "--json" });
        for (const QJsonValue& o : QJsonDocument::fromJson(r.out).object().value(QLatin1String("offsets")).toArray())
            QCOMPARE(o.toObject().value(QLatin1String("committed")).toInteger(), 0);
    }

    void resetOffsetsPreviewsRefusesActiveGroupsAndMovesOffsets()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.reset"));
        const QString group = unique(QStringLiteral("reset"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 2 } }), QString());
        QVERIFY(produce(topic, 200));
        GroupLab lab;
        lab.setConnection(fixture());
        lab.addMember(member(QStringLiteral("A"), group, topic));
        QTRY_COMPARE_WITH_TIMEOUT(lab.consumed(QStringLiteral("A")), int64_t(200), 60000);
        const QString cli = test::builtProgram(QStringLiteral("app/kafkalab-cli"));
        // Refused while A is in the group.
        test::ProcessResult r = test::run(
            cli, { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "earliest" });
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("active member"), r.err.constData());
        lab.leave(QStringLiteral("A"));
        QTRY_VERIFY_WITH_TIMEOUT(!lab.isRunning(QStringLiteral("A")), 30000);
        auto committed = [&] {
            const QJsonObject j
                = QJsonDocument::fromJson(test::run(cli, { "group", "--bootstrap", m_bootstrap, group, "--json" }).out)
                      .object();
            QList<qint64> out;
            for (const QJsonValue& o : j.value(QLatin1String("offsets")).toArray())
                out.append(o.toObject().value(QLatin1String("committed")).toInteger());
            return out;
        };
        const QList<qint64> before = committed();
        QCOMPARE(before.size(), 2);
        QCOMPARE(before[0] + before[1], qint64(200));
        // A dry run previews and changes nothing.
        r = test::run(cli,
            { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "shift:-30", "--dry-run" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("dry run"));
        QCOMPARE(committed(), before);
        // The real reset moves them as previewed, and Kafka's own tool sees the new offsets.
        r = test::run(
            cli, { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "shift:-30" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<qint64> after = committed();
        QCOMPARE(after, (QList<qint64> { before[0] - 30, before[1] - 30 }));
        const test::ProcessResult tool
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                { "--bootstrap-server", m_bootstrap, "--describe", "--group", group });
        QVERIFY2(tool.out.contains(QByteArray::number(before[0] - 30)), tool.out.constData());
        r = test::run(
            cli, { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "offset:0" });
        QCOMPARE(committed(), (QList<qint64> { 0, 0 }));
        r = test::run(cli, { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "latest" });
        QCOMPARE(committed()[0] + committed()[1], qint64(200));
        r = test::run(
            cli, { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "sideways" });
        QVERIFY(r.exitCode != 0);
        QVERIFY(r.err.contains("not a reset target"));
    }
};

QTEST_GUILESS_MAIN(TestGroups)
#include "test_groups.moc"
