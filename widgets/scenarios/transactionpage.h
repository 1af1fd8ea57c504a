#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/scenarios/scenarioengine.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;
class QThread;

namespace kafkalab {

class TxStateDiagram;

// Step through transactions: a shipped scenario one step at a time, or by hand with Init, Begin, Send, Send offsets,
// Commit and Abort (each enabled only when the producer's state allows it) and a second producer that fences the
// first. read_committed and read_uncommitted consumers show what each can see; per partition the high watermark,
// the LSO and the offsets taken by transaction markers.
class TransactionPage : public QWidget {
    Q_OBJECT
public:
    explicit TransactionPage(QWidget* parent = nullptr);
    ~TransactionPage() override;

    void setConnection(const QList<ClientProperty>& properties);
    // Loads the scenario chosen in the combo box ("By hand" or a file) and prepares its actors.
    void load();

    QComboBox* scenarioBox() const { return m_scenarios; }
    QPushButton* button(const QString& text) const;
    QListWidget* committedPane() const { return m_committed; }
    QListWidget* uncommittedPane() const { return m_uncommitted; }
    QTableWidget* partitionTable() const { return m_partitions; }
    QListWidget* stepLog() const { return m_log; }
    TxStateDiagram* diagram() const { return m_diagram; }
    QLabel* statusLabel() const { return m_status; }
    QLineEdit* valueEdit() const { return m_value; }
    QComboBox* topicBox() const { return m_topic; }
    bool ready() const { return m_ready; }

Q_SIGNALS:
    void prepared(bool ok);
    void stepObserved(kafkalab::ScenarioObservation observation);
    void finished(bool allHeld);

private:
    void stopEngine();
    void hand(const QString& actor, const QString& action);
    void show(const ScenarioObservation& o);
    void updateButtons();

    QList<ClientProperty> m_connection;
    QThread* m_thread = nullptr;
    ScenarioEngine* m_engine = nullptr;
    Scenario m_scenario;
    bool m_manual = true;
    bool m_ready = false;
    bool m_busy = false;
    bool m_runningAll = false;
    int m_stepsDone = 0;
    QString m_producerState = QStringLiteral("uninitialised");
    QString m_committedName;
    QString m_uncommittedName;
    QMap<QString, int64_t> m_startHw; // "topic[p]" -> high watermark at the first observation
    QComboBox* m_scenarios;
    QLabel* m_description;
    QLabel* m_status;
    QList<QPushButton*> m_buttons;
    QComboBox* m_topic;
    QLineEdit* m_key;
    QLineEdit* m_value;
    TxStateDiagram* m_diagram;
    QListWidget* m_committed;
    QListWidget* m_uncommitted;
    QLabel* m_committedTitle;
    QLabel* m_uncommittedTitle;
    QTableWidget* m_partitions;
    QListWidget* m_log;
};

} // namespace kafkalab
