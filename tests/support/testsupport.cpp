#include "testsupport.h"

#include "kafkacore/sandbox/sandboxsetup.h"
#include "kafkacore/topics/topicadmin.h"

#include <librdkafka/rdkafka.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

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
    QStringList jvm { QStringLiteral("-Xmx256m"), QStringLiteral("-XX:TieredStopAtLevel=1"),
        QStringLiteral("-Dlog4j2.level=WARN"), QStringLiteral("-cp"), sandbox::kafkaLibDir() + QStringLiteral("/*"),
        mainClass };
    return run(sandbox::findJava(), jvm + args, timeoutMs);
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
