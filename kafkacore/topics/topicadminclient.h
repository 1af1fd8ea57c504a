#pragma once

// One admin client for a cluster's topics, for callers above kafkacore (kafkalab-cli): the topic operations of
// topicoperations.h and topicadmin.h without a librdkafka handle in sight. Blocking: use it on a worker thread (or
// in a command-line tool's main thread).

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/topics/topicoperations.h"

#include <QMap>
#include <QStringList>

#include <optional>

namespace kafkalab {

class TopicAdminClient {
public:
    // Nothing, with the reason, when the client cannot be made (a bad property).
    static std::optional<TopicAdminClient> open(const QList<ClientProperty>& connection, QString* error);

    const QList<ClientProperty>& connection() const { return m_connection; }
    // The user's timeout for every request of this client (0: each operation's own, 10 s to 30 s).
    void setTimeout(int ms) { m_timeoutMs = ms; }
    // Every topic name, sorted; nothing, with the reason, when the cluster does not answer.
    std::optional<QStringList> topicNames(QString* error);
    // The topic's partition count; -1, with the reason, when it is not known.
    int partitionCount(const QString& topic, QString* error);
    int brokerCount(QString* error);

    QString create(const QString& name, int partitions, int replication, const QMap<QString, QString>& configs);
    std::optional<QList<TopicConfigEntry>> configs(const QString& topic, QString* error);
    QString alterConfigs(const QString& topic, const QMap<QString, std::optional<QString>>& changes);
    QString addPartitions(const QString& topic, int total);
    std::optional<QMap<int32_t, int64_t>> deleteRecords(
        const QString& topic, const QMap<int32_t, int64_t>& before, QString* error);
    QString deleteTopic(const QString& topic);

private:
    TopicAdminClient(QList<ClientProperty> connection, KafkaHandle rk);
    int timeout(int fallbackMs) const { return m_timeoutMs > 0 ? m_timeoutMs : fallbackMs; }
    QList<ClientProperty> m_connection;
    std::shared_ptr<rd_kafka_t> m_rk;
    int m_timeoutMs = 0;
};

// The librdkafka version kafkalab runs with ("2.0.2").
QString librdkafkaVersion();

} // namespace kafkalab
