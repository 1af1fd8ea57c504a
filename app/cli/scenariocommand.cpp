#include "clicommon.h"

#include "kafkacore/scenarios/scenariosession.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>

#include <cstdio>

namespace kafkalab::cli {

static int runList()
{
    // The shipped scenarios (the installed ones when installed), as the steppers list them.
    const QDir dir(ScenarioEngine::scenarioDirectory());
    for (const QString& f : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        std::printf("%s\n", qPrintable(dir.absoluteFilePath(f)));
    return 0;
}

static int runScenario(const Args& args)
{
    QString error;
    std::optional<Scenario> scenario = loadScenario(args.positionals.at(0), &error);
    if (!scenario)
        return fail(error); // nothing has run: the whole file is checked first
    scenario->sandbox = args.value(QStringLiteral("--sandbox"));
    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        props.append(args.properties);
        // The engine runs on the session's worker thread; this thread only receives what it reports.
        auto* session = new ScenarioSession(QStringLiteral("kafkalab-scenario"), QCoreApplication::instance());
        // The exit waits (without blocking) until the engine is gone: it aborts what is open and deletes the run's
        // temporary topics first, while the cluster (maybe a sandbox that finish() stops) is still there.
        auto done = [session, finish](int code) {
            if (!session->hasEngine())
                return;
            QObject::connect(session, &ScenarioSession::retired, session, [finish, code] { finish(code); });
            session->stop();
        };
        QObject::connect(session, &ScenarioSession::prepared, session, [session, done](const QString& e) {
            if (!e.isEmpty()) {
                done(fail(e, 1));
                return;
            }
            session->runAll();
        });
        QObject::connect(session, &ScenarioSession::observed, session, [](const ScenarioObservation& o) {
            std::printf("%s\n", o.toJson().constData());
            std::fflush(stdout);
            if (!o.ok)
                std::fprintf(stderr, "step %d (%s %s): %s %s\n", o.index, qPrintable(o.actor),
                    qPrintable(actionName(o.action)), qPrintable(o.errorName), qPrintable(o.errorText));
        });
        QObject::connect(session, &ScenarioSession::finished, session, [done](bool held, int failed) {
            if (!held)
                std::fprintf(stderr, "kafkalab-cli: %d expectation(s) did not hold\n", failed);
            done(held ? 0 : 1);
        });
        QObject::connect(session, &ScenarioSession::interrupted, session, [done](int completed, int total) {
            std::fprintf(stderr, "kafkalab-cli: interrupted: %d of %d step(s) completed\n", completed, total);
            done(130);
        });
        onTerminationSignal([guard = QPointer<ScenarioSession>(session)] {
            if (guard)
                guard->cancel();
        });
        session->start(*scenario, props);
    });
}

QList<Command> scenarioCommands()
{
    const CommandSpec run { QStringLiteral("scenario run"), QStringLiteral("[--bootstrap B] [--sandbox PATH] FILE"),
        QStringLiteral("run a scenario headless: one JSON line per step; exit code 0 only if every expect held"),
        { bootstrapOption(),
            { QStringLiteral("--sandbox"), QStringLiteral("PATH"),
                QStringLiteral("the local sandbox its broker steps control: control socket or data directory "
                               "(default: the sandbox started last; it must be the cluster of --bootstrap)") } },
        1, 1, true,
        QStringLiteral("Ctrl-C stops the run after the step in progress (exit code 130); a second Ctrl-C exits at "
                       "once.") };
    const CommandSpec list { QStringLiteral("scenario list"), QString(), QStringLiteral("the shipped scenario files"),
        {}, 0, 0, false, {} };
    return {
        { run, [](const Args& a) { return runScenario(a); } },
        { list, [](const Args&) { return runList(); } },
    };
}

} // namespace kafkalab::cli
