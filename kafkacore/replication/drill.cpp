#include "kafkacore/replication/drill.h"

#include <QThread>

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/guardedcallback.h"
#include "kafkacore/client/listoffsets.h"

#include <QElapsedTimer>
#include <QUuid>

#include <algorithm>
#include <map>

namespace kafkalab {

namespace {
constexpr int kProgressMs = 200; // at most five progress signals a second
constexpr int kSeqBits = 40; // a message's opaque: key index << 40 | sequence number

QByteArray drillKey(int index, int keys)
{
    return keys > 0 ? QByteArray("k") + QByteArray::number(index) : QByteArray();
}

// The partitions of `topic` as the cluster's metadata has them; empty with `error` set when it cannot be read.
// A topic made a moment ago can still be unknown to the broker the metadata request reaches (or have no leader
// yet): asked again, 250 ms apart, for up to 10 s, before its error is the answer.
QList<int32_t> topicPartitions(rd_kafka_t* rk, const QString& topic, QString* error)
{
    QList<int32_t> out;
    const QByteArray name = topic.toUtf8();
    std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)> rkt(
        rd_kafka_topic_new(rk, name.constData(), nullptr), &rd_kafka_topic_destroy);
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        const rd_kafka_metadata_t* raw = nullptr;
        const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt.get(), &raw, 10000);
        MetadataPtr md(raw);
        if (err) {
            *error = kafkaErrorText(err);
            return out;
        }
        if (md->topic_cnt == 1 && md->topics[0].err && isPassingLeaderError(md->topics[0].err)
            && clock.elapsed() < 10000) {
            QThread::msleep(250);
            continue;
        }
        if (md->topic_cnt != 1 || md->topics[0].err) {
            *error = md->topic_cnt == 1 ? kafkaErrorText(md->topics[0].err) : QStringLiteral("no such topic");
            return out;
        }
        for (int p = 0; p < md->topics[0].partition_cnt; ++p)
            out.append(md->topics[0].partitions[p].id);
        std::sort(out.begin(), out.end());
        return out;
    }
}

// A partition's leader can still answer UNKNOWN_TOPIC_OR_PART for a topic made a moment ago (the metadata above
// already knew it): asked again, 250 ms apart, for up to 10 s.
std::map<PartitionKey, int64_t> highWatermarks(
    rd_kafka_t* rk, const QString& topic, const QList<int32_t>& partitions, QString* error, const StopToken& stop)
{
    QList<PartitionKey> keys;
    for (int32_t p : partitions)
        keys.append({ topic, p });
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        auto out = listOffsets(
            rk, keys, RD_KAFKA_OFFSET_SPEC_LATEST, RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED, 15000, error, &stop);
        if (qsizetype(out.size()) == keys.size() || stop.stopRequested() || clock.elapsed() >= 10000)
            return out;
        QThread::msleep(250);
    }
}

void countError(DrillCounts& counts, int err)
{
    const QString words = drillErrorWords(err);
    ++counts.errors[words];
    counts.lastError = words;
}
} // namespace

QList<ClientProperty> DrillSettings::producerProperties() const
{
    QList<ClientProperty> out {
        ClientProperty::of(QStringLiteral("acks"), QString::number(acks)),
        ClientProperty::of(
            QStringLiteral("enable.idempotence"), idempotence ? QStringLiteral("true") : QStringLiteral("false")),
        ClientProperty::of(QStringLiteral("message.timeout.ms"), QString::number(deliveryTimeoutMs)),
        ClientProperty::of(QStringLiteral("linger.ms"), QStringLiteral("5")),
    };
    if (!retries && !idempotence)
        out.append(ClientProperty::of(QStringLiteral("retries"), QStringLiteral("0")));
    return out;
}

QString drillErrorWords(int code)
{
    const auto err = static_cast<rd_kafka_resp_err_t>(code);
    const QString name = QString::fromUtf8(rd_kafka_err2name(err));
    QString words;
    switch (err) {
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS:
        words = QStringLiteral("fewer in-sync replicas than min.insync.replicas: the leader refused the write");
        break;
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
        words = QStringLiteral("written to the leader, but the in-sync replicas fell below min.insync.replicas "
                               "before it was replicated");
        break;
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
        words = QStringLiteral("no acknowledgement within the delivery timeout (maybe written)");
        break;
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
        words = QStringLiteral("the broker did not answer in time");
        break;
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
        words = QStringLiteral("the partition has no leader right now (an election is under way or no replica is "
                               "left)");
        break;
    case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
        words = QStringLiteral("asked a broker that is no longer the leader");
        break;
    case RD_KAFKA_RESP_ERR__TRANSPORT:
        words = QStringLiteral("the connection to a broker broke");
        break;
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
        words = QStringLiteral("no broker is reachable");
        break;
    case RD_KAFKA_RESP_ERR__PURGE_QUEUE:
    case RD_KAFKA_RESP_ERR__PURGE_INFLIGHT:
        words = QStringLiteral("given up when the run ended");
        break;
    default:
        words = QString::fromUtf8(rd_kafka_err2str(err));
    }
    return QStringLiteral("%1: %2").arg(name, words);
}

