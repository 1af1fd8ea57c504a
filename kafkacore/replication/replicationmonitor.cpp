#include "kafkacore/replication/replicationmonitor.h"

#include "kafkacore/replication/replicationworker.h"

#include <QSet>

namespace kafkalab {

ReplicationMonitor::ReplicationMonitor(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ClusterSnapshot>();
    qRegisterMetaType<ElectionResult>();
    qRegisterMetaType<QList<ElectionResult>>();
    qRegisterMetaType<ReplicationEvent>();
    qRegisterMetaType<QList<ReplicationEvent>>();
    m_poll.setInterval(kDefaultPollMs);
    connect(&m_poll, &QTimer::timeout, this, &ReplicationMonitor::pollNow);
}

ReplicationMonitor::~ReplicationMonitor()
{
    retire();
}

void ReplicationMonitor::retire()
{
    m_poll.stop();
    if (m_thread)
        m_thread->retire();
    m_thread.reset();
    m_worker = nullptr;
    m_inFlight = false;
    m_electing = false;
}

void ReplicationMonitor::setConnection(const QList<ClientProperty>& properties, int timeoutMs)
{
    retire();
    m_all.clear();
    m_events.clear();
    m_leaderless.clear();
    m_lastPoll = {};
    m_lastError.clear();
    const bool was = std::exchange(m_connected, false);
    if (was)
        Q_EMIT connectedChanged(false);
    if (properties.isEmpty())
        return;
    m_thread = std::make_unique<WorkerThread>(QStringLiteral("replication-monitor"));
    m_worker = m_thread->adopt(new ReplicationWorker(properties, timeoutMs, m_thread->stopToken()),
        [w = m_thread->stopToken()] { w.requestStop(); });
    connect(m_worker, &AdminWorker::connected, this, [this] {
        m_connected = true;
        Q_EMIT connectedChanged(true);
        if (m_active) {
            pollNow();
            m_poll.start();
        }
    });
    connect(m_worker, &AdminWorker::connectFailed, this, [this](const QString& message) {
        m_lastError = message;
        Q_EMIT pollFailed(message);
    });
    connect(m_worker, &ReplicationWorker::polled, this, &ReplicationMonitor::onPolled);
    connect(m_worker, &ReplicationWorker::pollFailed, this, [this](const QString& message) {
        m_inFlight = false;
        m_lastError = message;
        Q_EMIT pollFailed(message);
    });
    connect(m_worker, &ReplicationWorker::electionDone, this,
        [this](const QList<ElectionResult>& results, const QString& error) {
            m_electing = false;
            Q_EMIT electionFinished(results, error);
        });
    m_thread->post(m_worker, [](ReplicationWorker* w) { w->connectCluster(); });
}

void ReplicationMonitor::setActive(bool active)
{
    m_active = active;
    if (!active) {
        m_poll.stop();
        return;
    }
    if (m_connected && !m_poll.isActive()) {
        pollNow();
        m_poll.start();
    }
}

void ReplicationMonitor::setPollInterval(int ms)
{
    m_poll.setInterval(std::max(100, ms));
}

void ReplicationMonitor::setTopic(const QString& topic)
{
    m_topic = topic;
}

void ReplicationMonitor::pollNow()
{
    if (!m_worker || m_inFlight)
        return; // a slow answer (a frozen broker) is not asked again on top of itself
    m_inFlight = true;
    m_thread->post(m_worker, [](ReplicationWorker* w) { w->poll(); });
}

void ReplicationMonitor::onPolled(const ClusterSnapshot& snapshot)
{
    m_inFlight = false;
    m_lastError.clear();
    const QList<ReplicaRow> now = replicaRows(snapshot, QString());
    const QDateTime at = snapshot.takenAt;
    const QList<ReplicationEvent> added
        = m_lastPoll.isValid() ? replicationEvents(m_all, now, at) : QList<ReplicationEvent>();
    m_all = now;
    m_leaderless.update(m_all, at);
    m_lastPoll = at;
    ++m_polls;
    if (!added.isEmpty()) {
        m_events.append(added);
        if (m_events.size() > kMaxEvents)
            m_events.remove(0, m_events.size() - kMaxEvents);
    }
    Q_EMIT polled();
    if (!added.isEmpty())
        Q_EMIT eventsAdded(added);
}

QStringList ReplicationMonitor::topics() const
{
    QStringList out;
    for (const ReplicaRow& r : m_all)
        if (out.isEmpty() || out.last() != r.topic)
            out.append(r.topic);
    return out;
}

QList<ReplicaRow> ReplicationMonitor::rows() const
{
    if (m_topic.isEmpty())
        return m_all;
    QList<ReplicaRow> out;
    for (const ReplicaRow& r : m_all)
        if (r.topic == m_topic)
            out.append(r);
    return out;
}

qint64 ReplicationMonitor::leaderlessMs(const QString& topic, int32_t partition) const
{
    return m_leaderless.leaderlessMs(topic, partition, m_lastPoll.isValid() ? m_lastPoll : QDateTime());
}

void ReplicationMonitor::clearTimeline()
{
    m_events.clear();
    m_leaderless.clear();
    m_leaderless.update(m_all, m_lastPoll);
}

bool ReplicationMonitor::electPreferredLeaders()
{
    if (!m_worker || !m_connected || m_electing)
        return false;
    m_electing = true;
    QList<int32_t> partitions;
    if (!m_topic.isEmpty())
        for (const ReplicaRow& r : rows())
            partitions.append(r.partition);
    m_thread->post(
        m_worker, [topic = m_topic, partitions](ReplicationWorker* w) { w->electPreferred(topic, partitions); });
    return true;
}

QString ReplicationMonitor::elrNote()
{
    return QStringLiteral("ELR not reported by this client: librdkafka 2.14's metadata and DescribeTopics carry no "
                          "eligible leader replicas (KIP-966)");
}

} // namespace kafkalab
