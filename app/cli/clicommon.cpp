#include "clicommon.h"

#include "localsandbox.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace kafkalab::cli {

QString Args::value(const QString& name, const QString& fallback) const
{
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
}

Args parseArgs(const QStringList& args, const QStringList& valueOptions)
{
    Args out;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("-X")) {
            if (i + 1 >= args.size()) {
                out.error = QStringLiteral("-X needs key=value");
                return out;
            }
            const QString kv = args[++i];
            const qsizetype eq = kv.indexOf(QLatin1Char('='));
            if (eq <= 0) {
                out.error = QStringLiteral("-X %1: expected key=value").arg(kv);
                return out;
            }
            ClientProperty p;
            p.key = kv.left(eq);
            p.value = kv.mid(eq + 1);
            p.field = QStringLiteral("-X %1").arg(p.key);
            out.properties.append(p);
        } else if (a.startsWith(QLatin1String("--"))) {
            QString name = a;
            QString value;
            const qsizetype eq = a.indexOf(QLatin1Char('='));
            if (eq > 0) {
                name = a.left(eq);
                value = a.mid(eq + 1);
            }
            if (valueOptions.contains(name)) {
                if (eq < 0) {
                    if (i + 1 >= args.size()) {
                        out.error = QStringLiteral("%1 needs a value").arg(name);
                        return out;
                    }
                    value = args[++i];
                }
                out.options[name] = value;
            } else if (eq > 0) {
                out.error = QStringLiteral("%1 takes no value").arg(name);
                return out;
            } else {
                out.flags.append(name);
            }
        } else {
            out.positionals.append(a);
        }
    }
    return out;
}

int fail(const QString& message, int code)
{
    std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(message));
    return code;
}

namespace {
int g_signalPipe[2] = { -1, -1 };
void signalHandler(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
}
} // namespace

void onTerminationSignal(std::function<void()> onSignal)
{
    if (g_signalPipe[0] < 0 && ::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, notifier, [onSignal = std::move(onSignal)] {
        char buf[16];
        while (::read(g_signalPipe[0], buf, sizeof buf) > 0) { }
        onSignal();
    });
    struct sigaction sa { };
    sa.sa_handler = signalHandler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
}

int withCluster(const Args& args, const std::function<void(const QString&, std::function<void(int)>)>& body)
{
    const QString bootstrap = args.value(QStringLiteral("--bootstrap"));
    int exitCode = 0;
    if (!bootstrap.isEmpty()) {
        bool done = false;
        body(bootstrap, [&](int code) {
            exitCode = code;
            done = true;
            QCoreApplication::exit(code);
        });
        return done ? exitCode : QCoreApplication::exec();
    }
    // No cluster named: run against a sandbox of our own, and stop it afterwards.
    LocalSandbox sandbox;
    QObject::connect(&sandbox, &LocalSandbox::progress, &sandbox,
        [](const QString& step) { std::fprintf(stderr, "sandbox: %s\n", qPrintable(step)); });
    QObject::connect(&sandbox, &LocalSandbox::failed, &sandbox, [&](const QString& message) {
        exitCode = fail(QStringLiteral("the local sandbox could not start: %1").arg(message), 1);
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&sandbox, &LocalSandbox::stopped, &sandbox, [&] { QCoreApplication::exit(exitCode); });
    QObject::connect(&sandbox, &LocalSandbox::ready, &sandbox, [&](const QString& address) {
        body(address, [&](int code) {
            exitCode = code;
            sandbox.stop();
        });
    });
    onTerminationSignal([&] {
        exitCode = 130;
        sandbox.stop();
    });
    sandbox.start();
    QCoreApplication::exec();
    return exitCode;
}

} // namespace kafkalab::cli
