#include "scenario.h"

#include "jsontext.h"
#include "topicadmin.h"

#include <QFile>

#include <nlohmann/json.hpp>

namespace kafkalab {

using nlohmann::json;

const ScenarioActor* Scenario::actor(const QString& name) const
{
    for (const ScenarioActor& a : actors)
        if (a.name == name)
            return &a;
    return nullptr;
}

QStringList actionsFor(ScenarioActor::Type type)
{
    switch (type) {
    case ScenarioActor::Type::TransactionalProducer:
        return { "init_transactions", "begin", "send", "send_offsets", "commit", "abort", "flush", "close" };
    case ScenarioActor::Type::Producer:
        return { "send", "flush", "close" };
    case ScenarioActor::Type::Consumer:
        return { "poll", "process", "commit", "seek", "close", "crash", "restart" };
    }
    return {};
}

namespace {

QString str(const json& j, const char* key, const QString& fallback = {})
{
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : fallback;
}

int integer(const json& j, const char* key, int fallback)
{
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

bool boolean(const json& j, const char* key, bool fallback)
{
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

QStringList strings(const json& list)
{
    QStringList out;
    for (const json& v : list)
        out.append(QString::fromStdString(v.get<std::string>()));
    return out;
}

// Topic names may carry {{run}} (a fresh topic per run); the hard rules apply to the rest of the name.
QString scenarioTopicError(const QString& name)
{
    QString checked = name;
    return topicNameError(checked.replace(QLatin1String("{{run}}"), QLatin1String("run")));
}

} // namespace

static std::optional<Scenario> parseChecked(const json& root, const QString& file, QString* error);

std::optional<Scenario> parseScenario(const QByteArray& text, const QString& file, QString* error)
{
    const JsonCheck check = checkJson(text);
    if (!check.ok) {
        *error = QStringLiteral("%1: not valid JSON at %2").arg(file, check.describe());
        return std::nullopt;
    }
    try {
        return parseChecked(json::parse(text.constBegin(), text.constEnd()), file, error);
    } catch (const json::exception& e) {
        *error = QStringLiteral("%1: a field has the wrong type (%2)").arg(file, QString::fromUtf8(e.what()));
        return std::nullopt;
    }
}

static std::optional<Scenario> parseChecked(const json& root, const QString& file, QString* error)
{
    auto fail = [&](const QString& where, const QString& why) {
        *error = QStringLiteral("%1: %2%3").arg(file, where.isEmpty() ? QString() : where + QStringLiteral(": "), why);
        return std::nullopt;
    };
    if (!root.is_object())
        return fail({}, QStringLiteral("the scenario must be a JSON object"));
    Scenario s;
    s.file = file;
    s.name = str(root, "name");
    s.description = str(root, "description");
    if (s.name.isEmpty())
        return fail({}, QStringLiteral("missing field 'name'"));
    if (root.contains("topics")) {
        if (!root["topics"].is_array())
            return fail({}, QStringLiteral("'topics' must be a list"));
        for (const json& t : root["topics"]) {
            const QString name = str(t, "name");
            if (const QString bad = scenarioTopicError(name); !bad.isEmpty())
                return fail(QStringLiteral("topics"), bad);
            s.topics.append({ name, integer(t, "partitions", 1) });
            if (boolean(t, "temporary", false))
                s.temporaryTopics.append(name);
        }
    }
    if (!root.contains("actors") || !root["actors"].is_object() || root["actors"].empty())
        return fail({}, QStringLiteral("missing field 'actors' (an object of named actors)"));
    for (auto it = root["actors"].begin(); it != root["actors"].end(); ++it) {
        ScenarioActor a;
        a.name = QString::fromStdString(it.key());
        const QString where = QStringLiteral("actor '%1'").arg(a.name);
        const QString type = str(*it, "type");
        if (type == QLatin1String("transactional_producer")) {
            a.type = ScenarioActor::Type::TransactionalProducer;
            a.transactionalId = str(*it, "transactional_id");
            if (a.transactionalId.isEmpty())
                return fail(where, QStringLiteral("missing field 'transactional_id'"));
            a.transactionTimeoutMs = integer(*it, "transaction_timeout_ms", 60000);
        } else if (type == QLatin1String("producer")) {
            a.type = ScenarioActor::Type::Producer;
        } else if (type == QLatin1String("consumer")) {
            a.type = ScenarioActor::Type::Consumer;
            a.isolation = str(*it, "isolation", a.isolation);
            if (a.isolation != QLatin1String("read_committed") && a.isolation != QLatin1String("read_uncommitted"))
                return fail(where, QStringLiteral("isolation must be read_committed or read_uncommitted"));
            a.groupId = str(*it, "group_id");
            if (!it->contains("topics") || !(*it)["topics"].is_array() || (*it)["topics"].empty())
                return fail(where, QStringLiteral("missing field 'topics' (a consumer reads at least one topic)"));
            a.topics = strings((*it)["topics"]);
            a.subscribe = boolean(*it, "subscribe", false);
            a.autoCommit = boolean(*it, "enable_auto_commit", false);
            a.autoCommitIntervalMs = integer(*it, "auto_commit_interval_ms", a.autoCommitIntervalMs);
            a.autoOffsetReset = str(*it, "auto_offset_reset", a.autoOffsetReset);
            a.sessionTimeoutMs = integer(*it, "session_timeout_ms", a.sessionTimeoutMs);
            if (a.autoOffsetReset != QLatin1String("earliest") && a.autoOffsetReset != QLatin1String("latest"))
                return fail(where, QStringLiteral("auto_offset_reset must be earliest or latest"));
            if (a.subscribe && a.groupId.isEmpty())
                return fail(where, QStringLiteral("a consumer that subscribes needs 'group_id'"));
            if (a.autoCommit && a.groupId.isEmpty())
                return fail(
                    where, QStringLiteral("enable_auto_commit needs 'group_id' (offsets are committed to a group)"));
        } else {
            return fail(where,
                QStringLiteral("unknown actor type '%1'; use transactional_producer, producer or consumer").arg(type));
        }
        s.actors.append(a);
    }
    if (!root.contains("steps") || !root["steps"].is_array() || root["steps"].empty())
        return fail({}, QStringLiteral("missing field 'steps' (a list)"));
    int index = 0;
    for (const json& j : root["steps"]) {
        ++index;
        const QString where = QStringLiteral("step %1").arg(index);
        if (!j.is_object())
            return fail(where, QStringLiteral("a step must be an object"));
        ScenarioStep st;
        st.action = str(j, "action");
        st.actor = str(j, "actor");
        st.note = str(j, "note");
        if (st.action.isEmpty())
            return fail(where, QStringLiteral("missing field 'action'"));
        if (st.action == QLatin1String("wait")) {
            if (!j.contains("ms") || !j["ms"].is_number_integer())
                return fail(where, QStringLiteral("'wait' needs 'ms'"));
            st.waitMs = j["ms"].get<int>();
            s.steps.append(st);
            continue;
        }
        if (st.action == QLatin1String("expect")) {
            st.consumer = str(j, "consumer");
            if (j.contains("values"))
                st.expectValues = strings(j["values"]);
            if (j.contains("redelivered"))
                st.expectRedelivered = strings(j["redelivered"]);
            if (j.contains("lost"))
                st.expectLost = strings(j["lost"]);
            if (j.contains("deliveries")) {
                if (!j["deliveries"].is_object())
                    return fail(where, QStringLiteral("'deliveries' must be an object of value -> count"));
                QMap<QString, int> counts;
                for (auto d = j["deliveries"].begin(); d != j["deliveries"].end(); ++d)
                    counts.insert(QString::fromStdString(d.key()), d->get<int>());
                st.expectDeliveries = counts;
            }
            if (j.contains("count"))
                st.expectCount = integer(j, "count", -1);
            if (j.contains("error"))
                st.expectError = str(j, "error");
            if (j.contains("state"))
                st.expectState = str(j, "state");
            if (j.contains("position"))
                st.expectPosition = j["position"].get<int64_t>();
            if (j.contains("committed"))
                st.expectCommitted = j["committed"].get<int64_t>();
            if (st.expectPosition || st.expectCommitted) {
                st.topic = str(j, "topic");
                st.partition = integer(j, "partition", -1);
                if (st.topic.isEmpty() || st.partition < 0)
                    return fail(where, QStringLiteral("'position' and 'committed' need 'topic' and 'partition'"));
            }
            const bool aboutConsumer = st.expectValues || st.expectCount || st.expectPosition || st.expectCommitted
                || st.expectRedelivered || st.expectLost || st.expectDeliveries;
            if (!aboutConsumer && !st.expectError && !st.expectState)
                return fail(where,
                    QStringLiteral("'expect' needs one of 'values', 'count', 'error', 'state', 'position', "
                                   "'committed', 'redelivered', 'lost' or 'deliveries'"));
            const QString who = st.consumer.isEmpty() ? st.actor : st.consumer;
            if (who.isEmpty())
                return fail(where, QStringLiteral("'expect' needs 'consumer' or 'actor'"));
            if (!s.actor(who))
                return fail(where, QStringLiteral("unknown actor '%1'").arg(who));
            if (aboutConsumer && s.actor(who)->type != ScenarioActor::Type::Consumer)
                return fail(where,
                    QStringLiteral("what this step expects is about a consumer; '%1' is not a consumer").arg(who));
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
        if (!actionsFor(a->type).contains(st.action))
            return fail(where,
                QStringLiteral("unknown step '%1' for actor '%2' (it can: %3)")
                    .arg(st.action, st.actor, actionsFor(a->type).join(QLatin1String(", "))));
        st.timeoutMs = integer(j, "timeout_ms", st.timeoutMs);
        if (st.action == QLatin1String("send")) {
            st.topic = str(j, "topic");
            if (st.topic.isEmpty())
                return fail(where, QStringLiteral("'send' needs 'topic'"));
            if (!j.contains("value"))
                return fail(where, QStringLiteral("'send' needs 'value'"));
            st.value = str(j, "value");
            if (j.contains("key") && !j["key"].is_null())
                st.key = str(j, "key");
            st.partition = integer(j, "partition", -1);
            st.count = integer(j, "count", 1);
            if (j.contains("headers") && j["headers"].is_object())
                for (auto h = j["headers"].begin(); h != j["headers"].end(); ++h)
                    st.headers.insert(QString::fromStdString(h.key()), QString::fromStdString(h->get<std::string>()));
        } else if (st.action == QLatin1String("send_offsets")) {
            st.consumer = str(j, "consumer");
            const ScenarioActor* c = s.actor(st.consumer);
            if (!c || c->type != ScenarioActor::Type::Consumer || c->groupId.isEmpty())
                return fail(where, QStringLiteral("'send_offsets' needs 'consumer': a consumer actor with a group_id"));
        } else if (st.action == QLatin1String("poll")) {
            st.maxMessages = integer(j, "max", st.maxMessages);
        } else if (st.action == QLatin1String("process")) {
            const QString result = str(j, "result", QStringLiteral("ok"));
            if (result != QLatin1String("ok") && result != QLatin1String("fail"))
                return fail(where, QStringLiteral("'process' takes \"result\": \"ok\" or \"fail\""));
            st.processOk = result == QLatin1String("ok");
            st.count = integer(j, "count", 1);
            if (st.count < 1)
                return fail(where, QStringLiteral("'count' must be at least 1"));
        } else if (st.action == QLatin1String("commit") && a->type == ScenarioActor::Type::Consumer) {
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
        } else if (st.action == QLatin1String("seek")) {
            st.topic = str(j, "topic");
            st.partition = integer(j, "partition", -1);
            if (!j.contains("offset") || st.topic.isEmpty() || st.partition < 0)
                return fail(where, QStringLiteral("'seek' needs 'topic', 'partition' and 'offset'"));
            st.offset = j["offset"].get<int64_t>();
        }
        s.steps.append(st);
    }
    return s;
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
