#pragma once

// The Replication tab's pure logic: one row per partition from a metadata poll, the events between two consecutive
// polls (leader changes, ISR shrink and expand), and how long each partition has had no leader. No librdkafka, no
// thread: the ReplicationMonitor handle feeds it polls; unit tests feed it hand-made ones.

#include "kafkacore/cluster/clustersnapshot.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

#include <cstdint>

namespace kafkalab {

struct ReplicaRow {
    QString topic;
    int32_t partition = -1;
    int32_t leader = -1; // -1: no leader (offline)
    QList<int32_t> replicas; // in assignment order: the first is the preferred leader
    QList<int32_t> isr;
    QString error; // the partition's metadata error, if any

    bool offline() const { return leader < 0; }
    bool underReplicated() const { return isr.size() < replicas.size(); }
    int32_t preferredLeader() const { return replicas.isEmpty() ? -1 : replicas.first(); }
    // The leader is the preferred one (the first replica). An offline partition is not.
    bool preferredLeaderElected() const { return !offline() && leader == preferredLeader(); }
    // "offline", "under-replicated" or empty: the text marker that goes with the highlight.
    QString marker() const;
    bool operator==(const ReplicaRow&) const = default;
};

// The rows of `topic` in the snapshot (partition order), or of every topic that is not the broker's own when `topic`
// is empty (topic, then partition order).
QList<ReplicaRow> replicaRows(const ClusterSnapshot& snapshot, const QString& topic);

struct ReplicationEvent {
    enum class Kind { LeaderChanged, LeaderLost, LeaderElected, IsrShrink, IsrExpand };
    Kind kind = Kind::LeaderChanged;
    QDateTime seenAt; // the poll that saw it: the change happened between the previous poll and this one
    QString topic;
    int32_t partition = -1;
    int32_t fromLeader = -1;
    int32_t toLeader = -1;
    QList<int32_t> brokers; // the brokers that left (shrink) or joined (expand) the ISR
    QList<int32_t> isr; // the ISR after the change
    QString text() const; // one line, without the time: "orders-0: leader 2 → 3"
    bool operator==(const ReplicationEvent&) const = default;
};

// What changed from `before` to `after` (rows matched by topic and partition; a partition new in `after` is no
// event), in the order of `after`, each stamped `seenAt`.
QList<ReplicationEvent> replicationEvents(
    const QList<ReplicaRow>& before, const QList<ReplicaRow>& after, const QDateTime& seenAt);

// One partition's answer to a preferred-leader election.
struct ElectionResult {
    QString topic;
    int32_t partition = -1;
    QString error; // empty: the preferred replica leads now; ELECTION_NOT_NEEDED: it already did
    bool operator==(const ElectionResult&) const = default;
};

// How long each partition has had no leader, from the polls that saw it without one: a span starts at the first
// poll without a leader and ends at the first poll with one (so it is known to within one poll interval).
class LeaderlessClock {
public:
    void update(const QList<ReplicaRow>& rows, const QDateTime& now);
    // Milliseconds without a leader so far (closed spans plus the open one up to `now`); 0 if never.
    qint64 leaderlessMs(const QString& topic, int32_t partition, const QDateTime& now) const;
    // The longest closed or open span of any partition.
    qint64 longestMs(const QDateTime& now) const;
    void clear() { m_spans.clear(); }

private:
    struct Span {
        qint64 closedMs = 0;
        QDateTime openSince; // valid while the partition has no leader
    };
    QHash<QPair<QString, int32_t>, Span> m_spans;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::ReplicaRow)
Q_DECLARE_METATYPE(kafkalab::ReplicationEvent)
Q_DECLARE_METATYPE(kafkalab::ElectionResult)
