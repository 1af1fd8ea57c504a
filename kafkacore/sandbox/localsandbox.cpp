#include "kafkacore/sandbox/localsandbox.h"

#include "kafkacore/sandbox/sandboxcontrol.h"
#include "kafkacore/sandbox/sandboxprobe.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>

#include <csignal>
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
        if (stale) {
            sandbox::killOrphanedNodes(dir.absoluteFilePath());
            QDir(dir.absoluteFilePath()).removeRecursively();
        }
    }
}
} // namespace

LocalSandbox::LocalSandbox(SandboxOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_startupTimer.setSingleShot(true);
    connect(&m_startupTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("The Kafka broker did not become ready within %1 s. Last log lines:\n%2")
                 .arg(m_options.startupTimeoutMs / 1000)
                 .arg(logTail(15)));
    });
}

LocalSandbox::~LocalSandbox()
{
    stopClassArchive();
    m_probe.reset();
    m_control.reset();
    m_actionTimers.clear();
    for (auto& n : m_nodes) {
        disconnect(n.get(), nullptr, this, nullptr);
        n->abortFormat();
    }
    // Brokers first, all at once: a broker's clean shutdown asks the controller, which goes last.
    for (const bool brokers : { true, false }) {
        for (auto& n : m_nodes)
            if (n->isBroker() == brokers)
                n->terminate();
        for (auto& n : m_nodes)
            if (n->isBroker() == brokers)
                n->waitForExit(m_options.stopTimeoutMs);
    }
    m_nodes.clear();
    if (m_registry) {
        disconnect(m_registry.get(), nullptr, this, nullptr);
        m_registry->terminate();
        m_registry->waitForExit(m_options.stopTimeoutMs);
    }
    for (auto& [id, done] : std::exchange(m_pending, {}))
        done(false, QStringLiteral("the sandbox was closed"));
}

QString LocalSandbox::bootstrap() const
{
    QStringList addresses;
    for (auto it = m_ports.begin(); it != m_ports.end(); ++it)
        addresses.append(QStringLiteral("127.0.0.1:%1").arg(it.value()));
    return addresses.join(QLatin1Char(','));
}

qint64 LocalSandbox::brokerPid() const
{
    for (const auto& n : m_nodes)
        if (n->isBroker())
            return n->pid();
    return 0;
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
    stopClassArchive();
    m_startupTimer.stop();
    m_probe.reset();
    m_control.reset();
    m_error = message;
    setState(State::Failed);
    // SIGKILL ends a JVM at once; the wait only collects it.
    for (auto& n : m_nodes)
        n->killAndWait();
    if (m_registry)
        m_registry->killAndWait(); // its exit clears m_registryUp
    for (auto& [id, done] : std::exchange(m_pending, {}))
        done(false, QStringLiteral("the sandbox failed: %1").arg(message));
    m_actionTimers.clear();
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
            startRegistry(); // (when asked for) while the storage is formatted: both take seconds
            makeCertificatesThenFormat();
        }
    });
}

