#include "clicommon.h"

#include "scenarioengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QThread>

#include <cstdio>

namespace kafkalab::cli {

int runScenario(const QStringList& argList)
{
    const Args args = parseArgs(argList, { QStringLiteral("--bootstrap") });
    if (!args.error.isEmpty())
        return fail(args.error);
    if (args.positionals == QStringList { QStringLiteral("list") }) {
        // The shipped scenarios (the installed ones when installed), as the steppers list them.
        const QDir dir(ScenarioEngine::scenarioDirectory());
        for (const QString& f : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
            std::printf("%s\n", qPrintable(dir.absoluteFilePath(f)));
        return 0;
    }
    if (args.positionals.size() != 2 || args.positionals.first() != QLatin1String("run"))
        return fail(QStringLiteral("usage: kafkalab-cli scenario run FILE [--bootstrap B] | scenario list"));
    QString error;
    const std::optional<Scenario> scenario = loadScenario(args.positionals.at(1), &error);
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
        onTerminationSignal([engine] { engine->cancel(); });
        thread->start();
        QMetaObject::invokeMethod(engine, &ScenarioEngine::prepare, Qt::QueuedConnection);
    });
}

} // namespace kafkalab::cli
