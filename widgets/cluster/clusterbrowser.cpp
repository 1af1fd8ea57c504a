#include "widgets/cluster/clusterbrowser.h"

#include "kafkacore/cluster/brokermodel.h"
#include "widgets/cluster/brokercontrols.h"
#include "widgets/common/fitcolumns.h"
#include "widgets/common/flowlayout.h"

#include "kafkacore/cluster/clustersession.h"
#include "widgets/cluster/topicfilterproxy.h"
#include "widgets/topics/topicdialogs.h"

#include <QAction>
#include <QCheckBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace kafkalab {

static QTableView* makeTable(QAbstractItemModel* model, QWidget* parent)
{
    auto* view = new QTableView(parent);
    auto* proxy = qobject_cast<QSortFilterProxyModel*>(model);
    if (!proxy) {
        proxy = new QSortFilterProxyModel(view);
        proxy->setSourceModel(model);
    }
    proxy->setSortRole(Qt::UserRole);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(0, Qt::AscendingOrder);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return view;
}

namespace {

constexpr int GroupPathRole = Qt::UserRole + 2; // a group of the topic tree: its path, parts joined by '/'

// The tree's order: the convention's groups first, then "Other", then "Internal".
int groupRank(const QStringList& path)
{
    if (path.size() == 2 && path.first() == QLatin1String("Internal"))
        return 2;
    if (path.size() == 2 && path.first() == QLatin1String("Other"))
        return 1;
    return 0;
}

} // namespace

