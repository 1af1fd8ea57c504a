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
// first. One state diagram per transactional producer (a fenced zombie's turns red while its successor's goes on).
// read_committed and read_uncommitted consumers show what each can see; per partition the high watermark, the LSO
// and the offsets taken by transaction markers (read by the engine itself, with or without a read_uncommitted
// consumer in the lesson).
class TransactionPage : public ScenarioStepperPage {
    Q_OBJECT
public:
    explicit TransactionPage(QWidget* parent = nullptr);

    QListWidget* committedPane() const { return m_committed; }
    QListWidget* uncommittedPane() const { return m_uncommitted; }
    QTableWidget* partitionTable() const { return m_partitions; }
    // The first producer's diagram ("producer" by hand), one per transactional producer, one by its actor's name.
    TxStateDiagram* diagram() const { return m_diagrams.isEmpty() ? nullptr : m_diagrams.first(); }
    const QList<TxStateDiagram*>& diagrams() const { return m_diagrams; }
    TxStateDiagram* diagram(const QString& producer) const;
    QLineEdit* valueEdit() const { return m_value; }
    QComboBox* topicBox() const { return m_topic; }

protected:
    void clearViews() override;
    void manualChanged() override;
    std::optional<Scenario> handScenario() override;
    void scenarioChosen() override;
    void showObservation(const ScenarioObservation& o) override;
    bool handEnabled(const HandButton& b) const override;
    void handClicked(const HandButton& b) override;

private:
    ProducerState m_producerState = ProducerState::Uninitialised;
    QString m_committedName;
    QString m_uncommittedName;
    void makeDiagrams(); // one per transactional producer of m_scenario
    QComboBox* m_topic;
    QLineEdit* m_key;
    QLineEdit* m_value;
    QWidget* m_handBox;
    QWidget* m_diagramBox;
    QList<TxStateDiagram*> m_diagrams;
    QListWidget* m_committed;
    QListWidget* m_uncommitted;
    QLabel* m_committedTitle;
    QLabel* m_uncommittedTitle;
    QTableWidget* m_partitions;
};

} // namespace kafkalab
