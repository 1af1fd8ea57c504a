#pragma once

#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/produce/distributionstats.h"
#include "kafkacore/produce/keystrategy.h"
#include "kafkacore/produce/producertypes.h"
#include "kafkacore/produce/valuetemplate.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

namespace kafkalab {

struct BulkSpec {
    QString topic;
    uint64_t count = 0;
    KeyStrategy keys;
    std::shared_ptr<ValueTemplate> value;
    double ratePerSec = 0; // 0: as fast as the broker takes them
    bool reportDeliveries = false; // a DeliveryRecord for every message (tests); otherwise only counts

    static constexpr uint64_t kMaxCount = 10'000'000;
};

// A producer client on its own thread (a WorkerThread owned by ProducerClient; the rd_kafka_t is made in start(),
// on that thread). Single messages report their delivery in batches (one signal per poll,
// every 50 ms at most); bulk runs report progress at most 10 times a second and never one signal per message.
class ProducerWorker : public QObject {
    Q_OBJECT
public:
    // `stop` is the owner's stop flag (set when the client is retired): like cancel(), but for good.
    explicit ProducerWorker(ProducerSettings settings, StopToken stop = StopToken());
    ~ProducerWorker() override;

    // Called from any thread: a running bulk run stops at its next message and purges what is still queued.
    void cancel();
    // Metadata round trips made so far (partition counts are cached per topic; tests read this).
    int metadataRequests() const { return m_metadataRequests.load(); }

public Q_SLOTS:
    void start();
    void send(const kafkalab::OutgoingMessage& message);
    void sendMany(const QList<kafkalab::OutgoingMessage>& messages);
    void runBulk(const kafkalab::BulkSpec& spec);
    // Waits (on this thread) until every queued message is delivered or failed, at most timeoutMs.
    void flush(int timeoutMs);

Q_SIGNALS:
    void started(QString partitioner);
    void startFailed(QString message);
    void delivered(QList<kafkalab::DeliveryRecord> records);
    void bulkProgress(kafkalab::BulkProgress progress);
    void bulkFinished(kafkalab::BulkResult result);
    void flushed(int stillQueued);

private:
    static void onDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
    static void onError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
    void handleDelivery(const rd_kafka_message_t* msg);
    rd_kafka_topic_t* topicHandle(const QString& topic);
    // Partition count, or -1 with `error` set (unknown topic, no answer).
    int32_t partitionCount(const QString& topic, QString* error);
    // partitionCount() through the per-topic cache that single sends use.
    int32_t cachedPartitionCount(const QString& topic, QString* error);
    // Drops the topic's cached partition count when `err` says the client's metadata for it is stale.
    void forgetStaleTopic(const QString& topic, int err); // err: an rd_kafka_resp_err_t
    bool cancelled() const { return m_cancel.load(std::memory_order_relaxed) || m_stop.stopRequested(); }
    bool produceOne(const OutgoingMessage& m, QString* error);
    void pollAndEmit();
    void emitProgress(bool force);
    void finishBulk(const BulkSpec& spec, bool cancelled);
    // Sum of the topic's high watermarks, or -1 when they cannot be read within `timeoutMs`.
    int64_t highWatermarkSum(const QString& topic, int32_t partitions, int timeoutMs);
    // Counts a failed delivery report of a bulk run as failed or unknown (possibly written).
    void countFailure(const rd_kafka_message_t* msg);

    ProducerSettings m_settings;
    KafkaHandle m_rk;
    QHash<QString, rd_kafka_topic_t*> m_topics; // destroyed before m_rk
    QTimer m_pollTimer;
    std::atomic_bool m_cancel { false };
    StopToken m_stop;
    QHash<QString, int32_t> m_partitionCounts; // topic -> partitions, for single sends
    std::atomic_int m_metadataRequests { 0 };
    QList<DeliveryRecord> m_pending;
    QString m_clientError;
    // Since when every broker has been down (ms on m_bulkClock), -1 while one is up; set by the error callback.
    qint64 m_allBrokersDownSinceMs = -1;

    // The running bulk run, if any.
    bool m_bulkActive = false;
    bool m_bulkRecords = false;
    QString m_bulkTopic;
    BulkProgress m_progress;
    std::unique_ptr<KeyTally> m_tally;
    double m_latencySumMs = 0;
    uint64_t m_latencyCount = 0;
    uint64_t m_latencySamples = 0;
    QElapsedTimer m_bulkClock;
    qint64 m_lastEmitMs = 0;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::BulkSpec)