ClusterBrowser::ClusterBrowser(ClusterSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    auto* brokersBox = new QGroupBox(tr("Brokers"), this);
    m_brokers = makeTable(session->brokers(), brokersBox);
    m_brokers->setObjectName(QStringLiteral("brokers"));
    fitColumnsWhenFilled(m_brokers);
    auto* brokersLayout = new QVBoxLayout(brokersBox);
    brokersLayout->addWidget(m_brokers);
    // The local sandbox's brokers can be stopped, killed, paused and started: below the table (a stopped broker is
    // not in the cluster's metadata) and in the table's context menu.
    m_brokerControls = new BrokerControls(brokersBox);
    brokersLayout->addWidget(m_brokerControls);
    m_brokers->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_brokers, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_brokers->indexAt(pos);
        if (!index.isValid())
            return;
        QMenu menu;
        m_brokerControls->addActions(&menu, index.siblingAtColumn(BrokerModel::Id).data().toInt());
        if (!menu.isEmpty())
            menu.exec(m_brokers->viewport()->mapToGlobal(pos));
    });

    auto* topicsBox = new QGroupBox(tr("Topics"), this);
    m_filter = new QLineEdit(topicsBox);
    m_filter->setPlaceholderText(tr("Filter topics (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_showInternal = new QCheckBox(tr("Show internal topics"), topicsBox);
    m_showInternal->setChecked(true);
    m_groupByConvention = new QCheckBox(tr("Group by convention"), topicsBox);
    m_groupByConvention->setToolTip(tr("Group the topics as <domain> > <entity> > <event type>"));
    m_topicCount = new QLabel(topicsBox);
    auto* proxy = new TopicFilterProxy(this);
    proxy->setSourceModel(session->topics());
    m_topicProxy = proxy;
    m_topics = makeTable(proxy, topicsBox);
    m_topics->setObjectName(QStringLiteral("topics"));
    // Fitted once (fitColumnsWhenFilled), never per refresh: the name takes what the other columns leave.
    fitColumnsWhenFilled(m_topics);
    m_topics->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_topics->horizontalHeader()->setStretchLastSection(false);
    m_treeModel = new QStandardItemModel(this);
    m_topicTree = new QTreeView(topicsBox);
    m_topicTree->setObjectName(QStringLiteral("topicTree"));
    m_topicTree->setModel(m_treeModel);
    m_topicTree->setHeaderHidden(true);
    m_topicTree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topicTree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_topicTree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_topicTree->setUniformRowHeights(true);
    m_topicStack = new QStackedWidget(topicsBox);
    m_topicStack->addWidget(m_topics);
    m_topicStack->addWidget(m_topicTree);
    for (QAbstractItemView* view :
        { static_cast<QAbstractItemView*>(m_topics), static_cast<QAbstractItemView*>(m_topicTree) }) {
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(view, &QWidget::customContextMenuRequested, this,
            [this, view](const QPoint& pos) { showTopicMenu(view, pos); });
    }

    // The topic operations: buttons under the list and the same actions in its context menu.
    const QList<QPair<QString, void (ClusterBrowser::*)()>> operations = {
        { tr("New topic…"), &ClusterBrowser::openCreateTopic },
        { tr("Configs…"), &ClusterBrowser::openTopicConfigs },
        { tr("Add partitions…"), &ClusterBrowser::openAddPartitions },
        { tr("Delete records…"), &ClusterBrowser::openDeleteRecords },
        { tr("Delete topic…"), &ClusterBrowser::openDeleteTopic },
    };
    auto* buttonRow = new FlowLayout; // five buttons: on two lines where the column is narrow
    for (const auto& [text, open] : operations) {
        auto* action = new QAction(text, this);
        connect(action, &QAction::triggered, this, open);
        auto* button = new QPushButton(text, topicsBox);
        connect(button, &QPushButton::clicked, action, &QAction::trigger);
        m_actions.append(action);
        m_buttons.append(button);
        buttonRow->addWidget(button);
    }

    auto* filterRow = new FlowLayout;
    filterRow->addWidget(m_filter);
    filterRow->addWidget(m_showInternal);
    filterRow->addWidget(m_groupByConvention);
    auto* topicsLayout = new QVBoxLayout(topicsBox);
    topicsLayout->addLayout(filterRow);
    topicsLayout->addWidget(m_topicStack, 1);
    topicsLayout->addLayout(buttonRow);
    topicsLayout->addWidget(m_topicCount);

    auto* partitionsBox = new QGroupBox(tr("Partitions"), this);
    m_partitionTitle = new QLabel(tr("Select a topic to see its partitions."), partitionsBox);
    m_partitionTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_partitionTitle->setWordWrap(true); // on one line, a selected topic's facts made the page wider than 1024 px
    m_partitions = makeTable(session->partitions(), partitionsBox);
    m_partitions->setObjectName(QStringLiteral("partitions"));
    fitColumnsWhenFilled(m_partitions);
    auto* partitionsLayout = new QVBoxLayout(partitionsBox);
    partitionsLayout->addWidget(m_partitionTitle);
    partitionsLayout->addWidget(m_partitions, 1);

    // Room for three brokers (the replication lab's) without scrolling; more scroll.
    m_brokers->setMinimumHeight(m_brokers->horizontalHeader()->sizeHint().height()
        + 3 * m_brokers->verticalHeader()->defaultSectionSize() + 2 * m_brokers->frameWidth() + 2);
    auto* left = new QSplitter(Qt::Vertical, this);
    left->setObjectName(QStringLiteral("brokersAndTopics"));
    left->addWidget(brokersBox);
    left->addWidget(topicsBox);
    left->setStretchFactor(0, 1);
    left->setStretchFactor(1, 4);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("clusterSplit"));
    split->addWidget(left);
    split->addWidget(partitionsBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_filter, &QLineEdit::textChanged, proxy, &TopicFilterProxy::setText);
    connect(m_showInternal, &QCheckBox::toggled, proxy, &TopicFilterProxy::setShowInternal);
    connect(m_topics->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &ClusterBrowser::onTopicSelectionChanged);
    connect(m_topicTree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &ClusterBrowser::onTopicSelectionChanged);
    connect(m_groupByConvention, &QCheckBox::toggled, this, &ClusterBrowser::setGrouped);
    connect(m_topicTree, &QTreeView::collapsed, this, [this](const QModelIndex& index) {
        if (!m_syncing)
            m_collapsedGroups.insert(index.data(GroupPathRole).toString());
    });
    connect(m_topicTree, &QTreeView::expanded, this, [this](const QModelIndex& index) {
        if (!m_syncing)
            m_collapsedGroups.remove(index.data(GroupPathRole).toString());
    });
    // The tree follows the topic list (the session's topics as filtered), whatever changes it.
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(proxy, signal, this, &ClusterBrowser::rebuildTopicTree);
    connect(proxy, &QAbstractItemModel::modelReset, this, &ClusterBrowser::rebuildTopicTree);
    connect(proxy, &QAbstractItemModel::layoutChanged, this, &ClusterBrowser::rebuildTopicTree);
    connect(session, &ClusterSession::snapshotApplied, this, &ClusterBrowser::updatePartitionTitle);
    connect(session, &ClusterSession::snapshotApplied, this, [this] {
        if (m_refreshPending) {
            m_refreshPending = false;
            m_session->refresh(); // the refresh that ended had started before the change
        } else if (!m_selectAfterRefresh.isEmpty()) {
            // A new topic can take a refresh or two to show in the metadata.
            if (selectTopic(m_selectAfterRefresh) || ++m_selectAttempts >= 3)
                m_selectAfterRefresh.clear();
        }
    });
    auto updateCount = [this] {
        m_topicCount->setText(
            tr("%1 of %2 topics shown").arg(m_topicProxy->rowCount()).arg(m_session->topics()->rowCount()));
    };
    connect(proxy, &QAbstractItemModel::rowsInserted, this, updateCount);
    connect(proxy, &QAbstractItemModel::rowsRemoved, this, updateCount);
    connect(proxy, &QAbstractItemModel::modelReset, this, updateCount);
    connect(proxy, &QAbstractItemModel::layoutChanged, this, updateCount);
    updateCount();
    updateTopicActions();
}

