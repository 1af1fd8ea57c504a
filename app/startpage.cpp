#include "app/startpage.h"

#include "app/helpmenu.h"
#include "app/mainwindow.h"

#include "kafkacore/sandbox/sandboxsetup.h"
#include "kafkacore/scenarios/scenarioengine.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/messages/messagebrowser.h"
#include "widgets/produce/messagecomposer.h"
#include "widgets/produce/producepage.h"
#include "widgets/replication/replicationpage.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/transactionpage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

namespace kafkalab {

namespace {

const QString kShowKey = QStringLiteral("start/show");
const QString kRebalanceLesson = QStringLiteral("rebalance-eager-vs-cooperative");

QLabel* wrapped(const QString& text, QWidget* parent)
{
    auto* l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::RichText);
    l->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return l;
}

QString brokerCount(qsizetype n)
{
    return n == 1 ? StartPage::tr("1 broker") : StartPage::tr("%1 brokers").arg(QLocale().toString(qlonglong(n)));
}

} // namespace

bool StartPage::showAtStart()
{
    return QSettings().value(kShowKey, true).toBool();
}

StartPage::StartPage(MainWindow* window)
    : QWidget(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("startPage"));
    auto* content = new QWidget(this);
    m_content = content;
    auto* title = new QLabel(tr("<h2>Start here</h2>"), content);
    m_cluster = wrapped(QString(), content);
    m_cluster->setObjectName(QStringLiteral("startCluster"));
    m_cluster->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_startSandbox = new QPushButton(tr("Start the local sandbox"), content);
    m_startSandbox->setObjectName(QStringLiteral("startSandbox"));
    connect(m_startSandbox, &QPushButton::clicked, window, &MainWindow::connectToSandbox);
    auto* clusterRow = new QHBoxLayout;
    clusterRow->addWidget(m_cluster, 1);
    clusterRow->addWidget(m_startSandbox, 0, Qt::AlignTop);

    auto* stepsBox = new QGroupBox(tr("What to try first"), content);
    m_steps = new QGridLayout(stepsBox);
    m_steps->setColumnStretch(1, 1);
    m_steps->setVerticalSpacing(10);

    m_publishNote = addStep(QStringLiteral("publish"), tr("Publish keyed messages"), QString(), [window] {
        // The demo topic with six partitions, when the cluster has it.
        if (window->session()->snapshot().topic(QStringLiteral("orders")))
            window->producePage()->composer()->topicBox()->setCurrentText(QStringLiteral("orders"));
        window->tabs()->setCurrentWidget(window->producePage());
    });
    addStep(QStringLiteral("messages"), tr("Read them back"),
        tr("<b>Messages</b> tab: read a topic's newest messages, each with its partition, offset, key, timestamp and "
           "headers; filter and search them, and see that every key kept to its partition."),
        [window] { window->tabs()->setCurrentWidget(window->messageBrowser()); });
    addStep(QStringLiteral("grouplab"), tr("Watch a group rebalance"),
        tr("<b>Group lab</b>: add consumers to a group one at a time, stop or crash one, and watch the partitions "
           "move between them on the board and the rebalance timeline."),
        [window] { window->tabs()->setCurrentWidget(window->groupLabPage()); });
    const QString lessonFile
        = ScenarioEngine::scenarioDirectory() + QLatin1Char('/') + kRebalanceLesson + QStringLiteral(".json");
    QString lessonError;
    const std::optional<Scenario> lesson = loadScenario(lessonFile, &lessonError);
    addStep(QStringLiteral("lesson"), tr("Lesson: eager or cooperative"),
        lesson ? tr("Loads the lesson <i>%1</i> (%2 steps) in the Group lab: two groups side by side, one eager, one "
                    "cooperative, as a member joins each; F10 takes the next step.")
                     .arg(lesson->name)
                     .arg(lesson->steps.size())
               : tr("The lesson %1 could not be read: %2").arg(kRebalanceLesson, lessonError.toHtmlEscaped()),
        [this, window, lessonFile] {
            if (const QString error = openLesson(window, lessonFile); !error.isEmpty())
                QMessageBox::warning(this, tr("Lesson"), error);
        });
    stepButton(QStringLiteral("lesson"))->setEnabled(lesson.has_value());
    addStep(QStringLiteral("transactions"), tr("Step through a transaction"),
        tr("<b>Transactions</b> tab: Init, Begin, Send, Commit or Abort by hand, and see what a read_committed and a "
           "read_uncommitted consumer get, and where the transaction markers go."),
        [window] { window->tabs()->setCurrentWidget(window->transactionPage()); });
    addStep(QStringLiteral("offsets"), tr("Commit offsets by hand"),
        tr("<b>Offsets</b> tab: poll, process, commit, crash and restart a consumer, and see which messages it reads "
           "again and which it never reads."),
        [window] { window->tabs()->setCurrentWidget(window->offsetPage()); });
    m_replicationNote = addStep(QStringLiteral("replication"), tr("Lose a broker"), QString(),
        [window] { window->tabs()->setCurrentWidget(window->replicationPage()); });
    m_replicationNote->setObjectName(QStringLiteral("startReplicationNote"));
    addStep(QStringLiteral("lessons"), tr("Every lesson…"),
        tr("<b>Help → Lessons</b> (F1): every lesson that ships, what it teaches and the tab that shows it; open "
           "one and F10 steps through it."),
        [window] { lessonsDialog(window)->show(); });
    addStep(QStringLiteral("cli"), tr("The command line…"),
        tr("<b>kafkalab-cli</b> does the same from a terminal or a CI job: <code>kafkalab-cli sandbox</code>, "
           "<code>kafkalab-cli cluster --json</code>, <code>kafkalab-cli scenario run --junit report.xml "
           "LESSON.json</code>."),
        [window] { commandLineDialog(window)->open(); });

    // Every shipped lesson: its title (a button that opens its tab with it loaded), what it teaches, how long.
    auto* lessonsBox = new QGroupBox(tr("Lessons (also in the Lessons menu, Alt+L)"), content);
    lessonsBox->setObjectName(QStringLiteral("startLessons"));
    auto* lessonsGrid = new QGridLayout(lessonsBox);
    lessonsGrid->setColumnStretch(1, 1);
    for (const LessonFile& f : lessonFiles(ScenarioEngine::scenarioDirectory())) {
        const int row = lessonsGrid->rowCount();
        if (!f.lesson) { // a broken file is named with its reason, not left out
            lessonsGrid->addWidget(wrapped(f.error.toHtmlEscaped(), lessonsBox), row, 0, 1, 2);
            continue;
        }
        auto* open = new QPushButton(f.lesson->displayTitle(), lessonsBox);
        open->setObjectName(QStringLiteral("startLesson_") + f.baseName);
        connect(open, &QPushButton::clicked, this, [this, window, path = f.path] {
            if (const QString error = openLesson(window, path); !error.isEmpty())
                QMessageBox::warning(this, tr("Lesson"), error);
        });
        auto* about = wrapped(
            QStringLiteral("%1 <i>(%2)</i>")
                .arg((f.lesson->teaches.isEmpty() ? f.lesson->description : f.lesson->teaches).toHtmlEscaped(),
                    lessonFacts(*f.lesson).toHtmlEscaped()),
            lessonsBox);
        lessonsGrid->addWidget(open, row, 0, Qt::AlignTop);
        lessonsGrid->addWidget(about, row, 1);
    }

    m_showAtStart = new QCheckBox(tr("Show this page at start"), content);
    m_showAtStart->setObjectName(QStringLiteral("startShowAtStart"));
    m_showAtStart->setChecked(showAtStart());
    connect(m_showAtStart, &QCheckBox::toggled, this, [](bool on) { QSettings().setValue(kShowKey, on); });
    auto* back = wrapped(tr("Help → Start page (or Alt+S) brings it back."), content);

    auto* layout = new QVBoxLayout(content);
    layout->addWidget(title);
    layout->addLayout(clusterRow);
    layout->addWidget(stepsBox);
    layout->addWidget(lessonsBox);
    layout->addWidget(m_showAtStart);
    layout->addWidget(back);
    layout->addStretch(1);
    // In a scroll area of its own: at 200 % on a 1024×768 projector the page is taller than the window.
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("startScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    ClusterSession* session = window->session();
    connect(session, &ClusterSession::stateChanged, this, &StartPage::updateCluster);
    connect(session, &ClusterSession::snapshotApplied, this, &StartPage::updateCluster);
    connect(window, &MainWindow::sandboxChanged, this, &StartPage::watchSandbox);
    watchSandbox();
}

