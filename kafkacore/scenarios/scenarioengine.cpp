#include "kafkacore/scenarios/scenarioengine.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/guardedcallback.h"
#include "kafkacore/groups/groupadmin.h"
#include "kafkacore/topics/topicadmin.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QThread>
#include <QUuid>

#include <nlohmann/json.hpp>

namespace kafkalab {

ScenarioEngine::ScenarioEngine(Scenario scenario, QList<ClientProperty> connection)
    : m_scenario(std::move(scenario))
    , m_connection(std::move(connection))
    , m_runId(QUuid::createUuid().toString(QUuid::Id128).left(8))
{
    qRegisterMetaType<ScenarioObservation>();
    qRegisterMetaType<ScenarioStep>();
    // Topic names (and schema subjects) with {{run}} are this run's own.
    expandSchemaNames();
    for (auto& t : m_scenario.topics)
        t.first = expand(t.first);
    for (QString& t : m_scenario.temporaryTopics)
        t = expand(t);
    for (ScenarioActor& a : m_scenario.actors) {
        for (QString& t : a.topics)
            t = expand(t);
        a.topic = expand(a.topic);
    }
    QMap<QString, int> replication;
    for (auto it = m_scenario.replication.begin(); it != m_scenario.replication.end(); ++it)
        replication.insert(expand(it.key()), it.value());
    m_scenario.replication = replication;
    QMap<QString, QMap<QString, QString>> configs;
    for (auto it = m_scenario.topicConfigs.begin(); it != m_scenario.topicConfigs.end(); ++it)
        configs.insert(expand(it.key()), it.value());
    m_scenario.topicConfigs = configs;
    for (ScenarioStep& st : m_scenario.steps)
        st.topic = expand(st.topic);
}

ScenarioEngine::~ScenarioEngine()
{
    // Transactional producers abort what is open, consumers go without committing: a scenario leaves nothing
    // behind but what it committed.
    for (auto& [name, a] : m_actors) {
        // A member that still runs leaves its group as its worker is deleted (consumer close), here on this thread.
        a.member.reset();
        if (!a.rk)
            continue;
        if (a.spec.type == ScenarioActor::Type::Consumer)
            rd_kafka_destroy_flags(a.rk.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
        else
            rd_kafka_purge(a.rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    }
    m_actors.clear();
    if (m_markerReader)
        rd_kafka_destroy_flags(m_markerReader.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    if (m_uncommitted && !m_scenario.temporaryTopics.isEmpty())
        deleteTopics(m_uncommitted.get(), m_scenario.temporaryTopics, 10000);
    deleteRunSubjects();
}

QString ScenarioEngine::expand(const QString& text) const
{
    QString out = text;
    return out.replace(QLatin1String("{{run}}"), m_runId);
}

// librdkafka's delivery report, on the engine's thread (inside rd_kafka_flush/poll).
void ScenarioEngine::onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void*)
{
    guarded("ScenarioEngine::onDelivery", [&] {
        if (msg->err)
            static_cast<Actor*>(msg->_private)->deliveryErrors.append(kafkaErrorText(msg->err));
    });
}

bool ScenarioEngine::createClient(Actor& a, QString* error)
{
    if (a.spec.type == ScenarioActor::Type::Member)
        return true; // joins at its "start" step
    if (a.spec.type == ScenarioActor::Type::DrillProducer || a.spec.type == ScenarioActor::Type::DrillConsumer)
        return true; // runs from its "start" step, on a thread of its own
    QList<ClientProperty> props = actorConnection(a.spec);
    auto set
        = [&props](const char* k, const QString& v) { props.append(ClientProperty::of(QString::fromLatin1(k), v)); };
    const bool consumer = a.spec.type == ScenarioActor::Type::Consumer;
    if (a.spec.type == ScenarioActor::Type::TransactionalProducer) {
        set("transactional.id", a.spec.transactionalId + QLatin1Char('-') + m_runId);
        set("transaction.timeout.ms", QString::number(a.spec.transactionTimeoutMs));
    }
    if (!consumer) {
        set("partitioner", QStringLiteral("murmur2_random"));
        // librdkafka wants message.timeout.ms <= transaction.timeout.ms.
        const int timeout = a.spec.type == ScenarioActor::Type::TransactionalProducer
            ? std::min(30000, a.spec.transactionTimeoutMs)
            : 30000;
        set("message.timeout.ms", QString::number(timeout));
    } else {
        set("isolation.level", a.spec.isolation);
        set("enable.auto.commit", a.spec.autoCommit ? QStringLiteral("true") : QStringLiteral("false"));
        set("auto.commit.interval.ms", QString::number(a.spec.autoCommitIntervalMs));
        set("auto.offset.reset", a.spec.autoOffsetReset);
        set("session.timeout.ms", QString::number(a.spec.sessionTimeoutMs));
        // Subscribed consumers learn that they are at the end of a partition (poll stops waiting).
        set("enable.partition.eof", a.spec.subscribe ? QStringLiteral("true") : QStringLiteral("false"));
        // Partitions are assigned, not subscribed; the consumer API still wants a group id. A consumer without one
        // in the scenario gets a private one that never commits.
        set("group.id",
            (a.spec.groupId.isEmpty() ? QStringLiteral("kafkalab-scenario-") + a.spec.name : a.spec.groupId)
                + QLatin1Char('-') + m_runId);
    }
    QString why;
    a.rk = newClient(props, consumer ? RD_KAFKA_CONSUMER : RD_KAFKA_PRODUCER, &why, [consumer](rd_kafka_conf_t* conf) {
        if (!consumer)
            rd_kafka_conf_set_dr_msg_cb(conf, &ScenarioEngine::onDelivery);
    });
    if (!a.rk) {
        *error = QStringLiteral("actor %1: %2").arg(a.spec.name, why);
        return false;
    }
    if (!consumer)
        return true;
    rd_kafka_poll_set_consumer(a.rk.get());
    a.consumerState = ConsumerState::Running;
    if (a.spec.subscribe) {
        // Joins the group: starts at the group's committed offsets, or where auto.offset.reset says.
        PartitionListPtr topics(rd_kafka_topic_partition_list_new(int(a.spec.topics.size())));
        for (const QString& t : a.spec.topics)
            rd_kafka_topic_partition_list_add(topics.get(), t.toUtf8().constData(), RD_KAFKA_PARTITION_UA);
        if (const rd_kafka_resp_err_t err = rd_kafka_subscribe(a.rk.get(), topics.get())) {
            *error = QStringLiteral("actor %1: subscribe: %2").arg(a.spec.name, kafkaErrorText(err));
            return false;
        }
        return true;
    }
    // A consumer without a subscription starts at the end of its topics as they are now, so that it sees only this
    // run's messages.
    PartitionListPtr list(rd_kafka_topic_partition_list_new(8));
    for (const auto& [topic, p] : m_partitions)
        if (a.spec.topics.contains(topic))
            rd_kafka_topic_partition_list_add(list.get(), topic.toUtf8().constData(), p)->offset = -1;
    if (a.incarnation > 1 && !a.spec.groupId.isEmpty()) {
        // A restarted consumer in a group resumes at the group's committed offsets.
        for (int i = 0; i < list->cnt; ++i)
            list->elems[i].offset = RD_KAFKA_OFFSET_INVALID;
    } else if (const QString why = endOffsets(list.get()); !why.isEmpty()) {
        *error = QStringLiteral("actor %1: could not read the end offsets: %2").arg(a.spec.name, why);
        return false;
    }
    rd_kafka_assign(a.rk.get(), list.get());
    return true;
}

QString ScenarioEngine::endOffsets(rd_kafka_topic_partition_list_t* list)
{
    QElapsedTimer t;
    t.start();
    for (;;) {
        for (int i = 0; i < list->cnt; ++i)
            list->elems[i].offset = -1; // the latest (offsets_for_times puts the answer, or an error, in its place)
        const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(m_uncommitted.get(), list, 10000);
        if (!err)
            return {};
        if (t.elapsed() >= 10000 || m_cancel)
            return kafkaErrorText(err);
        QThread::msleep(250);
    }
}

void ScenarioEngine::prepare()
{
    QString error;
    auto admin = [this, &error](const char* isolation) {
        QList<ClientProperty> props = m_connection;
        props.append(ClientProperty::of(QStringLiteral("isolation.level"), QString::fromLatin1(isolation)));
        props.append(adminGroupIdWorkaround());
        return newClient(props, RD_KAFKA_CONSUMER, &error);
    };
    m_uncommitted = admin("read_uncommitted");
    m_committed = admin("read_committed");
    if (!m_uncommitted || !m_committed) {
        Q_EMIT prepared(error);
        return;
    }
    // A scenario about authorization is refused on a cluster without an authorizer, one with fewer live brokers than
    // the scenario needs, and one with schema steps without a registry, here, before any step; then the topics are
    // created with their replication factors and configs.
    error = prepareAuthorization();
    if (error.isEmpty())
        error = prepareReplication();
    if (error.isEmpty())
        error = prepareSchemas();
    if (!error.isEmpty()) {
        Q_EMIT prepared(error);
        return;
    }
    // Every topic the scenario touches, with its partitions.
    QStringList topics;
    for (const auto& [name, partitions] : m_scenario.topics)
        topics.append(name);
    for (const ScenarioActor& a : m_scenario.actors) {
        topics.append(a.topics);
        if (!a.topic.isEmpty())
            topics.append(a.topic);
    }
    for (const ScenarioStep& st : m_scenario.steps)
        if (!st.topic.isEmpty())
            topics.append(st.topic);
    topics.removeDuplicates();
    for (const QString& t : std::as_const(topics)) {
        rd_kafka_topic_t* rkt = rd_kafka_topic_new(m_uncommitted.get(), t.toUtf8().constData(), nullptr);
        const rd_kafka_metadata_t* md = nullptr;
        rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
        MetadataPtr owned;
        // A topic created a moment ago may take a moment to appear in the metadata, and its partitions a moment more
        // to have leaders (until then the end offsets the readers start from cannot be read: a loaded machine showed
        // "could not read the end offsets" on a scenario's fresh topics).
        const auto leaderless = [](const rd_kafka_metadata_topic_t& topic) {
            for (int p = 0; p < topic.partition_cnt; ++p)
                if (topic.partitions[p].leader < 0)
                    return true;
            return false;
        };
        for (int attempt = 0; attempt < 40 && !m_cancel; ++attempt) {
            err = rd_kafka_metadata(m_uncommitted.get(), 0, rkt, &md, 10000);
            owned.reset(md);
            if (err || !md || md->topic_cnt < 1)
                break;
            if (md->topics[0].err != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
                && (md->topics[0].err || !leaderless(md->topics[0])))
                break;
            QThread::msleep(250);
        }
        rd_kafka_topic_destroy(rkt);
        if (err || !md || md->topic_cnt < 1 || md->topics[0].err) {
            Q_EMIT prepared(QStringLiteral("topic '%1' is not available: %2")
                                .arg(t,
                                    kafkaErrorText(err            ? err
                                            : md && md->topic_cnt ? md->topics[0].err
                                                                  : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)));
            return;
        }
        for (int p = 0; p < md->topics[0].partition_cnt; ++p)
            m_partitions.append({ t, md->topics[0].partitions[p].id });
    }
    std::sort(m_partitions.begin(), m_partitions.end());
    if (!prepareMarkerReader(&error)) {
        Q_EMIT prepared(error);
        return;
    }
    for (const ScenarioActor& spec : m_scenario.actors) {
        Actor a;
        a.spec = spec;
        if (!createClient(a, &error)) {
            Q_EMIT prepared(error);
            return;
        }
        m_actors.emplace(spec.name, std::move(a));
    }
    Q_EMIT prepared(QString());
}

void ScenarioEngine::setError(Actor& a, ScenarioObservation& obs, const QString& name, const QString& text)
{
    obs.ok = false;
    obs.errorName = name;
    obs.errorText = text;
    a.lastErrorName = name;
    a.lastErrorText = text;
    a.lastErrorCause.clear();
}

void ScenarioEngine::runStep(const ScenarioStep& st, ScenarioObservation& obs)
{
    using A = ScenarioAction;
    if (st.action == A::Wait)
        return wait(st);
    if (st.action == A::WaitStable)
        return waitStable(st, obs);
    if (st.action == A::Broker)
        return brokerStep(st, obs);
    if (st.action == A::AlterTopic)
        return alterTopic(st, obs);
    if (st.action == A::ElectLeaders)
        return electLeaders(st, obs);
    if (st.action == A::RegisterSchema)
        return registerSchema(st, obs);
    if (st.action == A::SchemaCompatibility)
        return schemaCompatibility(st, obs);
    if (st.action == A::Acl)
        return aclStep(st, obs);
    if (st.action == A::Expect && (st.expectIsr || st.expectOffline))
        return expectPartition(st, obs);
    if (st.action == A::Expect && m_actors.count(st.actor)) {
        const ScenarioActor::Type type = m_actors.at(st.actor).spec.type;
        if (type == ScenarioActor::Type::DrillProducer || type == ScenarioActor::Type::DrillConsumer)
            return expectDrill(st, obs);
    }
    if (st.action == A::Expect && !st.group.isEmpty())
        return expectGroup(st, obs);
    if (st.action == A::Expect)
        return expect(st, obs);
    Actor& a = m_actors.at(st.actor);
    if (a.spec.type == ScenarioActor::Type::Member)
        return memberStep(a, st, obs);
    if (a.spec.type == ScenarioActor::Type::DrillProducer || a.spec.type == ScenarioActor::Type::DrillConsumer)
        return drillStep(a, st, obs);
    if (st.action == A::Restart)
        return restart(a, obs);
    if (!a.rk) {
        setError(a, obs, QStringLiteral("_STATE"), QStringLiteral("actor %1 is closed").arg(st.actor));
        return;
    }
    const bool consumer = a.spec.type == ScenarioActor::Type::Consumer;
    switch (st.action) {
    case A::InitTransactions:
        return initTransactions(a, st, obs);
    case A::Begin:
        return begin(a, st, obs);
    case A::Send:
        return send(a, st, obs);
    case A::SendOffsets:
        return sendOffsets(a, st, obs);
    case A::Commit: // a consumer commits offsets, a transactional producer its transaction
        return consumer ? commit(a, st, obs) : commitTransaction(a, st, obs);
    case A::Abort:
        return abortTransaction(a, st, obs);
    case A::Flush:
        return flush(a, st, obs);
    case A::Close:
        return close(a, st, obs);
    case A::Poll:
        return poll(a, st, obs);
    case A::Process:
        return process(a, st, obs);
    case A::Seek:
        return seek(a, st, obs);
    case A::Crash:
        return crash(a, st, obs);
    case A::Restart:
    case A::Wait:
    case A::Expect:
    case A::Start:
    case A::WaitStable:
    case A::Broker:
    case A::CheckLedger:
    case A::AlterTopic:
    case A::ElectLeaders:
    case A::RegisterSchema:
    case A::SchemaCompatibility:
    case A::Acl:
        break; // handled above
    }
}

void ScenarioEngine::step()
{
    if (m_next >= m_scenario.steps.size() || m_actors.empty())
        return;
    const ScenarioStep& st = m_scenario.steps[m_next];
    ScenarioObservation obs;
    obs.index = ++m_next;
    obs.action = st.action;
    obs.actor = st.actor;
    obs.note = st.note;
    try {
        runStep(st, obs);
    } catch (const std::exception& e) {
        obs.ok = false;
        obs.errorName = QStringLiteral("INTERNAL");
        obs.errorText = QString::fromUtf8(e.what());
    }
    if (m_noBrokerLeft) {
        // The last broker is gone: nothing more can be observed or done. The run ends here, with the reason; the
        // drills' threads are retired (never waited for: their clients give up on their own).
        stopDrills();
        observeDrills(obs);
        Q_EMIT observed(obs);
        m_next = int(m_scenario.steps.size());
        Q_EMIT finished(false, m_failedExpectations + 1);
        return;
    }
    if (m_cancel) {
        // A step cut short (a wait, a poll, retries) did not do what it says: never report it as done.
        obs.ok = false;
        obs.errorName = QStringLiteral("INTERRUPTED");
        obs.errorText = QStringLiteral("the run was cancelled while this step was running");
    }
    observe(obs);
    Q_EMIT observed(obs);
    if (m_cancel) {
        m_interruptReported = true;
        Q_EMIT interrupted(int(m_next) - 1, int(m_scenario.steps.size()));
    } else if (m_next == m_scenario.steps.size())
        Q_EMIT finished(m_failedExpectations == 0, m_failedExpectations);
}

void ScenarioEngine::execute(const ScenarioStep& st)
{
    if (m_actors.empty())
        return;
    if (st.action != ScenarioAction::Expect && st.action != ScenarioAction::Wait && st.action != ScenarioAction::Broker
        && st.action != ScenarioAction::AlterTopic && st.action != ScenarioAction::ElectLeaders
        && !m_actors.count(st.actor))
        return;
    ScenarioObservation obs;
    obs.index = ++m_next;
    obs.action = st.action;
    obs.actor = st.actor;
    obs.note = st.note;
    runStep(st, obs);
    if (m_noBrokerLeft) {
        Q_EMIT observed(obs); // nothing to observe on a cluster without a broker
        return;
    }
    for (auto& [name, a] : m_actors) {
        if (a.spec.type != ScenarioActor::Type::Consumer || !a.rk || !a.spec.groupId.isEmpty())
            continue;
        ScenarioStep poll;
        poll.actor = name;
        poll.action = ScenarioAction::Poll;
        poll.timeoutMs = 400;
        ScenarioObservation ignored;
        runStep(poll, ignored);
    }
    observe(obs);
    Q_EMIT observed(obs);
}

void ScenarioEngine::runAll()
{
    while (m_next < m_scenario.steps.size() && !m_cancel)
        step();
    // Cancelled between steps, or before the first (a step cut short has said so itself, once).
    if (m_cancel && m_next < m_scenario.steps.size() && !m_interruptReported) {
        m_interruptReported = true;
        Q_EMIT interrupted(int(m_next), int(m_scenario.steps.size()));
    }
}

} // namespace kafkalab
