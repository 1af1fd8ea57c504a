#include "kafkacore/cluster/adminworker.h"

#include "kafkacore/client/clientfactory.h"

#include "kafkacore/client/guardedcallback.h"
#include "kafkacore/client/listoffsets.h"

#include <QElapsedTimer>
#include <QMap>
#include <QThread>

#include <algorithm>
#include <utility>
#include <vector>

namespace kafkalab {

namespace {
constexpr int kSliceMs = 500;
// A metadata answer slower than this is reported ("slow: metadata took N s"), never taken for an unreachable cluster.
constexpr qint64 kSlowMetadataMs = 2000;
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
    QList<ClientProperty> props = withQuickFirstConnect(m_properties);
    props.append(ClientProperty::of(QStringLiteral("log.connection.close"), QStringLiteral("false")));
    ConfPtr conf = buildConf(props, &problems);
    if (!conf) {
        Q_EMIT connectFailed(QStringLiteral("Invalid client property: %1").arg(describeProblem(problems.first())));
        return;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_error_cb(conf.get(), &AdminWorker::onError);
    // Errors arrive through error_cb and are shown where they belong.
    quietLogsUnlessDebugging(conf.get());
    char err[512] = {};
    m_rk.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof err));
    if (!m_rk) {
        Q_EMIT connectFailed(QStringLiteral("Could not create the Kafka client: %1").arg(QString::fromUtf8(err)));
        return;
    }
    static_cast<void>(conf.release()); // owned by m_rk from here on

    rd_kafka_resp_err_t res = RD_KAFKA_RESP_ERR_NO_ERROR;
    MetadataPtr md = fetchMetadataWithin(m_connectTimeoutMs, &res, /*stopOnAuthFailure=*/true);
    if (md) {
        m_connectMetadataMs = clock.elapsed();
        char* id = rd_kafka_clusterid(m_rk.get(), 0);
        const QString clusterId = id ? QString::fromUtf8(id) : QString();
        if (id)
            rd_kafka_mem_free(m_rk.get(), id);
        m_connectMetadata = std::move(md); // the first refresh's, asked for once, not twice
        Q_EMIT connected(clusterId, clock.elapsed());
        return;
    }
    if (authFailed()) {
        Q_EMIT connectFailed(QStringLiteral("Authentication failed: %1").arg(kafkaErrorText(m_lastErr, m_lastError)));
        return;
    }
    if (stopping())
        return;
    if (res == RD_KAFKA_RESP_ERR__TIMED_OUT) {
        // A broker took the request but gave no answer in time: slow (or overloaded), not unreachable.
        Q_EMIT connectFailed(QStringLiteral("Cluster too slow: a broker is connected but sent no metadata within %1 s "
                                            "(a longer timeout may be enough)")
                                 .arg(m_connectTimeoutMs / 1000.0, 0, 'g', 3));
        return;
    }
    QString reason = m_lastError.isEmpty() ? QStringLiteral("no broker answered a metadata request")
                                           : kafkaErrorText(m_lastErr, m_lastError);
    Q_EMIT connectFailed(QStringLiteral("Cluster unreachable: no answer within %1 s. Last error: %2")
                             .arg(m_connectTimeoutMs / 1000.0, 0, 'g', 3)
                             .arg(reason));
}

bool AdminWorker::authFailed() const
{
    return m_lastErr == RD_KAFKA_RESP_ERR__AUTHENTICATION || m_lastErr == RD_KAFKA_RESP_ERR__SSL
        || m_lastErr == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED;
}

