#include "kafkacore/groups/ownership.h"

#include <limits>
#include <map>
#include <optional>

namespace kafkalab {

namespace {

bool endsOwnership(MemberEvent::Kind k)
{
    return k == MemberEvent::Kind::Crashed || k == MemberEvent::Kind::Left || k == MemberEvent::Kind::Stalled;
}

} // namespace

QList<OwnershipSpan> ownershipSpans(const QList<MemberEvent>& events)
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
    for (const MemberEvent& e : events) {
        if (e.kind == MemberEvent::Kind::Assigned) {
            for (const TopicPartitionRef& p : e.partitions) {
                const QString k = partitionKey(p.topic, p.partition);
                close(e.groupId, k, e.atMs, {});
                open[{ e.groupId, k }] = int(out.size());
                out.append({ e.groupId, e.member, p, e.atMs, -1 });
            }
        } else if (e.kind == MemberEvent::Kind::Revoked || e.kind == MemberEvent::Kind::Lost) {
            for (const TopicPartitionRef& p : e.partitions)
                close(e.groupId, partitionKey(p.topic, p.partition), e.atMs, e.member);
        } else if (endsOwnership(e.kind)) {
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

QHash<QString, QString> currentOwners(const QList<MemberEvent>& events, const QString& groupId)
{
    QHash<QString, QString> g;
    for (const OwnershipSpan& s : ownershipSpans(events))
        if (s.groupId == groupId && s.toMs < 0)
            g[partitionKey(s.partition.topic, s.partition.partition)] = s.member;
    return g;
}

QString memberStateFromEvents(const QList<MemberEvent>& events, const QString& member, bool started)
{
    QString state = QStringLiteral("not started");
    for (const MemberEvent& e : events) {
        if (e.member != member)
            continue;
        if (e.kind == MemberEvent::Kind::Joining)
            state = QStringLiteral("running");
        else if (e.kind == MemberEvent::Kind::Crashed)
            state = QStringLiteral("crashed");
        else if (e.kind == MemberEvent::Kind::Left)
            state = QStringLiteral("closed");
        else if (e.kind == MemberEvent::Kind::Error && !started)
            state = QStringLiteral("error: ") + e.detail;
    }
    return state;
}

QString RebalanceCause::text() const
{
    switch (kind) {
    case Kind::Join:
        return QStringLiteral("join of %1").arg(member);
    case Kind::Leave:
        return QStringLiteral("leave of %1").arg(member);
    case Kind::Crash:
        return QStringLiteral("crash of %1 (session timeout)").arg(member);
    case Kind::PollTimeout:
        return QStringLiteral("stall of %1 (poll timeout)").arg(member);
    case Kind::Lost:
        return QStringLiteral("%1 lost its assignment").arg(member);
    }
    return {};
}

QString rebalanceCauseText(const RebalanceEpisode& episode)
{
    QStringList parts;
    for (const RebalanceCause& c : episode.causes)
        if (!parts.contains(c.text()))
            parts.append(c.text());
    return parts.isEmpty() ? QStringLiteral("unknown") : parts.join(QStringLiteral(", "));
}

namespace {

// The causes of each episode, from the group's events: see RebalanceEpisode::causes.
void findCauses(const QList<MemberEvent>& events, const QString& groupId, QList<RebalanceEpisode>& episodes)
{
    qint64 previousEnd = std::numeric_limits<qint64>::min();
    for (RebalanceEpisode& ep : episodes) {
        const qint64 end = ep.open ? std::numeric_limits<qint64>::max() : ep.endMs;
        QSet<QString> stalled;
        for (qsizetype i = 0; i < events.size(); ++i) {
            const MemberEvent& e = events[i];
            if (e.groupId != groupId || e.atMs <= previousEnd || e.atMs > end)
                continue;
            RebalanceCause c { RebalanceCause::Kind::Join, e.member, e.atMs };
            switch (e.kind) {
            case MemberEvent::Kind::Joining: {
                // A join counts when the member's first assignment after it came once the episode had started.
                qint64 assignedAt = -1;
                for (qsizetype j = i + 1; j < events.size() && assignedAt < 0; ++j)
                    if (events[j].member == e.member && events[j].groupId == groupId
                        && events[j].kind == MemberEvent::Kind::Assigned)
                        assignedAt = events[j].atMs;
                if (assignedAt >= 0 && assignedAt < ep.startMs)
                    continue;
                break;
            }
            case MemberEvent::Kind::Left:
                c.kind = RebalanceCause::Kind::Leave;
                break;
            case MemberEvent::Kind::Crashed:
                c.kind = RebalanceCause::Kind::Crash;
                break;
            case MemberEvent::Kind::Stalled:
                c.kind = RebalanceCause::Kind::PollTimeout;
                stalled.insert(e.member);
                break;
            case MemberEvent::Kind::Lost:
                if (stalled.contains(e.member))
                    continue; // the stall's own consequence
                c.kind = RebalanceCause::Kind::Lost;
                break;
            default:
                continue;
            }
            ep.causes.append(c);
        }
        previousEnd = ep.endMs;
    }
}

} // namespace

QList<RebalanceEpisode> rebalanceEpisodes(const QList<MemberEvent>& events, const QString& groupId, bool withOpen)
{
    // Walk the events in time order, tracking owners; an episode opens when an owned partition loses its owner
    // and closes when every partition known to the group is owned again.
    QList<RebalanceEpisode> out;
    QHash<QString, QString> owner;
    QSet<QString> known;
    QHash<QString, QString> ownerAtStart;
    std::optional<RebalanceEpisode> current;
    QSet<QString> revokedInEpisode;
    for (const MemberEvent& e : events) {
        if (e.groupId != groupId)
            continue;
        QStringList lost;
        if (e.kind == MemberEvent::Kind::Revoked || e.kind == MemberEvent::Kind::Lost) {
            for (const TopicPartitionRef& p : e.partitions)
                if (owner.value(partitionKey(p.topic, p.partition)) == e.member)
                    lost.append(partitionKey(p.topic, p.partition));
        } else if (endsOwnership(e.kind)) {
            for (auto it = owner.begin(); it != owner.end(); ++it)
                if (it.value() == e.member)
                    lost.append(it.key());
        }
        if (!lost.isEmpty()) {
            if (!current) {
                current = RebalanceEpisode {};
                current->groupId = groupId;
                current->startMs = current->endMs = e.atMs;
                current->cooperative = e.protocol == QLatin1String("COOPERATIVE");
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
                known.insert(partitionKey(p.topic, p.partition));
                owner[partitionKey(p.topic, p.partition)] = e.member;
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
    if (current && withOpen) {
        current->revoked = int(revokedInEpisode.size());
        current->endMs = -1;
        current->open = true;
        out.append(*current);
    }
    findCauses(events, groupId, out);
    return out;
}

GroupMetrics groupMetrics(const QList<MemberEvent>& events, const QString& groupId, const QStringList& partitions,
    qint64 fromMs, qint64 toMs, const QList<ConsumedMessage>& consumed)
{
    GroupMetrics m;
    // Each partition's owned intervals, clipped to the window; the rest of the window is unowned.
    QHash<QString, QList<QPair<qint64, qint64>>> owned;
    for (const OwnershipSpan& s : ownershipSpans(events)) {
        if (s.groupId != groupId)
            continue;
        const qint64 from = std::max(fromMs, s.fromMs);
        const qint64 to = std::min(toMs, s.toMs < 0 ? toMs : s.toMs);
        if (to > from)
            owned[partitionKey(s.partition.topic, s.partition.partition)].append({ from, to });
    }
    auto isOwned = [&owned](const QString& key, qint64 at) {
        for (const auto& [from, to] : owned.value(key))
            if (at >= from && at < to)
                return true;
        return false;
    };
    qint64 unownedMs = 0;
    for (const QString& p : partitions) {
        QList<QPair<qint64, qint64>> spans = owned.value(p);
        std::sort(spans.begin(), spans.end());
        qint64 cursor = fromMs;
        for (const auto& [from, to] : spans) {
            if (from > cursor)
                unownedMs += from - cursor;
            cursor = std::max(cursor, to);
        }
        if (toMs > cursor)
            unownedMs += toMs - cursor;
    }
    m.unownedPartitionSeconds = double(unownedMs) / 1000.0;
    for (const MemberEvent& e : events)
        if (e.groupId == groupId && e.atMs >= fromMs && e.atMs <= toMs
            && (e.kind == MemberEvent::Kind::Revoked || e.kind == MemberEvent::Kind::Lost))
            m.revoked += int(e.partitions.size());
    QSet<QPair<QString, int64_t>> counted;
    for (const ConsumedMessage& c : consumed) {
        if (c.timestampMs < fromMs || c.timestampMs > toMs || counted.contains({ c.partition, c.offset }))
            continue;
        counted.insert({ c.partition, c.offset });
        ++m.consumed;
        if (partitions.contains(c.partition) && !isOwned(c.partition, c.timestampMs))
            ++m.delayed;
    }
    return m;
}

} // namespace kafkalab
