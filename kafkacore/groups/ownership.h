#pragma once

// What the group lab's events say about partition ownership: pure functions over the members' events, shared by the
// lab, the compare run, the scenario engine's group steps and their tests.

#include "kafkacore/groups/groupmember.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace kafkalab {

// Who owned a partition, from when to when (toMs -1: still owns it).
struct OwnershipSpan {
    QString groupId;
    QString member;
    TopicPartitionRef partition;
    qint64 fromMs = 0;
    qint64 toMs = -1;
};

// What a member of the group did that a rebalance followed, as the lab saw it (never inferred from the protocol): a
// member joined (started, restarted or rejoined after a stall), left cleanly, crashed (the coordinator waits for its
// session timeout), stalled (stopped polling: max.poll.interval.ms), or was told its assignment was lost.
struct RebalanceCause {
    enum class Kind { Join, Leave, Crash, PollTimeout, Lost };
    Kind kind = Kind::Join;
    QString member;
    qint64 atMs = 0;
    QString text() const; // "join of B", "crash of C (session timeout)", ...
};

// One rebalance as the members saw it: from the first partition that lost its owner to the moment every partition
// had one again.
struct RebalanceEpisode {
    QString groupId;
    qint64 startMs = 0;
    qint64 endMs = 0; // open episodes: -1
    qint64 unownedMs() const { return endMs - startMs; } // the stop-the-world time
    int revoked = 0; // partitions taken away (eager: all of them)
    int moved = 0; // partitions whose owner changed
    bool cooperative = false;
    // What the group's members did between the end of the group's previous episode and the end of this one: leaves,
    // crashes, stalls, lost assignments, and the joins of members that had no assignment yet when it started (a
    // member that was already settled did not cause it by joining). Empty: the lab saw no cause (a broker-side one,
    // such as partitions added to a subscribed topic, shows in no member's events).
    QList<RebalanceCause> causes;
    bool open = false; // still running: some partition of the group has no owner yet
};

// What one group lived through in a window of its timeline (the compare run's columns). Every number is counted from
// the observed events and messages, none from a formula about the protocol.
struct GroupMetrics {
    // Partition-seconds without an owner: the integral over the window of the number of the group's partitions that
    // no running member of the group owned (owned = between an assign callback and the revoke or lost callback, the
    // leave, the crash or the stall that ended it).
    double unownedPartitionSeconds = 0;
    // Partitions revoked: partition ownerships a live member had to give up in the window, counted once per member
    // and partition in each revoke or lost callback. A crashed member's partitions are not counted: nobody took them
    // away, it vanished (its absence is counted in the partition-seconds above).
    int revoked = 0;
    // Messages delayed: distinct messages consumed by the group whose timestamp (when they were produced) falls in
    // the window at a moment when their partition had no owner in the group: nobody could read them when they
    // arrived; they waited for the rebalance (or the crash detection) to end.
    int delayed = 0;
    int consumed = 0; // distinct messages the group consumed whose timestamp falls in the window
};

// "topic\0partition", the key of a partition in the lab's maps.
inline QString partitionKey(const QString& topic, int32_t partition)
{
    return topic + QLatin1Char('\0') + QString::number(partition);
}

QList<OwnershipSpan> ownershipSpans(const QList<MemberEvent>& events);
// The current owner of each partition (key -> member) of a group.
QHash<QString, QString> currentOwners(const QList<MemberEvent>& events, const QString& groupId);
// A member's state by its events: "running" (joined, or started again), "crashed", "closed" (left), "not started",
// or "error: …" when its last error stopped it (`started`: whether its client runs now).
QString memberStateFromEvents(const QList<MemberEvent>& events, const QString& member, bool started);
// The group's finished rebalances in time order; with `withOpen`, the one still running (if any) last, open and with
// endMs -1 (its revoked count so far, moved 0).
QList<RebalanceEpisode> rebalanceEpisodes(
    const QList<MemberEvent>& events, const QString& groupId, bool withOpen = false);
// The causes as one line ("join of B, leave of A"); "unknown" when the lab saw none.
QString rebalanceCauseText(const RebalanceEpisode& episode);
// `partitions` are the keys of the group's partitions; the events in time order; `consumed` every message the
// group's members consumed (duplicates are counted once).
GroupMetrics groupMetrics(const QList<MemberEvent>& events, const QString& groupId, const QStringList& partitions,
    qint64 fromMs, qint64 toMs, const QList<ConsumedMessage>& consumed);

} // namespace kafkalab
