#pragma once

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <cstdint>

namespace kafkalab {

struct GroupSummary {
    QString id;
    QString state; // Stable, Empty, PreparingRebalance, CompletingRebalance, Dead, Unknown
    bool simple = false; // no members ever joined: offsets only (protocol type "")
    // "classic", "consumer" (KIP-848), or "unknown": what ListGroups v5 says; librdkafka 2.14.2 knows no other type,
    // so a share or streams group is "unknown" here.
    QString type {};
    bool operator==(const GroupSummary&) const = default;
};

struct TopicPartitionRef {
    QString topic;
    int32_t partition = -1;
    bool operator==(const TopicPartitionRef&) const = default;
};

struct GroupMember {
    QString memberId;
    QString clientId;
    QString instanceId; // static membership, empty if none
    QString host;
    QList<TopicPartitionRef> assignments;
    // The broker's target assignment (consumer protocol only; the member reconciles towards it). `hasTarget` is
    // false for a classic group, whose members have no target.
    QList<TopicPartitionRef> targetAssignments {};
    bool hasTarget = false;
    bool operator==(const GroupMember&) const = default;
};

// Where a lag is going, from the consumption and production rates (lagtrend.h).
struct LagTrend {
    enum class Kind { Unknown, CaughtUp, Clearing, Steady, Growing, Stalled } kind = Kind::Unknown;
    int64_t clearsInMs = -1; // Clearing only
    QString text() const; // "caught up", "clears in 12 s", "steady", "growing", "stalled", "unknown"
    QString name() const; // for JSON: "caught_up", "clearing", "steady", "growing", "stalled", "unknown"
    bool operator==(const LagTrend&) const = default;
};

struct GroupOffset {
    QString topic;
    int32_t partition = -1;
    int64_t committed = -1; // -1: nothing committed
    int64_t highWatermark = -1;
    // Time lag: now minus the timestamp of the message at the committed offset (the next one to consume); 0 when
    // caught up; -1 when unknown, with the reason in `timeLagUnknown`.
    int64_t timeLagMs = -1;
    QString timeLagUnknown {};
    // Messages per second the group consumed (committed offsets' movement) and the partition gained (high
    // watermark's movement) over the last refreshes; negative while not measured yet.
    double consumedPerSec = -1;
    double producedPerSec = -1;
    LagTrend trend {};
    int64_t lag() const
    {
        return committed >= 0 && highWatermark >= 0 ? std::max<int64_t>(0, highWatermark - committed) : -1;
    }
    bool operator==(const GroupOffset&) const = default;
};

struct GroupDescription {
    QString id;
    QString type {}; // "classic", "consumer", "unknown" (see GroupSummary::type)
    QString state;
    // Set when `state` is not Kafka's word but kafkalab's reading of it (librdkafka 2.14.2 turns Kafka's Assigning and
    // Reconciling into Unknown): why.
    QString stateNote {};
    QString protocol; // "consumer", or "" for a simple group
    QString assignor;
    int32_t coordinatorId = -1;
    QString coordinator; // host:port
    QList<GroupMember> members;
    QList<GroupOffset> offsets;
    QString error;
    // Why members, assignor and assignment could not be read (then `members` is empty but not known to be, and
    // `state` is the one the group listing reported); empty when they were read.
    QString unreadable;
    bool membersKnown() const { return unreadable.isEmpty(); }
    // The state as shown: "Stable", or "Stable (not readable)" when the members could not be read.
    QString stateText() const;
    int64_t totalLag() const;
    // The largest time lag of its partitions; -1 (unknown) if none is known or a partition with lag has none.
    int64_t timeLagMs() const;
    double consumedPerSec() const; // sum over partitions; negative while not measured
    LagTrend trend {};
    bool operator==(const GroupDescription&) const = default;
};

struct OffsetChange {
    QString topic;
    int32_t partition = -1;
    int64_t current = -1; // -1: nothing committed
    int64_t next = -1;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::GroupDescription)
