#pragma once

// Topic operations shared by workers. Blocking librdkafka calls: run them only on a worker thread.

#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/sandbox/sandboxprobe.h"
#include "kafkacore/topics/topicnaming.h" // topicNameError

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <atomic>

namespace kafkalab {

// Creates the topics (replication factor 1 unless `replication` is given; every topic with `config`); an existing
// topic is an error unless `existingIsFine`. Returns an empty string on success, else the broker's reasons, one per
// failed topic.
QString createTopics(rd_kafka_t* rk, const QList<TopicSpec>& topics, bool existingIsFine, int replication = 1,
    const std::atomic_bool* stop = nullptr, const QMap<QString, QString>& config = {});

// Deletes the topics. Returns an empty string on success, else the broker's reasons, one per failed topic.
QString deleteTopics(rd_kafka_t* rk, const QStringList& names, int timeoutMs = 30000);

} // namespace kafkalab
