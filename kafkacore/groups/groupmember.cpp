#include "kafkacore/groups/groupmember.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/guardedcallback.h"

#include <QDateTime>
#include <QThread>

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
    }
    return {};
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
    e.protocol = m_rk ? QString::fromLatin1(rd_kafka_rebalance_protocol(m_rk.get())) : QString();
    e.rebalanceCount = m_rebalances;
    e.detail = detail;
    Q_EMIT event(e);
}

void GroupMemberWorker::start()
{
    QList<ClientProperty> props = m_config.connection;
    auto set
        = [&props](const char* k, const QString& v) { props.append(ClientProperty::of(QString::fromLatin1(k), v)); };
    set("group.id", m_config.groupId);
    set("client.id", m_config.clientId.isEmpty() ? m_config.name : m_config.clientId);
    set("partition.assignment.strategy", m_config.assignor);
    set("session.timeout.ms", QString::number(m_config.sessionTimeoutMs));
    set("heartbeat.interval.ms", QString::number(std::max(100, m_config.sessionTimeoutMs / 10)));
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
        return;
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_rebalance_cb(
        conf.get(), [](rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts, void* opaque) {
            guarded("GroupMemberWorker rebalance_cb",
                [&] { static_cast<GroupMemberWorker*>(opaque)->handleRebalance(err, parts); });
        });
    rd_kafka_conf_set_log_cb(conf.get(), [](const rd_kafka_t*, int, const char*, const char*) {});
    char err[512];
    m_rk.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof err));
    if (!m_rk) {
        emitEvent(MemberEvent::Kind::Error, {}, QString::fromUtf8(err));
        return;
    }
    static_cast<void>(conf.release()); // rd_kafka_new took it
    rd_kafka_poll_set_consumer(m_rk.get());
    PartitionListPtr topics(rd_kafka_topic_partition_list_new(int(m_config.topics.size())));
    for (const QString& t : std::as_const(m_config.topics))
        rd_kafka_topic_partition_list_add(topics.get(), t.toUtf8().constData(), RD_KAFKA_PARTITION_UA);
    if (const rd_kafka_resp_err_t e = rd_kafka_subscribe(m_rk.get(), topics.get())) {
        emitEvent(MemberEvent::Kind::Error, {}, kafkaErrorText(e));
        return;
    }
    emitEvent(MemberEvent::Kind::Joining);
    m_poll.start();
    m_report.start();
}

void GroupMemberWorker::handleRebalance(int err, rd_kafka_topic_partition_list_t* parts)
{
    ++m_rebalances;
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
    MessagePtr msg(rd_kafka_consumer_poll(m_rk.get(), 100));
    if (!msg)
        return;
    if (msg->err) {
        if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            emitEvent(MemberEvent::Kind::Error, {},
                kafkaErrorText(msg->err, QString::fromUtf8(rd_kafka_message_errstr(msg.get()))));
        return;
    }
    const QString key
        = QString::fromUtf8(rd_kafka_topic_name(msg->rkt)) + QLatin1Char('\0') + QString::number(msg->partition);
    ++m_counts.perPartition[key];
    ++m_counts.total;
    if (m_record)
        m_counts.seen.append({ key, msg->offset });
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
}

void GroupMemberWorker::destroyClient(bool leaveGroup)
{
    m_poll.stop();
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