bool LocalSandbox::prepare()
{
    if (m_options.brokers != 1 && m_options.brokers != 3) {
        fail(QStringLiteral("The local sandbox runs 1 or 3 brokers, not %1.").arg(m_options.brokers));
        return false;
    }
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
    // The directory is ours: whatever still runs on it belongs to a dead owner.
    sandbox::killOrphanedNodes(m_dataDir);

    QSettings saved(m_dataDir + QStringLiteral("/kafkalab-sandbox.ini"), QSettings::IniFormat);
    const bool formatted = QFileInfo::exists(m_dataDir + QStringLiteral("/kraft/meta.properties"))
        || saved.contains(QStringLiteral("cluster_id"));
    const int previousBrokers = saved.value(QStringLiteral("brokers"), 1).toInt();
    const bool previousCombined = saved.value(QStringLiteral("combined_quorum"), false).toBool();
    if (formatted
        && (previousBrokers != m_options.brokers
            || (m_options.brokers > 1 && previousCombined != m_options.combinedQuorum))) {
        fail(QStringLiteral("The data directory %1 holds a sandbox of %2 broker(s)%3; start it the same way, or choose "
                            "another data directory for %4 broker(s).")
                 .arg(m_dataDir)
                 .arg(previousBrokers)
                 .arg(previousBrokers > 1 && previousCombined ? QStringLiteral(" (combined quorum)") : QString())
                 .arg(m_options.brokers));
        return false;
    }
    if (!prepareSecurity(formatted) || !preparePorts())
        return false;
    saved.setValue(QStringLiteral("brokers"), m_options.brokers);
    saved.setValue(QStringLiteral("combined_quorum"), m_options.combinedQuorum);
    m_clusterId = saved.value(QStringLiteral("cluster_id")).toString();
    if (m_clusterId.isEmpty())
        m_clusterId = sandbox::newClusterId();
    saved.setValue(QStringLiteral("cluster_id"), m_clusterId);
    saved.sync();

    makeNodes();
    m_fresh = true;
    for (auto& n : m_nodes) {
        if (auto err = n->writeConfig(nodeExtraConfig(*n))) {
            fail(QStringLiteral("Could not prepare the sandbox: %1").arg(*err));
            return false;
        }
        m_fresh = m_fresh && !n->isFormatted();
    }
    return true;
}

void LocalSandbox::makeNodes()
{
    m_nodes.clear();
    QStringList voters;
    for (auto it = m_controllerPorts.begin(); it != m_controllerPorts.end(); ++it)
        voters.append(QStringLiteral("%1@127.0.0.1:%2").arg(it.key()).arg(it.value()));
    const int brokers = m_options.brokers;
    auto add = [&](int id, bool broker, const QString& dir) {
        sandbox::NodeConfig c;
        c.id = id;
        c.broker = broker;
        c.controller = m_controllerPorts.contains(id);
        c.port = m_ports.value(id);
        c.controllerPort = m_controllerPorts.value(id);
        c.voters = voters.join(QLatin1Char(','));
        c.rack = brokers > 1 && broker ? QStringLiteral("r%1").arg(id) : QString();
        c.brokers = brokers;
        auto node = std::make_unique<SandboxNode>(c, dir);
        SandboxNode* n = node.get();
        n->setStopTimeout(m_options.stopTimeoutMs);
        connect(n, &SandboxNode::output, this, [this, n](const QStringList& lines) { onOutput(n, lines); });
        connect(n, &SandboxNode::heapShort, this, [this, n](const QString& warning) {
            m_heapWarning = m_options.brokers > 1 ? QStringLiteral("node %1: %2").arg(n->id()).arg(warning) : warning;
            Q_EMIT heapShort(m_heapWarning);
        });
        connect(n, &SandboxNode::stateChanged, this, &LocalSandbox::nodesChanged);
        connect(n, &SandboxNode::exited, this,
            [this, n](bool expected, const QString& how) { onNodeExited(n, expected, how); });
        connect(n, &SandboxNode::started, this, [this, n] { finishAction(n->id(), true, QString()); });
        connect(n, &SandboxNode::formatDone, this, [this, n](bool ok, const QString& message) {
            if (m_state != State::Starting)
                return;
            if (!ok) {
                fail(QStringLiteral("Formatting the sandbox storage failed (%1). Last log lines:\n%2")
                         .arg(message, logTail(15)));
                return;
            }
            copyFormats(n);
        });
        m_nodes.push_back(std::move(node));
    };
    if (brokers == 1) {
        add(1, true, m_dataDir); // config/ and kraft/ right in the data directory, as before there were three
        return;
    }
    for (int id = 1; id <= brokers; ++id)
        add(id, true,
            m_dataDir + (m_options.combinedQuorum ? QStringLiteral("/node-%1") : QStringLiteral("/broker-%1")).arg(id));
    if (!m_options.combinedQuorum)
        add(0, false, m_dataDir + QStringLiteral("/controller"));
}

