// The scenario engine's replication steps: a drill producer (the Replication tab's DrillProducer) and a drill consumer
// (DrillReader, live) each on a WorkerThread of its own, running while the other steps break brokers; the ledger
// check (a DrillReader in check mode, then checkLedger()); "alter_topic"; and the expectations about a drill and a
// partition. What the drill's workers report lands in a shared, locked record (direct connections: the engine's
// thread is busy running steps and never runs an event loop for queued signals).
#include "kafkacore/client/clientfactory.h"
#include "kafkacore/scenarios/scenarioengine.h"
#include "kafkacore/topics/topicadmin.h"
#include "kafkacore/topics/topicoperations.h"

#include <QElapsedTimer>
#include <QMutex>

namespace kafkalab {

struct ScenarioEngine::Actor::Drill {
    struct Shared {
        QMutex mutex;
        DrillCounts counts; // the producer's or the consumer's
        bool started = false;
        QHash<int32_t, int64_t> start; // producer: the high watermarks before its first send
        bool finished = false; // producer: finished() (all in flight settled); consumer: its reader ended
        QString failure;
        QHash<QByteArray, QList<qint64>> acknowledged;
        bool readDone = false; // the ledger check's read
        QList<LedgerRecord> records;
        qint64 foreign = 0;
        QString readError;
    };
    std::shared_ptr<Shared> shared = std::make_shared<Shared>();
    StopToken finish;
    std::unique_ptr<WorkerThread> thread;
    bool running = false;
    bool closed = false;
    std::optional<LedgerReport> report;
};

namespace {

QString countsWords(const DrillCounts& c, bool producer)
{
    QString out = producer ? QStringLiteral("sent %1, acknowledged %2, failed %3, unknown %4, in flight %5")
                                 .arg(c.sent)
                                 .arg(c.acknowledged)
                                 .arg(c.failed)
                                 .arg(c.unknown)
                                 .arg(c.inFlight())
                           : QStringLiteral("read %1").arg(c.read);
    if (!c.lastError.isEmpty())
        out += QStringLiteral("; last error: ") + c.lastError;
    return out;
}

bool sawError(const DrillCounts& c, const QString& name)
{
    for (auto it = c.errors.begin(); it != c.errors.end(); ++it)
        if (it.key().section(QLatin1Char(':'), 0, 0).contains(name, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

bool ScenarioEngine::pause(int ms)
{
    serveMembers(std::max(0, ms));
    return !m_cancel;
}

void ScenarioEngine::stopDrills()
{
    for (auto& [name, a] : m_actors)
        if (a.drill && a.drill->thread) {
            a.drill->thread->retire();
            a.drill->thread.reset();
        }
}

void ScenarioEngine::drillStep(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    if (!a.drill)
        a.drill = std::make_shared<Actor::Drill>();
    switch (st.action) {
    case ScenarioAction::Start:
        return startDrill(a, obs);
    case ScenarioAction::Close:
        return closeDrill(a, obs);
    case ScenarioAction::CheckLedger:
        return checkDrillLedger(a, obs);
    default:
        return setError(
            a, obs, QStringLiteral("_STATE"), QStringLiteral("a drill actor cannot %1").arg(actionName(st.action)));
    }
}

void ScenarioEngine::startDrill(Actor& a, ScenarioObservation& obs)
{
    Actor::Drill& d = *a.drill;
    if (d.running || d.closed)
        return setError(a, obs, QStringLiteral("_STATE"),
            QStringLiteral("%1 has already %2")
                .arg(a.spec.name, d.running ? QStringLiteral("started") : QStringLiteral("run")));
    auto shared = d.shared;
    const bool producer = a.spec.type == ScenarioActor::Type::DrillProducer;
    d.thread = std::make_unique<WorkerThread>(QStringLiteral("kafkalab-scenario-drill"));
    if (producer) {
        DrillSettings settings;
        settings.topic = a.spec.topic;
        settings.acks = a.spec.acks;
        settings.idempotence = a.spec.idempotence;
        settings.retries = a.spec.retries;
        settings.ratePerSecond = a.spec.rate;
        settings.keys = a.spec.keys;
        settings.deliveryTimeoutMs = a.spec.deliveryTimeoutMs;
        auto* p = d.thread->adopt(new DrillProducer(m_connection, settings, d.finish, d.thread->stopToken()));
        // Direct: they run on the producer's thread and only record.
        QObject::connect(
            p, &DrillProducer::started, p,
            [shared](const QHash<int32_t, int64_t>& start) {
                QMutexLocker lock(&shared->mutex);
                shared->start = start;
                shared->started = true;
            },
            Qt::DirectConnection);
        QObject::connect(
            p, &DrillProducer::progress, p,
            [shared](const DrillCounts& c) {
                QMutexLocker lock(&shared->mutex);
                shared->counts = c;
            },
            Qt::DirectConnection);
        QObject::connect(
            p, &DrillProducer::failed, p,
            [shared](const QString& why) {
                QMutexLocker lock(&shared->mutex);
                shared->failure = why;
                shared->finished = true;
            },
            Qt::DirectConnection);
        QObject::connect(
            p, &DrillProducer::finished, p,
            [shared](const DrillCounts& c, const QHash<QByteArray, QList<qint64>>& acknowledged) {
                QMutexLocker lock(&shared->mutex);
                shared->counts = c;
                shared->acknowledged = acknowledged;
                shared->finished = true;
            },
            Qt::DirectConnection);
        d.thread->post(p, [](DrillProducer* w) { w->run(); });
    } else {
        Actor& from = m_actors.at(a.spec.from);
        QHash<int32_t, int64_t> start;
        if (from.drill) {
            QMutexLocker lock(&from.drill->shared->mutex);
            start = from.drill->shared->start;
        }
        if (start.isEmpty()) {
            d.thread.reset();
            return setError(a, obs, QStringLiteral("_STATE"),
                QStringLiteral("%1 reads from where %2 started: start %2 first").arg(a.spec.name, a.spec.from));
        }
        auto* r = d.thread->adopt(
            new DrillReader(m_connection, from.spec.topic, start, DrillReader::Mode::Live, d.thread->stopToken()));
        QObject::connect(
            r, &DrillReader::progress, r,
            [shared](const DrillCounts& c) {
                QMutexLocker lock(&shared->mutex);
                shared->counts = c;
                shared->started = true;
            },
            Qt::DirectConnection);
        QObject::connect(
            r, &DrillReader::readBack, r,
            [shared](const QList<LedgerRecord>&, qint64, const QString& e) {
                QMutexLocker lock(&shared->mutex);
                shared->failure = e; // a live reader ends only when it cannot start
                shared->finished = true;
            },
            Qt::DirectConnection);
        d.thread->post(r, [](DrillReader* w) { w->run(); });
    }
    d.running = true;
    // Until the worker has started (the producer read where the topic ends; the reader made its first poll).
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 30000 && pause(50)) {
        QMutexLocker lock(&shared->mutex);
        if (shared->started || shared->finished)
            break;
    }
    QMutexLocker lock(&shared->mutex);
    if (!shared->failure.isEmpty() || !shared->started) {
        const QString why
            = shared->failure.isEmpty() ? QStringLiteral("it did not start within 30 s") : shared->failure;
        lock.unlock();
        d.thread->retire();
        d.thread.reset();
        d.running = false;
        d.closed = true;
        return setError(a, obs, QStringLiteral("DRILL"), QStringLiteral("%1: %2").arg(a.spec.name, why));
    }
    obs.expectation = producer
        ? QStringLiteral("%1 writes %2 messages a second to %3 (acks=%4%5)")
              .arg(a.spec.name)
              .arg(a.spec.rate)
              .arg(a.spec.topic, a.spec.acks == -1 ? QStringLiteral("all") : QString::number(a.spec.acks),
                  a.spec.idempotence ? QStringLiteral(", idempotent") : QString())
        : QStringLiteral("%1 reads %2 from where %3 started")
              .arg(a.spec.name, m_actors.at(a.spec.from).spec.topic, a.spec.from);
}

void ScenarioEngine::closeDrill(Actor& a, ScenarioObservation& obs)
{
    Actor::Drill& d = *a.drill;
    if (!d.running)
        return setError(a, obs, QStringLiteral("_STATE"), QStringLiteral("%1 is not running").arg(a.spec.name));
    const bool producer = a.spec.type == ScenarioActor::Type::DrillProducer;
    auto shared = d.shared;
    if (producer) {
        // No more sends; what is in flight gets up to the delivery timeout (the producer's own bound), then a margin.
        d.finish.requestStop();
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < a.spec.deliveryTimeoutMs + 15000 && pause(50)) {
            QMutexLocker lock(&shared->mutex);
            if (shared->finished)
                break;
        }
    }
    d.thread->retire();
    d.thread.reset();
    d.running = false;
    d.closed = true;
    QMutexLocker lock(&shared->mutex);
    obs.expectation = QStringLiteral("%1 stopped: %2").arg(a.spec.name, countsWords(shared->counts, producer));
    if (producer && !shared->finished) {
        lock.unlock();
        return setError(a, obs, QStringLiteral("DRILL"),
            m_cancel
                ? QStringLiteral("the run was cancelled before %1's messages in flight were settled").arg(a.spec.name)
                : QStringLiteral("%1's messages in flight were not settled within the delivery timeout")
                      .arg(a.spec.name));
    }
    if (!shared->failure.isEmpty()) {
        const QString why = shared->failure;
        lock.unlock();
        setError(a, obs, QStringLiteral("DRILL"), QStringLiteral("%1: %2").arg(a.spec.name, why));
    }
}

void ScenarioEngine::checkDrillLedger(Actor& a, ScenarioObservation& obs)
{
    Actor::Drill& d = *a.drill;
    auto shared = d.shared;
    {
        QMutexLocker lock(&shared->mutex);
        if (d.running || !d.closed || !shared->finished || !shared->failure.isEmpty()) {
            lock.unlock();
            return setError(a, obs, QStringLiteral("_STATE"),
                QStringLiteral("check_ledger reads back what %1 wrote: start it and close it first").arg(a.spec.name));
        }
    }
    QHash<int32_t, int64_t> start;
    QHash<QByteArray, QList<qint64>> acknowledged;
    {
        QMutexLocker lock(&shared->mutex);
        start = shared->start;
        acknowledged = shared->acknowledged;
        shared->readDone = false;
        shared->records.clear();
    }
    WorkerThread thread(QStringLiteral("kafkalab-scenario-ledger"));
    auto* r = thread.adopt(
        new DrillReader(m_connection, a.spec.topic, start, DrillReader::Mode::Check, thread.stopToken()));
    QObject::connect(
        r, &DrillReader::readBack, r,
        [shared](const QList<LedgerRecord>& records, qint64 foreign, const QString& e) {
            QMutexLocker lock(&shared->mutex);
            shared->records = records;
            shared->foreign = foreign;
            shared->readError = e;
            shared->readDone = true;
        },
        Qt::DirectConnection);
    thread.post(r, [](DrillReader* w) { w->run(); });
    // The reader's own bounds: 15 s for the high watermarks, then 60 s without a message.
    QElapsedTimer clock;
    clock.start();
    bool done = false;
    while (!done && clock.elapsed() < 180000 && pause(100)) {
        QMutexLocker lock(&shared->mutex);
        done = shared->readDone;
    }
    thread.retire();
    if (!done)
        return setError(a, obs, QStringLiteral("LEDGER"),
            m_cancel ? QStringLiteral("the run was cancelled during the ledger check")
                     : QStringLiteral("the read-back did not end within 180 s"));
    QMutexLocker lock(&shared->mutex);
    LedgerReport report = kafkalab::checkLedger(acknowledged, shared->records, a.spec.keys > 0);
    report.foreign = shared->foreign;
    report.error = shared->readError;
    lock.unlock();
    d.report = report;
    obs.expectation = report.summary();
    if (!report.error.isEmpty())
        setError(a, obs, QStringLiteral("LEDGER"), report.summary());
}

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

void ScenarioEngine::alterTopic(const ScenarioStep& st, ScenarioObservation& obs)
{
    QStringList words;
    for (auto it = st.topicConfigs.begin(); it != st.topicConfigs.end(); ++it)
        words << QStringLiteral("%1=%2").arg(it.key(), it.value().value_or(QStringLiteral("(default)")));
    obs.expectation = QStringLiteral("%1: %2").arg(st.topic, words.join(QLatin1String(", ")));
    const QString error = alterTopicConfigs(m_uncommitted.get(), st.topic, st.topicConfigs, st.timeoutMs);
    if (!error.isEmpty()) {
        obs.ok = false;
        obs.errorName = QStringLiteral("ALTER_TOPIC");
        obs.errorText = error;
    }
}

void ScenarioEngine::electLeaders(const ScenarioStep& st, ScenarioObservation& obs)
{
    const QString type = st.unclean ? QStringLiteral("unclean") : QStringLiteral("preferred");
    obs.expectation = QStringLiteral("%1 election for %2[%3]").arg(type, st.topic).arg(st.partition);
    auto failStep = [&obs](const QString& text) {
        obs.ok = false;
        obs.errorName = QStringLiteral("ELECT_LEADERS");
        obs.errorText = text;
    };
    PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), st.topic.toUtf8().constData(), st.partition);
    std::unique_ptr<rd_kafka_ElectLeaders_t, decltype(&rd_kafka_ElectLeaders_destroy)> request(
        rd_kafka_ElectLeaders_new(
            st.unclean ? RD_KAFKA_ELECTION_TYPE_UNCLEAN : RD_KAFKA_ELECTION_TYPE_PREFERRED, list.get()),
        &rd_kafka_ElectLeaders_destroy);
    QueuePtr queue(rd_kafka_queue_new(m_uncommitted.get()));
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(m_uncommitted.get(), RD_KAFKA_ADMIN_OP_ELECTLEADERS));
    char err[256];
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), st.timeoutMs, err, sizeof err);
    rd_kafka_AdminOptions_set_request_timeout(options.get(), st.timeoutMs, err, sizeof err);
    rd_kafka_ElectLeaders(m_uncommitted.get(), request.get(), options.get(), queue.get());
    EventPtr ev;
    QElapsedTimer clock;
    clock.start();
    while (!ev && clock.elapsed() < st.timeoutMs + 5000 && !m_cancel)
        ev.reset(rd_kafka_queue_poll(queue.get(), 200));
    if (!ev)
        return failStep(m_cancel ? QStringLiteral("cancelled") : QStringLiteral("no answer in time"));
    if (rd_kafka_event_error(ev.get()))
        return failStep(
            kafkaErrorText(rd_kafka_event_error(ev.get()), QString::fromUtf8(rd_kafka_event_error_string(ev.get()))));
    size_t n = 0;
    const rd_kafka_topic_partition_result_t** parts
        = rd_kafka_ElectLeaders_result_partitions(rd_kafka_event_ElectLeaders_result(ev.get()), &n);
    for (size_t i = 0; i < n; ++i) {
        const rd_kafka_error_t* e = rd_kafka_topic_partition_result_error(parts[i]);
        if (e && rd_kafka_error_code(e) != RD_KAFKA_RESP_ERR_NO_ERROR)
            return failStep(kafkaErrorText(rd_kafka_error_code(e), QString::fromUtf8(rd_kafka_error_string(e))));
    }
}

