// The scenario engine's expectations about the replication lessons: about a drill producer or consumer (acknowledged,
// progress, errors by name, caught up, the ledger check's counts) and about a partition (in-sync replicas, offline),
// each polled until it holds or its time is up.
#include "kafkacore/client/clientfactory.h"
#include "kafkacore/scenarios/scenariodrill_p.h"

#include <QElapsedTimer>

#include <algorithm>

namespace kafkalab {

namespace {

bool sawError(const DrillCounts& c, const QString& name)
{
    for (auto it = c.errors.begin(); it != c.errors.end(); ++it)
        if (it.key().section(QLatin1Char(':'), 0, 0).contains(name, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

void ScenarioEngine::expectDrill(const ScenarioStep& st, ScenarioObservation& obs)
{
    obs.isExpectation = true;
    Actor& a = m_actors.at(st.actor);
    const bool producer = a.spec.type == ScenarioActor::Type::DrillProducer;
    auto counts = [&a]() -> DrillCounts {
        if (!a.drill)
            return {};
        QMutexLocker lock(&a.drill->shared->mutex);
        return a.drill->shared->counts;
    };
    auto progressCount = [producer](const DrillCounts& c) { return producer ? c.acknowledged : c.read; };
    const qint64 before = progressCount(counts());
    // caught_up: everything its producer had acknowledged when this step began
    qint64 target = 0;
    if (st.expectCaughtUp) {
        const Actor& p = m_actors.at(a.spec.from);
        if (p.drill) {
            QMutexLocker lock(&p.drill->shared->mutex);
            target = p.drill->shared->counts.acknowledged;
        }
    }
    const QString what = producer ? QStringLiteral("acknowledged") : QStringLiteral("read");
    QStringList words;
    if (st.expectAcknowledgedMin)
        words << QStringLiteral("%1 has at least %2 messages acknowledged")
                     .arg(a.spec.name)
                     .arg(*st.expectAcknowledgedMin);
    if (st.expectProgress)
        words << (*st.expectProgress ? QStringLiteral("%1's %2 count grows within %3 ms")
                                     : QStringLiteral("%1's %2 count does not grow for %3 ms"))
                     .arg(a.spec.name, what)
                     .arg(st.timeoutMs);
    if (st.expectError)
        words << QStringLiteral("%1 had %2 errors").arg(a.spec.name, *st.expectError);
    if (st.expectCaughtUp)
        words << (*st.expectCaughtUp ? QStringLiteral("%1 has read the %2 messages %3 had acknowledged")
                                     : QStringLiteral("%1 has not read the %2 messages %3 had acknowledged"))
                     .arg(a.spec.name)
                     .arg(target)
                     .arg(a.spec.from);
    const std::optional<LedgerReport>& report = a.drill ? a.drill->report : std::nullopt;
    auto ledgerWord = [&](const std::optional<qint64>& want, const QString& name, bool atLeast) {
        if (want)
            words << QStringLiteral("the ledger counts %1%2 %3")
                         .arg(atLeast ? QStringLiteral("at least ") : QString())
                         .arg(*want)
                         .arg(name);
    };
    ledgerWord(st.expectMissing, QStringLiteral("missing"), false);
    ledgerWord(st.expectMissingMin, QStringLiteral("missing"), true);
    ledgerWord(st.expectDuplicates, QStringLiteral("duplicates"), false);
    ledgerWord(st.expectOrderViolations, QStringLiteral("out of order"), false);
    obs.expectation = words.join(QLatin1String("; "));

    // What does not hold yet, or empty. `final`: the waiting is over (a "does not grow" holds only then).
    auto problems = [&](bool final) {
        QStringList out;
        const DrillCounts c = counts();
        if (st.expectAcknowledgedMin && c.acknowledged < *st.expectAcknowledgedMin)
            out << QStringLiteral("%1 acknowledged").arg(c.acknowledged);
        if (st.expectProgress && *st.expectProgress && progressCount(c) <= before)
            out << QStringLiteral("%1 stayed at %2").arg(what).arg(progressCount(c));
        if (st.expectProgress && !*st.expectProgress && progressCount(c) > before)
            out << QStringLiteral("%1 grew from %2 to %3").arg(what).arg(before).arg(progressCount(c));
        if (st.expectProgress && !*st.expectProgress && !final)
            out << QStringLiteral("still watching");
        if (st.expectError && !sawError(c, *st.expectError))
            out << QStringLiteral("its errors: %1")
                       .arg(c.errors.isEmpty() ? QStringLiteral("none") : c.errors.keys().join(QLatin1String(" | ")));
        if (st.expectCaughtUp && (c.read >= target) != *st.expectCaughtUp)
            out << QStringLiteral("it has read %1").arg(c.read);
        const bool aboutLedger
            = st.expectMissing || st.expectMissingMin || st.expectDuplicates || st.expectOrderViolations;
        if (aboutLedger && !report) {
            out << QStringLiteral("no ledger check has run for %1").arg(a.spec.name);
        } else if (aboutLedger) {
            if (st.expectMissing && report->missing != *st.expectMissing)
                out << QStringLiteral("%1 missing").arg(report->missing);
            if (st.expectMissingMin && report->missing < *st.expectMissingMin)
                out << QStringLiteral("%1 missing").arg(report->missing);
            if (st.expectDuplicates && report->duplicates != *st.expectDuplicates)
                out << QStringLiteral("%1 duplicates").arg(report->duplicates);
            if (st.expectOrderViolations && report->orderViolations != *st.expectOrderViolations)
                out << QStringLiteral("%1 out of order").arg(report->orderViolations);
        }
        return out;
    };
    QElapsedTimer clock;
    clock.start();
    QStringList left = problems(st.timeoutMs == 0);
    while (!left.isEmpty() && clock.elapsed() < st.timeoutMs && pause(100))
        left = problems(clock.elapsed() >= st.timeoutMs);
    if (!left.isEmpty() && !m_cancel)
        left = problems(true);
    if (left.isEmpty())
        return;
    obs.ok = false;
    obs.errorName = QStringLiteral("EXPECTATION_FAILED");
    obs.observed = left.join(QLatin1String("; "));
    obs.errorText = QStringLiteral("expected %1, but %2").arg(obs.expectation, obs.observed);
    ++m_failedExpectations;
}

bool ScenarioEngine::partitionState(const QString& topic, int partition, int* leader, QList<int>* isr, QString* why)
{
    const QByteArray name = topic.toUtf8();
    std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)> rkt(
        rd_kafka_topic_new(m_uncommitted.get(), name.constData(), nullptr), &rd_kafka_topic_destroy);
    const rd_kafka_metadata_t* raw = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_uncommitted.get(), 0, rkt.get(), &raw, 5000);
    MetadataPtr md(raw);
    if (err) {
        *why = kafkaErrorText(err);
        return false;
    }
    if (md->topic_cnt != 1) {
        *why = QStringLiteral("no such topic");
        return false;
    }
    for (int p = 0; p < md->topics[0].partition_cnt; ++p) {
        const rd_kafka_metadata_partition_t& part = md->topics[0].partitions[p];
        if (part.id != partition)
            continue;
        *leader = part.leader;
        isr->clear();
        for (int i = 0; i < part.isr_cnt; ++i)
            isr->append(part.isrs[i]);
        std::sort(isr->begin(), isr->end());
        return true;
    }
    *why = md->topics[0].err ? kafkaErrorText(md->topics[0].err)
                             : QStringLiteral("%1 has no partition %2").arg(topic).arg(partition);
    return false;
}

void ScenarioEngine::expectPartition(const ScenarioStep& st, ScenarioObservation& obs)
{
    obs.isExpectation = true;
    QStringList words;
    if (st.expectIsr)
        words << QStringLiteral("%1[%2] has %3 in-sync replicas").arg(st.topic).arg(st.partition).arg(*st.expectIsr);
    if (st.expectOffline)
        words << (*st.expectOffline ? QStringLiteral("%1[%2] has no leader") : QStringLiteral("%1[%2] has a leader"))
                     .arg(st.topic)
                     .arg(st.partition);
    obs.expectation = words.join(QLatin1String("; "));
    QString seen;
    auto holds = [&] {
        int leader = -1;
        QList<int> isr;
        QString why;
        if (!partitionState(st.topic, st.partition, &leader, &isr, &why)) {
            seen = why;
            return false;
        }
        obs.leadership = { { st.topic, st.partition, leader, isr } };
        QStringList ids;
        for (int id : std::as_const(isr))
            ids << QString::number(id);
        seen = QStringLiteral("leader %1, in-sync replicas [%2]")
                   .arg(leader < 0 ? QStringLiteral("none") : QString::number(leader), ids.join(QLatin1String(", ")));
        return (!st.expectIsr || isr.size() == *st.expectIsr)
            && (!st.expectOffline || (leader < 0) == *st.expectOffline);
    };
    QElapsedTimer clock;
    clock.start();
    bool ok = holds();
    while (!ok && clock.elapsed() < st.timeoutMs && pause(250))
        ok = holds();
    if (ok) {
        obs.expectation += QStringLiteral(" (") + seen + QLatin1Char(')');
        return;
    }
    obs.ok = false;
    obs.errorName = QStringLiteral("EXPECTATION_FAILED");
    obs.observed = seen;
    obs.errorText = QStringLiteral("expected %1, but %2").arg(obs.expectation, obs.observed);
    ++m_failedExpectations;
}

} // namespace kafkalab
