// The scenario engine's group members (the rebalance lessons): start, close, crash, restart, wait until a group is
// stable, and what members and groups are expected to own and to have given up. The members are the group lab's
// GroupMemberWorker, owned here and served on the engine's thread: their rebalance callbacks run in serveMembers().
#include "kafkacore/groups/ownership.h"
#include "kafkacore/scenarios/scenarioengine.h"
#include "kafkacore/scenarios/scenariomember.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>

namespace kafkalab {

namespace {

// A group counts as stable when nothing has changed in its members' assignments for this long: a rebalance in flight
// always makes an event within a heartbeat (one second in the lessons).
constexpr qint64 kQuietMs = 1500;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString partitionText(const QString& key)
{
    return QString(key).replace(QLatin1Char('\0'), QLatin1Char('[')) + QLatin1Char(']');
}

} // namespace

void ScenarioEngine::onMemberEvent(const MemberEvent& e)
{
    auto at = std::upper_bound(m_memberEvents.begin(), m_memberEvents.end(), e.atMs,
        [](qint64 t, const MemberEvent& x) { return t < x.atMs; });
    m_memberEvents.insert(at, e);
    if (e.kind == MemberEvent::Kind::Error) {
        auto it = m_actors.find(e.member);
        if (it != m_actors.end())
            it->second.memberError = e.detail;
    }
}

bool ScenarioEngine::hasRunningMembers() const
{
    for (const auto& [name, a] : m_actors)
        if (a.member && a.member->isStarted())
            return true;
    return false;
}

void ScenarioEngine::serveMembers(int ms)
{
    if (!hasRunningMembers()) {
        QThread::msleep(ulong(std::max(0, ms)));
        return;
    }
    QElapsedTimer t;
    t.start();
    do {
        for (auto& [name, a] : m_actors)
            if (a.member && a.member->isStarted())
                a.member->serve(0); // one poll of at most 10 ms
    } while (t.elapsed() < ms && !m_cancel);
}

namespace {

// The fields a Group lab member and a scenario's member actor share, one list for both directions (a field added to
// one direction only would be lost on a round trip through Save as scenario…).
template <class To, class From> void copyMemberFields(To& to, const From& from)
{
    to.name = from.name;
    to.groupId = from.groupId;
    to.topics = from.topics;
    to.protocol = from.protocol;
    to.assignor = from.assignor;
    to.instanceId = from.instanceId;
    to.sessionTimeoutMs = from.sessionTimeoutMs;
}

} // namespace

MemberConfig memberConfigOf(const ScenarioActor& actor)
{
    MemberConfig c;
    copyMemberFields(c, actor);
    return c;
}

ScenarioActor memberActorOf(const MemberConfig& config)
{
    ScenarioActor a;
    a.type = ScenarioActor::Type::Member;
    copyMemberFields(a, config);
    return a;
}

void ScenarioEngine::startMember(Actor& a, ScenarioObservation& obs)
{
    MemberConfig c = memberConfigOf(a.spec);
    c.clientId = a.spec.name;
    c.groupId = a.spec.groupId + QLatin1Char('-') + m_runId;
    if (!a.spec.instanceId.isEmpty())
        c.instanceId = a.spec.instanceId + QLatin1Char('-') + m_runId;
    c.connection = m_connection;
    a.memberError.clear();
    a.member = std::make_unique<GroupMemberWorker>(c);
    a.member->setSelfPolling(false);
    a.member->setPollTimeout(10);
    connect(a.member.get(), &GroupMemberWorker::event, this, &ScenarioEngine::onMemberEvent, Qt::DirectConnection);
    a.member->start();
    if (!a.member->isStarted())
        return setError(a, obs, QStringLiteral("MEMBER"), a.memberError);
    serveMembers(200);
}

void ScenarioEngine::memberStep(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    const bool running = a.member && a.member->isStarted();
    switch (st.action) {
    case ScenarioAction::Start:
    case ScenarioAction::Restart:
        if (running)
            return setError(a, obs, QStringLiteral("_STATE"),
                QStringLiteral("member %1 is running; crash or close it first").arg(a.spec.name));
        if (st.action == ScenarioAction::Restart && !a.member)
            return setError(
                a, obs, QStringLiteral("_STATE"), QStringLiteral("member %1 has not started yet").arg(a.spec.name));
        a.member.reset(); // the stopped client's worker
        return startMember(a, obs);
    case ScenarioAction::Close:
    case ScenarioAction::Crash:
        if (!running)
            return setError(
                a, obs, QStringLiteral("_STATE"), QStringLiteral("member %1 is not running").arg(a.spec.name));
        if (st.action == ScenarioAction::Close)
            a.member->leave(); // revoke, commit, LeaveGroup
        else
            a.member->crash(); // no LeaveGroup: the coordinator waits for the session timeout
        serveMembers(200);
        return;
    default:
        return setError(
            a, obs, QStringLiteral("_STATE"), QStringLiteral("a member cannot %1").arg(actionName(st.action)));
    }
}

QString ScenarioEngine::unstableReason(const QString& group) const
{
    QStringList topics;
    QStringList running;
    for (const auto& [name, a] : m_actors) {
        if (a.spec.type != ScenarioActor::Type::Member || a.spec.groupId + QLatin1Char('-') + m_runId != group)
            continue;
        topics.append(a.spec.topics);
        if (a.member && a.member->isStarted())
            running.append(name);
    }
    if (running.isEmpty())
        return QStringLiteral("no member of the group is running");
    const QHash<QString, QString> owners = currentOwners(m_memberEvents, group);
    for (const auto& [topic, p] : m_partitions) {
        const QString k = partitionKey(topic, p);
        if (topics.contains(topic) && !running.contains(owners.value(k)))
            return QStringLiteral("%1 has no owner").arg(partitionText(k));
    }
    // Consumer protocol: every member owns what the broker targets for it (it has reconciled).
    QHash<QString, QList<TopicPartitionRef>> target;
    qint64 last = 0;
    for (const MemberEvent& e : m_memberEvents) {
        if (e.groupId != group)
            continue;
        if (e.kind == MemberEvent::Kind::Target)
            target.insert(e.member, e.partitions);
        else
            last = std::max(last, e.atMs);
    }
    for (const QString& m : std::as_const(running)) {
        const ScenarioActor& spec = m_actors.at(m).spec;
        if (spec.protocol != QLatin1String("consumer"))
            continue;
        if (!target.contains(m))
            return QStringLiteral("the broker has not given %1 a target assignment yet").arg(m);
        QList<TopicPartitionRef> owned;
        for (auto it = owners.begin(); it != owners.end(); ++it)
            if (it.value() == m) {
                const QString& key = it.key();
                owned.append({ key.section(QLatin1Char('\0'), 0, 0), key.section(QLatin1Char('\0'), 1).toInt() });
            }
        auto byPartition = [](const TopicPartitionRef& x, const TopicPartitionRef& y) {
            return x.topic != y.topic ? x.topic < y.topic : x.partition < y.partition;
        };
        std::sort(owned.begin(), owned.end(), byPartition);
        QList<TopicPartitionRef> want = target.value(m);
        std::sort(want.begin(), want.end(), byPartition);
        if (owned != want)
            return QStringLiteral("%1 is still reconciling toward the broker's target assignment").arg(m);
    }
    if (nowMs() - last < kQuietMs)
        return QStringLiteral("assignments changed less than %1 ms ago").arg(kQuietMs);
    return {};
}

void ScenarioEngine::waitStable(const ScenarioStep& st, ScenarioObservation& obs)
{
    const QString group = st.group + QLatin1Char('-') + m_runId;
    obs.isExpectation = true;
    obs.expectation = QStringLiteral("group %1 becomes stable within %2 ms").arg(st.group).arg(st.timeoutMs);
    QElapsedTimer t;
    t.start();
    QString reason;
    do {
        serveMembers(100);
        reason = unstableReason(group);
    } while (!reason.isEmpty() && t.elapsed() < st.timeoutMs && !m_cancel);
    if (!reason.isEmpty()) {
        obs.ok = false;
        obs.errorName = QStringLiteral("NOT_STABLE");
        obs.observed = reason;
        obs.errorText = QStringLiteral("expected %1, but %2").arg(obs.expectation, reason);
        ++m_failedExpectations;
        return;
    }
    if (st.mark)
        m_marks.insert(group, nowMs());
}

void ScenarioEngine::expectGroup(const ScenarioStep& st, ScenarioObservation& obs)
{
    obs.isExpectation = true;
    const QString group = st.group + QLatin1Char('-') + m_runId;
    const qint64 mark = m_marks.value(group, 0);
    const QHash<QString, QString> owners = currentOwners(m_memberEvents, group);
    const bool aboutMember = !st.actor.isEmpty();
    const QString who = aboutMember ? st.actor : QStringLiteral("group ") + st.group;
    QStringList words;
    QStringList problems;
    auto check = [&](const std::optional<int>& want, int got, const QString& what) {
        if (!want)
            return;
        words.append(QStringLiteral("%1 %2 %3").arg(who, what).arg(*want));
        if (got != *want)
            problems.append(QStringLiteral("%1 %2 %3").arg(who, what).arg(got));
    };
    int owns = 0;
    for (const QString& o : owners)
        owns += o == st.actor ? 1 : 0;
    int revoked = 0;
    for (const MemberEvent& e : m_memberEvents)
        if (e.groupId == group && e.atMs >= mark && (!aboutMember || e.member == st.actor)
            && (e.kind == MemberEvent::Kind::Revoked || e.kind == MemberEvent::Kind::Lost))
            revoked += int(e.partitions.size());
    int moved = 0;
    if (st.expectMoved) {
        QList<MemberEvent> before;
        for (const MemberEvent& e : m_memberEvents)
            if (e.atMs < mark)
                before.append(e);
        const QHash<QString, QString> then = currentOwners(before, group);
        for (auto it = owners.begin(); it != owners.end(); ++it)
            moved += then.value(it.key()) != it.value() ? 1 : 0;
    }
    check(st.expectOwns, owns, QStringLiteral("owns"));
    check(
        st.expectRevoked, revoked, mark ? QStringLiteral("had revoked since the mark") : QStringLiteral("had revoked"));
    check(st.expectMoved, moved, QStringLiteral("partitions moved since the mark:"));
    check(st.expectOwned, int(owners.size()), QStringLiteral("partitions owned:"));
    if (st.expectConsumerState) {
        Actor& a = m_actors.at(st.actor);
        const QString want = consumerStateName(*st.expectConsumerState);
        ScenarioObservation now;
        observeMembers(now);
        words.append(QStringLiteral("%1 is %2").arg(who, want));
        if (now.memberStates.value(a.spec.name) != want)
            problems.append(QStringLiteral("%1 is %2").arg(who, now.memberStates.value(a.spec.name)));
    }
    obs.expectation = words.join(QLatin1String("; "));
    if (!problems.isEmpty()) {
        obs.ok = false;
        obs.errorName = QStringLiteral("EXPECTATION_FAILED");
        obs.observed = problems.join(QLatin1String("; "));
        obs.errorText = QStringLiteral("expected %1, but %2").arg(obs.expectation, obs.observed);
        ++m_failedExpectations;
    }
}

void ScenarioEngine::observeMembers(ScenarioObservation& obs)
{
    for (const auto& [name, a] : m_actors) {
        if (a.spec.type != ScenarioActor::Type::Member)
            continue;
        const QString state = memberStateFromEvents(m_memberEvents, name, a.member && a.member->isStarted());
        int generation = -1;
        for (const MemberEvent& e : m_memberEvents)
            if (e.member == name && e.generation >= 0)
                generation = e.generation;
        QList<TopicPartitionRef> owns;
        const QHash<QString, QString> owners
            = currentOwners(m_memberEvents, a.spec.groupId + QLatin1Char('-') + m_runId);
        for (auto it = owners.begin(); it != owners.end(); ++it)
            if (it.value() == name)
                owns.append(
                    { it.key().section(QLatin1Char('\0'), 0, 0), it.key().section(QLatin1Char('\0'), 1).toInt() });
        std::sort(owns.begin(), owns.end(), [](const TopicPartitionRef& x, const TopicPartitionRef& y) {
            return x.topic != y.topic ? x.topic < y.topic : x.partition < y.partition;
        });
        obs.memberStates.insert(name, state);
        obs.memberOwns.insert(name, owns);
        obs.memberGenerations.insert(name, generation);
    }
    obs.memberEvents = m_memberEvents;
}

} // namespace kafkalab
