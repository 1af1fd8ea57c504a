// ProducerWorker: the producer on its own thread, sending single messages and lists of them, and its delivery
// reports (for single sends and bulk runs). The bulk run itself: producerbulkrun.cpp.
#include "kafkacore/produce/producerworker.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/guardedcallback.h"
#include "kafkacore/topics/topicadmin.h"

#include <QDateTime>

#include <algorithm>

namespace kafkalab {

namespace {
constexpr uint64_t kSingleBit = uint64_t(1) << 63; // marks the opaque of single sends
} // namespace

ProducerWorker::ProducerWorker(ProducerSettings settings, StopToken stop)
    : m_settings(std::move(settings))
    , m_pollTimer(this) // a child, so that it moves to the worker's thread with it
    , m_stop(std::move(stop))
{
    qRegisterMetaType<OutgoingMessage>();
    qRegisterMetaType<QList<DeliveryRecord>>();
    qRegisterMetaType<BulkProgress>();
    qRegisterMetaType<BulkResult>();
    m_pollTimer.setInterval(50);
    connect(&m_pollTimer, &QTimer::timeout, this, &ProducerWorker::pollAndEmit);
}

ProducerWorker::~ProducerWorker()
{
    if (m_rk) {
        // Whatever is still queued is given a moment, then purged: the thread must not hang on a dead broker.
        rd_kafka_flush(m_rk.get(), 2000);
        rd_kafka_purge(m_rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_poll(m_rk.get(), 0);
    }
    for (rd_kafka_topic_t* t : std::as_const(m_topics))
        rd_kafka_topic_destroy(t);
}

void ProducerWorker::cancel()
{
    m_cancel.store(true);
}

void ProducerWorker::onError(rd_kafka_t*, int err, const char* reason, void* opaque)
{
    guarded("ProducerWorker error_cb", [&] {
        auto* self = static_cast<ProducerWorker*>(opaque);
        self->m_clientError = kafkaErrorText(static_cast<rd_kafka_resp_err_t>(err), QString::fromUtf8(reason));
        if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && self->m_allBrokersDownSinceMs < 0)
            self->m_allBrokersDownSinceMs = self->m_bulkClock.isValid() ? self->m_bulkClock.elapsed() : 0;
    });
}

void ProducerWorker::onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque)
{
    guarded("ProducerWorker dr_msg_cb", [&] { static_cast<ProducerWorker*>(opaque)->handleDelivery(msg); });
}

void ProducerWorker::start()
{
    QList<PropertyProblem> problems;
    ConfPtr conf = buildConf(m_settings.toProperties(), &problems);
    if (!conf) {
        Q_EMIT startFailed(QStringLiteral("Invalid producer property: %1").arg(describeProblem(problems.first())));
        return;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &ProducerWorker::onDelivery);
    rd_kafka_conf_set_error_cb(conf.get(), &ProducerWorker::onError);
    quietLogsUnlessDebugging(conf.get());
    char err[512] = {};
    m_rk.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
    if (!m_rk) {
        Q_EMIT startFailed(QStringLiteral("Could not create the producer: %1").arg(QString::fromUtf8(err)));
        return;
    }
    static_cast<void>(conf.release()); // rd_kafka_new took it
    m_pollTimer.start();
    Q_EMIT started(m_settings.partitioner);
}

rd_kafka_topic_t* ProducerWorker::topicHandle(const QString& topic)
{
    auto it = m_topics.find(topic);
    if (it != m_topics.end())
        return it.value();
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(m_rk.get(), topic.toUtf8().constData(), nullptr);
    if (rkt)
        m_topics.insert(topic, rkt);
    return rkt;
}

