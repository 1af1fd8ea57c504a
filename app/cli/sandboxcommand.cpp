#include "clicommon.h"

#include "kafkacore/sandbox/localsandbox.h"
#include "kafkacore/sandbox/sandboxcontrol.h"

#include <QCoreApplication>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <limits>
#include <sys/types.h>

namespace kafkalab::cli {

// What a client of a secured sandbox needs: the CA, the users (every mechanism takes the same password), and for
// ssl their certificates; the super user comes last (kafkalab's own set-up connects as it).
static void printSecurity(const sandbox::SecurityFiles& files)
{
    if (!files.secured())
        return;
    if (sandbox::usesTls(files.security))
        std::printf("ca_file=%s\n", qPrintable(files.caFile));
    for (const sandbox::SandboxUser& u : files.users + QList<sandbox::SandboxUser> { files.admin }) {
        // An ssl sandbox has no SASL: its users are their certificates (no password).
        QString line = QStringLiteral("user=") + u.name;
        if (sandbox::usesSasl(files.security))
            line += QStringLiteral(" password=%1 mechanisms=%2")
                        .arg(u.password, sandbox::saslMechanisms().join(QLatin1Char(',')));
        if (!u.certFile.isEmpty())
            line += QStringLiteral(" client_cert=%1 client_key=%2").arg(u.certFile, u.keyFile);
        if (u.name == files.admin.name)
            line += QStringLiteral(" super_user=true");
        std::printf("%s\n", qPrintable(line));
    }
    std::printf("security=%s\n", qPrintable(sandbox::securityName(files.security)));
}

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
    if (args.has(QStringLiteral("--broker-heap"))) {
        QString why;
        const std::optional<int> heap
            = sandbox::parseHeapSize(args.value(QStringLiteral("--broker-heap")), sandbox::physicalMemoryMb(), &why);
        if (!heap)
            return usageError(spec, QStringLiteral("--broker-heap: %1").arg(why));
        options.heapMb = *heap;
    }
    const auto brokers = args.integer(QStringLiteral("--brokers"), 1, 1000, 1, &error);
    if (!brokers)
        return usageError(spec, error);
    if (*brokers != 1 && *brokers != 3)
        return usageError(spec,
            QStringLiteral("--brokers: the sandbox runs 1 broker or 3 (a replication lab), not %1").arg(*brokers));
    options.brokers = int(*brokers);
    options.combinedQuorum = args.has(QStringLiteral("--combined-quorum"));
    if (args.has(QStringLiteral("--security"))) {
        const QString word = args.value(QStringLiteral("--security"));
        const std::optional<sandbox::Security> security = sandbox::securityFrom(word);
        if (!security)
            return usageError(spec,
                QStringLiteral("--security: unknown protocol '%1' (plaintext, sasl_plaintext, sasl_ssl or ssl)")
                    .arg(word));
        options.security = *security;
    }
    if (options.combinedQuorum && options.brokers != 3)
        return usageError(spec, QStringLiteral("--combined-quorum needs --brokers 3"));

