#include "sandboxprobe.h"

#include "adminworker.h"
#include "rdkafkaptr.h"

#include <chrono>
#include <vector>

namespace kafkalab {

QList<TopicSpec> demoTopics()
{
    return {
        { QStringLiteral("orders"), 6 },
        { QStringLiteral("customer-events"), 6 },
        { QStringLiteral("logs"), 6 },
        { QStringLiteral("topic1"), 3 },
        { QStringLiteral("topic2"), 3 },
        { QStringLiteral("orders.order.created"), 6 },
        { QStringLiteral("orders.order.shipped"), 6 },
        { QStringLiteral("customers.customer.registered"), 6 },
        { QStringLiteral("inventory.stock.updated"), 6 },
    };
}

SandboxProbe::SandboxProbe(QString bootstrap, QList<TopicSpec> topics, Done done)
    : m_bootstrap(std::move(bootstrap))
    , m_topics(std::move(topics))
    , m_done(std::move(done))
{
    m_thread = std::thread([this] { run(); });
}

SandboxProbe::~SandboxProbe()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void SandboxProbe::run()
{
    try {
        if (!waitForMetadata())
            return; // stopped
        const QString error = createTopics();
        if (error.isEmpty() && !waitForLeaders())
            return; // stopped
        if (!m_stop)
            m_done(error.isEmpty(), error);
    } catch (...) {
        if (!m_stop)
            m_done(false, QStringLiteral("internal error while probing the broker"));
    }
}

static KafkaHandle makeClient(const QString& bootstrap)
{
    ConfPtr conf(rd_kafka_conf_new());
    char err[256];
    rd_kafka_conf_set(conf.get(), "bootstrap.servers", bootstrap.toUtf8().constData(), err, sizeof err);
    rd_kafka_conf_set(conf.get(), "log_level", "0", err, sizeof err); // refused connections are expected here
    rd_kafka_conf_set(conf.get(), "reconnect.backoff.max.ms", "200", err, sizeof err);
    KafkaHandle rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
    if (rk)
        conf.release();
    return rk;
}

bool SandboxProbe::waitForMetadata()
{
    KafkaHandle rk = makeClient(m_bootstrap);
    while (!m_stop) {
        const rd_kafka_metadata_t* md = nullptr;
        if (rk && rd_kafka_metadata(rk.get(), 0, nullptr, &md, 300) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const bool hasBroker = md->broker_cnt > 0;
            rd_kafka_metadata_destroy(md);
            if (hasBroker)
                return true;
        }
        if (rk)
            rd_kafka_poll(rk.get(), 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

QString SandboxProbe::createTopics()
{
    if (m_topics.isEmpty())
        return {};
    KafkaHandle rk = makeClient(m_bootstrap);
    if (!rk)
        return QStringLiteral("could not create an admin client");
    std::vector<NewTopicPtr> owned;
    std::vector<rd_kafka_NewTopic_t*> topics;
    char err[512];
    for (const TopicSpec& t : std::as_const(m_topics)) {
        owned.emplace_back(rd_kafka_NewTopic_new(t.name.toUtf8().constData(), t.partitions, 1, err, sizeof err));
        if (!owned.back())
            return QStringLiteral("topic %1: %2").arg(t.name, QString::fromUtf8(err));
        topics.push_back(owned.back().get());
    }
    QueuePtr queue(rd_kafka_queue_new(rk.get()));
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), 15000, err, sizeof err);
    rd_kafka_AdminOptions_set_request_timeout(options.get(), 20000, err, sizeof err);
    rd_kafka_CreateTopics(rk.get(), topics.data(), topics.size(), options.get(), queue.get());
    EventPtr ev;
    while (!ev && !m_stop)
        ev.reset(rd_kafka_queue_poll(queue.get(), 300));
    if (!ev)
        return {};
    if (rd_kafka_event_error(ev.get()))
        return QStringLiteral("creating the demo topics failed: %1")
            .arg(kafkaErrorText(
                rd_kafka_event_error(ev.get()), QString::fromUtf8(rd_kafka_event_error_string(ev.get()))));
    size_t n = 0;
    const rd_kafka_topic_result_t** results
        = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev.get()), &n);
    QStringList failures;
    for (size_t i = 0; i < n; ++i) {
        const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR || e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
            continue;
        const char* msg = rd_kafka_topic_result_error_string(results[i]);
        failures.append(QStringLiteral("%1: %2").arg(QString::fromUtf8(rd_kafka_topic_result_name(results[i])),
            kafkaErrorText(e, msg ? QString::fromUtf8(msg) : QString())));
    }
    return failures.isEmpty()
        ? QString()
        : QStringLiteral("creating the demo topics failed: ") + failures.join(QLatin1String("; "));
}

bool SandboxProbe::waitForLeaders()
{
    if (m_topics.isEmpty())
        return true;
    KafkaHandle rk = makeClient(m_bootstrap);
    while (!m_stop) {
        PartitionListPtr list(rd_kafka_topic_partition_list_new(int(m_topics.size()) * 6));
        for (const TopicSpec& t : std::as_const(m_topics))
            for (int p = 0; p < t.partitions; ++p)
                rd_kafka_topic_partition_list_add(list.get(), t.name.toUtf8().constData(), p)->offset = -1;
        bool ok = rd_kafka_offsets_for_times(rk.get(), list.get(), 1000) == RD_KAFKA_RESP_ERR_NO_ERROR;
        for (int i = 0; ok && i < list->cnt; ++i)
            ok = list->elems[i].err == RD_KAFKA_RESP_ERR_NO_ERROR;
        if (ok)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

} // namespace kafkalab
