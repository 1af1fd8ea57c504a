#include "clicommon.h"

#include "kafkacore/produce/keystrategy.h"
#include "kafkacore/produce/partitioner.h"

#include <cstdio>

namespace kafkalab::cli {

static int runPredict(const Args& args, const CommandSpec& spec)
{
    QString error;
    const std::optional<qint64> partitions = args.integer(QStringLiteral("--partitions"), 1, 1000000, 0, &error);
    if (!partitions)
        return usageError(spec, error);
    if (*partitions == 0)
        return usageError(spec, QStringLiteral("--partitions is required"));
    const QString name = args.value(QStringLiteral("--partitioner"), QStringLiteral("murmur2_random"));
    const std::optional<Partitioner> partitioner = partitionerFromName(name);
    if (!partitioner)
        return usageError(
            spec, QStringLiteral("unknown partitioner '%1'; use one of %2").arg(name, partitionerNames()));

    QList<QByteArray> keys = args.rawPositionals; // bytes as given: a key need not be UTF-8
    if (args.has(QStringLiteral("--keys-file"))) {
        const auto lines = readLines(args.value(QStringLiteral("--keys-file")), &error);
        if (!lines)
            return fail(QStringLiteral("predict: %1").arg(error), 1);
        for (const std::string& line : *lines)
            keys.append(QByteArray::fromStdString(line));
    }
    if (keys.isEmpty())
        return usageError(spec, QStringLiteral("no keys; give them as arguments or with --keys-file"));
    for (const QByteArray& key : std::as_const(keys)) {
        const Prediction p = predictPartition(*partitioner, &key, int(*partitions));
        std::fwrite(key.constData(), 1, size_t(key.size()), stdout);
        std::printf("\t%s\n", qPrintable(p.explain()));
    }
    return 0;
}

QList<Command> predictCommands()
{
    CommandSpec spec { QStringLiteral("predict"),
        QStringLiteral("--partitions N [--partitioner P] [--keys-file F] [--] KEY..."),
        QStringLiteral("the partition each key lands on (KEY<TAB>PARTITION), without sending anything"),
        {
            { QStringLiteral("--partitions"), QStringLiteral("N"),
                QStringLiteral("the topic's partition count, 1 to 1000000") },
            { QStringLiteral("--partitioner"), QStringLiteral("P"),
                QStringLiteral("one of %1 (default murmur2_random)").arg(partitionerNames()) },
            { QStringLiteral("--keys-file"), QStringLiteral("F"), QStringLiteral("more keys, one per line") },
        },
        0, -1, false,
        QStringLiteral(
            "Keys are taken as the bytes given (they need not be UTF-8). Put -- before keys that start with -.") };
    return { { spec, [spec](const Args& a) { return runPredict(a, spec); } } };
}

} // namespace kafkalab::cli
