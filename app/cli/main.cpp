#include "clicommon.h"

#include "kafkacore/topics/topicadminclient.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstdio>

using namespace kafkalab;

namespace {

QList<cli::Command> allCommands()
{
    QList<cli::Command> all;
    for (const auto& group :
        { cli::sandboxCommands(), cli::clusterCommands(), cli::connectTestCommands(), cli::predictCommands(),
            cli::produceCommands(), cli::groupCommands(), cli::scenarioCommands(), cli::messageCommands(),
            cli::topicCommands(), cli::aclCommands(), cli::schemaCommands(), cli::profileCommands() })
        all.append(group);
    for (cli::Command& c : all) // a command that can be pointed at a cluster can be pointed at a saved profile
        if (std::any_of(c.spec.options.begin(), c.spec.options.end(),
                [](const cli::OptionSpec& o) { return o.name == QLatin1String("--bootstrap"); }))
            c.spec.options.append(cli::profileOption());
    return all;
}

void usage(FILE* out, const QList<cli::Command>& commands, const QString& prefix = {})
{
    std::fprintf(out, "usage: kafkalab-cli %sCOMMAND [options]\n\ncommands:\n",
        prefix.isEmpty() ? "" : qPrintable(prefix + QLatin1Char(' ')));
    for (const cli::Command& c : commands) {
        if (!prefix.isEmpty() && !c.spec.name.startsWith(prefix + QLatin1Char(' ')))
            continue;
        std::fprintf(out, "  %s %s\n        %s\n", qPrintable(c.spec.name), qPrintable(c.spec.synopsis),
            qPrintable(c.spec.summary));
    }
    if (prefix.isEmpty())
        std::fprintf(out,
            "  --version, --help\n\n"
            "kafkalab-cli COMMAND --help lists a command's options. Without --bootstrap, commands that need a cluster\n"
            "start a local sandbox of their own. Exit codes: 0 done, 1 failed, 2 a mistake on the command line,\n"
            "130 interrupted.\n");
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kafkalab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KAFKALAB_VERSION));
    // The arguments as bytes: QCoreApplication::arguments() would turn bytes that are not UTF-8 into U+FFFD.
    cli::Argv args;
    for (int i = 1; i < argc; ++i)
        args.append(QByteArray(argv[i]));
    const QList<cli::Command> commands = allCommands();
    if (args.isEmpty()) {
        usage(stderr, commands);
        return 2;
    }
    const QByteArray first = args.first();
    if (first == "--version" || first == "version") {
        if (args.size() > 1)
            return cli::fail(QStringLiteral("--version takes no arguments"));
        std::printf("kafkalab-cli %s (Kafka sandbox %s)\nlibrdkafka %s\n", KAFKALAB_VERSION,
            KAFKALAB_DEFAULT_KAFKA_VERSION, qPrintable(librdkafkaVersion()));
        return 0;
    }
    if (first == "--help" || first == "-h" || first == "help") {
        if (args.size() > 1)
            return cli::fail(QStringLiteral("--help takes no arguments; use kafkalab-cli COMMAND --help"));
        usage(stdout, commands);
        return 0;
    }
    // The longest command name that the first words spell ("topic create" before "topic").
    const cli::Command* command = nullptr;
    qsizetype words = 0;
    for (const cli::Command& c : commands) {
        const QList<QByteArray> name = c.spec.name.toUtf8().split(' ');
        if (name.size() <= args.size() && args.mid(0, name.size()) == name && name.size() > words) {
            command = &c;
            words = name.size();
        }
    }
    if (!command) {
        const QString word = QString::fromUtf8(first);
        bool isGroup = false;
        for (const cli::Command& c : commands)
            isGroup |= c.spec.name.startsWith(word + QLatin1Char(' '));
        if (isGroup) { // "topic" or "scenario" without (or with an unknown) operation
            usage(stderr, commands, word);
            if (args.size() > 1)
                return cli::fail(QStringLiteral("unknown %1 operation '%2'").arg(word, QString::fromUtf8(args.at(1))));
            return cli::fail(QStringLiteral("%1: name an operation").arg(word));
        }
        usage(stderr, commands);
        return cli::fail(QStringLiteral("unknown command '%1'").arg(word));
    }
    QString error;
    std::optional<cli::Args> parsed = cli::parseCommandLine(command->spec, args.mid(words), &error);
    if (!parsed)
        return cli::usageError(command->spec, error);
    if (parsed->help) {
        std::fputs(qPrintable(cli::usageOf(command->spec)), stdout);
        return 0;
    }
    if (!cli::applyProfile(*parsed, &error))
        return cli::fail(error);
    return command->run(*parsed);
}
