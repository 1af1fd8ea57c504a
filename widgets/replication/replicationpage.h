#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/replication/replicationdrill.h"
#include "kafkacore/replication/replicationmonitor.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace kafkalab {

class BrokerControls;
class DrillPanel;
class LessonBar;
class LocalSandbox;

// The Replication tab: per partition of a topic (or all) leader, replicas, ISR, the preferred-leader state and how
// long it had no leader, under-replicated and offline partitions highlighted (a colour and a text marker); the
// timeline of leader changes and ISR shrink/expand seen by the fast poll; Elect preferred leaders with its result
// per partition; the sandbox's broker controls; and the drill (DrillPanel: producer, consumer, ledger check). Bound
// to the ReplicationMonitor and ReplicationDrill handles it owns; polls only while seen or while a drill runs. Its
// lesson bar runs the replication lessons: the table and timeline show what their broker steps do.
class ReplicationPage : public QWidget {
    Q_OBJECT
public:
    explicit ReplicationPage(QWidget* parent = nullptr);
    ~ReplicationPage() override;

    void setConnection(const QList<ClientProperty>& properties); // empty: disconnected
    void setSandbox(LocalSandbox* sandbox); // the broker controls (nullptr: hidden)

    ReplicationMonitor* monitor() { return &m_monitor; }
    ReplicationDrill* drill() { return &m_drill; }
    QComboBox* topicBox() const { return m_topic; }
    QTableWidget* partitionTable() const { return m_table; }
    QListWidget* timeline() const { return m_timeline; }
    QPushButton* electButton() const { return m_elect; }
    QLabel* electionLabel() const { return m_election; }
    QLabel* statusLabel() const { return m_status; }
    BrokerControls* brokerControls() const { return m_brokers; }
    DrillPanel* drillPanel() const { return m_panel; }
    LessonBar* lessonBar() const { return m_lessons; }
    // Reset lab (the lesson bar's button, Ctrl+Shift+R): the lesson and the drill stop (their threads retire, never
    // waited for), the timeline, the election result and the drill's counts are cleared, all topics shown again.
    void resetAll();

    enum Column {
        TopicColumn,
        PartitionColumn,
        LeaderColumn,
        ReplicasColumn,
        IsrColumn,
        ElrColumn,
        PreferredColumn,
        StatusColumn,
        LeaderlessColumn,
        ColumnCount
    };

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void updateActive();
    void showRows();
    void showTopics();
    void addEvents(const QList<ReplicationEvent>& events);
    void showElection(const QList<ElectionResult>& results, const QString& error);

    QList<ClientProperty> m_connection;
    ReplicationMonitor m_monitor;
    ReplicationDrill m_drill;
    QComboBox* m_topic;
    QLabel* m_status;
    QTableWidget* m_table;
    QListWidget* m_timeline;
    QPushButton* m_elect;
    QLabel* m_election;
    BrokerControls* m_brokers;
    DrillPanel* m_panel;
    LessonBar* m_lessons; // the replication lessons (drills and broker steps), headless in the CLI
};

} // namespace kafkalab
