#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace kafkalab {

class ReplicationDrill;
struct DrillCounts;

// The Replication tab's drill: a producer (acks, idempotence, retries, rate, keys) and a consumer that run while
// brokers are broken, their counts and errors in plain words, and the ledger check afterwards. Bound to the
// ReplicationDrill handle.
class DrillPanel : public QWidget {
    Q_OBJECT
public:
    explicit DrillPanel(ReplicationDrill* drill, QWidget* parent = nullptr);

    void setTopic(const QString& topic); // empty: no topic chosen (the drill needs one)
    void clearResults(); // the counts, the ledger and the error of an earlier drill (Reset lab)
    QComboBox* acksBox() const { return m_acks; }
    QCheckBox* idempotenceBox() const { return m_idempotence; }
    QCheckBox* retriesBox() const { return m_retries; }
    QSpinBox* rateBox() const { return m_rate; }
    QSpinBox* keysBox() const { return m_keys; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* stopButton() const { return m_stop; }
    QPushButton* checkButton() const { return m_check; }
    QLabel* errorLabel() const { return m_error; }
    QLabel* producerLabel() const { return m_producer; }
    QLabel* consumerLabel() const { return m_consumer; }
    QLabel* ledgerLabel() const { return m_ledger; }

private:
    void start();
    void showCounts();
    void showState();
    static QString errorsText(const DrillCounts& counts);

    ReplicationDrill* m_drill;
    QString m_topic;
    QComboBox* m_acks;
    QCheckBox* m_idempotence;
    QCheckBox* m_retries;
    QSpinBox* m_rate;
    QSpinBox* m_keys;
    QSpinBox* m_timeout;
    QPushButton* m_start;
    QPushButton* m_stop;
    QPushButton* m_check;
    QLabel* m_topicLabel;
    QLabel* m_error;
    QLabel* m_producer;
    QLabel* m_consumer;
    QLabel* m_ledger;
};

} // namespace kafkalab