void LocalSandbox::runFormats()
{
    // One JVM formats one node, a controller where there is one (a controller alone reads the bootstrap checkpoint,
    // where a secured sandbox's SCRAM users are); the others get copies of its storage (copyFormat): one JVM of ~1 s
    // of CPU instead of one per node.
    SandboxNode* source = nullptr;
    for (auto& n : m_nodes)
        if (!n->isFormatted() && (!source || (n->config().controller && !source->config().controller)))
            source = n.get();
    if (!source) {
        runNodes();
        return;
    }
    Q_EMIT progress(QStringLiteral("Formatting the sandbox storage"));
    source->setClassArchive(sandbox::ClassArchive::forRuntime(m_java, m_libDir), false);
    source->format(m_java, m_libDir, m_clusterId,
        source->config().controller ? sandbox::scramFormatArguments(m_security) : QStringList());
}

void LocalSandbox::copyFormats(const SandboxNode* source)
{
    for (auto& n : m_nodes) {
        if (n.get() == source || n->isFormatted())
            continue;
        if (auto err = n->copyFormat(*source)) {
            fail(QStringLiteral("Formatting the sandbox storage of node %1 failed: %2").arg(n->id()).arg(*err));
            return;
        }
    }
    runNodes();
}

void LocalSandbox::runNodes()
{
    const int brokers = m_options.brokers;
    Q_EMIT progress(brokers == 1 ? QStringLiteral("Starting the Kafka %1 broker on %2 (heap %3 MB)")
                                       .arg(sandbox::kafkaVersion(), bootstrap())
                                       .arg(heapMb())
                                 : QStringLiteral("Starting %1 Kafka %2 brokers%3 on %4")
                                       .arg(brokers)
                                       .arg(sandbox::kafkaVersion(),
                                           m_options.combinedQuorum ? QStringLiteral(" (a combined quorum)")
                                                                    : QStringLiteral(" and a controller"),
                                           bootstrap()));
    // Every JVM uses the class archive; while there is none yet, the first broker records the classes it loads, and
    // the archive is written from that list once the sandbox is ready (writeClassArchive).
    m_archive = sandbox::ClassArchive::forRuntime(m_java, m_libDir);
    bool recorder = !m_archive.isUsable();
    for (auto& n : m_nodes) {
        n->setClassArchive(m_archive, recorder && n->isBroker());
        recorder = recorder && !n->isBroker();
        n->start(m_java, m_libDir, n->isBroker() ? heapMb() : std::min(heapMb(), 256));
    }
    QList<TopicSpec> topics = (m_fresh && m_options.createDemoTopics) ? demoTopics() : QList<TopicSpec>();
    m_probe = std::make_unique<SandboxProbe>(
        bootstrap(), clientProperties(), topics,
        [this](bool ok, const QString& message) {
            // Runs on the probe's thread.
            QMetaObject::invokeMethod(
                this, [this, ok, message] { onProbeDone(ok, message); }, Qt::QueuedConnection);
        },
        brokers);
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
    m_brokersUp = true;
    becomeReadyIfAllAre();
}

void LocalSandbox::onOutput(const SandboxNode* node, const QStringList& lines)
{
    QStringList shown = lines;
    if (m_nodes.size() > 1)
        for (QString& line : shown)
            line.prepend(QStringLiteral("[node %1] ").arg(node->id()));
    appendLog(shown);
}

void LocalSandbox::appendLog(const QStringList& lines)
{
    m_recentLog.append(lines);
    if (m_recentLog.size() > kRecentLogLines)
        m_recentLog.erase(m_recentLog.begin(), m_recentLog.begin() + (m_recentLog.size() - kRecentLogLines));
    Q_EMIT logLines(lines);
}

