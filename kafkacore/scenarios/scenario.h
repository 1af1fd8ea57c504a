#pragma once

// A scenario: named actors (transactional producers, plain producers, consumers) and the steps they take, plus
// `wait` and `expect` steps so that a scenario checks itself. Parsed and validated as a whole before anything runs.

#include "kafkacore/security/aclrules.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace kafkalab {

// What a step does: parsed once from the file's "action" text (unknown ones are parse errors); the engine dispatches
// on it, the steppers choose their buttons by it. "commit" and "close" mean one thing for a transactional producer
// and another for a consumer: the actor's type decides.
enum class ScenarioAction {
    InitTransactions,
    Begin,
    Send,
    SendOffsets,
    Commit,
    Abort,
    Flush,
    Close,
    Poll,
    Process,
    Seek,
    Crash,
    Restart,
    Wait,
    Expect,
    Start, // a group member joins its group
    WaitStable, // wait until a group's members own every partition and the broker says the group is stable
    Broker, // stop, kill, pause, resume or start a broker of the local sandbox (no actor)
    CheckLedger, // a drill producer's topic read back and checked against what it had acknowledged
    AlterTopic, // change (or reset) a topic's configs (no actor)
    ElectLeaders, // elect a partition's leader now: preferred or unclean (no actor)
    RegisterSchema, // register (or only check) a schema under a subject of the schema registry (no actor)
    SchemaCompatibility, // set a subject's compatibility level (no actor)
    Acl, // add or delete ACL bindings (no actor); those a run added are deleted when it ends (scenarioacl.cpp)
};
// The file's spelling: "init_transactions", "send_offsets", "wait", …
QString actionName(ScenarioAction action);
std::optional<ScenarioAction> parseAction(const QString& name);

// A transactional producer's states (the stepper's diagram draws these).
enum class ProducerState {
    Uninitialised,
    Ready,
    InTransaction,
    Committing,
    Aborting,
    AbortableError,
    FatalError,
    Fenced,
    Closed,
};
QString producerStateName(ProducerState state); // "uninitialised", "in_transaction", …
std::optional<ProducerState> parseProducerState(const QString& name);
QList<ProducerState> allProducerStates();
// Whether a hand-driven stepper may take `action` with a producer in `state`.
bool producerAllows(ProducerState state, ScenarioAction action);

// A consumer's states.
enum class ConsumerState { Running, Crashed, Closed };
QString consumerStateName(ConsumerState state); // "running", "crashed", "closed"
std::optional<ConsumerState> parseConsumerState(const QString& name);

struct ScenarioActor {
    // Member: a consumer-group member of the group lab's kind (GroupMemberWorker), for the rebalance lessons; it
    // joins at its "start" step, and the engine polls every member during every step.
    // DrillProducer: the replication drill's producer (acks, idempotence, a rate, keyed `key#seq` values), running in
    // the background from its "start" step to its "close" step while other steps run; its "check_ledger" step reads
    // the topic back and counts what was acknowledged but is missing, duplicated or out of order. DrillConsumer: a
    // live reader of a drill producer's topic from where that producer started (`from`), counting what it reads.
    enum class Type {
        TransactionalProducer,
        Producer,
        Consumer,
        Member,
        DrillProducer,
        DrillConsumer
    } type
        = Type::Producer;
    QString name;
    QString transactionalId; // transactional producers; the run id is appended so that runs do not fence each other
    int transactionTimeoutMs = 60000;
    QString isolation = QStringLiteral("read_committed"); // consumers
    QString groupId; // consumers: empty = no group (assigned partitions, starting at the end)
    QStringList topics; // consumers
    // Consumers that subscribe join their group (group_id required) and start where the group committed, or where
    // auto_offset_reset says when it has not; they can be processed, crashed and restarted (the offset lessons).
    bool subscribe = false;
    bool autoCommit = false;
    int autoCommitIntervalMs = 5000;
    QString autoOffsetReset = QStringLiteral("latest");
    int sessionTimeoutMs = 6000; // the broker's minimum by default: a crashed member is noticed quickly
    // members
    QString protocol = QStringLiteral("classic"); // classic or consumer (KIP-848)
    QString assignor
        = QStringLiteral("range"); // classic: range, roundrobin, cooperative-sticky; consumer: uniform, range
    QString instanceId; // group.instance.id: static membership (the run id is appended)
    // drill producers: acks (-1: all), idempotence, retries (off: a refused write fails at once), messages a second,
    // keys (0: unkeyed), message.timeout.ms; drill consumers: the drill producer whose topic and start they follow
    QString topic;
    int acks = -1;
    bool idempotence = true;
    bool retries = true;
    int rate = 200;
    int keys = 6;
    int deliveryTimeoutMs = 30000;
    QString from;
    // consumers: decode values through the schema registry (the writer's schema by the id in each message), read
    // with version `readerVersion` of `valueSubject` as the reader's schema (-1: the latest when it polls), as an
    // application built against that version does (scenarioschema.cpp)
    QString valueSubject;
    int readerVersion = -1;
    // producers, transactional producers and consumers: the SASL user its client connects as, with the session's
    // connection otherwise (empty: the connection's own user); the password comes from the session (scenarioacl.h)
    QString asUser;
};

