#include "clicommon.h"

#include "kafkacore/produce/partitioner.h"
#include "kafkacore/produce/producerclient.h"
#include "kafkacore/produce/publishschemas.h"
#include "kafkacore/schemas/schemadecoder.h"
#include "kafkacore/topics/topicadmin.h"

#include <QCoreApplication>

#include <cstdio>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>

namespace kafkalab::cli {

static void printText(const BulkResult& r)
{
    const BulkProgress& p = r.progress;
    std::printf("topic %s, partitioner %s, keys: %s\n", qPrintable(r.topic), qPrintable(r.partitioner),
        qPrintable(r.keyStrategy));
    for (size_t i = 0; i < p.perPartition.size(); ++i)
        std::printf("partition %zu\t%lld\n", i, qlonglong(p.perPartition[i]));
    const DistributionStats& s = r.stats;
    std::printf("%s%s\n", qPrintable(p.outcome()), p.cancelled ? " (cancelled)" : "");
    if (!p.stopReason.isEmpty())
        std::printf("stopped: %s\n", qPrintable(p.stopReason));
    std::printf("min %lld, max %lld, mean %.1f, skew (max/mean) %.3f, cv %.4f, chi-square %.2f (df %d), p-value %.4g\n",
        qlonglong(s.min), qlonglong(s.max), s.mean, s.skew, s.cv, s.chiSquare, s.degreesOfFreedom, s.pValue);
    std::printf(
        "%.0f msgs/s over %.2f s, %s\n", p.msgsPerSec(), double(p.elapsedMs) / 1000.0, qPrintable(p.latencyText()));
    for (auto it = p.errorCounts.begin(); it != p.errorCounts.end(); ++it)
        std::printf("error x%llu: %s\n", qulonglong(it.value()), qPrintable(it.key()));
}

static void printJson(const BulkResult& r)
{
    const BulkProgress& p = r.progress;
    nlohmann::json partitions = nlohmann::json::object();
    for (size_t i = 0; i < p.perPartition.size(); ++i)
        partitions[std::to_string(i)] = p.perPartition[i];
    nlohmann::json errors = nlohmann::json::object();
    for (auto it = p.errorCounts.begin(); it != p.errorCounts.end(); ++it)
        errors[it.key().toStdString()] = it.value();
    const DistributionStats& s = r.stats;
    const nlohmann::json out = { { "topic", r.topic.toStdString() }, { "partitioner", r.partitioner.toStdString() },
        { "sent", p.sent }, { "delivered", p.delivered }, { "failed", p.failed }, { "unknown", p.unknown },
        { "topic_gained", p.topicGained >= 0 ? nlohmann::json(p.topicGained) : nlohmann::json() },
        { "stopped", p.stopReason.isEmpty() ? nlohmann::json() : nlohmann::json(p.stopReason.toStdString()) },
        { "cancelled", p.cancelled }, { "partitions", partitions }, { "skew", s.skew }, { "cv", s.cv },
        { "chi_square", s.chiSquare }, { "p_value", s.pValue }, { "min", s.min }, { "max", s.max }, { "mean", s.mean },
        { "msgs_per_sec", p.msgsPerSec() }, { "elapsed_ms", p.elapsedMs },
        { "avg_latency_ms", p.latencySamples ? nlohmann::json(p.avgLatencyMs) : nlohmann::json() },
        { "max_latency_ms", p.latencySamples ? nlohmann::json(p.maxLatencyMs) : nlohmann::json() },
        { "latency_samples", p.latencySamples }, { "errors", errors } };
    std::printf("%s\n", out.dump().c_str());
}

// --value-subject: the values are the template's JSON encoded with that subject's schema (fetched here, on the
// CLI's main thread, which may block; each value is encoded on the producer's thread). The first value is encoded
// here, so that a template that does not fit the schema is refused before anything is sent.
static int useSchema(const Args& args, const CommandSpec& usage, ValueTemplate* values)
{
    QString error;
    if (!args.has(QStringLiteral("--value-template")))
        return usageError(usage, QStringLiteral("--value-subject needs --value-template (the JSON to encode)"));
    const auto registry = registryFromArgs(args, &error);
    if (!registry)
        return usageError(usage, error);
    const auto version
        = args.integer(QStringLiteral("--value-version"), 1, std::numeric_limits<int>::max(), -1, &error);
    if (!version)
        return usageError(usage, error);
    schemas::SchemaRegistryClient client(*registry);
    const auto encoder = schemas::SchemaEncoder::forSubject(
        client, args.value(QStringLiteral("--value-subject")), int(*version), &error);
    if (!encoder)
        return fail(error, 1);
    if (!encodeTemplateWith(values, encoder, &error))
        return usageError(usage, QStringLiteral("--value-template: %1").arg(error));
    std::fprintf(stderr, "kafkalab-cli: values encoded with schema id %d (%s, version %d of subject %s)\n",
        encoder->schema().id, qPrintable(schemas::schemaTypeName(encoder->schema().type)), encoder->schema().version,
        qPrintable(args.value(QStringLiteral("--value-subject"))));
    return 0;
}

static int runProduce(const Args& args, const CommandSpec& usage)
{
    const bool json = args.has(QStringLiteral("--json"));
    QString error;
    BulkSpec spec;
    spec.topic = args.value(QStringLiteral("--topic"));
    if (spec.topic.isEmpty())
        return usageError(usage, QStringLiteral("--topic is required"));
    if (const QString bad = topicNameError(spec.topic); !bad.isEmpty())
        return usageError(usage, QStringLiteral("--topic: %1").arg(bad));
    const auto count = args.integer(QStringLiteral("--count"), 1, qint64(BulkSpec::kMaxCount), 1, &error);
    if (!count)
        return usageError(usage, error);
    spec.count = uint64_t(*count);
    const std::optional<KeyStrategy> keys
        = KeyStrategy::parse(args.value(QStringLiteral("--keys"), QStringLiteral("aggregate:1000")), &error);
    if (!keys)
        return usageError(usage, QStringLiteral("--keys: %1").arg(error));
    spec.keys = *keys;
    if (args.has(QStringLiteral("--value-template")) && args.has(QStringLiteral("--value-size")))
        return usageError(usage, QStringLiteral("--value-template and --value-size exclude each other"));
    if (args.has(QStringLiteral("--value-template"))) {
        auto t = ValueTemplate::json(args.value(QStringLiteral("--value-template")), &error);
        if (!t)
            return usageError(usage, QStringLiteral("--value-template: %1").arg(error));
        spec.value = std::make_shared<ValueTemplate>(std::move(*t));
    } else if (args.has(QStringLiteral("--value-size"))) {
        const auto size = args.integer(QStringLiteral("--value-size"), 0, qint64(100) * 1024 * 1024, 0, &error);
        if (!size)
            return usageError(usage, error);
        spec.value = std::make_shared<ValueTemplate>(ValueTemplate::randomBytes(size_t(*size)));
    } else {
        spec.value = std::make_shared<ValueTemplate>(
            *ValueTemplate::json(QStringLiteral(R"({"i":{{i}},"key":"{{key}}","ts":{{ts}}})"), &error));
    }
    if (args.has(QStringLiteral("--value-subject"))) {
        if (const int code = useSchema(args, usage, spec.value.get()); code != 0)
            return code;
    } else {
        for (const OptionSpec& o :
            registryOptions() + QList<OptionSpec> { { QStringLiteral("--value-version"), {}, {} } })
            if (args.has(o.name))
                return usageError(usage, QStringLiteral("%1 goes with --value-subject").arg(o.name));
    }
    const auto rate = args.number(QStringLiteral("--rate"), 0.001, 1e9, 0, &error);
    if (!rate)
        return usageError(usage, error);
    spec.ratePerSec = *rate;

    ProducerSettings settings;
    settings.partitioner = args.value(QStringLiteral("--partitioner"), settings.partitioner);
    if (!partitionerFromName(settings.partitioner))
        return usageError(usage,
            QStringLiteral("unknown partitioner '%1'; use one of %2").arg(settings.partitioner, partitionerNames()));
    settings.acks = args.value(QStringLiteral("--acks"), settings.acks);
    if (!QStringList { QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("all"), QStringLiteral("-1") }.contains(
            settings.acks))
        return usageError(usage, QStringLiteral("--acks takes 0, 1 or all, not '%1'").arg(settings.acks));
    settings.compression = args.value(QStringLiteral("--compression"), settings.compression);
    const auto linger = args.integer(QStringLiteral("--linger-ms"), 0, 900000, settings.lingerMs, &error);
    if (!linger)
        return usageError(usage, error);
    settings.lingerMs = int(*linger);
    const auto idempotence = args.boolean(QStringLiteral("--idempotence"), settings.idempotence, &error);
    if (!idempotence)
        return usageError(usage, error);
    settings.idempotence = *idempotence;
    settings.extra = args.properties;
    const QList<PropertyProblem> problems = validateProperties(settings.toProperties());
    if (!problems.isEmpty())
        return usageError(usage, describeProblem(problems.first()));

    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        settings.connection = { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        auto* client = new ProducerClient(settings, QCoreApplication::instance());
        ProducerWorker* w = client->worker();
        QObject::connect(w, &ProducerWorker::startFailed, client, [finish](const QString& m) { finish(fail(m, 1)); });
        QObject::connect(w, &ProducerWorker::started, client, [client, spec] { client->runBulk(spec); });
        QObject::connect(w, &ProducerWorker::bulkFinished, client, [json, finish, client](const BulkResult& r) {
            if (r.progress.sent == 0 && !r.progress.lastError.isEmpty()) {
                finish(fail(r.progress.lastError, 1));
                return;
            }
            json ? printJson(r) : printText(r);
            std::fflush(stdout);
            client->deleteLater();
            finish(r.progress.cancelled ? 130 : r.progress.delivered < r.progress.requested ? 1 : 0);
        });
        // Long runs say how far they are on stderr, every 2 s.
        auto lastReport = std::make_shared<qint64>(0);
        QObject::connect(w, &ProducerWorker::bulkProgress, client, [lastReport](const BulkProgress& p) {
            if (p.finished || p.elapsedMs - *lastReport < 2000)
                return;
            *lastReport = p.elapsedMs;
            std::fprintf(stderr, "kafkalab-cli: %llu of %llu delivered, %llu failed, %llu unknown after %.0f s\n",
                qulonglong(p.delivered), qulonglong(p.requested), qulonglong(p.failed), qulonglong(p.unknown),
                double(p.elapsedMs) / 1000.0);
        });
        onTerminationSignal([client] { client->cancel(); });
        client->start();
    });
}

} // namespace kafkalab::cli

