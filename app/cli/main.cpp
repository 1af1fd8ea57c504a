#include "clicommon.h"

#include <QCoreApplication>

#include <cstdio>
#include <librdkafka/rdkafka.h>

using namespace kafkalab;

static void usage(FILE* out)
{
    std::fprintf(out,
        "usage: kafkalab-cli COMMAND [options]\n"
        "\n"
        "commands:\n"
        "  sandbox [--data-dir DIR] [--port N] [--watch-pid PID]\n"
        "        run the local Kafka sandbox broker in the foreground; prints bootstrap=HOST:PORT when ready\n"
        "  cluster [--bootstrap B] [-X key=value]... [--json]\n"
        "        brokers, topics, partitions and watermarks of a cluster\n"
        "  --version, --help\n"
        "\n"
        "Without --bootstrap, commands that need a cluster start a local sandbox of their own.\n");
}

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kafkalab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KAFKALAB_VERSION));
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        usage(stderr);
        return 2;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("--version") || command == QLatin1String("version")) {
        std::printf("kafkalab-cli %s (librdkafka %s, Kafka sandbox %s)\n", KAFKALAB_VERSION, rd_kafka_version_str(),
            KAFKALAB_DEFAULT_KAFKA_VERSION);
        return 0;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        usage(stdout);
        return 0;
    }
    if (command == QLatin1String("sandbox"))
        return cli::runSandbox(args);
    if (command == QLatin1String("cluster"))
        return cli::runCluster(args);
    usage(stderr);
    return cli::fail(QStringLiteral("unknown command '%1'").arg(command));
}