QString ClusterBrowser::selectedTopic() const
{
    return m_groupByConvention->isChecked() ? treeSelectedTopic() : tableSelectedTopic();
}

QString ClusterBrowser::tableSelectedTopic() const
{
    const QModelIndexList rows = m_topics->selectionModel()->selectedRows(0);
    return rows.isEmpty() ? QString() : rows.first().data().toString();
}

QString ClusterBrowser::treeSelectedTopic() const
{
    const QModelIndexList rows = m_topicTree->selectionModel()->selectedRows(0);
    return rows.isEmpty() ? QString() : rows.first().data(TopicNameRole).toString();
}

bool ClusterBrowser::selectTopic(const QString& name)
{
    // Selecting in the list shown; onTopicSelectionChanged() mirrors it in the other one.
    return m_groupByConvention->isChecked() ? selectInTree(name) : selectInTable(name);
}

bool ClusterBrowser::selectInTable(const QString& name)
{
    auto* model = m_topics->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex idx = model->index(r, 0);
        if (idx.data().toString() == name) {
            m_topics->selectRow(r);
            m_topics->scrollTo(idx);
            return true;
        }
    }
    return false;
}

bool ClusterBrowser::selectInTree(const QString& name)
{
    QStandardItem* leaf = m_treeLeaves.value(name);
    if (!leaf)
        return false;
    const QModelIndex idx = leaf->index();
    m_topicTree->selectionModel()->setCurrentIndex(
        idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_topicTree->scrollTo(idx);
    return true;
}

void ClusterBrowser::onTopicSelectionChanged()
{
    if (m_syncing)
        return;
    const QString topic = selectedTopic();
    // Both lists hold the same selection, so that switching between them keeps it.
    m_syncing = true;
    if (m_groupByConvention->isChecked()) {
        if (topic.isEmpty() || !selectInTable(topic))
            m_topics->clearSelection();
    } else if (topic.isEmpty() || !selectInTree(topic)) {
        m_topicTree->clearSelection();
    }
    m_syncing = false;
    m_session->setSelectedTopic(topic);
    updatePartitionTitle();
    updateTopicActions();
}

void ClusterBrowser::setGrouped(bool grouped)
{
    const QString topic = grouped ? tableSelectedTopic() : treeSelectedTopic();
    m_syncing = true;
    if (grouped) {
        m_treeDirty = true;
        fillTopicTree(shownTopicNames(), topic);
    } else if (topic.isEmpty() || !selectInTable(topic)) {
        m_topics->clearSelection();
    }
    m_topicStack->setCurrentWidget(grouped ? static_cast<QWidget*>(m_topicTree) : m_topics);
    m_syncing = false;
    onTopicSelectionChanged();
}

QStringList ClusterBrowser::shownTopicNames() const
{
    QStringList names;
    names.reserve(m_topicProxy->rowCount());
    for (int r = 0; r < m_topicProxy->rowCount(); ++r)
        names.append(m_topicProxy->index(r, 0).data().toString());
    names.sort();
    return names;
}

void ClusterBrowser::rebuildTopicTree()
{
    if (!m_groupByConvention->isChecked()) {
        m_treeDirty = true; // built when it is shown
        return;
    }
    const QStringList names = shownTopicNames();
    if (!m_treeDirty && names == m_treeNames)
        return; // only counts changed
    const QString topic = treeSelectedTopic();
    m_syncing = true;
    fillTopicTree(names, topic);
    m_syncing = false;
    if (treeSelectedTopic() != topic)
        onTopicSelectionChanged(); // the selected topic is gone
}

void ClusterBrowser::fillTopicTree(const QStringList& names, const QString& select)
{
    struct Entry {
        QStringList path;
        QString name;
    };
    QList<Entry> entries;
    entries.reserve(names.size());
    for (const QString& name : names)
        entries.append({ m_naming.treePath(name), name });
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        const int ra = groupRank(a.path);
        const int rb = groupRank(b.path);
        return ra != rb ? ra < rb : a.path < b.path;
    });

    m_treeModel->clear();
    m_treeLeaves.clear();
    QHash<QString, QStandardItem*> groups;
    QList<QStandardItem*> groupOrder;
    for (const Entry& e : std::as_const(entries)) {
        QStandardItem* parent = m_treeModel->invisibleRootItem();
        for (int i = 0; i + 1 < e.path.size(); ++i) {
            const QString key = e.path.mid(0, i + 1).join(QLatin1Char('/'));
            QStandardItem*& group = groups[key];
            if (!group) {
                group = new QStandardItem(e.path[i]);
                group->setEditable(false);
                group->setData(key, GroupPathRole);
                parent->appendRow(group);
                groupOrder.append(group);
            }
            parent = group;
        }
        auto* leaf = new QStandardItem(e.path.isEmpty() ? e.name : e.path.last());
        leaf->setEditable(false);
        leaf->setData(e.name, TopicNameRole);
        leaf->setToolTip(e.name);
        parent->appendRow(leaf);
        m_treeLeaves.insert(e.name, leaf);
    }
    for (QStandardItem* group : std::as_const(groupOrder)) {
        group->setToolTip(tr("%n topic(s)", nullptr, group->rowCount()));
        if (!m_collapsedGroups.contains(group->data(GroupPathRole).toString()))
            m_topicTree->expand(group->index());
    }
    m_treeNames = names;
    m_treeDirty = false;
    if (select.isEmpty() || !selectInTree(select))
        m_topicTree->clearSelection();
}

