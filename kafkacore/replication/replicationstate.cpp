#include "kafkacore/replication/replicationstate.h"

#include <QStringList>

#include <algorithm>

namespace kafkalab {

namespace {

QString idList(const QList<int32_t>& ids)
{
    QStringList out;
    for (int32_t id : ids)
        out << QString::number(id);
    return out.join(QLatin1Char(','));
}

QList<int32_t> minus(const QList<int32_t>& a, const QList<int32_t>& b)
{
    QList<int32_t> out;
    for (int32_t id : a)
        if (!b.contains(id))
            out << id;
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

QString ReplicaRow::marker() const
{
    if (offline())
        return QStringLiteral("OFFLINE");
    if (underReplicated())
        return QStringLiteral("UNDER-REPLICATED");
    return {};
}

QList<ReplicaRow> replicaRows(const ClusterSnapshot& snapshot, const QString& topic)
{
    QList<ReplicaRow> rows;
    for (const TopicInfo& t : snapshot.topics) {
        if (topic.isEmpty() ? t.internal || t.name.startsWith(QLatin1String("__")) : t.name != topic)
            continue;
        for (const PartitionInfo& p : t.partitions)
            rows.append({ t.name, p.id, p.leader, p.replicas, p.isr, p.error });
    }
    return rows;
}

QString ReplicationEvent::text() const
{
    QString where = QStringLiteral("%1-%2").arg(topic).arg(partition);
    switch (kind) {
    case Kind::LeaderChanged:
        return QStringLiteral("%1: leader %2 → %3").arg(where).arg(fromLeader).arg(toLeader);
    case Kind::LeaderLost:
        return QStringLiteral("%1: leader %2 lost, no leader (offline)").arg(where).arg(fromLeader);
    case Kind::LeaderElected:
        return QStringLiteral("%1: leader %2 elected (was offline)").arg(where).arg(toLeader);
    case Kind::IsrShrink:
        return QStringLiteral("%1: ISR shrink, %2 left (ISR %3)").arg(where, idList(brokers), idList(isr));
    case Kind::IsrExpand:
        return QStringLiteral("%1: ISR expand, %2 joined (ISR %3)").arg(where, idList(brokers), idList(isr));
    }
    return where;
}

QList<ReplicationEvent> replicationEvents(
    const QList<ReplicaRow>& before, const QList<ReplicaRow>& after, const QDateTime& seenAt)
{
    QHash<QPair<QString, int32_t>, const ReplicaRow*> old;
    for (const ReplicaRow& r : before)
        old.insert({ r.topic, r.partition }, &r);
    QList<ReplicationEvent> events;
    for (const ReplicaRow& now : after) {
        const ReplicaRow* was = old.value({ now.topic, now.partition });
        if (!was)
            continue;
        ReplicationEvent e;
        e.seenAt = seenAt;
        e.topic = now.topic;
        e.partition = now.partition;
        e.fromLeader = was->leader;
        e.toLeader = now.leader;
        e.isr = now.isr;
        if (was->leader != now.leader) {
            e.kind = now.offline() ? ReplicationEvent::Kind::LeaderLost
                : was->offline()   ? ReplicationEvent::Kind::LeaderElected
                                   : ReplicationEvent::Kind::LeaderChanged;
            events.append(e);
        }
        if (const QList<int32_t> left = minus(was->isr, now.isr); !left.isEmpty()) {
            e.kind = ReplicationEvent::Kind::IsrShrink;
            e.brokers = left;
            events.append(e);
        }
        if (const QList<int32_t> joined = minus(now.isr, was->isr); !joined.isEmpty()) {
            e.kind = ReplicationEvent::Kind::IsrExpand;
            e.brokers = joined;
            events.append(e);
        }
    }
    return events;
}

void LeaderlessClock::update(const QList<ReplicaRow>& rows, const QDateTime& now)
{
    for (const ReplicaRow& r : rows) {
        const QPair<QString, int32_t> key { r.topic, r.partition };
        auto it = m_spans.find(key);
        if (r.offline()) {
            if (it == m_spans.end())
                it = m_spans.insert(key, {});
            if (!it->openSince.isValid())
                it->openSince = now;
        } else if (it != m_spans.end() && it->openSince.isValid()) {
            it->closedMs += it->openSince.msecsTo(now);
            it->openSince = {};
        }
    }
}

qint64 LeaderlessClock::leaderlessMs(const QString& topic, int32_t partition, const QDateTime& now) const
{
    const auto it = m_spans.constFind({ topic, partition });
    if (it == m_spans.cend())
        return 0;
    return it->closedMs + (it->openSince.isValid() ? it->openSince.msecsTo(now) : 0);
}

qint64 LeaderlessClock::longestMs(const QDateTime& now) const
{
    qint64 longest = 0;
    for (const Span& span : m_spans)
        longest = std::max(longest, span.closedMs + (span.openSince.isValid() ? span.openSince.msecsTo(now) : 0));
    return longest;
}

} // namespace kafkalab