namespace kafkalab::cli {

QList<Command> produceCommands()
{
    CommandSpec spec { QStringLiteral("produce"),
        QStringLiteral("[--bootstrap B] --topic T [--count N] [--keys STRATEGY] [options]"),
        QStringLiteral("publish N keyed messages; prints messages per partition, skew statistics and msgs/s"),
        {
            bootstrapOption(),
            { QStringLiteral("--topic"), QStringLiteral("T"), QStringLiteral("the topic (it must exist)") },
            { QStringLiteral("--count"), QStringLiteral("N"), QStringLiteral("messages, 1 to 10000000 (default 1)") },
            { QStringLiteral("--keys"), QStringLiteral("STRATEGY"),
                QStringLiteral("aggregate:K (default aggregate:1000), customer:K, zipf:K, uuid, null, fixed:KEY or "
                               "file:PATH") },
            { QStringLiteral("--partitioner"), QStringLiteral("P"),
                QStringLiteral("one of %1 (default murmur2_random)").arg(partitionerNames()) },
            { QStringLiteral("--value-size"), QStringLiteral("BYTES"), QStringLiteral("random values of this size") },
            { QStringLiteral("--value-template"), QStringLiteral("JSON"),
                QStringLiteral("values from a JSON template with {{i}}, {{key}}, {{uuid}}, {{ts}}") },
            { QStringLiteral("--value-subject"), QStringLiteral("S"),
                QStringLiteral("encode the template's JSON with this subject's schema (Avro, Protobuf, JSON Schema)") },
            { QStringLiteral("--value-version"), QStringLiteral("N"),
                QStringLiteral("that version of the subject (default: the latest)") },
            { QStringLiteral("--rate"), QStringLiteral("MSGS_PER_S"), QStringLiteral("at most this many per second") },
            { QStringLiteral("--acks"), QStringLiteral("0|1|all"), QStringLiteral("default all") },
            { QStringLiteral("--linger-ms"), QStringLiteral("MS"), QStringLiteral("default 5") },
            { QStringLiteral("--idempotence"), QStringLiteral("true|false"), QStringLiteral("default true") },
            { QStringLiteral("--compression"), QStringLiteral("C"), QStringLiteral("none, gzip, snappy, lz4 or zstd") },
            jsonOption(),
        },
        0, 0, true,
        QStringLiteral("Messages whose fate is not known (in flight when the run was cancelled or the cluster went "
                       "away) are counted as unknown, not failed: they may have been written.") };
    spec.options.append(registryOptions());
    return { { spec, [spec](const Args& a) { return runProduce(a, spec); } } };
}

} // namespace kafkalab::cli
