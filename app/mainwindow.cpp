#include "mainwindow.h"

#include "helpmenu.h"
#include "layoutmemory.h"
#include "presentationmode.h"
#include "startpage.h"

#include "kafkacore/client/secretstore.h"
#include "kafkacore/topics/topicnaming.h"
#include "widgets/cluster/brokercontrols.h"
#include "widgets/cluster/clusterbrowser.h"
#include "widgets/common/connectiondialog.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/groupspage.h"
#include "widgets/messages/messagebrowser.h"
#include "widgets/produce/producepage.h"
#include "widgets/replication/replicationpage.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/transactionpage.h"
#include "widgets/schemas/schemaspage.h"
#include "widgets/security/aclspage.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace kafkalab {

namespace {

// A stepper prepares its actors when it is first seen on a connected cluster, not before.
void prepareVisibleStepper(const QTabWidget* tabs, std::initializer_list<ScenarioStepperPage*> steppers)
{
    for (ScenarioStepperPage* page : steppers)
        if (tabs->currentWidget() == page && !page->ready())
            page->load();
}

} // namespace

MainWindow::MainWindow(MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
    , m_secrets(new KeychainSecretStore(this))
{
    buildUi();
    connect(&m_session, &ClusterSession::stateChanged, this, &MainWindow::onSessionState);
    connect(&m_session, &ClusterSession::snapshotApplied, this, &MainWindow::onSnapshot);
    connect(&m_session, &ClusterSession::refreshFailed, this, [this](const QString& message) {
        m_refreshLabel->setText(tr("Refresh failed: %1").arg(message));
        appendLog({ tr("refresh failed: %1").arg(message) });
    });
    QSettings settings;
    m_session.setAutoRefreshInterval(settings.value(QStringLiteral("refreshIntervalMs"), 10000).toInt());
    m_interval->setCurrentIndex(std::max(0, m_interval->findData(m_session.autoRefreshInterval())));
    // The window as it was left: size and place (restoreGeometry keeps it on a screen that is there), docks and
    // toolbars, the last tab.
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (const QScreen* sc = screen()) // left on a larger screen: never larger than this one (a 1024×768 projector)
        resize(size().boundedTo(sc->availableGeometry().size()));
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (const int tab = settings.value(QStringLiteral("window/tab"), 0).toInt(); tab > 0 && tab < m_tabs->count())
        m_tabs->setCurrentIndex(tab);
    if (StartPage::showAtStart())
        m_tabs->setCurrentWidget(m_start);
    else if (m_tabs->currentWidget() == m_start)
        m_tabs->setCurrentWidget(m_browser);
    m_layout = new LayoutMemory(this); // splitters and column widths as the user left them
    m_layout->restore(settings);

    if (!m_options.bootstrap.isEmpty())
        connectToBootstrap(m_options.bootstrap, m_options.bootstrap);
    else if (m_options.startSandbox)
        connectToSandbox();
    else
        showError(tr("Not connected. Start the local sandbox or connect to a cluster (Ctrl+K)."));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    setWindowTitle(QStringLiteral("kafkalab"));
    // 1280×800, or the screen's free area where that is smaller (a 1024×768 projector): never larger than the screen.
    QSize size(1280, 800);
    if (const QScreen* s = screen())
        size = size.boundedTo(s->availableGeometry().size());
    resize(size);

    auto* toolbar = addToolBar(tr("Cluster"));
    toolbar->setObjectName(QStringLiteral("clusterToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* sandboxAction = toolbar->addAction(tr("Local sandbox"), this, &MainWindow::connectToSandbox);
    sandboxAction->setToolTip(tr("Connect to the Kafka broker kafkalab runs on this machine (starting it if needed)"));
    m_sandboxSize = new QComboBox(toolbar);
    m_sandboxSize->addItem(tr("1 broker"), 1);
    m_sandboxSize->addItem(tr("3 brokers"), 3);
    m_sandboxSize->setToolTip(tr("The local sandbox's size: one broker, or three (racks r1-r3, replication factor "
                                 "3) for the replication lab. A running sandbox of another size is restarted."));
    m_sandboxSize->setCurrentIndex(m_options.sandbox.brokers == 3 ? 1 : 0);
    toolbar->addWidget(m_sandboxSize);
    connect(m_sandboxSize, &QComboBox::activated, this, [this] {
        m_options.sandbox.brokers = m_sandboxSize->currentData().toInt();
        if (m_sandbox && m_sandbox->brokerCount() != m_options.sandbox.brokers)
            connectToSandbox();
    });
    addSandboxSecurityChoice(toolbar);
    auto* connectAction = toolbar->addAction(tr("Connect…"), this, &MainWindow::openConnectionDialog);
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connectAction->setToolTip(tr("Connect to a remote cluster (Ctrl+K)"));
    toolbar->addSeparator();
    m_refreshAction = toolbar->addAction(tr("Refresh"), &m_session, &ClusterSession::refresh);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setToolTip(tr("Read brokers, topics and watermarks again (F5)"));
    m_refreshAction->setEnabled(false);
    toolbar->addWidget(new QLabel(tr("  Auto-refresh "), toolbar));
    m_interval = new QComboBox(toolbar);
    m_interval->addItem(tr("off"), 0);
    for (int s : { 2, 5, 10, 30, 60 })
        m_interval->addItem(tr("every %1 s").arg(s), s * 1000);
    toolbar->addWidget(m_interval);
    connect(m_interval, &QComboBox::currentIndexChanged, this, [this] {
        const int ms = m_interval->currentData().toInt();
        m_session.setAutoRefreshInterval(ms);
        QSettings().setValue(QStringLiteral("refreshIntervalMs"), ms);
    });

    auto* fileMenu = menuBar()->addMenu(tr("Cl&uster"));
    fileMenu->addAction(sandboxAction);
    fileMenu->addAction(connectAction);
    fileMenu->addAction(m_refreshAction);
    fileMenu->addAction(tr("Topic &naming convention…"), this, &MainWindow::editNamingConvention);
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // The banner says what is happening (starting, connecting) or what went wrong, with Cancel and Retry.
    m_banner = new QWidget(this);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setAutoFillBackground(true);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bannerProgress = new QProgressBar(m_banner);
    m_bannerProgress->setRange(0, 0);
    m_bannerProgress->setMaximumWidth(160);
    m_bannerProgress->setTextVisible(false);
    m_bannerCancel = new QPushButton(tr("Cancel"), m_banner);
    m_bannerRetry = new QPushButton(tr("Retry"), m_banner);
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerProgress);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerRetry);
    bannerLayout->addWidget(m_bannerCancel);
    connect(m_bannerCancel, &QPushButton::clicked, this, &MainWindow::cancelCurrent);
    connect(m_bannerRetry, &QPushButton::clicked, this, [this] {
        if (m_session.name() == sandboxProfile().name || m_session.name().isEmpty())
            connectToSandbox();
        else
            openConnectionDialog();
    });

    m_browser = new ClusterBrowser(&m_session, this);
    QString namingError;
    if (const auto naming
        = TopicNaming::withPattern(QSettings().value(QStringLiteral("topicNamingPattern")).toString(), &namingError))
        m_browser->setNaming(*naming);
    m_produce = new ProducePage(&m_session, this);
    m_tabs = new QTabWidget(this);
    m_start = new StartPage(this);
    m_tabs->addTab(m_start, tr("&Start"));
    m_tabs->addTab(m_browser, tr("&Cluster"));
    m_messages = new MessageBrowser(this);
    m_tabs->addTab(m_messages, tr("&Messages"));
    m_tabs->addTab(m_produce, tr("&Publish"));
    m_groups = new GroupsPage(this);
    m_lab = new GroupLabPage(&m_session, this);
    m_tabs->addTab(m_groups, tr("&Groups"));
    m_tabs->addTab(m_lab, tr("Group la&b"));
    m_tx = new TransactionPage(this);
    m_tabs->addTab(m_tx, tr("&Transactions"));
    m_offsets = new OffsetPage(this);
    m_tabs->addTab(m_offsets, tr("&Offsets"));
    m_replication = new ReplicationPage(this);
    m_tabs->addTab(m_replication, tr("&Replication"));
    // Last, so that the tab index saved at exit (window/tab) still names the same tab as before it came.
    m_aclsPage = new AclsPage(this);
    m_tabs->addTab(m_aclsPage, tr("&ACLs"));
    m_schemasPage = new SchemasPage(this);
    m_tabs->addTab(m_schemasPage, tr("Sch&emas"));
    // The steppers prepare their actors when they are first opened, not before.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_session.state() == ClusterSession::State::Connected)
            prepareVisibleStepper(m_tabs, { m_tx, m_offsets });
    });
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
    // In a scroll area: pages wider or taller than the screen (a small screen, presentation mode's large type)
    // scroll instead of pushing the window past the screen's edges.
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("centralScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(central);
    setCentralWidget(scroll);
    auto* find = new QAction(tr("Find a topic (Cluster)"), this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] { m_browser->topicFilter()->setFocus(); });
    addAction(find);

    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFont(QStringLiteral("monospace")));
    // Following the tail is decided here, not by QPlainTextEdit (which stops following when lines arrive while the
    // window is hidden, or when a long line brings the horizontal scroll bar, and jumps to the end when the last
    // line is partly in view): a view at the bottom stays there when the range grows, whatever made it grow; a
    // view the user scrolled up stays where it is.
    QScrollBar* bar = m_log->verticalScrollBar();
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_logAtBottom)
            bar->setValue(max);
    });
    connect(bar, &QScrollBar::actionTriggered, this, [this, bar] {
        // The user moved it (arrows, page, wheel, drag): follow only from the bottom.
        QTimer::singleShot(0, this, [this, bar] { m_logAtBottom = bar->value() >= bar->maximum(); });
    });
    auto* dock = new QDockWidget(tr("Sandbox broker log"), this);
    dock->setObjectName(QStringLiteral("logDock"));
    dock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({ dock }, { 140 }, Qt::Vertical);
    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(dock->toggleViewAction());
    viewMenu->addSeparator();
    m_presentation = new PresentationMode(this, viewMenu);
    addLessonsMenu(this);
    addHelpMenu(this);

    m_clusterLabel = new QLabel(tr("Not connected"), this);
    m_refreshLabel = new QLabel(this);
    statusBar()->addWidget(m_clusterLabel, 1);
    statusBar()->addPermanentWidget(m_refreshLabel);
    hideBanner();
}

