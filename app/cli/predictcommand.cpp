#include "clicommon.h"

#include "keystrategy.h"
#include "partitioner.h"

#include <QFile>

#include <cstdio>

namespace kafkalab::cli {

int runPredict(const QStringList& argList)
{
    const Args args = parseArgs(
        argList, { QStringLiteral("--partitions"), QStringLiteral("--partitioner"), QStringLiteral("--keys-file") });
    if (!args.error.isEmpty())
        return fail(args.error);
    bool ok = false;
    const int partitions = args.value(QStringLiteral("--partitions")).toInt(&ok);
    if (!ok || partitions < 1 || partitions > 1000000)
        return fail(QStringLiteral("predict: --partitions needs a partition count of at least 1"));
    const QString name = args.value(QStringLiteral("--partitioner"), QStringLiteral("murmur2_random"));
    const std::optional<Partitioner> partitioner = partitionerFromName(name);
    if (!partitioner)
        return fail(QStringLiteral("predict: unknown partitioner '%1'; use one of %2").arg(name, partitionerNames()));
    if (!args.flags.isEmpty())
        return fail(QStringLiteral("predict: unknown option '%1'").arg(args.flags.first()));

    QList<QByteArray> keys;
    for (const QString& k : args.positionals)
        keys.append(k.toUtf8());
    if (args.has(QStringLiteral("--keys-file"))) {
        QString error;
        const auto lines = readLines(args.value(QStringLiteral("--keys-file")), &error);
        if (!lines)
            return fail(QStringLiteral("predict: %1").arg(error));
        for (const std::string& line : *lines)
            keys.append(QByteArray::fromStdString(line));
    }
    if (keys.isEmpty())
        return fail(QStringLiteral("predict: no keys; give them as arguments or with --keys-file"));
    for (const QByteArray& key : std::as_const(keys)) {
        const Prediction p = predictPartition(*partitioner, &key, partitions);
        std::fwrite(key.constData(), 1, size_t(key.size()), stdout);
        std::printf("\t%s\n", qPrintable(p.explain()));
    }
    return 0;
}

} // namespace kafkalab::cli
