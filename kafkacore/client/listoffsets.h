#pragma once

// Offsets of partitions by ListOffsets (librdkafka's rd_kafka_ListOffsets admin call, which takes an isolation level):
// the earliest, the latest (high watermark with read_uncommitted, last stable offset with read_committed), or the
// first offset at or after a timestamp. One request per leader, all in flight at once. Blocking: call it only on a
// worker thread. kafkacore only (it includes librdkafka, linked PRIVATE).

#include "kafkacore/client/workerthread.h"

#include <librdkafka/rdkafka.h>

#include <QList>
#include <QPair>
#include <QString>

#include <map>

namespace kafkalab {

using PartitionKey = std::pair<QString, int32_t>;

// `spec` is RD_KAFKA_OFFSET_SPEC_EARLIEST, RD_KAFKA_OFFSET_SPEC_LATEST or a timestamp in ms since the epoch (then a
// partition with no message at or after it answers -1). Partitions that failed are missing from the answer, and
// `error` (when given) names the first failure. Gives up at `timeoutMs` or once `stop` is requested.
std::map<PartitionKey, int64_t> listOffsets(rd_kafka_t* rk, const QList<PartitionKey>& partitions, int64_t spec,
    rd_kafka_IsolationLevel_t isolation, int timeoutMs, QString* error, const StopToken* stop = nullptr);

} // namespace kafkalab
