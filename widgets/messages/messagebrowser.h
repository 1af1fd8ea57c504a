#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/messages/browserworker.h"
#include "kafkacore/messages/messagemodel.h"
#include "kafkacore/messages/messagereader.h"
#include "kafkacore/messages/replayworker.h"
#include "kafkacore/schemas/schemaregistry.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTimer;

namespace kafkalab {

class MessageDetail;

// The Messages tab: reads a topic (newest N per partition, from the beginning, an offset or a time, or a live
// tail) into a table of up to a million messages, with a read filter (applied by the reader), a search over what
// is loaded, per-partition progress, a detail pane (JSON tree, text, hex, key, headers), export to JSON Lines or
// CSV, replay of a JSON Lines file and the equivalent kcat command. A view: the reading, replaying, exporting and
// value fetching are its MessageReader's (kafkacore/messages/messagereader.h), which owns every thread and client.
class MessageBrowser : public QWidget {
    Q_OBJECT
public:
    explicit MessageBrowser(QWidget* parent = nullptr);
    ~MessageBrowser() override;

    // An empty list means disconnected: any read is cancelled and Read is disabled.
    void setConnection(const QList<ClientProperty>& properties);
    // The connection profile's schema registry (an empty URL: none). With one, the Decode box is on and reads decode
    // keys and values in the registry's wire format on the reader's thread; without, it is off and disabled.
    void setSchemaRegistry(const schemas::RegistryConnection& registry);
    // Fills the topic combo box, keeping the text in it.
    void setTopics(const QStringList& topics);
    // Same as clicking Read.
    void startRead();
    // The request the controls describe; nothing (and `error` set) when a control holds something invalid.
    std::optional<ReadRequest> currentRequest(QString* error) const;

    MessageModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* readButton() const { return m_read; }
    QPushButton* cancelButton() const { return m_cancel; }
    QComboBox* topicBox() const { return m_topic; }
    QComboBox* startBox() const { return m_start; }
    QSpinBox* newestSpin() const { return m_newest; }
    QSpinBox* maxMessagesSpin() const { return m_maxMessages; }
    QCheckBox* stopAtEndBox() const { return m_stopAtEnd; }
    QCheckBox* decodeBox() const { return m_decode; }
    QCheckBox* exportDecodedBox() const { return m_exportDecoded; }
    QComboBox* isolationBox() const { return m_isolation; }
    QLineEdit* partitionsEdit() const { return m_partitions; }
    QLineEdit* readFilterEdit() const { return m_readFilter; }
    QLineEdit* searchEdit() const { return m_search; }
    QSpinBox* capacitySpin() const { return m_capacity; }
    QLabel* statusLabel() const { return m_status; }
    QLabel* matchLabel() const { return m_matchCount; }
    QLabel* readFilterError() const { return m_readFilterError; }
    QLabel* partitionsError() const { return m_partitionsError; }
    QLabel* searchError() const { return m_searchError; }
    QTabWidget* detailTabs() const;
    MessageDetail* detail() const { return m_detail; }
    QPushButton* exportButton() const { return m_export; }
    QPushButton* replayButton() const { return m_replay; }
    QPushButton* kcatButton() const { return m_kcat; }
    bool reading() const { return m_reader->reading(); }
    MessageReader* reader() const { return m_reader; }

    // Writes records to `path` (.csv: CSV, else JSON Lines) off the GUI thread; exported() follows.
    void exportTo(const QString& path);
    // Reads a JSON Lines file off the GUI thread, then asks what to do (bad lines, topic, partitions) and replays.
    void replayFile(const QString& path);
    // Copies the kcat command for the current controls to the clipboard.
    void copyKcatCommand();

    // "all" or "" -> empty list; "0,2,5" -> those partitions; else nothing and `error` set.
    static std::optional<QList<int32_t>> parsePartitions(const QString& text, QString* error);

Q_SIGNALS:
    void readFinished(kafkalab::ReadSummary summary);
    void exported(qint64 count, QString error);
    void replayFinished(kafkalab::ReplaySummary summary);

private:
    void stopRead(bool report);
    void stopReplay();
    void connectReader();
    void showReplaySummary(const ReplaySummary& summary);
    void showExported(qint64 written, const QString& error);
    void updateControls();
    void validatePartitions();
    void validateReadFilter();
    void applySearch();
    void updateMatchCount();
    void clearSortIndicator();
    void setupBars(const QList<PartitionProgress>& partitions);
    void updateBars(const QList<PartitionProgress>& partitions);
    void showCounts(qint64 scanned, qint64 matched, qint64 elapsedMs, const QString& prefix = {});
    void startReplay(
        const QString& topic, const QList<ReplayMessage>& messages, bool keepPartitions, bool keepTimestamps);

    QList<ClientProperty> m_connection;
    std::shared_ptr<schemas::SchemaRegistryClient> m_registry; // null: no registry
    // The decoded keys and values of the batch that comes next (MessageReader::decoded comes just before batch).
    std::pair<MessageBatchPtr, schemas::DecodedBatchPtr> m_pendingDecoded;
    ReadRequest m_request; // the last read's (the loaded records' topic)
    MessageReader* m_reader;
    QString m_replayTopic;
    QString m_exportPath;
    bool m_replayBusy = false; // reading a file, asking, or replaying
    QElapsedTimer m_clock;
    QString m_note;
    qint64 m_scanned = 0;
    qint64 m_matched = 0;
    QHash<int32_t, QProgressBar*> m_bars;

    MessageModel* m_model;
    QComboBox* m_topic;
    QLineEdit* m_partitions;
    QLabel* m_partitionsError;
    QComboBox* m_start;
    QSpinBox* m_newest;
    QDoubleSpinBox* m_offset;
    QDateTimeEdit* m_time;
    QSpinBox* m_maxMessages;
    QCheckBox* m_stopAtEnd;
    QCheckBox* m_decode;
    QCheckBox* m_exportDecoded;
    QComboBox* m_isolation;
    QLineEdit* m_readFilter;
    QLabel* m_readFilterError;
    QPushButton* m_read;
    QPushButton* m_cancel;
    QLabel* m_status;
    QScrollArea* m_barArea;
    QWidget* m_barBox;
    QGridLayout* m_barGrid;
    QLineEdit* m_search;
    QLabel* m_searchError;
    QLabel* m_matchCount;
    QTimer* m_searchTimer;
    QSpinBox* m_capacity;
    QPushButton* m_export;
    QPushButton* m_replay;
    QPushButton* m_cancelReplay;
    QPushButton* m_kcat;
    QTableView* m_table;
    MessageDetail* m_detail;
};

} // namespace kafkalab
