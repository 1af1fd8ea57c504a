#include "kafkacore/sandbox/sandboxsetup.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <algorithm>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kafkalab::sandbox {

QString kafkaVersion()
{
    const QString env = qEnvironmentVariable("KAFKALAB_KAFKA_VERSION");
    return env.isEmpty() ? QStringLiteral(KAFKALAB_DEFAULT_KAFKA_VERSION) : env;
}

static QString cacheDir()
{
    QString cache = qEnvironmentVariable("KAFKALAB_CACHE_DIR");
    if (cache.isEmpty()) {
        QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
        if (xdg.isEmpty())
            xdg = QDir::homePath() + QStringLiteral("/.cache");
        cache = xdg + QStringLiteral("/kafkalab");
    }
    return cache;
}

QString kafkaLibDir()
{
    QString libs = qEnvironmentVariable("KAFKALAB_KAFKA_LIBS");
    if (!libs.isEmpty())
        return libs;
    return QStringLiteral("%1/kafka-%2/libs").arg(cacheDir(), kafkaVersion());
}

QString apicurioVersion()
{
    const QString env = qEnvironmentVariable("KAFKALAB_APICURIO_VERSION");
    return env.isEmpty() ? QStringLiteral("2.6.13.Final") : env;
}

QString apicurioDir()
{
    const QString env = qEnvironmentVariable("KAFKALAB_APICURIO_DIR");
    return env.isEmpty() ? QStringLiteral("%1/apicurio-registry-%2").arg(cacheDir(), apicurioVersion()) : env;
}

QString apicurioJar(const QString& dir)
{
    const QStringList jars = QDir(dir).entryList({ QStringLiteral("apicurio-registry-app-*-runner.jar") }, QDir::Files);
    return jars.isEmpty() ? QString() : dir + QLatin1Char('/') + jars.first();
}

QStringList apicurioArguments(const QString& dir, int port)
{
    return {
        QStringLiteral("-Xms64m"),
        QStringLiteral("-Xmx256m"),
        QStringLiteral("-XX:TieredStopAtLevel=1"), // starts faster; the registry does little work
        QStringLiteral("-XX:+ExitOnOutOfMemoryError"),
        QStringLiteral("-Djava.awt.headless=true"),
        QStringLiteral("-Dquarkus.http.host=127.0.0.1"),
        QStringLiteral("-Dquarkus.http.port=%1").arg(port),
        QStringLiteral("-Dquarkus.log.console.color=false"),
        QStringLiteral("-jar"),
        apicurioJar(dir),
    };
}

QString apicurioUrl(int port)
{
    return QStringLiteral("http://127.0.0.1:%1/apis/ccompat/v7").arg(port);
}

QString fetchCommand()
{
    // Installed from the package: the fetcher sits in share/kafkalab next to the binaries' prefix.
    const QString installed = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/kafkalab/fetch-kafka");
    if (QFileInfo(installed).isExecutable())
        return QStringLiteral("%1 %2").arg(QFileInfo(installed).canonicalFilePath(), kafkaVersion());
    return QStringLiteral("scripts/fetch-kafka %1 (from the kafkalab source tree)").arg(kafkaVersion());
}

QString findJava()
{
    const QString home = qEnvironmentVariable("JAVA_HOME");
    if (!home.isEmpty()) {
        QString candidate = home + QStringLiteral("/bin/java");
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return QStandardPaths::findExecutable(QStringLiteral("java"));
}

bool hasKafkaJars(const QString& libDir)
{
    const QDir dir(libDir);
    return !dir.entryList({ QStringLiteral("kafka_2.13-*.jar") }, QDir::Files).isEmpty()
        && !dir.entryList({ QStringLiteral("kafka-clients-*.jar") }, QDir::Files).isEmpty();
}

static int bindLoopback(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

long long openFileLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_max == RLIM_INFINITY)
        return -1;
    return static_cast<long long>(limit.rlim_max);
}

