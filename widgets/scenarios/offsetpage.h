#pragma once

#include "widgets/scenarios/scenariostepperpage.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QTableWidget;

namespace kafkalab {

// Step through offset commits: a consumer in a group is polled, its messages processed (ok or failed), committed
// (sync or async, everything consumed or one message), crashed and restarted, by hand or through a shipped
// scenario. Per partition: position, committed offset, high watermark and lag; per message its fate (processed,
// failed, committed, redelivered, lost).
class OffsetPage : public ScenarioStepperPage {
    Q_OBJECT
public:
    explicit OffsetPage(QWidget* parent = nullptr);

    QTableWidget* partitionTable() const { return m_partitions; }
    QTableWidget* messageTable() const { return m_messages; }
    QCheckBox* autoCommitBox() const { return m_autoCommit; }
    QComboBox* commitModeBox() const { return m_commitMode; }
    QComboBox* commitScopeBox() const { return m_commitScope; }
    QSpinBox* pollCountBox() const { return m_pollCount; }
    QSpinBox* produceCountBox() const { return m_produceCount; }
    QSpinBox* partitionCountBox() const { return m_partitionCount; }

protected:
    void clearViews() override;
    void manualChanged() override;
    std::optional<Scenario> handScenario() override;
    void afterPrepared() override;
    void showObservation(const ScenarioObservation& o) override;
    bool handEnabled(const HandButton& b) const override;
    void handClicked(const HandButton& b) override;

private:
    void showPartitions(const ScenarioObservation& o);
    void showMessages(const ScenarioObservation& o);

    bool m_firstLook = false; // the look after preparing is under way (not logged as a step)
    int m_indexBase = 0; // engine step numbers taken by that look
    QString m_topic; // the run's topic (by hand)
    QString m_consumerState;
    int m_unprocessed = 0;
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
};

} // namespace kafkalab
