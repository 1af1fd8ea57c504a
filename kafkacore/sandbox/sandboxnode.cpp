#include "kafkacore/sandbox/sandboxnode.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>

#include <csignal>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace kafkalab {

SandboxNode::SandboxNode(sandbox::NodeConfig config, QString dir, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_dir(std::move(dir))
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process.state() != QProcess::NotRunning) {
            ::kill(pid_t(m_process.processId()), SIGCONT);
            m_process.kill();
        }
    });
    m_heapTimer.setInterval(2000);
    connect(&m_heapTimer, &QTimer::timeout, this, &SandboxNode::readGcLog);
    for (QProcess* p : { &m_format, &m_process }) {
        p->setProcessChannelMode(QProcess::MergedChannels);
        connect(p, &QProcess::readyRead, this, [this, p] { readOutput(p); });
    }
    connect(&m_format, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        readOutput(&m_format);
        if (m_state != State::Formatting)
            return;
        setState(State::Stopped);
        const bool ok = status == QProcess::NormalExit && code == 0;
        Q_EMIT formatDone(ok, ok ? QString() : QStringLiteral("exit code %1").arg(code));
    });
    connect(&m_format, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart && m_state == State::Formatting) {
            setState(State::Stopped);
            Q_EMIT formatDone(false, m_format.errorString());
        }
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        readOutput(&m_process);
        readGcLog();
        m_heapTimer.stop();
        m_killTimer.stop();
        const bool expected = m_expectExit;
        m_expectExit = false;
        m_exitDescription = status == QProcess::CrashExit ? QStringLiteral("was killed")
                                                          : QStringLiteral("exited with code %1").arg(code);
        setState(State::Stopped);
        Q_EMIT exited(expected, m_exitDescription);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart && m_state == State::Starting) {
            m_exitDescription = QStringLiteral("could not be started: %1").arg(m_process.errorString());
            setState(State::Stopped);
            Q_EMIT exited(false, m_exitDescription);
        }
    });
}

SandboxNode::~SandboxNode()
{
    disconnect(&m_format, nullptr, this, nullptr);
    disconnect(&m_process, nullptr, this, nullptr);
    if (m_format.state() != QProcess::NotRunning) {
        m_format.kill();
        m_format.waitForFinished(5000);
    }
    terminate();
    waitForExit(m_stopTimeoutMs);
}

QString SandboxNode::role() const
{
    if (m_config.broker && m_config.controller)
        return QStringLiteral("broker,controller");
    return m_config.broker ? QStringLiteral("broker") : QStringLiteral("controller");
}

bool SandboxNode::isFormatted() const
{
    return QFileInfo::exists(logDir() + QStringLiteral("/meta.properties"));
}

void SandboxNode::setClassArchive(const sandbox::ClassArchive& archive, bool mayRecord)
{
    m_archive = archive;
    m_mayRecordClasses = mayRecord;
}

