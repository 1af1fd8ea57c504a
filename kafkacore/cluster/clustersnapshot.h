#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <cstdint>

namespace kafkalab {

struct BrokerInfo {
    int32_t id = -1;
    QString host;
    int port = 0;
    QString rack; // empty: the broker has no broker.rack
    bool controller = false;
    bool operator==(const BrokerInfo&) const = default;
};

struct PartitionInfo {
    int32_t id = -1;
    int32_t leader = -1;
    QList<int32_t> replicas;
    QList<int32_t> isr;
    int64_t low = -1; // -1: not known (the offsets request failed; see `error`)
    int64_t high = -1;
    QString error;
    // The last stable offset (ListOffsets latest with read_committed): below the high watermark while a transaction
    // is open on the partition; what a read_committed consumer can read up to. -1: not known.
    int64_t lastStable = -1;
    bool openTransaction() const { return lastStable >= 0 && high >= 0 && lastStable < high; }
    // High minus low watermark: the offsets the partition's log spans, -1 if not known. Not a message count:
    // transaction markers and aborted records take offsets, and compaction removes records without moving the
    // watermarks, so it is an upper bound on the messages a consumer reads.
    int64_t offsetSpan() const { return (low >= 0 && high >= low) ? high - low : -1; }
    bool operator==(const PartitionInfo&) const = default;
};

struct TopicInfo {
    QString name;
    bool internal = false;
    QList<PartitionInfo> partitions;
    QString error;
    int replicationFactor() const { return partitions.isEmpty() ? 0 : int(partitions.first().replicas.size()); }
    int64_t offsetSpan() const; // sum over partitions; -1 if any is not known
    static QString offsetSpanExplanation(); // what the number is and is not, for tooltips
    bool operator==(const TopicInfo&) const = default;
};

struct ClusterSnapshot {
    QString clusterId;
    int32_t controllerId = -1;
    QList<BrokerInfo> brokers;
    QList<TopicInfo> topics;
    QDateTime takenAt;
    qint64 elapsedMs = 0;
    QString offsetsError; // set when watermarks could not be read; metadata is still valid
    qint64 metadataMs = 0; // how long the metadata answer took
    // Asked at once after the metadata: the watermarks (ListOffsets earliest, latest, last stable, with any asking
    // again), then how much longer DescribeCluster (racks) and DescribeTopics (internal flags) were waited for.
    qint64 watermarksMs = 0;
    qint64 racksMs = 0;
    qint64 internalMs = 0;
    QString notice; // "slow: metadata took N s" when it took 2 s or more

    const TopicInfo* topic(const QString& name) const;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::ClusterSnapshot)
Q_DECLARE_METATYPE(kafkalab::TopicInfo)
