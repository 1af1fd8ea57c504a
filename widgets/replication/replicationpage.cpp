#include "widgets/replication/replicationpage.h"

#include "widgets/cluster/brokercontrols.h"
#include "widgets/replication/drillpanel.h"
#include "widgets/scenarios/lessonbar.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kafkalab {

namespace {

QString ids(const QList<int32_t>& list)
{
    QStringList out;
    for (int32_t id : list)
        out << QString::number(id);
    return out.join(QLatin1String(", "));
}

// Strong colours with a text marker beside them: readable on a projector and without colour.
const QColor kOffline(0xc6, 0x28, 0x28);
const QColor kUnderReplicated(0xff, 0xb3, 0x00);

} // namespace

ReplicationPage::ReplicationPage(QWidget* parent)
    : QWidget(parent)
{
    m_topic = new QComboBox(this);
    m_topic->setMinimumContentsLength(24);
    m_topic->addItem(tr("(all topics)"), QString());
    m_status = new QLabel(this);
    m_status->setWordWrap(true); // wraps rather than widening the page past a 1024-pixel screen
    m_elect = new QPushButton(tr("Elect preferred leaders"), this);
    m_elect->setToolTip(tr("Make each partition's first replica its leader again (ElectLeaders, preferred)"));
    m_election = new QLabel(this);
    m_election->setWordWrap(true);
    m_election->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Topic"), this));
    top->addWidget(m_topic);
    top->addWidget(m_status, 1);
    top->addWidget(m_elect);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("partitions"));
    m_table->setHorizontalHeaderLabels({ tr("Topic"), tr("Partition"), tr("Leader"), tr("Replicas"), tr("ISR"),
        tr("ELR"), tr("Preferred leader"), tr("Status"), tr("No leader for") });
    m_table->horizontalHeaderItem(ElrColumn)->setToolTip(ReplicationMonitor::elrNote());
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto* elrNote = new QLabel(ReplicationMonitor::elrNote(), this);
    elrNote->setWordWrap(true);
    elrNote->setObjectName(QStringLiteral("elrNote"));

    m_timeline = new QListWidget(this);
    auto* clear = new QPushButton(tr("Clear"), this);
    auto* timelineBox = new QGroupBox(tr("Timeline"), this);
    auto* timelineNote = new QLabel(
        tr("Leader changes and ISR shrink/expand, newest first. Each is \"seen at\" the poll that found it: it "
           "happened within one poll interval (%1 ms) before that time.")
            .arg(m_monitor.pollInterval()),
        this);
    timelineNote->setWordWrap(true);
    auto* tl = new QVBoxLayout(timelineBox);
    tl->addWidget(timelineNote);
    tl->addWidget(m_timeline, 1);
    tl->addWidget(clear, 0, Qt::AlignRight);

    m_brokers = new BrokerControls(this);
    m_panel = new DrillPanel(&m_drill, this);
    m_lessons = new LessonBar(LessonKind::Replication, QStringLiteral("kafkalab-replicationlesson"), this);
    // A lesson makes topics of its own: every topic's partitions are shown while it runs.
    connect(m_lessons, &LessonBar::lessonLoaded, this, [this] { m_topic->setCurrentIndex(0); });
    connect(m_lessons, &LessonBar::resetRequested, this, &ReplicationPage::resetAll);

    auto* upper = new QWidget(this);
    auto* ul = new QVBoxLayout(upper);
    ul->setContentsMargins(0, 0, 0, 0);
    ul->addWidget(m_lessons);
    ul->addLayout(top);
    ul->addWidget(m_election);
    ul->addWidget(m_table, 1);
    ul->addWidget(elrNote);
    ul->addWidget(m_brokers);
    auto* lower = new QSplitter(Qt::Horizontal, this);
    lower->setObjectName(QStringLiteral("timelineAndDrill"));
    lower->addWidget(timelineBox);
    lower->addWidget(m_panel);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("replicationSplit"));
    split->addWidget(upper);
    split->addWidget(lower);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_topic, &QComboBox::currentIndexChanged, this, [this] {
        m_monitor.setTopic(m_topic->currentData().toString());
        m_panel->setTopic(m_topic->currentData().toString());
        showRows();
    });
    connect(m_elect, &QPushButton::clicked, this, [this] {
        if (m_monitor.electPreferredLeaders()) {
            m_elect->setEnabled(false);
            m_election->setText(tr("Electing preferred leaders…"));
        }
    });
    connect(clear, &QPushButton::clicked, this, [this] {
        m_monitor.clearTimeline();
        m_timeline->clear();
        showRows();
    });
    connect(&m_monitor, &ReplicationMonitor::polled, this, [this] {
        showTopics();
        showRows();
    });
    connect(&m_monitor, &ReplicationMonitor::eventsAdded, this, &ReplicationPage::addEvents);
    connect(&m_monitor, &ReplicationMonitor::pollFailed, this,
        [this](const QString& message) { m_status->setText(tr("Poll failed: %1").arg(message)); });
    connect(&m_monitor, &ReplicationMonitor::electionFinished, this, &ReplicationPage::showElection);
    connect(&m_monitor, &ReplicationMonitor::connectedChanged, this, [this](bool on) { m_elect->setEnabled(on); });
    connect(&m_drill, &ReplicationDrill::stateChanged, this, &ReplicationPage::updateActive);
    m_elect->setEnabled(false);
    m_brokers->setSandbox(nullptr);
}

