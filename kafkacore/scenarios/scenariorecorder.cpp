// The by-hand lab's recording (scenariorecorder.h). What a replay could see otherwise is not expected: a consumer
// with auto-commit has its committed offsets (and so what it lost) decided by a timer, not by a step; a position
// before the consumer has fetched is no offset (-1001); a Group lab group that was still rebalancing when the user
// acted next has no ownership to expect (a wait of the time the user waited takes its place).
#include "kafkacore/scenarios/scenariorecorder.h"

#include "kafkacore/groups/grouplab.h"
#include "kafkacore/groups/ownership.h"

#include <algorithm>

namespace kafkalab {

namespace {

const QLatin1String kRun("{{run}}");
// A replay's poll before what a consumer saw is expected. It ends a second after the last message it got, so a long
// timeout costs only when the replay sees less than the recorded run: 1.5 s was too short on a loaded machine.
constexpr int kPollMs = 5000;
constexpr qint64 kMinWaitMs = 100;

QString topicOf(const QString& key)
{
    return key.section(QLatin1Char('\0'), 0, 0);
}

int partitionOf(const QString& key)
{
    return key.section(QLatin1Char('\0'), 1).toInt();
}

} // namespace

QString ScenarioRecorder::runName(const QString& name) const
{
    if (name.isEmpty() || name.contains(kRun))
        return name;
    if (m_renamed.contains(name))
        return name + QLatin1Char('-') + kRun;
    // A name the engine expanded ({{run}} replaced by its run id): back to the lab's.
    for (const auto& [topic, partitions] : m_lab.topics) {
        const qsizetype at = topic.indexOf(kRun);
        const QString prefix = topic.left(at);
        const QString suffix = topic.mid(at + kRun.size());
        if (at >= 0 && name.size() > prefix.size() + suffix.size() && name.startsWith(prefix) && name.endsWith(suffix))
            return topic;
    }
    return name;
}

void ScenarioRecorder::start(const Scenario& lab)
{
    *this = ScenarioRecorder();
    m_lab.name = lab.name;
    m_lab.description = lab.description;
    for (const auto& [topic, partitions] : lab.topics)
        addTopic(topic, partitions);
    for (const ScenarioActor& a : lab.actors)
        addActor(a);
}

void ScenarioRecorder::addTopic(const QString& name, int partitions)
{
    if (!name.contains(kRun) && !m_renamed.contains(name))
        m_renamed.append(name);
    const QString renamed = runName(name);
    for (const auto& t : std::as_const(m_lab.topics))
        if (t.first == renamed)
            return;
    m_lab.topics.append({ renamed, partitions });
    m_lab.temporaryTopics.append(renamed); // a replay leaves no topic behind
}

void ScenarioRecorder::addActor(const ScenarioActor& actor)
{
    ScenarioActor a = actor;
    for (QString& t : a.topics)
        t = runName(t);
    a.topic = runName(a.topic);
    m_lab.actors.append(a);
}

int ScenarioRecorder::mattersAfterMs() const
{
    int ms = 0;
    const auto consider = [&ms](int timer) { ms = ms == 0 ? timer : std::min(ms, timer); };
    for (const ScenarioActor& a : m_lab.actors) {
        if (a.type == ScenarioActor::Type::TransactionalProducer)
            consider(a.transactionTimeoutMs);
        if (a.type == ScenarioActor::Type::Consumer && a.autoCommit)
            consider(a.autoCommitIntervalMs);
        if ((a.type == ScenarioActor::Type::Consumer && a.subscribe) || a.type == ScenarioActor::Type::Member)
            consider(a.sessionTimeoutMs);
    }
    return ms;
}

void ScenarioRecorder::waitFor(qint64 atMs)
{
    const qint64 gap = atMs - m_lastAtMs;
    const int matters = mattersAfterMs();
    if (m_lastAtMs < 0 || matters <= 0 || gap < matters || gap < kMinWaitMs)
        return;
    ScenarioStep w;
    w.action = ScenarioAction::Wait;
    w.waitMs = int(std::min<qint64>(gap / kMinWaitMs * kMinWaitMs, 3600000));
    w.note = QStringLiteral("the user waited %1 s here").arg(double(w.waitMs) / 1000.0, 0, 'f', 1);
    add(w);
}

void ScenarioRecorder::add(const ScenarioStep& st)
{
    m_steps.append(st);
    // What the run showed, in words a report names its test case by ("step 9: seen after 'B: start'").
    ScenarioStep& added = m_steps.last();
    if (added.action == ScenarioAction::Expect && added.note.isEmpty())
        added.note = QStringLiteral("seen after '%1'").arg(m_lastStep);
    else if (added.action == ScenarioAction::WaitStable && added.note.isEmpty())
        added.note = QStringLiteral("the group was stable before the next step was taken");
}

void ScenarioRecorder::step(const ScenarioStep& step, qint64 atMs)
{
    if (step.action == ScenarioAction::Wait && step.waitMs <= 0)
        return; // a wait of nothing (the offset stepper's first look) is nothing the user did
    waitFor(atMs);
    ScenarioStep st = step;
    st.topic = runName(st.topic);
    add(st);
    m_lastStep = stepTitle(st);
    m_lastAtMs = atMs;
    m_fresh = true;
}

void ScenarioRecorder::skipped(const QString& what)
{
    m_skipped.append(what);
}

void ScenarioRecorder::observed(const ScenarioObservation& o, qint64 atMs)
{
    if (!m_fresh)
        return; // nothing was done since the last observation
    m_fresh = false;
    expectConsumers(o);
    // A group still rebalancing when the user acted next: no wait_stable was written, so the time waited since the
    // last step counts on (and becomes a wait if it is long enough to matter).
    if (!expectMembers(o))
        m_lastAtMs = atMs;
}

bool ScenarioRecorder::changed(const QString& what, const QString& now, const QString& before)
{
    const QString was = m_said.value(what, before);
    m_said.insert(what, now);
    return was != now;
}

void ScenarioRecorder::expectConsumers(const ScenarioObservation& o)
{
    // A step that failed (a fenced producer's commit, a poll's error): the error it ended with.
    const ScenarioActor* failed = m_lab.actor(o.actor);
    if (!o.ok && !o.isExpectation && !o.errorName.isEmpty() && failed && failed->type != ScenarioActor::Type::Member) {
        ScenarioStep e;
        e.action = ScenarioAction::Expect;
        e.actor = o.actor;
        e.expectError = o.errorName;
        add(e);
    }
    for (auto it = o.producerStates.begin(); it != o.producerStates.end(); ++it) {
        if (!changed(QStringLiteral("state\n") + it.key(), producerStateName(it.value()),
                producerStateName(ProducerState::Uninitialised)))
            continue;
        ScenarioStep e;
        e.action = ScenarioAction::Expect;
        e.actor = it.key();
        e.expectState = it.value();
        add(e);
    }
    for (const ScenarioActor& a : std::as_const(m_lab.actors)) {
        if (a.type != ScenarioActor::Type::Consumer || !o.consumerStates.contains(a.name))
            continue;
        const auto expect = [&a](auto set) {
            ScenarioStep e;
            e.action = ScenarioAction::Expect;
            e.consumer = a.name;
            set(e);
            return e;
        };
        QStringList values;
        for (const SeenMessage& m : o.seen.value(a.name))
            values.append(m.value);
        std::sort(values.begin(), values.end());
        if (changed(QStringLiteral("values\n") + a.name, values.join(QChar(0x1f)), {})) {
            if (a.groupId.isEmpty()) {
                // The lab polled it after every step; a replay polls it before what it saw is expected.
                ScenarioStep poll;
                poll.actor = a.name;
                poll.action = ScenarioAction::Poll;
                poll.timeoutMs = kPollMs;
                add(poll);
            }
            add(expect([&values](ScenarioStep& e) { e.expectValues = values; }));
        }
        const QString state = o.consumerStates.value(a.name).section(QLatin1Char(' '), 0, 0);
        if (changed(QStringLiteral("cstate\n") + a.name, state, QStringLiteral("running")))
            if (const std::optional<ConsumerState> cs = parseConsumerState(state))
                add(expect([&cs](ScenarioStep& e) { e.expectConsumerState = cs; }));
        const auto offsets = [&](const QMap<QString, int64_t>& map, bool position) {
            for (auto p = map.begin(); p != map.end(); ++p) {
                const QString tag = (position ? QStringLiteral("position\n") : QStringLiteral("committed\n")) + a.name
                    + QLatin1Char('\n') + p.key();
                if (p.value() < 0 || !changed(tag, QString::number(p.value()), {}))
                    continue;
                add(expect([&](ScenarioStep& e) {
                    e.topic = runName(topicOf(p.key()));
                    e.partition = partitionOf(p.key());
                    (position ? e.expectPosition : e.expectCommitted) = p.value();
                }));
            }
        };
        if (a.subscribe)
            offsets(o.positions.value(a.name), true);
        if (!a.groupId.isEmpty() && !a.autoCommit)
            offsets(o.committed.value(a.name), false);
        QStringList redelivered;
        QStringList lost;
        for (const MessageFate& f : o.fates.value(a.name)) {
            if (f.redelivered())
                redelivered.append(f.value);
            if (f.lost())
                lost.append(f.value);
        }
        std::sort(redelivered.begin(), redelivered.end());
        std::sort(lost.begin(), lost.end());
        if (changed(QStringLiteral("redelivered\n") + a.name, redelivered.join(QChar(0x1f)), {}))
            add(expect([&redelivered](ScenarioStep& e) { e.expectRedelivered = redelivered; }));
        if (!a.autoCommit && changed(QStringLiteral("lost\n") + a.name, lost.join(QChar(0x1f)), {}))
            add(expect([&lost](ScenarioStep& e) { e.expectLost = lost; }));
    }
}

bool ScenarioRecorder::expectMembers(const ScenarioObservation& o)
{
    QStringList groups;
    QMap<QString, int> sessionMs; // group -> its members' longest session timeout
    for (const ScenarioActor& a : std::as_const(m_lab.actors)) {
        if (a.type != ScenarioActor::Type::Member || !o.memberStates.contains(a.name))
            continue;
        if (!groups.contains(a.groupId))
            groups.append(a.groupId);
        sessionMs[a.groupId] = std::max(sessionMs.value(a.groupId), a.sessionTimeoutMs);
    }
    // Each member's state (running, crashed, closed) when it changed.
    const auto expectStates = [&](const QString& group) {
        for (const ScenarioActor& a : std::as_const(m_lab.actors)) {
            if (a.type != ScenarioActor::Type::Member || a.groupId != group || !o.memberStates.contains(a.name))
                continue;
            const QString state = o.memberStates.value(a.name);
            if (!changed(QStringLiteral("mstate\n") + a.name, state, QStringLiteral("not started")))
                continue;
            if (const std::optional<ConsumerState> cs = parseConsumerState(state)) {
                ScenarioStep e;
                e.action = ScenarioAction::Expect;
                e.actor = a.name;
                e.group = a.groupId;
                e.expectConsumerState = cs;
                add(e);
            }
        }
    };
    bool unsettled = false;
    for (const QString& group : std::as_const(groups)) {
        // Settled: a member runs, and every partition of the members' topics has a running member as its owner.
        QHash<QString, QString> owner; // "topic\0p" (the file's topic names) -> member
        QStringList topics;
        QStringList running;
        for (const ScenarioActor& a : std::as_const(m_lab.actors)) {
            if (a.type != ScenarioActor::Type::Member || a.groupId != group)
                continue;
            for (const QString& t : a.topics)
                if (!topics.contains(t))
                    topics.append(t);
            if (o.memberStates.value(a.name) == QLatin1String("running"))
                running.append(a.name);
            for (const TopicPartitionRef& p : o.memberOwns.value(a.name))
                owner.insert(partitionKey(runName(p.topic), p.partition), a.name);
        }
        bool settled = !running.isEmpty();
        for (const auto& [topic, partitions] : std::as_const(m_lab.topics))
            for (int p = 0; topics.contains(topic) && p < partitions; ++p)
                settled = settled && running.contains(owner.value(partitionKey(topic, p)));
        if (!settled) {
            unsettled = unsettled || !running.isEmpty();
            expectStates(group);
            continue;
        }
        // The states after the wait: a member that left has said so by the time its group is stable again.
        ScenarioStep stable;
        stable.action = ScenarioAction::WaitStable;
        stable.group = group;
        stable.timeoutMs = int(std::clamp(3 * sessionMs.value(group), 60000, 600000));
        add(stable);
        expectStates(group);
        for (const QString& m : std::as_const(running)) {
            const int owns = int(std::count(owner.cbegin(), owner.cend(), m));
            if (!changed(QStringLiteral("owns\n") + m, QString::number(owns), {}))
                continue;
            ScenarioStep e;
            e.action = ScenarioAction::Expect;
            e.actor = m;
            e.group = group;
            e.expectOwns = owns;
            add(e);
        }
        if (changed(QStringLiteral("owned\n") + group, QString::number(owner.size()), {})) {
            ScenarioStep e;
            e.action = ScenarioAction::Expect;
            e.group = group;
            e.expectOwned = int(owner.size());
            add(e);
        }
    }
    return unsettled;
}

ScenarioObservation ScenarioRecorder::observeGroupLab(const GroupLab& lab)
{
    ScenarioObservation o;
    for (const QString& m : lab.members()) {
        o.memberStates.insert(m, memberStateFromEvents(lab.events(), m, lab.isRunning(m)));
        const QHash<QString, QString> owners = lab.owners(lab.config(m).groupId);
        QList<TopicPartitionRef> owns;
        for (auto it = owners.begin(); it != owners.end(); ++it)
            if (it.value() == m)
                owns.append({ topicOf(it.key()), partitionOf(it.key()) });
        std::sort(owns.begin(), owns.end(), [](const TopicPartitionRef& x, const TopicPartitionRef& y) {
            return x.topic != y.topic ? x.topic < y.topic : x.partition < y.partition;
        });
        o.memberOwns.insert(m, owns);
    }
    o.memberEvents = lab.events();
    return o;
}

} // namespace kafkalab
