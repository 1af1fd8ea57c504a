#include "kafkacore/topics/topicoperations.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/messages/browserworker.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QSet>
#include <QStringList>
#include <QThread>

#include <algorithm>

#include <vector>

namespace kafkalab {

namespace {

// Runs one admin request: `issue` sends it to `queue`; returns the result event, or nothing and the reason.
template <typename Issue>
EventPtr adminCall(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeoutMs, QString* error, Issue issue)
{
    char err[512];
    QueuePtr queue(rd_kafka_queue_new(rk));
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(rk, op));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, err, sizeof err);
    if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS || op == RD_KAFKA_ADMIN_OP_CREATEPARTITIONS
        || op == RD_KAFKA_ADMIN_OP_DELETERECORDS)
        rd_kafka_AdminOptions_set_operation_timeout(options.get(), timeoutMs, err, sizeof err);
    issue(options.get(), queue.get());
    EventPtr ev(rd_kafka_queue_poll(queue.get(), timeoutMs + 5000));
    if (!ev) {
        *error = QStringLiteral("no answer within %1 s").arg((timeoutMs + 5000) / 1000);
        return {};
    }
    if (rd_kafka_event_error(ev.get())) {
        *error
            = kafkaErrorText(rd_kafka_event_error(ev.get()), QString::fromUtf8(rd_kafka_event_error_string(ev.get())));
        return {};
    }
    return ev;
}

QString topicResultError(const rd_kafka_topic_result_t* r)
{
    const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(r);
    if (!e)
        return {};
    const char* msg = rd_kafka_topic_result_error_string(r);
    return kafkaErrorText(e, msg ? QString::fromUtf8(msg) : QString());
}

QString sourceName(rd_kafka_ConfigSource_t s)
{
    switch (s) {
    case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG:
        return QStringLiteral("topic override");
    case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_BROKER_CONFIG:
        return QStringLiteral("broker (dynamic)");
    case RD_KAFKA_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG:
        return QStringLiteral("cluster default (dynamic)");
    case RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG:
        return QStringLiteral("broker config file");
    case RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG:
        return QStringLiteral("Kafka default");
    default:
        return QStringLiteral("unknown");
    }
}

} // namespace

KafkaHandle makeAdminClient(const QList<ClientProperty>& connection, QString* error)
{
    // No group.id: topic operations never list a group's offsets, the one call librdkafka issue 5040 makes crash
    // without it.
    return newClient(connection, RD_KAFKA_CONSUMER, error);
}

std::optional<QList<QByteArray>> sampleKeys(
    const QList<ClientProperty>& connection, const QString& topic, int perPartition, QString* error)
{
    BrowserWorker reader(connection); // used on this thread: its signals arrive directly
    QList<QByteArray> keys;
    ReadSummary summary;
    QObject::connect(&reader, &BrowserWorker::batch, &reader, [&keys](const MessageBatchPtr& b) {
        for (const MessageRecord& r : *b)
            if (!r.keyIsNull())
                keys.append(r.key());
    });
    QObject::connect(&reader, &BrowserWorker::finished, &reader, [&summary](const ReadSummary& s) { summary = s; });
    ReadRequest request;
    request.topic = topic;
    request.start = ReadRequest::Start::Newest;
    request.newest = perPartition;
    request.isolation = QStringLiteral("read_uncommitted");
    request.valueLimit = 0;
    reader.read(request);
    if (!summary.error.isEmpty()) {
        *error = summary.error;
        return std::nullopt;
    }
    return keys;
}

QString createTopic(rd_kafka_t* rk, const QString& name, int partitions, int replication,
    const QMap<QString, QString>& configs, int timeoutMs)
{
    char err[512];
    NewTopicPtr topic(rd_kafka_NewTopic_new(name.toUtf8().constData(), partitions, replication, err, sizeof err));
    if (!topic)
        return QString::fromUtf8(err);
    for (auto it = configs.begin(); it != configs.end(); ++it)
        if (auto e
            = rd_kafka_NewTopic_set_config(topic.get(), it.key().toUtf8().constData(), it.value().toUtf8().constData()))
            return QStringLiteral("config %1: %2").arg(it.key(), kafkaErrorText(e));
    QString error;
    rd_kafka_NewTopic_t* list[] = { topic.get() };
    EventPtr ev = adminCall(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, timeoutMs, &error,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) { rd_kafka_CreateTopics(rk, list, 1, o, q); });
    if (!ev)
        return error;
    size_t n = 0;
    const rd_kafka_topic_result_t** results
        = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev.get()), &n);
    return n == 1 ? topicResultError(results[0]) : QStringLiteral("no result for the topic");
}

