#pragma once

// Topic operations for the topic dialogs and kafkalab-cli: create with configs, read and change configs, add
// partitions (with a preview of which keys move), delete records, delete a topic. Blocking librdkafka admin
// calls: run them on a worker thread. Each returns the broker's reason, in words, when it refuses.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/produce/partitioner.h"

#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace kafkalab {

struct TopicConfigEntry {
    QString name;
    QString value;
    bool isDefault = true;
    bool readOnly = false;
    bool sensitive = false;
    QString source; // "topic override", "broker default", "static broker config", "default", ...
};

// An admin client for these calls (a consumer handle that never joins a group).
KafkaHandle makeAdminClient(const QList<ClientProperty>& connection, QString* error);

// The keys of the newest `perPartition` messages of every partition (null keys left out), for the add-partitions
// preview. Blocking; a worker thread's job.
std::optional<QList<QByteArray>> sampleKeys(
    const QList<ClientProperty>& connection, const QString& topic, int perPartition, QString* error);

// Creates one topic with `configs` (name -> value). Empty on success.
QString createTopic(rd_kafka_t* rk, const QString& name, int partitions, int replication,
    const QMap<QString, QString>& configs, int timeoutMs = 30000);

std::optional<QList<TopicConfigEntry>> describeTopicConfigs(
    rd_kafka_t* rk, const QString& topic, QString* error, int timeoutMs = 15000);

// Changes configs (value set) or resets them to their defaults (value unset) in one IncrementalAlterConfigs
// request; the other overrides are not touched. Returns once DescribeConfigs shows the change (the broker applies it
// a moment after it answers).
QString alterTopicConfigs(
    rd_kafka_t* rk, const QString& topic, const QMap<QString, std::optional<QString>>& changes, int timeoutMs = 15000);
QString alterTopicConfig(rd_kafka_t* rk, const QString& topic, const QString& name, const std::optional<QString>& value,
    int timeoutMs = 15000);

// Raises the topic's partition count to `total`. Empty on success.
QString createPartitions(rd_kafka_t* rk, const QString& topic, int total, int timeoutMs = 30000);

// Deletes the records before `before` (partition -> offset; -1 means the high watermark: everything). Returns the
// new low watermark per partition, or nothing and the reason.
std::optional<QMap<int32_t, int64_t>> deleteRecords(
    rd_kafka_t* rk, const QString& topic, const QMap<int32_t, int64_t>& before, QString* error, int timeoutMs = 30000);

// The broker count (for checking a replication factor before asking the broker).
int brokerCount(rd_kafka_t* rk, QString* error, int timeoutMs = 10000);

// What adding partitions does to keys: each key's partition now and after the change.
struct KeyMove {
    QByteArray key;
    int32_t from = -1;
    int32_t to = -1;
};
struct PartitionChangePreview {
    int keys = 0; // distinct keys considered
    int moved = 0;
    QList<KeyMove> moves; // the keys that move
    double movedShare() const { return keys ? double(moved) / keys : 0.0; }
    QString summary() const; // "72% of 1,000 sampled keys move: per-key ordering across the change is lost"
};
PartitionChangePreview previewAddPartitions(
    const QList<QByteArray>& keys, int32_t fromCount, int32_t toCount, Partitioner partitioner);

} // namespace kafkalab
