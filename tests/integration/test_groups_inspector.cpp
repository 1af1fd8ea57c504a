// The groups inspector on the fixture broker against Kafka's own kafka-consumer-groups: offsets and lag, members and
// assignments, a group of the consumer protocol (KIP-848), and offset resets.
#include "groupstestbase.h"

using namespace kafkalab;

class TestGroupsInspector : public test::GroupsTestBase {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        connectFixture();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    void inspectorAgreesWithKafkaConsumerGroupsTool()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.inspect"));
        const QString group = test::unique(QStringLiteral("inspect"));
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
        const QString topic = test::unique(QStringLiteral("kafkalab.test.members"));
        const QString group = test::unique(QStringLiteral("members"));
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
        const QString topic = test::unique(QStringLiteral("kafkalab.test.kip848"));
        const QString group = test::unique(QStringLiteral("kip848"));
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
        const QString topic = test::unique(QStringLiteral("kafkalab.test.reset"));
        const QString group = test::unique(QStringLiteral("reset"));
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

QTEST_GUILESS_MAIN(TestGroupsInspector)
#include "test_groups_inspector.moc"
