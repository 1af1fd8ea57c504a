#pragma once

#include "kafkacore/sandbox/sandboxsetup.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QMap>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <memory>

class QTemporaryDir;

namespace kafkalab {

class SandboxProbe;

struct SandboxOptions {
    QString dataDir; // empty: a temporary directory, deleted when the sandbox stops
    int port = 0; // 0: the port of the last run in dataDir if free, else any free port
    QString javaPath; // empty: $JAVA_HOME/bin/java, else java on PATH
    QString libDir; // empty: sandbox::kafkaLibDir()
    int heapMb = 512;
    int startupTimeoutMs = 120000;
    int stopTimeoutMs = 20000; // SIGTERM, then SIGKILL after this
    bool createDemoTopics = true; // on a freshly formatted data directory
    QMap<QString, QString> extraConfig; // added to server.properties
    bool schemaRegistry = false; // also run Apicurio Registry (in memory) on a free loopback port
    QString apicurioDir; // empty: sandbox::apicurioDir()
};

// A real Apache Kafka broker in KRaft mode (one combined broker+controller node) run as a child process. It lives on
// the thread that starts it (the GUI or the CLI's main thread); all its work is asynchronous. The broker runs in its
// own process group with a parent-death signal, so it never outlives the process that started it.
class LocalSandbox : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running, Stopping, Failed };
    Q_ENUM(State)

    explicit LocalSandbox(SandboxOptions options = {}, QObject* parent = nullptr);
    ~LocalSandbox() override; // stops the broker, waiting at most stopTimeoutMs plus a little

    void start();
    void stop();

    State state() const { return m_state; }
    QString bootstrap() const;
    // The schema registry's base URL (Confluent-compatible API) once it listens; empty without one.
    QString schemaRegistryUrl() const;
    int port() const { return m_port; }
    QString dataDir() const { return m_dataDir; }
    QString errorString() const { return m_error; }
    qint64 brokerPid() const { return m_broker.processId(); }
    qint64 registryPid() const { return m_registry.processId(); }
    QStringList recentLog() const { return m_recentLog; }

Q_SIGNALS:
    void stateChanged(kafkalab::LocalSandbox::State state);
    void progress(QString step); // plain words for a status line
    void ready(QString bootstrap); // the broker, and the schema registry when asked for, are ready
    void failed(QString message);
    void stopped();
    void logLines(QStringList lines);

private:
    void fail(const QString& message);
    void setState(State state);
    bool prepare();
    void runFormat();
    void runBroker();
    void onOutput(QProcess* process);
    void onProbeDone(bool ok, const QString& message);
    void onBrokerFinished(int exitCode, QProcess::ExitStatus status);
    void runRegistry();
    void onRegistryOutput();
    void onRegistryFinished(int exitCode, QProcess::ExitStatus status);
    void becomeReadyIfAllAre();
    void finishStopIfAllAre();
    void configure(QProcess& process);
    QString logTail(int lines) const;
    void cleanup();

    SandboxOptions m_options;
    State m_state = State::Stopped;
    QString m_error;
    QString m_java;
    QString m_libDir;
    QString m_dataDir;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    std::unique_ptr<QLockFile> m_lock; // held on the data directory while the sandbox uses it
    sandbox::BrokerFiles m_files;
    int m_port = 0;
    int m_controllerPort = 0;
    bool m_fresh = false;
    QProcess m_format;
    QProcess m_broker;
    QProcess m_registry;
    QString m_apicurioDir;
    int m_registryPort = 0;
    bool m_brokerUp = false;
    bool m_registryUp = false;
    QByteArray m_registryPartialLine;
    QByteArray m_partialLine;
    QStringList m_recentLog;
    QTimer m_startupTimer;
    QTimer m_killTimer;
    QElapsedTimer m_clock;
    std::unique_ptr<SandboxProbe> m_probe;
};

} // namespace kafkalab
