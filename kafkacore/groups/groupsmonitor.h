#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/groups/grouptypes.h"

#include <QObject>

namespace kafkalab {

class GroupsWorker;

// The handle on one cluster's consumer groups: owns a WorkerThread with a GroupsWorker on it (its rd_kafka_t is made
// there, on first use). Lives on the GUI (or CLI main) thread; calls are queued to the worker and answers come back as
// this object's signals. Destroying it (or retire()) never waits: the worker's current call gives up at its next
// slice and its thread ends on its own; answers not yet delivered are dropped with this object.
class GroupsMonitor : public QObject {
    Q_OBJECT
public:
    // `timeoutMs`: the user's timeout for each request (0: the worker's defaults, 10 s to list, 15 s otherwise).
    explicit GroupsMonitor(QList<ClientProperty> properties, QObject* parent = nullptr, int timeoutMs = 0);
    ~GroupsMonitor() override;

    // List every group and describe them all (members, offsets, lag): answers with refreshed().
    void refresh();
    void describe(const QStringList& groups);
    void reset(const QString& group, const QString& topic, const QString& target, bool dryRun);
    // Stops the worker and lets its thread end; later calls do nothing and no more answers arrive.
    void retire();
    bool isRetired() const { return !m_worker; }

Q_SIGNALS:
    void refreshed(QList<kafkalab::GroupSummary> groups, QList<kafkalab::GroupDescription> descriptions, QString error,
        qint64 elapsedMs);
    void described(QList<kafkalab::GroupDescription> descriptions, QString error);
    void resetDone(QList<kafkalab::OffsetChange> changes, QString error, bool dryRun);

private:
    WorkerThread m_thread;
    GroupsWorker* m_worker = nullptr; // lives on m_thread; null once retired
};

} // namespace kafkalab