ReplicationPage::~ReplicationPage() = default;

void ReplicationPage::resetAll()
{
    m_lessons->reset();
    m_drill.setConnection(m_connection); // retires a running drill and forgets its start
    m_panel->clearResults();
    m_monitor.clearTimeline();
    m_timeline->clear();
    m_election->clear();
    m_topic->setCurrentIndex(0);
    showRows();
    updateActive();
}

void ReplicationPage::setConnection(const QList<ClientProperty>& properties)
{
    m_connection = properties;
    m_monitor.setConnection(properties);
    m_drill.setConnection(properties);
    m_lessons->setConnection(properties);
    m_table->setRowCount(0);
    m_timeline->clear();
    m_election->clear();
    m_status->setText(properties.isEmpty() ? tr("Not connected.") : tr("Connecting…"));
    updateActive();
}

void ReplicationPage::setSandbox(LocalSandbox* sandbox)
{
    m_brokers->setSandbox(sandbox);
}

void ReplicationPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    updateActive();
}

void ReplicationPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    updateActive();
}

void ReplicationPage::updateActive()
{
    // Polled while seen, and while a drill runs (its timeline is wanted even from another tab).
    m_monitor.setActive(isVisible() || m_drill.state() != ReplicationDrill::State::Idle);
}

void ReplicationPage::showTopics()
{
    const QStringList topics = m_monitor.topics();
    QStringList shown;
    for (int i = 1; i < m_topic->count(); ++i)
        shown << m_topic->itemData(i).toString();
    if (shown == topics)
        return;
    const QString current = m_topic->currentData().toString();
    const QSignalBlocker block(m_topic);
    while (m_topic->count() > 1)
        m_topic->removeItem(1);
    for (const QString& t : topics)
        m_topic->addItem(t, t);
    const int at = m_topic->findData(current);
    if (at >= 0)
        m_topic->setCurrentIndex(at);
    else if (!current.isEmpty()) { // the topic is gone: say so, keep nothing stale
        m_topic->setCurrentIndex(0);
        m_monitor.setTopic({});
        m_panel->setTopic({});
    }
}

