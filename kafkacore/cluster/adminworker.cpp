#include "kafkacore/cluster/adminworker.h"

#include "kafkacore/client/clientfactory.h"

#include "kafkacore/client/guardedcallback.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>

namespace kafkalab {

namespace {
constexpr int kSliceMs = 500;
constexpr int kRequestTimeoutMs = 5000;
} // namespace

AdminWorker::AdminWorker(QList<ClientProperty> properties, int connectTimeoutMs, StopToken stop)
    : m_properties(std::move(properties))
    , m_connectTimeoutMs(connectTimeoutMs)
    , m_stop(std::move(stop))
{
}

AdminWorker::~AdminWorker() = default;

void AdminWorker::onError(rd_kafka_t* /*rk*/, int err, const char* reason, void* opaque)
{
    guarded("AdminWorker error_cb", [&] {
        auto* self = static_cast<AdminWorker*>(opaque);
        // __ALL_BROKERS_DOWN only says that every known broker is down; keep the more precise reason before it.
        if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && !self->m_lastError.isEmpty())
            return;
        self->m_lastErr = static_cast<rd_kafka_resp_err_t>(err);
        self->m_lastError = QString::fromUtf8(reason);
    });
}

void AdminWorker::connectCluster()
{
    QElapsedTimer clock;
    clock.start();
    QList<PropertyProblem> problems;
    QList<ClientProperty> props = m_properties;
    // The admin client reads watermarks: read_uncommitted so the high watermark is not clipped to the LSO.
    props.append(ClientProperty::of(QStringLiteral("isolation.level"), QStringLiteral("read_uncommitted")));
    props.append(ClientProperty::of(QStringLiteral("log.connection.close"), QStringLiteral("false")));
    ConfPtr conf = buildConf(props, &problems);
    if (!conf) {
        Q_EMIT connectFailed(QStringLiteral("Invalid client property: %1").arg(describeProblem(problems.first())));
        return;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_error_cb(conf.get(), &AdminWorker::onError);
    // Errors arrive through error_cb and are shown where they belong; librdkafka's own log lines would only
    // repeat them on stderr.
    rd_kafka_conf_set_log_cb(conf.get(), [](const rd_kafka_t*, int, const char*, const char*) {});
    char err[512] = {};
    m_rk.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof err));
    if (!m_rk) {
        Q_EMIT connectFailed(QStringLiteral("Could not create the Kafka client: %1").arg(QString::fromUtf8(err)));
        return;
    }
    static_cast<void>(conf.release()); // owned by m_rk from here on

    while (!stopping() && clock.elapsed() < m_connectTimeoutMs) {
        rd_kafka_resp_err_t res = RD_KAFKA_RESP_ERR_NO_ERROR;
        const int slice = int(std::min<qint64>(kSliceMs, std::max<qint64>(1, m_connectTimeoutMs - clock.elapsed())));
        MetadataPtr md = fetchMetadata(slice, &res);
        rd_kafka_poll(m_rk.get(), 0); // serves error_cb on this thread
        if (md) {
            char* id = rd_kafka_clusterid(m_rk.get(), 0);
            const QString clusterId = id ? QString::fromUtf8(id) : QString();
            if (id)
                rd_kafka_mem_free(m_rk.get(), id);
            Q_EMIT connected(clusterId, clock.elapsed());
            return;
        }
        if (m_lastErr == RD_KAFKA_RESP_ERR__AUTHENTICATION || m_lastErr == RD_KAFKA_RESP_ERR__SSL
            || m_lastErr == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED) {
            Q_EMIT connectFailed(
                QStringLiteral("Authentication failed: %1").arg(kafkaErrorText(m_lastErr, m_lastError)));
            return;
        }
    }
    if (stopping())
        return;
    QString reason = m_lastError.isEmpty() ? QStringLiteral("no broker answered a metadata request")
                                           : kafkaErrorText(m_lastErr, m_lastError);
    Q_EMIT connectFailed(QStringLiteral("Cluster unreachable: no answer within %1 s. Last error: %2")
                             .arg(m_connectTimeoutMs / 1000.0, 0, 'g', 3)
                             .arg(reason));
}

