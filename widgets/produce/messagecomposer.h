#pragma once

#include "kafkacore/produce/producertypes.h"
#include "kafkacore/produce/publishschemas.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QButtonGroup;
class QComboBox;
class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace kafkalab {

class ClusterSession;
class SubjectPicker;

// One message: topic, key (with where it will land under each partitioner), value as text, JSON, hex or JSON encoded
// with a subject's schema (Schema: the value, and the key when "key schema" is on, are checked against the schema
// as they are typed, and Send stays disabled, with the reason beside it, until they fit), headers, automatic or
// explicit partition. Every mistake is shown under the field that has it, and nothing is sent.
class MessageComposer : public QWidget {
    Q_OBJECT
public:
    enum class ValueMode { Text, Json, Hex, Schema };
    // The schema checks wait this long after the last keystroke.
    static constexpr int kCheckDelayMs = 150;
    MessageComposer(ClusterSession* session, PublishSchemas* schemas, QWidget* parent = nullptr);

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
    SubjectPicker* valueSubject() const { return m_valueSubject; }
    SubjectPicker* keySubject() const { return m_keySubject; }
    QCheckBox* keySchemaBox() const { return m_keySchema; }
    QLabel* keyError() const { return m_keyError; }
    QLabel* sendBlocked() const { return m_sendBlocked; }
    QPushButton* templateButton() const { return m_fromSchema; }
    bool schemaMode() const;
    // The schema checks now rather than after the typing pause (tests, and before a send).
    void checkSchemasNow();
    // How long the last schema check of the value took on the GUI thread (µs), for the record.
    qint64 lastCheckMicros() const { return m_lastCheckMicros; }
    // The registry changed (PublishSchemas::setRegistry): subjects listed again, the chosen ones reloaded.
    void registryChanged();

Q_SIGNALS:
    void sendRequested();
    // The value's schema (Schema mode) was loaded, changed or dropped: the generator encodes with it.
    void valueSchemaChanged();

private:
    void updatePrediction();
    void updateTopics();
    void checkValue();
    void prettyPrint();
    void updateSchemaRows();
    bool keySchemaOn() const;
    void scheduleSchemaCheck();
    // The key bytes to send: the text, or (key schema on) its encoding; nothing when the key does not encode.
    std::optional<QByteArray> keyBytes(QString* problem) const;
    static void showError(QLabel* label, const QString& text);

    ClusterSession* m_session;
    PublishSchemas* m_schemas;
    QFormLayout* m_form;
    SubjectPicker* m_valueSubject;
    SubjectPicker* m_keySubject;
    QCheckBox* m_keySchema;
    QLabel* m_keyError;
    QLabel* m_sendBlocked;
    QPushButton* m_fromSchema;
    QTimer m_checkTimer;
    qint64 m_lastCheckMicros = 0;
    std::optional<QByteArray> m_encodedValue; // the value's wire-format bytes from the last check (Schema mode)
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