struct DrillProducer::Private {
    KafkaHandle rk;
    DrillCounts counts;
    QHash<QByteArray, QList<qint64>> acknowledged;
    QList<QByteArray> keys;
};

DrillProducer::DrillProducer(QList<ClientProperty> properties, DrillSettings settings, StopToken finish, StopToken stop)
    : d(new Private)
    , m_properties(std::move(properties))
    , m_settings(std::move(settings))
    , m_finish(std::move(finish))
    , m_stop(std::move(stop))
{
}

DrillProducer::~DrillProducer()
{
    if (d->rk)
        rd_kafka_purge(d->rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    delete d;
}

void DrillProducer::onDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* msg, void* opaque)
{
    guarded("DrillProducer dr_msg_cb", [&] {
        Private* d = static_cast<DrillProducer*>(opaque)->d;
        const auto tag = quint64(reinterpret_cast<uintptr_t>(msg->_private));
        const auto keyIndex = qsizetype(tag >> kSeqBits);
        const auto seq = qint64(tag & ((quint64(1) << kSeqBits) - 1));
        if (!msg->err) {
            ++d->counts.acknowledged;
            d->acknowledged[d->keys.value(keyIndex)].append(seq);
            return;
        }
        if (rd_kafka_message_status(msg) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED)
            ++d->counts.unknown;
        else
            ++d->counts.failed;
        countError(d->counts, msg->err);
    });
}

void DrillProducer::run()
{
    QString error;
    QList<ClientProperty> props = m_properties;
    props.append(m_settings.producerProperties());
    d->rk = newClient(props, RD_KAFKA_PRODUCER, &error, [this](rd_kafka_conf_t* conf) {
        rd_kafka_conf_set_opaque(conf, this);
        rd_kafka_conf_set_dr_msg_cb(conf, &DrillProducer::onDelivery);
    });
    if (!d->rk) {
        Q_EMIT failed(error);
        return;
    }
    rd_kafka_t* rk = d->rk.get();
    const QList<int32_t> partitions = topicPartitions(rk, m_settings.topic, &error);
    if (partitions.isEmpty()) {
        Q_EMIT failed(QStringLiteral("Cannot read the partitions of %1: %2").arg(m_settings.topic, error));
        return;
    }
    const auto high = highWatermarks(rk, m_settings.topic, partitions, &error, m_stop);
    if (m_stop.stopRequested())
        return;
    if (qsizetype(high.size()) != partitions.size()) {
        Q_EMIT failed(QStringLiteral("Cannot read where %1 ends: %2").arg(m_settings.topic, error));
        return;
    }
    QHash<int32_t, int64_t> start;
    for (const auto& [key, offset] : high)
        start.insert(key.second, offset);
    Q_EMIT started(start);

    const int keyCount = std::max(1, m_settings.keys);
    for (int i = 0; i < keyCount; ++i)
        d->keys.append(drillKey(i, m_settings.keys));
    QList<qint64> nextSeq(keyCount, 0);
    const QByteArray topic = m_settings.topic.toUtf8();
    QElapsedTimer clock;
    clock.start();
    QElapsedTimer progressClock;
    progressClock.start();
    qint64 produced = 0;
    while (!m_finish.stopRequested() && !m_stop.stopRequested()) {
        const qint64 due = clock.elapsed() * std::max(1, m_settings.ratePerSecond) / 1000;
        while (produced < due) {
            const int k = int(produced % keyCount);
            const QByteArray& key = d->keys.at(k);
            const QByteArray value = ledgerValue(key, nextSeq[k]);
            const auto tag = (quint64(k) << kSeqBits) | quint64(nextSeq[k]);
            const rd_kafka_resp_err_t err = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic.constData()),
                RD_KAFKA_V_KEY(key.isEmpty() ? nullptr : key.constData(), size_t(key.size())),
                RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), size_t(value.size())),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(uintptr_t(tag))),
                RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                break; // the client's queue is full (no broker takes messages): try again after a poll
            ++produced;
            if (err) {
                ++d->counts.failed;
                countError(d->counts, err);
                continue;
            }
            ++nextSeq[k];
            ++d->counts.sent;
        }
        rd_kafka_poll(rk, 20);
        if (progressClock.elapsed() >= kProgressMs) {
            progressClock.restart();
            Q_EMIT progress(d->counts);
        }
    }
    // Finish: what is in flight gets up to the delivery timeout (the client's own timeout ends it), in slices.
    while (!m_stop.stopRequested() && rd_kafka_outq_len(rk) > 0) {
        rd_kafka_flush(rk, 200);
        if (progressClock.elapsed() >= kProgressMs) {
            progressClock.restart();
            Q_EMIT progress(d->counts);
        }
    }
    if (m_stop.stopRequested())
        return;
    rd_kafka_poll(rk, 0);
    Q_EMIT finished(d->counts, d->acknowledged);
}

