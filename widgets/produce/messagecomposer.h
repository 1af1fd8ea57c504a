#pragma once

#include "kafkacore/produce/producertypes.h"

#include <QWidget>

#include <optional>

class QButtonGroup;
class QComboBox;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace kafkalab {

class ClusterSession;

// One message: topic, key (with where it will land under each partitioner), value as text, JSON or hex, headers,
// automatic or explicit partition. Every mistake is shown under the field that has it, and nothing is sent.
class MessageComposer : public QWidget {
    Q_OBJECT
public:
    enum class ValueMode { Text, Json, Hex };
    explicit MessageComposer(ClusterSession* session, QWidget* parent = nullptr);

    // The message, or nothing when a field has a mistake (then shown next to it).
    std::optional<OutgoingMessage> message();
    void setPartitioner(const QString& name); // the one the producer uses, shown first in the prediction
    QString topic() const;
    // The last message that could not be delivered, in full beside the Send button; empty hides it.
    void showSendError(const QString& text);
    // The topic list and the prediction again from the session's snapshot.
    void refreshTopics();

    QComboBox* topicBox() const { return m_topic; }
    QLineEdit* keyEdit() const { return m_key; }
    QCheckBox* nullKeyBox() const { return m_nullKey; }
    QComboBox* valueModeBox() const { return m_valueMode; }
    QPlainTextEdit* valueEdit() const { return m_value; }
    QTableWidget* headersTable() const { return m_headers; }
    QPushButton* sendButton() const { return m_send; }
    QLabel* predictionLabel() const { return m_prediction; }
    QLabel* topicError() const { return m_topicError; }
    QLabel* valueError() const { return m_valueError; }
    QLabel* headerError() const { return m_headerError; }
    QLabel* sendError() const { return m_sendError; }
    QSpinBox* partitionSpin() const { return m_partition; }
    QRadioButton* explicitPartition() const { return m_explicit; }

Q_SIGNALS:
    void sendRequested();

private:
    void updatePrediction();
    void updateTopics();
    void checkValue();
    void prettyPrint();
    static void showError(QLabel* label, const QString& text);

    ClusterSession* m_session;
    QString m_partitioner = QStringLiteral("murmur2_random");
    QComboBox* m_topic;
    QLabel* m_topicError;
    QLineEdit* m_key;
    QCheckBox* m_nullKey;
    QLabel* m_prediction;
    QComboBox* m_valueMode;
    QPlainTextEdit* m_value;
    QPushButton* m_pretty;
    QLabel* m_valueError;
    QTableWidget* m_headers;
    QLabel* m_headerError;
    QRadioButton* m_auto;
    QRadioButton* m_explicit;
    QSpinBox* m_partition;
    QPushButton* m_send;
    QLabel* m_sendError;
    quint64 m_nextId = 1;
};

} // namespace kafkalab
