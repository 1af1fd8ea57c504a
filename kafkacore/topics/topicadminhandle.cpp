#include "kafkacore/topics/topicadminhandle.h"

#include "kafkacore/produce/keystrategy.h"
#include "kafkacore/topics/topicadminclient.h"

#include <QElapsedTimer>
#include <QSet>
#include <QThread>

#include <algorithm>

namespace kafkalab {

// Lives on the handle's WorkerThread and owns the TopicAdminClient, which it makes there at its first job.
class TopicAdminWorker : public QObject {
    Q_OBJECT
public:
    TopicAdminWorker(QList<ClientProperty> connection, StopToken stop)
        : m_connection(std::move(connection))
        , m_stop(std::move(stop))
    {
    }

    // The client, made on this thread; nothing (with `error`) when it cannot be made.
    TopicAdminClient* client(QString* error)
    {
        if (!m_client)
            m_client = TopicAdminClient::open(m_connection, &m_openError);
        if (!m_client)
            *error = QObject::tr("no admin client: %1").arg(m_openError);
        return m_client ? &*m_client : nullptr;
    }
    const QList<ClientProperty>& connection() const { return m_connection; }
    const StopToken& stop() const { return m_stop; }

    void execute(const std::function<TopicAdmin::Answer(TopicAdminWorker*)>& job)
    {
        if (m_stop.stopRequested())
            return; // retired: nobody waits for the answer
        Q_EMIT answered(job(this));
    }

Q_SIGNALS:
    void answered(kafkalab::TopicAdmin::Answer answer);

private:
    QList<ClientProperty> m_connection;
    StopToken m_stop;
    std::optional<TopicAdminClient> m_client;
    QString m_openError;
};

namespace {

TopicConfigResult applyConfigChanges(
    TopicAdminClient& client, const QString& topic, const TopicConfigChanges& changes, const StopToken& stop)
{
    TopicConfigResult result;
    TopicConfigChanges done;
    for (const auto& c : changes) {
        const QString error = client.alterConfigs(topic, { { c.first, c.second } });
        if (error.isEmpty()) {
            done.append(c);
        } else {
            result.failures.append(QStringLiteral("%1: %2").arg(c.first, error));
            if (c.second)
                result.failedEdits.insert(c.first, *c.second);
        }
    }
    // The broker applies a change a moment after it answers: read again until the changes show (2 s at most).
    auto settled = [&done](const QList<TopicConfigEntry>& entries) {
        for (const auto& c : done) {
            auto it = std::find_if(
                entries.begin(), entries.end(), [&c](const TopicConfigEntry& e) { return e.name == c.first; });
            if (it != entries.end()
                && (c.second ? it->value != *c.second : it->source == QLatin1String("topic override")))
                return false;
        }
        return true;
    };
    for (int attempt = 0; attempt < 10 && !stop.stopRequested(); ++attempt) {
        result.loadError.clear();
        result.entries = client.configs(topic, &result.loadError);
        if (!result.entries || settled(*result.entries))
            break;
        QThread::msleep(200);
    }
    return result;
}

PartitionPreviewResult partitionPreview(
    const QList<ClientProperty>& connection, const QString& topic, const PartitionPreviewRequest& r)
{
    PartitionPreviewResult result;
    result.keys = r.keys;
    if (r.needKeys) {
        result.keys.clear();
        if (r.fromFile) {
            const auto lines = readLines(r.file, &result.error);
            if (!lines)
                return result;
            for (const std::string& line : *lines)
                if (!line.empty()) // a blank line is layout, not an empty key
                    result.keys.append(QByteArray(line.data(), qsizetype(line.size())));
        } else {
            auto sampled = sampleKeys(connection, topic, r.perPartition, &result.error);
            if (!sampled)
                return result;
            result.keys = std::move(*sampled);
        }
    }
    result.preview = previewAddPartitions(result.keys, r.current, r.count, r.partitioner);
    // The keys count each key once; the traffic is every sampled message, a hot key many times.
    QSet<QByteArray> moved;
    for (const KeyMove& m : std::as_const(result.preview.moves))
        moved.insert(m.key);
    for (const QByteArray& k : std::as_const(result.keys))
        if (moved.contains(k))
            ++result.movedMessages;
    return result;
}

} // namespace

TopicAdmin::TopicAdmin(QList<ClientProperty> connection, QObject* parent)
    : QObject(parent)
    , m_connection(std::move(connection))
{
    qRegisterMetaType<Answer>();
}

TopicAdmin::~TopicAdmin()
{
    cancel();
}

void TopicAdmin::cancel()
{
    m_pending = 0;
    if (!m_thread)
        return;
    if (m_thread->isRunning()) // else joinAll() (application exit) has ended the thread and deleted the worker
        disconnect(m_worker, nullptr, this, nullptr); // answers already queued are dropped
    m_worker = nullptr;
    m_thread.reset(); // retires: never waits
}

void TopicAdmin::run(std::function<Answer(TopicAdminWorker*)> job)
{
    if (!m_thread) {
        m_thread = std::make_unique<WorkerThread>(QStringLiteral("kafkalab-topic-admin"));
        m_worker = m_thread->adopt(new TopicAdminWorker(m_connection, m_thread->stopToken()));
        connect(m_worker, &TopicAdminWorker::answered, this, [this](const Answer& answer) {
            m_pending = std::max(0, m_pending - 1);
            answer(this);
        });
    }
    ++m_pending;
    m_thread->post(m_worker, [job = std::move(job)](TopicAdminWorker* w) { w->execute(job); });
}

void TopicAdmin::createTopic(
    const QString& name, int partitions, int replication, const QMap<QString, QString>& configs)
{
    run([=](TopicAdminWorker* w) -> Answer {
        QString error;
        if (TopicAdminClient* c = w->client(&error))
            error = c->create(name, partitions, replication, configs);
        return [name, error](TopicAdmin* a) { Q_EMIT a->topicCreated(name, error); };
    });
}

void TopicAdmin::deleteTopic(const QString& topic)
{
    run([=](TopicAdminWorker* w) -> Answer {
        QString error;
        if (TopicAdminClient* c = w->client(&error))
            error = c->deleteTopic(topic);
        return [topic, error](TopicAdmin* a) { Q_EMIT a->topicDeleted(topic, error); };
    });
}

void TopicAdmin::addPartitions(const QString& topic, int total)
{
    run([=](TopicAdminWorker* w) -> Answer {
        QString error;
        if (TopicAdminClient* c = w->client(&error))
            error = c->addPartitions(topic, total);
        return [topic, total, error](TopicAdmin* a) { Q_EMIT a->partitionsAdded(topic, total, error); };
    });
}

void TopicAdmin::deleteRecords(const QString& topic, const QMap<int32_t, int64_t>& before)
{
    run([=](TopicAdminWorker* w) -> Answer {
        DeleteRecordsResult result;
        if (TopicAdminClient* c = w->client(&result.error))
            result.lows = c->deleteRecords(topic, before, &result.error);
        return [topic, result](TopicAdmin* a) { Q_EMIT a->recordsDeleted(topic, result); };
    });
}

void TopicAdmin::applyConfigs(const QString& topic, const TopicConfigChanges& changes)
{
    run([=](TopicAdminWorker* w) -> Answer {
        TopicConfigResult result;
        if (TopicAdminClient* c = w->client(&result.loadError))
            result = applyConfigChanges(*c, topic, changes, w->stop());
        return [topic, result](TopicAdmin* a) { Q_EMIT a->configsApplied(topic, result); };
    });
}

void TopicAdmin::previewAddPartitions(const QString& topic, const PartitionPreviewRequest& request)
{
    run([=](TopicAdminWorker* w) -> Answer {
        const PartitionPreviewResult result = partitionPreview(w->connection(), topic, request);
        return [topic, result](TopicAdmin* a) { Q_EMIT a->partitionPreviewReady(topic, result); };
    });
}

} // namespace kafkalab

#include "topicadminhandle.moc"
