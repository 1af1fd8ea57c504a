#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/groups/groupadmin.h"
#include "kafkacore/groups/lagtrend.h"
#include "kafkacore/groups/messagetimestamps.h"

#include <QObject>

namespace kafkalab {

// Consumer-group administration on its own thread (a WorkerThread owned by GroupsMonitor), with its own rd_kafka_t
// made there on first use (read_uncommitted so that lag is measured against the high watermark, as Kafka's own tool
// does). Its waits poll `stop`: once the owner retires it, a call under way gives up within a slice. Every
// description also gets its time lag (MessageTimestamps: a consumer of its own, made here on first use, at most
// `TimeLagBudgetMs` a refresh) and its rates and trend (LagHistory: the offsets of earlier refreshes).
class GroupsWorker : public QObject {
    Q_OBJECT
public:
    // `timeoutMs`, the user's timeout, bounds each admin request (list, describe, reset); 0: 10 s to list and 15 s
    // to describe or reset.
    explicit GroupsWorker(QList<ClientProperty> properties, StopToken stop = StopToken(), int timeoutMs = 0);
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

public:
    static constexpr int TimeLagBudgetMs = 3000;
    int listTimeoutMs() const { return m_timeoutMs > 0 ? m_timeoutMs : 10000; }
    int requestTimeoutMs() const { return m_timeoutMs > 0 ? m_timeoutMs : 15000; }

private:
    bool ensureClient(QString* error);
    void addTimeLag(QList<GroupDescription>& groups);
    int m_timeoutMs = 0;
    QList<ClientProperty> m_properties;
    KafkaHandle m_rk;
    StopToken m_stop;
    MessageTimestamps m_timestamps;
    LagHistory m_history;
};

// JSON for kafkalab-cli: one group with members and per-partition offsets and lag, or the list of groups.
QByteArray groupToJson(const GroupDescription& group);
QByteArray groupsToJson(const QList<GroupDescription>& groups);

} // namespace kafkalab
