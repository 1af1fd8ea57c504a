#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/cluster/brokermodel.h"
#include "kafkacore/cluster/clustersnapshot.h"
#include "kafkacore/cluster/partitionmodel.h"
#include "kafkacore/cluster/topicmodel.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace kafkalab {

class AdminWorker;

// The GUI-side handle on one cluster connection. It owns the admin worker's WorkerThread (one per connection; a
// replaced or dropped one is retired, never waited for), turns the worker's snapshots
// into model updates (merged, never reset) and refreshes periodically. It makes no librdkafka call itself.
class ClusterSession : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Connected, Failed };
    Q_ENUM(State)

    explicit ClusterSession(QObject* parent = nullptr);
    ~ClusterSession() override;

    // Drops any current connection (without waiting for it) and connects anew.
    void connectTo(const QString& name, const QList<ClientProperty>& properties, int connectTimeoutMs = 8000);
    // Abandons a connection attempt or the connection; the window does not wait for the worker to finish.
    void disconnectCluster();
    void refresh();
    // Reads only `topic`'s watermarks (its partitions as the last snapshot has them) and applies them to the
    // snapshot and models, then says snapshotApplied(). Skipped while any refresh is under way.
    void refreshWatermarks(const QString& topic);
    int watermarkRefreshes() const { return m_watermarkRefreshes; } // answers applied, for tests and benches
    int fullRefreshes() const { return m_fullRefreshes; } // snapshots applied
    void setAutoRefreshInterval(int ms); // 0 turns it off
    int autoRefreshInterval() const { return m_autoRefreshMs; }
    void setSelectedTopic(const QString& topic);

    State state() const { return m_state; }
    QString name() const { return m_name; }
    QString bootstrap() const { return m_bootstrap; }
    QString clusterId() const { return m_clusterId; }
    QString lastError() const { return m_lastError; }
    bool refreshing() const { return m_refreshInFlight; }
    const ClusterSnapshot& snapshot() const { return m_snapshot; }

    BrokerModel* brokers() { return &m_brokers; }
    TopicModel* topics() { return &m_topics; }
    PartitionModel* partitions() { return &m_partitions; }

Q_SIGNALS:
    void stateChanged(kafkalab::ClusterSession::State state);
    void connectFailed(QString message);
    void refreshStarted();
    void snapshotApplied();
    void refreshFailed(QString message);

private:
    void setState(State state);
    void retireWorker();
    void onConnected(const QString& clusterId);
    void onSnapshot(const ClusterSnapshot& snapshot);
    void onWatermarks(const TopicInfo& topic, const QString& error);

    State m_state = State::Idle;
    QString m_name;
    QString m_bootstrap;
    QString m_clusterId;
    QString m_lastError;
    QString m_selectedTopic;
    ClusterSnapshot m_snapshot;
    BrokerModel m_brokers;
    TopicModel m_topics;
    PartitionModel m_partitions;
    QTimer m_autoRefresh;
    int m_autoRefreshMs = 10000;
    bool m_refreshInFlight = false;
    bool m_watermarksInFlight = false;
    int m_watermarkRefreshes = 0;
    int m_fullRefreshes = 0;
    std::unique_ptr<WorkerThread> m_thread;
    AdminWorker* m_worker = nullptr; // lives on m_thread; dropped (not deleted) when the thread is retired
};

} // namespace kafkalab
