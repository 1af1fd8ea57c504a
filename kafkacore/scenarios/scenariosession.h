#pragma once

// The handle the steppers and `kafkalab-cli scenario run` drive a scenario through. It lives on the GUI's (or the
// CLI's) main thread and owns one ScenarioEngine at a time, on a WorkerThread of its own; nothing here ever waits
// for the engine. Loading again, stop() or destroying the session retires the engine: it is cancelled, ends the
// step it is in (a step gives up at its own timeout), cleans up (aborts open transactions, deletes the run's
// temporary topics) and is deleted on its thread, which then ends. retired() tells when every such engine is gone
// (the offset stepper's lab topic is deleted by then; the CLI exits only then).

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/scenarios/scenarioengine.h"

#include <QObject>

#include <memory>

namespace kafkalab {

class ScenarioSession : public QObject {
    Q_OBJECT
public:
    // `threadName` names the engines' threads ("kafkalab-scenario", "kafkalab-offsets").
    explicit ScenarioSession(QString threadName, QObject* parent = nullptr);
    ~ScenarioSession() override; // retires the engine; never blocks

    // Retires the current engine (if any) and prepares a new one for `scenario` on a new thread: prepared() follows.
    // `registry`: the schema registry beside the cluster (empty URL: none; a scenario that needs one is refused).
    void start(const Scenario& scenario, const QList<ClientProperty>& connection,
        const schemas::RegistryConnection& registry = {});
    // The passwords of the users a scenario's actors connect as ("as_user"), by name, for the engines started from
    // now on (the GUI gives its local secured sandbox's users; a user not given is looked up in the environment).
    void setUserPasswords(const QMap<QString, QString>& passwords) { m_userPasswords = passwords; }
    // Retires the current engine: its signals are no longer forwarded.
    void stop();
    // Cancels a run between steps (the engine stays, and reports interrupted()); the CLI's Ctrl-C.
    void cancel();

    bool hasEngine() const { return m_engine != nullptr; }
    // What {{run}} stands for in the current engine's names (empty: no engine started yet).
    QString runId() const { return m_runId; }
    // Engines stopped but not yet deleted (still ending their step or deleting their topics).
    int retiringCount() const { return m_retiring; }

    // Queued to the engine's thread; ignored without an engine.
    void step();
    void runAll();
    void execute(const ScenarioStep& step);

Q_SIGNALS:
    // The current engine's signals, on the session's thread.
    void prepared(QString error);
    void observed(kafkalab::ScenarioObservation observation);
    void finished(bool allExpectationsHeld, int failedExpectations);
    void interrupted(int completedSteps, int totalSteps);
    // Every retired engine has been deleted (emitted each time the count of retiring engines drops to zero).
    void retired();

private:
    template <class F> void post(F&& fn);

    QString m_threadName;
    QString m_runId;
    std::unique_ptr<WorkerThread> m_thread;
    ScenarioEngine* m_engine = nullptr; // lives on m_thread; only ever posted to
    int m_retiring = 0;
    int m_generation = 0; // signals of an engine retired since are dropped
    QMap<QString, QString> m_userPasswords;
};

} // namespace kafkalab
