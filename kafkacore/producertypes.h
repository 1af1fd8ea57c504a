#pragma once

#include "clientproperties.h"
#include "distributionstats.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace kafkalab {

// How the producer is set up. The connection's properties come first; the options below are applied over them.
struct ProducerSettings {
    QList<ClientProperty> connection;
    QString partitioner = QStringLiteral("murmur2_random"); // kafkalab's default: placements match Java producers
    QString acks = QStringLiteral("all");
    bool idempotence = true;
    QString compression = QStringLiteral("none");
    int lingerMs = 5;
    int deliveryTimeoutMs = 30000; // message.timeout.ms: a stopped broker shows up as errors within this
    QList<ClientProperty> extra; // e.g. batch.size, queue.buffering.max.messages

    QList<ClientProperty> toProperties() const;
};

struct OutgoingMessage {
    quint64 id = 0;
    QString topic;
    std::optional<QByteArray> key; // nullopt: null key
    std::optional<QByteArray> value; // nullopt: null value (a tombstone)
    QList<QPair<QByteArray, QByteArray>> headers;
    int32_t partition = -1; // -1: the partitioner decides
};

struct DeliveryRecord {
    quint64 id = 0;
    QString topic;
    int32_t partition = -1;
    int64_t offset = -1;
    qint64 timestampMs = 0;
    double latencyMs = 0;
    std::optional<QByteArray> key;
    QString error; // empty when delivered; otherwise the broker's or librdkafka's error in words, with its name
};

struct BulkProgress {
    uint64_t requested = 0;
    uint64_t sent = 0; // handed to librdkafka
    uint64_t delivered = 0;
    uint64_t failed = 0;
    std::vector<int64_t> perPartition; // delivered messages by partition
    qint64 elapsedMs = 0;
    double avgLatencyMs = 0;
    double maxLatencyMs = 0;
    QString lastError;
    QMap<QString, uint64_t> errorCounts; // error text -> messages
    bool finished = false;
    bool cancelled = false;
    double msgsPerSec() const { return elapsedMs > 0 ? double(delivered) * 1000.0 / double(elapsedMs) : 0; }
};

struct PartitionKeys {
    int32_t partition = -1;
    int64_t distinct = 0;
    int64_t nullKeys = 0;
    QList<KeyTally::KeyCount> top;
};

struct BulkResult {
    BulkProgress progress;
    QString topic;
    QString partitioner;
    QString keyStrategy;
    DistributionStats stats;
    QList<PartitionKeys> keys;
    int64_t untrackedKeys = 0;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::OutgoingMessage)
Q_DECLARE_METATYPE(kafkalab::DeliveryRecord)
Q_DECLARE_METATYPE(kafkalab::BulkProgress)
Q_DECLARE_METATYPE(kafkalab::BulkResult)
