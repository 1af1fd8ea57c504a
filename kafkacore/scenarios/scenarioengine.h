#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/groups/groupmember.h"
#include "kafkacore/replication/drill.h"
#include "kafkacore/scenarios/scenario.h"
#include "kafkacore/scenarios/scenarioacl.h"
#include "kafkacore/schemas/schemaregistry.h"

#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QSet>

#include <atomic>
#include <map>
#include <memory>

namespace kafkalab {

struct SeenMessage {
    QString topic;
    int32_t partition = -1;
    int64_t offset = -1;
    QString key;
    QString value;
};

// One message as a consumer in a group lived it: delivered (how often), processed or failed, committed past.
struct MessageFate {
    QString topic;
    int32_t partition = -1;
    int64_t offset = -1;
    QString key;
    QString value;
    int deliveries = 0;
    int processed = 0; // processing succeeded this many times
    int failed = 0;
    bool lastFailed = false;
    bool committed = false; // the group's committed offset on its partition is beyond it
    bool pending = false; // polled by the running consumer, not processed yet
    bool redelivered() const { return deliveries > 1; }
    // Its offset committed, never processed, and no running consumer holds it any more.
    bool lost() const { return committed && processed == 0 && !pending; }
    QString fate() const; // "lost", "committed", "processed", "failed" or "delivered"
};

struct PartitionState {
    QString topic;
    int32_t partition = -1;
    int64_t highWatermark = -1;
    int64_t lso = -1; // last stable offset: read_committed consumers see nothing at or beyond it
};

// The offset stepper's hand-driven setup.
struct OffsetLabSettings {
    QString groupId = QStringLiteral("payment-service");
    bool autoCommit = false;
    int autoCommitIntervalMs = 1000;
    QString autoOffsetReset = QStringLiteral("earliest");
    QString isolation = QStringLiteral("read_committed");
    int partitions = 3;
};

// A partition's leader and in-sync replicas as an expectation about it last saw them (the cluster's metadata).
struct PartitionLeadership {
    QString topic;
    int32_t partition = -1;
    int leader = -1; // -1: none (offline)
    QList<int> isr; // sorted
};

// What the engine saw after one step.
struct ScenarioObservation {
    int index = 0; // 1-based
    ScenarioAction action = ScenarioAction::Wait;
    QString actor;
    QString note;
    bool ok = true;
    QString errorName;
    QString errorText;
    bool isExpectation = false;
    QString expectation; // what was checked, in words
    QString observed; // an expectation that failed: what was seen instead, in words
    QList<PartitionState> partitions;
    QMap<QString, QList<SeenMessage>> seen; // consumer -> everything it has seen so far
    QMap<QString, QMap<QString, int64_t>> positions; // consumer -> "topic[p]" -> next offset
    QMap<QString, QMap<QString, int64_t>> committed; // consumer with a group -> "topic[p]" -> committed offset
    QMap<QString, QList<MessageFate>> fates; // consumer in a group -> every message it was given, in order
    QMap<QString, QString> consumerStates; // consumer -> "running", "crashed", "closed"; "(consumer N)" after restarts
    QMap<QString, int> unprocessed; // consumer -> polled messages not processed yet
    QMap<QString, QString> groups; // consumer -> the group id it uses (the scenario's with the run id appended)
    QMap<QString, ProducerState> producerStates; // transactional producer -> state
    QMap<QString, QString>
        transitions; // transactional producer -> last transition, e.g. "ready -begin-> in_transaction"
    // group members: what each owns now, its state and generation (or member epoch), and every member event so far
    QMap<QString, QList<TopicPartitionRef>> memberOwns;
    QMap<QString, QString> memberStates; // "running", "crashed", "closed", "not started", "error: ..."
    QMap<QString, int> memberGenerations; // -1: none yet
    QList<MemberEvent> memberEvents;
    // drill producers and consumers: their counts in words ("sent 1200, acknowledged 1180, ..."), and after a
    // check_ledger the producer's ledger report
    QMap<QString, QString> drills;
    QMap<QString, LedgerReport> ledgers;
    QList<PartitionLeadership> leadership; // an expect about a partition: what it saw last
    // Lessons with transactional producers: per partition ("topic[p]") the offsets taken by transaction markers since
    // the run started, read by the engine's own read_uncommitted reader (whether the lesson has such a consumer or
    // not); empty for other lessons.
    QMap<QString, QList<int64_t>> markers;
    QByteArray toJson() const;
};

// Runs a scenario's steps one at a time, on its own thread, against a real cluster. It owns every actor's client
// (each its own rd_kafka_t); the GUI only receives observations.
class ScenarioEngine : public QObject {
    Q_OBJECT
public:
    ScenarioEngine(Scenario scenario, QList<ClientProperty> connection);
    ~ScenarioEngine() override;
    // Any thread: stops a run between steps (ScenarioSession calls it from its WorkerThread's onStop).
    void cancel() { m_cancel = true; }
    // What {{run}} stands for in this run's names (fixed when the engine is made: any thread may read it).
    const QString& runId() const { return m_runId; }
    // The schema registry that schema steps and decoding consumers use (set before prepare; a scenario that needs
    // one and has none is refused in prepare with the reason).
    void setSchemaRegistry(const schemas::RegistryConnection& registry);
    // Before prepare(): the passwords of the users actors connect as ("as_user"), by name; a user not here is
    // looked up in the environment (scenarioacl.h).
    void setUserPasswords(QMap<QString, QString> passwords) { m_userPasswords = std::move(passwords); }