std::optional<QString> SandboxNode::copyFormat(const SandboxNode& formatted)
{
    const QString from = formatted.logDir();
    QFile metaFile(from + QStringLiteral("/meta.properties"));
    if (!metaFile.open(QIODevice::ReadOnly))
        return QStringLiteral("could not read %1: %2").arg(metaFile.fileName(), metaFile.errorString());
    QByteArray clusterId, version;
    for (const QByteArray& line : metaFile.readAll().split('\n')) {
        if (line.startsWith("cluster.id="))
            clusterId = line.mid(11).trimmed();
        else if (line.startsWith("version="))
            version = line.mid(8).trimmed();
    }
    if (clusterId.isEmpty() || version.isEmpty())
        return QStringLiteral("%1 has no cluster.id or version").arg(metaFile.fileName());
    if (!QDir().mkpath(logDir()))
        return QStringLiteral("could not create %1").arg(logDir());
    const QString checkpoint = QStringLiteral("/bootstrap.checkpoint");
    QFile::remove(logDir() + checkpoint);
    if (!QFile::copy(from + checkpoint, logDir() + checkpoint))
        return QStringLiteral("could not copy %1 to %2").arg(from + checkpoint, logDir());
    // A directory id is a random UUID in Kafka's URL-safe base64 (never one of the reserved ids, whose first 8
    // bytes are zero).
    QByteArray uuid(16, Qt::Uninitialized);
    do {
        for (char& c : uuid)
            c = char(QRandomGenerator::system()->bounded(256));
    } while (uuid.left(8) == QByteArray(8, '\0') || uuid.toBase64(QByteArray::Base64UrlEncoding).startsWith('-'));
    const QByteArray directoryId = uuid.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QSaveFile out(logDir() + QStringLiteral("/meta.properties"));
    if (!out.open(QIODevice::WriteOnly))
        return out.errorString();
    out.write("# Written by kafkalab's local sandbox, as kafka-storage format writes it\n");
    out.write("version=" + version + "\nnode.id=" + QByteArray::number(m_config.id) + "\ndirectory.id=" + directoryId
        + "\ncluster.id=" + clusterId + '\n');
    if (!out.commit())
        return out.errorString();
    return std::nullopt;
}

void SandboxNode::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

std::optional<QString> SandboxNode::writeConfig(const QMap<QString, QString>& extraConfig)
{
    return sandbox::writeNodeConfig(m_dir + QStringLiteral("/config"), logDir(), m_config, extraConfig, &m_files);
}

void SandboxNode::configure(QProcess& process)
{
    const pid_t parent = ::getpid();
    process.setChildProcessModifier([parent] {
        // Own process group: a Ctrl-C in the terminal reaches kafkalab, which then stops the node cleanly.
        ::setpgid(0, 0);
        // If kafkalab dies without stopping the node, the kernel kills it (when the forking thread ends: the
        // sandbox lives on the main thread).
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(1);
        // A broker keeps files open for every partition: as many as this session allows (the soft limit is often
        // far below the hard one). Async-signal-safe calls only, between fork and exec.
        rlimit files {};
        if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
            files.rlim_cur = files.rlim_max;
            ::setrlimit(RLIMIT_NOFILE, &files);
        }
    });
    process.setWorkingDirectory(m_dir);
}

void SandboxNode::format(
    const QString& java, const QString& libDir, const QString& clusterId, const QStringList& extraArgs)
{
    setState(State::Formatting);
    QStringList args = m_archive.useArguments() + sandbox::jvmArguments(libDir, m_files, 256);
    args << QStringLiteral("-XX:TieredStopAtLevel=1") << QStringLiteral("kafka.tools.StorageTool")
         << QStringLiteral("format") << QStringLiteral("-t") << clusterId << QStringLiteral("-c")
         << m_files.serverProperties << extraArgs;
    configure(m_format);
    m_format.start(java, args);
}

void SandboxNode::start(const QString& java, const QString& libDir, int heapMb)
{
    m_expectExit = false;
    m_exitDescription.clear();
    setState(State::Starting);
    // The JVM's GC log, read every 2 s from where it was left, says when the node is short of heap (HeapWatch).
    m_heapMb = heapMb;
    m_gcLog = m_dir + QStringLiteral("/gc.log");
    for (const QString& old : { m_gcLog, m_gcLog + QStringLiteral(".0"), m_gcLog + QStringLiteral(".1") })
        QFile::remove(old);
    m_gcLogOffset = 0;
    m_gcPartial.clear();
    m_heapWatch = sandbox::HeapWatch(heapMb);
    m_classList.clear();
    QStringList args = m_archive.isUsable() || !m_mayRecordClasses ? m_archive.useArguments()
                                                                   : m_archive.recordArguments(&m_classList);
    args += sandbox::jvmArguments(libDir, m_files, heapMb, m_gcLog);
    // A controller without a broker does little work: the client compiler alone starts it in half the CPU.
    if (!m_config.broker)
        args << QStringLiteral("-XX:TieredStopAtLevel=1");
    args << QStringLiteral("kafka.Kafka") << m_files.serverProperties;
    m_heapTimer.start();
    m_readyLine = QStringLiteral("Kafka Server started");
    configure(m_process);
    m_process.start(java, args);
}

