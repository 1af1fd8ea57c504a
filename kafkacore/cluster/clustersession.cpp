#include "kafkacore/cluster/clustersession.h"

#include "kafkacore/cluster/adminworker.h"

#include <QThread>

namespace kafkalab {

ClusterSession::ClusterSession(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ClusterSnapshot>();
    m_autoRefresh.setInterval(m_autoRefreshMs);
    connect(&m_autoRefresh, &QTimer::timeout, this, &ClusterSession::refresh);
}

ClusterSession::~ClusterSession()
{
    retireWorker();
    // At the end the threads must be joined; each worker gives up within one slice of its current call.
    for (const QPointer<QThread>& t : std::as_const(m_retiring)) {
        if (t) {
            t->wait();
            delete t.data();
        }
    }
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
    if (!m_thread)
        return;
    m_worker->requestStop();
    disconnect(m_worker, nullptr, this, nullptr);
    QThread* thread = m_thread;
    connect(thread, &QThread::finished, m_worker, &QObject::deleteLater);
    thread->quit();
    m_retiring.removeAll(nullptr);
    m_retiring.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_retiring.removeAll(thread);
        thread->deleteLater();
    });
    m_thread = nullptr;
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

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("kafkalab-admin"));
    m_worker = new AdminWorker(properties, connectTimeoutMs);
    m_worker->moveToThread(m_thread);
    connect(m_worker, &AdminWorker::connected, this, &ClusterSession::onConnected);
    connect(m_worker, &AdminWorker::connectFailed, this, [this](const QString& message) {
        m_lastError = message;
        setState(State::Failed);
        Q_EMIT connectFailed(message);
    });
    connect(m_worker, &AdminWorker::snapshotReady, this, &ClusterSession::onSnapshot);
    connect(m_worker, &AdminWorker::refreshFailed, this, [this](const QString& message) {
        m_refreshInFlight = false;
        m_lastError = message;
        Q_EMIT refreshFailed(message);
    });
    m_thread->start();
    setState(State::Connecting);
    QMetaObject::invokeMethod(m_worker, &AdminWorker::connectCluster, Qt::QueuedConnection);
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
    QMetaObject::invokeMethod(m_worker, &AdminWorker::refresh, Qt::QueuedConnection);
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
    m_snapshot = snapshot;
    m_brokers.apply(snapshot);
    m_topics.apply(snapshot);
    m_partitions.show(m_selectedTopic, snapshot);
    m_lastError = snapshot.offsetsError;
    Q_EMIT snapshotApplied();
}

} // namespace kafkalab
