#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/topics/topicnaming.h"

#include <QDialog>
#include <QHash>
#include <QSet>
#include <QWidget>

class QAbstractItemView;
class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QStandardItem;
class QStandardItemModel;
class QTableView;
class QTreeView;

namespace kafkalab {

class BrokerControls;
class ClusterSession;

// Brokers, topics (with a filter; as a table or grouped by the naming convention) and the partitions of the selected
// topic, all fed by one ClusterSession; plus the topic operations (create, configs, add partitions, delete records,
// delete), each in a dialog.
class ClusterBrowser : public QWidget {
    Q_OBJECT
public:
    static constexpr int TopicNameRole = Qt::UserRole + 1; // a leaf of the topic tree: the topic's full name

    explicit ClusterBrowser(ClusterSession* session, QWidget* parent = nullptr);

    // The connection the topic dialogs use (the session's own is not handed out); empty: the actions are disabled.
    void setConnection(const QList<ClientProperty>& properties);
    QList<ClientProperty> connection() const { return m_connection; }
    void setNaming(const TopicNaming& naming);
    const TopicNaming& naming() const { return m_naming; }

    QTableView* brokerView() const { return m_brokers; }
    BrokerControls* brokerControls() const { return m_brokerControls; } // the local sandbox's broker actions
    QTableView* topicView() const { return m_topics; }
    QTableView* partitionView() const { return m_partitions; }
    QLineEdit* topicFilter() const { return m_filter; }
    QCheckBox* groupByConventionBox() const { return m_groupByConvention; }
    QTreeView* topicTree() const { return m_topicTree; }
    QStandardItemModel* topicTreeModel() const { return m_treeModel; }
    // The buttons under the topic list, by their text: "New topic…", "Configs…", "Add partitions…",
    // "Delete records…", "Delete topic…".
    QPushButton* topicButton(const QString& text) const;
    QList<QAction*> topicActions() const { return m_actions; } // the same operations, as in the context menu
    QString selectedTopic() const;
    // Selects the topic by name in the list shown (table or tree; for tests and for restoring the last selection).
    bool selectTopic(const QString& name);

    // The topic operations; each opens its dialog with open() and emits dialogOpened() first.
    void openCreateTopic();
    void openTopicConfigs();
    void openAddPartitions();
    void openDeleteRecords();
    void openDeleteTopic();

Q_SIGNALS:
    void dialogOpened(QDialog* dialog);

private:
    void onTopicSelectionChanged();
    void updatePartitionTitle();
    void updateTopicActions();
    void setGrouped(bool grouped);
    QStringList shownTopicNames() const;
    void rebuildTopicTree();
    void fillTopicTree(const QStringList& names, const QString& select);
    QString treeSelectedTopic() const;
    QString tableSelectedTopic() const;
    bool selectInTable(const QString& name);
    bool selectInTree(const QString& name);
    void showTopicMenu(QAbstractItemView* view, const QPoint& pos);
    void showDialog(QDialog* dialog);
    void refreshAfterChange();

    ClusterSession* m_session;
    QTableView* m_brokers;
    BrokerControls* m_brokerControls;
    QTableView* m_topics;
    QTableView* m_partitions;
    QLineEdit* m_filter;
    QCheckBox* m_showInternal;
    QLabel* m_partitionTitle;
    QLabel* m_topicCount;
    QSortFilterProxyModel* m_topicProxy;
    QCheckBox* m_groupByConvention;
    QStackedWidget* m_topicStack;
    QTreeView* m_topicTree;
    QStandardItemModel* m_treeModel;
    QHash<QString, QStandardItem*> m_treeLeaves; // topic name -> its leaf
    QStringList m_treeNames; // the topics the tree was built from
    QSet<QString> m_collapsedGroups; // group paths the user collapsed
    bool m_treeDirty = true;
    bool m_syncing = false;
    QList<QAction*> m_actions;
    QList<QPushButton*> m_buttons;
    QList<ClientProperty> m_connection;
    TopicNaming m_naming;
    QString m_selectAfterRefresh;
    int m_selectAttempts = 0;
    bool m_refreshPending = false;
};

} // namespace kafkalab
