#include "kafkacore/sandbox/sandboxprobe.h"

#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/cluster/adminworker.h"
#include "kafkacore/topics/topicadmin.h"

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
    const QString error = kafkalab::createTopics(rk.get(), m_topics, true, 1, &m_stop);
    return error.isEmpty() ? QString() : QStringLiteral("creating the demo topics failed: ") + error;
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
