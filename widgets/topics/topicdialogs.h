#pragma once

// The topic operations dialogs of the cluster browser: create a topic, read and change its configs, add partitions
// (after a preview of the keys that move), delete records, delete the topic. Each dialog has a TopicAdmin handle
// (kafkacore/topics/topicadminhandle.h): every librdkafka call runs on its worker thread, the dialog stays responsive
// and may be closed meanwhile (the handle is retired with it, never waited for).

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/topics/topicadminhandle.h"
#include "kafkacore/topics/topicnaming.h"
#include "kafkacore/topics/topicoperations.h"

#include <QAbstractSpinBox>
#include <QDialog>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPair>
#include <QPointer>

#include <functional>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace kafkalab {

class CreateTopicDialog : public QDialog {
    Q_OBJECT
public:
    // brokerCount <= 0: not known, the replication factor is left for the broker to judge.
    CreateTopicDialog(QList<ClientProperty> connection, int brokerCount, TopicNaming naming, QWidget* parent = nullptr);

    // The configs the form asks for (empty fields left out); nothing when a field has a problem.
    std::optional<QMap<QString, QString>> configs() const;
    bool busy() const { return m_busy; }

    QLineEdit* nameEdit() const { return m_name; }
    QSpinBox* partitionsSpin() const { return m_partitions; }
    QSpinBox* replicationSpin() const { return m_replication; }
    QLabel* nameMessage() const { return m_nameMessage; }
    QLabel* replicationMessage() const { return m_replicationMessage; }
    QPushButton* createButton() const { return m_create; }
    // The line edit of retention.ms, retention.bytes, min.insync.replicas or max.message.bytes (else null).
    QLineEdit* configEdit(const QString& name) const { return m_configEdits.value(name); }
    QComboBox* cleanupPolicyBox() const { return m_cleanupPolicy; }
    QPlainTextEdit* extraConfigs() const { return m_extra; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    void created(QString topic);

private:
    void validate();
    void create();
    void setBusy(bool busy);

    QList<ClientProperty> m_connection;
    TopicAdmin* m_admin = new TopicAdmin(m_connection, this); // a child: owns the worker thread and the client
    int m_brokerCount;
    TopicNaming m_naming;
    QLineEdit* m_name;
    QLabel* m_nameMessage;
    QSpinBox* m_partitions;
    QSpinBox* m_replication;
    QLabel* m_replicationMessage;
    QComboBox* m_cleanupPolicy;
    QMap<QString, QLineEdit*> m_configEdits;
    QMap<QString, QLabel*> m_configMessages;
    QPlainTextEdit* m_extra;
    QLabel* m_extraMessage;
    QLabel* m_status;
    QPushButton* m_create;
    QPushButton* m_cancel;
    bool m_busy = false;
    bool m_valid = false;
};

class TopicConfigDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, StateColumn, SourceColumn };

    TopicConfigDialog(QList<ClientProperty> connection, QString topic, QWidget* parent = nullptr);

    QString topic() const { return m_topic; }
    QList<TopicConfigEntry> entries() const { return m_entries; }
    // The value cells changed since the last load: config name -> new value.
    QMap<QString, QString> edits() const;
    bool busy() const { return m_busy; }
    void reload();

    QTableWidget* table() const { return m_table; }
    QPushButton* applyButton() const { return m_apply; }
    QPushButton* resetButton() const { return m_reset; }
    QPushButton* reloadButton() const { return m_reload; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    void loaded();

private:
    // Runs the changes (name -> value, or unset for a reset) one after another, then loads the configs again.
    void run(const QList<QPair<QString, std::optional<QString>>>& changes);
    void showEntries(const QList<TopicConfigEntry>& entries);
    void apply();
    void resetSelected();
    void updateButtons();

    QList<ClientProperty> m_connection;
    TopicAdmin* m_admin = new TopicAdmin(m_connection, this); // a child: owns the worker thread and the client
    QString m_topic;
    QList<TopicConfigEntry> m_entries;
    QTableWidget* m_table;
    QPushButton* m_apply;
    QPushButton* m_reset;
    QPushButton* m_reload;
    QLabel* m_status;
    bool m_busy = false;
    bool m_filling = false;
};

class AddPartitionsDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kMaxMoveRows = 10000;

    AddPartitionsDialog(
        QList<ClientProperty> connection, QString topic, int currentPartitions, QWidget* parent = nullptr);

    bool busy() const { return m_busy; }
    bool previewIsCurrent() const;

    QSpinBox* countSpin() const { return m_count; }
    QComboBox* partitionerBox() const { return m_partitioner; }
    QRadioButton* sampleRadio() const { return m_sampleRadio; }
    QSpinBox* sampleSpin() const { return m_sampleCount; }
    QRadioButton* fileRadio() const { return m_fileRadio; }
    QLineEdit* fileEdit() const { return m_file; }
    QPushButton* previewButton() const { return m_preview; }
    QPushButton* applyButton() const { return m_apply; }
    QLabel* summaryLabel() const { return m_summary; }
    QTableWidget* movesTable() const { return m_moves; }
    QLabel* statusLabel() const { return m_status; }
    QMessageBox* confirmation() const; // the confirmation box while it is open, else null
    // Of the keyed messages the preview sampled (or the file's lines): how many, and how many of them move.
    qint64 sampledMessages() const { return m_sampledMessages; }
    qint64 movedMessages() const { return m_movedMessages; }

