#pragma once

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/cluster/clustersnapshot.h"

#include <QHash>
#include <QObject>

#include <atomic>

namespace kafkalab {

// Reads cluster metadata and watermarks. Lives on a WorkerThread (owned by ClusterSession) and owns its rd_kafka_t,
// made in connectCluster() on that thread: every librdkafka call
// and callback of this client runs on that thread. Results leave it as value types through queued signals.
class AdminWorker : public QObject {
    Q_OBJECT
public:
    // `connectTimeoutMs`, the user's timeout, bounds every request: connect, metadata, racks, watermarks.
    explicit AdminWorker(QList<ClientProperty> properties, int connectTimeoutMs = 8000, StopToken stop = StopToken());
    ~AdminWorker() override;

    // Sets the stop flag (shared with the owner): blocking calls give up at their next slice (at most ~0.5 s), except
    // a metadata request a slow broker is answering, which is waited for up to the connect timeout.
    void requestStop() { m_stop.requestStop(); }

public Q_SLOTS:
    // Creates the client and waits until a broker answers metadata, the timeout passes, or authentication fails.
    void connectCluster();
    void refresh();
    // Reads the watermarks of one topic's partitions as the last snapshot knows them (no metadata, no racks, no
    // other topic): what the Publish page shows during a run, once a second (issue 16: it refreshed the whole
    // cluster, at 14k partitions more CPU than the producer itself).
    void refreshWatermarks(kafkalab::TopicInfo topic);

Q_SIGNALS:
    void connected(QString clusterId, qint64 elapsedMs);
    void connectFailed(QString message);
    void snapshotReady(kafkalab::ClusterSnapshot snapshot);
    void watermarksReady(kafkalab::TopicInfo topic, QString error);
    void refreshFailed(QString message);

protected:
    // For a worker that extends this one (the replication lab's): the client (made by connectCluster() on this
    // thread), the user's timeout, and one metadata read into `snapshot` (brokers, controller, topics with leader,
    // replicas and ISR; no racks, internal flags or watermarks). False with `error` set when no answer came.
    rd_kafka_t* client() const { return m_rk.get(); }
    int connectTimeoutMs() const { return m_connectTimeoutMs; }
    bool readMetadata(ClusterSnapshot& snapshot, QString* error);
    bool stopping() const { return m_stop.stopRequested(); }
    const StopToken* stopToken() const { return &m_stop; }

private:
    static void onError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
    MetadataPtr fetchMetadata(int timeoutMs, rd_kafka_resp_err_t* err);
    MetadataPtr fetchMetadataWithin(int budgetMs, rd_kafka_resp_err_t* err, bool stopOnAuthFailure);
    EventPtr awaitAdmin(rd_kafka_queue_t* queue, int timeoutMs);
    bool authFailed() const;
    // Each asks without waiting; the take* call collects the answer (or keeps what was known) into the snapshot.
    QueuePtr askRacks();
    void takeRacks(rd_kafka_queue_t* queue, ClusterSnapshot& snapshot);
    QueuePtr askInternalFlags(const ClusterSnapshot& snapshot);
    void takeInternalFlags(rd_kafka_queue_t* queue, ClusterSnapshot& snapshot);
    QString readWatermarks(ClusterSnapshot& snapshot);

    QList<ClientProperty> m_properties;
    int m_connectTimeoutMs;
    KafkaHandle m_rk;
    StopToken m_stop;
    rd_kafka_resp_err_t m_lastErr = RD_KAFKA_RESP_ERR_NO_ERROR;
    QString m_lastError;
    qint64 m_connectMetadataMs = 0; // how long the connect's metadata took, reported with the first snapshot
    MetadataPtr
        m_connectMetadata; // the connect's answer, used by the refresh that follows it (after m_rk: freed first)
    QHash<int32_t, QString> m_racks; // broker id -> rack (DescribeCluster; kept when a later call fails)
    QHash<QString, bool> m_internal; // topic name -> is_internal (DescribeTopics, once per name)
};

} // namespace kafkalab