int32_t ProducerWorker::partitionCount(const QString& topic, QString* error)
{
    if (const QString bad = topicNameError(topic); !bad.isEmpty()) {
        *error = QStringLiteral("Invalid topic name: %1").arg(bad);
        return -1;
    }
    rd_kafka_topic_t* rkt = topicHandle(topic);
    if (!rkt) {
        *error = QStringLiteral("Invalid topic name '%1': %2").arg(topic, kafkaErrorText(rd_kafka_last_error()));
        return -1;
    }
    const rd_kafka_metadata_t* md = nullptr;
    ++m_metadataRequests;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk.get(), 0, rkt, &md, 10000);
    if (err) {
        *error = QStringLiteral("No metadata for topic '%1': %2").arg(topic, kafkaErrorText(err, m_clientError));
        return -1;
    }
    MetadataPtr owned(md);
    if (md->topic_cnt < 1) {
        *error = QStringLiteral("No metadata for topic '%1'").arg(topic);
        return -1;
    }
    const rd_kafka_metadata_topic& t = md->topics[0];
    if (t.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
        *error = QStringLiteral("Topic '%1' does not exist (UNKNOWN_TOPIC_OR_PART); the cluster does not create "
                                "topics on first use, so create it first.")
                     .arg(topic);
        return -1;
    }
    if (t.err) {
        *error = QStringLiteral("Topic '%1': %2").arg(topic, kafkaErrorText(t.err));
        return -1;
    }
    return t.partition_cnt;
}

int32_t ProducerWorker::cachedPartitionCount(const QString& topic, QString* error)
{
    if (auto it = m_partitionCounts.constFind(topic); it != m_partitionCounts.cend())
        return it.value();
    const int32_t n = partitionCount(topic, error);
    if (n > 0)
        m_partitionCounts.insert(topic, n); // failures are not cached: the topic may be created meanwhile
    return n;
}

void ProducerWorker::forgetStaleTopic(const QString& topic, int err)
{
    static constexpr rd_kafka_resp_err_t kStale[] = { RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
        RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED };
    if (std::find(std::begin(kStale), std::end(kStale), err) != std::end(kStale))
        m_partitionCounts.remove(topic);
}

bool ProducerWorker::produceOne(const OutgoingMessage& m, QString* error)
{
    rd_kafka_topic_t* rkt = topicHandle(m.topic);
    if (!rkt) {
        *error = QStringLiteral("Invalid topic name '%1'").arg(m.topic);
        return false;
    }
    rd_kafka_headers_t* headers = nullptr;
    if (!m.headers.isEmpty()) {
        headers = rd_kafka_headers_new(size_t(m.headers.size()));
        for (const auto& [name, value] : m.headers)
            rd_kafka_header_add(headers, name.constData(), name.size(), value.constData(), value.size());
    }
    for (;;) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(m_rk.get(), RD_KAFKA_V_RKT(rkt),
            RD_KAFKA_V_PARTITION(m.partition < 0 ? RD_KAFKA_PARTITION_UA : m.partition),
            RD_KAFKA_V_KEY((m.key ? m.key->constData() : nullptr), (m.key ? size_t(m.key->size()) : 0)),
            RD_KAFKA_V_VALUE(
                (m.value ? const_cast<char*>(m.value->constData()) : nullptr), (m.value ? size_t(m.value->size()) : 0)),
            RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(uintptr_t(m.id | kSingleBit))), RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            rd_kafka_poll(m_rk.get(), 10);
            continue;
        }
        if (err) {
            if (headers)
                rd_kafka_headers_destroy(headers); // not taken over on failure
            forgetStaleTopic(m.topic, err);
            *error = kafkaErrorText(err);
            return false;
        }
        return true;
    }
}

void ProducerWorker::send(const OutgoingMessage& message)
{
    sendMany({ message });
}

void ProducerWorker::sendMany(const QList<OutgoingMessage>& messages)
{
    if (!m_rk)
        return;
    QHash<QString, QString> checked; // topic -> error ("" when it exists); known topics cost no round trip
    for (const OutgoingMessage& m : messages) {
        if (!checked.contains(m.topic)) {
            QString error;
            cachedPartitionCount(m.topic, &error);
            checked.insert(m.topic, error);
        }
        QString error = checked.value(m.topic);
        if (error.isEmpty() && produceOne(m, &error))
            continue;
        DeliveryRecord r;
        r.id = m.id;
        r.topic = m.topic;
        r.partition = m.partition;
        r.key = m.key;
        r.error = error;
        r.timestampMs = QDateTime::currentMSecsSinceEpoch();
        m_pending.append(r);
    }
    pollAndEmit();
}

