#pragma once

// The scenario parser's helpers (scenario.cpp, scenariogroupparse.cpp): typed field readers that throw a Mistake with
// the reason; the parser adds the file and the step.

#include "kafkacore/scenarios/scenario.h"
#include "kafkacore/topics/topicnaming.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace kafkalab::scenarioparse {

using nlohmann::json;

constexpr int64_t kIntMax = std::numeric_limits<int>::max();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// A field of the wrong type or out of range: the reason, without the file and the step (parseChecked adds them).
struct Mistake {
    QString why;
    QString field = {}; // the field it is about, when one is (for the line and column of the report)
};

// Runs `read` on the field `key`; a Mistake it throws is about that field.
template <class F> auto inField(const char* key, F&& read)
{
    try {
        return read();
    } catch (Mistake& m) {
        if (m.field.isEmpty())
            m.field = QLatin1String(key);
        throw;
    }
}

// What a JSON value is, for a reason: "the text \"42\"", "4294967297", "true", "null", "a list", "an object".
inline QString describe(const json& v)
{
    if (v.is_string()) {
        QString text = QString::fromStdString(v.get<std::string>());
        if (text.size() > 40)
            text = text.left(40) + QStringLiteral("…");
        return QStringLiteral("the text \"%1\"").arg(text);
    }
    if (v.is_array())
        return QStringLiteral("a list");
    if (v.is_object())
        return QStringLiteral("an object");
    return QString::fromStdString(v.dump());
}

inline QString quoted(const char* key)
{
    return QLatin1Char('\'') + QLatin1String(key) + QLatin1Char('\'');
}

// `subject` names the field: "'value'", "'values' item 2", "header 'trace-id'".
[[noreturn]] inline void wrongType(const QString& subject, const QString& wanted, const json& v)
{
    throw Mistake { QStringLiteral("%1 must be %2, got %3").arg(subject, wanted, describe(v)) };
}

inline QString text(const json& v, const QString& subject)
{
    if (!v.is_string())
        wrongType(subject, QStringLiteral("a string"), v);
    return QString::fromStdString(v.get<std::string>());
}

inline QString str(const json& j, const char* key, const QString& fallback = {})
{
    const auto it = j.find(key);
    return it == j.end() ? fallback : inField(key, [&] { return text(*it, quoted(key)); });
}

// A whole number in [min, max]: 42.0 is not one, and nothing wraps (4294967297 is not 1).
inline int64_t wholeNumber(const json& v, const QString& subject, int64_t min, int64_t max)
{
    const QString wanted = max == kInt64Max ? QStringLiteral("a whole number, %1 or more").arg(min)
                                            : QStringLiteral("a whole number from %1 to %2").arg(min).arg(max);
    if (!v.is_number_integer())
        wrongType(subject, wanted, v);
    // Non-negative numbers are stored unsigned (up to 2^64 - 1), negative ones signed.
    const bool inRange = v.is_number_unsigned()
        ? v.get<uint64_t>() <= uint64_t(max) && (min <= 0 || v.get<uint64_t>() >= uint64_t(min))
        : v.get<int64_t>() >= min && v.get<int64_t>() <= max;
    if (!inRange)
        wrongType(subject, wanted, v);
    return v.get<int64_t>();
}

inline int64_t integer(const json& j, const char* key, int64_t fallback, int64_t min, int64_t max = kIntMax)
{
    const auto it = j.find(key);
    return it == j.end() ? fallback : inField(key, [&] { return wholeNumber(*it, quoted(key), min, max); });
}

inline bool boolean(const json& j, const char* key, bool fallback)
{
    const auto it = j.find(key);
    if (it == j.end())
        return fallback;
    if (!it->is_boolean())
        inField(key, [&] { wrongType(quoted(key), QStringLiteral("true or false"), *it); });
    return it->get<bool>();
}

inline QStringList strings(const json& j, const char* key)
{
    return inField(key, [&] {
        const json& list = j.at(key);
        if (!list.is_array())
            wrongType(quoted(key), QStringLiteral("a list of strings"), list);
        QStringList out;
        for (const json& v : list)
            out.append(text(v, QStringLiteral("%1 item %2").arg(quoted(key)).arg(out.size() + 1)));
        return out;
    });
}

// Refuses fields this object does not take (a misspelt field would otherwise be silently ignored).
inline void onlyFields(const json& j, const QString& what, std::initializer_list<const char*> allowed)
{
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return it.key() == a; }) != allowed.end())
            continue;
        QStringList names;
        for (const char* a : allowed)
            names.append(QLatin1String(a));
        throw Mistake { QStringLiteral("unknown field '%1' (%2 takes %3)")
                            .arg(QString::fromStdString(it.key()), what, names.join(QLatin1String(", "))),
            QString::fromStdString(it.key()) };
    }
}

// Topic names may carry {{run}} (a fresh topic per run); the hard rules apply to the rest of the name.
inline QString scenarioTopicError(const QString& name)
{
    QString checked = name;
    return topicNameError(checked.replace(QLatin1String("{{run}}"), QLatin1String("run")));
}

// Group members (scenariogroupparse.cpp): a "member" actor's fields, and the steps about groups ("wait_stable", and
// an "expect" about a member or a group). Both throw Mistake.
void parseMemberActor(const json& j, ScenarioActor& a);
void parseWaitStable(const json& j, const Scenario& s, ScenarioStep& st);
// Whether `j` is an expect step about group members (it names a "group", or its actor is a member); if so, fills
// `st`.
bool parseGroupExpect(const json& j, const Scenario& s, ScenarioStep& st);

// Replication (scenarioreplicationparse.cpp): a "drill_producer" or "drill_consumer" actor's fields; that every
// "alter_topic"; which broker a "broker" step acts on (`remembered`: the
// names earlier steps gave with "as"); an expect about a drill actor or about a partition (each returns false when
// the step is not one, else fills `st`). All throw Mistake.
void parseDrillActor(const json& j, const QString& type, ScenarioActor& a);
void parseAlterTopic(const json& j, ScenarioStep& st);
void parseElectLeaders(const json& j, ScenarioStep& st);
void parseBrokerTarget(const json& j, ScenarioStep& st, const QStringList& remembered);
bool parseDrillExpect(const json& j, const Scenario& s, ScenarioStep& st);
bool parseTopicExpect(const json& j, ScenarioStep& st);

// The lesson fields (scenariolesson.cpp): "title", "teaches", "duration_s" and "slides", read after the steps (a
// slide's "before_step" is checked against their count). Throws Mistake; `path` is set to the slide's place.
void parseLessonFields(const json& root, Scenario& s, QStringList& path);

// The schema registry (scenarioschemaparse.cpp): a "register_schema" or "schema_compatibility" step (a
// "schema_file" is read relative to the scenario's `file`); a send's "value_subject" and "value_version" with its
// "value" (a JSON value, or its text); a consumer's "value_subject" and "reader_version"; an expect's "decoded"
// values. All throw Mistake.
void parseSchemaStep(const json& j, const QString& file, ScenarioStep& st);
void parseSchemaSend(const json& j, ScenarioStep& st);
void parseSchemaConsumer(const json& j, ScenarioActor& a);
void parseDecodedExpect(const json& j, const Scenario& s, ScenarioStep& st);
// Authorization (scenarioaclparse.cpp): an actor's "as_user" (producers and consumers), and an "acl" step. Both throw
// Mistake.
void parseAsUser(const json& j, ScenarioActor& a);
void parseAclStep(const json& j, ScenarioStep& st);

} // namespace kafkalab::scenarioparse
