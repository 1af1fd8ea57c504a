#include "clusterbrowser.h"

#include "clustersession.h"
#include "topicfilterproxy.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
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

ClusterBrowser::ClusterBrowser(ClusterSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    auto* brokersBox = new QGroupBox(tr("Brokers"), this);
    m_brokers = makeTable(session->brokers(), brokersBox);
    m_brokers->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* brokersLayout = new QVBoxLayout(brokersBox);
    brokersLayout->addWidget(m_brokers);

    auto* topicsBox = new QGroupBox(tr("Topics"), this);
    m_filter = new QLineEdit(topicsBox);
    m_filter->setPlaceholderText(tr("Filter topics (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_showInternal = new QCheckBox(tr("Show internal topics"), topicsBox);
    m_showInternal->setChecked(true);
    m_topicCount = new QLabel(topicsBox);
    auto* proxy = new TopicFilterProxy(this);
    proxy->setSourceModel(session->topics());
    m_topicProxy = proxy;
    m_topics = makeTable(proxy, topicsBox);
    m_topics->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_topics->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_topics->horizontalHeader()->setStretchLastSection(false);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_showInternal);
    auto* topicsLayout = new QVBoxLayout(topicsBox);
    topicsLayout->addLayout(filterRow);
    topicsLayout->addWidget(m_topics, 1);
    topicsLayout->addWidget(m_topicCount);

    auto* partitionsBox = new QGroupBox(tr("Partitions"), this);
    m_partitionTitle = new QLabel(tr("Select a topic to see its partitions."), partitionsBox);
    m_partitionTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_partitions = makeTable(session->partitions(), partitionsBox);
    m_partitions->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* partitionsLayout = new QVBoxLayout(partitionsBox);
    partitionsLayout->addWidget(m_partitionTitle);
    partitionsLayout->addWidget(m_partitions, 1);

    auto* left = new QSplitter(Qt::Vertical, this);
    left->addWidget(brokersBox);
    left->addWidget(topicsBox);
    left->setStretchFactor(0, 1);
    left->setStretchFactor(1, 4);
    auto* split = new QSplitter(Qt::Horizontal, this);
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
    connect(session, &ClusterSession::snapshotApplied, this, &ClusterBrowser::updatePartitionTitle);
    auto updateCount = [this] {
        m_topicCount->setText(
            tr("%1 of %2 topics shown").arg(m_topicProxy->rowCount()).arg(m_session->topics()->rowCount()));
    };
    connect(proxy, &QAbstractItemModel::rowsInserted, this, updateCount);
    connect(proxy, &QAbstractItemModel::rowsRemoved, this, updateCount);
    connect(proxy, &QAbstractItemModel::modelReset, this, updateCount);
    connect(proxy, &QAbstractItemModel::layoutChanged, this, updateCount);
    updateCount();
}

QString ClusterBrowser::selectedTopic() const
{
    const QModelIndexList rows = m_topics->selectionModel()->selectedRows(0);
    return rows.isEmpty() ? QString() : rows.first().data().toString();
}

bool ClusterBrowser::selectTopic(const QString& name)
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

void ClusterBrowser::onTopicSelectionChanged()
{
    m_session->setSelectedTopic(selectedTopic());
    updatePartitionTitle();
}

void ClusterBrowser::updatePartitionTitle()
{
    const QString topic = selectedTopic();
    const TopicInfo* t = topic.isEmpty() ? nullptr : m_session->snapshot().topic(topic);
    if (!t) {
        m_partitionTitle->setText(tr("Select a topic to see its partitions."));
        return;
    }
    const int64_t messages = t->messageCount();
    m_partitionTitle->setText(tr("<b>%1</b> — %2 partitions, replication factor %3, %4 messages")
                                  .arg(t->name.toHtmlEscaped())
                                  .arg(t->partitions.size())
                                  .arg(t->replicationFactor())
                                  .arg(messages < 0 ? tr("?") : QLocale().toString(qlonglong(messages))));
}

} // namespace kafkalab
