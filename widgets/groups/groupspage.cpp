#include "widgets/groups/groupspage.h"

#include "widgets/common/fitcolumns.h"
#include "widgets/common/readonlytable.h"

#include "widgets/common/plotstyle.h"

#include "kafkacore/groups/groupsmonitor.h"
#include "kafkacore/groups/lagtrend.h"
#include "widgets/common/errorlabel.h"
#include "widgets/common/flowlayout.h"
#include "widgets/groups/groupresetbox.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/common/customplot.h"

namespace kafkalab {

namespace {

// Filters by state, by a minimum total lag and by a substring of the group id.
class GroupFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    QString state;
    qlonglong minLag = 0;
    QString text;
    void update() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        auto* m = sourceModel();
        if (!state.isEmpty()
            && m->index(row, GroupListModel::State, parent).data(GroupListModel::SortRole).toString() != state)
            return false;
        if (m->index(row, GroupListModel::Lag, parent).data(GroupListModel::SortRole).toLongLong() < minLag)
            return false;
        return text.isEmpty()
            || m->index(row, GroupListModel::Group, parent).data().toString().contains(text, Qt::CaseInsensitive);
    }
};

void setRow(QTableWidget* t, int row, const QStringList& cells)
{
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(row, c, new QTableWidgetItem(cells[c]));
}

QString offsetText(int64_t v)
{
    return v < 0 ? QStringLiteral("—") : QLocale().toString(qlonglong(v));
}

} // namespace

