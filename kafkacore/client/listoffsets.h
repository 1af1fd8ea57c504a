#pragma once

// librdkafka's ListOffsets admin call (2.14): earliest, latest or for a time, with an isolation level (latest with
// read_committed is the last stable offset), for many partitions at once: librdkafka sends one request per
// partition leader. The answers come back in a hash, so reading them is linear in the partitions.

#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/client/workerthread.h"

#include <librdkafka/rdkafka.h>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <cstdint>
#include <functional>
#include <map>

namespace kafkalab {

using TopicPartitionKey = QPair<QByteArray, int32_t>; // topic name (UTF-8), partition

struct ListedOffset {
    int64_t offset = -1;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
};
using ListedOffsets = QHash<TopicPartitionKey, ListedOffset>;

struct OffsetQuery {
    int64_t spec = RD_KAFKA_OFFSET_SPEC_LATEST; // RD_KAFKA_OFFSET_SPEC_EARLIEST, _LATEST, or a timestamp (ms)
    rd_kafka_IsolationLevel_t isolation = RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED;
};

// Sends one ListOffsets call per query, all in flight together, and waits for their answers in slices of at most
// 200 ms, asking `stopping` between slices. Returns one map per query (a partition the answer lacks is missing
// from it), or an empty list with `error` set when a whole call failed, timed out or was stopped.
QList<ListedOffsets> listOffsets(rd_kafka_t* rk, const QList<TopicPartitionKey>& partitions,
    const QList<OffsetQuery>& queries, int timeoutMs, const std::function<bool()>& stopping, QString* error);

// The same for one query, keyed by topic name as a QString (the groups code): `spec` is
// RD_KAFKA_OFFSET_SPEC_EARLIEST, RD_KAFKA_OFFSET_SPEC_LATEST or a timestamp in ms since the epoch (then a partition
// with no message at or after it answers -1). Partitions that failed are missing from the answer, and `error` (when
// given) names the first failure. Gives up at `timeoutMs` or once `stop` is requested.
using PartitionKey = std::pair<QString, int32_t>;

// Errors a partition answers for a moment after a change (partitions added, a leader moving, a broker back): the
// leader is not known yet, or the broker has not caught up with the leader epoch the client already saw. Worth
// asking again rather than showing as the partition's state.
bool isPassingLeaderError(rd_kafka_resp_err_t e);

std::map<PartitionKey, int64_t> listOffsets(rd_kafka_t* rk, const QList<PartitionKey>& partitions, int64_t spec,
    rd_kafka_IsolationLevel_t isolation, int timeoutMs, QString* error, const StopToken* stop = nullptr);

} // namespace kafkalab
