#pragma once

#include "kafkacore/client/connectionprofile.h"
#include "kafkacore/cluster/clustersession.h"
#include "kafkacore/sandbox/localsandbox.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>

class QAction;
class QComboBox;
class QToolBar;
class QLabel;
class QMessageBox;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace kafkalab {

class SecretStore;

class LayoutMemory;
class PresentationMode;
class StartPage;

class ClusterBrowser;
class ProducePage;
class GroupsPage;
class GroupLabPage;
class TransactionPage;
class OffsetPage;
class ReplicationPage;
class AclsPage;
class SchemasPage;
class MessageBrowser;

struct MainWindowOptions {
    QString bootstrap; // connect here instead of the local sandbox
    bool startSandbox = true;
    SandboxOptions sandbox;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(MainWindowOptions options, QWidget* parent = nullptr);
    ~MainWindow() override;

    ClusterSession* session() { return &m_session; }
    StartPage* startPage() const { return m_start; }
    LayoutMemory* layoutMemory() const { return m_layout; }
    ClusterBrowser* browser() const { return m_browser; }
    ProducePage* producePage() const { return m_produce; }
    GroupsPage* groupsPage() const { return m_groups; }
    GroupLabPage* groupLabPage() const { return m_lab; }
    TransactionPage* transactionPage() const { return m_tx; }
    OffsetPage* offsetPage() const { return m_offsets; }
    ReplicationPage* replicationPage() const { return m_replication; }
    AclsPage* aclsPage() const { return m_aclsPage; }
    SchemasPage* schemasPage() const { return m_schemasPage; }
    MessageBrowser* messageBrowser() const { return m_messages; }
    QTabWidget* tabs() const { return m_tabs; }
    LocalSandbox* sandbox() const { return m_sandbox; }
    QComboBox* sandboxSizeBox() const { return m_sandboxSize; }
    QString bannerText() const;
    // What runs on the current cluster and stops when the window connects elsewhere, in words.
    QStringList runningLabs() const;
    // The "stop them and switch?" question while it is open, else null.
    QMessageBox* switchConfirmation() const;
    QPlainTextEdit* brokerLog() const { return m_log; }
    PresentationMode* presentation() const { return m_presentation; }
    QLabel* refreshLabel() const { return m_refreshLabel; }
    SecretStore* secretStore() const { return m_secrets; }

public Q_SLOTS:
    void connectToSandbox();
    void connectToBootstrap(const QString& name, const QString& bootstrap);
    void connectToProfile(const ConnectionProfile& profile);
    void openConnectionDialog();
    // Lines for the broker log dock; it follows the tail unless the user scrolled up.
    void appendLog(const QStringList& lines);

Q_SIGNALS:
    // The local sandbox was made or let go of (sandbox() is another object, or null).
    void sandboxChanged();

protected:
    void closeEvent(QCloseEvent* event) override;
    void editNamingConvention();

private:
    void buildUi();
    // Runs `proceed` at once when nothing runs on the current cluster; otherwise only after the user agreed, in a
    // question that lists what stops. The window does not wait for the answer.
    void confirmSwitch(const QString& target, const std::function<void()>& proceed);
    void startSandboxConnection();
    // The profile that reaches the local sandbox (its bootstrap and schema registry once it runs).
    ConnectionProfile sandboxProfile() const;
    // Before a sandbox of another size starts: drops a stopped one (true) or stops a running one and starts the new
    // one once it has stopped (false).
    bool resizeSandbox();
    // The sandbox's security next to its size (mainwindowsandbox.cpp); another choice restarts a running sandbox.
    void addSandboxSecurityChoice(QToolBar* toolbar);
    // Reads the secrets the profile keeps in the system keychain (asynchronously), asks for those still missing,
    // then connects (mainwindowconnect.cpp).
    void connectNow(const ConnectionProfile& profile);
    void askMissingSecretsAndConnect(ConnectionProfile p, const QString& keychainNote);
    void connectWith(const ConnectionProfile& p); // the profile complete: connect
    // Every page lets go of the current cluster and forgets what it showed of it.
    void dropConnection();
    void showBusy(const QString& text);
    void showError(const QString& text);
    void hideBanner();
    void cancelCurrent();
    void onSessionState(ClusterSession::State state);
    void onSnapshot();

    MainWindowOptions m_options;
    ClusterSession m_session;
    LocalSandbox* m_sandbox = nullptr;
    StartPage* m_start = nullptr;
    LayoutMemory* m_layout = nullptr;
    ClusterBrowser* m_browser = nullptr;
    ProducePage* m_produce = nullptr;
    GroupsPage* m_groups = nullptr;
    GroupLabPage* m_lab = nullptr;
    TransactionPage* m_tx = nullptr;
    OffsetPage* m_offsets = nullptr;
    ReplicationPage* m_replication = nullptr;
    AclsPage* m_aclsPage = nullptr;
    SchemasPage* m_schemasPage = nullptr;
    MessageBrowser* m_messages = nullptr;
    QTabWidget* m_tabs = nullptr;
    QList<ClientProperty> m_connecting; // properties of the connection being made
    QWidget* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QProgressBar* m_bannerProgress = nullptr;
    QPushButton* m_bannerCancel = nullptr;
    QPushButton* m_bannerRetry = nullptr;
    QLabel* m_clusterLabel = nullptr;
    QLabel* m_refreshLabel = nullptr;
    QPlainTextEdit* m_log = nullptr;
    bool m_logAtBottom = true; // the log follows its newest line; false while the user has scrolled up
    QAction* m_refreshAction = nullptr;
    QComboBox* m_interval = nullptr;
    QComboBox* m_sandboxSize = nullptr; // 1 or 3 brokers
    PresentationMode* m_presentation = nullptr;
    QComboBox* m_sandboxSecurity = nullptr; // plaintext, sasl_ssl, ssl, sasl_plaintext
    bool m_wantSandbox = false; // connect to the sandbox once it is ready
    bool m_closing = false;
    QPointer<QMessageBox> m_switchBox;
    SecretStore* m_secrets = nullptr; // the system keychain (profile secrets), for the dialog and at connect time
    int m_secretsGeneration = 0; // a newer connect makes an older keychain answer moot
};

} // namespace kafkalab