QString MainWindow::bannerText() const
{
    return m_banner->isVisible() ? m_bannerText->text() : QString();
}

void MainWindow::showBusy(const QString& text)
{
    m_bannerText->setText(text);
    m_bannerText->setStyleSheet(QString());
    m_bannerProgress->show();
    m_bannerCancel->show();
    m_bannerRetry->hide();
    m_banner->show();
}

void MainWindow::showError(const QString& text)
{
    m_bannerText->setText(text);
    m_bannerText->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_bannerProgress->hide();
    m_bannerCancel->hide();
    m_bannerRetry->show();
    m_banner->show();
}

void MainWindow::hideBanner()
{
    m_banner->hide();
}

void MainWindow::appendLog(const QStringList& lines)
{
    QScrollBar* bar = m_log->verticalScrollBar();
    const bool follow = m_logAtBottom;
    const int reading = bar->value();
    for (const QString& line : lines)
        m_log->appendPlainText(line);
    bar->setValue(follow ? bar->maximum() : reading);
    m_logAtBottom = follow;
}

void MainWindow::connectToBootstrap(const QString& name, const QString& bootstrap)
{
    ConnectionProfile p;
    p.name = name;
    p.bootstrap = bootstrap;
    connectToProfile(p);
}

void MainWindow::connectToProfile(const ConnectionProfile& profile)
{
    confirmSwitch(profile.name.isEmpty() ? profile.bootstrap : profile.name, [this, profile] { connectNow(profile); });
}

