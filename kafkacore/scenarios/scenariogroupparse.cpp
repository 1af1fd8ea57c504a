// The scenario file's group members: the "member" actor, "wait_stable", and the expectations about members and
// groups. Every mistake is refused when the file is parsed (the parser names the actor or the step).
#include "kafkacore/groups/groupprotocols.h"
#include "kafkacore/scenarios/scenarioparse.h"

namespace kafkalab::scenarioparse {

void parseMemberActor(const json& j, ScenarioActor& a)
{
    onlyFields(j, QStringLiteral("a member"),
        { "type", "group_id", "topics", "protocol", "assignor", "group_instance_id", "session_timeout_ms" });
    a.type = ScenarioActor::Type::Member;
    a.groupId = str(j, "group_id");
    if (a.groupId.isEmpty())
        throw Mistake { QStringLiteral("missing field 'group_id' (a member joins a group)") };
    if (!j.contains("topics") || !j["topics"].is_array() || j["topics"].empty())
        throw Mistake { QStringLiteral("missing field 'topics' (a member subscribes to at least one topic)") };
    a.topics = strings(j, "topics");
    for (const QString& t : std::as_const(a.topics))
        if (const QString bad = scenarioTopicError(t); !bad.isEmpty())
            throw Mistake { QStringLiteral("'topics': %1").arg(bad) };
    a.protocol = str(j, "protocol", a.protocol);
    a.assignor = str(j, "assignor", a.protocol == QLatin1String("consumer") ? QStringLiteral("uniform") : a.assignor);
    if (const QString bad = groupAssignorError(a.protocol, a.assignor); !bad.isEmpty())
        throw Mistake { bad };
    a.instanceId = str(j, "group_instance_id");
    if (j.contains("session_timeout_ms")) {
        if (a.protocol == QLatin1String("consumer"))
            throw Mistake { QStringLiteral("'session_timeout_ms' is for classic members: a consumer-protocol member's "
                                           "session timeout is the broker's (group.consumer.session.timeout.ms)") };
        // the broker's defaults for group.min.session.timeout.ms and group.max.session.timeout.ms
        a.sessionTimeoutMs = int(integer(j, "session_timeout_ms", a.sessionTimeoutMs, 6000, 1800000));
    } else {
        a.sessionTimeoutMs = 10000;
    }
}

namespace {

QString memberGroupNamed(const json& j, const Scenario& s)
{
    QString group = str(j, "group");
    if (group.isEmpty())
        return group;
    for (const ScenarioActor& a : s.actors)
        if (a.type == ScenarioActor::Type::Member && a.groupId == group)
            return group;
    throw Mistake { QStringLiteral("no member actor has group_id '%1'").arg(group) };
}

} // namespace

void parseWaitStable(const json& j, const Scenario& s, ScenarioStep& st)
{
    onlyFields(j, QStringLiteral("a 'wait_stable' step"), { "action", "group", "mark", "timeout_ms", "note" });
    st.group = memberGroupNamed(j, s);
    if (st.group.isEmpty())
        throw Mistake { QStringLiteral("'wait_stable' needs 'group' (the group_id of member actors)") };
    st.mark = boolean(j, "mark", false);
    st.timeoutMs = int(integer(j, "timeout_ms", 60000, 1000, 600000));
}

bool parseGroupExpect(const json& j, const Scenario& s, ScenarioStep& st)
{
    const ScenarioActor* who = s.actor(str(j, "actor"));
    const bool aboutMember = who && who->type == ScenarioActor::Type::Member;
    if (!aboutMember && !j.contains("group"))
        return false;
    if (aboutMember) {
        onlyFields(
            j, QStringLiteral("an 'expect' about a member"), { "action", "actor", "owns", "revoked", "state", "note" });
        st.actor = who->name;
        st.group = who->groupId;
    } else {
        onlyFields(
            j, QStringLiteral("an 'expect' about a group"), { "action", "group", "revoked", "moved", "owned", "note" });
        st.group = memberGroupNamed(j, s);
    }
    if (j.contains("owns"))
        st.expectOwns = int(integer(j, "owns", 0, 0));
    if (j.contains("revoked"))
        st.expectRevoked = int(integer(j, "revoked", 0, 0));
    if (j.contains("moved"))
        st.expectMoved = int(integer(j, "moved", 0, 0));
    if (j.contains("owned"))
        st.expectOwned = int(integer(j, "owned", 0, 0));
    if (j.contains("state")) {
        st.expectConsumerState = parseConsumerState(str(j, "state"));
        if (!st.expectConsumerState)
            throw Mistake { QStringLiteral("unknown state '%1' for a member (it can be: running, crashed, closed)")
                                .arg(str(j, "state")) };
    }
    if (!st.expectOwns && !st.expectRevoked && !st.expectMoved && !st.expectOwned && !st.expectConsumerState)
        throw Mistake { aboutMember ? QStringLiteral("'expect' about a member needs 'owns', 'revoked' or 'state'")
                                    : QStringLiteral("'expect' about a group needs 'revoked', 'moved' or 'owned'") };
    return true;
}

} // namespace kafkalab::scenarioparse
