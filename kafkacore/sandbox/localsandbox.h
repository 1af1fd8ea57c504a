#pragma once

#include "kafkacore/sandbox/sandboxnode.h"
#include "kafkacore/sandbox/sandboxsecurity.h"
#include "kafkacore/sandbox/sandboxsetup.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QMap>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QTemporaryDir;

namespace kafkalab {

class SandboxProbe;
class SandboxControlServer;

struct SandboxOptions {
    QString dataDir; // empty: a temporary directory, deleted when the sandbox stops
    int port = 0; // the first broker's port; 0: the port of the last run in dataDir if free, else any free port
    int brokers = 1; // 1 (one combined broker+controller node) or 3 (see combinedQuorum)
    // With 3 brokers: false (the default), one controller (node 0) and brokers 1..3; true, three combined
    // broker+controller nodes 1..3 that form the quorum themselves.
    bool combinedQuorum = false;
    bool controlSocket = true; // listen for `kafkalab-cli broker` (SandboxControlServer) while running
    QString javaPath; // empty: $JAVA_HOME/bin/java, else java on PATH
    QString libDir; // empty: sandbox::kafkaLibDir()
    int heapMb = 0; // each broker's heap; 0: sandbox::defaultHeapMb(), from the machine's memory
    int startupTimeoutMs = 120000;
    int stopTimeoutMs = 20000; // SIGTERM, then SIGKILL after this
    bool createDemoTopics = true; // on a freshly formatted data directory
    QMap<QString, QString> extraConfig; // added to server.properties
    bool schemaRegistry = false; // also run Apicurio Registry (in memory) on a free loopback port
    QString apicurioDir; // empty: sandbox::apicurioDir()
    // The client listener's protocol. Secured: a CA and certificates made with openssl, SASL users (SCRAM and
    // PLAIN), mTLS for ssl, the StandardAuthorizer with kafkalab as its super user (sandboxsecurity.h).
    sandbox::Security security = sandbox::Security::Plaintext;
};

// A real Apache Kafka cluster in KRaft mode run as child processes (SandboxNode): one combined broker+controller
// node, or three brokers on racks r1..r3 with a controller of their own. It lives on the thread that starts it (the
// GUI or the CLI's main thread, which must outlive its nodes); all its work is asynchronous. Every node runs in its
// own process group with a parent-death signal, so none outlives the process that started it; a start kills the
// nodes a dead owner of the same data directory left behind.
class LocalSandbox : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running, Stopping, Failed };
    Q_ENUM(State)
    enum class BrokerAction { Stop, Kill, Pause, Resume, Start };
    static std::optional<BrokerAction> brokerActionFrom(const QString& word); // "stop", "kill", ...
    static QString brokerActionName(BrokerAction action);

    struct NodeInfo {
        int id = 0;
        QString role; // "broker", "controller", "broker,controller"
        qint64 pid = 0; // 0 while not running
        int port = 0; // the client port of a broker, the controller port of a controller-only node
        QString rack;
        SandboxNode::State state = SandboxNode::State::Stopped;
    };
    using ActionDone = std::function<void(bool ok, const QString& message)>;

    explicit LocalSandbox(SandboxOptions options = {}, QObject* parent = nullptr);
    ~LocalSandbox() override; // stops the broker, waiting at most stopTimeoutMs plus a little

    void start();
    void stop();

    State state() const { return m_state; }
    QString bootstrap() const;
    // The schema registry's base URL (Confluent-compatible API) once it listens; empty without one.
    QString schemaRegistryUrl() const;
    qint64 registryPid() const { return m_registry ? m_registry->pid() : 0; }
    int port() const { return m_port; }
    QString dataDir() const { return m_dataDir; }
    QString errorString() const { return m_error; }
    qint64 brokerPid() const; // the first broker's
    QStringList recentLog() const { return m_recentLog; }
    int brokerCount() const { return m_options.brokers; }
    int brokersUp() const; // brokers whose process is alive (running, starting, paused)
    QList<NodeInfo> nodes() const;
    // Each broker's heap (the option, or the machine's default); a controller-only node gets 256 MB at most.
    int heapMb() const { return m_options.heapMb > 0 ? m_options.heapMb : sandbox::defaultHeapMb(); }
    QString heapWarning() const { return m_heapWarning; } // the last heapShort(), empty while there is none
    QString controlPath() const; // the control socket while running, else empty
    sandbox::Security security() const { return m_options.security; }
    // The CA, the users and their passwords of a secured sandbox (filled once it has started to start).
    const sandbox::SecurityFiles& securityFiles() const { return m_security; }
    // What a client needs besides bootstrap.servers to connect as the super user (empty for plaintext).
    QList<ClientProperty> clientProperties() const { return m_security.clientProperties(); }

    // Carries out `action` on broker `id` of a running sandbox. `done(ok, message)` comes once the action has taken
    // effect (a stop or kill when the process has ended, a start when the broker says it has started, a pause or
    // resume at once), or at once with the reason when it cannot be done (no such broker, already running, ...).
    void controlBroker(BrokerAction action, int id, ActionDone done);