    LocalSandbox sandbox(options);
    int exitCode = 0;
    QObject::connect(&sandbox, &LocalSandbox::logLines, &sandbox, [](const QStringList& lines) {
        for (const QString& line : lines)
            std::fprintf(stderr, "%s\n", qPrintable(line));
    });
    QObject::connect(&sandbox, &LocalSandbox::progress, &sandbox,
        [](const QString& step) { std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(step)); });
    QObject::connect(&sandbox, &LocalSandbox::heapShort, &sandbox,
        [](const QString& warning) { std::fprintf(stderr, "kafkalab-cli: warning: %s\n", qPrintable(warning)); });
    QObject::connect(&sandbox, &LocalSandbox::ready, &sandbox, [&sandbox](const QString& bootstrap) {
        std::printf("bootstrap=%s\n", qPrintable(bootstrap));
        printSecurity(sandbox.securityFiles());
        if (const QString url = sandbox.schemaRegistryUrl(); !url.isEmpty())
            std::printf("schema_registry=%s\n", qPrintable(url));
        for (const LocalSandbox::NodeInfo& n : sandbox.nodes())
            std::printf("node=%d pid=%lld port=%d role=%s\n", n.id, n.pid, n.port, qPrintable(n.role));
        if (!sandbox.controlPath().isEmpty())
            std::printf("control=%s\n", qPrintable(sandbox.controlPath()));
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

static int runBroker(const Args& args, const CommandSpec& spec)
{
    const QString word = args.positionals.at(0);
    if (!LocalSandbox::brokerActionFrom(word))
        return usageError(
            spec, QStringLiteral("unknown broker action '%1' (stop, kill, pause, resume or start)").arg(word));
    QString error;
    const auto id = parseInteger(args.positionals.at(1), 0, std::numeric_limits<int>::max(), &error);
    if (!id)
        return usageError(spec, QStringLiteral("broker id: %1").arg(error));
    const auto timeout = args.integer(QStringLiteral("--timeout"), 1, 3600, 180, &error);
    if (!timeout)
        return usageError(spec, error);
    const QString socket = sandbox::findControlSocket(args.value(QStringLiteral("--sandbox")), &error);
    if (socket.isEmpty())
        return fail(error, 1);
    const sandbox::ControlReply reply = sandbox::sendControl(socket, word, int(*id), int(*timeout) * 1000);
    if (!reply.ok)
        return fail(reply.message, 1);
    std::printf("%s\n", qPrintable(reply.message));
    return 0;
}

QList<Command> sandboxCommands()
{
    const CommandSpec spec { QStringLiteral("sandbox"),
        QStringLiteral("[--brokers 1|3] [--security PROTOCOL] [--data-dir DIR] [--port N] [--broker-heap SIZE] "
                       "[--schema-registry] [--watch-pid PID]"),
        QStringLiteral("run the local Kafka sandbox in the foreground; prints bootstrap=HOST:PORT,..., for a "
                       "secured one ca_file=PATH, user=NAME password=SECRET ... and security=PROTOCOL, a line "
                       "node=ID pid=PID port=PORT role=ROLE per node, control=SOCKET and, with --schema-registry, "
                       "schema_registry=URL when ready"),
        {
            { QStringLiteral("--brokers"), QStringLiteral("N"),
                QStringLiteral(
                    "1 (default): one combined broker+controller; 3: brokers 1-3 on racks r1-r3 and a "
                    "controller (node 0), demo topics with replication factor 3 and min.insync.replicas=2") },
            { QStringLiteral("--combined-quorum"), QString(),
                QStringLiteral("with --brokers 3: three combined broker+controller nodes instead (for comparison)") },
            { QStringLiteral("--security"), QStringLiteral("PROTOCOL"),
                QStringLiteral("plaintext (default), sasl_plaintext, sasl_ssl or ssl (mutual TLS): a CA and "
                               "certificates made with openssl, SCRAM-SHA-256/512 and PLAIN users alice and bob "
                               "without ACLs, the StandardAuthorizer with super user kafkalab") },
            { QStringLiteral("--data-dir"), QStringLiteral("DIR"),
                QStringLiteral("keep the broker's data here between runs (default: a temporary folder)") },
            { QStringLiteral("--port"), QStringLiteral("N"),
                QStringLiteral("the (first broker's) client port (default: a free one)") },
            { QStringLiteral("--broker-heap"), QStringLiteral("SIZE"),
                QStringLiteral("the broker's heap, like 768m or 2g (default %1m: an eighth of this machine's memory, "
                               "512m to 2g)")
                    .arg(sandbox::defaultHeapMb()) },
            { QStringLiteral("--schema-registry"), {},
                QStringLiteral("also run a schema registry (Apicurio, in memory) on a free loopback port") },
            { QStringLiteral("--watch-pid"), QStringLiteral("PID"), QStringLiteral("stop when this process is gone") },
        },
        0, 0, false, {} };
    const CommandSpec broker { QStringLiteral("broker"), QStringLiteral("ACTION ID [--sandbox PATH] [--timeout S]"),
        QStringLiteral(
            "stop, kill (SIGKILL), pause (SIGSTOP), resume (SIGCONT) or start broker ID of a running sandbox"),
        {
            { QStringLiteral("--sandbox"), QStringLiteral("PATH"),
                QStringLiteral("the sandbox: its control socket (control=... of kafkalab-cli sandbox) or data "
                               "directory (default: the sandbox started last)") },
            { QStringLiteral("--timeout"), QStringLiteral("S"),
                QStringLiteral("give up waiting for the action after S seconds (default 180)") },
        },
        2, 2, false,
        QStringLiteral("ACTION is stop (clean shutdown), kill, pause, resume or start (again, on the same data). The "
                       "process that runs the sandbox carries it out and answers once it has taken effect: a stop or "
                       "kill when the broker's process has ended, a start when the broker has started.\n") };
    return { { spec, [spec](const Args& a) { return runSandbox(a, spec); } },
        { broker, [broker](const Args& a) { return runBroker(a, broker); } } };
}

} // namespace kafkalab::cli
