#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/groups/groupadmin.h"

#include <QObject>

namespace kafkalab {

// Consumer-group administration on its own thread (a WorkerThread owned by GroupsMonitor), with its own rd_kafka_t
// made there on first use (read_uncommitted so that lag is measured against the high watermark, as Kafka's own tool
// does). Its waits poll `stop`: once the owner retires it, a call under way gives up within a slice.
class GroupsWorker : public QObject {
    Q_OBJECT
public:
    explicit GroupsWorker(QList<ClientProperty> properties, StopToken stop = StopToken());
    ~GroupsWorker() override;

public Q_SLOTS:
    // List every group and describe them all (members, offsets, lag).
    void refresh();
    void describe(const QStringList& groups);
    void reset(const QString& group, const QString& topic, const QString& target, bool dryRun);

Q_SIGNALS:
    void refreshed(QList<kafkalab::GroupSummary> groups, QList<kafkalab::GroupDescription> descriptions, QString error,
        qint64 elapsedMs);
    void described(QList<kafkalab::GroupDescription> descriptions, QString error);
    void resetDone(QList<kafkalab::OffsetChange> changes, QString error, bool dryRun);

private:
    bool ensureClient(QString* error);
    QList<ClientProperty> m_properties;
    KafkaHandle m_rk;
    StopToken m_stop;
};

// JSON for kafkalab-cli: one group with members and per-partition offsets and lag, or the list of groups.
QByteArray groupToJson(const GroupDescription& group);
QByteArray groupsToJson(const QList<GroupDescription>& groups);

} // namespace kafkalab