QLabel* StartPage::addStep(
    const QString& name, const QString& title, const QString& text, const std::function<void()>& go)
{
    QWidget* box = m_steps->parentWidget();
    const int row = m_steps->count() / 2; // a button and its text per row
    auto* button = new QPushButton(title, box);
    button->setObjectName(QStringLiteral("start_") + name);
    connect(button, &QPushButton::clicked, this, go);
    auto* label = wrapped(text, box);
    m_steps->addWidget(button, row, 0, Qt::AlignTop);
    m_steps->addWidget(label, row, 1);
    return label;
}

QAbstractButton* StartPage::stepButton(const QString& name) const
{
    return findChild<QAbstractButton*>(QStringLiteral("start_") + name);
}

QAbstractButton* StartPage::lessonButton(const QString& baseName) const
{
    return findChild<QAbstractButton*>(QStringLiteral("startLesson_") + baseName);
}

void StartPage::showEvent(QShowEvent* event)
{
    // The tabs can be wider than the window (another page's least width at 1024×768, in large type): the text keeps to
    // the part of the page the window shows, so no line runs past its right edge.
    if (auto* central = qobject_cast<QScrollArea*>(m_window->centralWidget()); central && !m_visibleArea) {
        m_visibleArea = central->viewport();
        m_visibleArea->installEventFilter(this);
    }
    fitToVisibleArea();
    QWidget::showEvent(event);
}

