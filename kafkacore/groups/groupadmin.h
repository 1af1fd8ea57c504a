#pragma once

// Consumer-group administration for any cluster. Blocking librdkafka calls: run them only on a worker thread.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/groups/grouptypes.h"

#include "kafkacore/client/rdkafkaptr.h"

#include <QStringList>

#include <optional>

namespace kafkalab {

// The calls below wait for their answers in slices and give up early once `stop` (when given) is requested.

// Every group the cluster knows; nothing (with `error`) when the request fails.
std::optional<QList<GroupSummary>> listGroups(
    rd_kafka_t* rk, QString* error, int timeoutMs = 10000, const StopToken* stop = nullptr);

// Type, state, assignor, coordinator and members (current and, for the consumer protocol, target assignment) of each
// group, with committed offsets, high watermarks and lag per partition. Requests go out together (one
// DescribeConsumerGroups, one ListConsumerGroupOffsets per group in parallel — librdkafka 2.14.2 still takes one
// group a call — and one ListOffsets), so describing many groups costs few round trips. Time lag and trends are
// added by GroupsWorker (MessageTimestamps, LagHistory).
//
// librdkafka 2.14.2 describes a consumer-protocol group (KIP-848) with ConsumerGroupDescribe and falls back to the
// classic DescribeGroups for the others. Two limits remain, each shown rather than hidden:
// - Kafka's states Assigning and Reconciling come back as Unknown (librdkafka's state enum has only the classic
//   states) and the member and group epochs are dropped: a consumer group with members in that state is shown as
//   Reconciling when a member's assignment is not its target yet, else "Assigning or Reconciling", with `stateNote`.
// - A group of another type (share, streams) is not described: the broker's answer says Dead with no members. Such
//   a group gets the state of the group listing (`listing`, or a ListConsumerGroups made here when none is given and
//   a group came back Dead) and `unreadable` says why its members are missing; its committed offsets, high
//   watermarks and lag are read as for any group.
QList<GroupDescription> describeGroups(rd_kafka_t* rk, const QStringList& groups, QString* error, int timeoutMs = 15000,
    const QList<GroupSummary>* listing = nullptr, const StopToken* stop = nullptr);

// Where to move a group's committed offsets: "earliest", "latest", "offset:N", "timestamp:MS" or "shift:N".
struct ResetTarget {
    enum class Kind { Earliest, Latest, Offset, Timestamp, Shift } kind = Kind::Earliest;
    int64_t value = 0;
    static std::optional<ResetTarget> parse(const QString& text, QString* error);
};

// Computes the new committed offset of every partition of `topic` (clamped to the partition's low and high
// watermarks) and, unless `dryRun`, commits them. Refused while the group has active members, and while a group
// whose members cannot be read (see describeGroups) is not Empty. Returns the preview; on failure returns nothing and
// sets `error`.
std::optional<QList<OffsetChange>> resetOffsets(rd_kafka_t* rk, const QString& group, const QString& topic,
    const ResetTarget& target, bool dryRun, QString* error, int timeoutMs = 15000, const StopToken* stop = nullptr);

// Kafka's name for an rd_kafka_consumer_group_state_t.
QString groupStateName(int state);
// "classic", "consumer" or "unknown" for an rd_kafka_consumer_group_type_t.
QString groupTypeName(int type);

// librdkafka crashes in ListConsumerGroupOffsets when the reply is NOT_COORDINATOR (a group's coordinator not loaded
// yet, or moving) on a client that has no group.id: it hands the coordinator query to a consumer-group object that
// does not exist (librdkafka issue 5040). Still so in 2.14.2: rd_kafka_handle_OffsetFetch (src/rdkafka_request.c)
// calls rd_kafka_cgrp_op(rk->rk_cgrp, ...) on a REFRESH action, and rd_kafka_cgrp_op dereferences it. Clients that
// read committed offsets get a private group.id they never join or commit with; nothing is created on the broker.
ClientProperty adminGroupIdWorkaround();

} // namespace kafkalab
