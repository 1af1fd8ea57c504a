// The scenario engine's replication steps: a drill producer (the Replication tab's DrillProducer) and a drill consumer
// (DrillReader, live) each on a WorkerThread of its own, running while the other steps break brokers; the ledger
// check (a DrillReader in check mode, then checkLedger()); "alter_topic" and "elect_leaders"; the cluster's size
// and the topics' replication checked before the first step. What the drill's workers report lands in a shared,
// locked record (scenariodrill_p.h; direct connections: the engine's thread is busy running steps and never runs an
// event loop for queued signals). The expectations are in scenariodrillexpect.cpp.
#include "kafkacore/client/clientfactory.h"
#include "kafkacore/scenarios/scenariodrill_p.h"
#include "kafkacore/topics/topicadmin.h"
#include "kafkacore/topics/topicoperations.h"

#include <QElapsedTimer>
#include <QMutex>

namespace kafkalab {

namespace scenariodrill {

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

} // namespace scenariodrill

using scenariodrill::countsWords;

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
        QString error = createTopics(m_uncommitted.get(), { { name, partitions } }, true,
            m_scenario.replication.value(name, 1), &m_cancel, m_scenario.topicConfigs.value(name));
        if (!error.isEmpty())
            return error;
    }
    return {};
}

} // namespace kafkalab
