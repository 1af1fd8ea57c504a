// The main window's local sandbox: starting it (or connecting to it when it runs), its size (a sandbox of another
// size is another cluster: the running one stops first), and the connection profile that reaches it.
#include "mainwindow.h"

#include "widgets/cluster/brokercontrols.h"
#include "widgets/cluster/clusterbrowser.h"
#include "widgets/replication/replicationpage.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QLabel>
#include <QToolBar>

namespace kafkalab {

ConnectionProfile MainWindow::sandboxProfile() const
{
    ConnectionProfile p;
    p.name = tr("Local sandbox");
    if (m_sandbox) {
        p.bootstrap = m_sandbox->bootstrap();
        p.registryUrl = m_sandbox->schemaRegistryUrl(); // empty without --schema-registry
        // A secured sandbox: kafkalab connects as its super user, so everything it shows keeps working.
        const sandbox::SecurityFiles& security = m_sandbox->securityFiles();
        if (security.secured()) {
            p.securityProtocol = sandbox::securityName(security.security);
            if (sandbox::usesTls(security.security))
                p.caFile = security.caFile;
            p.clientCertFile = security.admin.certFile;
            p.clientKeyFile = security.admin.keyFile;
            if (sandbox::usesSasl(security.security)) {
                p.saslMechanism = QStringLiteral("PLAIN");
                p.username = security.admin.name;
                p.password = security.admin.password;
            }
        }
    }
    return p;
}

void MainWindow::addSandboxSecurityChoice(QToolBar* toolbar)
{
    m_sandboxSecurity = new QComboBox(toolbar);
    m_sandboxSecurity->setObjectName(QStringLiteral("sandboxSecurity"));
    for (const sandbox::Security s : { sandbox::Security::Plaintext, sandbox::Security::SaslSsl, sandbox::Security::Ssl,
             sandbox::Security::SaslPlaintext })
        m_sandboxSecurity->addItem(sandbox::securityName(s), int(s));
    m_sandboxSecurity->setToolTip(
        tr("The local sandbox's security: plaintext, or a secured cluster (its own CA, SCRAM and PLAIN users alice and "
           "bob without ACLs, mutual TLS for ssl, an authorizer). kafkalab connects as the super user kafkalab. A "
           "running sandbox of another security is restarted."));
    m_sandboxSecurity->setCurrentIndex(m_sandboxSecurity->findData(int(m_options.sandbox.security)));
    toolbar->addWidget(m_sandboxSecurity);
    connect(m_sandboxSecurity, &QComboBox::activated, this, [this] {
        m_options.sandbox.security = sandbox::Security(m_sandboxSecurity->currentData().toInt());
        if (m_sandbox && m_sandbox->security() != m_options.sandbox.security)
            connectToSandbox();
    });
}

void MainWindow::connectToSandbox()
{
    confirmSwitch(tr("the local sandbox"), [this] { startSandboxConnection(); });
}

void MainWindow::startSandboxConnection()
{
    if (m_sandbox
        && (m_sandbox->brokerCount() != m_options.sandbox.brokers
            || m_sandbox->security() != m_options.sandbox.security)
        && !resizeSandbox())
        return; // the old one is stopping; this comes back once it has
    if (!m_sandbox) {
        m_sandbox = new LocalSandbox(m_options.sandbox, this);
        connect(m_sandbox, &LocalSandbox::logLines, this, &MainWindow::appendLog);
        connect(m_sandbox, &LocalSandbox::progress, this, [this](const QString& step) {
            appendLog({ QStringLiteral("kafkalab: ") + step });
            if (m_sandbox->state() == LocalSandbox::State::Starting)
                showBusy(tr("Local sandbox: %1…").arg(step));
        });
        connect(m_sandbox, &LocalSandbox::ready, this, [this] {
            if (m_wantSandbox) {
                m_wantSandbox = false;
                connectNow(sandboxProfile());
            }
        });
        connect(m_sandbox, &LocalSandbox::failed, this, [this](const QString& message) {
            m_wantSandbox = false;
            showError(tr("The local sandbox could not start: %1").arg(message));
            appendLog({ QStringLiteral("kafkalab: ") + message });
        });
        connect(m_sandbox, &LocalSandbox::heapShort, this, [this](const QString& warning) {
            showError(warning);
            appendLog({ QStringLiteral("kafkalab: ") + warning });
        });
        connect(m_sandbox, &LocalSandbox::stopped, this, [this] {
            // The window was hidden while the broker shut down; now the application can end.
            if (m_closing)
                QCoreApplication::quit();
        });
        Q_EMIT sandboxChanged();
    }
    switch (m_sandbox->state()) {
    case LocalSandbox::State::Running:
        connectNow(sandboxProfile());
        break;
    case LocalSandbox::State::Starting:
        m_wantSandbox = true;
        break;
    default:
        m_wantSandbox = true;
        m_session.disconnectCluster();
        dropConnection();
        showBusy(m_options.sandbox.brokers == 1
                ? tr("Starting the local sandbox (a real Kafka %1 broker)…").arg(sandbox::kafkaVersion())
                : tr("Starting the local sandbox (%1 real Kafka %2 brokers and a controller)…")
                      .arg(m_options.sandbox.brokers)
                      .arg(sandbox::kafkaVersion()));
        m_clusterLabel->setText(tr("Local sandbox: starting"));
        m_sandbox->start();
        break;
    }
}

bool MainWindow::resizeSandbox()
{
    LocalSandbox* old = m_sandbox;
    if (old->state() == LocalSandbox::State::Stopped || old->state() == LocalSandbox::State::Failed) {
        old->deleteLater();
        m_sandbox = nullptr;
        Q_EMIT sandboxChanged();
        return true;
    }
    // Another size is another cluster: the running one stops first (on its data), then the new one starts.
    m_wantSandbox = true;
    m_browser->brokerControls()->setSandbox(nullptr);
    m_replication->setSandbox(nullptr);
    m_session.disconnectCluster();
    dropConnection();
    if (old->brokerCount() != m_options.sandbox.brokers)
        showBusy(tr("Stopping the local sandbox of %n broker(s) to start one of %1…", nullptr, old->brokerCount())
                     .arg(m_options.sandbox.brokers));
    else
        showBusy(tr("Stopping the local sandbox (%1) to start a %2 one…")
                     .arg(sandbox::securityName(old->security()), sandbox::securityName(m_options.sandbox.security)));
    connect(old, &LocalSandbox::stopped, this, [this, old] {
        if (m_sandbox != old || m_closing)
            return;
        old->deleteLater();
        m_sandbox = nullptr;
        Q_EMIT sandboxChanged();
        startSandboxConnection();
    });
    old->stop();
    return false;
}

} // namespace kafkalab
