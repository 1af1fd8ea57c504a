#include "kafkacore/scenarios/scenarioengine.h"

#include "kafkacore/client/clientfactory.h"

#include <QCoreApplication>
#include <QDir>

#include <nlohmann/json.hpp>

namespace kafkalab {

QByteArray ScenarioObservation::toJson() const
{
    using nlohmann::json;
    json partitionsJson = json::array();
    for (const PartitionState& p : partitions)
        partitionsJson.push_back({ { "topic", p.topic.toStdString() }, { "partition", p.partition },
            { "high_watermark", p.highWatermark }, { "lso", p.lso } });
    json consumers = json::object();
    for (auto it = seen.begin(); it != seen.end(); ++it) {
        json list = json::array();
        for (const SeenMessage& m : it.value())
            list.push_back({ { "topic", m.topic.toStdString() }, { "partition", m.partition }, { "offset", m.offset },
                { "key", m.key.toStdString() }, { "value", m.value.toStdString() } });
        consumers[it.key().toStdString()] = list;
    }
    json producers = json::object();
    for (auto it = producerStates.begin(); it != producerStates.end(); ++it)
        producers[it.key().toStdString()] = { { "state", producerStateName(it.value()).toStdString() },
            { "transition", transitions.value(it.key()).toStdString() } };
    json positionsJson = json::object();
    for (auto it = positions.begin(); it != positions.end(); ++it)
        for (auto p = it.value().begin(); p != it.value().end(); ++p)
            positionsJson[it.key().toStdString()][p.key().toStdString()] = p.value();
    json committedJson = json::object();
    for (auto it = committed.begin(); it != committed.end(); ++it)
        for (auto p = it.value().begin(); p != it.value().end(); ++p)
            committedJson[it.key().toStdString()][p.key().toStdString()] = p.value();
    json fatesJson = json::object();
    for (auto it = fates.begin(); it != fates.end(); ++it) {
        json list = json::array();
        for (const MessageFate& f : it.value())
            list.push_back({ { "topic", f.topic.toStdString() }, { "partition", f.partition }, { "offset", f.offset },
                { "key", f.key.toStdString() }, { "value", f.value.toStdString() }, { "deliveries", f.deliveries },
                { "processed", f.processed }, { "failed", f.failed }, { "committed", f.committed },
                { "fate", f.fate().toStdString() } });
        fatesJson[it.key().toStdString()] = list;
    }
    json states = json::object();
    for (auto it = consumerStates.begin(); it != consumerStates.end(); ++it)
        states[it.key().toStdString()] = it.value().toStdString();
    json unprocessedJson = json::object();
    for (auto it = unprocessed.begin(); it != unprocessed.end(); ++it)
        unprocessedJson[it.key().toStdString()] = it.value();
    json groupsJson = json::object();
    for (auto it = groups.begin(); it != groups.end(); ++it)
        groupsJson[it.key().toStdString()] = it.value().toStdString();
    json membersJson = json::object();
    for (auto it = memberStates.begin(); it != memberStates.end(); ++it) {
        json owns = json::array();
        for (const TopicPartitionRef& p : memberOwns.value(it.key()))
            owns.push_back({ { "topic", p.topic.toStdString() }, { "partition", p.partition } });
        membersJson[it.key().toStdString()] = { { "state", it.value().toStdString() }, { "owns", owns },
            { "generation", memberGenerations.value(it.key(), -1) } };
    }
    json out = { { "step", index }, { "members", membersJson }, { "unprocessed", unprocessedJson },
        { "groups", groupsJson }, { "fates", fatesJson }, { "consumer_states", states }, { "positions", positionsJson },
        { "committed", committedJson }, { "action", actionName(action).toStdString() },
        { "actor", actor.toStdString() }, { "result", ok ? "ok" : (isExpectation ? "expectation failed" : "error") },
        { "partitions", partitionsJson }, { "consumers", consumers }, { "producers", producers } };
    if (!errorName.isEmpty() || !errorText.isEmpty())
        out["error"] = { { "name", errorName.toStdString() }, { "text", errorText.toStdString() } };
    if (isExpectation)
        out["expect"] = expectation.toStdString();
    if (!observed.isEmpty())
        out["observed"] = observed.toStdString();
    if (!note.isEmpty())
        out["note"] = note.toStdString();
    if (!markers.isEmpty()) {
        json markersJson = json::object();
        for (auto it = markers.begin(); it != markers.end(); ++it)
            markersJson[it.key().toStdString()] = std::vector<int64_t>(it.value().begin(), it.value().end());
        out["markers"] = markersJson;
    }
    if (!leadership.isEmpty()) {
        json list = json::array();
        for (const PartitionLeadership& l : leadership)
            list.push_back({ { "topic", l.topic.toStdString() }, { "partition", l.partition }, { "leader", l.leader },
                { "isr", std::vector<int>(l.isr.begin(), l.isr.end()) } });
        out["leadership"] = list;
    }
    if (!drills.isEmpty()) {
        json drillsJson = json::object();
        for (auto it = drills.begin(); it != drills.end(); ++it) {
            drillsJson[it.key().toStdString()] = { { "counts", it.value().toStdString() } };
            if (ledgers.contains(it.key())) {
                const LedgerReport r = ledgers.value(it.key());
                drillsJson[it.key().toStdString()]["ledger"] = { { "acknowledged", r.acknowledged }, { "read", r.read },
                    { "missing", r.missing }, { "duplicates", r.duplicates }, { "order_violations", r.orderViolations },
                    { "unacknowledged_read", r.unacknowledgedRead }, { "summary", r.summary().toStdString() } };
            }
        }
        out["drills"] = drillsJson;
    }
    return QByteArray::fromStdString(out.dump());
}

Scenario ScenarioEngine::manualScenario()
{
    Scenario s;
    s.name = QStringLiteral("transactions by hand");
    s.topics = { { QStringLiteral("topic1"), 3 }, { QStringLiteral("topic2"), 3 } };
    ScenarioActor producer;
    producer.type = ScenarioActor::Type::TransactionalProducer;
    producer.name = QStringLiteral("producer");
    producer.transactionalId = QStringLiteral("kafkalab-stepper");
    ScenarioActor second = producer;
    second.name = QStringLiteral("second");
    ScenarioActor committed;
    committed.type = ScenarioActor::Type::Consumer;
    committed.name = QStringLiteral("read_committed");
    committed.topics = { QStringLiteral("topic1"), QStringLiteral("topic2") };
    ScenarioActor uncommitted = committed;
    uncommitted.name = QStringLiteral("read_uncommitted");
    uncommitted.isolation = QStringLiteral("read_uncommitted");
    ScenarioActor reader = committed;
    reader.name = QStringLiteral("reader");
    reader.groupId = QStringLiteral("kafkalab-stepper-reader");
    reader.topics = { QStringLiteral("topic1") };
    s.actors = { producer, second, committed, uncommitted, reader };
    return s;
}

Scenario ScenarioEngine::offsetScenario(const OffsetLabSettings& settings)
{
    Scenario s;
    s.name = QStringLiteral("offsets by hand");
    const QString topic = QStringLiteral("payments.payment.requested-{{run}}");
    s.topics = { { topic, std::max(1, settings.partitions) } };
    s.temporaryTopics = { topic };
    ScenarioActor source;
    source.type = ScenarioActor::Type::Producer;
    source.name = QStringLiteral("source");
    ScenarioActor consumer;
    consumer.type = ScenarioActor::Type::Consumer;
    consumer.name = QStringLiteral("consumer");
    consumer.subscribe = true;
    consumer.groupId = settings.groupId;
    consumer.autoCommit = settings.autoCommit;
    consumer.autoCommitIntervalMs = settings.autoCommitIntervalMs;
    consumer.autoOffsetReset = settings.autoOffsetReset;
    consumer.isolation = settings.isolation;
    consumer.topics = { topic };
    s.actors = { source, consumer };
    return s;
}

QString ScenarioEngine::scenarioDirectory()
{
    QString env = qEnvironmentVariable("KAFKALAB_SCENARIOS");
    if (!env.isEmpty())
        return env;
    const QString installed = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/kafkalab/scenarios");
    if (QDir(installed).exists())
        return QDir(installed).absolutePath();
    return QStringLiteral(KAFKALAB_SOURCE_SCENARIOS);
}

// What the engine sees after a step: watermarks and LSOs, each consumer's view, each producer's state.
int64_t ScenarioEngine::position(Actor& a, const QString& topic, int32_t partition)
{
    if (!a.rk)
        return -1;
    PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), topic.toUtf8().constData(), partition);
    rd_kafka_position(a.rk.get(), list.get());
    return list->elems[0].offset;
}