void MainWindow::connectWith(const ConnectionProfile& p)
{
    m_wantSandbox = false;
    LocalSandbox* controlled
        = m_sandbox && m_sandbox->state() == LocalSandbox::State::Running && p.bootstrap == m_sandbox->bootstrap()
        ? m_sandbox
        : nullptr;
    m_browser->brokerControls()->setSandbox(controlled);
    m_replication->setSandbox(controlled);
    m_connecting = p.toProperties();
    m_messages->setSchemaRegistry(p.registryConnection());
    m_schemasPage->setRegistry(p.registryConnection());
    m_produce->setSchemaRegistry(p.registryConnection());
    m_tx->setSchemaRegistry(p.registryConnection()); // the schema-evolution lesson
    m_session.connectTo(p.name, m_connecting); // forgets the old cluster's snapshot
    dropConnection();
    showBusy(tr("Connecting to %1 (%2)…").arg(p.name, p.bootstrap));
}

void MainWindow::cancelCurrent()
{
    if (m_sandbox && m_sandbox->state() == LocalSandbox::State::Starting) {
        m_wantSandbox = false;
        m_sandbox->stop();
        showError(tr("Starting the local sandbox was cancelled."));
        return;
    }
    if (m_session.state() == ClusterSession::State::Connecting) {
        const QString name = m_session.name();
        m_session.disconnectCluster();
        showError(tr("Connecting to %1 was cancelled.").arg(name));
    }
}

