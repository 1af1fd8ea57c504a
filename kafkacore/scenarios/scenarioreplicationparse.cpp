// The scenario file's replication vocabulary: the drill producer and consumer actors, "alter_topic", a broker chosen
// by its role ("leader", "follower") or by a name an earlier step remembered, and the expectations about a drill
// (acknowledged, progress, the ledger check) and about a partition (in-sync replicas, offline). Every mistake is
// refused when the file is parsed (the parser names the actor or the step, with its line and column).
#include "kafkacore/scenarios/scenarioparse.h"

namespace kafkalab::scenarioparse {

void parseDrillActor(const json& j, const QString& type, ScenarioActor& a)
{
    if (type == QLatin1String("drill_consumer")) {
        onlyFields(j, QStringLiteral("a drill_consumer"), { "type", "from" });
        a.type = ScenarioActor::Type::DrillConsumer;
        a.from = str(j, "from");
        if (a.from.isEmpty())
            throw Mistake { QStringLiteral("missing field 'from' (the drill_producer whose topic it reads, from where "
                                           "that producer started)") };
        return;
    }
    onlyFields(j, QStringLiteral("a drill_producer"),
        { "type", "topic", "acks", "idempotence", "retries", "rate", "keys", "delivery_timeout_ms" });
    a.type = ScenarioActor::Type::DrillProducer;
    a.topic = str(j, "topic");
    if (const QString bad = scenarioTopicError(a.topic); !bad.isEmpty())
        throw Mistake { a.topic.isEmpty() ? QStringLiteral("missing field 'topic' (the topic it writes to)") : bad,
            QStringLiteral("topic") };
    if (const auto it = j.find("acks"); it != j.end()) {
        if (it->is_string() && it->get<std::string>() == "all")
            a.acks = -1;
        else if (it->is_number_integer() && (it->get<int64_t>() == 0 || it->get<int64_t>() == 1))
            a.acks = int(it->get<int64_t>());
        else
            inField("acks", [&] { wrongType(quoted("acks"), QStringLiteral("\"all\", 1 or 0"), *it); });
    }
    a.idempotence = boolean(j, "idempotence", a.acks == -1);
    a.retries = boolean(j, "retries", true);
    // ReplicationDrill::start's ranges
    a.rate = int(integer(j, "rate", a.rate, 1, 100000));
    a.keys = int(integer(j, "keys", a.keys, 0, 1000));
    a.deliveryTimeoutMs = int(integer(j, "delivery_timeout_ms", a.deliveryTimeoutMs, 1000, 300000));
    if (a.idempotence && a.acks != -1)
        throw Mistake { QStringLiteral("'idempotence' needs \"acks\": \"all\""), QStringLiteral("idempotence") };
    if (a.idempotence && !a.retries)
        throw Mistake { QStringLiteral("'idempotence' needs retries (leave 'retries' out or make it true)"),
            QStringLiteral("retries") };
}

void parseAlterTopic(const json& j, ScenarioStep& st)
{
    onlyFields(j, QStringLiteral("an 'alter_topic' step"), { "action", "topic", "configs", "timeout_ms", "note" });
    st.topic = str(j, "topic");
    if (const QString bad = scenarioTopicError(st.topic); !bad.isEmpty())
        throw Mistake { st.topic.isEmpty() ? QStringLiteral("'alter_topic' needs 'topic'") : bad,
            QStringLiteral("topic") };
    const auto it = j.find("configs");
    if (it == j.end() || !it->is_object() || it->empty())
        throw Mistake { QStringLiteral("'alter_topic' needs 'configs': an object of config -> value (null: back to "
                                       "the default)"),
            it == j.end() ? QString() : QStringLiteral("configs") };
    for (auto c = it->begin(); c != it->end(); ++c) {
        const QString name = QString::fromStdString(c.key());
        if (c->is_null())
            st.topicConfigs.insert(name, std::nullopt);
        else
            st.topicConfigs.insert(
                name, inField("configs", [&] { return text(*c, QStringLiteral("config '%1'").arg(name)); }));
    }
    st.timeoutMs = int(integer(j, "timeout_ms", 15000, 1000, 600000));
}

void parseElectLeaders(const json& j, ScenarioStep& st)
{
    onlyFields(
        j, QStringLiteral("an 'elect_leaders' step"), { "action", "topic", "partition", "type", "timeout_ms", "note" });
    st.topic = str(j, "topic");
    if (const QString bad = scenarioTopicError(st.topic); !bad.isEmpty())
        throw Mistake { st.topic.isEmpty() ? QStringLiteral("'elect_leaders' needs 'topic'") : bad,
            QStringLiteral("topic") };
    st.partition = int(integer(j, "partition", 0, 0));
    const QString type = str(j, "type", QStringLiteral("preferred"));
    if (type != QLatin1String("preferred") && type != QLatin1String("unclean"))
        throw Mistake { QStringLiteral("'type' must be preferred or unclean (not '%1')").arg(type),
            QStringLiteral("type") };
    st.unclean = type == QLatin1String("unclean");
    st.timeoutMs = int(integer(j, "timeout_ms", 30000, 1000, 600000));
}

void parseBrokerTarget(const json& j, ScenarioStep& st, const QStringList& remembered)
{
    const bool hasId = j.contains("id");
    const bool hasRole = j.contains("role");
    if (hasId == hasRole)
        throw Mistake { hasId ? QStringLiteral("'broker' takes 'id' or 'role', not both")
                              : QStringLiteral("'broker' needs 'id' (a node id, or a name an earlier step's 'as' "
                                               "gave) or 'role' (leader or follower)") };
    if (hasId && j["id"].is_string()) {
        st.brokerName = str(j, "id");
        if (!remembered.contains(st.brokerName))
            throw Mistake {
                QStringLiteral("no earlier broker step remembers a broker as '%1' (with \"as\")").arg(st.brokerName),
                QStringLiteral("id")
            };
    } else if (hasId) {
        st.brokerId = int(integer(j, "id", -1, 0));
    } else {
        st.brokerRole = str(j, "role");
        if (st.brokerRole != QLatin1String("leader") && st.brokerRole != QLatin1String("follower"))
            throw Mistake { QStringLiteral("'role' must be leader or follower (not '%1')").arg(st.brokerRole),
                QStringLiteral("role") };
        st.topic = str(j, "topic");
        if (const QString bad = scenarioTopicError(st.topic); !bad.isEmpty())
            throw Mistake { st.topic.isEmpty() ? QStringLiteral("'role' needs 'topic' (whose partition's leader or "
                                                                "follower)")
                                               : bad,
                QStringLiteral("topic") };
        st.partition = int(integer(j, "partition", 0, 0));
    }
    st.brokerAs = str(j, "as");
    if (j.contains("as")
        && (st.brokerAs.isEmpty() || st.brokerAs == QLatin1String("leader")
            || st.brokerAs == QLatin1String("follower")))
        throw Mistake { QStringLiteral("'as' must be a name (not empty, not leader or follower)"),
            QStringLiteral("as") };
    if ((j.contains("topic") || j.contains("partition")) && st.brokerRole.isEmpty())
        throw Mistake { QStringLiteral("'topic' and 'partition' choose a broker by its 'role'; this step has none") };
}

bool parseDrillExpect(const json& j, const Scenario& s, ScenarioStep& st)
{
    const ScenarioActor* who = s.actor(str(j, "actor"));
    const bool drill
        = who && (who->type == ScenarioActor::Type::DrillProducer || who->type == ScenarioActor::Type::DrillConsumer);
    if (!drill)
        return false;
    st.actor = who->name;
    if (who->type == ScenarioActor::Type::DrillConsumer) {
        onlyFields(j, QStringLiteral("an 'expect' about a drill_consumer"),
            { "action", "actor", "progress", "caught_up", "within_ms", "note" });
        if (j.contains("progress"))
            st.expectProgress = boolean(j, "progress", true);
        if (j.contains("caught_up"))
            st.expectCaughtUp = boolean(j, "caught_up", true);
        if (!st.expectProgress && !st.expectCaughtUp)
            throw Mistake { QStringLiteral("'expect' about a drill_consumer needs 'progress' or 'caught_up'") };
    } else {
        onlyFields(j, QStringLiteral("an 'expect' about a drill_producer"),
            { "action", "actor", "acknowledged_min", "progress", "error", "missing", "missing_min", "duplicates",
                "order_violations", "within_ms", "note" });
        if (j.contains("acknowledged_min"))
            st.expectAcknowledgedMin = integer(j, "acknowledged_min", 0, 0, kInt64Max);
        if (j.contains("progress"))
            st.expectProgress = boolean(j, "progress", true);
        if (j.contains("error")) {
            st.expectError = str(j, "error");
            if (st.expectError->isEmpty())
                throw Mistake { QStringLiteral("'error' names an error (NOT_ENOUGH_REPLICAS, ...)"),
                    QStringLiteral("error") };
        }
        if (j.contains("missing"))
            st.expectMissing = integer(j, "missing", 0, 0, kInt64Max);
        if (j.contains("missing_min"))
            st.expectMissingMin = integer(j, "missing_min", 0, 0, kInt64Max);
        if (j.contains("duplicates"))
            st.expectDuplicates = integer(j, "duplicates", 0, 0, kInt64Max);
        if (j.contains("order_violations"))
            st.expectOrderViolations = integer(j, "order_violations", 0, 0, kInt64Max);
        if (!st.expectAcknowledgedMin && !st.expectProgress && !st.expectError && !st.expectMissing
            && !st.expectMissingMin && !st.expectDuplicates && !st.expectOrderViolations)
            throw Mistake { QStringLiteral("'expect' about a drill_producer needs 'acknowledged_min', 'progress', "
                                           "'error', 'missing', 'missing_min', 'duplicates' or 'order_violations'") };
    }
    // How long an expectation about what is still running may take to come true (progress: how long it is watched).
    st.timeoutMs = int(integer(j, "within_ms", 30000, 0, 600000));
    return true;
}

bool parseTopicExpect(const json& j, ScenarioStep& st)
{
    if (j.contains("actor") || j.contains("consumer") || j.contains("group")
        || !(j.contains("isr") || j.contains("offline")))
        return false;
    onlyFields(j, QStringLiteral("an 'expect' about a partition"),
        { "action", "topic", "partition", "isr", "offline", "within_ms", "note" });
    st.topic = str(j, "topic");
    if (const QString bad = scenarioTopicError(st.topic); !bad.isEmpty())
        throw Mistake { st.topic.isEmpty() ? QStringLiteral("'isr' and 'offline' need 'topic'") : bad,
            QStringLiteral("topic") };
    st.partition = int(integer(j, "partition", 0, 0));
    if (j.contains("isr"))
        st.expectIsr = int(integer(j, "isr", 0, 0, 1000));
    if (j.contains("offline"))
        st.expectOffline = boolean(j, "offline", false);
    st.timeoutMs = int(integer(j, "within_ms", 30000, 0, 600000));
    return true;
}

} // namespace kafkalab::scenarioparse
