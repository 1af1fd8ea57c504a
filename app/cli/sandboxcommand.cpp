#include "clicommon.h"

#include "kafkacore/sandbox/localsandbox.h"

#include <QCoreApplication>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <limits>
#include <sys/types.h>

namespace kafkalab::cli {

static int runSandbox(const Args& args, const CommandSpec& spec)
{
    SandboxOptions options;
    options.dataDir = args.value(QStringLiteral("--data-dir"));
    options.schemaRegistry = args.has(QStringLiteral("--schema-registry"));
    QString error;
    const auto port = args.integer(QStringLiteral("--port"), 1, 65535, options.port, &error);
    if (!port)
        return usageError(spec, error);
    options.port = int(*port);
    const auto watched = args.integer(QStringLiteral("--watch-pid"), 2, std::numeric_limits<pid_t>::max(), 0, &error);
    if (!watched)
        return usageError(spec, error);
    const qint64 watchPid = *watched;

    LocalSandbox sandbox(options);
    int exitCode = 0;
    QObject::connect(&sandbox, &LocalSandbox::logLines, &sandbox, [](const QStringList& lines) {
        for (const QString& line : lines)
            std::fprintf(stderr, "%s\n", qPrintable(line));
    });
    QObject::connect(&sandbox, &LocalSandbox::progress, &sandbox,
        [](const QString& step) { std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(step)); });
    QObject::connect(&sandbox, &LocalSandbox::ready, &sandbox, [&sandbox](const QString& bootstrap) {
        std::printf("bootstrap=%s\n", qPrintable(bootstrap));
        if (const QString url = sandbox.schemaRegistryUrl(); !url.isEmpty())
            std::printf("schema_registry=%s\n", qPrintable(url));
        std::fflush(stdout);
    });
    QObject::connect(&sandbox, &LocalSandbox::failed, &sandbox, [&](const QString& message) {
        exitCode = fail(message, 1);
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&sandbox, &LocalSandbox::stopped, &sandbox, [&] { QCoreApplication::exit(exitCode); });
    onTerminationSignal([&] { sandbox.stop(); });

    // A test fixture passes the test runner's pid: if the runner dies, the sandbox goes too.
    QTimer watch;
    if (watchPid > 0) {
        QObject::connect(&watch, &QTimer::timeout, &sandbox, [&] {
            if (::kill(pid_t(watchPid), 0) != 0 && errno == ESRCH) {
                std::fprintf(stderr, "kafkalab-cli: process %lld is gone; stopping the sandbox\n", watchPid);
                sandbox.stop();
            }
        });
        watch.start(1000);
    }
    sandbox.start();
    QCoreApplication::exec();
    return exitCode;
}

QList<Command> sandboxCommands()
{
    const CommandSpec spec { QStringLiteral("sandbox"),
        QStringLiteral("[--data-dir DIR] [--port N] [--schema-registry] [--watch-pid PID]"),
        QStringLiteral("run the local Kafka sandbox broker in the foreground; prints bootstrap=HOST:PORT when ready "
                       "(and schema_registry=URL with --schema-registry)"),
        {
            { QStringLiteral("--data-dir"), QStringLiteral("DIR"),
                QStringLiteral("keep the broker's data here between runs (default: a temporary folder)") },
            { QStringLiteral("--port"), QStringLiteral("N"), QStringLiteral("the client port (default: a free one)") },
            { QStringLiteral("--schema-registry"), {},
                QStringLiteral("also run a schema registry (Apicurio, in memory) on a free loopback port") },
            { QStringLiteral("--watch-pid"), QStringLiteral("PID"), QStringLiteral("stop when this process is gone") },
        },
        0, 0, false, {} };
    return { { spec, [spec](const Args& a) { return runSandbox(a, spec); } } };
}

} // namespace kafkalab::cli
