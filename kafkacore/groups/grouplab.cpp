#include "kafkacore/groups/grouplab.h"

#include <QDateTime>
#include <QSet>

#include <map>

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
    Member m;
    m.thread = std::make_shared<WorkerThread>(QStringLiteral("kafkalab-member-") + name);
    auto* worker = new GroupMemberWorker(config);
    worker->setRecordMessages(recordMessages);
    m.worker = m.thread->adopt(worker);
    m.running = true;
    connect(m.worker, &GroupMemberWorker::event, this, &GroupLab::onEvent);
    connect(m.worker, &GroupMemberWorker::counts, this, [this](const MemberCounts& c) {
        QHash<QString, int64_t>& mine = m_counts[c.member];
        for (auto it = c.perPartition.begin(); it != c.perPartition.end(); ++it)
            mine[it.key()] = it.value();
        m_seen.append(c.seen);
        Q_EMIT countsChanged();
    });
    connect(m.worker, &GroupMemberWorker::stopped, this, [this, name] {
        m_members[name].running = false;
        Q_EMIT memberStopped(name);
    });
    m_members.insert(name, m);
    m_configs.insert(name, config);
    m_order.append(name);
    m.thread->post(m.worker, [](GroupMemberWorker* w) { w->start(); });
    return name;
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
    return m_members.value(member).running;
}

void GroupLab::onEvent(const MemberEvent& e)
{
    // Events of different members arrive in the order their threads sent them; they are kept in time order.
    auto at = std::upper_bound(
        m_events.begin(), m_events.end(), e.atMs, [](qint64 t, const MemberEvent& x) { return t < x.atMs; });
    m_events.insert(at, e);
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
    QHash<QString, QString> g;
    for (const OwnershipSpan& s : spans())
        if (s.groupId == groupId && s.toMs < 0)
            g[key(s.partition.topic, s.partition.partition)] = s.member;
    return g;
}

QList<OwnershipSpan> GroupLab::spans() const
{
    QList<OwnershipSpan> out;
    std::map<std::pair<QString, QString>, int> open; // (group, partition key) -> index in out
    auto close = [&](const QString& group, const QString& k, qint64 at, const QString& member) {
        auto it = open.find({ group, k });
        if (it != open.end() && (member.isEmpty() || out[it->second].member == member)) {
            out[it->second].toMs = at;
            open.erase(it);
        }
    };
    for (const MemberEvent& e : m_events) {
        if (e.kind == MemberEvent::Kind::Assigned) {
            for (const TopicPartitionRef& p : e.partitions) {
                const QString k = key(p.topic, p.partition);
                close(e.groupId, k, e.atMs, {});
                open[{ e.groupId, k }] = int(out.size());
                out.append({ e.groupId, e.member, p, e.atMs, -1 });
            }
        } else if (e.kind == MemberEvent::Kind::Revoked || e.kind == MemberEvent::Kind::Lost) {
            for (const TopicPartitionRef& p : e.partitions)
                close(e.groupId, key(p.topic, p.partition), e.atMs, e.member);
        } else if (e.kind == MemberEvent::Kind::Crashed || e.kind == MemberEvent::Kind::Left
            || e.kind == MemberEvent::Kind::Stalled) {
            for (auto it = open.begin(); it != open.end();) {
                if (it->first.first == e.groupId && out[it->second].member == e.member) {
                    out[it->second].toMs = e.atMs;
                    it = open.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }
    return out;
}

QList<RebalanceEpisode> GroupLab::episodes(const QString& groupId) const
{
    // Walk the events in time order, tracking owners; an episode opens when an owned partition loses its owner
    // and closes when every partition known to the group is owned again.
    QList<RebalanceEpisode> out;
    QHash<QString, QString> owner;
    QSet<QString> known;
    QHash<QString, QString> ownerAtStart;
    std::optional<RebalanceEpisode> current;
    QSet<QString> revokedInEpisode;
    for (const MemberEvent& e : m_events) {
        if (e.groupId != groupId)
            continue;
        QStringList lost;
        if (e.kind == MemberEvent::Kind::Revoked || e.kind == MemberEvent::Kind::Lost) {
            for (const TopicPartitionRef& p : e.partitions)
                if (owner.value(key(p.topic, p.partition)) == e.member)
                    lost.append(key(p.topic, p.partition));
        } else if (e.kind == MemberEvent::Kind::Crashed || e.kind == MemberEvent::Kind::Left
            || e.kind == MemberEvent::Kind::Stalled) {
            for (auto it = owner.begin(); it != owner.end(); ++it)
                if (it.value() == e.member)
                    lost.append(it.key());
        }
        if (!lost.isEmpty()) {
            if (!current) {
                current
                    = RebalanceEpisode { groupId, e.atMs, e.atMs, 0, 0, e.protocol == QLatin1String("COOPERATIVE") };
                ownerAtStart = owner;
                revokedInEpisode.clear();
            }
            for (const QString& k : lost) {
                owner.remove(k);
                revokedInEpisode.insert(k);
            }
        }
        if (e.kind == MemberEvent::Kind::Assigned) {
            for (const TopicPartitionRef& p : e.partitions) {
                known.insert(key(p.topic, p.partition));
                owner[key(p.topic, p.partition)] = e.member;
            }
            if (current && owner.size() == known.size()) {
                current->endMs = e.atMs;
                current->revoked = int(revokedInEpisode.size());
                for (auto it = owner.begin(); it != owner.end(); ++it)
                    current->moved += ownerAtStart.value(it.key()) != it.value() ? 1 : 0;
                out.append(*current);
                current.reset();
            }
        }
    }
    return out;
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
