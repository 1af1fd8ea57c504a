#pragma once

// Where the transaction markers are: the offsets a transaction's commit or abort took in a partition's log. They
// hold no message, so a read_uncommitted consumer that read everything skips them.

#include "kafkacore/scenarios/scenarioengine.h"

#include <QList>
#include <QMap>
#include <QString>

namespace kafkalab {

// "topic[p]", as the steppers name a partition.
QString partitionName(const QString& topic, int32_t partition);

// Per partition ("topic[p]"): the offsets from `start` (where the stepper began looking; a partition missing there
// starts at its high watermark, so it shows none) up to the high watermark and below the LSO that no message in
// `seen` (everything a read_uncommitted consumer was given) has: the markers. Offsets at or beyond the LSO are not
// counted: an open transaction's messages may not have been fetched yet. A pure function.
QMap<QString, QList<int64_t>> transactionMarkers(
    const QList<PartitionState>& partitions, const QList<SeenMessage>& seen, const QMap<QString, int64_t>& start);

} // namespace kafkalab
