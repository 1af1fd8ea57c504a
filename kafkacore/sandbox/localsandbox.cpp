#include "kafkacore/sandbox/localsandbox.h"

#include "kafkacore/sandbox/sandboxprobe.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace kafkalab {

namespace {
constexpr int kRecentLogLines = 400;
const QString kLockName = QStringLiteral("kafkalab-sandbox.lock");

// Temporary sandboxes of processes that died without cleaning up (kill -9): their folders hold a lock file whose
// owner is gone. Folders without a lock file are left alone unless they are an hour old (made before locks were).
void removeStaleTemporarySandboxes()
{
    const QDir temp(QDir::tempPath());
    for (const QFileInfo& dir :
        temp.entryInfoList({ QStringLiteral("kafkalab-sandbox-*") }, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString lockPath = dir.absoluteFilePath() + QLatin1Char('/') + kLockName;
        bool stale = false;
        if (QFileInfo::exists(lockPath)) {
            QLockFile lock(lockPath);
            lock.setStaleLockTime(0);
            stale = lock.tryLock(0); // only when its owner is gone (removes the stale lock and takes it)
            if (stale)
                lock.unlock();
        } else {
            stale = dir.lastModified().secsTo(QDateTime::currentDateTime()) > 3600;
        }
        if (stale)
            QDir(dir.absoluteFilePath()).removeRecursively();
    }
}
} // namespace

LocalSandbox::LocalSandbox(SandboxOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_startupTimer.setSingleShot(true);
    m_killTimer.setSingleShot(true);
    connect(&m_startupTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("The Kafka broker did not become ready within %1 s. Last log lines:\n%2")
                 .arg(m_options.startupTimeoutMs / 1000)
                 .arg(logTail(15)));
    });
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        for (QProcess* p : { &m_broker, &m_registry })
            if (p->state() != QProcess::NotRunning)
                p->kill();
    });
    for (QProcess* p : { &m_format, &m_broker }) {
        p->setProcessChannelMode(QProcess::MergedChannels);
        connect(p, &QProcess::readyRead, this, [this, p] { onOutput(p); });
    }
    connect(&m_format, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        onOutput(&m_format);
        if (m_state != State::Starting)
            return;
        if (status != QProcess::NormalExit || code != 0) {
            fail(QStringLiteral("Formatting the sandbox storage failed (exit code %1). Last log lines:\n%2")
                     .arg(code)
                     .arg(logTail(15)));
            return;
        }
        runBroker();
    });
    connect(&m_format, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart && m_state == State::Starting)
            fail(QStringLiteral("Could not run Java (%1): %2").arg(m_java, m_format.errorString()));
    });
    connect(&m_broker, &QProcess::finished, this, &LocalSandbox::onBrokerFinished);
    m_registry.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_registry, &QProcess::readyRead, this, &LocalSandbox::onRegistryOutput);
    connect(&m_registry, &QProcess::finished, this, &LocalSandbox::onRegistryFinished);
    connect(&m_registry, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart && m_state == State::Starting)
            fail(QStringLiteral("Could not run Java (%1) for the schema registry: %2")
                     .arg(m_java, m_registry.errorString()));
    });
    connect(&m_broker, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart && m_state == State::Starting)
            fail(QStringLiteral("Could not run Java (%1): %2").arg(m_java, m_broker.errorString()));
    });
}

LocalSandbox::~LocalSandbox()
{
    m_probe.reset();
    for (QProcess* p : { &m_format, &m_broker, &m_registry }) {
        disconnect(p, nullptr, this, nullptr);
        if (p->state() == QProcess::NotRunning)
            continue;
        p->terminate();
        if (!p->waitForFinished(m_options.stopTimeoutMs)) {
            p->kill();
            p->waitForFinished(5000);
        }
    }
}

QString LocalSandbox::bootstrap() const
{
    return m_port > 0 ? QStringLiteral("127.0.0.1:%1").arg(m_port) : QString();
}

QString LocalSandbox::schemaRegistryUrl() const
{
    return m_registryUp ? sandbox::apicurioUrl(m_registryPort) : QString();
}

void LocalSandbox::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void LocalSandbox::fail(const QString& message)
{
    m_startupTimer.stop();
    m_probe.reset();
    m_error = message;
    setState(State::Failed);
    m_registryUp = false;
    // SIGKILL ends a JVM at once; the wait only collects it.
    for (QProcess* p : { &m_format, &m_broker, &m_registry }) {
        if (p->state() != QProcess::NotRunning) {
            p->kill();
            p->waitForFinished(2000);
        }
    }
    cleanup();
    Q_EMIT failed(message);
}

