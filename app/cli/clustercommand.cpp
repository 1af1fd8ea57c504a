#include "clicommon.h"

#include "kafkacore/cluster/clusterjson.h"
#include "kafkacore/cluster/clustersession.h"

#include <QCoreApplication>

#include <cstdio>

namespace kafkalab::cli {

namespace {
constexpr int DefaultTimeoutMs = 8000; // ClusterSession's own default
} // namespace

static void printTable(const ClusterSnapshot& s)
{
    std::printf("cluster %s, controller %d\n", qPrintable(s.clusterId), s.controllerId);
    for (const BrokerInfo& b : s.brokers)
        std::printf("broker %d at %s:%d%s%s\n", b.id, qPrintable(b.host), b.port,
            b.rack.isEmpty() ? "" : qPrintable(QStringLiteral(" rack ") + b.rack), b.controller ? " (controller)" : "");
    for (const TopicInfo& t : s.topics) {
        std::printf("topic %s: %lld partitions, replication %d, %s offsets (high - low)%s\n", qPrintable(t.name),
            qlonglong(t.partitions.size()), t.replicationFactor(),
            t.offsetSpan() < 0 ? "?" : qPrintable(QString::number(t.offsetSpan())), t.internal ? " (internal)" : "");
        for (const PartitionInfo& p : t.partitions)
            std::printf("  partition %d leader %d low %lld high %lld%s\n", p.id, p.leader, qlonglong(p.low),
                qlonglong(p.high),
                p.openTransaction() ? qPrintable(QStringLiteral(" stable %1").arg(p.lastStable)) : "");
    }
}

static int runCluster(const Args& args, const CommandSpec& spec)
{
    const bool json = args.has(QStringLiteral("--json"));
    const QList<PropertyProblem> problems = validateProperties(args.properties);
    if (!problems.isEmpty())
        return usageError(spec, describeProblem(problems.first()));
    QString error;
    const std::optional<int> timeoutMs = timeoutMsOf(args, DefaultTimeoutMs, &error);
    if (!timeoutMs)
        return usageError(spec, error);

    ClusterSession session;
    session.setAutoRefreshInterval(0);
    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        props.append(args.properties);
        QObject::connect(&session, &ClusterSession::connectFailed, &session,
            [finish](const QString& message) { finish(fail(message, 1)); });
        QObject::connect(&session, &ClusterSession::refreshFailed, &session,
            [finish](const QString& message) { finish(fail(message, 1)); });
        QObject::connect(&session, &ClusterSession::snapshotApplied, &session, [&session, json, finish] {
            if (!session.snapshot().notice.isEmpty())
                std::fprintf(stderr, "%s\n", qPrintable(session.snapshot().notice));
            if (json)
                std::printf("%s\n", snapshotToJson(session.snapshot()).constData());
            else
                printTable(session.snapshot());
            std::fflush(stdout);
            finish(0);
        });
        // The user's timeout bounds every request (connect, metadata, racks, watermarks); a late answer is
        // reported as slow on stderr, never as unreachable.
        session.connectTo(bootstrap, props, *timeoutMs);
    });
}

QList<Command> clusterCommands()
{
    const CommandSpec spec { QStringLiteral("cluster"),
        QStringLiteral("[--bootstrap B] [-X key=value]... [--json] [--timeout SECONDS]"),
        QStringLiteral("brokers, topics, partitions and watermarks of a cluster"),
        { bootstrapOption(), jsonOption(), timeoutOption(DefaultTimeoutMs) }, 0, 0, true, {} };
    return { { spec, [spec](const Args& a) { return runCluster(a, spec); } } };
}

} // namespace kafkalab::cli
