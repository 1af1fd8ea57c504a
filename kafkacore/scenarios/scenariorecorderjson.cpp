// The recorded run as a scenario file (ScenarioRecorder::toJson): the fields parseScenario() reads, one topic, actor
// or step a line, as the shipped lessons are written.
#include "kafkacore/scenarios/scenariorecorder.h"

#include <nlohmann/json.hpp>

namespace kafkalab {

using ojson = nlohmann::ordered_json;

namespace {

std::string s8(const QString& s)
{
    return s.toStdString();
}

ojson strings(const QStringList& list)
{
    ojson out = ojson::array();
    for (const QString& v : list)
        out.push_back(s8(v));
    return out;
}

ojson actorJson(const ScenarioActor& a)
{
    ojson j;
    using T = ScenarioActor::Type;
    switch (a.type) {
    case T::TransactionalProducer:
        j["type"] = "transactional_producer";
        j["transactional_id"] = s8(a.transactionalId);
        if (a.transactionTimeoutMs != ScenarioActor().transactionTimeoutMs)
            j["transaction_timeout_ms"] = a.transactionTimeoutMs;
        break;
    case T::Producer:
        j["type"] = "producer";
        break;
    case T::Consumer:
        j["type"] = "consumer";
        j["isolation"] = s8(a.isolation);
        if (!a.groupId.isEmpty())
            j["group_id"] = s8(a.groupId);
        j["topics"] = strings(a.topics);
        if (a.subscribe) {
            j["subscribe"] = true;
            j["auto_offset_reset"] = s8(a.autoOffsetReset);
            j["session_timeout_ms"] = a.sessionTimeoutMs;
        }
        if (a.autoCommit) {
            j["enable_auto_commit"] = true;
            j["auto_commit_interval_ms"] = a.autoCommitIntervalMs;
        }
        break;
    case T::Member:
        j["type"] = "member";
        j["group_id"] = s8(a.groupId);
        j["topics"] = strings(a.topics);
        j["protocol"] = s8(a.protocol);
        j["assignor"] = s8(a.assignor);
        if (!a.instanceId.isEmpty())
            j["group_instance_id"] = s8(a.instanceId);
        if (a.protocol == QLatin1String("classic"))
            j["session_timeout_ms"] = a.sessionTimeoutMs;
        break;
    case T::DrillProducer:
    case T::DrillConsumer:
        j["type"] = a.type == T::DrillProducer ? "drill_producer" : "drill_consumer";
        break;
    }
    return j;
}

void expectJson(const ScenarioStep& st, ojson& j)
{
    if (!st.group.isEmpty() && st.actor.isEmpty())
        j["group"] = s8(st.group);
    if (!st.consumer.isEmpty())
        j["consumer"] = s8(st.consumer);
    else if (!st.actor.isEmpty())
        j["actor"] = s8(st.actor);
    if (st.expectValues)
        j["values"] = strings(*st.expectValues);
    if (st.expectError)
        j["error"] = s8(*st.expectError);
    if (st.expectState)
        j["state"] = s8(producerStateName(*st.expectState));
    if (st.expectConsumerState)
        j["state"] = s8(consumerStateName(*st.expectConsumerState));
    if (st.expectPosition || st.expectCommitted) {
        j["topic"] = s8(st.topic);
        j["partition"] = st.partition;
    }
    if (st.expectPosition)
        j["position"] = *st.expectPosition;
    if (st.expectCommitted)
        j["committed"] = *st.expectCommitted;
    if (st.expectRedelivered)
        j["redelivered"] = strings(*st.expectRedelivered);
    if (st.expectLost)
        j["lost"] = strings(*st.expectLost);
    if (st.expectOwns)
        j["owns"] = *st.expectOwns;
    if (st.expectOwned)
        j["owned"] = *st.expectOwned;
}

ojson stepJson(const ScenarioStep& st, const Scenario& lab)
{
    using A = ScenarioAction;
    ojson j;
    const bool actorStep = st.action != A::Wait && st.action != A::WaitStable && st.action != A::Expect;
    if (actorStep) // (the offset stepper names its consumer on every step, a wait too)
        j["actor"] = s8(st.actor);
    j["action"] = s8(actionName(st.action));
    const ScenarioActor* a = lab.actor(st.actor);
    const bool consumer = a && a->type == ScenarioActor::Type::Consumer;
    switch (st.action) {
    case A::Wait:
        j["ms"] = st.waitMs;
        break;
    case A::WaitStable:
        j["group"] = s8(st.group);
        j["timeout_ms"] = st.timeoutMs;
        break;
    case A::Expect:
        expectJson(st, j);
        break;
    case A::Send:
        j["topic"] = s8(st.topic);
        if (st.key)
            j["key"] = s8(*st.key);
        j["value"] = s8(st.value);
        if (st.partition >= 0)
            j["partition"] = st.partition;
        if (st.count != 1)
            j["count"] = st.count;
        break;
    case A::SendOffsets:
        j["consumer"] = s8(st.consumer);
        break;
    case A::Poll:
        j["max"] = st.maxMessages;
        break;
    case A::Process:
        j["result"] = st.processOk ? "ok" : "fail";
        if (st.count != 1)
            j["count"] = st.count;
        break;
    case A::Seek:
        j["topic"] = s8(st.topic);
        j["partition"] = st.partition;
        j["offset"] = st.offset;
        break;
    case A::Commit:
        if (consumer) {
            j["mode"] = st.async ? "async" : "sync";
            j["scope"] = st.commitMessage ? "message" : "all";
        }
        break;
    default:
        break;
    }
    if (actorStep && st.timeoutMs != ScenarioStep().timeoutMs)
        j["timeout_ms"] = st.timeoutMs;
    if (!st.note.isEmpty())
        j["note"] = s8(st.note);
    return j;
}

// One item on one line: {"a": 1, "b": [..]}.
std::string oneLine(const ojson& j)
{
    std::string out = "{";
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
        out += (first ? "" : ", ") + ojson(it.key()).dump() + ": " + it.value().dump();
        first = false;
    }
    return out + "}";
}

} // namespace

QByteArray ScenarioRecorder::toJson(const QString& name) const
{
    ojson root;
    root["name"] = s8(name.isEmpty() ? m_lab.name + QStringLiteral(" (recorded)") : name);
    root["description"] = s8(QStringLiteral("Recorded from a run by hand (%1). The expectations are what that run "
                                            "observed: edit them to say what should happen.")
                                 .arg(m_lab.name));
    std::string out = "{\n";
    out += "  \"name\": " + root["name"].dump() + ",\n";
    out += "  \"description\": " + root["description"].dump() + ",\n";
    out += "  \"topics\": [";
    bool first = true;
    for (const auto& [topic, partitions] : m_lab.topics) {
        ojson t;
        t["name"] = s8(topic);
        t["partitions"] = partitions;
        if (m_lab.temporaryTopics.contains(topic))
            t["temporary"] = true;
        out += (first ? "\n    " : ",\n    ") + oneLine(t);
        first = false;
    }
    out += "\n  ],\n  \"actors\": {";
    first = true;
    for (const ScenarioActor& a : m_lab.actors) {
        out += (first ? "\n    " : ",\n    ") + ojson(s8(a.name)).dump() + ": " + oneLine(actorJson(a));
        first = false;
    }
    out += "\n  },\n  \"steps\": [";
    first = true;
    for (const ScenarioStep& st : m_steps) {
        out += (first ? "\n    " : ",\n    ") + oneLine(stepJson(st, m_lab));
        first = false;
    }
    out += "\n  ]\n}\n";
    return QByteArray::fromStdString(out);
}

} // namespace kafkalab
