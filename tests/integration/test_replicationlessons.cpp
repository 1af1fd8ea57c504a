// The four replication lessons (resources/scenarios) on one three-broker sandbox of its own, in sequence, each
// leaving every broker running for the next. Three run headless in this process through ScenarioSession, one step
// at a time, so that the cluster holds still between steps: where a lesson's step saw a partition's leader and ISR
// during a drill (after a broker was lost) and after it, Kafka's own TopicCommand --describe must report the same;
// where acks=1 lost data, kcat reads the topic and must hold exactly the messages the ledger read, none of those it
// counts missing. min-insync-replicas runs through `kafkalab-cli scenario run`. Bad input: a lesson whose topic
// wants more replicas than there are live brokers is refused before any step, and killing the last broker while a
// drill runs ends the lesson with the reason (last: it leaves no broker running).
#include "kafkacore/sandbox/sandboxsetup.h"
#include "kafkacore/scenarios/scenariosession.h"
#include "signallog.h"
#include "testsupport.h"
#include "topicstate.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace kafkalab;

namespace {

using test::describe;
using test::sorted;
using test::TopicState;

QString lessonFile(const QString& name)
{
    return qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/") + name
        + QStringLiteral(".json");
}

} // namespace

class TestReplicationLessons : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    test::OwnSandbox m_sandbox;
    QString m_bootstrap;
    QString m_control;
    QElapsedTimer m_clock;

    static QString cli() { return test::builtProgram(QStringLiteral("app/kafkalab-cli")); }

    // A topic as Kafka's own TopicCommand --describe reports it.
    static TopicState parseDescribe(const QByteArray& out)
    {
        static const QRegularExpression line(
            QStringLiteral("Partition: (\\d+)\\s+Leader: (-?\\d+|none)\\s+Replicas: ([\\d,]*)\\s+Isr: ([\\d,]*)"));
        auto ids = [](const QString& list) {
            QList<int> out;
            for (const QString& id : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
                out << id.toInt();
            return out;
        };
        TopicState state;
        for (auto it = line.globalMatch(QString::fromUtf8(out)); it.hasNext();) {
            const auto m = it.next();
            state[m.captured(1).toInt()] = { m.captured(2) == QLatin1String("none") ? -1 : m.captured(2).toInt(),
                ids(m.captured(3)), sorted(ids(m.captured(4))) };
        }
        return state;
    }

    // TopicCommand --describe started for what a step saw, while the lesson goes on with steps that do not change
    // leaders or ISR (a JVM takes seconds to start on this machine); settled before any step that may.
    struct PendingCheck {
        std::unique_ptr<QProcess> process;
        PartitionLeadership seen;
        int step = 0;
    };
    std::vector<PendingCheck> m_pending;

    void startCheck(const PartitionLeadership& seen, int step)
    {
        PendingCheck check { std::make_unique<QProcess>(), seen, step };
        check.process->start(sandbox::findJava(),
            { QStringLiteral("-Xmx256m"), QStringLiteral("-XX:TieredStopAtLevel=1"),
                QStringLiteral("-Dlog4j2.level=WARN"), QStringLiteral("-cp"),
                sandbox::kafkaLibDir() + QStringLiteral("/*"), QStringLiteral("org.apache.kafka.tools.TopicCommand"),
                QStringLiteral("--bootstrap-server"), m_bootstrap, QStringLiteral("--describe"),
                QStringLiteral("--topic"), seen.topic });
        m_pending.push_back(std::move(check));
    }

    // kafkalab's view of each partition (what the lesson's step saw) against TopicCommand's; empty when they agree.
    QString settleChecks()
    {
        QStringList problems;
        for (PendingCheck& c : m_pending) {
            // (waitForFinished answers false for a process that has already finished)
            if (c.process->state() != QProcess::NotRunning)
                c.process->waitForFinished(120000);
            if (c.process->state() != QProcess::NotRunning || c.process->exitStatus() != QProcess::NormalExit
                || c.process->exitCode() != 0) {
                problems << QStringLiteral("step %1: TopicCommand failed: %2")
                                .arg(c.step)
                                .arg(QString::fromUtf8(c.process->readAllStandardError()));
                continue;
            }
            const TopicState kafka = parseDescribe(c.process->readAllStandardOutput());
            const test::PartitionState k = kafka.value(c.seen.partition);
            if (k.leader == c.seen.leader && k.isr == sorted(c.seen.isr))
                continue;
            QStringList isr;
            for (int id : std::as_const(c.seen.isr))
                isr << QString::number(id);
            problems << QStringLiteral("step %1: %2[%3]: the lesson saw leader %4 isr %5 | kafka-topics %6")
                            .arg(c.step)
                            .arg(c.seen.topic)
                            .arg(c.seen.partition)
                            .arg(c.seen.leader)
                            .arg(isr.join(QLatin1Char(',')), describe(kafka));
        }
        m_pending.clear();
        return problems.join(QLatin1String("; "));
    }

    struct LessonRun {
        QList<ScenarioObservation> steps;
        bool held = false;
        int crossChecked = 0;
    };

    // Runs a lesson one step at a time; after each step that saw a partition with a leader right after a broker
    // was lost or brought back ("offline": false), and after the lesson's last partition step, TopicCommand must
    // agree. `more` sees every step (with the engine still alive: the lesson's topics still exist).
    void runLesson(
        const QString& name, LessonRun& out, const std::function<void(const ScenarioObservation&)>& more = {})
    {
        QString error;
        std::optional<Scenario> lesson = loadScenario(lessonFile(name), &error);
        QVERIFY2(lesson, qPrintable(error));
        lesson->sandbox = m_control;
        const qint64 started = m_clock.elapsed();
        ScenarioSession session(QStringLiteral("kafkalab-lesson-test"));
        test::SignalLog prepared(&session, &ScenarioSession::prepared);
        test::SignalLog<ScenarioObservation> observed(&session, &ScenarioSession::observed);
        test::SignalLog<bool, int> finished(&session, &ScenarioSession::finished);
        test::SignalLog retired(&session, &ScenarioSession::retired);
        auto retire = qScopeGuard([&] {
            session.stop();
            if (session.retiringCount() > 0)
                retired.waitForCount(1, 60000);
        });
        session.start(*lesson, { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) });
        QVERIFY2(prepared.waitForCount(1, 60000), "no answer from prepare");
        QVERIFY2(prepared.value(0).isEmpty(), qPrintable(prepared.value(0)));
        int lastPartitionStep = -1;
        for (qsizetype i = 0; i < lesson->steps.size(); ++i)
            if (lesson->steps[i].expectIsr || lesson->steps[i].expectOffline)
                lastPartitionStep = int(i);
        auto settle = qScopeGuard([this] { settleChecks(); });
        // A lesson that failed half-way may have left brokers stopped or frozen: the next one gets them back.
        auto restore = qScopeGuard([this] {
            if (!QTest::currentTestFailed())
                return;
            for (const char* action : { "resume", "start" })
                for (int id = 1; id <= 3; ++id)
                    test::run(cli(), { "broker", action, QString::number(id), "--sandbox", m_control }, 120000);
        });
        for (qsizetype i = 0; i < lesson->steps.size(); ++i) {
            const ScenarioStep& st = lesson->steps[i];
            const ScenarioAction a = st.action;
            if (a == ScenarioAction::Broker || a == ScenarioAction::ElectLeaders || a == ScenarioAction::AlterTopic) {
                const QString why = settleChecks();
                QVERIFY2(why.isEmpty(), qPrintable(name + QStringLiteral(": ") + why));
            }
            session.step();
            QVERIFY2(observed.waitForCount(i + 1, 240000),
                qPrintable(QStringLiteral("%1: step %2 never ended").arg(name).arg(i + 1)));
            const ScenarioObservation& o = observed.value(i);
            QVERIFY2(o.ok,
                qPrintable(QStringLiteral("%1 step %2 (%3): %4 %5")
                               .arg(name)
                               .arg(o.index)
                               .arg(actionName(o.action), o.errorName, o.errorText)));
            out.steps.append(o);
            const bool during = st.expectOffline && !*st.expectOffline;
            if (!o.leadership.isEmpty() && (during || i == lastPartitionStep)) {
                startCheck(o.leadership.first(), o.index);
                ++out.crossChecked;
            }
            if (more)
                more(o);
            if (QTest::currentTestFailed())
                return;
        }
        const QString why = settleChecks();
        QVERIFY2(why.isEmpty(), qPrintable(name + QStringLiteral(": ") + why));
        QVERIFY(finished.waitForCount(1, 10000));
        out.held = finished.value(0);
        qInfo("%s: %.1f s, %d step(s) cross-checked with kafka-topics", qPrintable(name),
            double(m_clock.elapsed() - started) / 1000.0, out.crossChecked);
    }

    static const LedgerReport* ledgerOf(const LessonRun& run)
    {
        for (const ScenarioObservation& o : run.steps)
            if (o.ledgers.contains(QStringLiteral("producer")))
                return &o.ledgers.find(QStringLiteral("producer")).value();
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_clock.start();
        QVERIFY(m_dir.isValid());
        const QString error = m_sandbox.start({ "--brokers", "3" }, m_dir.path());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_bootstrap = m_sandbox.bootstrap();
        m_control = m_sandbox.control();
        QVERIFY(!m_bootstrap.isEmpty() && !m_control.isEmpty());
    }

    void leaderFailoverLosesNothing()
    {
        LessonRun run;
        runLesson(QStringLiteral("leader-failover"), run);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(run.held);
        QCOMPARE(run.crossChecked, 2);
        const LedgerReport* ledger = ledgerOf(run);
        QVERIFY(ledger);
        QVERIFY2(ledger->clean() && ledger->acknowledged >= 300, qPrintable(ledger->summary()));
    }

    void minInsyncReplicasRefusesWritesHeadless()
    {
        const qint64 started = m_clock.elapsed();
        const test::ProcessResult r = test::run(cli(),
            { "scenario", "run", "--bootstrap", m_bootstrap, "--sandbox", m_control,
                lessonFile(QStringLiteral("min-insync-replicas")) },
            240000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        bool refused = false;
        bool caughtUp = false;
        for (const QByteArray& line : r.out.trimmed().split('\n')) {
            const QJsonObject step = QJsonDocument::fromJson(line).object();
            QCOMPARE(step.value(QLatin1String("result")).toString(), QStringLiteral("ok"));
            const QString expect = step.value(QLatin1String("expect")).toString();
            refused = refused || expect.contains(QLatin1String("NOT_ENOUGH_REPLICAS"));
            caughtUp = caughtUp || expect.contains(QLatin1String("reader has read the"));
        }
        QVERIFY(refused);
        QVERIFY(caughtUp);
        qInfo("min-insync-replicas: %.1f s", double(m_clock.elapsed() - started) / 1000.0);
    }

    void acksOneLosesWhatTheLedgerCounts()
    {
        LessonRun run;
        QString topic;
        QByteArray kcatOut;
        // Read with kcat while the lesson's engine (and so its topic) still exists: right after the ledger check.
        runLesson(QStringLiteral("acks-1-can-lose-data"), run, [&](const ScenarioObservation& o) {
            if (!o.leadership.isEmpty())
                topic = o.leadership.first().topic;
            if (o.action == ScenarioAction::CheckLedger) {
                const test::ProcessResult kcat = test::run(QStringLiteral("kcat"),
                    { "-C", "-b", m_bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s\\n" }, 60000);
                QCOMPARE(kcat.exitCode, 0);
                kcatOut = kcat.out;
            }
        });
        if (QTest::currentTestFailed())
            return;
        QVERIFY(run.held);
        QCOMPARE(run.crossChecked, 2);
        const LedgerReport* ledger = ledgerOf(run);
        QVERIFY(ledger);
        QVERIFY2(ledger->error.isEmpty() && ledger->missing > 0, qPrintable(ledger->summary()));
        // kcat reads what the ledger read (the topic is the lesson's alone), and none of what it counts missing.
        const QList<QByteArray> values = kcatOut.trimmed().split('\n');
        const QSet<QByteArray> read(values.begin(), values.end());
        QCOMPARE(qint64(values.size()), ledger->read + ledger->foreign);
        int missingChecked = 0;
        for (const KeyLedger& k : ledger->keys)
            for (qint64 seq : k.firstMissing) {
                QVERIFY2(!read.contains(ledgerValue(k.key, seq)), ledgerValue(k.key, seq).constData());
                ++missingChecked;
            }
        QVERIFY(missingChecked > 0);
        qInfo("acks=1: %lld acknowledged, %lld missing (kcat agrees on %d of them)", ledger->acknowledged,
            ledger->missing, missingChecked);
    }

    void consumerSurvivesBrokerLoss()
    {
        LessonRun run;
        runLesson(QStringLiteral("consumer-survives-broker-loss"), run);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(run.held);
        QCOMPARE(run.crossChecked, 2);
        const LedgerReport* ledger = ledgerOf(run);
        QVERIFY(ledger);
        QVERIFY2(ledger->clean(), qPrintable(ledger->summary()));
    }

    void moreReplicasThanLiveBrokersIsRefusedUpFront()
    {
        QFile file(m_dir.filePath(QStringLiteral("rf4.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"name\": \"rf4\", \"topics\": [{\"name\": \"rf4-{{run}}\", \"replication_factor\": 4}],"
                   "\"actors\": {\"p\": {\"type\": \"drill_producer\", \"topic\": \"rf4-{{run}}\"}},"
                   "\"steps\": [{\"actor\": \"p\", \"action\": \"start\"}]}");
        file.close();
        const test::ProcessResult r = test::run(
            cli(), { "scenario", "run", "--bootstrap", m_bootstrap, "--sandbox", m_control, file.fileName() }, 60000);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.trimmed().isEmpty(), r.out.constData()); // no step ran
        QVERIFY2(r.err.contains("rf4 needs 4 live brokers and the cluster has 3"), r.err.constData());
    }

    // Last: it leaves no broker running.
    void killingTheLastBrokerEndsALessonWithItsReason()
    {
        QFile file(m_dir.filePath(QStringLiteral("last.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"name\": \"last\", \"topics\": [{\"name\": \"last-{{run}}\", \"replication_factor\": 3}],"
                   "\"actors\": {\"p\": {\"type\": \"drill_producer\", \"topic\": \"last-{{run}}\"},"
                   "  \"r\": {\"type\": \"drill_consumer\", \"from\": \"p\"}},"
                   "\"steps\": [{\"actor\": \"p\", \"action\": \"start\"}, {\"actor\": \"r\", \"action\": \"start\"},"
                   "  {\"action\": \"expect\", \"actor\": \"p\", \"acknowledged_min\": 100},"
                   "  {\"action\": \"broker\", \"command\": \"kill\", \"id\": 1},"
                   "  {\"action\": \"broker\", \"command\": \"kill\", \"id\": 2},"
                   "  {\"action\": \"broker\", \"command\": \"kill\", \"id\": 3},"
                   "  {\"action\": \"expect\", \"actor\": \"p\", \"progress\": true},"
                   "  {\"actor\": \"p\", \"action\": \"close\"}]}");
        file.close();
        QElapsedTimer clock;
        clock.start();
        const test::ProcessResult r = test::run(
            cli(), { "scenario", "run", "--bootstrap", m_bootstrap, "--sandbox", m_control, file.fileName() }, 120000);
        QCOMPARE(r.exitCode, 1);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 6); // the run ends at the step that killed the last broker
        QVERIFY2(r.err.contains("NO_BROKER_LEFT"), r.err.constData());
        QVERIFY2(r.err.contains("the run ends here"), r.err.constData());
        qInfo("the lesson ended %.1f s after it started", double(clock.elapsed()) / 1000.0);
    }

    void cleanupTestCase()
    {
        ::kill(pid_t(m_sandbox.process.processId()), SIGKILL);
        QVERIFY(m_sandbox.process.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(test::javaProcessesMatching(m_dir.path()).isEmpty(), 20000);
        qInfo("total %.1f s", double(m_clock.elapsed()) / 1000.0);
    }
};

QTEST_GUILESS_MAIN(TestReplicationLessons)
#include "test_replicationlessons.moc"
