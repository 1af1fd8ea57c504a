#include "kafkacore/groups/groupmember.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/guardedcallback.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>

namespace kafkalab {

QString MemberEvent::kindName(Kind k)
{
    switch (k) {
    case Kind::Joining:
        return QStringLiteral("join");
    case Kind::Assigned:
        return QStringLiteral("assign");
    case Kind::Revoked:
        return QStringLiteral("revoke");
    case Kind::Lost:
        return QStringLiteral("lost");
    case Kind::Left:
        return QStringLiteral("leave");
    case Kind::Crashed:
        return QStringLiteral("crash");
    case Kind::Stalled:
        return QStringLiteral("stall");
    case Kind::Resumed:
        return QStringLiteral("resume");
    case Kind::Paused:
        return QStringLiteral("pause");
    case Kind::Error:
        return QStringLiteral("error");
    case Kind::Target:
        return QStringLiteral("target");
    }
    return {};
}

QString memberConfigError(const MemberConfig& config)
{
    return groupAssignorError(config.protocol, config.assignor);
}

static QList<TopicPartitionRef> toRefs(const rd_kafka_topic_partition_list_t* parts)
{
    QList<TopicPartitionRef> out;
    for (int i = 0; parts && i < parts->cnt; ++i)
        out.append({ QString::fromUtf8(parts->elems[i].topic), parts->elems[i].partition });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
    });
    return out;
}

GroupMemberWorker::GroupMemberWorker(MemberConfig config)
    : m_config(std::move(config))
    , m_poll(this)
    , m_report(this)
{
    qRegisterMetaType<MemberEvent>();
    qRegisterMetaType<MemberCounts>();
    m_counts.member = m_config.name;
    m_poll.setInterval(0);
    connect(&m_poll, &QTimer::timeout, this, &GroupMemberWorker::pollOnce);
    m_report.setInterval(100); // counts leave in one signal at most 10 times a second
    connect(&m_report, &QTimer::timeout, this, &GroupMemberWorker::report);
}

GroupMemberWorker::~GroupMemberWorker()
{
    if (m_rk)
        destroyClient(true);
}

void GroupMemberWorker::emitEvent(
    MemberEvent::Kind kind, const QList<TopicPartitionRef>& partitions, const QString& detail)
{
    MemberEvent e;
    e.member = m_config.name;
    e.groupId = m_config.groupId;
    e.kind = kind;
    e.atMs = QDateTime::currentMSecsSinceEpoch();
    e.partitions = partitions;
    e.groupProtocol = m_config.protocol;
    if (m_rk) {
        e.protocol = QString::fromLatin1(rd_kafka_rebalance_protocol(m_rk.get()));
        // The generation (classic) or member epoch (consumer) as the client knows it now; librdkafka 2.0.2 had no
        // accessor for it, and the lab numbered each member's rebalance callbacks instead.
        if (rd_kafka_consumer_group_metadata_t* md = rd_kafka_consumer_group_metadata(m_rk.get())) {
            e.generation = rd_kafka_consumer_group_metadata_generation_id(md);
            e.memberId = QString::fromUtf8(rd_kafka_consumer_group_metadata_member_id(md));
            rd_kafka_consumer_group_metadata_destroy(md);
        }
    }
    e.detail = detail;
    Q_EMIT event(e);
}

void GroupMemberWorker::start()
{
    if (const QString bad = memberConfigError(m_config); !bad.isEmpty()) {
        emitEvent(MemberEvent::Kind::Error, {}, bad);
        Q_EMIT stopped();
        return;
    }
    QList<ClientProperty> props = m_config.connection;
    auto set
        = [&props](const char* k, const QString& v) { props.append(ClientProperty::of(QString::fromLatin1(k), v)); };
    set("group.id", m_config.groupId);
    set("client.id", m_config.clientId.isEmpty() ? m_config.name : m_config.clientId);
    if (m_config.protocol == QLatin1String("consumer")) {
        // KIP-848: the broker assigns. librdkafka refuses the classic-only properties (partition.assignment.strategy,
        // session.timeout.ms, heartbeat.interval.ms) for such a member: the broker's configuration rules them.
        set("group.protocol", QStringLiteral("consumer"));
        set("group.remote.assignor", m_config.assignor);
    } else {
        set("partition.assignment.strategy", m_config.assignor);
        set("session.timeout.ms", QString::number(m_config.sessionTimeoutMs));
        // At most a second: a member learns of a rebalance at its next heartbeat, and the lab (and a lesson's
        // wait_stable) takes a group as settled after 1.5 s without a change.
        set("heartbeat.interval.ms", QString::number(std::clamp(m_config.sessionTimeoutMs / 10, 100, 1000)));
    }
    set("max.poll.interval.ms", QString::number(m_config.maxPollIntervalMs));
    set("auto.offset.reset", QStringLiteral("earliest"));
    set("enable.auto.commit", QStringLiteral("true"));
    set("auto.commit.interval.ms", QStringLiteral("500"));
    if (!m_config.instanceId.isEmpty())
        set("group.instance.id", m_config.instanceId);
    QList<PropertyProblem> problems;
    ConfPtr conf = buildConf(props, &problems);
    if (!conf) {
        emitEvent(MemberEvent::Kind::Error, {}, describeProblem(problems.first()));
        Q_EMIT stopped();
        return;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_rebalance_cb(
        conf.get(), [](rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts, void* opaque) {
            guarded("GroupMemberWorker rebalance_cb",
                [&] { static_cast<GroupMemberWorker*>(opaque)->handleRebalance(err, parts); });
        });
    quietLogsUnlessDebugging(conf.get());
    char err[512];
    m_rk.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof err));
    if (!m_rk) {
        emitEvent(MemberEvent::Kind::Error, {}, QString::fromUtf8(err));
        Q_EMIT stopped();
        return;
    }
    static_cast<void>(conf.release()); // rd_kafka_new took it
    rd_kafka_poll_set_consumer(m_rk.get());
    PartitionListPtr topics(rd_kafka_topic_partition_list_new(int(m_config.topics.size())));
    for (const QString& t : std::as_const(m_config.topics))
        rd_kafka_topic_partition_list_add(topics.get(), t.toUtf8().constData(), RD_KAFKA_PARTITION_UA);
    if (const rd_kafka_resp_err_t e = rd_kafka_subscribe(m_rk.get(), topics.get())) {
        emitEvent(MemberEvent::Kind::Error, {}, kafkaErrorText(e));
        destroyClient(false);
        Q_EMIT stopped();
        return;
    }
    emitEvent(MemberEvent::Kind::Joining);
    if (m_selfPolling) {
        m_poll.start();
        m_report.start();
    }
}

