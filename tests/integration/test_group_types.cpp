// The groups inspector for every group type and lag in time, on the fixture broker: groups of Java consumers of the
// consumer protocol (KIP-848) and of the classic protocol, running and stopped, against Kafka's own kafka-groups
// --list and kafka-consumer-groups --describe --members --verbose; time lag against messages produced at known
// timestamps (python3-kafka) whose timestamps kcat reads back.
#include "groupstestbase.h"

#include <QDateTime>
#include <QTemporaryFile>

using namespace kafkalab;

namespace {

// One partition's assignment as Kafka's tool prints it ("t:0,1,2" or "-"), and the same from kafkalab's JSON.
QString toolParts(const QString& cell, const QString& topic)
{
    if (cell == QLatin1String("-"))
        return {};
    QStringList parts = cell.section(QLatin1Char(':'), 1).split(QLatin1Char(','), Qt::SkipEmptyParts);
    std::sort(parts.begin(), parts.end(), [](const QString& a, const QString& b) { return a.toInt() < b.toInt(); });
    return cell.section(QLatin1Char(':'), 0, 0) == topic ? parts.join(QLatin1Char(',')) : QStringLiteral("?");
}

QString jsonParts(const QJsonArray& parts)
{
    QList<int> ps;
    for (const QJsonValue& p : parts)
        ps.append(p.toObject().value(QLatin1String("partition")).toInt());
    std::sort(ps.begin(), ps.end());
    QStringList out;
    for (int p : ps)
        out.append(QString::number(p));
    return out.join(QLatin1Char(','));
}

} // namespace

class TestGroupTypes : public test::GroupsTestBase {
    Q_OBJECT

    QString cli() const { return test::builtProgram(QStringLiteral("app/kafkalab-cli")); }

    // Kafka's GroupsCommand --list: group -> type, lower case ("consumer", "classic").
    QHash<QString, QString> kafkaGroupTypes()
    {
        const test::ProcessResult tool = test::runKafkaTool(
            QStringLiteral("org.apache.kafka.tools.GroupsCommand"), { "--bootstrap-server", m_bootstrap, "--list" });
        QHash<QString, QString> out;
        for (const QString& line : QString::fromUtf8(tool.out).split(QLatin1Char('\n'))) {
            const QStringList cells = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (cells.size() >= 2 && cells.first() != QLatin1String("GROUP"))
                out.insert(cells.at(0), cells.at(1).toLower());
        }
        return out;
    }

