#include "kafkacore/topics/topicadminclient.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/topics/topicadmin.h"

namespace kafkalab {

TopicAdminClient::TopicAdminClient(QList<ClientProperty> connection, KafkaHandle rk)
    : m_connection(std::move(connection))
    , m_rk(rk.release(), [](rd_kafka_t* h) { KafkaHandle owned(h); })
{
}

std::optional<TopicAdminClient> TopicAdminClient::open(const QList<ClientProperty>& connection, QString* error)
{
    KafkaHandle rk = makeAdminClient(connection, error);
    if (!rk)
        return std::nullopt;
    return TopicAdminClient(connection, std::move(rk));
}

std::optional<QStringList> TopicAdminClient::topicNames(QString* error)
{
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk.get(), 1, nullptr, &md, timeout(10000));
    MetadataPtr owned(md);
    if (err) {
        *error = kafkaErrorText(err);
        return std::nullopt;
    }
    QStringList names;
    for (int i = 0; i < md->topic_cnt; ++i)
        names.append(QString::fromUtf8(md->topics[i].topic));
    names.sort();
    return names;
}

int TopicAdminClient::partitionCount(const QString& topic, QString* error)
{
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(m_rk.get(), topic.toUtf8().constData(), nullptr);
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk.get(), 0, rkt, &md, timeout(10000));
    MetadataPtr owned(md);
    rd_kafka_topic_destroy(rkt);
    if (err || !md || md->topic_cnt != 1 || md->topics[0].err) {
        *error = err ? kafkaErrorText(err) : QStringLiteral("topic '%1' not found").arg(topic);
        return -1;
    }
    return md->topics[0].partition_cnt;
}

int TopicAdminClient::brokerCount(QString* error)
{
    return kafkalab::brokerCount(m_rk.get(), error, timeout(10000));
}

QString TopicAdminClient::create(
    const QString& name, int partitions, int replication, const QMap<QString, QString>& configs)
{
    return createTopic(m_rk.get(), name, partitions, replication, configs, timeout(30000));
}

std::optional<QList<TopicConfigEntry>> TopicAdminClient::configs(const QString& topic, QString* error)
{
    return describeTopicConfigs(m_rk.get(), topic, error, timeout(15000));
}

QString TopicAdminClient::alterConfigs(const QString& topic, const QMap<QString, std::optional<QString>>& changes)
{
    return alterTopicConfigs(m_rk.get(), topic, changes, timeout(15000));
}

QString TopicAdminClient::addPartitions(const QString& topic, int total)
{
    return createPartitions(m_rk.get(), topic, total, timeout(30000));
}

std::optional<QMap<int32_t, int64_t>> TopicAdminClient::deleteRecords(
    const QString& topic, const QMap<int32_t, int64_t>& before, QString* error)
{
    return kafkalab::deleteRecords(m_rk.get(), topic, before, error, timeout(30000));
}

QString TopicAdminClient::deleteTopic(const QString& topic)
{
    return deleteTopics(m_rk.get(), { topic }, timeout(30000));
}

QString librdkafkaVersion()
{
    return QString::fromLatin1(rd_kafka_version_str());
}

} // namespace kafkalab
