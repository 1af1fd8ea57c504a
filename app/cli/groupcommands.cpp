#include "clicommon.h"

#include "kafkacore/groups/groupsmonitor.h"
#include "kafkacore/groups/groupsworker.h"
#include "kafkacore/groups/lagtrend.h"

#include <QCoreApplication>

#include <cstdio>

namespace kafkalab::cli {

namespace {

// Runs `call` against a GroupsMonitor (its worker on a thread of its own) and returns the exit code `onResult`
// gives. The monitor is retired once the answer is in; its idle thread ends at once (joined at exit at the latest).
// The default --timeout: each admin request (list, describe, reset) may take this long.
constexpr int DefaultTimeoutMs = 15000;
constexpr qint64 SlowMs = 2000; // as the cluster's "slow: metadata took N s"

template <typename Signal, typename Handler>
int withMonitor(const Args& args, const CommandSpec& spec, const std::function<void(GroupsMonitor*)>& call,
    Signal signal, Handler onResult)
{
    QString error;
    const std::optional<int> timeoutMs = timeoutMsOf(args, DefaultTimeoutMs, &error);
    if (!timeoutMs)
        return usageError(spec, error);
    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        props.append(args.properties);
        auto* monitor = new GroupsMonitor(props, QCoreApplication::instance(), *timeoutMs);
        QObject::connect(monitor, signal, monitor, [=](auto... values) {
            const int code = onResult(values...);
            monitor->retire();
            monitor->deleteLater();
            finish(code);
        });
        call(monitor);
    });
}

QString lagText(int64_t v)
{
    return v < 0 ? QStringLiteral("-") : QString::number(v);
}

// "?" where the members (and so the assignor) could not be read.
QString assignorText(const GroupDescription& g)
{
    return !g.membersKnown() ? QStringLiteral("?") : g.assignor.isEmpty() ? QStringLiteral("-") : g.assignor;
}

QString membersText(const GroupDescription& g)
{
    return g.membersKnown() ? QString::number(g.members.size()) : QStringLiteral("?");
}

} // namespace

static int runGroups(const Args& args, const CommandSpec& spec)
{
    const bool json = args.has(QStringLiteral("--json"));
    return withMonitor(
        args, spec, [](GroupsMonitor* w) { w->refresh(); }, &GroupsMonitor::refreshed,
        [json](
            const QList<GroupSummary>&, const QList<GroupDescription>& groups, const QString& error, qint64 elapsedMs) {
            if (groups.isEmpty() && !error.isEmpty())
                return fail(error, 1);
            if (elapsedMs >= SlowMs) // late but answered: slow, not unreachable
                std::fprintf(stderr, "kafkalab-cli: slow: the groups took %.1f s\n", double(elapsedMs) / 1000.0);
            if (json) {
                std::printf("%s\n", groupsToJson(groups).constData());
            } else {
                std::printf("%-40s %-9s %-22s %-9s %-18s %7s %11s %9s %12s\n", "GROUP", "TYPE", "STATE", "PROTOCOL",
                    "ASSIGNOR", "MEMBERS", "COORDINATOR", "LAG", "TIME-LAG");
                for (const GroupDescription& g : groups)
                    std::printf("%-40s %-9s %-22s %-9s %-18s %7s %11d %9lld %12s\n", qPrintable(g.id),
                        qPrintable(g.type), qPrintable(g.stateText()),
                        qPrintable(g.protocol.isEmpty() ? QStringLiteral("simple") : g.protocol),
                        qPrintable(assignorText(g)), qPrintable(membersText(g)), g.coordinatorId,
                        qlonglong(g.totalLag()), qPrintable(durationText(g.timeLagMs())));
            }
            for (const GroupDescription& g : groups)
                if (!g.membersKnown())
                    std::fprintf(stderr, "kafkalab-cli: group %s: %s\n", qPrintable(g.id), qPrintable(g.unreadable));
            if (!error.isEmpty())
                std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(error));
            return 0;
        });
}

