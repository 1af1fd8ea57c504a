#include "kafkacore/groups/grouplab.h"

#include <QDateTime>
#include <QSet>

namespace kafkalab {

GroupLab::GroupLab(QObject* parent)
    : QObject(parent)
    , m_startMs(QDateTime::currentMSecsSinceEpoch())
{
}

GroupLab::~GroupLab()
{
    // The worker's destructor, on its thread, leaves the group (consumer close); its signals die with this object.
    for (Member& m : m_members)
        m.thread->retire();
}

template <typename Fn> void GroupLab::invoke(const QString& member, Fn fn)
{
    auto it = m_members.find(member);
    if (it == m_members.end() || !it->running)
        return;
    it->thread->post(it->worker, [fn](GroupMemberWorker* w) { (w->*fn)(); });
}

QString GroupLab::addMember(MemberConfig config, bool recordMessages)
{
    QString name = config.name.isEmpty() ? QStringLiteral("member") : config.name;
    for (int n = 2; m_members.contains(name); ++n)
        name = config.name + QString::number(n);
    config.name = name;
    config.connection = m_connection;
    m_configs.insert(name, config);
    m_order.append(name);
    if (recordMessages)
        m_recording.insert(name);
    launch(name, config, recordMessages);
    return name;
}

void GroupLab::restart(const QString& member)
{
    auto it = m_members.find(member);
    if (it == m_members.end() || it->running)
        return;
    it->thread->retire(); // the stopped worker goes with its thread
    m_errors.remove(member);
    launch(member, m_configs.value(member), m_recording.contains(member));
}

void GroupLab::launch(const QString& name, const MemberConfig& config, bool recordMessages)
{
    Member m;
    m.thread = std::make_shared<WorkerThread>(QStringLiteral("kafkalab-member-") + name);
    auto* worker = new GroupMemberWorker(config);
    worker->setRecordMessages(recordMessages);
    m.worker = m.thread->adopt(worker);
    m.running = true;
    connect(m.worker, &GroupMemberWorker::event, this, &GroupLab::onEvent);
    connect(m.worker, &GroupMemberWorker::counts, this, [this, group = config.groupId](const MemberCounts& c) {
        QHash<QString, int64_t>& mine = m_counts[c.member];
        for (auto it = c.perPartition.begin(); it != c.perPartition.end(); ++it)
            mine[it.key()] = it.value();
        m_seen.append(c.seen);
        m_timed[group].append(c.timed);
        Q_EMIT countsChanged();
    });
    GroupMemberWorker* w = m.worker;
    connect(m.worker, &GroupMemberWorker::stopped, this, [this, name, w] {
        if (m_members.value(name).worker != w)
            return; // an earlier incarnation
        m_members[name].running = false;
        Q_EMIT memberStopped(name);
    });
    m_members.insert(name, m);
    m.thread->post(m.worker, [](GroupMemberWorker* w) { w->start(); });
}

void GroupLab::leave(const QString& member)
{
    invoke(member, &GroupMemberWorker::leave);
}
void GroupLab::crash(const QString& member)
{
    invoke(member, &GroupMemberWorker::crash);
}
void GroupLab::stall(const QString& member)
{
    invoke(member, &GroupMemberWorker::stall);
}
void GroupLab::resumePolling(const QString& member)
{
    invoke(member, &GroupMemberWorker::resumePolling);
}
void GroupLab::pause(const QString& member)
{
    invoke(member, &GroupMemberWorker::pause);
}
void GroupLab::resume(const QString& member)
{
    invoke(member, &GroupMemberWorker::resume);
}

void GroupLab::stopAll()
{
    for (const QString& name : std::as_const(m_order))
        leave(name);
}

bool GroupLab::isRunning(const QString& member) const
{
    return m_members.value(member).running || m_observedRunning.contains(member);
}

void GroupLab::setObserved(
    const QList<MemberConfig>& configs, const QList<MemberEvent>& events, const QSet<QString>& running)
{
    m_order.clear();
    for (const MemberConfig& c : configs) {
        m_order.append(c.name);
        m_configs.insert(c.name, c);
    }
    m_events = events;
    m_observedRunning = running;
    m_errors.clear();
    for (const MemberEvent& e : events)
        if (e.kind == MemberEvent::Kind::Error)
            m_errors.insert(e.member, e.detail);
    if (!events.isEmpty())
        Q_EMIT eventAdded(events.last());
}

void GroupLab::onEvent(const MemberEvent& e)
{
    // Events of different members arrive in the order their threads sent them; they are kept in time order.
    auto at = std::upper_bound(
        m_events.begin(), m_events.end(), e.atMs, [](qint64 t, const MemberEvent& x) { return t < x.atMs; });
    m_events.insert(at, e);
    if (e.kind == MemberEvent::Kind::Error)
        m_errors.insert(e.member, e.detail);
    // Check ownership over the whole ordered history: two owners at one instant is a bug of the client or the lab.
    QHash<QString, QHash<QString, QString>> owner; // group -> partition -> member
    for (const MemberEvent& x : std::as_const(m_events)) {
        QHash<QString, QString>& g = owner[x.groupId];
        if (x.kind == MemberEvent::Kind::Assigned) {
            for (const TopicPartitionRef& p : x.partitions) {
                const QString k = key(p.topic, p.partition);
                const QString current = g.value(k);
                if (!current.isEmpty() && current != x.member && m_doubleOwnership.isEmpty())
                    m_doubleOwnership = QStringLiteral("%1 [%2] assigned to %3 while %4 still owned it")
                                            .arg(p.topic)
                                            .arg(p.partition)
                                            .arg(x.member, current);
                g[k] = x.member;
            }
        } else if (x.kind == MemberEvent::Kind::Revoked || x.kind == MemberEvent::Kind::Lost) {
            for (const TopicPartitionRef& p : x.partitions)
                if (g.value(key(p.topic, p.partition)) == x.member)
                    g.remove(key(p.topic, p.partition));
        } else if (x.kind == MemberEvent::Kind::Crashed || x.kind == MemberEvent::Kind::Stalled) {
            // A stalled member keeps its assignment on paper until it polls again, but consumes nothing: the
            // group reassigns its partitions after max.poll.interval.ms, so it no longer counts as their owner.
            for (auto it = g.begin(); it != g.end();)
                it = it.value() == x.member ? g.erase(it) : std::next(it);
        }
    }
    Q_EMIT eventAdded(e);
}

QHash<QString, QString> GroupLab::owners(const QString& groupId) const
{
    return currentOwners(m_events, groupId);
}

QList<OwnershipSpan> GroupLab::spans() const
{
    return ownershipSpans(m_events);
}

QList<RebalanceEpisode> GroupLab::episodes(const QString& groupId) const
{
    return rebalanceEpisodes(m_events, groupId);
}

int64_t GroupLab::consumed(const QString& member, const QString& topic, int32_t partition) const
{
    return m_counts.value(member).value(key(topic, partition));
}

int64_t GroupLab::consumed(const QString& member) const
{
    int64_t total = 0;
    for (int64_t n : m_counts.value(member))
        total += n;
    return total;
}

} // namespace kafkalab
