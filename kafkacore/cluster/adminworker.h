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
    explicit AdminWorker(QList<ClientProperty> properties, int connectTimeoutMs = 8000, StopToken stop = StopToken());
    ~AdminWorker() override;

    // Sets the stop flag (shared with the owner): blocking calls give up at their next slice (at most ~0.5 s).
    void requestStop() { m_stop.requestStop(); }

public Q_SLOTS:
    // Creates the client and waits until a broker answers metadata, the timeout passes, or authentication fails.
    void connectCluster();
    void refresh();

Q_SIGNALS:
    void connected(QString clusterId, qint64 elapsedMs);
    void connectFailed(QString message);
    void snapshotReady(kafkalab::ClusterSnapshot snapshot);
    void refreshFailed(QString message);

private:
    static void onError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
    MetadataPtr fetchMetadata(int timeoutMs, rd_kafka_resp_err_t* err);
    void readRacks(ClusterSnapshot& snapshot);
    QString readWatermarks(ClusterSnapshot& snapshot);
    bool stopping() const { return m_stop.stopRequested(); }

    QList<ClientProperty> m_properties;
    int m_connectTimeoutMs;
    KafkaHandle m_rk;
    StopToken m_stop;
    rd_kafka_resp_err_t m_lastErr = RD_KAFKA_RESP_ERR_NO_ERROR;
    QString m_lastError;
    QHash<int32_t, QString> m_racks; // broker id -> broker.rack, read once per broker
};

} // namespace kafkalab
