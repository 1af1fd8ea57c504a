#include "clicommon.h"

#include "partitioner.h"
#include "producerclient.h"
#include "topicadmin.h"

#include <QCoreApplication>

#include <cstdio>
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
    std::printf("sent %llu, delivered %llu, failed %llu%s\n", qulonglong(p.sent), qulonglong(p.delivered),
        qulonglong(p.failed), p.cancelled ? " (cancelled)" : "");
    std::printf("min %lld, max %lld, mean %.1f, skew (max/mean) %.3f, cv %.4f, chi-square %.2f (df %d), p-value %.4g\n",
        qlonglong(s.min), qlonglong(s.max), s.mean, s.skew, s.cv, s.chiSquare, s.degreesOfFreedom, s.pValue);
    std::printf("%.0f msgs/s over %.2f s, latency avg %.1f ms, max %.1f ms\n", p.msgsPerSec(),
        double(p.elapsedMs) / 1000.0, p.avgLatencyMs, p.maxLatencyMs);
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
        { "sent", p.sent }, { "delivered", p.delivered }, { "failed", p.failed }, { "cancelled", p.cancelled },
        { "partitions", partitions }, { "skew", s.skew }, { "cv", s.cv }, { "chi_square", s.chiSquare },
        { "p_value", s.pValue }, { "min", s.min }, { "max", s.max }, { "mean", s.mean },
        { "msgs_per_sec", p.msgsPerSec() }, { "elapsed_ms", p.elapsedMs }, { "avg_latency_ms", p.avgLatencyMs },
        { "errors", errors } };
    std::printf("%s\n", out.dump().c_str());
}

int runProduce(const QStringList& argList)
{
    const Args args = parseArgs(argList,
        { QStringLiteral("--bootstrap"), QStringLiteral("--topic"), QStringLiteral("--count"), QStringLiteral("--keys"),
            QStringLiteral("--partitioner"), QStringLiteral("--value-size"), QStringLiteral("--value-template"),
            QStringLiteral("--rate"), QStringLiteral("--acks"), QStringLiteral("--linger-ms"),
            QStringLiteral("--compression"), QStringLiteral("--idempotence") });
    if (!args.error.isEmpty())
        return fail(args.error);
    for (const QString& f : args.flags)
        if (f != QLatin1String("--json"))
            return fail(QStringLiteral("produce: unknown option '%1'").arg(f));
    if (!args.positionals.isEmpty())
        return fail(QStringLiteral("produce: unexpected argument '%1'").arg(args.positionals.first()));
    const bool json = args.has(QStringLiteral("--json"));

    BulkSpec spec;
    spec.topic = args.value(QStringLiteral("--topic"));
    if (spec.topic.isEmpty())
        return fail(QStringLiteral("produce: --topic is required"));
    if (const QString bad = topicNameError(spec.topic); !bad.isEmpty())
        return fail(QStringLiteral("produce: --topic: %1").arg(bad));
    bool ok = false;
    spec.count = args.value(QStringLiteral("--count"), QStringLiteral("1")).toULongLong(&ok);
    if (!ok || spec.count < 1 || spec.count > BulkSpec::kMaxCount)
        return fail(QStringLiteral("produce: --count must be from 1 to %1").arg(BulkSpec::kMaxCount));
    QString error;
    const std::optional<KeyStrategy> keys
        = KeyStrategy::parse(args.value(QStringLiteral("--keys"), QStringLiteral("aggregate:1000")), &error);
    if (!keys)
        return fail(QStringLiteral("produce: --keys: %1").arg(error));
    spec.keys = *keys;
    if (args.has(QStringLiteral("--value-template"))) {
        auto t = ValueTemplate::json(args.value(QStringLiteral("--value-template")), &error);
        if (!t)
            return fail(QStringLiteral("produce: --value-template: %1").arg(error));
        spec.value = std::make_shared<ValueTemplate>(std::move(*t));
    } else if (args.has(QStringLiteral("--value-size"))) {
        const qulonglong size = args.value(QStringLiteral("--value-size")).toULongLong(&ok);
        if (!ok || size > 100 * 1024 * 1024)
            return fail(QStringLiteral("produce: --value-size must be a byte count up to 100 MiB"));
        spec.value = std::make_shared<ValueTemplate>(ValueTemplate::randomBytes(size));
    } else {
        spec.value = std::make_shared<ValueTemplate>(
            *ValueTemplate::json(QStringLiteral(R"({"i":{{i}},"key":"{{key}}","ts":{{ts}}})"), &error));
    }
    if (args.has(QStringLiteral("--rate"))) {
        spec.ratePerSec = args.value(QStringLiteral("--rate")).toDouble(&ok);
        if (!ok || spec.ratePerSec <= 0)
            return fail(QStringLiteral("produce: --rate must be a positive number of messages per second"));
    }

    ProducerSettings settings;
    settings.partitioner = args.value(QStringLiteral("--partitioner"), settings.partitioner);
    if (!partitionerFromName(settings.partitioner))
        return fail(QStringLiteral("produce: unknown partitioner '%1'; use one of %2")
                        .arg(settings.partitioner, partitionerNames()));
    settings.acks = args.value(QStringLiteral("--acks"), settings.acks);
    settings.compression = args.value(QStringLiteral("--compression"), settings.compression);
    if (args.has(QStringLiteral("--linger-ms")))
        settings.lingerMs = args.value(QStringLiteral("--linger-ms")).toInt();
    if (args.has(QStringLiteral("--idempotence")))
        settings.idempotence = args.value(QStringLiteral("--idempotence")) != QLatin1String("false");
    settings.extra = args.properties;
    const QList<PropertyProblem> problems = validateProperties(settings.toProperties());
    if (!problems.isEmpty())
        return fail(QStringLiteral("produce: %1").arg(describeProblem(problems.first())));

    return withCluster(args, [&](const QString& bootstrap, std::function<void(int)> finish) {
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
            finish(r.progress.failed > 0 || r.progress.delivered < r.progress.requested ? 1 : 0);
        });
        onTerminationSignal([client] { client->cancel(); });
        client->start();
    });
}

} // namespace kafkalab::cli