void ScenarioEngine::observeDrills(ScenarioObservation& obs)
{
    for (auto& [name, a] : m_actors) {
        if (!a.drill)
            continue;
        QMutexLocker lock(&a.drill->shared->mutex);
        obs.drills.insert(
            name, countsWords(a.drill->shared->counts, a.spec.type == ScenarioActor::Type::DrillProducer));
        if (a.drill->report)
            obs.ledgers.insert(name, *a.drill->report);
    }
}

QString ScenarioEngine::prepareReplication()
{
    if (m_scenario.brokers > 1) {
        QString error;
        const int live = brokerCount(m_uncommitted.get(), &error, 10000);
        if (live < 0)
            return QStringLiteral("cannot count the cluster's brokers: %1").arg(error);
        if (live < m_scenario.brokers)
            return QStringLiteral("%1 needs %2 live brokers and the cluster has %3: run it on a sandbox with %2 "
                                  "brokers (kafkalab-cli sandbox --brokers %2, or the sandbox's size in the GUI)")
                .arg(m_scenario.name)
                .arg(m_scenario.brokers)
                .arg(live);
    }
    for (const auto& [name, partitions] : m_scenario.topics) {
        // A topic without a replication factor gets 1, as the scenarios always had.
        const QString error = createTopics(m_uncommitted.get(), { { name, partitions } }, true,
            m_scenario.replication.value(name, 1), &m_cancel, m_scenario.topicConfigs.value(name));
        if (!error.isEmpty())
            return error;
    }
    return {};
}

} // namespace kafkalab
