#pragma once

#include "kafkacore/produce/producerworker.h"
#include "kafkacore/schemas/schemadecoder.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QMessageBox;
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
    // Runs of more messages than this ask for confirmation first.
    static constexpr int kConfirmAbove = 1'000'000;

    explicit GeneratorPanel(QWidget* parent = nullptr);

    // The run to start for `topic`, or nothing when a field has a mistake (shown next to it).
    std::optional<BulkSpec> spec(const QString& topic);
    // The topic a run sends to (the One message tab's), shown above the fields.
    void setTopic(const QString& topic);
    // Forgets the last run's summary, progress and errors (the topic changed).
    void clearResult();
    void setRunning(bool running);
    void showProgress(const BulkProgress& progress);
    void showFinished(const BulkResult& result);
    // The value schema of the One message tab (Schema mode), or null: JSON templates are encoded with it, and a
    // template that does not fit it is refused before the run starts, with the path and the reason.
    void setValueSchema(std::shared_ptr<const schemas::SchemaEncoder> encoder);

    QSpinBox* countSpin() const { return m_count; }
    QLabel* countError() const { return m_countError; }
    QLabel* topicLabel() const { return m_topicLabel; }
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
    QLabel* schemaLabel() const { return m_schemaLabel; }
    QPushButton* templateButton() const { return m_fromSchema; }

Q_SIGNALS:
    void startRequested();
    void cancelRequested();

private:
    void updateFields();
    // The count as typed: empty when it is a number from 1 to BulkSpec::kMaxCount, else what is wrong (shown
    // under the field; Start stays disabled).
    QString checkCount();
    void onStartClicked();

    QSpinBox* m_count;
    QLabel* m_countError;
    QLabel* m_topicLabel;
    QString m_topic;
    bool m_running = false;
    QPointer<QMessageBox> m_confirmation; // the large-run question while it is open
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
    QLabel* m_schemaLabel;
    QPushButton* m_fromSchema;
    std::shared_ptr<const schemas::SchemaEncoder> m_encoder;
};

} // namespace kafkalab