void LocalSandbox::start()
{
    if (m_state == State::Starting || m_state == State::Running || m_state == State::Stopping)
        return;
    m_error.clear();
    m_recentLog.clear();
    m_clock.start();
    setState(State::Starting);
    // Errors found before any process starts still arrive as signals, after start() has returned.
    QTimer::singleShot(0, this, [this] {
        if (m_state == State::Starting && prepare()) {
            m_startupTimer.start(m_options.startupTimeoutMs);
            m_brokerUp = false;
            m_registryUp = false;
            if (m_options.schemaRegistry)
                runRegistry(); // starts while the storage is formatted: both JVMs take seconds
            if (m_fresh)
                runFormat();
            else
                runBroker();
        }
    });
}

bool LocalSandbox::prepare()
{
    m_java = m_options.javaPath.isEmpty() ? sandbox::findJava() : m_options.javaPath;
    if (m_java.isEmpty() || !QFileInfo(m_java).isExecutable()) {
        fail(QStringLiteral("Java was not found (looked at $JAVA_HOME/bin/java and for java on PATH). The local "
                            "sandbox runs the Kafka broker with Java 17: install openjdk-17-jre-headless."));
        return false;
    }
    m_libDir = m_options.libDir.isEmpty() ? sandbox::kafkaLibDir() : m_options.libDir;
    if (!sandbox::hasKafkaJars(m_libDir)) {
        fail(QStringLiteral("The Kafka %1 broker jars are not in %2. Fetch them once with: %3")
                 .arg(sandbox::kafkaVersion(), m_libDir, sandbox::fetchCommand()));
        return false;
    }
    if (m_options.dataDir.isEmpty()) {
        removeStaleTemporarySandboxes();
        m_tempDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/kafkalab-sandbox-XXXXXX"));
        if (!m_tempDir->isValid()) {
            fail(QStringLiteral("Could not create a temporary directory: %1").arg(m_tempDir->errorString()));
            return false;
        }
        m_dataDir = m_tempDir->path();
    } else {
        m_dataDir = QDir(m_options.dataDir).absolutePath();
        if (!QDir().mkpath(m_dataDir)) {
            fail(QStringLiteral("Could not create the data directory %1").arg(m_dataDir));
            return false;
        }
    }
    // One sandbox per data directory: a second one would rewrite the first's settings and then fail on Kafka's own
    // lock without saying why. The lock goes with the process (a dead owner's lock is taken over).
    m_lock = std::make_unique<QLockFile>(m_dataDir + QLatin1Char('/') + kLockName);
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        m_lock.reset();
        fail(QStringLiteral("The sandbox data directory %1 is in use by another sandbox (%2, process %3). Stop that "
                            "one first, or choose another data directory.")
                 .arg(m_dataDir, app.isEmpty() ? QStringLiteral("kafkalab") : app)
                 .arg(pid));
        return false;
    }

    // A persistent sandbox keeps its ports between runs when they are still free.
    QSettings saved(m_dataDir + QStringLiteral("/kafkalab-sandbox.ini"), QSettings::IniFormat);
    if (m_options.port > 0) {
        if (!sandbox::portIsFree(m_options.port)) {
            fail(QStringLiteral("Port %1 on 127.0.0.1 is taken by another program; choose another port or leave it "
                                "empty to pick a free one.")
                     .arg(m_options.port));
            return false;
        }
        m_port = m_options.port;
    } else {
        const int previous = saved.value(QStringLiteral("port")).toInt();
        m_port = sandbox::portIsFree(previous) ? previous : sandbox::pickFreePort();
    }
    const int previousController = saved.value(QStringLiteral("controller_port")).toInt();
    m_controllerPort = (previousController != m_port && sandbox::portIsFree(previousController))
        ? previousController
        : sandbox::pickFreePort();
    if (m_port == 0 || m_controllerPort == 0 || m_controllerPort == m_port) {
        fail(QStringLiteral("No free port on 127.0.0.1 could be found for the broker."));
        return false;
    }
    if (m_options.schemaRegistry) {
        m_apicurioDir = m_options.apicurioDir.isEmpty() ? sandbox::apicurioDir() : m_options.apicurioDir;
        if (sandbox::apicurioJar(m_apicurioDir).isEmpty()) {
            fail(
                QStringLiteral("Apicurio Registry %1 (the sandbox's schema registry) is not in %2. Fetch it once with: "
                               "scripts/fetch-apicurio (from the kafkalab source tree)")
                    .arg(sandbox::apicurioVersion(), m_apicurioDir));
            return false;
        }
        m_registryPort = sandbox::pickFreePort();
        if (m_registryPort == 0 || m_registryPort == m_port || m_registryPort == m_controllerPort) {
            fail(QStringLiteral("No free port on 127.0.0.1 could be found for the schema registry."));
            return false;
        }
    }
    saved.setValue(QStringLiteral("port"), m_port);
    saved.setValue(QStringLiteral("controller_port"), m_controllerPort);
    saved.sync();

    const QString logDir = m_dataDir + QStringLiteral("/kraft");
    if (auto err = sandbox::writeBrokerConfig(
            m_dataDir + QStringLiteral("/config"), logDir, m_port, m_controllerPort, m_options.extraConfig, &m_files)) {
        fail(QStringLiteral("Could not prepare the sandbox: %1").arg(*err));
        return false;
    }
    m_fresh = !QFileInfo::exists(logDir + QStringLiteral("/meta.properties"));
    return true;
}