static int runGroup(const Args& args, const CommandSpec& spec)
{
    const QString group = args.positionals.first();
    const bool json = args.has(QStringLiteral("--json"));
    return withMonitor(
        args, spec, [group](GroupsMonitor* w) { w->describe({ group }); }, &GroupsMonitor::described,
        [json](const QList<GroupDescription>& groups, const QString& error) {
            if (groups.isEmpty())
                return fail(error.isEmpty() ? QStringLiteral("no such group") : error, 1);
            const GroupDescription& g = groups.first();
            if (!g.error.isEmpty()) // nothing about it is known: no state, no members, no offsets to show
                return fail(QStringLiteral("group %1 could not be described: %2").arg(g.id, g.error), 1);
            // What was read is printed; a group whose members could not be read exits 1 (failed), with a warning.
            auto done = [&g, json] {
                if (g.membersKnown())
                    return 0;
                std::fflush(stdout);
                std::fprintf(stderr, "kafkalab-cli: group %s: %s\n", qPrintable(g.id),
                    json ? qPrintable(g.unreadable) : "members and assignment not readable (the reason is above)");
                return 1;
            };
            if (json) {
                std::printf("%s\n", groupToJson(g).constData());
                return done();
            }
            std::printf("group %s: type %s, state %s, protocol %s, assignor %s, coordinator %d (%s), total lag %lld, "
                        "time lag %s\n",
                qPrintable(g.id), qPrintable(g.type), qPrintable(g.stateText()),
                qPrintable(g.protocol.isEmpty() ? QStringLiteral("simple") : g.protocol), qPrintable(assignorText(g)),
                g.coordinatorId, qPrintable(g.coordinator), qlonglong(g.totalLag()),
                qPrintable(durationText(g.timeLagMs())));
            if (!g.stateNote.isEmpty())
                std::printf("state: %s\n", qPrintable(g.stateNote));
            if (!g.membersKnown())
                std::printf("%s\n", qPrintable(g.unreadable));
            auto partsText = [](const QList<TopicPartitionRef>& list) {
                QStringList parts;
                for (const TopicPartitionRef& a : list)
                    parts.append(QStringLiteral("%1[%2]").arg(a.topic).arg(a.partition));
                return parts.join(QLatin1String(", "));
            };
            for (const GroupMember& m : g.members) {
                std::printf("member %s client %s host %s: %s\n", qPrintable(m.memberId), qPrintable(m.clientId),
                    qPrintable(m.host), qPrintable(partsText(m.assignments)));
                if (m.hasTarget)
                    std::printf("  target: %s\n", qPrintable(partsText(m.targetAssignments)));
            }
            std::printf("%-40s %9s %12s %14s %9s %12s %s\n", "TOPIC", "PARTITION", "COMMITTED", "HIGH-WATERMARK", "LAG",
                "TIME-LAG", "TREND");
            for (const GroupOffset& o : g.offsets)
                std::printf("%-40s %9d %12s %14s %9s %12s %s\n", qPrintable(o.topic), o.partition,
                    qPrintable(lagText(o.committed)), qPrintable(lagText(o.highWatermark)),
                    qPrintable(lagText(o.lag())), qPrintable(durationText(o.timeLagMs)), qPrintable(o.trend.text()));
            return done();
        });
}

static int runResetOffsets(const Args& args, const CommandSpec& spec)
{
    const QString group = args.positionals.first();
    const QString topic = args.value(QStringLiteral("--topic"));
    const QString to = args.value(QStringLiteral("--to"));
    if (topic.isEmpty() || to.isEmpty())
        return usageError(spec, QStringLiteral("--topic and --to are required"));
    QString error;
    if (!ResetTarget::parse(to, &error))
        return usageError(spec, QStringLiteral("--to: %1").arg(error));
    const bool dryRun = args.has(QStringLiteral("--dry-run"));
    return withMonitor(
        args, spec, [=](GroupsMonitor* w) { w->reset(group, topic, to, dryRun); }, &GroupsMonitor::resetDone,
        [](const QList<OffsetChange>& changes, const QString& error, bool dry) {
            if (!error.isEmpty())
                return fail(error, 1);
            std::printf("%-40s %9s %12s %12s\n", "TOPIC", "PARTITION", "CURRENT", "NEW");
            for (const OffsetChange& c : changes)
                std::printf("%-40s %9d %12s %12lld\n", qPrintable(c.topic), c.partition, qPrintable(lagText(c.current)),
                    qlonglong(c.next));
            std::printf("%s\n", dry ? "dry run: nothing was changed" : "committed");
            return 0;
        });
}

QList<Command> groupCommands()
{
    const CommandSpec groups { QStringLiteral("groups"), QStringLiteral("[--bootstrap B] [--json] [--timeout SECONDS]"),
        QStringLiteral(
            "every consumer group: type, state, protocol, assignor, members, coordinator, total lag, time lag"),
        { bootstrapOption(), jsonOption(), timeoutOption(DefaultTimeoutMs) }, 0, 0, true, {} };
    const CommandSpec group { QStringLiteral("group"),
        QStringLiteral("[--bootstrap B] [--json] [--timeout SECONDS] GROUP"),
        QStringLiteral(
            "one group: members and (target) assignments, committed offset, high watermark, lag and time lag "
            "per partition"),
        { bootstrapOption(), jsonOption(), timeoutOption(DefaultTimeoutMs) }, 1, 1, true, {} };
    const CommandSpec reset { QStringLiteral("reset-offsets"),
        QStringLiteral(
            "[--bootstrap B] GROUP --topic T --to earliest|latest|offset:N|timestamp:MS|shift:N [--dry-run]"),
        QStringLiteral("move a group's committed offsets (refused while the group has active members)"),
        {
            bootstrapOption(),
            { QStringLiteral("--topic"), QStringLiteral("T"), QStringLiteral("the topic whose offsets move") },
            { QStringLiteral("--to"), QStringLiteral("TARGET"),
                QStringLiteral("earliest, latest, offset:N, timestamp:MS (ms since the epoch) or shift:N (+/-)") },
            { QStringLiteral("--dry-run"), {}, QStringLiteral("show the new offsets, commit nothing") },
            timeoutOption(DefaultTimeoutMs),
        },
        1, 1, true, {} };
    return {
        { groups, [groups](const Args& a) { return runGroups(a, groups); } },
        { group, [group](const Args& a) { return runGroup(a, group); } },
        { reset, [reset](const Args& a) { return runResetOffsets(a, reset); } },
    };
}

} // namespace kafkalab::cli
