#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/groups/grouptypes.h"

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QTimer>

#include <atomic>

namespace kafkalab {

struct MemberConfig {
    QString name; // the lab's name for the member, e.g. "A"
    QString groupId;
    QString clientId;
    QStringList topics;
    QString assignor = QStringLiteral("range"); // range, roundrobin, cooperative-sticky
    int sessionTimeoutMs = 10000;
    int maxPollIntervalMs = 300000;
    QString instanceId; // static membership when set
    int processingDelayMs = 0;
    QList<ClientProperty> connection;
};

// What a member's client saw, timestamped when it saw it.
struct MemberEvent {
    enum class Kind { Joining, Assigned, Revoked, Lost, Left, Crashed, Stalled, Resumed, Paused, Error };
    QString member;
    QString groupId;
    Kind kind = Kind::Joining;
    qint64 atMs = 0; // milliseconds since the epoch
    QList<TopicPartitionRef> partitions;
    QString protocol; // EAGER or COOPERATIVE
    int rebalanceCount = 0; // this member's rebalance callbacks so far
    QString detail;
    static QString kindName(Kind k);
};

struct MemberCounts {
    QString member;
    QHash<QString, int64_t> perPartition; // "topic\0partition" -> messages consumed
    QList<QPair<QString, int64_t>> seen; // new (key, value-prefix) pairs since the last report, for loss checks
    int64_t total = 0;
};

// One consumer-group member: its own client on its own thread. It polls from a zero-interval timer (100 ms per
// poll at most), so queued commands (leave, pause, crash, stall) are served between polls.
class GroupMemberWorker : public QObject {
    Q_OBJECT
public:
    explicit GroupMemberWorker(MemberConfig config);
    ~GroupMemberWorker() override;

    // Records every consumed (partition, offset) for tests and loss checks.
    void setRecordMessages(bool on) { m_record = on; }

public Q_SLOTS:
    void start();
    void leave(); // clean: revoke, commit, LeaveGroup
    void crash(); // vanish without leaving: the coordinator waits for the session timeout
    void stall(); // stop polling past max.poll.interval.ms; polling again rejoins
    void resumePolling();
    void pause();
    void resume();

Q_SIGNALS:
    void event(kafkalab::MemberEvent event);
    void counts(kafkalab::MemberCounts counts);
    void stopped();

private:
    // `err` is the rd_kafka_resp_err_t of librdkafka's rebalance callback.
    void handleRebalance(int err, rd_kafka_topic_partition_list_t* parts);
    void pollOnce();
    void report();
    void emitEvent(MemberEvent::Kind kind, const QList<TopicPartitionRef>& partitions = {}, const QString& detail = {});
    void destroyClient(bool leaveGroup);

    MemberConfig m_config;
    KafkaHandle m_rk;
    QTimer m_poll;
    QTimer m_report;
    int m_rebalances = 0;
    bool m_record = false;
    MemberCounts m_counts;
    bool m_dirty = false;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::MemberEvent)
Q_DECLARE_METATYPE(kafkalab::MemberCounts)
