#include "kafkacore/scenarios/scenariosession.h"

#include "kafkacore/client/clientfactory.h"

#include <QThread>

#include <utility>

namespace kafkalab {

ScenarioSession::ScenarioSession(QString threadName, QObject* parent)
    : QObject(parent)
    , m_threadName(std::move(threadName))
{
    qRegisterMetaType<ScenarioObservation>();
    qRegisterMetaType<ScenarioStep>();
}

ScenarioSession::~ScenarioSession()
{
    stop();
}

void ScenarioSession::start(
    const Scenario& scenario, const QList<ClientProperty>& connection, const schemas::RegistryConnection& registry)
{
    stop();
    const int generation = ++m_generation;
    m_thread = std::make_unique<WorkerThread>(m_threadName);
    // Made here, on the session's thread, but holds no librdkafka handle until prepare() runs on its own thread.
    auto* engine = new ScenarioEngine(scenario, connection);
    m_runId = engine->runId();
    engine->setSchemaRegistry(registry);
    engine->setUserPasswords(m_userPasswords);
    m_engine = m_thread->adopt(engine, [engine] { engine->cancel(); });
    if (!m_engine) // (adopt deletes a worker it cannot take; never the case for a fresh thread)
        return;
    // Forwarded while this engine is the current one; queued (the engine emits on its own thread).
    auto current = [this, generation] { return generation == m_generation; };
    connect(engine, &ScenarioEngine::prepared, this, [this, current](const QString& e) {
        if (current())
            Q_EMIT prepared(e);
    });
    connect(engine, &ScenarioEngine::observed, this, [this, current](const ScenarioObservation& o) {
        if (current())
            Q_EMIT observed(o);
    });
    connect(engine, &ScenarioEngine::finished, this, [this, current](bool held, int failed) {
        if (current())
            Q_EMIT finished(held, failed);
    });
    connect(engine, &ScenarioEngine::interrupted, this, [this, current](int completed, int total) {
        if (current())
            Q_EMIT interrupted(completed, total);
    });
    // Deleted on its thread once retired: counted here.
    connect(
        engine, &QObject::destroyed, this,
        [this, generation] {
            if (generation == m_generation && m_engine)
                return; // never retired: the application is going (joinAll)
            if (m_retiring > 0 && --m_retiring == 0)
                Q_EMIT retired();
        },
        Qt::QueuedConnection);
    post([](ScenarioEngine* e) { e->prepare(); });
}

void ScenarioSession::stop()
{
    if (!m_thread)
        return;
    ++m_generation;
    if (m_engine)
        ++m_retiring;
    m_engine = nullptr;
    m_thread->retire(); // never blocks: the thread ends when the engine's step returns
    m_thread.reset();
}

void ScenarioSession::cancel()
{
    if (m_thread)
        m_thread->requestStop();
}

template <class F> void ScenarioSession::post(F&& fn)
{
    if (m_thread && m_engine)
        m_thread->post(m_engine, std::forward<F>(fn));
}

void ScenarioSession::step()
{
    post([](ScenarioEngine* e) { e->step(); });
}

void ScenarioSession::runAll()
{
    post([](ScenarioEngine* e) { e->runAll(); });
}

void ScenarioSession::execute(const ScenarioStep& step)
{
    post([step](ScenarioEngine* e) { e->execute(step); });
}

} // namespace kafkalab