bool portIsFree(int port)
{
    if (port <= 0 || port > 65535)
        return false;
    const int fd = bindLoopback(port);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

int pickFreePort()
{
    const int fd = bindLoopback(0);
    if (fd < 0)
        return 0;
    sockaddr_in addr {};
    socklen_t len = sizeof addr;
    int port = 0;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

QString newClusterId()
{
    // Like Kafka's Uuid.randomUuid(), never one that starts with '-': kafka-storage's argument parser would take
    // it for an option ("argument --cluster-id: expected one argument").
    for (;;) {
        QByteArray bytes(16, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()), 4);
        QString id
            = QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        if (!id.startsWith(QLatin1Char('-')))
            return id;
    }
}

static bool writeFile(const QString& path, const QString& text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(text.toUtf8()) >= 0;
}

std::optional<QString> writeBrokerConfig(const QString& configDir, const QString& logDir, int port, int controllerPort,
    const QMap<QString, QString>& extraConfig, BrokerFiles* files)
{
    NodeConfig node;
    node.port = port;
    node.controllerPort = controllerPort;
    node.voters = QStringLiteral("1@127.0.0.1:%1").arg(controllerPort);
    return writeNodeConfig(configDir, logDir, node, extraConfig, files);
}

std::optional<QString> writeNodeConfig(const QString& configDir, const QString& logDir, const NodeConfig& node,
    const QMap<QString, QString>& extraConfig, BrokerFiles* files)
{
    if (!QDir().mkpath(configDir))
        return QStringLiteral("cannot create %1").arg(configDir);
    QMap<QString, QString> c;
    QStringList roles, listeners;
    if (node.broker) {
        roles << QStringLiteral("broker");
        listeners << QStringLiteral("PLAINTEXT://127.0.0.1:%1").arg(node.port);
        c[QStringLiteral("advertised.listeners")] = QStringLiteral("PLAINTEXT://127.0.0.1:%1").arg(node.port);
        c[QStringLiteral("inter.broker.listener.name")] = QStringLiteral("PLAINTEXT");
    }
    if (node.controller) {
        roles << QStringLiteral("controller");
        listeners << QStringLiteral("CONTROLLER://127.0.0.1:%1").arg(node.controllerPort);
    }
    c[QStringLiteral("process.roles")] = roles.join(QLatin1Char(','));
    c[QStringLiteral("node.id")] = QString::number(node.id);
    c[QStringLiteral("controller.quorum.voters")] = node.voters;
    c[QStringLiteral("listeners")] = listeners.join(QLatin1Char(','));
    if (!node.rack.isEmpty())
        c[QStringLiteral("broker.rack")] = node.rack;
    c[QStringLiteral("controller.listener.names")] = QStringLiteral("CONTROLLER");
    c[QStringLiteral("listener.security.protocol.map")] = QStringLiteral("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    c[QStringLiteral("log.dirs")] = logDir;
    // The replicated internal topics get one replica per broker, up to 3, and a min ISR of 2 when they have 3.
    const QString rf = QString::number(std::min(node.brokers, 3));
    const QString minIsr = node.brokers >= 3 ? QStringLiteral("2") : QStringLiteral("1");
    c[QStringLiteral("offsets.topic.replication.factor")] = rf;
    c[QStringLiteral("offsets.topic.num.partitions")] = QStringLiteral("10");
    c[QStringLiteral("transaction.state.log.replication.factor")] = rf;
    c[QStringLiteral("transaction.state.log.min.isr")] = minIsr;
    c[QStringLiteral("transaction.state.log.num.partitions")] = QStringLiteral("10");
    c[QStringLiteral("share.coordinator.state.topic.replication.factor")] = rf;
    c[QStringLiteral("share.coordinator.state.topic.min.isr")] = minIsr;
    // Topics made without a replication factor get the cluster's; min.insync.replicas stays 1 for them (the demo
    // topics of a three-broker sandbox set 2 themselves), so a topic of one replica still takes acks=all.
    c[QStringLiteral("min.insync.replicas")] = QStringLiteral("1");
    c[QStringLiteral("default.replication.factor")] = rf;
    if (node.brokers > 1) {
        // The replication lab: a killed or frozen broker is fenced after 6 s (default 9 s) and a lagging follower
        // leaves the ISR after 10 s (default 30 s), so a drill shows its effects while people watch.
        c[QStringLiteral("broker.heartbeat.interval.ms")] = QStringLiteral("1000");
        c[QStringLiteral("broker.session.timeout.ms")] = QStringLiteral("6000");
        c[QStringLiteral("replica.lag.time.max.ms")] = QStringLiteral("10000");
    }
    c[QStringLiteral("num.partitions")] = QStringLiteral("1");
    // Topics are created on purpose; a typo in a topic name gives an error instead of a new topic.
    c[QStringLiteral("auto.create.topics.enable")] = QStringLiteral("false");
    // Transactions left open past their timeout are aborted within a second or two (default: every 10 s), so the
    // transaction-timeout lesson does not keep people waiting.
    c[QStringLiteral("transaction.abort.timed.out.transaction.cleanup.interval.ms")] = QStringLiteral("1000");
    // Rebalance demos start at once instead of after the 3 s default delay.
    c[QStringLiteral("group.initial.rebalance.delay.ms")] = QStringLiteral("0");
    // Consumer-protocol groups (KIP-848) take their session timeout and heartbeat interval from the broker (45 s and
    // 5 s by default, and no less): the group lab's crashes are noticed after 10 s, as for its classic members, and
    // members reconcile within a second.
    c[QStringLiteral("group.consumer.min.session.timeout.ms")] = QStringLiteral("6000");
    c[QStringLiteral("group.consumer.session.timeout.ms")] = QStringLiteral("10000");
    c[QStringLiteral("group.consumer.min.heartbeat.interval.ms")] = QStringLiteral("500");
    c[QStringLiteral("group.consumer.heartbeat.interval.ms")] = QStringLiteral("1000");
    for (auto it = extraConfig.begin(); it != extraConfig.end(); ++it)
        c[it.key()] = it.value();

    QString text = QStringLiteral("# Written by kafkalab's local sandbox; rewritten at every start.\n");
    for (auto it = c.begin(); it != c.end(); ++it)
        text += it.key() + QLatin1Char('=') + it.value() + QLatin1Char('\n');

    files->serverProperties = configDir + QStringLiteral("/server.properties");
    files->log4j2Config = configDir + QStringLiteral("/log4j2.properties");
    files->log4jConfig = configDir + QStringLiteral("/log4j.properties");
    // Kafka 4 logs through log4j 2, Kafka 3 through log4j 1 (reload4j): write both, each version reads its own.
    const QString log4j2 = QStringLiteral("status = warn\n"
                                          "appender.out.type = Console\n"
                                          "appender.out.name = OUT\n"
                                          "appender.out.target = SYSTEM_OUT\n"
                                          "appender.out.layout.type = PatternLayout\n"
                                          "appender.out.layout.pattern = [%d] %p %m (%c)%n\n"
                                          "rootLogger.level = INFO\n"
                                          "rootLogger.appenderRef.out.ref = OUT\n"
                                          "logger.state.name = state.change.logger\n"
                                          "logger.state.level = WARN\n");
    const QString log4j = QStringLiteral("log4j.rootLogger=INFO, stdout\n"
                                         "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
                                         "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
                                         "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n"
                                         "log4j.logger.state.change.logger=WARN\n");
    if (!writeFile(files->serverProperties, text) || !writeFile(files->log4j2Config, log4j2)
        || !writeFile(files->log4jConfig, log4j))
        return QStringLiteral("cannot write the broker configuration into %1").arg(configDir);
    // A secured sandbox's configuration holds passwords (JAAS, the key store's): for its owner only.
    QFile::setPermissions(files->serverProperties, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return std::nullopt;
}

void killOrphanedNodes(const QString& dataDir)
{
    const QByteArray needle = QDir(dataDir).absolutePath().toLocal8Bit() + '/';
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid || pid == ::getpid())
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = cmdline.readAll();
        if (text.contains(needle) && (text.contains("kafka.Kafka") || text.contains("kafka.tools.StorageTool")))
            ::kill(pid_t(pid), SIGKILL);
    }
}

QStringList jvmArguments(const QString& libDir, const BrokerFiles& files, int heapMb, const QString& gcLog)
{
    QStringList gc;
    if (!gcLog.isEmpty())
        gc << QStringLiteral("-Xlog:gc:file=%1:uptime:filecount=2,filesize=1m").arg(gcLog);
    // The heap starts at 512 MB at most and grows to its maximum only when the broker needs it.
    return gc
        + QStringList {
              QStringLiteral("-Xms%1m").arg(std::min(heapMb, 512)),
              QStringLiteral("-Xmx%1m").arg(heapMb),
              QStringLiteral("-XX:+UseG1GC"),
              QStringLiteral("-XX:MaxGCPauseMillis=20"),
              QStringLiteral("-XX:+ExitOnOutOfMemoryError"),
              QStringLiteral("-Djava.awt.headless=true"),
              QStringLiteral("-Dlog4j2.configurationFile=") + files.log4j2Config,
              QStringLiteral("-Dlog4j.configuration=file:") + files.log4jConfig,
              QStringLiteral("-cp"),
              libDir + QStringLiteral("/*"),
          };
}

} // namespace kafkalab::sandbox
