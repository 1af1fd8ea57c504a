// ProducerWorker's bulk run (the generator, kafkalab-cli produce): its loop at a rate, with the cluster watched for
// going away, its progress, and its result with the keys' tally. Sending single messages and delivery reports:
// producerworker.cpp.
#include "kafkacore/produce/producerworker.h"

#include "kafkacore/client/clientfactory.h"

#include <algorithm>
#include <random>

namespace kafkalab {

namespace {
constexpr int kProgressIntervalMs = 100;
} // namespace

int64_t ProducerWorker::highWatermarkSum(const QString& topic, int32_t partitions, int timeoutMs)
{
    // One ListOffsets request per leader (offsets_for_times with "latest"), not one round trip per partition.
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    const QByteArray name = topic.toUtf8();
    for (int32_t p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list, name.constData(), p)->offset = RD_KAFKA_OFFSET_END;
    int64_t sum = -1;
    if (rd_kafka_offsets_for_times(m_rk.get(), list, timeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        sum = 0;
        for (int i = 0; i < list->cnt && sum >= 0; ++i)
            sum = list->elems[i].err || list->elems[i].offset < 0 ? -1 : sum + list->elems[i].offset;
    }
    rd_kafka_topic_partition_list_destroy(list);
    return sum;
}

void ProducerWorker::emitProgress(bool force)
{
    const qint64 now = m_bulkClock.elapsed();
    if (!force && now - m_lastEmitMs < kProgressIntervalMs)
        return;
    m_lastEmitMs = now;
    m_progress.elapsedMs = now;
    m_progress.avgLatencyMs = m_latencyCount ? m_latencySumMs / double(m_latencyCount) : 0;
    m_progress.latencySamples = m_latencyCount;
    Q_EMIT bulkProgress(m_progress);
    if (!m_pending.isEmpty()) {
        Q_EMIT delivered(m_pending);
        m_pending.clear();
    }
}

void ProducerWorker::runBulk(const BulkSpec& spec)
{
    m_cancel.store(false);
    m_progress = {};
    m_progress.requested = spec.count;
    m_latencySumMs = 0;
    m_latencyCount = 0;
    m_latencySamples = 0;
    m_tally = std::make_unique<KeyTally>();
    m_bulkClock.start();
    m_lastEmitMs = 0;
    m_bulkTopic = spec.topic;
    m_bulkRecords = spec.reportDeliveries;

    QString error;
    if (!m_rk)
        error = QStringLiteral("The producer is not running");
    const int32_t partitions = m_rk ? partitionCount(spec.topic, &error) : -1;
    if (partitions < 0 || !spec.value) {
        m_progress.lastError = error.isEmpty() ? QStringLiteral("No value template") : error;
        m_progress.failed = 0;
        m_bulkActive = true;
        finishBulk(spec, false);
        return;
    }
    m_progress.perPartition.assign(size_t(partitions), 0);
    rd_kafka_topic_t* rkt = topicHandle(spec.topic);
    m_pollTimer.stop(); // this loop polls itself
    m_bulkActive = true;
    m_allBrokersDownSinceMs = -1;
    const int64_t highBefore = highWatermarkSum(spec.topic, partitions, 5000);
    // Every broker down for this long: the cluster is gone; stop instead of queueing messages that can only time
    // out (the delivery timeout, so that a broker back within it loses nothing).
    const qint64 giveUpMs = std::max(1000, m_settings.deliveryTimeoutMs);
    auto clusterGone = [&] {
        if (m_allBrokersDownSinceMs < 0 || m_bulkClock.elapsed() - m_allBrokersDownSinceMs < giveUpMs)
            return false;
        m_progress.stopReason = QStringLiteral("every broker has been unreachable for %1 s: stopped before the end")
                                    .arg((m_bulkClock.elapsed() - m_allBrokersDownSinceMs) / 1000);
        return true;
    };

    KeyGenerator keys(spec.keys);
    std::mt19937_64 rng(std::random_device {}());
    std::string key;
    key.reserve(64);
    const double nsPerMessage = spec.ratePerSec > 0 ? 1e9 / spec.ratePerSec : 0;
    uint64_t consecutiveFailures = 0;
    // Random-byte values are windows into a pool that outlives the run (every message is delivered or purged
    // before runBulk returns), so librdkafka can point at them instead of copying.
    const int valueFlags = spec.value->isRandomBytes() ? 0 : RD_KAFKA_MSG_F_COPY;
    bool stop = false;
    for (uint64_t i = 0; i < spec.count && !stop; ++i) {
        if (cancelled())
            break;
        // With every broker down, hand librdkafka nothing more: wait for one to come back, or give up.
        while (m_allBrokersDownSinceMs >= 0 && !cancelled() && !stop) {
            rd_kafka_poll(m_rk.get(), 50);
            emitProgress(false);
            stop = clusterGone();
            if (rd_kafka_outq_len(m_rk.get()) == 0) // nothing left in flight to tell us a broker is back
                break;
        }
        if (stop || cancelled())
            break;
        if (nsPerMessage > 0) {
            // Ahead of the requested rate: wait, serving delivery reports meanwhile.
            while (!cancelled()) {
                const double aheadMs = (double(i) * nsPerMessage - double(m_bulkClock.nsecsElapsed())) / 1e6;
                if (aheadMs <= 0)
                    break;
                rd_kafka_poll(m_rk.get(), int(std::min(aheadMs, 50.0)) + 1);
                emitProgress(false);
            }
        }
        const bool hasKey = keys.next(i, key);
        const std::string_view value = spec.value->render(i, key, !hasKey, rng);
        if (!spec.value->error().isEmpty()) { // a value that does not fit its schema stops the run
            m_progress.stopReason = spec.value->error();
            break;
        }
        for (;;) {
            const rd_kafka_resp_err_t err = rd_kafka_producev(m_rk.get(), RD_KAFKA_V_RKT(rkt),
                RD_KAFKA_V_KEY((hasKey ? key.data() : nullptr), (hasKey ? key.size() : 0)),
                RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_MSGFLAGS(valueFlags),
                RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(uintptr_t(i + 1))), RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(m_rk.get(), 5);
                emitProgress(false);
                if (cancelled() || (stop = clusterGone()))
                    break;
                continue;
            }
            if (err) {
                ++m_progress.failed;
                m_progress.lastError = kafkaErrorText(err);
                ++m_progress.errorCounts[m_progress.lastError];
                // The same refusal for every message (unknown partition, message too large, fatal error): stop.
                if (++consecutiveFailures >= 1000 || err == RD_KAFKA_RESP_ERR__FATAL)
                    stop = true;
            } else {
                ++m_progress.sent;
                consecutiveFailures = 0;
            }
            break;
        }
        if ((i & 1023) == 0) {
            rd_kafka_poll(m_rk.get(), 0);
            emitProgress(false);
        }
    }
    // Wait for the last deliveries, reporting progress, cancellable (also when a value stopped fitting its schema).
    bool gone = !m_progress.stopReason.isEmpty() && spec.value->error().isEmpty();
    while (rd_kafka_outq_len(m_rk.get()) > 0 && !cancelled() && !gone) {
        rd_kafka_poll(m_rk.get(), 50);
        emitProgress(false);
        gone = clusterGone();
    }
    const bool wasCancelled = cancelled();
    if (wasCancelled || gone) {
        // Queued messages were never sent (failed); in-flight ones may have been written (unknown).
        rd_kafka_purge(m_rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        QElapsedTimer wait;
        wait.start();
        while (rd_kafka_outq_len(m_rk.get()) > 0 && wait.elapsed() < 5000)
            rd_kafka_poll(m_rk.get(), 50);
        rd_kafka_poll(m_rk.get(), 0);
    }
    if (m_progress.unknown > 0 || m_progress.failed > 0 || wasCancelled) {
        // What the topic gained tells how many of the unknown ones were written, when nothing else writes to it.
        const int64_t highAfter = highBefore >= 0 ? highWatermarkSum(spec.topic, partitions, 5000) : -1;
        m_progress.topicGained = highAfter >= 0 ? highAfter - highBefore : -1;
    }
    finishBulk(spec, wasCancelled);
    m_pollTimer.start();
}

void ProducerWorker::finishBulk(const BulkSpec& spec, bool wasCancelled)
{
    m_progress.finished = true;
    m_progress.cancelled = wasCancelled;
    emitProgress(true);
    BulkResult result;
    result.progress = m_progress;
    result.topic = spec.topic;
    result.partitioner = m_settings.partitioner;
    result.keyStrategy = spec.keys.describe();
    result.stats = computeStats(m_progress.perPartition);
    for (int32_t p = 0; p < int32_t(m_progress.perPartition.size()); ++p) {
        PartitionKeys k;
        k.partition = p;
        k.distinct = m_tally ? m_tally->distinctKeys(p) : 0;
        k.nullKeys = m_tally ? m_tally->nullKeys(p) : 0;
        if (m_tally)
            k.top = m_tally->topKeys(p, 10);
        result.keys.append(k);
    }
    result.untrackedKeys = m_tally ? m_tally->untracked() : 0;
    m_bulkActive = false;
    m_tally.reset();
    Q_EMIT bulkFinished(result);
}

} // namespace kafkalab
