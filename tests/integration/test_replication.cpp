// The three-broker sandbox and its broker controls, end to end through kafkalab-cli: one sandbox (`kafkalab-cli
// sandbox --brokers 3`) for the whole test, controlled with `kafkalab-cli broker`, its leaders, replicas and ISR as
// kafkalab reads them (`kafkalab-cli cluster --json`, ClusterSession) checked against Kafka's own TopicCommand
// --describe. At the end the sandbox's owner is killed with SIGKILL and no node may outlive it.
#include "testsupport.h"
#include "topicstate.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace kafkalab;

namespace {

using test::describe;
using test::PartitionState;
using test::sorted;
using test::TopicState;

} // namespace

class TestReplication : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    test::OwnSandbox m_sandbox;
    QString m_bootstrap;
    QString m_control;
    QMap<int, qint64> m_pids; // node id -> pid

    static QString cli() { return test::builtProgram(QStringLiteral("app/kafkalab-cli")); }

    test::ProcessResult broker(const QStringList& args)
    {
        return test::run(cli(), QStringList { "broker" } + args + QStringList { "--sandbox", m_control }, 120000);
    }

    // The topic as kafkalab reads it (kafkalab-cli cluster --json: ClusterSession's snapshot).
    TopicState kafkalabView(const QString& topic, QJsonArray* brokers = nullptr)
    {
        const test::ProcessResult r = test::run(cli(), { "cluster", "--bootstrap", m_bootstrap, "--json" }, 60000);
        TopicState state;
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        if (brokers)
            *brokers = root.value(QLatin1String("brokers")).toArray();
        for (const QJsonValue& t : root.value(QLatin1String("topics")).toArray()) {
            if (t.toObject().value(QLatin1String("name")).toString() != topic)
                continue;
            for (const QJsonValue& pv : t.toObject().value(QLatin1String("partitions")).toArray()) {
                const QJsonObject p = pv.toObject();
                PartitionState s;
                s.leader = p.value(QLatin1String("leader")).toInt(-1);
                for (const QJsonValue& v : p.value(QLatin1String("replicas")).toArray())
                    s.replicas << v.toInt();
                for (const QJsonValue& v : p.value(QLatin1String("isr")).toArray())
                    s.isr << v.toInt();
                s.replicas = sorted(s.replicas);
                s.isr = sorted(s.isr);
                state[p.value(QLatin1String("partition")).toInt()] = s;
            }
        }
        return state;
    }

    // The topic as Kafka's own TopicCommand --describe reports it; `configs` gets its "Configs:" text.
    TopicState kafkaView(const QString& topic, QString* configs = nullptr)
    {
        const test::ProcessResult r = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.TopicCommand"),
            { "--bootstrap-server", m_bootstrap, "--describe", "--topic", topic });
        static const QRegularExpression line(
            QStringLiteral("Partition: (\\d+)\\s+Leader: (-?\\d+|none)\\s+Replicas: ([\\d,]*)\\s+Isr: ([\\d,]*)"));
        static const QRegularExpression conf(QStringLiteral("Configs: ([^\\n]*)"));
        TopicState state;
        const QString text = QString::fromUtf8(r.out);
        if (configs)
            *configs = conf.match(text).captured(1);
        auto ids = [](const QString& list) {
            QList<int> out;
            for (const QString& id : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
                out << id.toInt();
            return sorted(out);
        };
        for (auto it = line.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            PartitionState s;
            s.leader = m.captured(2) == QLatin1String("none") ? -1 : m.captured(2).toInt();
            s.replicas = ids(m.captured(3));
            s.isr = ids(m.captured(4));
            state[m.captured(1).toInt()] = s;
        }
        return state;
    }

    // Waits until kafkalab's view satisfies `settled`, then until kafkalab and Kafka's tool agree on a state that
    // holds across the tool's read (kafkalab read before and after it). Returns the empty string or what differed.
    QString agreeOnceSettled(const QString& topic, const std::function<bool(const TopicState&)>& settled)
    {
        QElapsedTimer clock;
        clock.start();
        QString last;
        while (clock.elapsed() < 60000) {
            const TopicState before = kafkalabView(topic);
            if (before.isEmpty() || !settled(before)) {
                last = QStringLiteral("not settled: ") + describe(before);
                QTest::qWait(500);
                continue;
            }
            const TopicState kafka = kafkaView(topic);
            const TopicState after = kafkalabView(topic);
            if (before == after && kafka == after)
                return {};
            last = QStringLiteral("kafkalab %1 | kafka-topics %2").arg(describe(after), describe(kafka));
        }
        return last;
    }

    void expectOk(const QStringList& args, const QString& says)
    {
        const test::ProcessResult r = broker(args);
        QVERIFY2(
            r.exitCode == 0, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + QString::fromUtf8(r.err)));
        QVERIFY2(QString::fromUtf8(r.out).contains(says), r.out.constData());
    }

    void expectRefused(const QStringList& args, int code, const QString& says)
    {
        const test::ProcessResult r = broker(args);
        QVERIFY2(r.exitCode == code,
            qPrintable(QStringLiteral("%1: exit %2: %3")
                           .arg(args.join(QLatin1Char(' ')))
                           .arg(r.exitCode)
                           .arg(QString::fromUtf8(r.err))));
        QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString error = m_sandbox.start({ "--brokers", "3" }, m_dir.path());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QStringList& lines = m_sandbox.lines;
        // bootstrap=..., then one line per node, then control=...
        QCOMPARE(lines.size(), 6);
        QVERIFY(lines.first().startsWith(QLatin1String("bootstrap=")));
        m_bootstrap = lines.first().mid(10);
        QCOMPARE(m_bootstrap.count(QLatin1Char(',')), 2);
        static const QRegularExpression node(QStringLiteral("^node=(\\d+) pid=(\\d+) port=(\\d+) role=(\\S+)$"));
        for (int i = 1; i <= 4; ++i) {
            const auto m = node.match(lines.at(i));
            QVERIFY2(m.hasMatch(), qPrintable(lines.at(i)));
            const int id = m.captured(1).toInt();
            m_pids[id] = m.captured(2).toLongLong();
            QCOMPARE(m.captured(4), id == 0 ? QStringLiteral("controller") : QStringLiteral("broker"));
            if (id > 0)
                QVERIFY(m_bootstrap.contains(QStringLiteral("127.0.0.1:%1").arg(m.captured(3))));
        }
        QCOMPARE(m_pids.keys(), (QList<int> { 0, 1, 2, 3 }));
        QVERIFY(lines.last().startsWith(QLatin1String("control=")));
        m_control = lines.last().mid(8);
        QCOMPARE(test::javaProcessesMatching(m_dir.path()).size(), 4);
    }

    void racksAndDemoTopics()
    {
        QJsonArray brokers;
        const TopicState orders = kafkalabView(QStringLiteral("orders"), &brokers);
        QCOMPARE(brokers.size(), 3);
        for (const QJsonValue& b : brokers) {
            const int id = b.toObject().value(QLatin1String("id")).toInt();
            QCOMPARE(b.toObject().value(QLatin1String("rack")).toString(), QStringLiteral("r%1").arg(id));
        }
        QCOMPARE(orders.size(), 6);
        for (const PartitionState& p : orders)
            QCOMPARE(p.replicas, (QList<int> { 1, 2, 3 }));
        QString configs;
        QCOMPARE(kafkaView(QStringLiteral("orders"), &configs), orders);
        QVERIFY2(configs.contains(QLatin1String("min.insync.replicas=2")), qPrintable(configs));
    }

    void killedLeaderIsReplacedAndRestarts()
    {
        const QString topic = QStringLiteral("orders");
        const int leader = kafkalabView(topic).value(0).leader;
        QVERIFY(leader >= 1 && leader <= 3);
        expectOk({ "kill", QString::number(leader) }, QStringLiteral("broker %1 killed (SIGKILL)").arg(leader));
        QTRY_VERIFY_WITH_TIMEOUT(
            test::javaProcessesMatching(m_dir.path() + QStringLiteral("/broker-%1/").arg(leader)).isEmpty(), 10000);
        QString why = agreeOnceSettled(topic, [leader](const TopicState& s) {
            for (const PartitionState& p : s)
                if (p.leader == leader || p.leader < 0 || p.isr.contains(leader))
                    return false;
            return true;
        });
        QVERIFY2(why.isEmpty(), qPrintable(why));
        expectRefused(
            { "kill", QString::number(leader) }, 1, QStringLiteral("broker %1 is already stopped").arg(leader));

        expectOk({ "start", QString::number(leader) }, QStringLiteral("broker %1 started").arg(leader));
        why = agreeOnceSettled(topic, [](const TopicState& s) {
            for (const PartitionState& p : s)
                if (p.isr.size() != 3)
                    return false;
            return true;
        });
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void pauseAndResume()
    {
        const QString pid = test::javaProcessesMatching(m_dir.path() + QStringLiteral("/broker-2/")).value(0);
        QVERIFY(!pid.isEmpty());
        expectOk({ "pause", "2" }, QStringLiteral("broker 2 paused"));
        auto resumeOnFailure = qScopeGuard([this] { broker({ "resume", "2" }); }); // the later tests need it
        // Stopped by a signal ("T" in /proc/PID/stat), once the kernel has delivered it.
        auto procState = [&pid] {
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            const QByteArray text = stat.open(QIODevice::ReadOnly) ? stat.readAll() : QByteArray();
            return text.mid(text.lastIndexOf(')') + 2, 1);
        };
        QTRY_COMPARE_WITH_TIMEOUT(procState(), QByteArray("T"), 10000);
        expectRefused({ "pause", "2" }, 1, QStringLiteral("broker 2 is already paused"));
        expectRefused({ "start", "2" }, 1, QStringLiteral("broker 2 is paused, not stopped"));
        expectOk({ "resume", "2" }, QStringLiteral("broker 2 resumed"));
        resumeOnFailure.dismiss();
        QTRY_VERIFY_WITH_TIMEOUT(procState() != "T", 10000);
        expectRefused({ "resume", "2" }, 1, QStringLiteral("broker 2 is not paused (it is running)"));
        const QString why = agreeOnceSettled(QStringLiteral("orders"), [](const TopicState& s) {
            for (const PartitionState& p : s)
                if (p.isr.size() != 3)
                    return false;
            return true;
        });
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void stoppedBrokerRejoinsTheIsr()
    {
        const QString topic = QStringLiteral("customer-events");
        expectOk({ "stop", "3" }, QStringLiteral("broker 3 stopped (clean shutdown)"));
        auto startOnFailure = qScopeGuard([this] { broker({ "start", "3" }); });
        QString why = agreeOnceSettled(topic, [](const TopicState& s) {
            for (const PartitionState& p : s)
                if (p.leader == 3 || p.leader < 0 || p.isr.contains(3))
                    return false;
            return true;
        });
        QVERIFY2(why.isEmpty(), qPrintable(why));
        expectRefused({ "pause", "3" }, 1, QStringLiteral("broker 3 is stopped, not running"));
        expectRefused({ "stop", "3" }, 1, QStringLiteral("broker 3 is already stopped"));
        // A topic with more replicas than live brokers: refused, with the reason.
        const test::ProcessResult create = test::run(cli(),
            { "topic", "create", "rf3-with-two-brokers", "--partitions", "1", "--replication-factor", "3",
                "--bootstrap", m_bootstrap });
        KAFKALAB_COMPARE_EXIT(create, 1);
        QVERIFY2(create.err.contains("replication factor 3 is more than the 2 broker(s)"), create.err.constData());

        startOnFailure.dismiss();
        expectOk({ "start", "3" }, QStringLiteral("broker 3 started"));
        why = agreeOnceSettled(topic, [](const TopicState& s) {
            for (const PartitionState& p : s)
                if (p.isr.size() != 3)
                    return false;
            return true;
        });
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void badInput()
    {
        expectRefused(
            { "kill", "7" }, 1, QStringLiteral("there is no broker 7 in this sandbox (its brokers: 1, 2, 3)"));
        expectRefused({ "stop", "0" }, 1, QStringLiteral("node 0 is the sandbox's controller"));
        expectRefused({ "start", "1" }, 1, QStringLiteral("broker 1 is already running"));
        expectRefused({ "explode", "1" }, 2, QStringLiteral("unknown broker action 'explode'"));
        expectRefused({ "kill", "one" }, 2, QStringLiteral("broker id"));
        expectRefused({ "kill", "1", "2" }, 2, QStringLiteral("unexpected argument '2'"));
        const test::ProcessResult gone
            = test::run(cli(), { "broker", "kill", "1", "--sandbox", m_dir.filePath(QStringLiteral("nothing")) });
        KAFKALAB_COMPARE_EXIT(gone, 1);
        QVERIFY2(gone.err.contains("is gone"), gone.err.constData());
        QCOMPARE(test::javaProcessesMatching(m_dir.path()).size(), 4);
    }

    // Last: it leaves no broker running.
    void scenarioBrokerStepsEndTheRunWhenNoBrokerIsLeft()
    {
        QFile file(m_dir.filePath(QStringLiteral("brokers.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"name\": \"brokers\", \"actors\": {\"p\": {\"type\": \"producer\"}}, \"steps\": ["
                   "{\"action\": \"broker\", \"command\": \"kill\", \"id\": 1},"
                   "{\"action\": \"broker\", \"command\": \"pause\", \"id\": 9},"
                   "{\"action\": \"broker\", \"command\": \"stop\", \"id\": 2},"
                   "{\"action\": \"broker\", \"command\": \"kill\", \"id\": 3},"
                   "{\"action\": \"wait\", \"ms\": 100}]}");
        file.close();
        const test::ProcessResult r = test::run(
            cli(), { "scenario", "run", "--bootstrap", m_bootstrap, "--sandbox", m_control, file.fileName() }, 180000);
        KAFKALAB_COMPARE_EXIT(r, 1);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4); // the run ends at the step that stopped the last broker
        auto ok = [&](int i) {
            return QJsonDocument::fromJson(lines.at(i)).object().value(QLatin1String("result")).toString()
                == QLatin1String("ok");
        };
        QVERIFY2(ok(0), lines.at(0).constData());
        QVERIFY2(!ok(1), lines.at(1).constData());
        QVERIFY2(r.err.contains("there is no broker 9"), r.err.constData());
        QVERIFY2(ok(2), lines.at(2).constData());
        QVERIFY2(!ok(3), lines.at(3).constData());
        QVERIFY2(r.err.contains("NO_BROKER_LEFT"), r.err.constData());
        QVERIFY2(r.err.contains("the run ends here"), r.err.constData());
        // The controller still runs: the sandbox is up, its brokers down.
        QCOMPARE(test::javaProcessesMatching(m_dir.path()).size(), 1);
    }

    void cleanupTestCase()
    {
        // The owner dies without a word: every node goes with it.
        ::kill(pid_t(m_sandbox.process.processId()), SIGKILL);
        QVERIFY(m_sandbox.process.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(test::javaProcessesMatching(m_dir.path()).isEmpty(), 20000);
    }
};

QTEST_GUILESS_MAIN(TestReplication)
#include "test_replication.moc"