void GroupMemberWorker::serve(int ms)
{
    QElapsedTimer t;
    t.start();
    do
        pollOnce();
    while (m_rk && t.elapsed() < ms);
    report();
}

void GroupMemberWorker::handleRebalance(int err, rd_kafka_topic_partition_list_t* parts)
{
    const bool cooperative = qstrcmp(rd_kafka_rebalance_protocol(m_rk.get()), "COOPERATIVE") == 0;
    const QList<TopicPartitionRef> refs = toRefs(parts);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (cooperative)
            ErrorPtr(rd_kafka_incremental_assign(m_rk.get(), parts));
        else
            rd_kafka_assign(m_rk.get(), parts);
        emitEvent(MemberEvent::Kind::Assigned, refs);
    } else {
        const bool lost = rd_kafka_assignment_lost(m_rk.get()) != 0;
        // Revoked partitions stop being ours now: the event is sent before the unassign returns to the group.
        emitEvent(lost ? MemberEvent::Kind::Lost : MemberEvent::Kind::Revoked, refs);
        if (cooperative)
            ErrorPtr(rd_kafka_incremental_unassign(m_rk.get(), parts));
        else
            rd_kafka_assign(m_rk.get(), nullptr);
    }
}

void GroupMemberWorker::pollOnce()
{
    if (!m_rk)
        return;
    readTarget();
    MessagePtr msg(rd_kafka_consumer_poll(m_rk.get(), m_pollTimeoutMs));
    askTarget();
    if (!msg)
        return;
    if (msg->err) {
        QString text = kafkaErrorText(msg->err, QString::fromUtf8(rd_kafka_message_errstr(msg.get())));
        // A fatal error (the broker refusing the consumer protocol's heartbeat is one) ends the client: the
        // underlying error says why.
        const bool fatal = msg->err == RD_KAFKA_RESP_ERR__FATAL;
        rd_kafka_resp_err_t why = msg->err;
        if (fatal) {
            char reason[512];
            why = rd_kafka_fatal_error(m_rk.get(), reason, sizeof reason);
        }
        const bool consumerProtocol = m_config.protocol == QLatin1String("consumer");
        if (consumerProtocol && why == RD_KAFKA_RESP_ERR_UNSUPPORTED_ASSIGNOR)
            text = QStringLiteral("the broker has no assignor '%1' (its group.consumer.assignors): %2")
                       .arg(m_config.assignor, text);
        else if (consumerProtocol
            && (why == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE || why == RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION))
            text = QStringLiteral("the broker does not run the consumer group protocol (KIP-848: Kafka 4.0 or newer "
                                  "with 'consumer' in group.coordinator.rebalance.protocols): %1")
                       .arg(text);
        // The same error again (a broker that keeps refusing) is shown once.
        if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF && text != m_lastError) {
            m_lastError = text;
            emitEvent(MemberEvent::Kind::Error, {}, text);
        }
        if (fatal) {
            msg.reset();
            destroyClient(false);
            Q_EMIT stopped();
        }
        return;
    }
    const QString key
        = QString::fromUtf8(rd_kafka_topic_name(msg->rkt)) + QLatin1Char('\0') + QString::number(msg->partition);
    ++m_counts.perPartition[key];
    ++m_counts.total;
    if (m_record) {
        m_counts.seen.append({ key, msg->offset });
        m_counts.timed.append({ key, msg->offset, rd_kafka_message_timestamp(msg.get(), nullptr) });
    }
    m_dirty = true;
    if (m_config.processingDelayMs > 0)
        QThread::msleep(ulong(m_config.processingDelayMs));
}