std::optional<QList<TopicConfigEntry>> describeTopicConfigs(
    rd_kafka_t* rk, const QString& topic, QString* error, int timeoutMs)
{
    ConfigResourcePtr resource(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.toUtf8().constData()));
    rd_kafka_ConfigResource_t* list[] = { resource.get() };
    EventPtr ev = adminCall(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeoutMs, error,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) { rd_kafka_DescribeConfigs(rk, list, 1, o, q); });
    if (!ev)
        return std::nullopt;
    size_t n = 0;
    const rd_kafka_ConfigResource_t** res
        = rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev.get()), &n);
    if (n != 1) {
        *error = QStringLiteral("no result for the topic");
        return std::nullopt;
    }
    if (auto e = rd_kafka_ConfigResource_error(res[0])) {
        const char* msg = rd_kafka_ConfigResource_error_string(res[0]);
        *error = kafkaErrorText(e, msg ? QString::fromUtf8(msg) : QString());
        return std::nullopt;
    }
    size_t cn = 0;
    const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(res[0], &cn);
    QList<TopicConfigEntry> out;
    for (size_t i = 0; i < cn; ++i) {
        TopicConfigEntry c;
        c.name = QString::fromUtf8(rd_kafka_ConfigEntry_name(entries[i]));
        const char* v = rd_kafka_ConfigEntry_value(entries[i]);
        c.value = v ? QString::fromUtf8(v) : QString();
        c.isDefault = rd_kafka_ConfigEntry_is_default(entries[i]);
        c.readOnly = rd_kafka_ConfigEntry_is_read_only(entries[i]);
        c.sensitive = rd_kafka_ConfigEntry_is_sensitive(entries[i]);
        c.source = sourceName(rd_kafka_ConfigEntry_source(entries[i]));
        out.append(c);
    }
    std::sort(
        out.begin(), out.end(), [](const TopicConfigEntry& a, const TopicConfigEntry& b) { return a.name < b.name; });
    return out;
}

QString alterTopicConfigs(
    rd_kafka_t* rk, const QString& topic, const QMap<QString, std::optional<QString>>& changes, int timeoutMs)
{
    // IncrementalAlterConfigs (librdkafka 2.2+): SET or DELETE (back to the default) only the configs named; the
    // topic's other overrides stay as they are, so nothing is read first.
    ConfigResourcePtr resource(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.toUtf8().constData()));
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const QByteArray value = it.value() ? it.value()->toUtf8() : QByteArray();
        ErrorPtr e(rd_kafka_ConfigResource_add_incremental_config(resource.get(), it.key().toUtf8().constData(),
            it.value() ? RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET : RD_KAFKA_ALTER_CONFIG_OP_TYPE_DELETE,
            it.value() ? value.constData() : nullptr));
        if (e)
            return QStringLiteral("config %1: %2").arg(it.key(), QString::fromUtf8(rd_kafka_error_string(e.get())));
    }
    rd_kafka_ConfigResource_t* list[] = { resource.get() };
    QString error;
    EventPtr ev = adminCall(rk, RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS, timeoutMs, &error,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) { rd_kafka_IncrementalAlterConfigs(rk, list, 1, o, q); });
    if (!ev)
        return error;
    size_t n = 0;
    const rd_kafka_ConfigResource_t** res = rd_kafka_IncrementalAlterConfigs_result_resources(
        rd_kafka_event_IncrementalAlterConfigs_result(ev.get()), &n);
    if (n != 1)
        return QStringLiteral("no result for the topic");
    if (auto e = rd_kafka_ConfigResource_error(res[0])) {
        const char* msg = rd_kafka_ConfigResource_error_string(res[0]);
        return kafkaErrorText(e, msg ? QString::fromUtf8(msg) : QString());
    }
    // The broker answers before every broker serves the change from DescribeConfigs: return once it shows the
    // changed configs (at most 5 s), so that what the caller reads next is what it set.
    auto applied = [&] {
        QString ignored;
        const auto now = describeTopicConfigs(rk, topic, &ignored, timeoutMs);
        if (!now)
            return false;
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            const auto entry = std::find_if(
                now->cbegin(), now->cend(), [&](const TopicConfigEntry& c) { return c.name == it.key(); });
            const bool overridden = entry != now->cend() && entry->source == QLatin1String("topic override");
            if (it.value() ? (!overridden || (!entry->sensitive && entry->value != *it.value())) : overridden)
                return false;
        }
        return true;
    };
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 5000 && !applied())
        QThread::msleep(100);
    return {};
}

