#include "clicommon.h"

#include "kafkacore/scenarios/junitreport.h"
#include "kafkacore/scenarios/scenariosession.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QPointer>
#include <QSaveFile>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace kafkalab::cli {

static int runList()
{
    // The shipped scenarios (the installed ones when installed), as the steppers list them.
    const QDir dir(ScenarioEngine::scenarioDirectory());
    for (const QString& f : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        std::printf("%s\n", qPrintable(dir.absoluteFilePath(f)));
    return 0;
}

// Checks scenario files without a cluster: every error with its file, line and column.
static int runValidate(const Args& args)
{
    int bad = 0;
    for (const QString& file : args.positionals) {
        QString error;
        const std::optional<Scenario> s = loadScenario(file, &error);
        if (!s) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            ++bad;
            continue;
        }
        const auto expectations = std::count_if(s->steps.begin(), s->steps.end(), [](const ScenarioStep& st) {
            return st.action == ScenarioAction::Expect || st.action == ScenarioAction::WaitStable;
        });
        std::printf("%s: ok: \"%s\", %lld actor(s), %lld step(s), %lld expectation(s)\n", qPrintable(file),
            qPrintable(s->name), static_cast<long long>(s->actors.size()), static_cast<long long>(s->steps.size()),
            static_cast<long long>(expectations));
    }
    return bad == 0 ? 0 : 1;
}

// Where --junit writes: refused before the run when it cannot be written (a run is not repeated for its report).
static QString junitPathError(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return QStringLiteral("--junit: '%1' is a directory; give the report's file name").arg(path);
    const QFileInfo dir(info.absolutePath());
    if (!dir.isDir())
        return QStringLiteral("--junit: the folder '%1' does not exist").arg(dir.filePath());
    if (!dir.isWritable() || (info.exists() && !info.isWritable()))
        return QStringLiteral("--junit: '%1' cannot be written (permission denied)").arg(path);
    return {};
}

static bool writeReport(const QString& path, const QByteArray& xml)
{
    QSaveFile f(path); // all or nothing: a CI system never reads half a report
    if (f.open(QIODevice::WriteOnly) && f.write(xml) == xml.size() && f.commit())
        return true;
    std::fprintf(stderr, "kafkalab-cli: the JUnit report %s could not be written: %s\n", qPrintable(path),
        qPrintable(f.errorString()));
    return false;
}

static int runScenario(const Args& args)
{
    QString error;
    std::optional<Scenario> scenario = loadScenario(args.positionals.at(0), &error);
    if (!scenario)
        return fail(error); // nothing has run: the whole file is checked first
    const QString junitPath = args.value(QStringLiteral("--junit"));
    if (args.has(QStringLiteral("--junit"))) {
        if (junitPath.isEmpty())
            return fail(QStringLiteral("--junit needs a file name"));
        if (const QString bad = junitPathError(junitPath); !bad.isEmpty())
            return fail(bad);
    }
    scenario->sandbox = args.value(QStringLiteral("--sandbox"));
    // A lesson with schema steps needs the registry beside the cluster (--schema-registry or
    // $KAFKALAB_SCHEMA_REGISTRY): refused before anything runs when there is none.
    schemas::RegistryConnection registry;
    if (needsSchemaRegistry(*scenario) || args.has(QStringLiteral("--schema-registry"))) {
        const auto given = registryFromArgs(args, &error);
        if (!given)
            return fail(QStringLiteral("%1: %2").arg(scenario->file, error),
                args.has(QStringLiteral("--schema-registry")) ? 2 : 1);
        registry = *given;
    }
    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        // The report, written once when the run ends however it ends (held, failed, could not start, interrupted).
        auto report = junitPath.isEmpty() ? nullptr : std::make_shared<JUnitReport>(*scenario, bootstrap);
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        const auto finishWithReport = [report, junitPath, finish](int code) {
            if (report && !writeReport(junitPath, report->toXml()) && code == 0)
                code = 1;
            finish(code);
        };
        QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        props.append(args.properties);
        // The engine runs on the session's worker thread; this thread only receives what it reports.
        auto* session = new ScenarioSession(QStringLiteral("kafkalab-scenario"), QCoreApplication::instance());
        // The exit waits (without blocking) until the engine is gone: it aborts what is open and deletes the run's
        // temporary topics first, while the cluster (maybe a sandbox that finish() stops) is still there.
        auto done = [session, finishWithReport](int code) {
            if (!session->hasEngine())
                return;
            QObject::connect(
                session, &ScenarioSession::retired, session, [finishWithReport, code] { finishWithReport(code); });
            session->stop();
        };
        QObject::connect(session, &ScenarioSession::prepared, session, [session, done, report](const QString& e) {
            if (!e.isEmpty()) {
                if (report)
                    report->setPrepareError(e);
                done(fail(e, 1));
                return;
            }
            session->runAll();
        });
        QObject::connect(session, &ScenarioSession::observed, session, [report, clock](const ScenarioObservation& o) {
            if (report)
                report->add(o, double(clock->restart()) / 1000.0);
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
        QObject::connect(session, &ScenarioSession::interrupted, session, [done, report](int completed, int total) {
            std::fprintf(stderr, "kafkalab-cli: interrupted: %d of %d step(s) completed\n", completed, total);
            if (report)
                report->setInterrupted(
                    QStringLiteral("the run was interrupted after step %1 of %2").arg(completed).arg(total));
            done(130);
        });
        onTerminationSignal([guard = QPointer<ScenarioSession>(session)] {
            if (guard)
                guard->cancel();
        });
        session->start(*scenario, props, registry);
    });
}

