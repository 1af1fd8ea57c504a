// The scenario engine's steps without an actor of their own: wait, and expect (what a consumer saw, an actor's last
// error or state, a consumer's position, and the fates of the messages a consumer in a group was given).
#include "kafkacore/scenarios/scenarioengine.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>

namespace kafkalab {

void ScenarioEngine::wait(const ScenarioStep& st)
{
    QElapsedTimer t;
    t.start();
    // Group members are served while the scenario waits: their rebalances happen in their polls.
    while (t.elapsed() < st.waitMs && !m_cancel)
        serveMembers(int(std::min<qint64>(100, st.waitMs - t.elapsed())));
}

void ScenarioEngine::expect(const ScenarioStep& st, ScenarioObservation& obs)
{
    obs.isExpectation = true;
    const QString who = st.consumer.isEmpty() ? st.actor : st.consumer;
    obs.actor = who;
    Actor& a = m_actors.at(who);
    QStringList problems;
    QStringList words;
    if (st.expectValues) {
        QStringList want;
        for (const QString& v : *st.expectValues)
            want.append(expand(v));
        QStringList got;
        for (const SeenMessage& m : a.seen)
            got.append(st.schema.decoded ? sortedJson(m.value) : m.value); // "decoded": compared as JSON
        std::sort(want.begin(), want.end());
        std::sort(got.begin(), got.end());
        words.append(QStringLiteral("%1 saw exactly [%2]").arg(who, want.join(QLatin1String(", "))));
        if (want != got)
            problems.append(QStringLiteral("%1 saw [%2]").arg(who, got.join(QLatin1String(", "))));
    }
    if (st.expectCount) {
        words.append(QStringLiteral("%1 saw %2 messages").arg(who).arg(*st.expectCount));
        if (a.seen.size() != *st.expectCount)
            problems.append(QStringLiteral("%1 saw %2 messages").arg(who).arg(a.seen.size()));
    }
    if (st.expectError) {
        words.append(QStringLiteral("%1's last error is %2").arg(who, *st.expectError));
        if (!a.lastErrorCause.isEmpty() && a.lastErrorName.contains(*st.expectError, Qt::CaseInsensitive))
            words.append(a.lastErrorCause);
        if (!a.lastErrorName.contains(*st.expectError, Qt::CaseInsensitive))
            problems.append(QStringLiteral("%1's last error is '%2'").arg(who, a.lastErrorName));
    }
    if (st.expectPosition) {
        const int64_t at = position(a, st.topic, st.partition);
        words.append(QStringLiteral("%1's position on %2[%3] is %4")
                         .arg(who, st.topic)
                         .arg(st.partition)
                         .arg(*st.expectPosition));
        if (at != *st.expectPosition)
            problems.append(QStringLiteral("it is %1").arg(at));
    }
    expectFates(a, st, words, problems);
    if (st.expectState) {
        words.append(QStringLiteral("%1 is %2").arg(who, producerStateName(*st.expectState)));
        if (a.txState != *st.expectState)
            problems.append(QStringLiteral("%1 is %2").arg(who, producerStateName(a.txState)));
    }
    if (st.expectConsumerState) {
        words.append(QStringLiteral("%1 is %2").arg(who, consumerStateName(*st.expectConsumerState)));
        if (a.consumerState != *st.expectConsumerState)
            problems.append(QStringLiteral("%1 is %2").arg(who, consumerStateName(a.consumerState)));
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

} // namespace kafkalab
