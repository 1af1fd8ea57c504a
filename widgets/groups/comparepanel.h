#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/groups/groupcompare.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace kafkalab {

class ClusterSession;

// The Group lab's compare action: the same script on an eager, a cooperative-sticky and a consumer-protocol group at
// once (their members join the lab, so the board and the timeline show them side by side), then a table with each
// group's partition-seconds without an owner, partitions revoked and messages delayed.
class ComparePanel : public QWidget {
    Q_OBJECT
public:
    explicit ComparePanel(ClusterSession* session, QWidget* parent = nullptr);
    // A new lab (a new connection): a run in progress is cancelled.
    void bind(GroupLab* lab, const QList<ClientProperty>& connection);

    QLineEdit* topicEdit() const { return m_topic; }
    QComboBox* eagerAssignorBox() const { return m_eager; }
    QPushButton* runButton() const { return m_run; }
    QTableWidget* results() const { return m_results; }
    QLabel* status() const { return m_status; }
    QLabel* error() const { return m_error; }
    GroupCompare* compare() const { return m_compare; }
    void run(); // as the button does

private:
    void showResults(const QString& error);

    ClusterSession* m_session;
    QPointer<GroupCompare> m_compare;
    QLineEdit* m_topic;
    QComboBox* m_eager;
    QComboBox* m_remote;
    QPushButton* m_run;
    QLabel* m_status;
    QLabel* m_error;
    QTableWidget* m_results;
};

} // namespace kafkalab