void ScenarioEngine::observe(ScenarioObservation& obs)
{
    PartitionListPtr hw(rd_kafka_topic_partition_list_new(int(m_partitions.size())));
    PartitionListPtr lso(rd_kafka_topic_partition_list_new(int(m_partitions.size())));
    for (const auto& [topic, p] : m_partitions) {
        rd_kafka_topic_partition_list_add(hw.get(), topic.toUtf8().constData(), p)->offset = -1;
        rd_kafka_topic_partition_list_add(lso.get(), topic.toUtf8().constData(), p)->offset = -1;
    }
    // A replication lesson takes partitions' leaders away on purpose: a step is not held up for long by one that has
    // none (its watermarks are shown as unknown, -1).
    const int timeoutMs = hasDrillActors(m_scenario) ? 2000 : 10000;
    rd_kafka_offsets_for_times(m_uncommitted.get(), hw.get(), timeoutMs);
    rd_kafka_offsets_for_times(m_committed.get(), lso.get(), timeoutMs);
    for (int i = 0; i < hw->cnt; ++i)
        obs.partitions.append({ QString::fromUtf8(hw->elems[i].topic), hw->elems[i].partition,
            hw->elems[i].err ? -1 : hw->elems[i].offset, lso->elems[i].err ? -1 : lso->elems[i].offset });
    for (auto& [name, a] : m_actors) {
        if (a.spec.type == ScenarioActor::Type::Consumer) {
            observeConsumer(name, a, obs);
        } else if (a.spec.type == ScenarioActor::Type::TransactionalProducer) {
            obs.producerStates.insert(name, a.txState);
            obs.transitions.insert(name, a.transition);
        }
    }
    observeMarkers(obs);
    observeMembers(obs);
    observeDrills(obs);
}

} // namespace kafkalab
