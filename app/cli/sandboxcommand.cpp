#include "clicommon.h"

#include "localsandbox.h"

#include <QCoreApplication>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstdio>

namespace kafkalab::cli {

int runSandbox(const QStringList& argList)
{
    const Args args
        = parseArgs(argList, { QStringLiteral("--data-dir"), QStringLiteral("--port"), QStringLiteral("--watch-pid") });
    if (!args.error.isEmpty())
        return fail(args.error);
    if (!args.positionals.isEmpty() || !args.flags.isEmpty())
        return fail(QStringLiteral("sandbox: unexpected argument '%1'")
                        .arg(args.positionals.isEmpty() ? args.flags.first() : args.positionals.first()));
    SandboxOptions options;
    options.dataDir = args.value(QStringLiteral("--data-dir"));
    if (args.has(QStringLiteral("--port"))) {
        bool ok = false;
        options.port = args.value(QStringLiteral("--port")).toInt(&ok);
        if (!ok || options.port < 1 || options.port > 65535)
            return fail(QStringLiteral("--port: expected a port number from 1 to 65535, got '%1'")
                            .arg(args.value(QStringLiteral("--port"))));
    }
    qint64 watchPid = 0;
    if (args.has(QStringLiteral("--watch-pid"))) {
        watchPid = args.value(QStringLiteral("--watch-pid")).toLongLong();
        if (watchPid <= 1)
            return fail(QStringLiteral("--watch-pid: expected a process id"));
    }

    LocalSandbox sandbox(options);
    int exitCode = 0;
    QObject::connect(&sandbox, &LocalSandbox::logLines, &sandbox, [](const QStringList& lines) {
        for (const QString& line : lines)
            std::fprintf(stderr, "%s\n", qPrintable(line));
    });
    QObject::connect(&sandbox, &LocalSandbox::progress, &sandbox,
        [](const QString& step) { std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(step)); });
    QObject::connect(&sandbox, &LocalSandbox::ready, &sandbox, [](const QString& bootstrap) {
        std::printf("bootstrap=%s\n", qPrintable(bootstrap));
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

} // namespace kafkalab::cli