    // The stepper's hand-driven setup: a transactional producer, a second one with the same transactional.id (to
    // fence the first), read_committed and read_uncommitted consumers on topic1 and topic2, and a reader in a
    // group (for send_offsets).
    static Scenario manualScenario();
    // The offset stepper's hand-driven setup: a producer ("source") and a consumer ("consumer") subscribed to a
    // fresh topic of its own, deleted when the engine goes.
    static Scenario offsetScenario(const OffsetLabSettings& settings);
    // Where the shipped scenarios are: $KAFKALAB_SCENARIOS, the installed share/kafkalab/scenarios, or the source tree.
    static QString scenarioDirectory();

public Q_SLOTS:
    void prepare(); // creates missing topics and the actors' clients
    // Runs one step that is not in the scenario's list (hand-driven); every consumer then polls briefly, so the
    // panes show what has become visible.
    void execute(const kafkalab::ScenarioStep& step);
    void step(); // runs the next step
    void runAll();

Q_SIGNALS:
    void prepared(QString error);
    void observed(kafkalab::ScenarioObservation observation);
    void finished(bool allExpectationsHeld, int failedExpectations);
    // cancel() stopped a run before its last step finished: `completedSteps` of `totalSteps` ran to their end.
    void interrupted(int completedSteps, int totalSteps);

private:
    struct Actor {
        ScenarioActor spec;
        KafkaHandle rk;
        ProducerState txState = ProducerState::Uninitialised; // transactional producers
        ConsumerState consumerState = ConsumerState::Running; // consumers
        QString transition;
        QString lastErrorName;
        QString lastErrorText;
        QString lastErrorCause; // transactionErrorCause() when the last error was a transactional call's
        qint64 beganAtMs = -1; // transactional producers: when the open transaction began (ms since the epoch)
        QList<SeenMessage> seen;
        QStringList deliveryErrors;
        // consumers
        QList<MessageFate> fates;
        QList<int> pending; // indices into fates: delivered by this incarnation, not processed yet
        int lastProcessed = -1;
        int incarnation = 1;
        QSet<QString> atEnd; // "topic[p]" where the fetcher reported the end of the partition
        // group members: the member's client, served by the engine between and during steps
        std::unique_ptr<GroupMemberWorker> member;
        QString memberError;
        // drill producers and consumers (scenariodrill.cpp): the worker's thread while it runs and what it reported
        struct Drill;
        std::shared_ptr<Drill> drill;
    };
    static void onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque);
    bool createClient(Actor& a, QString* error);
    // The end offsets (high watermarks) of `list`'s partitions, with m_uncommitted; a fresh topic's partitions can
    // refuse for a moment after they have leaders, so a refusal is retried for up to ten seconds. Empty, or why not.
    QString endOffsets(rd_kafka_topic_partition_list_t* list);
    // Dispatches on the step's action to one handler per action.
    void runStep(const ScenarioStep& st, ScenarioObservation& obs);
    void setError(Actor& a, ScenarioObservation& obs, const QString& name, const QString& text);
    // Steps without an actor (scenarioexpect.cpp).
    void wait(const ScenarioStep& st);
    void expect(const ScenarioStep& st, ScenarioObservation& obs);
    void expectFates(Actor& a, const ScenarioStep& st, QStringList& words, QStringList& problems);
    // Producer steps (scenarioproducer.cpp).
    void initTransactions(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void begin(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void commitTransaction(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void abortTransaction(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    // Records the outcome of a transactional call: `next` on success, else the state the error leaves.
    void transactionOutcome(Actor& a, ScenarioAction action, ProducerState before, rd_kafka_error_t* error,
        ProducerState next, ScenarioObservation& obs);
    void send(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void sendOffsets(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void flush(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    // Why a transactional call failed, when the error alone misleads: librdkafka says _FENCED ("fenced by a newer
    // instance") both when another producer took the transactional.id and when the broker aborted a transaction
    // that outlived transaction.timeout.ms. Empty when there is nothing to add.
    QString transactionErrorCause(const Actor& a, const QString& errorName) const;
    // The engine's own read_uncommitted reader of every partition (lessons with transactional producers), from the
    // high watermarks at prepare; each observation reads it to the high watermark and names the marker offsets.
    bool prepareMarkerReader(QString* error);
    void observeMarkers(ScenarioObservation& obs);
    void close(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    // Consumer steps (scenarioconsumer.cpp).
    void poll(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void process(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void commit(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void seek(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void crash(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void restart(Actor& a, ScenarioObservation& obs);
    void recordDelivery(Actor& a, const rd_kafka_message_t* msg);
    // Group member steps (scenariogroup.cpp).
    void memberStep(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void startMember(Actor& a, ScenarioObservation& obs);
    void waitStable(const ScenarioStep& st, ScenarioObservation& obs);
    void brokerStep(const ScenarioStep& st, ScenarioObservation& obs); // scenariobroker.cpp
    // Which broker a step acts on (its id, its role for a partition, or a remembered name); -1 with `why` set.
    int brokerTarget(const ScenarioStep& st, QString* why, QString* words);
    // Replication (scenariodrill.cpp): drill producers and consumers in the background, the ledger check, topic
    // configs, and the expectations about drills and partitions.
    void drillStep(Actor& a, const ScenarioStep& st, ScenarioObservation& obs);
    void startDrill(Actor& a, ScenarioObservation& obs);
    void closeDrill(Actor& a, ScenarioObservation& obs);
    void checkDrillLedger(Actor& a, ScenarioObservation& obs);
    void expectDrill(const ScenarioStep& st, ScenarioObservation& obs);
    void expectPartition(const ScenarioStep& st, ScenarioObservation& obs);
    void alterTopic(const ScenarioStep& st, ScenarioObservation& obs);
    void electLeaders(const ScenarioStep& st, ScenarioObservation& obs);
    void observeDrills(ScenarioObservation& obs);
    // Authorization (scenarioacl.cpp): the actors' users and passwords, a cluster with an authorizer and a SASL
    // connection (refused otherwise, with how to start one); an acl step; the connection an actor's client uses.
    QString prepareAuthorization();
    void aclStep(const ScenarioStep& st, ScenarioObservation& obs);
    QList<ClientProperty> actorConnection(const ScenarioActor& actor) const;
    // The live brokers, and the topics' replication and configs: a cluster too small is refused before any step.
    QString prepareReplication();
    void stopDrills(); // retires every drill thread; never blocks
    // leader, in-sync replicas of topic[partition] by the cluster's metadata; false with `why` when it cannot say
    bool partitionState(const QString& topic, int partition, int* leader, QList<int>* isr, QString* why);
    // The schema registry (scenarioschema.cpp): subjects named with {{run}} are the run's own (deleted at the end);
    // prepare refuses a scenario that needs a registry without one; the steps; a send's value encoded with a
    // subject's schema; a decoding consumer's value as JSON (or why not, in parentheses); JSON text with sorted keys.
    struct Schemas;
    void expandSchemaNames();
    QString prepareSchemas();
    void deleteRunSubjects();
    void registerSchema(const ScenarioStep& st, ScenarioObservation& obs);
    void schemaCompatibility(const ScenarioStep& st, ScenarioObservation& obs);
    bool encodeValue(Actor& a, const ScenarioStep& st, QByteArray* value, ScenarioObservation& obs);
    QString decodeValue(Actor& a, QByteArrayView bytes); // failures also set the actor's last error
    std::optional<QString> decodeWithReader(const Actor& a, QByteArrayView bytes, QString* error);
    static QString sortedJson(const QString& text);
    // Sleeps `ms` in slices, serving group members; false when the run was cancelled
    bool pause(int ms);
    void expectGroup(const ScenarioStep& st, ScenarioObservation& obs);
    // Polls every running member for `ms` milliseconds (sleeps when there is none).
    void serveMembers(int ms);
    bool hasRunningMembers() const;
    // Why the group is not stable yet (empty: stable); see waitStable.
    QString unstableReason(const QString& group) const;
    void observeMembers(ScenarioObservation& obs);
    void onMemberEvent(const MemberEvent& e);
    QMap<QString, int64_t> committedOffsets(const Actor& a); // "topic[p]" -> the group's committed offset
    void markFates(Actor& a, const QMap<QString, int64_t>& committed);
    bool allAtEnd(Actor& a);
    void observeConsumer(const QString& name, Actor& a, ScenarioObservation& obs);
    void observe(ScenarioObservation& obs);
    int64_t position(Actor& a, const QString& topic, int32_t partition);
    QString expand(const QString& text) const;

    Scenario m_scenario;
    QList<ClientProperty> m_connection;
    QString m_runId;
    std::map<QString, Actor> m_actors;
    KafkaHandle m_uncommitted; // watermarks
    KafkaHandle m_committed; // last stable offsets
    KafkaHandle m_markerReader; // transaction lessons: reads every partition, read_uncommitted (observeMarkers)
    QMap<QString, int64_t> m_markerStart; // "topic[p]" -> high watermark when the run began
    QMap<QString, int64_t> m_markerEnd; // "topic[p]" -> where the reader last reached the end of the partition
    QList<SeenMessage> m_markerSeen; // every record the reader was given (offsets only matter)
    QMap<QString, QString> m_lastInit; // transactional.id -> the actor that called init_transactions with it last
    QList<QPair<QString, int32_t>> m_partitions;
    int m_next = 0;
    int m_sentCount = 0;
    int m_failedExpectations = 0;
    QList<MemberEvent> m_memberEvents; // in time order
    QMap<QString, qint64> m_marks; // group -> where "revoked" and "moved" count from
    std::atomic_bool m_cancel { false };
    bool m_noBrokerLeft = false; // a broker step stopped the last broker: the run ends
    QMap<QString, int> m_brokerNames; // a broker step's "as" -> the broker it chose
    bool m_interruptReported = false; // interrupted() is emitted once per cancelled run
    std::shared_ptr<Schemas> m_schemas;
    QMap<QString, QString> m_userPasswords; // user -> password, for actors with "as_user"
    std::unique_ptr<ScenarioAcls> m_acls; // scenarios with acl steps: deletes the bindings the run added
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::ScenarioObservation)
Q_DECLARE_METATYPE(kafkalab::ScenarioStep)
