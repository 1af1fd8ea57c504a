#pragma once

#include "kafkacore/cluster/adminworker.h"
#include "kafkacore/replication/replicationstate.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace kafkalab {

// The Replication tab's worker: ClusterSession's AdminWorker (the same client and metadata read) with a fast poll
// that reads only metadata (leader, replicas, ISR: no racks, no watermarks) and the preferred-leader election
// (ElectLeaders, librdkafka 2.4+). Lives on the ReplicationMonitor's WorkerThread.
class ReplicationWorker : public AdminWorker {
    Q_OBJECT
public:
    using AdminWorker::AdminWorker;

public Q_SLOTS:
    void poll();
    // Elects the preferred leader (the first replica) of `partitions` of `topic`; every partition of the cluster when
    // `topic` is empty (then the answer lists only the partitions where something happened or failed).
    void electPreferred(const QString& topic, const QList<int32_t>& partitions);

Q_SIGNALS:
    void polled(kafkalab::ClusterSnapshot snapshot);
    void pollFailed(QString message);
    void electionDone(QList<kafkalab::ElectionResult> results, QString error);
};

} // namespace kafkalab