void MainWindow::onSessionState(ClusterSession::State state)
{
    m_refreshAction->setEnabled(state == ClusterSession::State::Connected);
    switch (state) {
    case ClusterSession::State::Connecting:
        m_clusterLabel->setText(tr("%1: connecting to %2").arg(m_session.name(), m_session.bootstrap()));
        break;
    case ClusterSession::State::Connected: {
        hideBanner();
        const bool securedSandbox
            = m_sandbox && m_session.name() == sandboxProfile().name && m_sandbox->securityFiles().secured();
        // Lessons whose actors connect as the sandbox's demo users (as_user: the authorization lesson) get their
        // passwords; on another cluster they come from the environment.
        QMap<QString, QString> passwords;
        for (const sandbox::SandboxUser& u :
            securedSandbox ? m_sandbox->securityFiles().users : QList<sandbox::SandboxUser>())
            passwords.insert(u.name, u.password);
        m_tx->setUserPasswords(passwords);
        m_offsets->setUserPasswords(passwords);
        m_produce->setConnection(m_connecting);
        m_groups->setConnection(m_connecting);
        m_lab->setConnection(m_connecting);
        m_tx->setConnection(m_connecting);
        m_offsets->setConnection(m_connecting);
        m_messages->setConnection(m_connecting);
        m_browser->setConnection(m_connecting);
        m_replication->setConnection(m_connecting);
        // Brokers do not tell their super users; kafkalab's own secured sandbox has one.
        m_aclsPage->setConnection(m_connecting,
            securedSandbox ? QStringList { QStringLiteral("User:") + sandbox::superUserName() } : QStringList());
        prepareVisibleStepper(m_tabs, { m_tx, m_offsets }); // the tab in view may be one (the last tab, restored)
        m_clusterLabel->setText(
            tr("%1 — %2 — cluster id %3").arg(m_session.name(), m_session.bootstrap(), m_session.clusterId()));
        setWindowTitle(tr("kafkalab — %1").arg(m_session.name()));
        break;
    }
    case ClusterSession::State::Failed:
        showError(tr("Could not connect to %1: %2").arg(m_session.name(), m_session.lastError()));
        m_clusterLabel->setText(tr("%1: not connected").arg(m_session.name()));
        break;
    case ClusterSession::State::Idle:
        m_clusterLabel->setText(tr("Not connected"));
        break;
    }
}

void MainWindow::onSnapshot()
{
    const ClusterSnapshot& s = m_session.snapshot();
    const QLocale locale;
    const auto brokers = qlonglong(s.brokers.size());
    const auto topicCount = qlonglong(s.topics.size());
    QString text = tr("%1, %2 — refreshed %3 in %4 ms")
                       .arg(brokers == 1 ? tr("1 broker") : tr("%1 brokers").arg(locale.toString(brokers)),
                           topicCount == 1 ? tr("1 topic") : tr("%1 topics").arg(locale.toString(topicCount)),
                           s.takenAt.toString(QStringLiteral("HH:mm:ss")), locale.toString(qlonglong(s.elapsedMs)));
    if (!s.notice.isEmpty())
        text += QStringLiteral(" — ") + s.notice;
    if (!s.offsetsError.isEmpty())
        text += QStringLiteral(" — ") + s.offsetsError;
    m_refreshLabel->setText(text);
    QStringList topics;
    for (const TopicInfo& t : s.topics)
        topics.append(t.name);
    topics.sort();
    m_messages->setTopics(topics);
}

void MainWindow::editNamingConvention()
{
    // A regular expression the whole topic name must match; empty: <domain>.<entity>.<event-type>.
    QSettings settings;
    QString pattern = settings.value(QStringLiteral("topicNamingPattern")).toString();
    for (;;) {
        bool ok = false;
        pattern = QInputDialog::getText(this, tr("Topic naming convention"),
            tr("A regular expression every topic name should match (empty: three lowercase dot-separated parts, "
               "<domain>.<entity>.<event-type>):"),
            QLineEdit::Normal, pattern, &ok);
        if (!ok)
            return;
        QString error;
        if (const auto naming = TopicNaming::withPattern(pattern.trimmed(), &error)) {
            settings.setValue(QStringLiteral("topicNamingPattern"), pattern.trimmed());
            m_browser->setNaming(*naming);
            return;
        }
        QMessageBox::warning(this, tr("Topic naming convention"), error);
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_closing) {
        // Left in presentation mode: what is saved is the normal window (its docks and toolbar shown, not full
        // screen), else the next start had no toolbar and no log dock.
        m_presentation->setActive(false);
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("window/state"), saveState());
        settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
        m_layout->save(settings);
    }
    // The broker gets a clean shutdown; the window goes away at once and the process ends when it is done.
    if (m_sandbox && m_sandbox->state() != LocalSandbox::State::Stopped
        && m_sandbox->state() != LocalSandbox::State::Failed) {
        m_closing = true;
        hide();
        // The lab's members leave their groups while the broker is still there to hear it.
        m_lab->setConnection({});
        m_session.disconnectCluster();
        // The offset stepper deletes its lab topic first, while the broker is there.
        m_offsets->setConnection({});
        if (m_offsets->retiring())
            connect(m_offsets, &OffsetPage::allRetired, m_sandbox, &LocalSandbox::stop);
        else
            m_sandbox->stop();
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace kafkalab
