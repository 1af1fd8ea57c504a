#include "kafkacore/sandbox/sandboxprobe.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/topics/topicadmin.h"

#include <QMutex>

#include <algorithm>
#include <chrono>
#include <thread>
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

namespace {

// The cluster the probe reaches: bootstrap.servers and (secured) the super user's properties.
using Target = QList<ClientProperty>;
bool waitForMetadata(const Target& target, int brokers, const StopToken& stop);
QString createTopics(const Target& target, const QList<TopicSpec>& topics, int replication, const StopToken& stop);
// Until every partition of the created topics has a leader that answers offset requests.
bool waitForLeaders(const Target& target, const QList<TopicSpec>& topics, const StopToken& stop);

} // namespace

struct SandboxProbe::State {
    QMutex mutex; // held while `done` runs, and by ~SandboxProbe to clear it
    SandboxProbe::Done done;
    StopToken stop;
};

SandboxProbe::SandboxProbe(
    const QString& bootstrap, const QList<ClientProperty>& security, QList<TopicSpec> topics, Done done, int brokers)
    : m_state(std::make_shared<State>())
{
    m_state->done = std::move(done);
    Target target { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
    target.append(security);
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-sandbox-probe"),
        [state = m_state, target = std::move(target), topics = std::move(topics), brokers](const StopToken& stop) {
            auto finish = [&](bool ok, const QString& message) {
                QMutexLocker lock(&state->mutex);
                if (state->done && !stop.stopRequested())
                    std::exchange(state->done, {})(ok, message);
            };
            try {
                if (!waitForMetadata(target, brokers, stop))
                    return; // stopped
                const QString error = createTopics(target, topics, std::min(brokers, 3), stop);
                if (error.isEmpty() && !waitForLeaders(target, topics, stop))
                    return; // stopped
                finish(error.isEmpty(), error);
            } catch (const std::exception& e) {
                finish(false,
                    QStringLiteral("internal error while probing the broker: %1").arg(QString::fromUtf8(e.what())));
            } catch (...) {
                finish(false, QStringLiteral("internal error while probing the broker"));
            }
        },
        m_state->stop);
}

SandboxProbe::~SandboxProbe()
{
    m_state->stop.requestStop();
    QMutexLocker lock(&m_state->mutex);
    m_state->done = {};
}

namespace {

KafkaHandle makeClient(const Target& target)
{
    ConfPtr conf(rd_kafka_conf_new());
    char err[256];
    for (const ClientProperty& p : target)
        rd_kafka_conf_set(conf.get(), p.key.toUtf8().constData(), p.value.toUtf8().constData(), err, sizeof err);
    rd_kafka_conf_set(conf.get(), "log_level", "0", err, sizeof err); // refused connections are expected here
    rd_kafka_conf_set(conf.get(), "reconnect.backoff.max.ms", "200", err, sizeof err);
    KafkaHandle rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
    if (rk)
        static_cast<void>(conf.release()); // rd_kafka_new took it
    return rk;
}

bool waitForMetadata(const Target& target, int brokers, const StopToken& stop)
{
    KafkaHandle rk = makeClient(target);
    while (!stop.stopRequested()) {
        const rd_kafka_metadata_t* md = nullptr;
        if (rk && rd_kafka_metadata(rk.get(), 0, nullptr, &md, 300) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const bool hasBroker = md->broker_cnt >= std::max(brokers, 1);
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

QString createTopics(const Target& target, const QList<TopicSpec>& topics, int replication, const StopToken& stop)
{
    if (topics.isEmpty())
        return {};
    KafkaHandle rk = makeClient(target);
    if (!rk)
        return QStringLiteral("could not create an admin client");
    const QString error = kafkalab::createTopics(rk.get(), topics, true, replication, stop.flag(),
        replication >= 3 ? QMap<QString, QString> { { QStringLiteral("min.insync.replicas"), QStringLiteral("2") } }
                         : QMap<QString, QString> {});
    return error.isEmpty() ? QString() : QStringLiteral("creating the demo topics failed: ") + error;
}

bool waitForLeaders(const Target& target, const QList<TopicSpec>& topics, const StopToken& stop)
{
    if (topics.isEmpty())
        return true;
    KafkaHandle rk = makeClient(target);
    while (!stop.stopRequested()) {
        PartitionListPtr list(rd_kafka_topic_partition_list_new(int(topics.size()) * 6));
        for (const TopicSpec& t : topics)
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

} // namespace

} // namespace kafkalab
