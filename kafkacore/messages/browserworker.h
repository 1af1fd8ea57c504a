#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/messages/messagefilter.h"
#include "kafkacore/messages/messagemodel.h"
#include "kafkacore/schemas/schemadecoder.h"

#include <QObject>

class QElapsedTimer;

#include <atomic>

namespace kafkalab {

struct ReadRequest {
    enum class Start { Newest, Beginning, Offset, Timestamp, Tail } start = Start::Newest;
    QString topic;
    QList<int32_t> partitions; // empty: all
    int64_t newest = 100; // Newest: this many per partition
    int64_t offset = 0; // Offset: the same offset on every chosen partition
    int64_t timestampMs = 0; // Timestamp: the first message at or after this time
    int64_t maxMessages = 0; // stop after this many (matching) messages; 0: no limit
    bool stopAtEnd = true; // stop when every partition is at its end as it was at the start (not for Tail)
    QString isolation = QStringLiteral("read_committed");
    QString filter; // keep only matching messages (the read scans everything)
    int valueLimit = 1 << 20; // bytes of a value kept; larger values are cut (and can be loaded whole later)
    // Set: keys and values in the schema-registry wire format are decoded on the read's thread (decoded()).
    std::shared_ptr<schemas::SchemaRegistryClient> schemaRegistry;
};

struct PartitionProgress {
    int32_t partition = -1;
    int64_t start = 0; // first offset read
    int64_t end = 0; // the end at the start of the read (high watermark, or LSO for read_committed)
    int64_t next = 0; // next offset to read
    bool done = false;
};

struct ReadSummary {
    QString error; // empty when the read worked (cancelled is not an error)
    bool cancelled = false;
    int64_t scanned = 0;
    int64_t matched = 0;
    qint64 elapsedMs = 0;
    QString note; // e.g. "no message at or after that time: reading from the end"
};

struct ReadPlan; // readplanner.h

// Reads a topic for the message browser: assign (no consumer group), tuned for throughput; records go out in
// batches at most ~30 times a second. Lives on its own thread.
class BrowserWorker : public QObject {
    Q_OBJECT
public:
    explicit BrowserWorker(QList<ClientProperty> connection);
    ~BrowserWorker() override;
    void cancel() { m_cancel = true; } // any thread

    // A blocking read of one whole message value (for values cut at the browser's limit), run on a one-shot thread
    // (MessageReader::fetchValue); gives up after 30 s, or soon after `stop` is requested.
    static QByteArray fetchValue(const QList<ClientProperty>& connection, const QString& topic, int32_t partition,
        int64_t offset, QString* error, const StopToken& stop = StopToken());

public Q_SLOTS:
    // Asks the cluster for the topic's partitions and watermarks, plans the read (readplanner.h), counts back for
    // newest N, then consumes the plan. Makes its librdkafka handle here, on the worker's thread.
    void read(const kafkalab::ReadRequest& request);

Q_SIGNALS:
    void started(QList<kafkalab::PartitionProgress> partitions, QString note);
    void batch(kafkalab::MessageBatchPtr records);
    // Before batch(), when the request has a schema registry: the records' keys and values decoded, in order.
    void decoded(kafkalab::MessageBatchPtr records, kafkalab::schemas::DecodedBatchPtr decoded);
    void progress(QList<kafkalab::PartitionProgress> partitions, qint64 scanned, qint64 matched);
    void finished(kafkalab::ReadSummary summary);

private:
    // Executes a plan: assign each partition at its start, read until each is done (or the count is reached, or a
    // cancel), emitting batches and progress.
    void consume(
        rd_kafka_t* rk, const ReadRequest& request, ReadPlan plan, const MessageFilter& filter, QElapsedTimer& clock);

    QList<ClientProperty> m_connection;
    std::atomic_bool m_cancel { false };
};

// The kcat command that reads the same (topic, partitions, start, count, format).
QString kcatCommand(const QString& bootstrap, const ReadRequest& request);

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::ReadRequest)
Q_DECLARE_METATYPE(kafkalab::PartitionProgress)
Q_DECLARE_METATYPE(kafkalab::ReadSummary)
