#pragma once

#include "kafkacore/sandbox/brokerheap.h"
#include "kafkacore/sandbox/classarchive.h"
#include "kafkacore/sandbox/sandboxsetup.h"

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

namespace kafkalab {

// One KRaft node of a LocalSandbox: its storage format step and its JVM, each a child process started from the
// thread that owns the node (the GUI's or the CLI's main thread: the parent-death signal fires when the *thread*
// that forked the child ends, so it must be a thread that lives as long as the process). No thread of its own.
class SandboxNode : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Formatting, Starting, Running, Paused, Stopping };
    Q_ENUM(State)

    // `dir` holds the node's config/ and kraft/ (its log directory).
    SandboxNode(sandbox::NodeConfig config, QString dir, QObject* parent = nullptr);
    ~SandboxNode() override; // SIGCONT, SIGTERM, and SIGKILL after `stopTimeoutMs` (blocking: the owner's last word)

    const sandbox::NodeConfig& config() const { return m_config; }
    int id() const { return m_config.id; }
    bool isBroker() const { return m_config.broker; }
    QString role() const;
    State state() const { return m_state; }
    qint64 pid() const { return m_process.processId(); }
    QString logDir() const { return m_dir + QStringLiteral("/kraft"); }
    bool isFormatted() const;
    QString exitDescription() const { return m_exitDescription; } // how the last run ended, in plain words
    int heapMb() const { return m_heapMb; } // the heap of its last start
    QString heapWarning() const { return m_heapWarning; } // the last heapShort(), empty while there is none

    std::optional<QString> writeConfig(const QMap<QString, QString>& extraConfig);
    // `extraArgs` go to kafka-storage format (a secured sandbox's --add-scram).
    void format(
        const QString& java, const QString& libDir, const QString& clusterId, const QStringList& extraArgs = {});
    void start(const QString& java, const QString& libDir, int heapMb);
    // Runs another program under the same guards (process group, parent-death signal, stop and kill), in the node's
    // folder; started() when it prints a line containing `readyLine` (the schema registry).
    void startProgram(const QString& program, const QStringList& args, const QString& readyLine);
    void stop(int stopTimeoutMs); // clean shutdown: SIGTERM (after SIGCONT if paused), SIGKILL after the timeout
    void kill(); // SIGKILL
    bool pause(); // SIGSTOP
    bool resume(); // SIGCONT
    void abortFormat(); // SIGKILL to a format step under way (no signal follows)
    void terminate(); // SIGCONT and SIGTERM, without waiting
    void waitForExit(int stopTimeoutMs); // blocking, for destructors: waits, then SIGKILL
    void killAndWait(); // blocking, for failures: SIGKILL and collect

    void setStopTimeout(int ms) { m_stopTimeoutMs = ms; }
    // The class archive its JVMs use; with `mayRecord`, a start while there is none yet records the classes the JVM
    // loads (classList()), from which the sandbox writes the archive (one node per sandbox: it is the same for all).
    void setClassArchive(const sandbox::ClassArchive& archive, bool mayRecord);
    QString classList() const { return m_classList; }
    // Makes this unformatted node's storage from `formatted`'s (same cluster): its bootstrap checkpoint, and a
    // meta.properties with this node's id and a new directory id — what kafka-storage format writes, without a
    // JVM per node. Empty on success, else the reason.
    std::optional<QString> copyFormat(const SandboxNode& formatted);

Q_SIGNALS:
    void formatDone(bool ok, QString message);
    void started(); // the node logged that it started
    void exited(bool expected, QString how); // the JVM ended; `expected` after stop() or kill()
    void output(QStringList lines);
    void stateChanged();
    // Short of heap (full collections that free little, or an OutOfMemoryError), in plain words; at most every 5
    // minutes.
    void heapShort(QString warning);

private:
    void setState(State state);
    void configure(QProcess& process);
    void readOutput(QProcess* process);
    void readGcLog();
    void noteHeap(const std::optional<QString>& warning);

    sandbox::NodeConfig m_config;
    QString m_dir;
    sandbox::BrokerFiles m_files;
    State m_state = State::Stopped;
    QProcess m_format;
    QProcess m_process;
    QByteArray m_partialLine;
    QTimer m_killTimer;
    bool m_expectExit = false;
    int m_stopTimeoutMs = 20000;
    QString m_exitDescription;
    QString m_readyLine; // the line that says the process is ready
    // the heap watch: the JVM's GC log in the node's folder, read every 2 s from where it was left
    int m_heapMb = 0;
    sandbox::HeapWatch m_heapWatch;
    QTimer m_heapTimer;
    QString m_gcLog;
    qint64 m_gcLogOffset = 0;
    QByteArray m_gcPartial;
    QString m_heapWarning;
    sandbox::ClassArchive m_archive;
    bool m_mayRecordClasses = false;
    QString m_classList; // where the JVM records the classes it loads
};

} // namespace kafkalab
