#pragma once

#include "clustersession.h"
#include "connectionprofile.h"
#include "localsandbox.h"

#include <QMainWindow>

class QAction;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace kafkalab {

class ClusterBrowser;
class ProducePage;
class GroupsPage;
class GroupLabPage;
class TransactionPage;
class OffsetPage;
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
    ClusterBrowser* browser() const { return m_browser; }
    ProducePage* producePage() const { return m_produce; }
    GroupsPage* groupsPage() const { return m_groups; }
    GroupLabPage* groupLabPage() const { return m_lab; }
    TransactionPage* transactionPage() const { return m_tx; }
    OffsetPage* offsetPage() const { return m_offsets; }
    MessageBrowser* messageBrowser() const { return m_messages; }
    QTabWidget* tabs() const { return m_tabs; }
    LocalSandbox* sandbox() const { return m_sandbox; }
    QString bannerText() const;

public Q_SLOTS:
    void connectToSandbox();
    void connectToBootstrap(const QString& name, const QString& bootstrap);
    void connectToProfile(const ConnectionProfile& profile);
    void openConnectionDialog();

protected:
    void closeEvent(QCloseEvent* event) override;
    void editNamingConvention();

private:
    void buildUi();
    void showBusy(const QString& text);
    void showError(const QString& text);
    void hideBanner();
    void cancelCurrent();
    void onSessionState(ClusterSession::State state);
    void onSnapshot();
    void appendLog(const QStringList& lines);

    MainWindowOptions m_options;
    ClusterSession m_session;
    LocalSandbox* m_sandbox = nullptr;
    ClusterBrowser* m_browser = nullptr;
    ProducePage* m_produce = nullptr;
    GroupsPage* m_groups = nullptr;
    GroupLabPage* m_lab = nullptr;
    TransactionPage* m_tx = nullptr;
    OffsetPage* m_offsets = nullptr;
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
    QAction* m_refreshAction = nullptr;
    QComboBox* m_interval = nullptr;
    bool m_wantSandbox = false; // connect to the sandbox once it is ready
    bool m_closing = false;
};

} // namespace kafkalab