void LocalSandbox::configure(QProcess& process)
{
    const pid_t parent = ::getpid();
    process.setChildProcessModifier([parent] {
        // Own process group: a Ctrl-C in the terminal reaches kafkalab, which then stops the broker cleanly.
        ::setpgid(0, 0);
        // If kafkalab dies without stopping the broker, the kernel kills it.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(1);
    });
    process.setWorkingDirectory(m_dataDir);
}

void LocalSandbox::runFormat()
{
    Q_EMIT progress(QStringLiteral("Formatting the sandbox storage"));
    QStringList args = sandbox::jvmArguments(m_libDir, m_files, 256);
    args << QStringLiteral("-XX:TieredStopAtLevel=1") << QStringLiteral("kafka.tools.StorageTool")
         << QStringLiteral("format") << QStringLiteral("-t") << sandbox::newClusterId() << QStringLiteral("-c")
         << m_files.serverProperties;
    configure(m_format);
    m_format.start(m_java, args);
}

void LocalSandbox::runBroker()
{
    Q_EMIT progress(QStringLiteral("Starting the Kafka %1 broker on %2").arg(sandbox::kafkaVersion(), bootstrap()));
    QStringList args = sandbox::jvmArguments(m_libDir, m_files, m_options.heapMb);
    args << QStringLiteral("kafka.Kafka") << m_files.serverProperties;
    configure(m_broker);
    m_broker.start(m_java, args);
    QList<TopicSpec> topics = (m_fresh && m_options.createDemoTopics) ? demoTopics() : QList<TopicSpec>();
    m_probe = std::make_unique<SandboxProbe>(bootstrap(), topics, [this](bool ok, const QString& message) {
        // Runs on the probe's thread.
        QMetaObject::invokeMethod(
            this, [this, ok, message] { onProbeDone(ok, message); }, Qt::QueuedConnection);
    });
}

void LocalSandbox::onProbeDone(bool ok, const QString& message)
{
    if (m_state != State::Starting)
        return;
    m_probe.reset();
    if (!ok) {
        fail(message);
        return;
    }
    m_brokerUp = true;
    becomeReadyIfAllAre();
}

void LocalSandbox::becomeReadyIfAllAre()
{
    if (m_state != State::Starting || !m_brokerUp || (m_options.schemaRegistry && !m_registryUp))
        return;
    m_startupTimer.stop();
    setState(State::Running);
    Q_EMIT progress(QStringLiteral("Kafka %1 ready on %2 after %3 s")
                        .arg(sandbox::kafkaVersion(), bootstrap())
                        .arg(double(m_clock.elapsed()) / 1000.0, 0, 'f', 1));
    Q_EMIT ready(bootstrap());
}

void LocalSandbox::onOutput(QProcess* process)
{
    m_partialLine += process->readAll();
    QStringList lines;
    qsizetype nl;
    while ((nl = m_partialLine.indexOf('\n')) >= 0) {
        lines.append(QString::fromUtf8(m_partialLine.left(nl)).trimmed());
        m_partialLine.remove(0, nl + 1);
    }
    if (lines.isEmpty())
        return;
    m_recentLog.append(lines);
    if (m_recentLog.size() > kRecentLogLines)
        m_recentLog.erase(m_recentLog.begin(), m_recentLog.begin() + (m_recentLog.size() - kRecentLogLines));
    Q_EMIT logLines(lines);
}

QString LocalSandbox::logTail(int lines) const
{
    const qsizetype from = std::max<qsizetype>(0, m_recentLog.size() - lines);
    QString tail = m_recentLog.mid(from).join(QLatin1Char('\n'));
    return tail.isEmpty() ? QStringLiteral("(the broker wrote nothing)") : tail;
}

