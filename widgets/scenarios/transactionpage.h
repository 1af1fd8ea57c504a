#pragma once

#include "widgets/scenarios/scenariostepperpage.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableWidget;

namespace kafkalab {

class TxStateDiagram;

// Step through transactions: a shipped scenario one step at a time, or by hand with Init, Begin, Send, Send offsets,
// Commit and Abort (each enabled only when the producer's state allows it) and a second producer that fences the
// first. read_committed and read_uncommitted consumers show what each can see; per partition the high watermark,
// the LSO and the offsets taken by transaction markers.
class TransactionPage : public ScenarioStepperPage {
    Q_OBJECT
public:
    explicit TransactionPage(QWidget* parent = nullptr);

    QListWidget* committedPane() const { return m_committed; }
    QListWidget* uncommittedPane() const { return m_uncommitted; }
    QTableWidget* partitionTable() const { return m_partitions; }
    TxStateDiagram* diagram() const { return m_diagram; }
    QLineEdit* valueEdit() const { return m_value; }
    QComboBox* topicBox() const { return m_topic; }

protected:
    void clearViews() override;
    std::optional<Scenario> handScenario() override;
    void scenarioChosen() override;
    void showObservation(const ScenarioObservation& o) override;
    bool handEnabled(const HandButton& b) const override;
    void handClicked(const HandButton& b) override;

private:
    ProducerState m_producerState = ProducerState::Uninitialised;
    QString m_committedName;
    QString m_uncommittedName;
    QMap<QString, int64_t> m_startHw; // "topic[p]" -> high watermark at the first observation
    QComboBox* m_topic;
    QLineEdit* m_key;
    QLineEdit* m_value;
    TxStateDiagram* m_diagram;
    QListWidget* m_committed;
    QListWidget* m_uncommitted;
    QLabel* m_committedTitle;
    QLabel* m_uncommittedTitle;
    QTableWidget* m_partitions;
};

} // namespace kafkalab