void ProducerWorker::flush(int timeoutMs)
{
    if (!m_rk)
        return;
    QElapsedTimer clock;
    clock.start();
    while (rd_kafka_outq_len(m_rk.get()) > 0 && clock.elapsed() < timeoutMs && !cancelled())
        rd_kafka_poll(m_rk.get(), 50);
    pollAndEmit();
    Q_EMIT flushed(rd_kafka_outq_len(m_rk.get()));
}

void ProducerWorker::pollAndEmit()
{
    if (m_rk)
        rd_kafka_poll(m_rk.get(), 0);
    if (!m_pending.isEmpty()) {
        Q_EMIT delivered(m_pending);
        m_pending.clear();
    }
}

void ProducerWorker::handleDelivery(const rd_kafka_message_t* msg)
{
    const auto opaque = uint64_t(reinterpret_cast<uintptr_t>(msg->_private));
    const bool single = (opaque & kSingleBit) != 0;
    if (!single && m_bulkActive) {
        // Latency is sampled in bulk runs (the first 16 deliveries, then 1 in 16): reading the clock for every
        // message costs measurable speed.
        const uint64_t nth = m_latencySamples++;
        const bool sample = nth < 16 || (nth & 15) == 0 || m_bulkRecords;
        const double latencyMs = sample ? double(rd_kafka_message_latency(msg)) / 1000.0 : 0;
        if (msg->err) {
            countFailure(msg);
        } else {
            m_allBrokersDownSinceMs = -1; // a broker answered
            ++m_progress.delivered;
            if (size_t(msg->partition) >= m_progress.perPartition.size())
                m_progress.perPartition.resize(size_t(msg->partition) + 1);
            ++m_progress.perPartition[size_t(msg->partition)];
            if (sample) {
                m_latencySumMs += latencyMs;
                ++m_latencyCount;
                m_progress.maxLatencyMs = std::max(m_progress.maxLatencyMs, latencyMs);
            }
            if (msg->key)
                m_tally->add(msg->partition, std::string_view(static_cast<const char*>(msg->key), msg->key_len));
            else
                m_tally->addNull(msg->partition);
        }
        if (!m_bulkRecords)
            return;
    }
    const double latencyMs = double(rd_kafka_message_latency(msg)) / 1000.0;
    DeliveryRecord r;
    r.id = single ? (opaque & ~kSingleBit) : opaque - 1;
    r.topic = QString::fromUtf8(rd_kafka_topic_name(msg->rkt));
    r.partition = msg->partition;
    r.offset = msg->offset;
    r.latencyMs = latencyMs;
    rd_kafka_timestamp_type_t type;
    r.timestampMs = rd_kafka_message_timestamp(msg, &type);
    if (r.timestampMs < 0)
        r.timestampMs = QDateTime::currentMSecsSinceEpoch();
    if (msg->key)
        r.key = QByteArray(static_cast<const char*>(msg->key), qsizetype(msg->key_len));
    if (msg->err) {
        forgetStaleTopic(r.topic, msg->err);
        r.error = kafkaErrorText(msg->err);
        r.possiblyWritten = rd_kafka_message_status(msg) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED;
    }
    m_pending.append(std::move(r));
}

void ProducerWorker::countFailure(const rd_kafka_message_t* msg)
{
    // A message that librdkafka had sent when it was purged or timed out may be in the log: only the broker knows.
    const bool possiblyWritten = rd_kafka_message_status(msg) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED;
    if (possiblyWritten)
        ++m_progress.unknown;
    else
        ++m_progress.failed;
    m_progress.lastError = kafkaErrorText(msg->err);
    ++m_progress
          .errorCounts[possiblyWritten ? QStringLiteral("unknown, may have been written: %1").arg(m_progress.lastError)
                                       : m_progress.lastError];
}

} // namespace kafkalab