// The schema registry steps' fields (scenarioschemaparse.cpp): register_schema, schema_compatibility, a send that
// encodes its value with a subject's schema, and an expect about decoded values.
struct ScenarioSchemaStep {
    QString subject; // may contain {{run}}
    int version = -1; // send: the subject's version to encode with (-1: the latest)
    QString text; // register_schema: the schema ("schema" inline, or read from "schema_file")
    QString type = QStringLiteral("AVRO");
    bool checkOnly = false; // register_schema: only ask whether it would be compatible ("check_only")
    std::optional<bool> expectCompatible; // register_schema: "expect": "compatible" or "refused"
    QString level; // schema_compatibility: BACKWARD, FORWARD, FULL, NONE, ...
    bool decoded = false; // expect: the "decoded" values (JSON) compared as JSON with what the consumer decoded
};

struct ScenarioStep {
    QString actor; // empty for wait and expect steps without an actor
    ScenarioAction action = ScenarioAction::Wait;
    QString topic;
    std::optional<QString> key;
    QString value;
    QMap<QString, QString> headers;
    int partition = -1;
    int maxMessages = 100;
    int timeoutMs = 5000;
    int waitMs = 0;
    QString consumer; // send_offsets: whose position and group go into the transaction; expect: whose view
    int64_t offset = -1; // seek
    bool processOk = true; // process: "result": "ok" or "fail"
    int count
        = 1; // process: how many of the polled, unprocessed messages; send: how many messages ({{n}} numbers them)
    bool async = false; // commit: "mode": "sync" or "async"
    bool commitMessage = false; // commit: "scope": "all" (every consumed message) or "message" (the last processed)
    // expect
    std::optional<QStringList> expectValues; // exactly these values seen (any order)
    std::optional<int> expectCount;
    std::optional<QString> expectError; // the actor's last error name contains this
    std::optional<ProducerState> expectState; // a transactional producer's state
    std::optional<ConsumerState> expectConsumerState; // a consumer's state (the same "state" field)
    std::optional<int64_t> expectPosition; // the consumer's position on topic/partition (the next offset it reads)
    std::optional<int64_t> expectCommitted; // the group's committed offset on topic/partition
    std::optional<QStringList> expectRedelivered; // exactly these values were delivered more than once
    std::optional<QStringList> expectLost; // exactly these values were committed past without being processed
    std::optional<QMap<QString, int>> expectDeliveries; // value -> how many times it was delivered
    // group members: wait_stable and expect name a group (a member actor's group_id)
    QString group;
    bool mark = false; // wait_stable: "revoked" and "moved" count from here
    std::optional<int> expectOwns; // how many partitions the member owns
    std::optional<int> expectRevoked; // member: partitions revoked from it since the mark; group: from its members
    std::optional<int> expectMoved; // group: partitions whose owner changed since the mark
    std::optional<int> expectOwned; // group: partitions with an owner
    // broker: what to do ("stop", "kill", "pause", "resume", "start") to which broker of the local sandbox
    QString brokerCommand;
    int brokerId = -1;
    // or the broker by its role for `topic`[`partition`] when the step runs: "leader", or "follower" (the lowest-id
    // in-sync replica that is not the leader); `brokerAs` remembers the broker chosen under a name that a later
    // step's "id" can give ("id": "old-leader")
    QString brokerRole;
    QString brokerName; // "id" given as a name remembered by an earlier step's "as"
    QString brokerAs;
    bool unclean = false; // elect_leaders: "type": "unclean" (any live replica) or "preferred"
    // alter_topic: config -> new value (nullopt: back to the default)
    QMap<QString, std::optional<QString>> topicConfigs;
    // expect about a drill producer or consumer: each holds within `timeoutMs` (polled), ledger counts after
    // check_ledger
    std::optional<qint64> expectAcknowledgedMin; // producer: at least this many acknowledged
    std::optional<bool> expectProgress; // producer: acknowledged, consumer: read grows (true) / does not (false)
    std::optional<qint64> expectMissing; // ledger: acknowledged but not read back
    std::optional<qint64> expectMissingMin;
    std::optional<qint64> expectDuplicates;
    std::optional<qint64> expectOrderViolations;
    std::optional<bool> expectCaughtUp; // consumer: has read as many as its producer has acknowledged
    // expect about a topic's partition (`topic`, `partition`): how many in-sync replicas; whether it has a leader
    std::optional<int> expectIsr;
    std::optional<bool> expectOffline;
    ScenarioSchemaStep schema;
    // acl: the bindings added ("op": "add") or deleted ("delete"); a literal group or transactional id is named as
    // the actors' group_id and transactional_id are, and gets the run id as theirs do (scenarioaclparse.cpp)
    QList<AclBinding> aclBindings;
    bool aclDelete = false;
    QString note; // shown in the stepper and the CLI output
};