DrillReader::DrillReader(
    QList<ClientProperty> properties, QString topic, QHash<int32_t, int64_t> startOffsets, Mode mode, StopToken stop)
    : m_properties(std::move(properties))
    , m_topic(std::move(topic))
    , m_start(std::move(startOffsets))
    , m_mode(mode)
    , m_stop(std::move(stop))
{
}

void DrillReader::run()
{
    QList<ClientProperty> props = m_properties;
    // librdkafka refuses assign() without a group id: a private one, never joined, nothing committed.
    props.append(ClientProperty::of(
        QStringLiteral("group.id"), QStringLiteral("kafkalab-drill-") + QUuid::createUuid().toString(QUuid::Id128)));
    props.append(ClientProperty::of(QStringLiteral("enable.auto.commit"), QStringLiteral("false")));
    props.append(ClientProperty::of(QStringLiteral("enable.partition.eof"), QStringLiteral("true")));
    QString error;
    KafkaHandle rk = newClient(props, RD_KAFKA_CONSUMER, &error);
    if (!rk) {
        Q_EMIT readBack({}, 0, error);
        return;
    }
    const QList<int32_t> partitions = topicPartitions(rk.get(), m_topic, &error);
    if (partitions.isEmpty()) {
        Q_EMIT readBack({}, 0, QStringLiteral("cannot read the partitions of %1: %2").arg(m_topic, error));
        return;
    }
    QHash<int32_t, int64_t> end; // Check: where to stop
    if (m_mode == Mode::Check) {
        const auto high = highWatermarks(rk.get(), m_topic, partitions, &error, m_stop);
        if (qsizetype(high.size()) != partitions.size()) {
            Q_EMIT readBack({}, 0, QStringLiteral("cannot read where %1 ends: %2").arg(m_topic, error));
            return;
        }
        for (const auto& [key, offset] : high)
            if (offset > m_start.value(key.second, 0) || !m_start.contains(key.second))
                end.insert(key.second, offset);
    }
    const QByteArray name = m_topic.toUtf8();
    PartitionListPtr assignment(rd_kafka_topic_partition_list_new(int(partitions.size())));
    for (int32_t p : partitions)
        if (m_mode == Mode::Live || end.contains(p))
            rd_kafka_topic_partition_list_add(assignment.get(), name.constData(), p)->offset
                = m_start.value(p, m_mode == Mode::Live ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING);
    if (rd_kafka_resp_err_t err = rd_kafka_assign(rk.get(), assignment.get())) {
        Q_EMIT readBack({}, 0, kafkaErrorText(err));
        return;
    }
    DrillCounts counts;
    QList<LedgerRecord> records;
    qint64 foreign = 0;
    QElapsedTimer progressClock;
    progressClock.start();
    QElapsedTimer idle; // Check: gives up after 60 s without a message
    idle.start();
    while (!m_stop.stopRequested() && (m_mode == Mode::Live || !end.isEmpty())) {
        if (m_mode == Mode::Check && idle.elapsed() > 60000) {
            error = QStringLiteral("no message for 60 s with %1 partition(s) not read to the end").arg(end.size());
            break;
        }
        MessagePtr msg(rd_kafka_consumer_poll(rk.get(), 200));
        if (progressClock.elapsed() >= kProgressMs && m_mode == Mode::Live) {
            progressClock.restart();
            Q_EMIT progress(counts);
        }
        if (!msg)
            continue;
        if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (end.contains(msg->partition) && msg->offset >= end.value(msg->partition))
                end.remove(msg->partition);
            continue;
        }
        if (msg->err) {
            countError(counts, msg->err);
            continue;
        }
        idle.restart();
        ++counts.read;
        if (m_mode == Mode::Live)
            continue;
        const QByteArray value(static_cast<const char*>(msg->payload), qsizetype(msg->len));
        if (const auto e = parseLedgerValue(value))
            records.append({ e->key == "-" ? QByteArray() : e->key, e->seq, msg->partition, msg->offset });
        else
            ++foreign;
        if (msg->offset + 1 >= end.value(msg->partition, 0))
            end.remove(msg->partition);
    }
    rd_kafka_assign(rk.get(), nullptr);
    if (m_stop.stopRequested())
        return;
    Q_EMIT readBack(records, foreign, error);
}

} // namespace kafkalab