GroupsPage::GroupsPage(QWidget* parent)
    : QWidget(parent)
{
    m_openedAtMs = QDateTime::currentMSecsSinceEpoch();
    auto* proxy = new GroupFilter(this);
    proxy->setSourceModel(&m_groups);
    proxy->setSortRole(GroupListModel::SortRole);
    m_groupView = new QTableView(this);
    m_groupView->setObjectName(QStringLiteral("groups"));
    m_groupView->setModel(proxy);
    m_groupView->setSortingEnabled(true);
    m_groupView->sortByColumn(GroupListModel::Group, Qt::AscendingOrder);
    m_groupView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_groupView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_groupView->verticalHeader()->hide();
    m_groupView->verticalHeader()->setDefaultSectionSize(m_groupView->fontMetrics().height() + 6);
    // The group id takes what the other columns leave, so that the last one (the lag) is on screen at 1280
    // pixels: a fixed 180-pixel id column pushed it past the pane's edge. The others are fitted once when the list
    // fills, never per refresh (issue 16).
    fitColumnsWhenFilled(m_groupView);
    m_groupView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    // The protocol type ("consumer" for every consumer group, "simple" for offsets only) is in the Type column's
    // tooltip and the group's title: its own column pushed the time lag past the pane's edge at 1280 pixels.
    m_groupView->setColumnHidden(GroupListModel::Protocol, true);
    m_groupView->setAlternatingRowColors(true);

    auto* refresh = new QPushButton(tr("Refresh"), this);
    m_stateFilter = new QComboBox(this);
    m_stateFilter->addItem(tr("any state"), QString());
    // Classic groups' states, then those of consumer-protocol groups (Assigning, Reconciling; librdkafka 2.14.2
    // reports both as Unknown, and the inspector reads Reconciling from the members' target assignments).
    for (const char* s : { "Stable", "Empty", "PreparingRebalance", "CompletingRebalance", "Dead", "Assigning",
             "Reconciling", "Assigning or Reconciling", "Unknown" })
        m_stateFilter->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    m_minLag = new QSpinBox(this);
    m_minLag->setRange(0, 2000000000);
    m_minLag->setPrefix(tr("lag ≥ "));
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Filter groups"));
    m_search->setClearButtonEnabled(true);
    m_status = new QLabel(this);
    auto* filters = new FlowLayout; // wraps where the column is narrow
    filters->addWidget(m_search);
    filters->addWidget(m_stateFilter);
    filters->addWidget(m_minLag);
    filters->addWidget(refresh);

    m_title = new QLabel(tr("Select a group."), this);
    m_title->setWordWrap(true);
    m_members = makeReadOnlyTable(
        { tr("Member id"), tr("Client id"), tr("Host"), tr("Assigned partitions"), tr("Target assignment") }, this);
    m_members->setObjectName(QStringLiteral("members"));
    m_offsets = makeReadOnlyTable({ tr("Topic"), tr("Partition"), tr("Committed"), tr("High watermark"), tr("Lag"),
                                      tr("Time lag"), tr("Consumed/s"), tr("Trend") },
        this);
    m_offsets->setObjectName(QStringLiteral("offsets"));
    m_lagPlot = new QCustomPlot(this);
    m_lagPlot->setMinimumHeight(150);
    m_lagPlot->addGraph();
    m_lagPlot->graph(0)->setPen(QPen(QColor(229, 57, 53), 2));
    m_lagPlot->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    m_lagPlot->graph(0)->setName(tr("Total lag"));
    // Time lag on the right axis, in seconds; unknown points are left out (a gap, not a zero).
    m_lagPlot->addGraph(m_lagPlot->xAxis, m_lagPlot->yAxis2);
    m_lagPlot->graph(1)->setPen(QPen(QColor(30, 136, 229), 2));
    m_lagPlot->graph(1)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
    m_lagPlot->graph(1)->setName(tr("Time lag"));
    m_lagPlot->yAxis2->setVisible(true);
    m_lagPlot->yAxis2->setLabel(tr("Time lag (s)"));
    m_lagPlot->legend->setVisible(true);
    m_lagPlot->xAxis->setLabel(tr("Seconds since the page opened"));
    m_lagPlot->yAxis->setLabel(tr("Total lag (messages)"));
    m_lagPlot->plotLayout()->insertRow(0);
    m_lagPlot->plotLayout()->addElement(
        0, 0, new QCPTextElement(m_lagPlot, tr("Lag and time lag of the selected group"), font()));
    followStyle(m_lagPlot);

    m_reset = new GroupResetBox(this);
    auto* resetBox = m_reset;

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(m_groupView, 1);
    leftLayout->addWidget(m_status);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_title);
    rightLayout->addWidget(m_members, 1);
    rightLayout->addWidget(m_offsets, 2);
    rightLayout->addWidget(m_lagPlot, 2);
    rightLayout->addWidget(resetBox);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("groupsSplit"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    auto refilter = [this, proxy] {
        proxy->state = m_stateFilter->currentData().toString();
        proxy->minLag = m_minLag->value();
        proxy->text = m_search->text().trimmed();
        proxy->update();
    };
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, refilter);
    connect(m_minLag, &QSpinBox::valueChanged, this, refilter);
    connect(m_search, &QLineEdit::textChanged, this, refilter);
    connect(refresh, &QPushButton::clicked, this, &GroupsPage::refresh);
    connect(m_groupView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &GroupsPage::showSelected);
    connect(m_reset, &GroupResetBox::requested, this,
        [this](const QString& group, const QString& topic, const QString& target, bool dryRun) {
            if (!m_monitor) {
                m_reset->showResult({}, tr("Not connected."), dryRun);
                return;
            }
            m_monitor->reset(group, topic, target, dryRun);
        });
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, &GroupsPage::poll);
}

void GroupsPage::setRefreshInterval(int ms)
{
    m_timer.setInterval(ms);
}

bool GroupsPage::seen() const
{
    return isVisible() && !window()->isMinimized();
}

void GroupsPage::poll()
{
    // Nobody sees the page (another tab, a minimized window): no describe of every group; the page refreshes at
    // once when it is shown again.
    if (!seen()) {
        m_stale = true;
        m_timer.stop();
        return;
    }
    refresh();
}

void GroupsPage::resumePolling()
{
    if (!m_monitor || !seen())
        return;
    if (!m_timer.isActive())
        m_timer.start();
    if (m_stale) {
        m_stale = false;
        refresh();
    }
}

void GroupsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    window()->installEventFilter(this); // minimized and restored: WindowStateChange on the window
    resumePolling();
}

void GroupsPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    if (m_monitor) {
        m_stale = true;
        m_timer.stop();
    }
}

