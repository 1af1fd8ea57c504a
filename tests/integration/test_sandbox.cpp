// Starts and stops real sandbox brokers of its own (besides the ctest fixture's) and checks that none outlives
// its owner.
#include "kafkacore/sandbox/localsandbox.h"
#include "kafkacore/sandbox/sandboxprobe.h"
#include "testsupport.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

using namespace kafkalab;

static bool processAlive(qint64 pid)
{
    // A zombie still has /proc/PID; its state letter is Z.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || text.mid(close + 2, 1) != "Z";
}

static QStringList kcatTopics(const QString& bootstrap)
{
    const test::ProcessResult r = test::run(QStringLiteral("kcat"), { "-b", bootstrap, "-L", "-J" });
    QStringList names;
    for (const QJsonValue& t : QJsonDocument::fromJson(r.out).object().value(QLatin1String("topics")).toArray())
        names.append(t.toObject().value(QLatin1String("topic")).toString());
    return names;
}

// Waits for ready or failed, whichever comes first; a failure's message becomes the test's message.
static bool waitReady(LocalSandbox& sandbox, QString* error)
{
    if (sandbox.state() == LocalSandbox::State::Running)
        return true;
    QEventLoop loop;
    QObject::connect(&sandbox, &LocalSandbox::ready, &loop, &QEventLoop::quit);
    QObject::connect(&sandbox, &LocalSandbox::failed, &loop, &QEventLoop::quit);
    QTimer::singleShot(180000, &loop, &QEventLoop::quit);
    loop.exec();
    *error = sandbox.state() == LocalSandbox::State::Running ? QString() : sandbox.errorString();
    return sandbox.state() == LocalSandbox::State::Running;
}

#define VERIFY_READY(sandbox)                                                                                          \
    do {                                                                                                               \
        QString why_;                                                                                                  \
        QVERIFY2(waitReady(sandbox, &why_), qPrintable(why_));                                                         \
    } while (false)

