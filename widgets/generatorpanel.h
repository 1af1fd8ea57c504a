#pragma once

#include "producerworker.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QDoubleSpinBox;

namespace kafkalab {

// Publishes N messages with a key strategy (aggregate id, customer id uniform or Zipf, UUID, null, one hot key,
// keys from a file) and values from a JSON template or random bytes, optionally rate-limited.
class GeneratorPanel : public QWidget {
    Q_OBJECT
public:
    explicit GeneratorPanel(QWidget* parent = nullptr);

    // The run to start for `topic`, or nothing when a field has a mistake (shown next to it).
    std::optional<BulkSpec> spec(const QString& topic);
    void setRunning(bool running);
    void showProgress(const BulkProgress& progress);
    void showFinished(const BulkResult& result);

    QSpinBox* countSpin() const { return m_count; }
    QComboBox* strategyBox() const { return m_strategy; }
    QSpinBox* entitiesSpin() const { return m_entities; }
    QLineEdit* argumentEdit() const { return m_argument; }
    QComboBox* valueKindBox() const { return m_valueKind; }
    QLineEdit* templateEdit() const { return m_template; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* cancelButton() const { return m_cancel; }
    QLabel* errorLabel() const { return m_error; }
    QLabel* summaryLabel() const { return m_summary; }
    QProgressBar* progressBar() const { return m_progress; }

Q_SIGNALS:
    void startRequested();
    void cancelRequested();

private:
    void updateFields();

    QSpinBox* m_count;
    QComboBox* m_strategy;
    QSpinBox* m_entities;
    QLineEdit* m_argument;
    QPushButton* m_browse;
    QComboBox* m_valueKind;
    QLineEdit* m_template;
    QSpinBox* m_valueSize;
    QDoubleSpinBox* m_rate;
    QPushButton* m_start;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_error;
    QLabel* m_summary;
};

} // namespace kafkalab
