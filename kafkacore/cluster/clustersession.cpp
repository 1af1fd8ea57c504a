#include "kafkacore/cluster/clustersession.h"

#include "kafkacore/client/clientfactory.h"

#include "kafkacore/cluster/adminworker.h"

#include <QHash>

#include <algorithm>

namespace kafkalab {

ClusterSession::ClusterSession(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ClusterSnapshot>();
    qRegisterMetaType<TopicInfo>();
    m_autoRefresh.setInterval(m_autoRefreshMs);
    connect(&m_autoRefresh, &QTimer::timeout, this, &ClusterSession::refresh);
}

ClusterSession::~ClusterSession()
{
    // Never waits: the worker gives up within one slice of its current call and its thread ends on its own (threads
    // still running at exit are joined by WorkerThread::joinAll()).
    retireWorker();
}

void ClusterSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ClusterSession::retireWorker()
{
    m_autoRefresh.stop();
    m_refreshInFlight = false;
    m_watermarksInFlight = false;
    if (!m_thread)
        return;
    if (m_thread->isRunning()) // else joinAll() (application exit) has ended the thread and deleted the worker
        disconnect(m_worker, nullptr, this, nullptr);
    m_thread->retire(); // sets the worker's stop flag; the thread deletes the worker as it ends
    m_thread.reset();
    m_worker = nullptr;
}

void ClusterSession::connectTo(const QString& name, const QList<ClientProperty>& properties, int connectTimeoutMs)
{
    retireWorker();
    m_name = name;
    m_bootstrap.clear();
    for (const ClientProperty& p : properties)
        if (p.key == QLatin1String("bootstrap.servers"))
            m_bootstrap = p.value;
    m_clusterId.clear();
    m_lastError.clear();
    m_snapshot = {};
    m_partitions.clear();
    m_topics.clear();
    m_brokers.clear();

    m_thread = std::make_unique<WorkerThread>(QStringLiteral("kafkalab-admin"));
    m_worker = m_thread->adopt(new AdminWorker(properties, connectTimeoutMs, m_thread->stopToken()));
    connect(m_worker, &AdminWorker::connected, this, &ClusterSession::onConnected);
    connect(m_worker, &AdminWorker::connectFailed, this, [this](const QString& message) {
        m_lastError = message;
        setState(State::Failed);
        Q_EMIT connectFailed(message);
    });
    connect(m_worker, &AdminWorker::snapshotReady, this, &ClusterSession::onSnapshot);
    connect(m_worker, &AdminWorker::watermarksReady, this, &ClusterSession::onWatermarks);
    connect(m_worker, &AdminWorker::refreshFailed, this, [this](const QString& message) {
        m_refreshInFlight = false;
        m_lastError = message;
        Q_EMIT refreshFailed(message);
    });
    setState(State::Connecting);
    m_thread->post(m_worker, [](AdminWorker* w) { w->connectCluster(); });
}

void ClusterSession::disconnectCluster()
{
    retireWorker();
    setState(State::Idle);
}

void ClusterSession::onConnected(const QString& clusterId)
{
    m_clusterId = clusterId;
    setState(State::Connected);
    refresh();
    if (m_autoRefreshMs > 0)
        m_autoRefresh.start(m_autoRefreshMs);
}

void ClusterSession::refresh()
{
    // One refresh at a time: a slow cluster must not pile up requests.
    if (m_state != State::Connected || !m_worker || m_refreshInFlight)
        return;
    m_refreshInFlight = true;
    Q_EMIT refreshStarted();
    m_thread->post(m_worker, [](AdminWorker* w) { w->refresh(); });
}

void ClusterSession::refreshWatermarks(const QString& topic)
{
    if (m_state != State::Connected || !m_worker || m_refreshInFlight || m_watermarksInFlight)
        return;
    const TopicInfo* known = m_snapshot.topic(topic);
    if (!known || !known->error.isEmpty() || known->partitions.isEmpty())
        return;
    m_watermarksInFlight = true;
    m_thread->post(m_worker, [t = *known](AdminWorker* w) { w->refreshWatermarks(t); });
}

void ClusterSession::onWatermarks(const TopicInfo& topic, const QString& error)
{
    m_watermarksInFlight = false;
    if (m_refreshInFlight)
        return; // a whole snapshot is coming; it replaces these
    auto it = std::find_if(m_snapshot.topics.begin(), m_snapshot.topics.end(),
        [&topic](const TopicInfo& t) { return t.name == topic.name; });
    if (it == m_snapshot.topics.end())
        return;
    // Only the offsets: partitions, leaders and replicas stay as the last metadata had them.
    QHash<int32_t, const PartitionInfo*> read;
    for (const PartitionInfo& p : topic.partitions)
        read.insert(p.id, &p);
    for (PartitionInfo& p : it->partitions) {
        if (const PartitionInfo* r = read.value(p.id)) {
            p.low = r->low;
            p.high = r->high;
            p.lastStable = r->lastStable;
            p.error = r->error;
        }
    }
    if (!error.isEmpty())
        m_lastError = error;
    ++m_watermarkRefreshes;
    m_topics.apply(m_snapshot);
    if (m_selectedTopic == topic.name)
        m_partitions.show(m_selectedTopic, m_snapshot);
    Q_EMIT snapshotApplied();
}

void ClusterSession::setAutoRefreshInterval(int ms)
{
    m_autoRefreshMs = ms;
    if (ms <= 0) {
        m_autoRefresh.stop();
    } else {
        m_autoRefresh.setInterval(ms);
        if (m_state == State::Connected)
            m_autoRefresh.start();
    }
}

void ClusterSession::setSelectedTopic(const QString& topic)
{
    m_selectedTopic = topic;
    m_partitions.show(topic, m_snapshot);
}

void ClusterSession::onSnapshot(const ClusterSnapshot& snapshot)
{
    m_refreshInFlight = false;
    ++m_fullRefreshes;
    m_snapshot = snapshot;
    m_brokers.apply(snapshot);
    m_topics.apply(snapshot);
    m_partitions.show(m_selectedTopic, snapshot);
    m_lastError = snapshot.offsetsError;
    Q_EMIT snapshotApplied();
}

} // namespace kafkalab