void LocalSandbox::onNodeExited(SandboxNode* node, bool expected, const QString& how)
{
    if (m_state == State::Stopping) {
        stopControllers();
        return;
    }
    if (m_state != State::Starting && m_state != State::Running)
        return;
    const bool multi = m_options.brokers > 1;
    if (expected || (m_state == State::Running && multi && node->isBroker())) {
        // A broker stopped or killed on purpose, or one of several that died: the cluster goes on.
        if (!expected)
            Q_EMIT progress(QStringLiteral("Broker %1 %2 unexpectedly").arg(node->id()).arg(how));
        finishAction(node->id(), expected,
            QStringLiteral("broker %1 %2. Last log lines:\n%3").arg(node->id()).arg(how, logTail(10)));
        return;
    }
    QString hint;
    if (m_recentLog.join(QLatin1Char('\n')).contains(QLatin1String("OutOfMemoryError")))
        hint = QStringLiteral(" It ran out of heap (%1 MB): start the sandbox with a larger one (--broker-heap).")
                   .arg(node->heapMb());
    else if (m_recentLog.join(QLatin1Char('\n')).contains(QLatin1String("Too many open files")))
        hint = QStringLiteral(" It ran out of file descriptors (%1 at most, the hard limit of this session): a broker "
                              "keeps files open for every partition, so this limit caps how many partitions the "
                              "sandbox can hold. Raise the hard limit (limits.conf, or `ulimit -Hn` as root) or use "
                              "fewer partitions.")
                   .arg(sandbox::openFileLimit());
    else if (m_recentLog.join(QLatin1Char('\n')).contains(QLatin1String("Address already in use")))
        hint = QStringLiteral(" A port it needs (%1) is taken by another program.")
                   .arg(QStringList {
                       QString::number(node->config().port), QString::number(node->config().controllerPort) }
                            .join(QStringLiteral(" or ")));
    const QString what = !multi ? QStringLiteral("The Kafka broker")
        : node->isBroker()      ? QStringLiteral("Kafka broker %1").arg(node->id())
                                : QStringLiteral("The sandbox's Kafka controller");
    fail(QStringLiteral("%1 %2 %3.%4 Last log lines:\n%5")
             .arg(what, how,
                 m_state == State::Running ? QStringLiteral("while running") : QStringLiteral("during start-up"), hint,
                 logTail(15)));
}

void LocalSandbox::stop()
{
    if (m_state == State::Stopped || m_state == State::Stopping)
        return;
    m_startupTimer.stop();
    m_probe.reset();
    m_control.reset();
    m_actionTimers.clear();
    stopClassArchive();
    for (auto& [id, done] : std::exchange(m_pending, {}))
        done(false, QStringLiteral("the sandbox is stopping"));
    setState(State::Stopping);
    Q_EMIT progress(m_options.brokers == 1 ? QStringLiteral("Stopping the Kafka broker")
                                           : QStringLiteral("Stopping the Kafka brokers"));
    for (auto& n : m_nodes) {
        n->abortFormat();
        if (n->isBroker())
            n->stop(m_options.stopTimeoutMs);
    }
    m_registryUp = false;
    if (m_registry)
        m_registry->stop(m_options.stopTimeoutMs);
    stopControllers();
}

void LocalSandbox::stopControllers()
{
    // A broker's clean shutdown asks the controller: a controller-only node stops once every broker has.
    for (const auto& n : m_nodes)
        if (n->isBroker() && n->state() != SandboxNode::State::Stopped)
            return;
    bool running = false;
    for (auto& n : m_nodes) {
        if (n->state() == SandboxNode::State::Stopped)
            continue;
        running = true;
        if (n->state() != SandboxNode::State::Stopping)
            n->stop(m_options.stopTimeoutMs);
    }
    running |= m_registry && m_registry->state() != SandboxNode::State::Stopped;
    if (running || m_state != State::Stopping)
        return;
    cleanup();
    setState(State::Stopped);
    Q_EMIT stopped();
}

void LocalSandbox::cleanup()
{
    m_control.reset();
    m_lock.reset(); // unlocks, before the temporary folder (with the lock file in it) goes
    m_tempDir.reset();
}

} // namespace kafkalab