MetadataPtr AdminWorker::fetchMetadataWithin(int budgetMs, rd_kafka_resp_err_t* err, bool stopOnAuthFailure)
{
    // rd_kafka_metadata() answers __TRANSPORT when no broker became usable within its timeout, and __TIMED_OUT when
    // a broker was asked but has not answered yet. While no broker is up, ask in slices of 0.5 s (the stop flag and
    // error_cb are served between them). Once a broker was asked and is merely slow, wait for the rest of the
    // user's timeout in one call: a new request every 0.5 s would never see an answer that takes longer (issue 16:
    // a busy 19k-partition broker answered in 0.6-1.7 s, and kafkalab said "unreachable"). The stop flag waits for
    // that call; nobody waits for the worker (the owner retires it).
    QElapsedTimer clock;
    clock.start();
    *err = RD_KAFKA_RESP_ERR__TIMED_OUT;
    bool brokerAsked = false;
    while (!stopping() && clock.elapsed() < budgetMs) {
        const qint64 left = std::max<qint64>(1, budgetMs - clock.elapsed());
        const int slice = int(brokerAsked ? left : std::min<qint64>(kSliceMs, left));
        MetadataPtr md = fetchMetadata(slice, err);
        rd_kafka_poll(m_rk.get(), 0); // serves error_cb on this thread
        if (md)
            return md;
        if (stopOnAuthFailure && authFailed())
            return nullptr;
        brokerAsked = brokerAsked || *err == RD_KAFKA_RESP_ERR__TIMED_OUT;
    }
    return nullptr;
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

bool AdminWorker::readMetadata(ClusterSnapshot& snap, QString* error)
{
    QElapsedTimer clock;
    clock.start();
    rd_kafka_resp_err_t res = RD_KAFKA_RESP_ERR__TIMED_OUT;
    MetadataPtr md = std::exchange(m_connectMetadata, nullptr);
    if (!md)
        md = fetchMetadataWithin(m_connectTimeoutMs, &res, false);
    if (!md) {
        *error = QStringLiteral("Metadata request failed: %1")
                     .arg(kafkaErrorText(m_lastErr != RD_KAFKA_RESP_ERR_NO_ERROR ? m_lastErr : res, m_lastError));
        return false;
    }
    snap.metadataMs = std::max(clock.elapsed(), std::exchange(m_connectMetadataMs, 0));
    if (snap.metadataMs >= kSlowMetadataMs)
        snap.notice = QStringLiteral("slow: metadata took %1 s").arg(double(snap.metadataMs) / 1000.0, 0, 'f', 1);
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
        if (t.err)
            topic.error = kafkaErrorText(t.err);
        topic.partitions.reserve(t.partition_cnt);
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
    return true;
}

void AdminWorker::refresh()
{
    if (!m_rk || stopping())
        return;
    QElapsedTimer clock;
    clock.start();
    ClusterSnapshot snap;
    QString error;
    const bool read = readMetadata(snap, &error);
    if (stopping())
        return;
    if (!read) {
        Q_EMIT refreshFailed(error);
        return;
    }

    // DescribeCluster (racks) and DescribeTopics (internal flags) go out first and are collected after the
    // watermarks: the broker answers all three at once instead of one after the other.
    QElapsedTimer phase;
    phase.start();
    QueuePtr racks = askRacks();
    QueuePtr internal = askInternalFlags(snap);
    snap.offsetsError = readWatermarks(snap);
    snap.watermarksMs = phase.restart();
    if (stopping())
        return;
    takeRacks(racks.get(), snap);
    snap.racksMs = phase.restart();
    if (stopping())
        return;
    takeInternalFlags(internal.get(), snap);
    snap.internalMs = phase.elapsed();
    if (stopping())
        return;
    snap.takenAt = QDateTime::currentDateTime();
    snap.elapsedMs = clock.elapsed();
    Q_EMIT snapshotReady(snap);
}

void AdminWorker::refreshWatermarks(TopicInfo topic)
{
    if (!m_rk || stopping())
        return;
    ClusterSnapshot one;
    one.topics.append(std::move(topic));
    const QString error = readWatermarks(one);
    if (stopping())
        return;
    Q_EMIT watermarksReady(one.topics.first(), error);
}

EventPtr AdminWorker::awaitAdmin(rd_kafka_queue_t* queue, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    EventPtr ev;
    while (!ev && !stopping() && clock.elapsed() < timeoutMs + 5000)
        ev.reset(rd_kafka_queue_poll(queue, 200));
    return ev;
}

QueuePtr AdminWorker::askRacks()
{
    // DescribeCluster (librdkafka 2.3+) gives each broker's rack; rd_kafka_metadata_broker still has none.
    QueuePtr queue(rd_kafka_queue_new(m_rk.get()));
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(m_rk.get(), RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER));
    char err[256];
    rd_kafka_AdminOptions_set_request_timeout(options.get(), m_connectTimeoutMs, err, sizeof err);
    rd_kafka_DescribeCluster(m_rk.get(), options.get(), queue.get());
    return queue;
}

