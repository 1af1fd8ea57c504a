// LocalSandbox's schema registry: Apicurio Registry (in memory) as one more child process, a SandboxNode with the
// nodes' guards (its own process group, the parent-death signal), started while the storage is formatted, ready when
// Quarkus says it listens; the sandbox is ready when its brokers and the registry are.
#include "kafkacore/sandbox/localsandbox.h"
#include "kafkacore/sandbox/sandboxcontrol.h"

namespace kafkalab {

QString LocalSandbox::schemaRegistryUrl() const
{
    return m_registryUp ? sandbox::apicurioUrl(m_registryPort) : QString();
}

bool LocalSandbox::prepareRegistry(const QList<int>& takenPorts)
{
    if (!m_options.schemaRegistry)
        return true;
    m_apicurioDir = m_options.apicurioDir.isEmpty() ? sandbox::apicurioDir() : m_options.apicurioDir;
    if (sandbox::apicurioJar(m_apicurioDir).isEmpty()) {
        fail(QStringLiteral("Apicurio Registry %1 (the sandbox's schema registry) is not in %2. Fetch it once with: "
                            "scripts/fetch-apicurio (from the kafkalab source tree)")
                 .arg(sandbox::apicurioVersion(), m_apicurioDir));
        return false;
    }
    m_registryPort = 0;
    for (int i = 0; i < 20 && (m_registryPort == 0 || takenPorts.contains(m_registryPort)); ++i)
        m_registryPort = sandbox::pickFreePort();
    if (m_registryPort == 0 || takenPorts.contains(m_registryPort)) {
        fail(QStringLiteral("No free port on 127.0.0.1 could be found for the schema registry."));
        return false;
    }
    return true;
}

void LocalSandbox::startRegistry()
{
    m_brokersUp = false;
    m_registryUp = false;
    if (!m_options.schemaRegistry)
        return;
    sandbox::NodeConfig c;
    c.id = -1;
    c.broker = false;
    c.controller = false;
    m_registry = std::make_unique<SandboxNode>(c, m_dataDir + QStringLiteral("/registry"));
    SandboxNode* r = m_registry.get();
    connect(r, &SandboxNode::output, this, [this](const QStringList& lines) {
        QStringList shown = lines;
        for (QString& line : shown)
            line.prepend(QStringLiteral("[registry] "));
        appendLog(shown);
    });
    // Quarkus says "... started in 4.512s. Listening on: http://127.0.0.1:PORT" once the HTTP API answers.
    connect(r, &SandboxNode::started, this, [this] {
        m_registryUp = true;
        Q_EMIT progress(QStringLiteral("Schema registry ready at %1").arg(schemaRegistryUrl()));
        becomeReadyIfAllAre();
    });
    connect(r, &SandboxNode::exited, this, &LocalSandbox::onRegistryExited);
    Q_EMIT progress(QStringLiteral("Starting the schema registry (Apicurio Registry %1) on 127.0.0.1:%2")
                        .arg(sandbox::apicurioVersion())
                        .arg(m_registryPort));
    r->startProgram(
        m_java, sandbox::apicurioArguments(m_apicurioDir, m_registryPort), QStringLiteral("Listening on: http"));
}

void LocalSandbox::onRegistryExited(bool expected, const QString& how)
{
    m_registryUp = false;
    if (m_state == State::Stopping) {
        stopControllers(); // ends the stop once every process is gone
        return;
    }
    if (expected || (m_state != State::Starting && m_state != State::Running))
        return;
    fail(QStringLiteral("The schema registry (Apicurio) %1 %2. Last log lines:\n%3")
             .arg(how, m_state == State::Running ? QStringLiteral("while running") : QStringLiteral("during start-up"),
                 logTail(15)));
}

void LocalSandbox::becomeReadyIfAllAre()
{
    if (m_state != State::Starting || !m_brokersUp || (m_options.schemaRegistry && !m_registryUp))
        return;
    m_startupTimer.stop();
    if (m_options.controlSocket) {
        m_control = std::make_unique<SandboxControlServer>(this);
        if (const QString error = m_control->listen(m_dataDir); !error.isEmpty()) {
            Q_EMIT progress(QStringLiteral("The broker controls are not reachable from outside: %1").arg(error));
            m_control.reset();
        }
    }
    setState(State::Running);
    Q_EMIT progress(QStringLiteral("Kafka %1 ready on %2 after %3 s")
                        .arg(sandbox::kafkaVersion(), bootstrap())
                        .arg(double(m_clock.elapsed()) / 1000.0, 0, 'f', 1));
    Q_EMIT ready(bootstrap());
    writeClassArchive();
}

} // namespace kafkalab