bool StartPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_visibleArea && event->type() == QEvent::Resize)
        fitToVisibleArea();
    return QWidget::eventFilter(watched, event);
}

void StartPage::fitToVisibleArea()
{
    auto* central = m_visibleArea ? qobject_cast<QScrollArea*>(m_visibleArea->parentWidget()) : nullptr;
    if (!central || !central->widget())
        return;
    const int inset = mapTo(central->widget(), QPoint(0, 0)).x();
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    m_content->setMaximumWidth(std::max(200, m_visibleArea->width() - 2 * inset - bar));
}

void StartPage::watchSandbox()
{
    if (m_sandbox)
        disconnect(m_sandbox, nullptr, this, nullptr);
    m_sandbox = m_window->sandbox();
    m_sandboxStep.clear();
    if (m_sandbox) {
        connect(m_sandbox, &LocalSandbox::stateChanged, this, &StartPage::updateCluster);
        connect(m_sandbox, &LocalSandbox::progress, this, [this](const QString& step) {
            m_sandboxStep = step;
            updateCluster();
        });
    }
    updateCluster();
}

QString StartPage::clusterText() const
{
    const ClusterSession* session = m_window->session();
    const QString name = session->name().toHtmlEscaped();
    const QString bootstrap = session->bootstrap().toHtmlEscaped();
    const bool sandboxRuns = m_sandbox && m_sandbox->state() == LocalSandbox::State::Running;
    switch (session->state()) {
    case ClusterSession::State::Connected: {
        const ClusterSnapshot& s = session->snapshot();
        const QString brokers = s.takenAt.isValid() ? brokerCount(s.brokers.size()) : QString();
        if (sandboxRuns && session->bootstrap() == m_sandbox->bootstrap())
            return brokers.isEmpty()
                ? tr("<b>On the local sandbox</b> at %1: real Kafka %2 on this machine, yours to break.")
                      .arg(bootstrap, sandbox::kafkaVersion())
                : tr("<b>On the local sandbox</b> at %1: %3 of real Kafka %2 on this machine, yours to break.")
                      .arg(bootstrap, sandbox::kafkaVersion(), brokers);
        return brokers.isEmpty() ? tr("<b>On %1</b> (%2), not the local sandbox: the steps below make topics, groups "
                                      "and transactions there.")
                                       .arg(name, bootstrap)
                                 : tr("<b>On %1</b> (%2, %3), not the local sandbox: the steps below make topics, "
                                      "groups and transactions there.")
                                       .arg(name, bootstrap, brokers);
    }
    case ClusterSession::State::Connecting:
        return tr("<b>Connecting</b> to %1 (%2)…").arg(name, bootstrap);
    case ClusterSession::State::Failed:
        return tr("<b>Not connected</b>: %1 (%2) could not be reached: %3")
            .arg(name, bootstrap, session->lastError().toHtmlEscaped());
    case ClusterSession::State::Idle:
        break;
    }
    if (m_sandbox) {
        switch (m_sandbox->state()) {
        case LocalSandbox::State::Starting:
            return m_sandboxStep.isEmpty()
                ? tr("<b>The local sandbox is starting</b> (real Kafka %1 on this machine)…")
                      .arg(sandbox::kafkaVersion())
                : tr("<b>The local sandbox is starting</b> (real Kafka %1 on this machine): %2…")
                      .arg(sandbox::kafkaVersion(), m_sandboxStep.toHtmlEscaped());
        case LocalSandbox::State::Running:
            return tr("<b>Not connected.</b> The local sandbox runs at %1.")
                .arg(m_sandbox->bootstrap().toHtmlEscaped());
        case LocalSandbox::State::Stopping:
            return tr("<b>Not connected.</b> The local sandbox is stopping.");
        case LocalSandbox::State::Failed:
            return tr(
                "<b>Not connected.</b> The local sandbox could not start (the banner above and the broker log say "
                "why).");
        case LocalSandbox::State::Stopped:
            break;
        }
    }
    return tr("<b>Not connected.</b> Start the local sandbox (real Kafka %1 on this machine) or connect to a cluster "
              "(Ctrl+K).")
        .arg(sandbox::kafkaVersion());
}