bool GroupsPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == window() && event->type() == QEvent::WindowStateChange) {
        if (window()->isMinimized()) {
            if (m_monitor)
                m_stale = true;
            m_timer.stop();
        } else {
            resumePolling();
        }
    }
    return QWidget::eventFilter(watched, event);
}

GroupsPage::~GroupsPage()
{
    dropMonitor();
}

void GroupsPage::dropMonitor()
{
    if (!m_monitor)
        return;
    // A refresh or reset still under way answers about the old connection: nobody listens any more. The monitor's
    // thread gives up its current call and ends on its own; the window never waits for it.
    delete std::exchange(m_monitor, nullptr);
}

void GroupsPage::setConnection(const QList<ClientProperty>& properties)
{
    dropMonitor();
    m_connection = properties;
    ++m_generation;
    // Nothing of the previous cluster stays: its groups, their tables, the lag chart, the reset preview.
    m_groups.clear();
    m_lagHistory.clear();
    m_busy = false;
    m_status->clear();
    showSelected();
    m_reset->clear();
    if (properties.isEmpty()) {
        m_timer.stop();
        return;
    }
    m_monitor = new GroupsMonitor(properties, this);
    // Answers of an earlier connection are dropped (with its monitor, and by generation for safety).
    const int generation = ++m_generation;
    connect(m_monitor, &GroupsMonitor::refreshed, this,
        [this, generation](
            const QList<GroupSummary>&, const QList<GroupDescription>& groups, const QString& error, qint64 ms) {
            if (generation != m_generation)
                return;
            m_busy = false;
            m_groups.merge(std::vector<GroupDescription>(groups.begin(), groups.end()));
            const double t = double(QDateTime::currentMSecsSinceEpoch() - m_openedAtMs) / 1000.0;
            m_lagHistory.record(groups, t);
            const QLocale locale;
            m_status->setText(error.isEmpty()
                    ? tr("%1, read in %2 ms")
                          .arg(groups.size() == 1 ? tr("1 group")
                                                  : tr("%1 groups").arg(locale.toString(qlonglong(groups.size()))),
                              locale.toString(ms))
                    : tr("<span style='color:#c62828'>%1</span>").arg(error.toHtmlEscaped()));
            showSelected();
            Q_EMIT refreshed();
        });
    connect(m_monitor, &GroupsMonitor::resetDone, this,
        [this, generation](const QList<OffsetChange>& changes, const QString& error, bool dryRun) {
            if (generation != m_generation)
                return;
            m_reset->showResult(changes, error, dryRun);
            if (!dryRun)
                refresh();
            Q_EMIT resetFinished(error.isEmpty());
        });
    // The first read now if the page is seen, else when it is shown (refresh() still reads at once when asked).
    m_stale = !seen();
    if (m_stale)
        return;
    m_timer.start();
    refresh();
}

QTableWidget* GroupsPage::previewTable() const
{
    return m_reset->previewTable();
}

QComboBox* GroupsPage::resetTopic() const
{
    return m_reset->topicBox();
}

QPushButton* GroupsPage::previewButton() const
{
    return m_reset->previewButton();
}

QPushButton* GroupsPage::applyButton() const
{
    return m_reset->applyButton();
}

QLabel* GroupsPage::resetMessage() const
{
    return m_reset->errorLabel();
}

void GroupsPage::refresh()
{
    if (!m_monitor || m_busy)
        return;
    m_busy = true;
    Q_EMIT refreshRequested();
    m_monitor->refresh();
}

bool GroupsPage::selectGroup(const QString& id)
{
    auto* model = m_groupView->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data().toString() == id) {
            m_groupView->selectRow(r);
            return true;
        }
    }
    return false;
}

