// The cluster browser's topic operations: the context menu and the create, configs, add-partitions, delete-records
// and delete-topic dialogs, each followed by a refresh that shows the change.
#include "widgets/cluster/clusterbrowser.h"

#include "kafkacore/cluster/clustersession.h"
#include "widgets/topics/topicdialogs.h"

#include <QAbstractItemView>
#include <QAction>
#include <QMenu>

namespace kafkalab {

void ClusterBrowser::showTopicMenu(QAbstractItemView* view, const QPoint& pos)
{
    const QModelIndex idx = view->indexAt(pos);
    if (idx.isValid())
        view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_actions.first());
    menu->addSeparator();
    menu->addActions(m_actions.mid(1));
    menu->popup(view->viewport()->mapToGlobal(pos));
}

void ClusterBrowser::showDialog(QDialog* dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    Q_EMIT dialogOpened(dialog);
    dialog->open();
}

void ClusterBrowser::refreshAfterChange()
{
    if (m_session->refreshing())
        m_refreshPending = true; // the running refresh may have read the cluster before the change
    else
        m_session->refresh();
}

void ClusterBrowser::openCreateTopic()
{
    if (m_connection.isEmpty())
        return;
    auto* dialog = new CreateTopicDialog(m_connection, m_session->brokers()->rowCount(), m_naming, this);
    connect(dialog, &CreateTopicDialog::created, this, [this](const QString& topic) {
        m_selectAfterRefresh = topic;
        m_selectAttempts = 0;
        refreshAfterChange();
    });
    showDialog(dialog);
}

void ClusterBrowser::openTopicConfigs()
{
    const QString topic = selectedTopic();
    if (m_connection.isEmpty() || topic.isEmpty())
        return;
    showDialog(new TopicConfigDialog(m_connection, topic, this));
}

void ClusterBrowser::openAddPartitions()
{
    const QString topic = selectedTopic();
    const TopicInfo* t = topic.isEmpty() ? nullptr : m_session->snapshot().topic(topic);
    if (m_connection.isEmpty() || !t)
        return;
    auto* dialog = new AddPartitionsDialog(m_connection, topic, int(t->partitions.size()), this);
    connect(dialog, &AddPartitionsDialog::applied, this, &ClusterBrowser::refreshAfterChange);
    showDialog(dialog);
}

void ClusterBrowser::openDeleteRecords()
{
    const QString topic = selectedTopic();
    if (m_connection.isEmpty() || topic.isEmpty())
        return;
    // The watermarks as the partitions table shows them (the partition model follows the selected topic).
    QList<QPair<int, QPair<qint64, qint64>>> partitions;
    const PartitionModel* model = m_session->partitions();
    if (model->topic() == topic) {
        for (const PartitionInfo& p : model->rows())
            partitions.append({ int(p.id), { qint64(p.low), qint64(p.high) } });
    } else if (const TopicInfo* t = m_session->snapshot().topic(topic)) {
        for (const PartitionInfo& p : t->partitions)
            partitions.append({ int(p.id), { qint64(p.low), qint64(p.high) } });
    }
    auto* dialog = new DeleteRecordsDialog(m_connection, topic, partitions, this);
    connect(dialog, &DeleteRecordsDialog::deleted, this, &ClusterBrowser::refreshAfterChange);
    showDialog(dialog);
}

void ClusterBrowser::openDeleteTopic()
{
    const QString topic = selectedTopic();
    if (m_connection.isEmpty() || topic.isEmpty())
        return;
    auto* dialog = new DeleteTopicDialog(m_connection, topic, this);
    connect(dialog, &DeleteTopicDialog::deleted, this, &ClusterBrowser::refreshAfterChange);
    showDialog(dialog);
}

} // namespace kafkalab
