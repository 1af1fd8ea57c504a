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
        "  predict --partitions N [--partitioner P] [--keys-file F] KEY...\n"
        "        the partition each key lands on (KEY<TAB>PARTITION), without sending anything\n"
        "  produce [--bootstrap B] --topic T --count N --keys STRATEGY [--partitioner P] [--value-size BYTES]\n"
        "          [--value-template JSON] [--rate MSGS_PER_S] [--acks 0|1|all] [--linger-ms MS]\n"
        "          [--idempotence true|false] [--compression C] [-X key=value]... [--json]\n"
        "        publish N keyed messages; STRATEGY is aggregate:K, customer:K, zipf:K, uuid, null, fixed:KEY or\n"
        "        file:PATH; prints messages per partition, skew statistics and msgs/s\n"
        "  groups [--bootstrap B] [--json]\n"
        "        every consumer group: state, protocol, assignor, members, coordinator, total lag\n"
        "  group [--bootstrap B] GROUP [--json]\n"
        "        one group: members and assignments, committed offset, high watermark and lag per partition\n"
        "  reset-offsets [--bootstrap B] GROUP --topic T --to earliest|latest|offset:N|timestamp:MS|shift:N "
        "[--dry-run]\n"
        "        move a group's committed offsets (refused while the group has active members)\n"
        "  scenario run FILE [--bootstrap B] | scenario list\n"
        "        run a scenario headless: one JSON line per step; exit code 0 only if every expect held\n"
        "  consume [--bootstrap B] --topic T [--from newest:N|beginning|offset:N|timestamp:MS|tail] [--count N]\n"
        "          [--partitions 0,1] [--isolation read_committed|read_uncommitted] [--filter EXPR]\n"
        "        read messages without a consumer group; one JSON line per message (the export format)\n"
        "  replay [--bootstrap B] --topic T [--keep-partitions] [--keep-timestamps] [--skip-bad-lines] FILE\n"
        "        produce a JSON Lines file (ours or hand-written) to a topic, keeping keys and headers\n"
        "  lint-topics [--bootstrap B] [--pattern REGEX] [--json]\n"
        "        every topic with its naming verdict (<domain>.<entity>.<event-type> by default); exit 1 on a "
        "hard-rule error\n"
        "  topic create|configs|set|reset|add-partitions|delete-records|delete NAME ... [--bootstrap B]\n"
        "        create with configs, read and change configs, add partitions (with --preview of moving keys),\n"
        "        delete records, delete the topic (--confirm NAME); `topic` alone prints the details\n"
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
    if (command == QLatin1String("predict"))
        return cli::runPredict(args);
    if (command == QLatin1String("produce"))
        return cli::runProduce(args);
    if (command == QLatin1String("groups"))
        return cli::runGroups(args);
    if (command == QLatin1String("group"))
        return cli::runGroup(args);
    if (command == QLatin1String("reset-offsets"))
        return cli::runResetOffsets(args);
    if (command == QLatin1String("scenario"))
        return cli::runScenario(args);
    if (command == QLatin1String("consume"))
        return cli::runConsume(args);
    if (command == QLatin1String("replay"))
        return cli::runReplay(args);
    if (command == QLatin1String("lint-topics"))
        return cli::runLintTopics(args);
    if (command == QLatin1String("topic"))
        return cli::runTopic(args);
    usage(stderr);
    return cli::fail(QStringLiteral("unknown command '%1'").arg(command));
}