MetadataPtr AdminWorker::fetchMetadata(int timeoutMs, rd_kafka_resp_err_t* err)
{
    const rd_kafka_metadata_t* raw = nullptr;
    *err = rd_kafka_metadata(m_rk.get(), 1, nullptr, &raw, timeoutMs);
    if (*err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (raw)
            rd_kafka_metadata_destroy(raw);
        return nullptr;
    }
    return MetadataPtr(raw);
}

void AdminWorker::refresh()
{
    if (!m_rk || stopping())
        return;
    QElapsedTimer clock;
    clock.start();
    MetadataPtr md;
    rd_kafka_resp_err_t res = RD_KAFKA_RESP_ERR__TIMED_OUT;
    while (!md && !stopping() && clock.elapsed() < kRequestTimeoutMs) {
        md = fetchMetadata(kSliceMs, &res);
        rd_kafka_poll(m_rk.get(), 0);
    }
    if (stopping())
        return;
    if (!md) {
        Q_EMIT refreshFailed(
            QStringLiteral("Metadata request failed: %1")
                .arg(kafkaErrorText(m_lastErr != RD_KAFKA_RESP_ERR_NO_ERROR ? m_lastErr : res, m_lastError)));
        return;
    }

    ClusterSnapshot snap;
    snap.controllerId = rd_kafka_controllerid(m_rk.get(), 0);
    if (char* id = rd_kafka_clusterid(m_rk.get(), 0)) {
        snap.clusterId = QString::fromUtf8(id);
        rd_kafka_mem_free(m_rk.get(), id);
    }
    for (int i = 0; i < md->broker_cnt; ++i) {
        const rd_kafka_metadata_broker& b = md->brokers[i];
        snap.brokers.append({ b.id, QString::fromUtf8(b.host), b.port, {}, b.id == snap.controllerId });
    }
    std::sort(snap.brokers.begin(), snap.brokers.end(), [](auto& a, auto& b) { return a.id < b.id; });
    for (int i = 0; i < md->topic_cnt; ++i) {
        const rd_kafka_metadata_topic& t = md->topics[i];
        TopicInfo topic;
        topic.name = QString::fromUtf8(t.topic);
        topic.internal = isInternalTopic(topic.name);
        if (t.err)
            topic.error = kafkaErrorText(t.err);
        for (int p = 0; p < t.partition_cnt; ++p) {
            const rd_kafka_metadata_partition& mp = t.partitions[p];
            PartitionInfo part;
            part.id = mp.id;
            part.leader = mp.leader;
            part.replicas = QList<int32_t>(mp.replicas, mp.replicas + mp.replica_cnt);
            part.isr = QList<int32_t>(mp.isrs, mp.isrs + mp.isr_cnt);
            if (mp.err)
                part.error = kafkaErrorText(mp.err);
            topic.partitions.append(part);
        }
        std::sort(topic.partitions.begin(), topic.partitions.end(), [](auto& a, auto& b) { return a.id < b.id; });
        snap.topics.append(topic);
    }
    md.reset();
    std::sort(snap.topics.begin(), snap.topics.end(), [](auto& a, auto& b) { return a.name < b.name; });

    readRacks(snap);
    if (stopping())
        return;
    snap.offsetsError = readWatermarks(snap);
    if (stopping())
        return;
    snap.takenAt = QDateTime::currentDateTime();
    snap.elapsedMs = clock.elapsed();
    Q_EMIT snapshotReady(snap);
}

