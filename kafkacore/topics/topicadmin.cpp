#include "kafkacore/topics/topicadmin.h"

#include "kafkacore/client/clientfactory.h"

#include <QStringList>

#include <vector>

namespace kafkalab {

QString createTopics(rd_kafka_t* rk, const QList<TopicSpec>& specs, bool existingIsFine, int replication,
    const std::atomic_bool* stop, const QMap<QString, QString>& config)
{
    if (specs.isEmpty())
        return {};
    std::vector<NewTopicPtr> owned;
    std::vector<rd_kafka_NewTopic_t*> topics;
    char err[512];
    for (const TopicSpec& t : specs) {
        owned.emplace_back(
            rd_kafka_NewTopic_new(t.name.toUtf8().constData(), t.partitions, replication, err, sizeof err));
        if (!owned.back())
            return QStringLiteral("topic %1: %2").arg(t.name, QString::fromUtf8(err));
        for (auto it = config.begin(); it != config.end(); ++it)
            if (rd_kafka_NewTopic_set_config(
                    owned.back().get(), it.key().toUtf8().constData(), it.value().toUtf8().constData()))
                return QStringLiteral("topic %1: cannot set %2").arg(t.name, it.key());
        topics.push_back(owned.back().get());
    }
    QueuePtr queue(rd_kafka_queue_new(rk));
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), 15000, err, sizeof err);
    rd_kafka_AdminOptions_set_request_timeout(options.get(), 20000, err, sizeof err);
    rd_kafka_CreateTopics(rk, topics.data(), topics.size(), options.get(), queue.get());
    EventPtr ev;
    for (int waited = 0; !ev && waited < 30000 && !(stop && stop->load()); waited += 300)
        ev.reset(rd_kafka_queue_poll(queue.get(), 300));
    if (!ev)
        return stop && stop->load() ? QString() : QStringLiteral("creating topics: no answer within 30 s");
    if (rd_kafka_event_error(ev.get()))
        return QStringLiteral("creating topics failed: %1")
            .arg(kafkaErrorText(
                rd_kafka_event_error(ev.get()), QString::fromUtf8(rd_kafka_event_error_string(ev.get()))));
    size_t n = 0;
    const rd_kafka_topic_result_t** results
        = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev.get()), &n);
    QStringList failures;
    for (size_t i = 0; i < n; ++i) {
        const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR || (existingIsFine && e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS))
            continue;
        const char* msg = rd_kafka_topic_result_error_string(results[i]);
        failures.append(QStringLiteral("%1: %2").arg(QString::fromUtf8(rd_kafka_topic_result_name(results[i])),
            kafkaErrorText(e, msg ? QString::fromUtf8(msg) : QString())));
    }
    return failures.join(QLatin1String("; "));
}

QString deleteTopics(rd_kafka_t* rk, const QStringList& names, int timeoutMs)
{
    if (names.isEmpty())
        return {};
    std::vector<rd_kafka_DeleteTopic_t*> topics;
    for (const QString& n : names)
        topics.push_back(rd_kafka_DeleteTopic_new(n.toUtf8().constData()));
    char err[512];
    QueuePtr queue(rd_kafka_queue_new(rk));
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DELETETOPICS));
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeoutMs, err, sizeof err);
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, err, sizeof err);
    rd_kafka_DeleteTopics(rk, topics.data(), topics.size(), options.get(), queue.get());
    rd_kafka_DeleteTopic_destroy_array(topics.data(), topics.size());
    EventPtr ev(rd_kafka_queue_poll(queue.get(), timeoutMs + 2000));
    if (!ev)
        return QStringLiteral("deleting topics: no answer within %1 s").arg((timeoutMs + 2000) / 1000);
    if (rd_kafka_event_error(ev.get()))
        return QStringLiteral("deleting topics failed: %1")
            .arg(kafkaErrorText(
                rd_kafka_event_error(ev.get()), QString::fromUtf8(rd_kafka_event_error_string(ev.get()))));
    size_t n = 0;
    const rd_kafka_topic_result_t** results
        = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev.get()), &n);
    QStringList failures;
    for (size_t i = 0; i < n; ++i)
        if (const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i])) {
            const char* msg = rd_kafka_topic_result_error_string(results[i]);
            failures.append(QStringLiteral("%1: %2").arg(QString::fromUtf8(rd_kafka_topic_result_name(results[i])),
                kafkaErrorText(e, msg ? QString::fromUtf8(msg) : QString())));
        }
    return failures.join(QLatin1String("; "));
}

} // namespace kafkalab