void AdminWorker::takeRacks(rd_kafka_queue_t* queue, ClusterSnapshot& snap)
{
    EventPtr ev = awaitAdmin(queue, m_connectTimeoutMs);
    const rd_kafka_DescribeCluster_result_t* result = ev ? rd_kafka_event_DescribeCluster_result(ev.get()) : nullptr;
    if (result && rd_kafka_event_error(ev.get()) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        size_t n = 0;
        const rd_kafka_Node_t** nodes = rd_kafka_DescribeCluster_result_nodes(result, &n);
        for (size_t i = 0; i < n; ++i) {
            const char* rack = rd_kafka_Node_rack(nodes[i]);
            m_racks.insert(rd_kafka_Node_id(nodes[i]), rack ? QString::fromUtf8(rack) : QString());
        }
    }
    // A failed call keeps the racks read before (a broker's rack changes only with its restart).
    for (BrokerInfo& b : snap.brokers)
        b.rack = m_racks.value(b.id);
}

QueuePtr AdminWorker::askInternalFlags(const ClusterSnapshot& snap)
{
    // DescribeTopics (librdkafka 2.3+) says which topics are the broker's own; the metadata still does not. A name's
    // flag is read once: only topics not seen before are described. Only names that begin with "__": the broker
    // marks a topic internal by its name alone (Kafka's Topic.isInternal, a fixed set: __consumer_offsets,
    // __transaction_state, __share_group_state), so no other name can be, and describing every topic made the
    // broker write, and this client parse, the whole metadata a second time (half a megabyte at 19,000
    // partitions). Null when there are none.
    std::vector<QByteArray> names;
    for (const TopicInfo& t : snap.topics) {
        if (t.name.startsWith(QLatin1String("__")) && t.error.isEmpty() && !m_internal.contains(t.name))
            names.push_back(t.name.toUtf8());
    }
    if (names.empty())
        return {};
    std::vector<const char*> raw;
    raw.reserve(names.size());
    for (const QByteArray& n : names)
        raw.push_back(n.constData());
    std::unique_ptr<rd_kafka_TopicCollection_t, decltype(&rd_kafka_TopicCollection_destroy)> topics(
        rd_kafka_TopicCollection_of_topic_names(raw.data(), raw.size()), &rd_kafka_TopicCollection_destroy);
    QueuePtr queue(rd_kafka_queue_new(m_rk.get()));
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(m_rk.get(), RD_KAFKA_ADMIN_OP_DESCRIBETOPICS));
    char err[256];
    rd_kafka_AdminOptions_set_request_timeout(options.get(), m_connectTimeoutMs, err, sizeof err);
    rd_kafka_DescribeTopics(m_rk.get(), topics.get(), options.get(), queue.get());
    return queue;
}

void AdminWorker::takeInternalFlags(rd_kafka_queue_t* queue, ClusterSnapshot& snap)
{
    if (queue) {
        EventPtr ev = awaitAdmin(queue, m_connectTimeoutMs);
        const rd_kafka_DescribeTopics_result_t* result = ev ? rd_kafka_event_DescribeTopics_result(ev.get()) : nullptr;
        if (result && rd_kafka_event_error(ev.get()) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            size_t n = 0;
            const rd_kafka_TopicDescription_t** described = rd_kafka_DescribeTopics_result_topics(result, &n);
            for (size_t i = 0; i < n; ++i) {
                const rd_kafka_error_t* e = rd_kafka_TopicDescription_error(described[i]);
                if (e && rd_kafka_error_code(e))
                    continue; // asked again at the next refresh
                m_internal.insert(QString::fromUtf8(rd_kafka_TopicDescription_name(described[i])),
                    rd_kafka_TopicDescription_is_internal(described[i]) != 0);
            }
        }
    }
    for (TopicInfo& t : snap.topics)
        t.internal = m_internal.value(t.name, false);
}

