#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/groups/groupprotocols.h"
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
    // "classic" (the client-side assignors: JoinGroup/SyncGroup) or "consumer" (KIP-848, group.protocol=consumer: the
    // broker assigns, members reconcile incrementally through heartbeats).
    QString protocol = QStringLiteral("classic");
    // classic: range, roundrobin, cooperative-sticky (partition.assignment.strategy); consumer: uniform or range, the
    // broker's assignor (group.remote.assignor).
    QString assignor = QStringLiteral("range");
    // classic only: a consumer-protocol member's session timeout and heartbeat interval are the broker's (or the
    // group's) configuration, and librdkafka refuses these properties for it.
    int sessionTimeoutMs = 10000;
    int maxPollIntervalMs = 300000;
    QString instanceId; // static membership when set
    int processingDelayMs = 0;
    QList<ClientProperty> connection;
};

// What a member's client saw, timestamped when it saw it.
// Why a member cannot be started with this configuration (unknown protocol, an assignor its protocol does not have);
// empty when it can.
QString memberConfigError(const MemberConfig& config);

// One message a member consumed, for the compare run's "messages delayed".
struct ConsumedMessage {
    QString partition; // GroupLab::key(topic, partition)
    int64_t offset = -1;
    qint64 timestampMs = -1; // the message's timestamp (CreateTime: the producer's clock, on this machine)
};

struct MemberEvent {
    // Target: the broker's target assignment for this member changed (consumer protocol only; read with
    // DescribeConsumerGroups, which gives no member epoch in librdkafka 2.14: `generation` is the member's own).
    enum class Kind { Joining, Assigned, Revoked, Lost, Left, Crashed, Stalled, Resumed, Paused, Error, Target };
    QString member;
    QString groupId;
    Kind kind = Kind::Joining;
    qint64 atMs = 0; // milliseconds since the epoch
    QList<TopicPartitionRef> partitions;
    QString protocol; // the rebalance protocol: EAGER or COOPERATIVE (the consumer protocol is COOPERATIVE)
    QString groupProtocol; // classic or consumer
    // The generation id (classic) or member epoch (consumer) from the member's consumer group metadata when the event
    // happened; -1 when it has none (not joined yet).
    int32_t generation = -1;
    QString memberId; // from the same metadata
    QString detail;
    static QString kindName(Kind k);
};

struct MemberCounts {
    QString member;
    QHash<QString, int64_t> perPartition; // "topic\0partition" -> messages consumed
    QList<QPair<QString, int64_t>> seen; // new (key, value-prefix) pairs since the last report, for loss checks
    QList<ConsumedMessage> timed; // new messages with their timestamps since the last report (recording members)
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
    // Off: no timers; whoever owns the member calls serve() (a scenario engine, whose thread runs one step at a time).
    void setSelfPolling(bool on) { m_selfPolling = on; }
    void setPollTimeout(int ms) { m_pollTimeoutMs = ms; } // how long one poll waits for a message (100 ms)
    // Polls (serving callbacks and messages) for `ms` milliseconds, then reports the counts.
    void serve(int ms);
    bool isStarted() const { return bool(m_rk); }
    const MemberConfig& config() const { return m_config; }

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
    // Consumer protocol: asks the broker for the group's target assignment (asynchronously, on m_describe) and reads
    // the answer between polls.
    void askTarget();
    void readTarget();
    void emitEvent(MemberEvent::Kind kind, const QList<TopicPartitionRef>& partitions = {}, const QString& detail = {});
    void destroyClient(bool leaveGroup);

    MemberConfig m_config;
    KafkaHandle m_rk;
    QTimer m_poll;
    QTimer m_report;
    QueuePtr m_describe; // DescribeConsumerGroups answers
    bool m_describing = false;
    qint64 m_lastDescribeMs = 0;
    QList<TopicPartitionRef> m_target;
    bool m_targetKnown = false;
    QString m_lastError;
    bool m_selfPolling = true;
    int m_pollTimeoutMs = 100;
    bool m_record = false;
    MemberCounts m_counts;
    bool m_dirty = false;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::MemberEvent)
Q_DECLARE_METATYPE(kafkalab::MemberCounts)