    // kafka-consumer-groups --describe --members --verbose: client id -> (current, target) assignment as "0,1".
    QMap<QString, QPair<QString, QString>> kafkaMembers(const QString& group, const QString& topic)
    {
        const test::ProcessResult tool
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                { "--bootstrap-server", m_bootstrap, "--describe", "--group", group, "--members", "--verbose" });
        QMap<QString, QPair<QString, QString>> out;
        // GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS CURRENT-EPOCH CURRENT-ASSIGNMENT TARGET-EPOCH TARGET-ASSIGNMENT
        for (const QString& line : QString::fromUtf8(tool.out).split(QLatin1Char('\n'))) {
            const QStringList c = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (c.size() == 9 && c.first() == group)
                out.insert(c.at(3), { toolParts(c.at(6), topic), toolParts(c.at(8), topic) });
        }
        return out;
    }

    // The same from kafkalab-cli group --json (the target empty for a classic member, which has none).
    QMap<QString, QPair<QString, QString>> kafkalabMembers(const QJsonObject& json)
    {
        QMap<QString, QPair<QString, QString>> out;
        for (const QJsonValue& v : json.value(QLatin1String("members")).toArray()) {
            const QJsonObject m = v.toObject();
            out.insert(m.value(QLatin1String("client_id")).toString(),
                { jsonParts(m.value(QLatin1String("assignments")).toArray()),
                    jsonParts(m.value(QLatin1String("target_assignments")).toArray()) });
        }
        return out;
    }

    QJsonObject describe(const QString& group)
    {
        const test::ProcessResult r = test::run(cli(), { "group", "--bootstrap", m_bootstrap, group, "--json" });
        return QJsonDocument::fromJson(r.out).object();
    }

    QJsonObject listed(const QString& group)
    {
        const test::ProcessResult r = test::run(cli(), { "groups", "--bootstrap", m_bootstrap, "--json" });
        for (const QJsonValue& v : QJsonDocument::fromJson(r.out).array())
            if (v.toObject().value(QLatin1String("group")).toString() == group)
                return v.toObject();
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        connectFixture();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    void typesMembersAndTargetsAgreeWithKafkaTools()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.types"));
        const QString modern = test::unique(QStringLiteral("types-consumer"));
        const QString classic = test::unique(QStringLiteral("types-classic"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 4 } }), QString());
        QVERIFY(produce(topic, 200));

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
        for (const auto& [group, protocol] :
            { std::pair { modern, QStringLiteral("consumer") }, std::pair { classic, QStringLiteral("classic") } }) {
            for (int i = 0; i < 2; ++i) {
                auto p = std::make_unique<QProcess>();
                p->setStandardOutputFile(QProcess::nullDevice());
                p->setStandardErrorFile(QProcess::nullDevice());
                p->start(sandbox::findJava(),
                    { "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", sandbox::kafkaLibDir() + QStringLiteral("/*"),
                        "org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", m_bootstrap, "--topic",
                        topic, "--group", group, "--from-beginning", "--consumer-property",
                        QStringLiteral("group.protocol=%1").arg(protocol), "--consumer-property",
                        QStringLiteral("client.id=%1-%2").arg(protocol).arg(i) });
                QVERIFY(p->waitForStarted(10000));
                consumers.push_back(std::move(p));
            }
        }
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 120000
            && !(kafkaToolState(modern) == QPair<QString, int>(QStringLiteral("Stable"), 2)
                && kafkaToolState(classic) == QPair<QString, int>(QStringLiteral("Stable"), 2)))
            QTest::qWait(1000);
        QCOMPARE(kafkaToolState(modern), (QPair<QString, int>(QStringLiteral("Stable"), 2)));
        QCOMPARE(kafkaToolState(classic), (QPair<QString, int>(QStringLiteral("Stable"), 2)));

        // Types: Kafka's kafka-groups --list and kafkalab-cli groups --json.
        const QHash<QString, QString> types = kafkaGroupTypes();
        QCOMPARE(types.value(modern), QStringLiteral("consumer"));
        QCOMPARE(types.value(classic), QStringLiteral("classic"));
        QCOMPARE(listed(modern).value(QLatin1String("type")).toString(), types.value(modern));
        QCOMPARE(listed(classic).value(QLatin1String("type")).toString(), types.value(classic));

        // Members, current and target assignments: kafka-consumer-groups --describe --members --verbose. A stable
        // group's members do not move, but a read may fall between two heartbeats of a reconciling member: both
        // views are read again until they agree or a minute has passed.
        for (const QString& group : { modern, classic }) {
            QMap<QString, QPair<QString, QString>> kafka, ours;
            QJsonObject json;
            waited.restart();
            do {
                kafka = kafkaMembers(group, topic);
                json = describe(group);
                ours = kafkalabMembers(json);
            } while (kafka != ours && waited.elapsed() < 60000 && (QTest::qWait(1000), true));
            QCOMPARE(ours, kafka);
            QCOMPARE(ours.size(), 2);
            QCOMPARE(json.value(QLatin1String("type")).toString(), types.value(group));
            QCOMPARE(json.value(QLatin1String("state")).toString(), QStringLiteral("Stable"));
            QVERIFY(!json.contains(QLatin1String("unreadable")));
            QStringList all;
            for (const auto& [current, target] : ours.values())
                all.append(current);
            all = all.join(QLatin1Char(',')).split(QLatin1Char(','));
            std::sort(all.begin(), all.end());
            QCOMPARE(all, (QStringList { "0", "1", "2", "3" }));
            // A consumer-protocol member has a target (Kafka prints one); a classic member has none (Kafka: "-").
            for (const QJsonValue& m : json.value(QLatin1String("members")).toArray())
                QCOMPARE(m.toObject().contains(QLatin1String("target_assignments")), group == modern);
            // Every partition of the topic has its time lag: the consumers read everything, so 0.
            for (const QJsonValue& o : json.value(QLatin1String("offsets")).toArray()) {
                const QJsonObject row = o.toObject();
                if (row.value(QLatin1String("lag")).toInteger(-1) == 0)
                    QCOMPARE(row.value(QLatin1String("time_lag_ms")).toInteger(-1), 0);
            }
        }

        // Stopped: both Empty for Kafka and for kafkalab, types unchanged, no members, a reset allowed.
        stopConsumers();
        waited.restart();
        while (waited.elapsed() < 60000
            && (kafkaToolState(modern).first != QLatin1String("Empty")
                || kafkaToolState(classic).first != QLatin1String("Empty")))
            QTest::qWait(1000);
        for (const QString& group : { modern, classic }) {
            QCOMPARE(kafkaToolState(group).first, QStringLiteral("Empty"));
            const QJsonObject json = describe(group);
            QCOMPARE(json.value(QLatin1String("state")).toString(), QStringLiteral("Empty"));
            QCOMPARE(json.value(QLatin1String("members")).toArray().size(), 0);
            QCOMPARE(json.value(QLatin1String("type")).toString(), kafkaGroupTypes().value(group));
            QCOMPARE(listed(group).value(QLatin1String("type")).toString(), kafkaGroupTypes().value(group));
            const test::ProcessResult r = test::run(cli(),
                { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "earliest",
                    "--dry-run" });
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
    }

    // Messages with known timestamps (produced by python3-kafka with timestamp_ms, read back by kcat); a simple
    // group's committed offsets set by kafkalab; then the time lag per partition is now minus the timestamp of the
    // message at the committed offset, 0 where the group is caught up, and unknown (with why) where that message was
    // deleted.
    void timeLagIsNowMinusTheTimestampOfTheNextMessage()
    {
        const QString topic = test::unique(QStringLiteral("kafkalab.test.timelag"));
        const QString group = test::unique(QStringLiteral("timelag"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        const qint64 base = QDateTime::currentMSecsSinceEpoch() - qint64(3600) * 1000; // an hour ago
        // Partition 0 and 2: 20 messages, one a second from `base`; partition 1: 10.
        const QByteArray script = "import sys\n"
                                  "from kafka import KafkaProducer\n"
                                  "p = KafkaProducer(bootstrap_servers=sys.argv[1])\n"
                                  "base = int(sys.argv[3])\n"
                                  "for part, n in ((0, 20), (1, 10), (2, 20)):\n"
                                  "    for i in range(n):\n"
                                  "        p.send(sys.argv[2], value=b'v%d' % i, partition=part,\n"
                                  "               timestamp_ms=base + 1000 * i + part)\n"
                                  "p.flush()\n";
        test::ProcessResult r = test::run(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral("-c"), QString::fromLatin1(script), m_bootstrap, topic, QString::number(base) });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // The group's next message is offset 10 on every partition: partition 1 is caught up.
        r = test::run(
            cli(), { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "offset:10" });
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // What kcat reads at offset 10 of partition 0: the timestamp the time lag is measured from.
        r = test::run(QStringLiteral("kcat"),
            { "-C", "-b", m_bootstrap, "-t", topic, "-p", "0", "-o", "10", "-c", "1", "-e", "-f", "%T\\n" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const qint64 at10 = r.out.trimmed().toLongLong();
        QCOMPARE(at10, base + 10000);

        qint64 before = QDateTime::currentMSecsSinceEpoch();
        QJsonObject json = describe(group);
        qint64 after = QDateTime::currentMSecsSinceEpoch();
        QJsonArray offsets = json.value(QLatin1String("offsets")).toArray();
        QCOMPARE(offsets.size(), 3);
        const qint64 lag0 = offsets.at(0).toObject().value(QLatin1String("time_lag_ms")).toInteger(-1);
        QVERIFY2(lag0 >= before - at10 && lag0 <= after - at10, qPrintable(QString::number(lag0)));
        QCOMPARE(offsets.at(1).toObject().value(QLatin1String("lag")).toInteger(-1), 0);
        QCOMPARE(offsets.at(1).toObject().value(QLatin1String("time_lag_ms")).toInteger(-1), 0);
        const qint64 lag2 = offsets.at(2).toObject().value(QLatin1String("time_lag_ms")).toInteger(-1);
        QVERIFY(lag2 >= before - (base + 10002) && lag2 <= after - (base + 10002));
        const qint64 groupLag = json.value(QLatin1String("time_lag_ms")).toInteger(-1);
        QCOMPARE(groupLag, std::max(lag0, lag2));
        // One look: no rate yet, so no estimate.
        QCOMPARE(json.value(QLatin1String("lag_trend")).toString(), QStringLiteral("unknown"));

        // Records before offset 15 of partition 2 deleted (Kafka's own kafka-delete-records): the message at the
        // committed offset 10 is gone, so that partition's time lag is unknown, with the reason, and so is the
        // group's (its largest could be that one).
        QTemporaryFile spec;
        QVERIFY(spec.open());
        spec.write(QStringLiteral("{\"partitions\":[{\"topic\":\"%1\",\"partition\":2,\"offset\":15}],\"version\":1}")
                       .arg(topic)
                       .toUtf8());
        spec.flush();
        const test::ProcessResult deleted
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.DeleteRecordsCommand"),
                { "--bootstrap-server", m_bootstrap, "--offset-json-file", spec.fileName() });
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        json = describe(group);
        offsets = json.value(QLatin1String("offsets")).toArray();
        QVERIFY(offsets.at(2).toObject().value(QLatin1String("time_lag_ms")).isNull());
        QVERIFY2(offsets.at(2)
                     .toObject()
                     .value(QLatin1String("time_lag_unknown"))
                     .toString()
                     .contains(QLatin1String("gone")),
            qPrintable(QJsonDocument(offsets.at(2).toObject()).toJson()));
        QVERIFY(json.value(QLatin1String("time_lag_ms")).isNull());
        QVERIFY(offsets.at(0).toObject().value(QLatin1String("time_lag_ms")).toInteger(-1) >= lag0);

        // The monitor's refreshes measure the consumption rate from the committed offsets' movement: the group
        // moves from 10 to 15 on partition 0 between two looks, nothing is produced, so the lag is clearing, at the
        // rate the offsets moved.
        GroupsMonitor monitor(fixture());
        test::SignalLog described(&monitor, &GroupsMonitor::described);
        monitor.describe({ group });
        QVERIFY(described.waitForCount(1, 60000));
        QTest::qWait(1100); // a rate needs two looks at least a second apart
        r = test::run(
            cli(), { "reset-offsets", "--bootstrap", m_bootstrap, group, "--topic", topic, "--to", "offset:15" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        monitor.describe({ group });
        QVERIFY(described.waitForCount(2, 60000));
        const GroupDescription g = described.value(1).first();
        const GroupOffset& p0 = g.offsets.at(0);
        QCOMPARE(p0.committed, 15);
        QVERIFY(p0.consumedPerSec > 0);
        QCOMPARE(p0.producedPerSec, 0.0);
        QCOMPARE(p0.trend.kind, LagTrend::Kind::Clearing);
        QCOMPARE(p0.trend.clearsInMs, int64_t(std::ceil(double(p0.lag()) / p0.consumedPerSec * 1000.0)));
        // Partition 2 moved from below the log start to 15 (its rate counts deleted offsets as consumed); the group
        // clears at the sum of the rates.
        QCOMPARE(g.trend.kind, LagTrend::Kind::Clearing);
        QStringList why;
        for (const GroupOffset& o : g.offsets)
            why.append(QStringLiteral("%1: %2 %3").arg(o.partition).arg(o.timeLagMs).arg(o.timeLagUnknown));
        QVERIFY2(g.timeLagMs() >= 0, qPrintable(why.join(QLatin1String("; ")))); // offset 15 exists everywhere
    }
};

QTEST_GUILESS_MAIN(TestGroupTypes)
#include "test_group_types.moc"