Q_SIGNALS:
    void previewed(kafkalab::PartitionChangePreview preview);
    void applied();

private:
    QString settingsKey() const;
    QString keySourceKey() const;
    void preview();
    void confirm();
    void apply();
    void showCurrent();
    QString previewText() const;
    void showPreview(const PartitionChangePreview& p);
    void updateButtons();

    QList<ClientProperty> m_connection;
    TopicAdmin* m_admin = new TopicAdmin(m_connection, this); // a child: owns the worker thread and the client
    QString m_topic;
    int m_current;
    QLabel* m_intro;
    PartitionChangePreview m_shown; // the preview on screen
    qint64 m_sampledMessages = 0;
    qint64 m_movedMessages = 0;
    QPointer<QMessageBox> m_confirmation;
    QSpinBox* m_count;
    QComboBox* m_partitioner;
    QRadioButton* m_sampleRadio;
    QSpinBox* m_sampleCount;
    QRadioButton* m_fileRadio;
    QLineEdit* m_file;
    QPushButton* m_browse;
    QPushButton* m_preview;
    QPushButton* m_apply;
    QPushButton* m_close;
    QLabel* m_summary;
    QLabel* m_movesNote;
    QTableWidget* m_moves;
    QLabel* m_status;
    bool m_busy = false;
    QString m_previewKey; // settingsKey() of the preview shown
    QString m_keysKey; // keySourceKey() of m_keys
    QList<QByteArray> m_keys; // the keys last sampled or read
};

// A spin box for 64-bit offsets (QSpinBox stops at 2^31 - 1), with QSpinBox's names.
class OffsetSpinBox : public QAbstractSpinBox {
    Q_OBJECT
public:
    explicit OffsetSpinBox(QWidget* parent = nullptr);

    qint64 value() const { return m_value; }
    qint64 minimum() const { return m_min; }
    qint64 maximum() const { return m_max; }
    void setRange(qint64 min, qint64 max);
    void setValue(qint64 value);

    void stepBy(int steps) override;
    QValidator::State validate(QString& input, int& pos) const override;
    void fixup(QString& input) const override;
    QSize sizeHint() const override;

Q_SIGNALS:
    void valueChanged(qint64 value);

protected:
    StepEnabled stepEnabled() const override;

private:
    void setValueFromText(bool rewrite);

    qint64 m_value = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
};

class DeleteRecordsDialog : public QDialog {
    Q_OBJECT
public:
    // partitions: partition -> (low, high) watermarks; a negative low means the watermarks are not known.
    DeleteRecordsDialog(QList<ClientProperty> connection, QString topic,
        const QList<QPair<int, QPair<qint64, qint64>>>& partitions, QWidget* parent = nullptr);

    // Partition -> offset to delete before, for the partitions where something would be deleted.
    QMap<int32_t, int64_t> request() const;
    qint64 messagesToDelete() const;
    bool busy() const { return m_busy; }

    OffsetSpinBox* offsetSpin(int partition) const { return m_spins.value(partition); }
    QLabel* previewLabel() const { return m_preview; }
    QPushButton* deleteButton() const { return m_delete; }
    QLabel* statusLabel() const { return m_status; }
    QMessageBox* confirmation() const; // the confirmation box while it is open, else null

Q_SIGNALS:
    void deleted();

private:
    void updatePreview();
    void confirm();
    void run(const QMap<int32_t, int64_t>& before);
    void showLows(const QMap<int32_t, int64_t>& lows);

    QList<ClientProperty> m_connection;
    TopicAdmin* m_admin = new TopicAdmin(m_connection, this); // a child: owns the worker thread and the client
    QString m_topic;
    QMap<int, QPair<qint64, qint64>> m_watermarks;
    QMap<int, OffsetSpinBox*> m_spins;
    QMap<int, QLabel*> m_rangeLabels;
    QLabel* m_preview;
    QLabel* m_status;
    QPushButton* m_delete;
    QPushButton* m_close;
    QPointer<QMessageBox> m_confirmation;
    bool m_busy = false;
};

class DeleteTopicDialog : public QDialog {
    Q_OBJECT
public:
    DeleteTopicDialog(QList<ClientProperty> connection, QString topic, QWidget* parent = nullptr);

    bool busy() const { return m_busy; }

    QLineEdit* confirmEdit() const { return m_confirm; }
    QPushButton* deleteButton() const { return m_delete; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    void deleted(QString topic);

private:
    void updateButtons();
    void run();

    QList<ClientProperty> m_connection;
    TopicAdmin* m_admin = new TopicAdmin(m_connection, this); // a child: owns the worker thread and the client
    QString m_topic;
    QLineEdit* m_confirm;
    QLabel* m_status;
    QPushButton* m_delete;
    QPushButton* m_cancel;
    bool m_busy = false;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::PartitionChangePreview)