void LocalSandbox::onBrokerFinished(int exitCode, QProcess::ExitStatus status)
{
    onOutput(&m_broker);
    if (m_state == State::Stopping) {
        finishStopIfAllAre();
        return;
    }
    if (m_state == State::Failed) {
        m_killTimer.stop();
        cleanup();
        return;
    }
    const QString how = status == QProcess::CrashExit ? QStringLiteral("was killed")
                                                      : QStringLiteral("exited with code %1").arg(exitCode);
    QString hint;
    if (m_recentLog.join(QLatin1Char('\n')).contains(QLatin1String("Address already in use")))
        hint = QStringLiteral(" A port it needs (%1 or %2) is taken by another program.")
                   .arg(m_port)
                   .arg(m_controllerPort);
    fail(QStringLiteral("The Kafka broker %1 %2.%3 Last log lines:\n%4")
             .arg(how, m_state == State::Running ? QStringLiteral("while running") : QStringLiteral("during start-up"),
                 hint, logTail(15)));
}

void LocalSandbox::stop()
{
    if (m_state == State::Stopped || m_state == State::Stopping)
        return;
    m_startupTimer.stop();
    m_probe.reset();
    if (m_format.state() != QProcess::NotRunning)
        m_format.kill();
    m_registryUp = false;
    if (m_broker.state() == QProcess::NotRunning && m_registry.state() == QProcess::NotRunning) {
        cleanup();
        setState(State::Stopped);
        Q_EMIT stopped();
        return;
    }
    setState(State::Stopping);
    Q_EMIT progress(m_registry.state() == QProcess::NotRunning
            ? QStringLiteral("Stopping the Kafka broker")
            : QStringLiteral("Stopping the Kafka broker and the schema registry"));
    for (QProcess* p : { &m_broker, &m_registry })
        if (p->state() != QProcess::NotRunning)
            p->terminate();
    m_killTimer.start(m_options.stopTimeoutMs);
}

void LocalSandbox::finishStopIfAllAre()
{
    if (m_state != State::Stopping || m_broker.state() != QProcess::NotRunning
        || m_registry.state() != QProcess::NotRunning)
        return;
    m_killTimer.stop();
    cleanup();
    setState(State::Stopped);
    Q_EMIT stopped();
}

void LocalSandbox::runRegistry()
{
    Q_EMIT progress(QStringLiteral("Starting the schema registry (Apicurio Registry %1) on 127.0.0.1:%2")
                        .arg(sandbox::apicurioVersion())
                        .arg(m_registryPort));
    m_registryPartialLine.clear();
    configure(m_registry);
    m_registry.start(m_java, sandbox::apicurioArguments(m_apicurioDir, m_registryPort));
}

void LocalSandbox::onRegistryOutput()
{
    m_registryPartialLine += m_registry.readAll();
    QStringList lines;
    qsizetype nl;
    while ((nl = m_registryPartialLine.indexOf('\n')) >= 0) {
        lines.append(QStringLiteral("[registry] ") + QString::fromUtf8(m_registryPartialLine.left(nl)).trimmed());
        m_registryPartialLine.remove(0, nl + 1);
    }
    if (lines.isEmpty())
        return;
    m_recentLog.append(lines);
    if (m_recentLog.size() > kRecentLogLines)
        m_recentLog.erase(m_recentLog.begin(), m_recentLog.begin() + (m_recentLog.size() - kRecentLogLines));
    Q_EMIT logLines(lines);
    // Quarkus says "... started in 4.512s. Listening on: http://127.0.0.1:PORT" once the HTTP API answers.
    if (m_state == State::Starting && !m_registryUp
        && lines.join(QLatin1Char('\n')).contains(QLatin1String("Listening on: http"))) {
        m_registryUp = true;
        Q_EMIT progress(QStringLiteral("Schema registry ready at %1").arg(schemaRegistryUrl()));
        becomeReadyIfAllAre();
    }
}

void LocalSandbox::onRegistryFinished(int exitCode, QProcess::ExitStatus status)
{
    onRegistryOutput();
    m_registryUp = false;
    if (m_state == State::Stopping) {
        finishStopIfAllAre();
        return;
    }
    if (m_state != State::Starting && m_state != State::Running)
        return;
    const QString how = status == QProcess::CrashExit ? QStringLiteral("was killed")
                                                      : QStringLiteral("exited with code %1").arg(exitCode);
    fail(QStringLiteral("The schema registry (Apicurio) %1 %2. Last log lines:\n%3")
             .arg(how, m_state == State::Running ? QStringLiteral("while running") : QStringLiteral("during start-up"),
                 logTail(15)));
}

void LocalSandbox::cleanup()
{
    m_lock.reset(); // unlocks, before the temporary folder (with the lock file in it) goes
    m_tempDir.reset();
}

} // namespace kafkalab