// A lesson's own slide: a title and a few sentences a teacher shows (in large type in presentation mode) before the
// step `beforeStep` runs (1-based; the scenario's step count + 1: after the last step).
struct LessonSlide {
    QString title;
    QString text;
    int beforeStep = 1;
};

struct Scenario {
    QString file;
    QString name;
    QString description;
    // What a lesson list shows (scenariolesson.cpp; all optional, so that a user's own file needs none, but every
    // shipped lesson has them): a title for people, what it teaches in one sentence, how long a run of it takes in
    // seconds (measured from a real run; 0: not said), and slides.
    QString title; // empty: the name
    QString teaches;
    int durationS = 0;
    QList<LessonSlide> slides;
    QString displayTitle() const { return title.isEmpty() ? name : title; }
    QList<QPair<QString, int>> topics; // created when missing; a name may contain {{run}}
    QMap<QString, int> replication; // topic -> replication factor (absent: the cluster's default)
    QMap<QString, QMap<QString, QString>> topicConfigs; // topic -> configs it is created with
    // The live brokers the scenario needs: the file's "brokers", or its largest replication factor; a cluster with
    // fewer is refused before the first step, with the reason.
    int brokers = 1;
    QStringList temporaryTopics; // deleted when the run ends
    QList<ScenarioActor> actors;
    QList<ScenarioStep> steps;
    // Not from the file: the local sandbox that `broker` steps control (its control socket or data directory);
    // empty: the sandbox started last. It must be the cluster the scenario runs on.
    QString sandbox;
    const ScenarioActor* actor(const QString& name) const;
};

// Parses and validates; on failure returns nothing and sets `error` to "FILE: step N: reason" (or the JSON parse
// error with line and column).
std::optional<Scenario> parseScenario(const QByteArray& json, const QString& file, QString* error);
std::optional<Scenario> loadScenario(const QString& path, QString* error);

// Actions each actor type may take.
QList<ScenarioAction> actionsFor(ScenarioActor::Type type);
// Whether a scenario has group members (the group lab's lessons) — and so which stepper shows it.
bool hasGroupMembers(const Scenario& scenario);
bool hasDrillActors(const Scenario& scenario);
// Whether a scenario talks to a schema registry (its steps register schemas or encode, its consumers decode).
bool needsSchemaRegistry(const Scenario& scenario);

// The one page that can show a lesson: group members need the Group lab (board, timeline); a consumer that
// subscribes, with its commits and redeliveries, the Offsets stepper; the rest (transactional producers, consumers at
// both isolation levels) the Transactions stepper. Each page lists only its own lessons.
// Drill producers and consumers (replication lessons) need the Replication tab.
enum class LessonKind { Transactions, Offsets, Groups, Replication };
LessonKind lessonKind(const Scenario& scenario);
QString lessonKindTitle(LessonKind kind); // the tab's title: "Transactions", "Offsets", "Group lab", "Replication"

// A step in a few words for the lesson lists: "zombie: commit", "wait 6 s", "expect committed: values", "broker kill
// (the leader of t[0])".
QString stepTitle(const ScenarioStep& step);
// "45 s", "about 2 min" (0: empty).
QString durationText(int seconds);
// A shipped lesson file: its path, and the lesson or why it could not be read.
struct LessonFile {
    QString path;
    QString baseName; // "zombie-fencing"
    std::optional<Scenario> lesson;
    QString error;
};
// Every *.json in `directory` (the shipped lessons: ScenarioEngine::scenarioDirectory()), by file name.
QList<LessonFile> lessonFiles(const QString& directory);
// The slides shown before step `beforeStep` (1-based; steps + 1: at the end).
QList<LessonSlide> slidesBefore(const Scenario& scenario, int beforeStep);

} // namespace kafkalab