QString AdminWorker::readWatermarks(ClusterSnapshot& snap)
{
    // ListOffsets (librdkafka 2.5+): the low watermark (earliest), the high watermark (latest, read_uncommitted)
    // and the last stable offset (latest, read_committed), three calls in flight at once, each one request per
    // leader. Answers are found through a hash: the read is linear in partitions (issue 16: 2.0.2's
    // offsets_for_times and kafkalab's own result loop searched lists, quadratic at 10k partitions).
    QHash<TopicPartitionKey, PartitionInfo*> pending;
    for (TopicInfo& t : snap.topics) {
        const QByteArray name = t.name.toUtf8();
        for (PartitionInfo& p : t.partitions)
            pending.insert({ name, p.id }, &p);
    }
    if (pending.isEmpty())
        return {};
    // Right after a change (partitions added, a leader moving) a partition can answer NOT_LEADER,
    // LEADER_NOT_AVAILABLE or UNKNOWN_LEADER_EPOCH for a moment: ask those again (five times, 250 ms more apart
    // each time, 3.75 s in all) instead of showing "?".
    const QList<OffsetQuery> queries { { RD_KAFKA_OFFSET_SPEC_EARLIEST, RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED },
        { RD_KAFKA_OFFSET_SPEC_LATEST, RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED },
        { RD_KAFKA_OFFSET_SPEC_LATEST, RD_KAFKA_ISOLATION_LEVEL_READ_COMMITTED } };
    QElapsedTimer clock;
    clock.start();
    QMap<QString, int> passing; // what the partitions asked again answered, the first time they did
    int retries = 0;
    for (int attempt = 0; !pending.isEmpty(); ++attempt) {
        for (int slice = 0; slice < 5 * attempt && !stopping(); ++slice)
            QThread::msleep(50);
        if (stopping())
            return {};
        // In topic order, so that a call's partitions belong to one or two topics, not to all of them (a hash's
        // order): librdkafka groups each call by topic and looks each one up (measured at 19,000 partitions: 8%
        // less client CPU).
        QList<TopicPartitionKey> keys = pending.keys();
        std::sort(keys.begin(), keys.end());
        QString error;
        const QList<ListedOffsets> answers = listOffsets(
            m_rk.get(), keys, queries, m_connectTimeoutMs, [this] { return stopping(); }, &error);
        if (stopping())
            return {};
        if (answers.isEmpty()) {
            for (PartitionInfo* p : std::as_const(pending))
                p->error = error;
            return QStringLiteral("Watermarks unavailable: %1").arg(error);
        }
        const bool last = attempt >= 5;
        QHash<TopicPartitionKey, PartitionInfo*> again;
        for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
            PartitionInfo* p = it.value();
            rd_kafka_resp_err_t perr = RD_KAFKA_RESP_ERR_NO_ERROR;
            int64_t found[3] = { -1, -1, -1 };
            for (int q = 0; q < 3 && !perr; ++q) {
                const auto a = answers[q].constFind(it.key());
                perr = a == answers[q].cend() ? RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION
                    : a->err                  ? a->err
                    : a->offset < 0           ? RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE
                                              : RD_KAFKA_RESP_ERR_NO_ERROR;
                if (!perr)
                    found[q] = a->offset;
            }
            if (perr) {
                if (!last && isPassingLeaderError(perr)) {
                    again.insert(it.key(), p);
                    if (attempt == 0)
                        ++passing[QString::fromUtf8(rd_kafka_err2name(perr))];
                } else
                    p->error = kafkaErrorText(perr);
                continue;
            }
            p->low = found[0];
            p->high = found[1];
            p->lastStable = found[2];
            p->error.clear();
        }
        pending = std::move(again);
        retries += pending.isEmpty() ? 0 : 1;
    }
    if (retries > 0) {
        // Said, not hidden: a read that waited for leaders is slower than the cluster's size explains.
        QStringList what;
        for (auto it = passing.cbegin(); it != passing.cend(); ++it)
            what.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
        const QString text = QStringLiteral("watermarks: partitions answered %1 (a leader just elected or moving); "
                                            "asked again %2 time(s), %3 s in all")
                                 .arg(what.join(QStringLiteral(", ")))
                                 .arg(retries)
                                 .arg(double(clock.elapsed()) / 1000.0, 0, 'f', 1);
        snap.notice = snap.notice.isEmpty() ? text : snap.notice + QStringLiteral("; ") + text;
    }
    return {};
}

} // namespace kafkalab