void SandboxNode::startProgram(const QString& program, const QStringList& args, const QString& readyLine)
{
    m_expectExit = false;
    m_exitDescription.clear();
    setState(State::Starting);
    m_readyLine = readyLine;
    QDir().mkpath(m_dir);
    configure(m_process);
    m_process.start(program, args);
}

void SandboxNode::stop(int stopTimeoutMs)
{
    if (m_process.state() == QProcess::NotRunning) {
        setState(State::Stopped);
        return;
    }
    m_expectExit = true;
    const auto pid = pid_t(m_process.processId());
    if (m_state == State::Paused)
        ::kill(pid, SIGCONT); // a frozen JVM cannot shut down
    setState(State::Stopping);
    m_process.terminate();
    m_killTimer.start(stopTimeoutMs);
}

void SandboxNode::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_expectExit = true;
    setState(State::Stopping);
    m_process.kill(); // SIGKILL reaches a stopped process too
}

bool SandboxNode::pause()
{
    if (m_state != State::Running || ::kill(pid_t(m_process.processId()), SIGSTOP) != 0)
        return false;
    setState(State::Paused);
    return true;
}

bool SandboxNode::resume()
{
    if (m_state != State::Paused || ::kill(pid_t(m_process.processId()), SIGCONT) != 0)
        return false;
    setState(State::Running);
    return true;
}

void SandboxNode::abortFormat()
{
    if (m_format.state() == QProcess::NotRunning)
        return;
    setState(State::Stopped); // before the finished signal, which then says nothing
    m_format.kill();
    m_format.waitForFinished(2000);
}

void SandboxNode::terminate()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_expectExit = true;
    ::kill(pid_t(m_process.processId()), SIGCONT);
    m_process.terminate();
}

void SandboxNode::waitForExit(int stopTimeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (!m_process.waitForFinished(stopTimeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void SandboxNode::killAndWait()
{
    abortFormat();
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_expectExit = true;
    m_process.kill();
    m_process.waitForFinished(2000);
}

void SandboxNode::readOutput(QProcess* process)
{
    m_partialLine += process->readAll();
    QStringList lines;
    qsizetype nl;
    bool startedNow = false;
    while ((nl = m_partialLine.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_partialLine.left(nl)).trimmed();
        m_partialLine.remove(0, nl + 1);
        if (process == &m_process && m_state == State::Starting && !m_readyLine.isEmpty() && line.contains(m_readyLine))
            startedNow = true;
        if (process == &m_process && line.contains(QLatin1String("OutOfMemoryError")))
            noteHeap(m_heapWatch.feed(line));
        lines.append(line);
    }
    if (!lines.isEmpty())
        Q_EMIT output(lines);
    if (startedNow) {
        setState(State::Running);
        Q_EMIT started();
    }
}

void SandboxNode::noteHeap(const std::optional<QString>& warning)
{
    if (!warning)
        return;
    m_heapWarning = *warning;
    Q_EMIT heapShort(*warning);
}

void SandboxNode::readGcLog()
{
    QFile file(m_gcLog);
    if (m_gcLog.isEmpty() || !file.open(QIODevice::ReadOnly))
        return;
    if (file.size() < m_gcLogOffset) { // the JVM started a new file (rotation)
        m_gcLogOffset = 0;
        m_gcPartial.clear();
    }
    if (!file.seek(m_gcLogOffset))
        return;
    m_gcPartial += file.read(qint64(4) * 1024 * 1024);
    m_gcLogOffset = file.pos();
    qsizetype nl;
    while ((nl = m_gcPartial.indexOf('\n')) >= 0) {
        noteHeap(m_heapWatch.feed(QString::fromUtf8(m_gcPartial.left(nl))));
        m_gcPartial.remove(0, nl + 1);
    }
}

} // namespace kafkalab