Q_SIGNALS:
    void stateChanged(kafkalab::LocalSandbox::State state);
    void progress(QString step); // plain words for a status line
    void ready(QString bootstrap); // the brokers, and the schema registry when asked for, are ready
    void failed(QString message);
    void stopped();
    void logLines(QStringList lines);
    void nodesChanged(); // a node started, stopped, paused or resumed
    // A broker is short of heap (full collections that free little, or an OutOfMemoryError): plain words for the
    // status line and the CLI's stderr, at most every 5 minutes per broker.
    void heapShort(QString warning);

private:
    void fail(const QString& message);
    void setState(State state);
    bool prepare();
    bool preparePorts();
    // localsandboxsetup.cpp: the users and files of a secured sandbox, and its certificates (openssl, off the
    // owner's thread) before the storage is formatted.
    bool prepareSecurity(bool formatted);
    void makeCertificatesThenFormat();
    QMap<QString, QString> nodeExtraConfig(const SandboxNode& node) const;
    void makeNodes();
    void runFormats();
    void copyFormats(const SandboxNode* source);
    void runNodes();
    void onOutput(const SandboxNode* node, const QStringList& lines);
    void appendLog(const QStringList& lines); // to the recent log and logLines()
    void onProbeDone(bool ok, const QString& message);
    void onNodeExited(SandboxNode* node, bool expected, const QString& how);
    void stopControllers();
    // The schema registry (localsandboxregistry.cpp): a SandboxNode running Apicurio, started with the nodes.
    bool prepareRegistry(const QList<int>& takenPorts);
    void startRegistry();
    void onRegistryExited(bool expected, const QString& how);
    void becomeReadyIfAllAre();
    // The class archive (localsandboxsetup.cpp): written from the first broker's class list once the sandbox is
    // ready, by a JVM of its own at the lowest priority; stopped (and its files removed) with the sandbox.
    void writeClassArchive();
    void stopClassArchive();
    void finishAction(int id, bool ok, const QString& message);
    SandboxNode* node(int id) const;
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
    int m_port = 0;
    QMap<int, int> m_ports; // node id -> client port (brokers)
    QMap<int, int> m_controllerPorts; // node id -> controller port (controllers)
    QString m_clusterId;
    bool m_fresh = false;
    std::vector<std::unique_ptr<SandboxNode>> m_nodes; // brokers first, by id; then a controller-only node
    QStringList m_recentLog;
    QTimer m_startupTimer;
    QElapsedTimer m_clock;
    std::unique_ptr<SandboxProbe> m_probe;
    std::unique_ptr<SandboxControlServer> m_control;
    std::map<int, ActionDone> m_pending; // node id -> the action under way on it
    std::map<int, std::unique_ptr<QTimer>> m_actionTimers;
    QString m_heapWarning;
    std::unique_ptr<SandboxNode> m_registry;
    std::unique_ptr<SandboxNode> m_archiveWriter;
    sandbox::ClassArchive m_archive;
    QString m_archiveTemp;
    QString m_archiveList;
    QString m_apicurioDir;
    int m_registryPort = 0;
    bool m_brokersUp = false;
    bool m_registryUp = false;
    sandbox::SecurityFiles m_security;
    int m_certificateRun = 0; // the certificate run under way; a newer start or a failure makes its answer stale
};

} // namespace kafkalab