void ClusterBrowser::updateTopicActions()
{
    const bool connected = !m_connection.isEmpty();
    const bool topic = connected && !selectedTopic().isEmpty();
    for (int i = 0; i < m_actions.size(); ++i) {
        const bool enabled = i == 0 ? connected : topic;
        m_actions[i]->setEnabled(enabled);
        m_buttons[i]->setEnabled(enabled);
    }
}

QPushButton* ClusterBrowser::topicButton(const QString& text) const
{
    for (QPushButton* b : m_buttons)
        if (b->text() == text)
            return b;
    return nullptr;
}

void ClusterBrowser::setConnection(const QList<ClientProperty>& properties)
{
    m_connection = properties;
    updateTopicActions();
}

void ClusterBrowser::setNaming(const TopicNaming& naming)
{
    m_naming = naming;
    m_treeDirty = true;
    rebuildTopicTree();
}

void ClusterBrowser::updatePartitionTitle()
{
    const QString topic = selectedTopic();
    const TopicInfo* t = topic.isEmpty() ? nullptr : m_session->snapshot().topic(topic);
    if (!t) {
        m_partitionTitle->setText(tr("Select a topic to see its partitions."));
        return;
    }
    const int64_t span = t->offsetSpan();
    m_partitionTitle->setText(tr("<b>%1</b> — %2 partitions, replication factor %3, %4 offsets (high − low)")
                                  .arg(t->name.toHtmlEscaped())
                                  .arg(t->partitions.size())
                                  .arg(t->replicationFactor())
                                  .arg(span < 0 ? tr("?") : QLocale().toString(qlonglong(span))));
    m_partitionTitle->setToolTip(TopicInfo::offsetSpanExplanation());
}

} // namespace kafkalab
