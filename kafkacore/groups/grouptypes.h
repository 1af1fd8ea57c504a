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
    bool operator==(const GroupMember&) const = default;
};

struct GroupOffset {
    QString topic;
    int32_t partition = -1;
    int64_t committed = -1; // -1: nothing committed
    int64_t highWatermark = -1;
    int64_t lag() const
    {
        return committed >= 0 && highWatermark >= 0 ? std::max<int64_t>(0, highWatermark - committed) : -1;
    }
    bool operator==(const GroupOffset&) const = default;
};

struct GroupDescription {
    QString id;
    QString state;
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