void GroupsPage::showSelected()
{
    const QModelIndexList rows = m_groupView->selectionModel()->selectedRows(0);
    const GroupDescription* g = rows.isEmpty() ? nullptr : m_groups.find(rows.first().data().toString());
    if (!g) {
        m_title->setText(tr("Select a group."));
        m_members->setRowCount(0);
        m_offsets->setRowCount(0);
        m_reset->setGroup(QString());
        m_reset->setTopics({});
        m_lagPlot->graph(0)->data()->clear();
        m_lagPlot->graph(1)->data()->clear();
        m_lagPlot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const QString lagLine
        = tr("total lag <b>%1</b>, time lag <b>%2</b>, %3")
              .arg(QLocale().toString(qlonglong(g->totalLag())), durationText(g->timeLagMs()), g->trend.text());
    const QString stateNote = g->stateNote.isEmpty()
        ? QString()
        : tr("<br><span style='color:#6d4c41'>%1</span>").arg(g->stateNote.toHtmlEscaped());
    const QString kind = g->protocol.isEmpty() ? tr("%1 group (simple: offsets only)").arg(g->type)
                                               : tr("%1 group (protocol type %2)").arg(g->type, g->protocol);
    if (g->membersKnown())
        m_title->setText(tr("<b>%1</b> — %2, %3, %4 members, assignor %5, coordinator broker %6, %7%8")
                             .arg(g->id.toHtmlEscaped(), kind, g->state)
                             .arg(g->members.size())
                             .arg(g->assignor.isEmpty() ? tr("—") : g->assignor)
                             .arg(g->coordinatorId)
                             .arg(lagLine, stateNote));
    else
        m_title->setText(tr("<b>%1</b> — %2, %3, members and assignor unknown, coordinator broker %4, %5"
                            "<br><span style='color:#c62828'>%6</span>")
                             .arg(g->id.toHtmlEscaped(), kind, g->stateText())
                             .arg(g->coordinatorId)
                             .arg(lagLine, g->unreadable.toHtmlEscaped()));
    m_members->setRowCount(int(g->members.size()));
    for (int i = 0; i < g->members.size(); ++i) {
        const GroupMember& m = g->members[i];
        auto parts = [](const QList<TopicPartitionRef>& list) {
            QStringList out;
            for (const TopicPartitionRef& a : list)
                out.append(QStringLiteral("%1[%2]").arg(a.topic).arg(a.partition));
            return out.join(QLatin1String(", "));
        };
        // A classic member has no target: "—"; a consumer-protocol member's target may differ while it reconciles.
        setRow(m_members, i,
            { m.memberId, m.clientId, m.host, parts(m.assignments),
                m.hasTarget ? parts(m.targetAssignments) : QStringLiteral("—") });
    }
    m_offsets->setRowCount(int(g->offsets.size()));
    QStringList topics;
    for (int i = 0; i < g->offsets.size(); ++i) {
        const GroupOffset& o = g->offsets[i];
        setRow(m_offsets, i,
            { o.topic, QString::number(o.partition), offsetText(o.committed), offsetText(o.highWatermark),
                offsetText(o.lag()), durationText(o.timeLagMs),
                o.consumedPerSec < 0 ? QStringLiteral("—") : QLocale().toString(o.consumedPerSec, 'f', 1),
                o.trend.text() });
        if (!o.timeLagUnknown.isEmpty())
            m_offsets->item(i, 5)->setToolTip(o.timeLagUnknown);
        if (!topics.contains(o.topic))
            topics.append(o.topic);
    }
    m_reset->setGroup(g->id);
    m_reset->setTopics(topics);
    QVector<double> x, y, tx, ty;
    for (const LagSeries::Point& p : m_lagHistory.of(g->id)) {
        x.append(p.atSec);
        y.append(p.lag);
        if (p.timeLagSec >= 0) {
            tx.append(p.atSec);
            ty.append(p.timeLagSec);
        }
    }
    m_lagPlot->graph(0)->setData(x, y, true);
    m_lagPlot->graph(1)->setData(tx, ty, true);
    m_lagPlot->rescaleAxes();
    m_lagPlot->yAxis->setRangeLower(0);
    m_lagPlot->yAxis->setRangeUpper(std::max(10.0, m_lagPlot->yAxis->range().upper * 1.1));
    m_lagPlot->yAxis2->setRangeLower(0);
    m_lagPlot->yAxis2->setRangeUpper(std::max(10.0, m_lagPlot->yAxis2->range().upper * 1.1));
    m_lagPlot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kafkalab