QList<Command> scenarioCommands()
{
    CommandSpec run { QStringLiteral("scenario run"),
        QStringLiteral("[--bootstrap B] [--sandbox PATH] [--schema-registry URL] [--junit REPORT.xml] FILE"),
        QStringLiteral("run a scenario headless: one JSON line per step; exit code 0 only if every expect held"),
        { bootstrapOption(),
            { QStringLiteral("--sandbox"), QStringLiteral("PATH"),
                QStringLiteral("the local sandbox its broker steps control: control socket or data directory "
                               "(default: the sandbox started last; it must be the cluster of --bootstrap)") },
            { QStringLiteral("--junit"), QStringLiteral("REPORT.xml"),
                QStringLiteral("also write a JUnit XML report: one test case per expectation, a failure with "
                               "what was expected and what was observed") } },
        1, 1, true,
        QStringLiteral("Ctrl-C stops the run after the step in progress (exit code 130); a second Ctrl-C exits at "
                       "once. The JUnit report is written however the run ends: expectations not reached are "
                       "skipped, a run that could not start has an error case 'prepare'. A scenario with schema steps "
                       "(register_schema, a send with value_subject, a consumer with value_subject) needs a schema "
                       "registry: --schema-registry or $KAFKALAB_SCHEMA_REGISTRY (kafkalab-cli sandbox "
                       "--schema-registry prints it); the subjects it names with {{run}} are deleted when it ends. An "
                       "actor with \"as_user\": \"NAME\" connects as that SASL user (the connection's -X settings "
                       "otherwise) with the password in $KAFKALAB_USER_PASSWORD_<NAME> (upper case; `sandbox "
                       "--security sasl_plaintext` prints its users' passwords).") };
    run.options.append(registryOptions());
    const CommandSpec validate { QStringLiteral("scenario validate"), QStringLiteral("FILE..."),
        QStringLiteral("check scenario files without a cluster: each error with FILE:LINE:COLUMN"), {}, 1, -1, false,
        {} };
    const CommandSpec list { QStringLiteral("scenario list"), QString(), QStringLiteral("the shipped scenario files"),
        {}, 0, 0, false, {} };
    return {
        { run, [](const Args& a) { return runScenario(a); } },
        { list, [](const Args&) { return runList(); } },
        { validate, [](const Args& a) { return runValidate(a); } },
    };
}

} // namespace kafkalab::cli
