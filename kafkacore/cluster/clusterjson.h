#pragma once

#include "kafkacore/cluster/clustersnapshot.h"

#include <QByteArray>

namespace kafkalab {

// One JSON object: cluster_id, controller_id, brokers[] {id, host, port, rack, controller},
// topics[] {name, internal, partitions[] {partition, leader, replicas[], isr[], low_watermark, high_watermark}}.
QByteArray snapshotToJson(const ClusterSnapshot& snapshot);

} // namespace kafkalab