void GroupMemberWorker::report()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    Q_EMIT counts(m_counts);
    m_counts.seen.clear();
    m_counts.timed.clear();
}

void GroupMemberWorker::askTarget()
{
    if (m_config.protocol != QLatin1String("consumer") || m_describing)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastDescribeMs < 500) // twice a second at most
        return;
    m_lastDescribeMs = now;
    if (!m_describe)
        m_describe.reset(rd_kafka_queue_new(m_rk.get()));
    const QByteArray group = m_config.groupId.toUtf8();
    const char* groups[] = { group.constData() };
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(m_rk.get(), RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), 5000, nullptr, 0);
    rd_kafka_DescribeConsumerGroups(m_rk.get(), groups, 1, options.get(), m_describe.get());
    m_describing = true;
}

void GroupMemberWorker::readTarget()
{
    if (!m_describing)
        return;
    EventPtr ev(rd_kafka_queue_poll(m_describe.get(), 0));
    if (!ev)
        return;
    m_describing = false;
    const rd_kafka_DescribeConsumerGroups_result_t* result = rd_kafka_event_DescribeConsumerGroups_result(ev.get());
    if (!result || rd_kafka_event_error(ev.get()))
        return;
    size_t n = 0;
    const rd_kafka_ConsumerGroupDescription_t** groups = rd_kafka_DescribeConsumerGroups_result_groups(result, &n);
    rd_kafka_consumer_group_metadata_t* md = rd_kafka_consumer_group_metadata(m_rk.get());
    const QByteArray me = md ? QByteArray(rd_kafka_consumer_group_metadata_member_id(md)) : QByteArray();
    if (md)
        rd_kafka_consumer_group_metadata_destroy(md);
    if (n != 1 || me.isEmpty() || rd_kafka_ConsumerGroupDescription_error(groups[0]))
        return;
    for (size_t i = 0; i < rd_kafka_ConsumerGroupDescription_member_count(groups[0]); ++i) {
        const rd_kafka_MemberDescription_t* m = rd_kafka_ConsumerGroupDescription_member(groups[0], i);
        if (me != rd_kafka_MemberDescription_consumer_id(m))
            continue;
        const rd_kafka_MemberAssignment_t* target = rd_kafka_MemberDescription_target_assignment(m);
        const QList<TopicPartitionRef> refs = target ? toRefs(rd_kafka_MemberAssignment_partitions(target)) : m_target;
        if (refs != m_target || !m_targetKnown) {
            m_target = refs;
            m_targetKnown = true;
            emitEvent(
                MemberEvent::Kind::Target, refs, QStringLiteral("the broker's target assignment for this member"));
        }
    }
}

void GroupMemberWorker::destroyClient(bool leaveGroup)
{
    m_poll.stop();
    m_describe.reset(); // before the client it belongs to
    m_describing = false;
    if (leaveGroup) {
        // Close revokes (rebalance callback), commits and sends LeaveGroup.
        rd_kafka_consumer_close(m_rk.get());
        m_rk.reset();
    } else {
        rd_kafka_destroy_flags(m_rk.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    }
    report();
    m_report.stop();
}

void GroupMemberWorker::leave()
{
    if (!m_rk)
        return;
    destroyClient(true);
    emitEvent(MemberEvent::Kind::Left);
    Q_EMIT stopped();
}

void GroupMemberWorker::crash()
{
    if (!m_rk)
        return;
    destroyClient(false);
    emitEvent(MemberEvent::Kind::Crashed, {},
        QStringLiteral("gone without LeaveGroup: the coordinator waits %1 ms").arg(m_config.sessionTimeoutMs));
    Q_EMIT stopped();
}

void GroupMemberWorker::stall()
{
    if (!m_rk)
        return;
    m_poll.stop();
    emitEvent(MemberEvent::Kind::Stalled, {},
        QStringLiteral("not polling; max.poll.interval.ms is %1").arg(m_config.maxPollIntervalMs));
}

void GroupMemberWorker::resumePolling()
{
    if (!m_rk || m_poll.isActive())
        return;
    emitEvent(MemberEvent::Kind::Resumed);
    m_poll.start();
}

void GroupMemberWorker::pause()
{
    if (!m_rk)
        return;
    rd_kafka_topic_partition_list_t* assigned = nullptr;
    if (!rd_kafka_assignment(m_rk.get(), &assigned)) {
        PartitionListPtr owned(assigned);
        rd_kafka_pause_partitions(m_rk.get(), assigned);
        emitEvent(MemberEvent::Kind::Paused, toRefs(assigned));
    }
}

void GroupMemberWorker::resume()
{
    if (!m_rk)
        return;
    rd_kafka_topic_partition_list_t* assigned = nullptr;
    if (!rd_kafka_assignment(m_rk.get(), &assigned)) {
        PartitionListPtr owned(assigned);
        rd_kafka_resume_partitions(m_rk.get(), assigned);
        emitEvent(MemberEvent::Kind::Resumed, toRefs(assigned));
    }
}

} // namespace kafkalab
