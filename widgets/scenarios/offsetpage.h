#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/scenarios/scenarioengine.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;

namespace kafkalab {

// Step through offset commits: a consumer in a group is polled, its messages processed (ok or failed), committed
// (sync or async, everything consumed or one message), crashed and restarted, by hand or through a shipped
// scenario. Per partition: position, committed offset, high watermark and lag; per message its fate (processed,
// failed, committed, redelivered, lost).
class OffsetPage : public QWidget {
    Q_OBJECT
public:
    explicit OffsetPage(QWidget* parent = nullptr);
    ~OffsetPage() override;

    void setConnection(const QList<ClientProperty>& properties);
    // Loads the scenario chosen in the combo box ("By hand" with the settings shown, or a file).
    void load();

    QComboBox* scenarioBox() const { return m_scenarios; }
    QPushButton* button(const QString& text) const;
    QTableWidget* partitionTable() const { return m_partitions; }
    QTableWidget* messageTable() const { return m_messages; }
    QListWidget* stepLog() const { return m_log; }
    QLabel* statusLabel() const { return m_status; }
    QCheckBox* autoCommitBox() const { return m_autoCommit; }
    QComboBox* commitModeBox() const { return m_commitMode; }
    QComboBox* commitScopeBox() const { return m_commitScope; }
    QSpinBox* pollCountBox() const { return m_pollCount; }
    QSpinBox* produceCountBox() const { return m_produceCount; }
    QSpinBox* partitionCountBox() const { return m_partitionCount; }
    bool ready() const { return m_ready; }
    // True while stopped engines still end their step and delete their lab topics (allRetired() follows).
    bool retiring() const { return !m_retiring.isEmpty(); }
    bool busy() const { return m_busy; }

Q_SIGNALS:
    void prepared(bool ok);
    void stepObserved(kafkalab::ScenarioObservation observation);
    void finished(bool allHeld);
    void allRetired();

private:
    void stopEngine();
    void hand(const QString& action);
    void show(const ScenarioObservation& o);
    void showPartitions(const ScenarioObservation& o);
    void showMessages(const ScenarioObservation& o);
    void updateButtons();

    QList<ClientProperty> m_connection;
    QThread* m_thread = nullptr;
    ScenarioEngine* m_engine = nullptr;
    QList<QThread*> m_retiring; // engines finishing their last step and deleting their topic
    Scenario m_scenario;
    bool m_manual = true;
    bool m_ready = false;
    bool m_busy = false;
    bool m_runningAll = false;
    int m_stepsDone = 0;
    bool m_firstLook = false; // the look after preparing is under way (not logged as a step)
    int m_indexBase = 0; // engine step numbers taken by that look
    QString m_topic; // the run's topic (by hand)
    QString m_consumerState;
    int m_unprocessed = 0;
    QComboBox* m_scenarios;
    QLabel* m_description;
    QLabel* m_status;
    QList<QPushButton*> m_buttons;
    QList<QWidget*> m_handOnly; // shown when driving by hand
    QLineEdit* m_group;
    QCheckBox* m_autoCommit;
    QSpinBox* m_interval;
    QComboBox* m_reset;
    QComboBox* m_isolation;
    QSpinBox* m_partitionCount;
    QSpinBox* m_produceCount;
    QSpinBox* m_pollCount;
    QComboBox* m_commitMode;
    QComboBox* m_commitScope;
    QSpinBox* m_seekPartition;
    QSpinBox* m_seekOffset;
    QSpinBox* m_waitMs;
    QLabel* m_consumerLine;
    QTableWidget* m_partitions;
    QTableWidget* m_messages;
    QListWidget* m_log;
};

} // namespace kafkalab