QString StartPage::topicNote(const QString& topic) const
{
    const ClusterSession* session = m_window->session();
    const TopicInfo* t
        = session->state() == ClusterSession::State::Connected ? session->snapshot().topic(topic) : nullptr;
    if (!t)
        return tr("<b>Publish</b> tab: send messages with keys to a topic and see the partition each key lands on: the "
                  "same key always lands on the same partition.");
    const qsizetype n = t->partitions.size();
    return tr("<b>Publish</b> tab: send messages with keys to <i>%1</i> (%2) and see the partition each key lands on: "
              "the same key always lands on the same partition.")
        .arg(topic, n == 1 ? tr("1 partition") : tr("%1 partitions").arg(n));
}

void StartPage::updateCluster()
{
    const ClusterSession* session = m_window->session();
    m_cluster->setText(clusterText());
    const bool onSandbox = session->state() == ClusterSession::State::Connected && m_sandbox
        && m_sandbox->state() == LocalSandbox::State::Running && session->bootstrap() == m_sandbox->bootstrap();
    const bool sandboxBusy = m_sandbox
        && (m_sandbox->state() == LocalSandbox::State::Starting || m_sandbox->state() == LocalSandbox::State::Stopping);
    m_startSandbox->setVisible(!onSandbox && !sandboxBusy && session->state() != ClusterSession::State::Connecting);
    m_startSandbox->setText(m_sandbox && m_sandbox->state() == LocalSandbox::State::Running
            ? tr("Connect to the local sandbox")
            : tr("Start the local sandbox"));
    m_publishNote->setText(topicNote(QStringLiteral("orders")));
    const ClusterSnapshot& s = session->snapshot();
    const bool known = session->state() == ClusterSession::State::Connected && s.takenAt.isValid();
    QString note
        = tr("<b>Replication</b> tab: leaders, in-sync replicas and a drill that stops a broker under load. "
             "It needs three brokers: start <code>kafkalab --brokers 3</code>, or pick <i>3 brokers</i> in the "
             "toolbar.");
    if (known)
        note += QLatin1Char(' ') + tr("This cluster has %1.").arg(brokerCount(s.brokers.size()));
    m_replicationNote->setText(note);
}

} // namespace kafkalab
