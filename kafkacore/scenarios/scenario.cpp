#include "kafkacore/scenarios/scenario.h"

#include "kafkacore/common/jsontext.h"
#include "kafkacore/scenarios/scenarioparse.h"
#include "kafkacore/topics/topicnaming.h"

#include <QFile>

namespace kafkalab {

using nlohmann::json;

const ScenarioActor* Scenario::actor(const QString& name) const
{
    for (const ScenarioActor& a : actors)
        if (a.name == name)
            return &a;
    return nullptr;
}

using namespace scenarioparse;

// `path` is set to where in the JSON a mistake was found (keys and indices from the top), for its line and column.
static std::optional<Scenario> parseChecked(const json& root, const QString& file, QString* error, QStringList& path);

std::optional<Scenario> parseScenario(const QByteArray& text, const QString& file, QString* error)
{
    const JsonCheck check = checkJson(text);
    if (!check.ok) {
        *error = QStringLiteral("%1: not valid JSON at %2").arg(file, check.describe());
        return std::nullopt;
    }
    QStringList path;
    std::optional<Scenario> s;
    try {
        s = parseChecked(json::parse(text.constBegin(), text.constEnd()), file, error, path);
    } catch (const json::exception& e) {
        *error = QStringLiteral("%1: a field has the wrong type (%2)").arg(file, QString::fromUtf8(e.what()));
    }
    // "FILE: step 3: reason" -> "FILE:LINE:COLUMN: step 3: reason", the form editors and CI logs link to the place.
    if (!s && error->startsWith(file + QStringLiteral(": "))) {
        const JsonPosition at = locateJsonPath(text, path);
        if (at.line > 0)
            error->replace(0, file.size(), QStringLiteral("%1:%2:%3").arg(file).arg(at.line).arg(at.column));
    }
    return s;
}

// Throws Mistake for a field of the wrong type or out of range; `where` is then the part of the file being read.
static std::optional<Scenario> parseFields(
    const json& root, const QString& file, QString* error, QString& where, QStringList& path)
{
    auto fail = [&](const QString& at, const QString& why) {
        *error = QStringLiteral("%1: %2%3").arg(file, at.isEmpty() ? QString() : at + QStringLiteral(": "), why);
        return std::nullopt;
    };
    if (!root.is_object())
        return fail({}, QStringLiteral("the scenario must be a JSON object"));
    onlyFields(root, QStringLiteral("a scenario"),
        { "name", "description", "brokers", "topics", "actors", "steps", "title", "teaches", "duration_s", "slides" });
    Scenario s;
    s.file = file;
    s.name = str(root, "name");
    s.description = str(root, "description");
    if (s.name.isEmpty())
        return fail({}, QStringLiteral("missing field 'name'"));
    if (root.contains("topics")) {
        if (!root["topics"].is_array())
            return fail({}, QStringLiteral("'topics' must be a list"));
        int index = 0;
        for (const json& t : root["topics"]) {
            path = { QStringLiteral("topics"), QString::number(index) };
            where = QStringLiteral("topic %1").arg(++index);
            if (!t.is_object())
                return fail(where, QStringLiteral("a topic must be an object"));
            onlyFields(
                t, QStringLiteral("a topic"), { "name", "partitions", "replication_factor", "configs", "temporary" });
            const QString name = str(t, "name");
            if (const QString bad = scenarioTopicError(name); !bad.isEmpty())
                return fail(where, bad);
            s.topics.append({ name, int(integer(t, "partitions", 1, 1)) });
            if (t.contains("replication_factor")) {
                // Kafka's limit (an int16)
                s.replication.insert(name, int(integer(t, "replication_factor", 1, 1, 32767)));
                s.brokers = std::max(s.brokers, s.replication.value(name));
            }
            if (t.contains("configs")) {
                if (!t["configs"].is_object())
                    inField("configs", [&] {
                        wrongType(quoted("configs"), QStringLiteral("an object of config -> value"), t["configs"]);
                    });
                QMap<QString, QString> configs;
                for (auto c = t["configs"].begin(); c != t["configs"].end(); ++c) {
                    const QString key = QString::fromStdString(c.key());
                    configs.insert(
                        key, inField("configs", [&] { return text(*c, QStringLiteral("config '%1'").arg(key)); }));
                }
                s.topicConfigs.insert(name, configs);
            }
            if (boolean(t, "temporary", false))
                s.temporaryTopics.append(name);
        }
        where.clear();
        path.clear();
    }
    if (root.contains("brokers")) {
        path = { QStringLiteral("brokers") };
        s.brokers = std::max(s.brokers, int(integer(root, "brokers", 1, 1, 1000)));
        path.clear();
    }
    if (!root.contains("actors") || !root["actors"].is_object() || root["actors"].empty())
        return fail({}, QStringLiteral("missing field 'actors' (an object of named actors)"));
    for (auto it = root["actors"].begin(); it != root["actors"].end(); ++it) {
        ScenarioActor a;
        a.name = QString::fromStdString(it.key());
        where = QStringLiteral("actor '%1'").arg(a.name);
        path = { QStringLiteral("actors"), a.name };
        if (!it->is_object())
            return fail(where, QStringLiteral("an actor must be an object"));
        const QString type = str(*it, "type");
        if (type == QLatin1String("transactional_producer")) {
            onlyFields(*it, QStringLiteral("a transactional_producer"),
                { "type", "transactional_id", "transaction_timeout_ms", "as_user" });
            a.type = ScenarioActor::Type::TransactionalProducer;
            a.transactionalId = str(*it, "transactional_id");
            if (a.transactionalId.isEmpty())
                return fail(where, QStringLiteral("missing field 'transactional_id'"));
            // librdkafka's range for transaction.timeout.ms
            a.transactionTimeoutMs = int(integer(*it, "transaction_timeout_ms", a.transactionTimeoutMs, 1000));
        } else if (type == QLatin1String("producer")) {
            onlyFields(*it, QStringLiteral("a producer"), { "type", "as_user" });
            a.type = ScenarioActor::Type::Producer;
        } else if (type == QLatin1String("consumer")) {
            onlyFields(*it, QStringLiteral("a consumer"),
                { "type", "isolation", "group_id", "topics", "subscribe", "enable_auto_commit",
                    "auto_commit_interval_ms", "auto_offset_reset", "session_timeout_ms", "value_subject",
                    "reader_version", "as_user" });
            a.type = ScenarioActor::Type::Consumer;
            a.isolation = str(*it, "isolation", a.isolation);
            if (a.isolation != QLatin1String("read_committed") && a.isolation != QLatin1String("read_uncommitted"))
                return fail(where, QStringLiteral("isolation must be read_committed or read_uncommitted"));
            a.groupId = str(*it, "group_id");
            if (!it->contains("topics") || !(*it)["topics"].is_array() || (*it)["topics"].empty())
                return fail(where, QStringLiteral("missing field 'topics' (a consumer reads at least one topic)"));
            a.topics = strings(*it, "topics");
            a.subscribe = boolean(*it, "subscribe", false);
            a.autoCommit = boolean(*it, "enable_auto_commit", false);
            // librdkafka's ranges for auto.commit.interval.ms and session.timeout.ms
            a.autoCommitIntervalMs = int(integer(*it, "auto_commit_interval_ms", a.autoCommitIntervalMs, 0, 86400000));
            a.autoOffsetReset = str(*it, "auto_offset_reset", a.autoOffsetReset);
            a.sessionTimeoutMs = int(integer(*it, "session_timeout_ms", a.sessionTimeoutMs, 1, 3600000));
            parseSchemaConsumer(*it, a);
            if (a.autoOffsetReset != QLatin1String("earliest") && a.autoOffsetReset != QLatin1String("latest"))
                return fail(where, QStringLiteral("auto_offset_reset must be earliest or latest"));
            if (a.subscribe && a.groupId.isEmpty())
                return fail(where, QStringLiteral("a consumer that subscribes needs 'group_id'"));
            if (a.autoCommit && a.groupId.isEmpty())
                return fail(
                    where, QStringLiteral("enable_auto_commit needs 'group_id' (offsets are committed to a group)"));
        } else if (type == QLatin1String("member")) {
            parseMemberActor(*it, a);
        } else if (type == QLatin1String("drill_producer") || type == QLatin1String("drill_consumer")) {
            parseDrillActor(*it, type, a);
        } else {
            return fail(where,
                QStringLiteral("unknown actor type '%1'; use transactional_producer, producer, consumer, member, "
                               "drill_producer or drill_consumer")
                    .arg(type));
        }
        parseAsUser(*it, a);
        s.actors.append(a);
    }
    for (const ScenarioActor& a : std::as_const(s.actors)) {
        const ScenarioActor* p = s.actor(a.from);
        if (a.type != ScenarioActor::Type::DrillConsumer || (p && p->type == ScenarioActor::Type::DrillProducer))
            continue;
        path = { QStringLiteral("actors"), a.name, QStringLiteral("from") };
        return fail(QStringLiteral("actor '%1'").arg(a.name),
            QStringLiteral("'from' must name a drill_producer actor ('%1' is none)").arg(a.from));
    }
    where.clear();
    path.clear();
    QStringList rememberedBrokers; // names given by broker steps' "as", in step order
    if (!root.contains("steps") || !root["steps"].is_array() || root["steps"].empty())
        return fail({}, QStringLiteral("missing field 'steps' (a list)"));
    int index = 0;
    for (const json& j : root["steps"]) {
        path = { QStringLiteral("steps"), QString::number(index) };
        where = QStringLiteral("step %1").arg(++index);
        if (!j.is_object())
            return fail(where, QStringLiteral("a step must be an object"));
        ScenarioStep st;
        const QString actionText = str(j, "action");
        st.actor = str(j, "actor");
        st.note = str(j, "note");
        if (actionText.isEmpty())
            return fail(where, QStringLiteral("missing field 'action'"));
        const std::optional<ScenarioAction> action = parseAction(actionText);
        if (action)
            st.action = *action;
        if (action == ScenarioAction::Wait) {
            onlyFields(j, QStringLiteral("a 'wait' step"), { "action", "ms", "note" });
            if (!j.contains("ms"))
                return fail(where, QStringLiteral("'wait' needs 'ms'"));
            st.waitMs = int(integer(j, "ms", 0, 0));
            s.steps.append(st);
            continue;
        }
        if (action == ScenarioAction::Broker) {
            onlyFields(j, QStringLiteral("a 'broker' step"),
                { "action", "command", "id", "role", "topic", "partition", "as", "timeout_ms", "note" });
            st.brokerCommand = str(j, "command");
            static const QStringList commands { QStringLiteral("stop"), QStringLiteral("kill"), QStringLiteral("pause"),
                QStringLiteral("resume"), QStringLiteral("start") };
            if (!commands.contains(st.brokerCommand))
                return fail(where,
                    QStringLiteral("'broker' needs 'command': stop, kill, pause, resume or start (not '%1')")
                        .arg(st.brokerCommand));
            parseBrokerTarget(j, st, rememberedBrokers);
            if (!st.brokerAs.isEmpty())
                rememberedBrokers.append(st.brokerAs);
            st.timeoutMs = int(integer(j, "timeout_ms", 120000, 1));
            s.steps.append(st);
            continue;
        }
        if (action == ScenarioAction::Acl) {
            parseAclStep(j, st);
            s.steps.append(st);
            continue;
        }
        if (action == ScenarioAction::AlterTopic || action == ScenarioAction::ElectLeaders) {
            if (action == ScenarioAction::AlterTopic)
                parseAlterTopic(j, st);
            else
                parseElectLeaders(j, st);
            s.steps.append(st);
            continue;
        }
        if (action == ScenarioAction::RegisterSchema || action == ScenarioAction::SchemaCompatibility) {
            parseSchemaStep(j, file, st);
            s.steps.append(st);
            continue;
        }
        if (action == ScenarioAction::Expect && (parseDrillExpect(j, s, st) || parseTopicExpect(j, st))) {
            s.steps.append(st);
            continue;
        }
        if (action == ScenarioAction::WaitStable) {
            parseWaitStable(j, s, st);
            s.steps.append(st);
            continue;
        }
        if (action == ScenarioAction::Expect && parseGroupExpect(j, s, st)) {
            s.steps.append(st);
            continue;
        }
        if (action == ScenarioAction::Expect) {
            onlyFields(j, QStringLiteral("an 'expect' step"),
                { "action", "consumer", "actor", "values", "count", "error", "state", "position", "committed", "topic",
                    "partition", "redelivered", "lost", "deliveries", "decoded", "note" });
            st.consumer = str(j, "consumer");
            if (j.contains("values") && j.contains("decoded"))
                return fail(where, QStringLiteral("'values' and 'decoded' exclude each other"));
            if (j.contains("values"))
                st.expectValues = strings(j, "values");
            if (j.contains("decoded"))
                parseDecodedExpect(j, s, st);
            if (j.contains("redelivered"))
                st.expectRedelivered = strings(j, "redelivered");
            if (j.contains("lost"))
                st.expectLost = strings(j, "lost");
            if (j.contains("deliveries")) {
                if (!j["deliveries"].is_object())
                    return fail(where, QStringLiteral("'deliveries' must be an object of value -> count"));
                QMap<QString, int> counts;
                for (auto d = j["deliveries"].begin(); d != j["deliveries"].end(); ++d) {
                    const QString value = QString::fromStdString(d.key());
                    counts.insert(
                        value, int(wholeNumber(*d, QStringLiteral("'deliveries' of '%1'").arg(value), 0, kIntMax)));
                }
                st.expectDeliveries = counts;
            }
            if (j.contains("count"))
                st.expectCount = int(integer(j, "count", -1, 0));
            if (j.contains("error"))
                st.expectError = str(j, "error");
            const QString state = str(j, "state");
            if (j.contains("position"))
                st.expectPosition = integer(j, "position", -1, 0, kInt64Max);
            if (j.contains("committed"))
                st.expectCommitted = integer(j, "committed", -1, 0, kInt64Max);
            st.topic = str(j, "topic");
            st.partition = int(integer(j, "partition", -1, 0));
            if (st.expectPosition || st.expectCommitted) {
                if (st.topic.isEmpty() || st.partition < 0)
                    return fail(where, QStringLiteral("'position' and 'committed' need 'topic' and 'partition'"));
            }
            const bool aboutConsumer = st.expectValues || st.expectCount || st.expectPosition || st.expectCommitted
                || st.expectRedelivered || st.expectLost || st.expectDeliveries;
            if (!aboutConsumer && !st.expectError && !j.contains("state"))
                return fail(where,
                    QStringLiteral("'expect' needs one of 'values', 'count', 'error', 'state', 'position', "
                                   "'committed', 'redelivered', 'lost', 'deliveries' or 'decoded'"));
            const QString who = st.consumer.isEmpty() ? st.actor : st.consumer;
            if (who.isEmpty())
                return fail(where, QStringLiteral("'expect' needs 'consumer' or 'actor'"));
            if (!s.actor(who))
                return fail(where, QStringLiteral("unknown actor '%1'").arg(who));
            if (aboutConsumer && s.actor(who)->type != ScenarioActor::Type::Consumer)
                return fail(where,
                    QStringLiteral("what this step expects is about a consumer; '%1' is not a consumer").arg(who));
            if (j.contains("state")) {
                // Parsed against the actor's type: a transactional producer's states or a consumer's.
                const ScenarioActor::Type type = s.actor(who)->type;
                if (type == ScenarioActor::Type::TransactionalProducer)
                    st.expectState = parseProducerState(state);
                else if (type == ScenarioActor::Type::Consumer)
                    st.expectConsumerState = parseConsumerState(state);
                else
                    return fail(where,
                        QStringLiteral("'state' is about a transactional producer or a consumer; '%1' is neither")
                            .arg(who));
                if (!st.expectState && !st.expectConsumerState) {
                    QStringList names;
                    if (type == ScenarioActor::Type::Consumer)
                        for (ConsumerState c :
                            { ConsumerState::Running, ConsumerState::Crashed, ConsumerState::Closed })
                            names.append(consumerStateName(c));
                    else
                        for (ProducerState p : allProducerStates())
                            names.append(producerStateName(p));
                    return fail(where,
                        QStringLiteral("unknown state '%1' for '%2' (it can be: %3)")
                            .arg(state, who, names.join(QLatin1String(", "))));
                }
            }
            if (st.expectCommitted && s.actor(who)->groupId.isEmpty())
                return fail(
                    where, QStringLiteral("'committed' needs a consumer with a group_id; '%1' has none").arg(who));
            s.steps.append(st);
            continue;
        }
        const ScenarioActor* a = s.actor(st.actor);
        if (st.actor.isEmpty())
            return fail(where, QStringLiteral("missing field 'actor'"));
        if (!a)
            return fail(where, QStringLiteral("unknown actor '%1'").arg(st.actor));
        if (!action || !actionsFor(a->type).contains(*action)) {
            QStringList can;
            for (ScenarioAction other : actionsFor(a->type))
                can.append(actionName(other));
            return fail(where,
                QStringLiteral("unknown step '%1' for actor '%2' (it can: %3)")
                    .arg(actionText, st.actor, can.join(QLatin1String(", "))));
        }
        const QString what = QStringLiteral("a '%1' step").arg(actionText);
        const bool consumerCommit = st.action == ScenarioAction::Commit && a->type == ScenarioActor::Type::Consumer;
        if (st.action == ScenarioAction::Send)
            onlyFields(j, what,
                { "action", "actor", "topic", "value", "key", "partition", "count", "headers", "timeout_ms",
                    "value_subject", "value_version", "note" });
        else if (st.action == ScenarioAction::SendOffsets)
            onlyFields(j, what, { "action", "actor", "consumer", "timeout_ms", "note" });
        else if (st.action == ScenarioAction::Poll)
            onlyFields(j, what, { "action", "actor", "max", "timeout_ms", "note" });
        else if (st.action == ScenarioAction::Process)
            onlyFields(j, what, { "action", "actor", "result", "count", "timeout_ms", "note" });
        else if (consumerCommit)
            onlyFields(j, what, { "action", "actor", "mode", "scope", "timeout_ms", "note" });
        else if (st.action == ScenarioAction::Seek)
            onlyFields(j, what, { "action", "actor", "topic", "partition", "offset", "timeout_ms", "note" });
        else
            onlyFields(j, what, { "action", "actor", "timeout_ms", "note" });
        st.timeoutMs = int(integer(j, "timeout_ms", st.timeoutMs, 0));
        if (st.action == ScenarioAction::Send) {
            st.topic = str(j, "topic");
            if (st.topic.isEmpty())
                return fail(where, QStringLiteral("'send' needs 'topic'"));
            if (!j.contains("value"))
                return fail(where, QStringLiteral("'send' needs 'value'"));
            if (j.contains("value_subject"))
                parseSchemaSend(j, st); // the value as JSON, encoded with the subject's schema when sent
            else
                st.value = str(j, "value");
            if (j.contains("key") && !j["key"].is_null())
                st.key = str(j, "key");
            st.partition = int(integer(j, "partition", -1, 0));
            st.count = int(integer(j, "count", 1, 1));
            if (j.contains("headers")) {
                if (!j["headers"].is_object())
                    wrongType(quoted("headers"), QStringLiteral("an object of name -> text"), j["headers"]);
                for (auto h = j["headers"].begin(); h != j["headers"].end(); ++h) {
                    const QString name = QString::fromStdString(h.key());
                    st.headers.insert(name, text(*h, QStringLiteral("header '%1'").arg(name)));
                }
            }
        } else if (st.action == ScenarioAction::SendOffsets) {
            st.consumer = str(j, "consumer");
            const ScenarioActor* c = s.actor(st.consumer);
            if (!c || c->type != ScenarioActor::Type::Consumer || c->groupId.isEmpty())
                return fail(where, QStringLiteral("'send_offsets' needs 'consumer': a consumer actor with a group_id"));
        } else if (st.action == ScenarioAction::Poll) {
            st.maxMessages = int(integer(j, "max", st.maxMessages, 1));
        } else if (st.action == ScenarioAction::Process) {
            const QString result = str(j, "result", QStringLiteral("ok"));
            if (result != QLatin1String("ok") && result != QLatin1String("fail"))
                return fail(where, QStringLiteral("'process' takes \"result\": \"ok\" or \"fail\""));
            st.processOk = result == QLatin1String("ok");
            st.count = int(integer(j, "count", 1, 1));
        } else if (consumerCommit) {
            const QString mode = str(j, "mode", QStringLiteral("sync"));
            const QString scope = str(j, "scope", QStringLiteral("all"));
            if (mode != QLatin1String("sync") && mode != QLatin1String("async"))
                return fail(where, QStringLiteral("'mode' must be sync or async"));
            if (scope != QLatin1String("all") && scope != QLatin1String("message"))
                return fail(where, QStringLiteral("'scope' must be all or message"));
            if (a->groupId.isEmpty())
                return fail(where, QStringLiteral("'%1' has no group_id to commit to").arg(st.actor));
            st.async = mode == QLatin1String("async");
            st.commitMessage = scope == QLatin1String("message");
        } else if (st.action == ScenarioAction::Seek) {
            st.topic = str(j, "topic");
            st.partition = int(integer(j, "partition", -1, 0));
            if (!j.contains("offset") || st.topic.isEmpty() || st.partition < 0)
                return fail(where, QStringLiteral("'seek' needs 'topic', 'partition' and 'offset'"));
            // -2 and -1 are librdkafka's logical offsets: the beginning and the end
            st.offset = integer(j, "offset", -1, -2, kInt64Max);
        }
        s.steps.append(st);
    }
    where.clear();
    parseLessonFields(root, s, path);
    return s;
}

static std::optional<Scenario> parseChecked(const json& root, const QString& file, QString* error, QStringList& path)
{
    QString where; // the part of the file being read: "actor 'c'", "step 3"; empty for the top level
    try {
        return parseFields(root, file, error, where, path);
    } catch (const Mistake& m) {
        if (!m.field.isEmpty())
            path.append(m.field);
        *error
            = QStringLiteral("%1: %2%3").arg(file, where.isEmpty() ? QString() : where + QStringLiteral(": "), m.why);
        return std::nullopt;
    }
}

std::optional<Scenario> loadScenario(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    return parseScenario(f.readAll(), path, error);
}

} // namespace kafkalab