QString alterTopicConfig(
    rd_kafka_t* rk, const QString& topic, const QString& name, const std::optional<QString>& value, int timeoutMs)
{
    return alterTopicConfigs(rk, topic, { { name, value } }, timeoutMs);
}

QString createPartitions(rd_kafka_t* rk, const QString& topic, int total, int timeoutMs)
{
    char err[512];
    std::unique_ptr<rd_kafka_NewPartitions_t, decltype(&rd_kafka_NewPartitions_destroy)> np(
        rd_kafka_NewPartitions_new(topic.toUtf8().constData(), size_t(total), err, sizeof err),
        &rd_kafka_NewPartitions_destroy);
    if (!np)
        return QString::fromUtf8(err);
    rd_kafka_NewPartitions_t* list[] = { np.get() };
    QString error;
    EventPtr ev = adminCall(rk, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, timeoutMs, &error,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) { rd_kafka_CreatePartitions(rk, list, 1, o, q); });
    if (!ev)
        return error;
    size_t n = 0;
    const rd_kafka_topic_result_t** results
        = rd_kafka_CreatePartitions_result_topics(rd_kafka_event_CreatePartitions_result(ev.get()), &n);
    return n == 1 ? topicResultError(results[0]) : QStringLiteral("no result for the topic");
}

std::optional<QMap<int32_t, int64_t>> deleteRecords(
    rd_kafka_t* rk, const QString& topic, const QMap<int32_t, int64_t>& before, QString* error, int timeoutMs)
{
    PartitionListPtr offsets(rd_kafka_topic_partition_list_new(int(before.size())));
    for (auto it = before.begin(); it != before.end(); ++it)
        rd_kafka_topic_partition_list_add(offsets.get(), topic.toUtf8().constData(), it.key())->offset
            = it.value() < 0 ? RD_KAFKA_OFFSET_END : it.value();
    std::unique_ptr<rd_kafka_DeleteRecords_t, decltype(&rd_kafka_DeleteRecords_destroy)> del(
        rd_kafka_DeleteRecords_new(offsets.get()), &rd_kafka_DeleteRecords_destroy);
    rd_kafka_DeleteRecords_t* list[] = { del.get() };
    EventPtr ev = adminCall(rk, RD_KAFKA_ADMIN_OP_DELETERECORDS, timeoutMs, error,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) { rd_kafka_DeleteRecords(rk, list, 1, o, q); });
    if (!ev)
        return std::nullopt;
    const rd_kafka_topic_partition_list_t* result
        = rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(ev.get()));
    QMap<int32_t, int64_t> lows;
    QStringList failures;
    for (int i = 0; result && i < result->cnt; ++i) {
        if (result->elems[i].err)
            failures.append(QStringLiteral("partition %1: %2")
                                .arg(result->elems[i].partition)
                                .arg(kafkaErrorText(result->elems[i].err)));
        else
            lows.insert(result->elems[i].partition, result->elems[i].offset);
    }
    if (!failures.isEmpty()) {
        *error = failures.join(QLatin1String("; "));
        return std::nullopt;
    }
    return lows;
}

int brokerCount(rd_kafka_t* rk, QString* error, int timeoutMs)
{
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, nullptr, &md, timeoutMs);
    MetadataPtr owned(md);
    if (err) {
        *error = kafkaErrorText(err);
        return -1;
    }
    return md->broker_cnt;
}

QString PartitionChangePreview::summary() const
{
    if (keys == 0)
        return QStringLiteral("no keys to check: only keyed messages keep their partition, and there are none here");
    const QLocale english(QLocale::English);
    if (moved == 0)
        return QStringLiteral("none of %1 sampled keys moves").arg(english.toString(keys));
    return QStringLiteral("%1% of %2 sampled keys move: per-key ordering across the change is lost")
        .arg(qRound(100.0 * movedShare()))
        .arg(english.toString(keys));
}

PartitionChangePreview previewAddPartitions(
    const QList<QByteArray>& keys, int32_t fromCount, int32_t toCount, Partitioner partitioner)
{
    PartitionChangePreview p;
    QSet<QByteArray> seen;
    for (const QByteArray& k : keys) {
        if (seen.contains(k))
            continue;
        seen.insert(k);
        ++p.keys;
        const int32_t from = predictPartition(partitioner, &k, fromCount).partition;
        const int32_t to = predictPartition(partitioner, &k, toCount).partition;
        if (from != to) {
            ++p.moved;
            p.moves.append({ k, from, to });
        }
    }
    return p;
}

} // namespace kafkalab