void AdminWorker::readRacks(ClusterSnapshot& snap)
{
    std::vector<ConfigResourcePtr> owned;
    std::vector<rd_kafka_ConfigResource_t*> resources;
    for (const BrokerInfo& b : snap.brokers) {
        if (m_racks.contains(b.id))
            continue;
        owned.emplace_back(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, QByteArray::number(b.id).constData()));
        resources.push_back(owned.back().get());
    }
    if (!resources.empty()) {
        QueuePtr queue(rd_kafka_queue_new(m_rk.get()));
        AdminOptionsPtr options(rd_kafka_AdminOptions_new(m_rk.get(), RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS));
        char err[256];
        rd_kafka_AdminOptions_set_request_timeout(options.get(), kRequestTimeoutMs, err, sizeof err);
        rd_kafka_DescribeConfigs(m_rk.get(), resources.data(), resources.size(), options.get(), queue.get());
        EventPtr ev(rd_kafka_queue_poll(queue.get(), kRequestTimeoutMs + 1000));
        const rd_kafka_DescribeConfigs_result_t* result
            = ev ? rd_kafka_event_DescribeConfigs_result(ev.get()) : nullptr;
        if (result && rd_kafka_event_error(ev.get()) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            size_t n = 0;
            const rd_kafka_ConfigResource_t** res = rd_kafka_DescribeConfigs_result_resources(result, &n);
            for (size_t i = 0; i < n; ++i) {
                if (rd_kafka_ConfigResource_error(res[i]))
                    continue;
                const int32_t id = QByteArray(rd_kafka_ConfigResource_name(res[i])).toInt();
                QString rack;
                size_t cn = 0;
                const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(res[i], &cn);
                for (size_t c = 0; c < cn; ++c) {
                    if (qstrcmp(rd_kafka_ConfigEntry_name(entries[c]), "broker.rack") == 0) {
                        const char* v = rd_kafka_ConfigEntry_value(entries[c]);
                        rack = v ? QString::fromUtf8(v) : QString();
                    }
                }
                m_racks.insert(id, rack);
            }
        }
    }
    for (BrokerInfo& b : snap.brokers)
        b.rack = m_racks.value(b.id);
}

QString AdminWorker::readWatermarks(ClusterSnapshot& snap)
{
    // ListOffsets with the special timestamps -2 (earliest) and -1 (latest): one request per leader for all
    // partitions, instead of one round trip per partition.
    int count = 0;
    for (const TopicInfo& t : snap.topics)
        count += int(t.partitions.size());
    if (count == 0)
        return {};
    // Right after a change (partitions added, a leader moving) a partition can answer NOT_LEADER or
    // LEADER_NOT_AVAILABLE for a moment: ask those again (three times, 250 ms apart) instead of showing "?".
    auto passing = [](rd_kafka_resp_err_t e) {
        return e == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION || e == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE
            || e == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || e == RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE
            || e == RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE || e == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION;
    };
    QString firstError;
    for (const int64_t which : { int64_t(-2), int64_t(-1) }) {
        std::vector<std::pair<QByteArray, PartitionInfo*>> pending;
        pending.reserve(size_t(count));
        for (TopicInfo& t : snap.topics) {
            const QByteArray name = t.name.toUtf8();
            for (PartitionInfo& p : t.partitions)
                pending.emplace_back(name, &p);
        }
        for (int attempt = 0; !pending.empty(); ++attempt) {
            if (attempt > 0)
                QThread::msleep(250);
            if (stopping())
                return {};
            PartitionListPtr list(rd_kafka_topic_partition_list_new(int(pending.size())));
            for (const auto& [name, p] : pending)
                rd_kafka_topic_partition_list_add(list.get(), name.constData(), p->id)->offset = which;
            const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(m_rk.get(), list.get(), kRequestTimeoutMs);
            if (stopping())
                return {};
            // One partition's NOT_LEADER fails the whole call in librdkafka 2.0.2, and the partitions it did not get
            // to keep the -2/-1 they were asked with: those are no answers, never watermarks.
            const bool last = attempt >= 3 || (err != RD_KAFKA_RESP_ERR_NO_ERROR && !passing(err));
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR && last && firstError.isEmpty())
                firstError = QStringLiteral("Watermarks unavailable: %1").arg(kafkaErrorText(err));
            std::vector<std::pair<QByteArray, PartitionInfo*>> again;
            for (const auto& [name, p] : pending) {
                const rd_kafka_topic_partition_t* r
                    = rd_kafka_topic_partition_list_find(list.get(), name.constData(), p->id);
                const rd_kafka_resp_err_t perr = !r ? RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION
                    : r->err                        ? r->err
                    : r->offset < 0                 ? (err ? err : RD_KAFKA_RESP_ERR__TIMED_OUT)
                                                    : RD_KAFKA_RESP_ERR_NO_ERROR;
                if (perr != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    if (!last && (passing(perr) || perr == err))
                        again.emplace_back(name, p);
                    else
                        p->error = kafkaErrorText(perr);
                    continue;
                }
                (which == -2 ? p->low : p->high) = r->offset;
            }
            pending = std::move(again);
        }
    }
    return firstError;
}

} // namespace kafkalab