class TestSandbox : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsReportsAndStopsCleanly()
    {
        LocalSandbox sandbox;
        QSignalSpy ready(&sandbox, &LocalSandbox::ready);
        QSignalSpy failed(&sandbox, &LocalSandbox::failed);
        QSignalSpy logs(&sandbox, &LocalSandbox::logLines);
        sandbox.start();
        VERIFY_READY(sandbox);
        QVERIFY(failed.isEmpty());
        QCOMPARE(sandbox.state(), LocalSandbox::State::Running);
        const QString bootstrap = ready.first().first().toString();
        QCOMPARE(bootstrap, sandbox.bootstrap());
        QVERIFY(bootstrap.startsWith(QLatin1String("127.0.0.1:")));
        QVERIFY(!logs.isEmpty());
        QVERIFY(sandbox.recentLog().join(QLatin1Char('\n')).contains(QLatin1String("Kafka Server started")));

        // A client we did not write sees the broker and every demo topic.
        const QStringList topics = kcatTopics(bootstrap);
        for (const TopicSpec& t : demoTopics())
            QVERIFY2(topics.contains(t.name), qPrintable(t.name));

        const qint64 pid = sandbox.brokerPid();
        const QString dataDir = sandbox.dataDir();
        QVERIFY(pid > 0 && processAlive(pid));
        QVERIFY(QFileInfo::exists(dataDir));
        QSignalSpy stopped(&sandbox, &LocalSandbox::stopped);
        sandbox.stop();
        QCOMPARE(sandbox.state(), LocalSandbox::State::Stopping);
        QVERIFY(stopped.wait(60000));
        QCOMPARE(sandbox.state(), LocalSandbox::State::Stopped);
        QVERIFY(!processAlive(pid));
        QVERIFY(test::javaProcessesMatching(dataDir).isEmpty());
        QVERIFY2(!QFileInfo::exists(dataDir), "the temporary data directory is removed");
    }

    void persistentDataDirKeepsTopicsMessagesAndPort()
    {
        QTemporaryDir dir;
        SandboxOptions options;
        options.dataDir = dir.path();
        int port = 0;
        {
            LocalSandbox sandbox(options);
            QSignalSpy ready(&sandbox, &LocalSandbox::ready);
            sandbox.start();
            VERIFY_READY(sandbox);
            port = sandbox.port();
            const test::ProcessResult r = test::run(QStringLiteral("kcat"),
                { "-b", sandbox.bootstrap(), "-P", "-t", "orders", "-K:", "-p", "2" }, 30000, "kept:across restarts\n");
            KAFKALAB_COMPARE_EXIT(r, 0);
            QSignalSpy stopped(&sandbox, &LocalSandbox::stopped);
            sandbox.stop();
            QVERIFY(stopped.wait(60000));
        }
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("kraft/meta.properties"))));
        LocalSandbox again(options);
        QSignalSpy ready(&again, &LocalSandbox::ready);
        again.start();
        VERIFY_READY(again);
        QCOMPARE(again.port(), port);
        const test::ProcessResult r = test::run(QStringLiteral("kcat"),
            { "-b", again.bootstrap(), "-C", "-t", "orders", "-p", "2", "-o", "beginning", "-e", "-q", "-f",
                "%k=%s\\n" });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QCOMPARE(r.out, QByteArray("kept=across restarts\n"));
    }

    void brokerThatExitsEarlyShowsItsLastLogLines()
    {
        QTemporaryDir dir;
        SandboxOptions options;
        options.dataDir = dir.path();
        {
            LocalSandbox first(options);
            QSignalSpy ready(&first, &LocalSandbox::ready);
            first.start();
            VERIFY_READY(first);
        } // the destructor stops it
        QVERIFY(test::javaProcessesMatching(dir.path()).isEmpty());
        // The storage was formatted for node 1; a broker told it is node 2 refuses to start and exits.
        options.extraConfig.insert(QStringLiteral("node.id"), QStringLiteral("2"));
        options.extraConfig.insert(QStringLiteral("controller.quorum.voters"), QStringLiteral("2@127.0.0.1:1"));
        LocalSandbox sandbox(options);
        QSignalSpy failed(&sandbox, &LocalSandbox::failed);
        sandbox.start();
        QVERIFY(failed.wait(120000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("during start-up")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("Last log lines")), qPrintable(message));
        QCOMPARE(sandbox.state(), LocalSandbox::State::Failed);
        QVERIFY(test::javaProcessesMatching(dir.path()).isEmpty());
    }

    void startupTimeoutIsAPlainError()
    {
        SandboxOptions options;
        options.startupTimeoutMs = 300;
        LocalSandbox sandbox(options);
        QSignalSpy failed(&sandbox, &LocalSandbox::failed);
        sandbox.start();
        QVERIFY(failed.wait(30000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("did not become ready within")), qPrintable(message));
        QVERIFY(test::javaProcessesMatching(sandbox.dataDir()).isEmpty());
    }

    void brokerDiesWithAKilledParent()
    {
        QTemporaryDir dir;
        QProcess cli;
        cli.start(test::builtProgram(QStringLiteral("app/kafkalab-cli")), { "sandbox", "--data-dir", dir.path() });
        QVERIFY(cli.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += cli.readAllStandardOutput()).contains("control="), 180000);
        // Nothing on stdout but the bootstrap line, the node's line (issue 17) and the control socket's.
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.at(0).startsWith("bootstrap=127.0.0.1:"));
        const QList<QString> pids = test::javaProcessesMatching(dir.path());
        QCOMPARE(pids.size(), 1);
        QCOMPARE(lines.at(1),
            "node=1 pid=" + pids.first().toUtf8() + " port=" + lines.at(0).mid(lines.at(0).lastIndexOf(':') + 1)
                + " role=broker,controller");
        QCOMPARE(lines.at(2), "control=" + dir.filePath(QStringLiteral("kafkalab-sandbox.control.sock")).toUtf8());
        ::kill(pid_t(cli.processId()), SIGKILL); // no chance to clean up
        QVERIFY(cli.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(test::javaProcessesMatching(dir.path()).isEmpty(), 20000);
    }

    void brokerDiesWithAKilledGui()
    {
        // kafkalab (offscreen) starts its sandbox at launch; killed with SIGKILL, it takes the broker with it.
        QTemporaryDir dir;
        QProcess gui;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        gui.setProcessEnvironment(env);
        gui.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        gui.setStandardOutputFile(QProcess::nullDevice());
        gui.start(test::builtProgram(QStringLiteral("app/kafkalab")), { "--data-dir", dir.path() });
        QVERIFY(gui.waitForStarted());
        // The control socket appears once the sandbox is ready.
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo::exists(dir.filePath(QStringLiteral("kafkalab-sandbox.control.sock"))), 180000);
        QCOMPARE(test::javaProcessesMatching(dir.path()).size(), 1);
        ::kill(pid_t(gui.processId()), SIGKILL);
        QVERIFY(gui.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(test::javaProcessesMatching(dir.path()).isEmpty(), 20000);
    }

    void orphanOfADeadOwnerIsKilledAtStart()
    {
        // A node left running on a data directory whose owner is gone (here: a stand-in with the node's command
        // line, re-parented to init so that no parent-death signal reaches it) is killed by the next start.
        QTemporaryDir dir;
        const QString fake = dir.filePath(QStringLiteral("config/server.properties"));
        qint64 orphan = 0;
        QVERIFY(QProcess::startDetached(QStringLiteral("/bin/bash"),
            { "-c", QStringLiteral("exec -a 'java kafka.Kafka %1' sleep 300").arg(fake) }, QString(), &orphan));
        QTRY_VERIFY_WITH_TIMEOUT(!test::javaProcessesMatching(dir.path()).isEmpty(), 5000);
        SandboxOptions options;
        options.dataDir = dir.path();
        options.startupTimeoutMs = 300; // it need not get far: the clean-up comes first
        LocalSandbox sandbox(options);
        QSignalSpy failed(&sandbox, &LocalSandbox::failed);
        sandbox.start();
        QVERIFY(failed.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(orphan), 5000);
    }

    void secondSandboxOnTheSameDataDirIsRefused()
    {
        // The second one says why (the first holds the directory) and leaves the first's settings alone.
        QTemporaryDir dir;
        QProcess first;
        first.start(test::builtProgram(QStringLiteral("app/kafkalab-cli")), { "sandbox", "--data-dir", dir.path() });
        QVERIFY(first.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += first.readAllStandardOutput()).contains("bootstrap="), 180000);
        QFile ini(dir.filePath(QStringLiteral("kafkalab-sandbox.ini")));
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray settings = ini.readAll();
        ini.close();
        const test::ProcessResult second = test::run(
            test::builtProgram(QStringLiteral("app/kafkalab-cli")), { "sandbox", "--data-dir", dir.path() }, 60000);
        KAFKALAB_COMPARE_EXIT(second, 1);
        QVERIFY2(second.err.contains("is in use by another sandbox"), second.err.constData());
        QVERIFY2(second.err.contains(QByteArray::number(first.processId())), second.err.constData());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QCOMPARE(ini.readAll(), settings);
        QCOMPARE(test::javaProcessesMatching(dir.path()).size(), 1);
        ::kill(pid_t(first.processId()), SIGTERM);
        QVERIFY(first.waitForFinished(60000));
    }

    void staleTemporarySandboxIsRemoved()
    {
        // A temporary sandbox folder whose owner died (kill -9) goes at the next start; a live one stays.
        QProcess gone;
        gone.start(QStringLiteral("true"));
        QVERIFY(gone.waitForFinished());
        const qint64 deadPid = gone.processId() > 0 ? gone.processId() : 999999;
        const QString stale = QDir::tempPath() + QStringLiteral("/kafkalab-sandbox-staletest%1").arg(deadPid);
        QVERIFY(QDir().mkpath(stale));
        QFile lock(stale + QStringLiteral("/kafkalab-sandbox.lock"));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(QByteArray::number(deadPid) + "\nkafkalab-cli\n" + QSysInfo::machineHostName().toUtf8() + "\n");
        lock.close();
        SandboxOptions options;
        options.startupTimeoutMs = 300; // it need not get far: the clean-up comes first
        LocalSandbox sandbox(options);
        QSignalSpy failed(&sandbox, &LocalSandbox::failed);
        sandbox.start();
        QVERIFY(failed.wait(30000));
        QVERIFY2(!QFileInfo::exists(stale), qPrintable(stale));
    }

    // --schema-registry: Apicurio runs beside the broker, answers on the URL printed, and a clean stop (SIGTERM)
    // ends both (the registry is one more SandboxNode: the stop waits for it too).
    void schemaRegistryStartsAndStopsWithTheSandbox()
    {
        QTemporaryDir dir;
        QProcess cli;
        cli.start(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "sandbox", "--schema-registry", "--data-dir", dir.path() });
        QVERIFY(cli.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += cli.readAllStandardOutput()).contains("control="), 240000);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QVERIFY2(lines.size() >= 2 && lines.at(1).startsWith("schema_registry=http://127.0.0.1:"), out.constData());
        const QString url = QString::fromUtf8(lines.at(1).mid(16));
        QVERIFY2(url.endsWith(QLatin1String("/apis/ccompat/v7")), qPrintable(url));
        const QString port = url.section(QLatin1Char(':'), 2).section(QLatin1Char('/'), 0, 0);
        const QString registryNeedle = QStringLiteral("-Dquarkus.http.port=") + port + QLatin1Char(' ');
        QCOMPARE(test::javaProcessesMatching(registryNeedle).size(), 1);
        // the registry answers (curl is not ours): a fresh one has no subjects
        const test::ProcessResult subjects = test::run(QStringLiteral("curl"), { "-s", "-m", "10", url + "/subjects" });
        KAFKALAB_COMPARE_EXIT(subjects, 0);
        QCOMPARE(subjects.out.trimmed(), QByteArray("[]"));
        ::kill(pid_t(cli.processId()), SIGTERM);
        QVERIFY(cli.waitForFinished(90000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(test::javaProcessesMatching(dir.path()).isEmpty());
        QVERIFY(test::javaProcessesMatching(registryNeedle).isEmpty());
        QVERIFY(cli.readAllStandardError().contains("Stopping the Kafka broker"));
    }

    void cliStopsTheBrokerOnSigterm()
    {
        QTemporaryDir dir;
        QProcess cli;
        cli.start(test::builtProgram(QStringLiteral("app/kafkalab-cli")), { "sandbox", "--data-dir", dir.path() });
        QVERIFY(cli.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += cli.readAllStandardOutput()).contains("bootstrap="), 180000);
        ::kill(pid_t(cli.processId()), SIGTERM);
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(test::javaProcessesMatching(dir.path()).isEmpty());
        QVERIFY(cli.readAllStandardError().contains("Stopping the Kafka broker"));
    }
};

QTEST_GUILESS_MAIN(TestSandbox)
#include "test_sandbox.moc"