void ReplicationPage::showRows()
{
    const QList<ReplicaRow> rows = m_monitor.rows();
    const int under
        = int(std::count_if(rows.begin(), rows.end(), [](const ReplicaRow& r) { return r.underReplicated(); }));
    const int offline = int(std::count_if(rows.begin(), rows.end(), [](const ReplicaRow& r) { return r.offline(); }));
    if (m_monitor.lastPoll().isValid())
        m_status->setText(tr("Polled every %1 ms, last at %2: %n partition(s)", nullptr, int(rows.size()))
                              .arg(m_monitor.pollInterval())
                              .arg(m_monitor.lastPoll().toString(QStringLiteral("HH:mm:ss.zzz")))
            + tr(", %1 under-replicated, %2 offline").arg(under).arg(offline));
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        const ReplicaRow& r = rows.at(i);
        const qint64 leaderless = m_monitor.leaderlessMs(r.topic, r.partition);
        const QStringList cells { r.topic, QString::number(r.partition),
            r.offline() ? tr("none") : QString::number(r.leader), ids(r.replicas), ids(r.isr), tr("not reported"),
            r.offline()                      ? tr("no leader (preferred: %1)").arg(r.preferredLeader())
                : r.preferredLeaderElected() ? tr("yes (%1)").arg(r.leader)
                                             : tr("NO: preferred is %1").arg(r.preferredLeader()),
            r.marker().isEmpty() ? (r.error.isEmpty() ? tr("ok") : r.error) : r.marker(),
            leaderless > 0 ? tr("%1 s").arg(double(leaderless) / 1000.0, 0, 'f', 1) : QString() };
        const QColor background = r.offline() ? kOffline : r.underReplicated() ? kUnderReplicated : QColor();
        const QColor foreground = r.offline() ? QColor(Qt::white) : QColor(Qt::black);
        for (int c = 0; c < ColumnCount; ++c) {
            QTableWidgetItem* item = m_table->item(i, c);
            if (!item) {
                item = new QTableWidgetItem;
                m_table->setItem(i, c, item);
            }
            item->setText(cells.at(c));
            if (background.isValid()) {
                item->setBackground(background);
                item->setForeground(foreground);
            } else {
                item->setData(Qt::BackgroundRole, QVariant());
                item->setData(Qt::ForegroundRole, QVariant());
            }
            QFont font = item->font();
            font.setBold(c == StatusColumn && background.isValid());
            item->setFont(font);
        }
        m_table->item(i, ElrColumn)->setToolTip(ReplicationMonitor::elrNote());
    }
}

void ReplicationPage::addEvents(const QList<ReplicationEvent>& events)
{
    for (const ReplicationEvent& e : events) {
        if (!m_monitor.topic().isEmpty() && e.topic != m_monitor.topic())
            continue;
        auto* item = new QListWidgetItem(
            tr("seen at %1  %2").arg(e.seenAt.toString(QStringLiteral("HH:mm:ss.zzz")), e.text()));
        if (e.kind == ReplicationEvent::Kind::LeaderLost)
            item->setForeground(kOffline);
        m_timeline->insertItem(0, item);
    }
    while (m_timeline->count() > ReplicationMonitor::kMaxEvents)
        delete m_timeline->takeItem(m_timeline->count() - 1);
}

void ReplicationPage::showElection(const QList<ElectionResult>& results, const QString& error)
{
    m_elect->setEnabled(m_monitor.connected());
    if (!error.isEmpty()) {
        m_election->setText(tr("Election failed: %1").arg(error));
        return;
    }
    QStringList moved, already, failed;
    for (const ElectionResult& r : results) {
        const QString where = QStringLiteral("%1-%2").arg(r.topic).arg(r.partition);
        if (r.error.isEmpty())
            moved << where;
        else if (r.error.contains(QLatin1String("ELECTION_NOT_NEEDED")))
            already << where;
        else
            failed << tr("%1 (%2)").arg(where, r.error);
    }
    QStringList parts;
    parts << tr("Preferred leader elected: %1").arg(moved.isEmpty() ? tr("none") : moved.join(QLatin1String(", ")));
    if (!already.isEmpty())
        parts << tr("already preferred: %1").arg(already.join(QLatin1String(", ")));
    if (!failed.isEmpty())
        parts << tr("failed: %1").arg(failed.join(QLatin1String("; ")));
    m_election->setText(parts.join(QLatin1String(". ")));
}

} // namespace kafkalab
