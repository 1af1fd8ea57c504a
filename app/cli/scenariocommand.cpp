#include "clicommon.h"

#include "kafkacore/scenarios/scenarioengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QThread>

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
    const std::optional<Scenario> scenario = loadScenario(args.positionals.at(0), &error);
    if (!scenario)
        return fail(error); // nothing has run: the whole file is checked first
    return withCluster(args, [&](const QString& bootstrap, std::function<void(int)> finish) {
        QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        props.append(args.properties);
        auto* thread = new QThread(QCoreApplication::instance());
        auto* engine = new ScenarioEngine(*scenario, props);
        engine->moveToThread(thread);
        QObject::connect(thread, &QThread::finished, engine, &QObject::deleteLater);
        auto done = [thread, finish](int code) {
            thread->quit();
            thread->wait();
            finish(code);
        };
        QObject::connect(
            engine, &ScenarioEngine::prepared, QCoreApplication::instance(), [engine, done](const QString& e) {
                if (!e.isEmpty()) {
                    done(fail(e, 1));
                    return;
                }
                QMetaObject::invokeMethod(engine, &ScenarioEngine::runAll, Qt::QueuedConnection);
            });
        QObject::connect(
            engine, &ScenarioEngine::observed, QCoreApplication::instance(), [](const ScenarioObservation& o) {
                std::printf("%s\n", o.toJson().constData());
                std::fflush(stdout);
                if (!o.ok)
                    std::fprintf(stderr, "step %d (%s %s): %s %s\n", o.index, qPrintable(o.actor), qPrintable(o.action),
                        qPrintable(o.errorName), qPrintable(o.errorText));
            });
        QObject::connect(
            engine, &ScenarioEngine::finished, QCoreApplication::instance(), [done](bool held, int failed) {
                if (!held)
                    std::fprintf(stderr, "kafkalab-cli: %d expectation(s) did not hold\n", failed);
                done(held ? 0 : 1);
            });
        QObject::connect(
            engine, &ScenarioEngine::interrupted, QCoreApplication::instance(), [done](int completed, int total) {
                std::fprintf(stderr, "kafkalab-cli: interrupted: %d of %d step(s) completed\n", completed, total);
                done(130);
            });
        onTerminationSignal([engine] { engine->cancel(); });
        thread->start();
        QMetaObject::invokeMethod(engine, &ScenarioEngine::prepare, Qt::QueuedConnection);
    });
}

QList<Command> scenarioCommands()
{
    const CommandSpec run { QStringLiteral("scenario run"), QStringLiteral("[--bootstrap B] FILE"),
        QStringLiteral("run a scenario headless: one JSON line per step; exit code 0 only if every expect held"),
        { bootstrapOption() }, 1, 1, true,
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
