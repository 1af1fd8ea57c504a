#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace kafkalab {

class ClusterSession;

// Brokers, topics (with a filter) and the partitions of the selected topic, all fed by one ClusterSession.
class ClusterBrowser : public QWidget {
    Q_OBJECT
public:
    explicit ClusterBrowser(ClusterSession* session, QWidget* parent = nullptr);

    QTableView* brokerView() const { return m_brokers; }
    QTableView* topicView() const { return m_topics; }
    QTableView* partitionView() const { return m_partitions; }
    QLineEdit* topicFilter() const { return m_filter; }
    QString selectedTopic() const;
    // Selects the topic by name (for tests and for restoring the last selection).
    bool selectTopic(const QString& name);

private:
    void onTopicSelectionChanged();
    void updatePartitionTitle();

    ClusterSession* m_session;
    QTableView* m_brokers;
    QTableView* m_topics;
    QTableView* m_partitions;
    QLineEdit* m_filter;
    QCheckBox* m_showInternal;
    QLabel* m_partitionTitle;
    QLabel* m_topicCount;
    QSortFilterProxyModel* m_topicProxy;
};

} // namespace kafkalab
