#include "testsupport.h"

#include "kafkacore/sandbox/classarchive.h"
#include "kafkacore/sandbox/sandboxsetup.h"
#include "kafkacore/topics/topicadmin.h"

#include <librdkafka/rdkafka.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>

namespace kafkalab::test {

QString fixtureBootstrap()
{
    const QString file = qEnvironmentVariable("KAFKALAB_BOOTSTRAP_FILE");
    QFile f(file);
    if (file.isEmpty() || !f.open(QIODevice::ReadOnly)) {
        qWarning("KAFKALAB_BOOTSTRAP_FILE is not set or unreadable: run this test through ctest, which starts the "
                 "sandbox fixture");
        return {};
    }
    return QString::fromUtf8(f.readAll()).trimmed();
}

ProcessResult run(const QString& program, const QStringList& args, int timeoutMs, const QByteArray& input)
{
    QProcess p;
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        r.err += "\n(" + program.toUtf8() + " was still running after " + QByteArray::number(timeoutMs / 1000.0)
            + " s and was killed)";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    if (p.exitStatus() == QProcess::CrashExit)
        r.err += "\n(" + program.toUtf8() + " crashed)";
    return r;
}

ProcessResult runKafkaTool(const QString& mainClass, const QStringList& args, int timeoutMs)
{
    // The sandbox's class archive (same jars, same Java) starts the tool in about half the CPU.
    const QString java = sandbox::findJava();
    QStringList jvm = sandbox::ClassArchive::forRuntime(java, sandbox::kafkaLibDir()).useArguments();
    jvm += QStringList { QStringLiteral("-Xmx256m"), QStringLiteral("-XX:TieredStopAtLevel=1"),
        QStringLiteral("-Dlog4j2.level=WARN"), QStringLiteral("-cp"), sandbox::kafkaLibDir() + QStringLiteral("/*"),
        mainClass };
    return run(java, jvm + args, timeoutMs);
}

ScenarioRun runScenario(const QStringList& args, int timeoutMs)
{
    const ProcessResult r = run(builtProgram(QStringLiteral("app/kafkalab-cli")),
        QStringList { QStringLiteral("scenario"), QStringLiteral("run") } + args, timeoutMs);
    ScenarioRun out;
    out.exitCode = r.exitCode;
    out.err = r.err;
    for (const QByteArray& line : r.out.split('\n'))
        if (!line.isEmpty())
            out.steps.append(QJsonDocument::fromJson(line).object());
    return out;
}

QStringList seenValues(const QJsonObject& step, const QString& consumer)
{
    QStringList values;
    for (const QJsonValue& m : step.value(QLatin1String("consumers")).toObject().value(consumer).toArray())
        values.append(m.toObject().value(QLatin1String("value")).toString());
    return values;
}

// SIGTERM, then SIGKILL after `graceMs`.
static void stopProcess(QProcess& process, int graceMs)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(graceMs)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

OwnRegistry::~OwnRegistry()
{
    stopProcess(process, 15000);
}

QString OwnRegistry::start(int timeoutMs)
{
    const QString dir = sandbox::apicurioDir();
    if (sandbox::apicurioJar(dir).isEmpty())
        return QStringLiteral("Apicurio Registry is not in %1: run scripts/fetch-apicurio").arg(dir);
    const int port = sandbox::pickFreePort();
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    process.start(sandbox::findJava(), sandbox::apicurioArguments(dir, port));
    QElapsedTimer clock;
    clock.start();
    QByteArray log;
    while (!log.contains("Listening on: http")) {
        if (process.state() == QProcess::NotRunning || clock.elapsed() > timeoutMs)
            return QStringLiteral("Apicurio Registry %1 after %2 s; its output ends:\n%3")
                .arg(
                    process.state() == QProcess::NotRunning ? QStringLiteral("ended") : QStringLiteral("was not ready"))
                .arg(double(clock.elapsed()) / 1000.0)
                .arg(QString::fromUtf8(log.right(3000)));
        process.waitForReadyRead(200);
        log += process.readAll();
    }
    url = sandbox::apicurioUrl(port);
    return {};
}

OwnSandbox::~OwnSandbox()
{
    stopProcess(process, 60000);
}

QString OwnSandbox::start(const QStringList& args, const QString& dataDir, int timeoutMs)
{
    m_dir = dataDir;
    QElapsedTimer clock;
    clock.start();
    process.setStandardErrorFile(dataDir + QStringLiteral("/sandbox.log"));
    process.start(builtProgram(QStringLiteral("app/kafkalab-cli")),
        QStringList { QStringLiteral("sandbox") } + args
            + QStringList { QStringLiteral("--data-dir"), dataDir, QStringLiteral("--watch-pid"),
                QString::number(QCoreApplication::applicationPid()) });
    if (!process.waitForStarted(10000))
        return QStringLiteral("kafkalab-cli sandbox did not start: %1").arg(process.errorString());
    QByteArray out;
    while (!out.contains("\ncontrol=") && !out.startsWith("control=")) {
        if (process.state() == QProcess::NotRunning || clock.elapsed() > timeoutMs) {
            QFile log(dataDir + QStringLiteral("/sandbox.log"));
            static_cast<void>(log.open(QIODevice::ReadOnly));
            return QStringLiteral("the sandbox (%1) %2 after %3 s; its log ends:\n%4")
                .arg(args.join(QLatin1Char(' ')),
                    process.state() == QProcess::NotRunning ? QStringLiteral("ended") : QStringLiteral("was not ready"))
                .arg(double(clock.elapsed()) / 1000.0)
                .arg(QString::fromUtf8(log.readAll().right(3000)));
        }
        process.waitForReadyRead(200);
        out += process.readAllStandardOutput();
    }
    // Everything up to the control line (which ends the lines the sandbox prints at start).
    while (!out.endsWith('\n') && process.waitForReadyRead(2000))
        out += process.readAllStandardOutput();
    lines = QString::fromUtf8(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    readyMs = clock.elapsed();
    qInfo("sandbox (%s) ready after %.1f s", qPrintable(args.join(QLatin1Char(' '))), double(readyMs) / 1000.0);
    return {};
}

QString OwnSandbox::value(const QString& key) const
{
    const QString prefix = key + QLatin1Char('=');
    for (const QString& line : lines)
        if (line.startsWith(prefix))
            return line.mid(prefix.size());
    return {};
}

QString builtProgram(const QString& relativePath)
{
    return qEnvironmentVariable("KAFKALAB_TEST_BIN_DIR") + QLatin1Char('/') + relativePath;
}

QStringList javaProcessesMatching(const QString& needle)
{
    QStringList found;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& pid : pids) {
        bool numeric = false;
        pid.toInt(&numeric);
        if (!numeric)
            continue;
        QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmd.open(QIODevice::ReadOnly))
            continue;
        const QString line = QString::fromUtf8(cmd.readAll().replace('\0', ' '));
        if (line.contains(QLatin1String("java")) && line.contains(needle))
            found.append(pid);
    }
    return found;
}

QString createTopics(const QString& bootstrap, const QList<QPair<QString, int>>& topics)
{
    ConfPtr conf(rd_kafka_conf_new());
    char err[256];
    rd_kafka_conf_set(conf.get(), "bootstrap.servers", bootstrap.toUtf8().constData(), err, sizeof err);
    KafkaHandle rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
    if (!rk)
        return QString::fromUtf8(err);
    static_cast<void>(conf.release()); // rd_kafka_new took it
    QList<TopicSpec> specs;
    for (const auto& [name, partitions] : topics)
        specs.append({ name, partitions });
    return kafkalab::createTopics(rk.get(), specs, true);
}

} // namespace kafkalab::test
