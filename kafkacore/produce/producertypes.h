#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/produce/distributionstats.h"

#include <QByteArray>
#include <QList>
#include <QLocale>
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
    // With an error: whether the message may still have been written (it was in flight when it was purged or
    // timed out, so only reading the topic can tell). Such a message is "unknown", never "failed".
    bool possiblyWritten = false;
};

struct BulkProgress {
    uint64_t requested = 0;
    uint64_t sent = 0; // handed to librdkafka
    uint64_t delivered = 0;
    uint64_t failed = 0; // not written: refused by the broker or never sent
    uint64_t unknown = 0; // in flight when purged or timed out: may have been written
    std::vector<int64_t> perPartition; // delivered messages by partition
    // How many offsets the topic's partitions gained during the run (high watermarks after minus before), when
    // both could be read; -1 otherwise. Other producers and transaction markers count too.
    int64_t topicGained = -1;
    QString stopReason; // why the run stopped before its count (the cluster went away), if it did
    qint64 elapsedMs = 0;
    // Delivery latency of the deliveries timed: every one when the run reports its deliveries, else the first 16 and
    // one in 16 after them (reading the clock for each costs speed). No delivery timed: none known, not zero.
    double avgLatencyMs = 0;
    double maxLatencyMs = 0;
    uint64_t latencySamples = 0;
    QString lastError;
    QMap<QString, uint64_t> errorCounts; // error text -> messages
    bool finished = false;
    bool cancelled = false;
    double msgsPerSec() const { return elapsedMs > 0 ? double(delivered) * 1000.0 / double(elapsedMs) : 0; }
    // "S sent, D delivered, F failed (not written), U unknown (may have been written); the topic gained G offsets"
    // in plain words, with only the parts that apply; numbers in `locale` (the C locale: no group separators).
    QString outcome(const QLocale& locale = QLocale::c()) const;
    // "latency avg A ms, max M ms (T of D deliveries timed)", or that none was timed.
    QString latencyText(const QLocale& locale = QLocale::c()) const;
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
