// kafkalab-cli lint-topics and topic: the naming checker over a cluster, and the topic operations.
#include "clicommon.h"

#include "kafkacore/produce/keystrategy.h"
#include "kafkacore/topics/topicadmin.h"
#include "kafkacore/topics/topicadminclient.h"
#include "kafkacore/topics/topicnaming.h"
#include "kafkacore/topics/topicoperations.h"

#include <QFile>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

namespace kafkalab::cli {

namespace {

} // namespace

static int runLintTopics(const Args& args, const CommandSpec& spec)
{
    QString error;
    const std::optional<TopicNaming> naming = TopicNaming::withPattern(args.value(QStringLiteral("--pattern")), &error);
    if (!naming)
        return usageError(spec, QStringLiteral("--pattern: %1").arg(error));
    const bool json = args.has(QStringLiteral("--json"));
    const std::optional<int> timeoutMs = timeoutMsOf(args, 0, &error);
    if (!timeoutMs)
        return usageError(spec, error);
    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        QString e;
        std::optional<TopicAdminClient> admin = TopicAdminClient::open(connectionOf(args, bootstrap), &e);
        if (admin)
            admin->setTimeout(*timeoutMs);
        const std::optional<QStringList> listed = admin ? admin->topicNames(&e) : std::nullopt;
        if (!listed) {
            finish(fail(e, 1));
            return;
        }
        const QStringList& names = *listed;
        bool hardError = false;
        nlohmann::json out = nlohmann::json::array();
        for (const QString& name : names) {
            const TopicNameVerdict v = naming->check(name);
            hardError |= !v.error.isEmpty();
            QStringList reasons = v.warnings;
            if (!v.error.isEmpty())
                reasons.prepend(v.error);
            if (json) {
                nlohmann::json r = nlohmann::json::array();
                for (const QString& x : reasons)
                    r.push_back(x.toStdString());
                out.push_back(
                    { { "topic", name.toStdString() }, { "verdict", v.verdict().toStdString() }, { "reasons", r } });
            } else {
                std::printf("%-8s %s%s%s\n", qPrintable(v.verdict()), qPrintable(name), reasons.isEmpty() ? "" : ": ",
                    qPrintable(reasons.join(QLatin1String("; "))));
            }
        }
        if (json)
            std::printf("%s\n", out.dump(2).c_str());
        finish(hardError ? 1 : 0);
    });
}

namespace {

using Done = std::function<void(const QString& error, const QString& ok)>;

// Runs `op` with an admin client on the cluster (its requests bounded by --timeout); `done(error, ok)` prints the
// outcome and ends the command.
int withAdmin(const Args& args, const CommandSpec& spec, const std::function<void(TopicAdminClient&, const Done&)>& op)
{
    QString error;
    const std::optional<int> timeoutMs = timeoutMsOf(args, 0, &error);
    if (!timeoutMs)
        return usageError(spec, error);
    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        QString e;
        std::optional<TopicAdminClient> admin = TopicAdminClient::open(connectionOf(args, bootstrap), &e);
        if (!admin) {
            finish(fail(e, 1));
            return;
        }
        admin->setTimeout(*timeoutMs);
        op(*admin, [&](const QString& error, const QString& ok) {
            if (!error.isEmpty()) {
                finish(fail(error, 1));
                return;
            }
            if (!ok.isEmpty())
                std::printf("%s\n", qPrintable(ok));
            finish(0);
        });
    });
}

// "k=v,k=v" (--config); nothing, with the reason, when a part has no '=' or no name.
std::optional<QMap<QString, QString>> parseConfigs(const QString& text, QString* error)
{
    QMap<QString, QString> configs;
    for (const QString& kv : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString key = kv.section(QLatin1Char('='), 0, 0).trimmed();
        if (!kv.contains(QLatin1Char('=')) || key.isEmpty()) {
            *error = QStringLiteral("--config takes key=value[,key=value...], got '%1'").arg(kv);
            return std::nullopt;
        }
        if (configs.contains(key)) {
            *error = QStringLiteral("--config names %1 twice").arg(key);
            return std::nullopt;
        }
        configs.insert(key, kv.section(QLatin1Char('='), 1).trimmed());
    }
    return configs;
}

int runCreate(const Args& args, const CommandSpec& spec)
{
    const QString topic = args.positionals.at(0);
    QString error;
    if (const QString bad = topicNameError(topic); !bad.isEmpty())
        return usageError(spec, QStringLiteral("topic name: %1").arg(bad));
    if (!args.has(QStringLiteral("--partitions")))
        return usageError(spec, QStringLiteral("--partitions is required"));
    const auto partitions = args.integer(QStringLiteral("--partitions"), 1, 1000000, 1, &error);
    const auto rf = partitions ? args.integer(QStringLiteral("--replication-factor"), 1, 32767, 1, &error)
                               : std::optional<qint64>();
    if (!partitions || !rf)
        return usageError(spec, error);
    const auto configs = parseConfigs(args.value(QStringLiteral("--config")), &error);
    if (!configs)
        return usageError(spec, error);
    return withAdmin(args, spec, [&](TopicAdminClient& admin, const Done& done) {
        QString e;
        const int brokers = admin.brokerCount(&e);
        if (brokers > 0 && *rf > brokers)
            return done(QStringLiteral("replication factor %1 is more than the %2 broker(s) of the cluster")
                            .arg(*rf)
                            .arg(brokers),
                {});
        done(admin.create(topic, int(*partitions), int(*rf), *configs),
            QStringLiteral("created %1 with %2 partition(s)").arg(topic).arg(*partitions));
    });
}

int runConfigs(const Args& args, const CommandSpec& spec)
{
    const QString topic = args.positionals.at(0);
    const bool json = args.has(QStringLiteral("--json"));
    return withAdmin(args, spec, [&](TopicAdminClient& admin, const Done& done) {
        QString e;
        const auto entries = admin.configs(topic, &e);
        if (!entries)
            return done(e, {});
        nlohmann::json out = nlohmann::json::array();
        for (const TopicConfigEntry& c : *entries) {
            if (json)
                out.push_back({ { "name", c.name.toStdString() }, { "value", c.value.toStdString() },
                    { "default", c.isDefault }, { "read_only", c.readOnly }, { "source", c.source.toStdString() } });
            else
                std::printf("%-45s %-25s %s\n", qPrintable(c.name), qPrintable(c.value),
                    qPrintable(c.isDefault ? QStringLiteral("default") : c.source));
        }
        if (json)
            std::printf("%s\n", out.dump(2).c_str());
        done({}, {});
    });
}

int runSet(const Args& args, const CommandSpec& spec)
{
    const QString topic = args.positionals.at(0);
    QString error;
    const auto configs = parseConfigs(args.value(QStringLiteral("--config")), &error);
    if (!configs)
        return usageError(spec, error);
    if (configs->isEmpty())
        return usageError(spec, QStringLiteral("--config key=value[,key=value...] is required"));
    return withAdmin(args, spec, [&](TopicAdminClient& admin, const Done& done) {
        QMap<QString, std::optional<QString>> changes;
        for (auto it = configs->begin(); it != configs->end(); ++it)
            changes.insert(it.key(), it.value());
        if (const QString err = admin.alterConfigs(topic, changes); !err.isEmpty())
            return done(err, {});
        done({}, QStringLiteral("set %1 on %2").arg(QStringList(configs->keys()).join(QLatin1String(", ")), topic));
    });
}

int runReset(const Args& args, const CommandSpec& spec)
{
    const QString topic = args.positionals.at(0);
    const QString name = args.positionals.at(1);
    return withAdmin(args, spec, [&](TopicAdminClient& admin, const Done& done) {
        done(admin.alterConfigs(topic, { { name, std::nullopt } }),
            QStringLiteral("%1 on %2 is back to its default").arg(name, topic));
    });
}

int runAddPartitions(const Args& args, const CommandSpec& spec)
{
    const QString topic = args.positionals.at(0);
    QString error;
    if (!args.has(QStringLiteral("--to")))
        return usageError(spec, QStringLiteral("--to is required"));
    const auto to = args.integer(QStringLiteral("--to"), 1, 1000000, 0, &error);
    const auto sample = to ? args.integer(QStringLiteral("--sample"), 1, 1000000, 1000, &error) : std::nullopt;
    if (!to || !sample)
        return usageError(spec, error);
    if (args.has(QStringLiteral("--keys-file")) && args.has(QStringLiteral("--sample")))
        return usageError(spec, QStringLiteral("--keys-file and --sample exclude each other"));
    const QString partitionerName = args.value(QStringLiteral("--partitioner"), QStringLiteral("murmur2_random"));
    const std::optional<Partitioner> partitioner = partitionerFromName(partitionerName);
    if (!partitioner)
        return usageError(
            spec, QStringLiteral("unknown partitioner '%1'; use one of %2").arg(partitionerName, partitionerNames()));
    return withAdmin(args, spec, [&](TopicAdminClient& admin, const Done& done) {
        QString e;
        const int from = admin.partitionCount(topic, &e);
        if (from < 0)
            return done(e, {});
        if (*to <= from)
            return done(QStringLiteral("--to must be more than the %1 partitions the topic has").arg(from), {});
        QList<QByteArray> keys;
        if (args.has(QStringLiteral("--keys-file"))) {
            const auto lines = readLines(args.value(QStringLiteral("--keys-file")), &e);
            if (!lines)
                return done(e, {});
            for (const std::string& k : *lines)
                keys.append(QByteArray::fromStdString(k));
        } else {
            const auto sampled = sampleKeys(admin.connection(), topic, int(*sample), &e);
            if (!sampled)
                return done(e, {});
            keys = *sampled;
        }
        const PartitionChangePreview p = previewAddPartitions(keys, from, int(*to), *partitioner);
        nlohmann::json moves = nlohmann::json::array();
        for (const KeyMove& m : p.moves)
            moves.push_back({ { "key", m.key.toStdString() }, { "from", m.from }, { "to", m.to } });
        std::printf("%s\n",
            nlohmann::json({ { "from", from }, { "to", *to }, { "keys", p.keys }, { "moved", p.moved },
                               { "summary", p.summary().toStdString() }, { "moves", moves } })
                .dump()
                .c_str());
        if (args.has(QStringLiteral("--preview")))
            return done({}, {});
        done(admin.addPartitions(topic, int(*to)), QStringLiteral("%1 now has %2 partitions").arg(topic).arg(*to));
    });
}

} // namespace

// "P:OFFSET,..." for delete-records: partitions once each, offsets 0 or more, or "end" (-1: every record).
std::optional<QMap<int32_t, int64_t>> parseDeleteBefore(const QString& text, QString* error)
{
    QMap<int32_t, int64_t> before;
    for (const QString& po : text.split(QLatin1Char(','))) {
        const qsizetype colon = po.indexOf(QLatin1Char(':'));
        QString why;
        const auto partition
            = colon > 0 ? parseInteger(po.left(colon), 0, std::numeric_limits<int32_t>::max(), &why) : std::nullopt;
        if (!partition) {
            *error = QStringLiteral("--before takes PARTITION:OFFSET[,PARTITION:OFFSET...] (OFFSET a number or end); "
                                    "'%1' %2")
                         .arg(po,
                             colon > 0 ? QStringLiteral("has a bad partition: ") + why
                                       : QStringLiteral("is not PARTITION:OFFSET"));
            return std::nullopt;
        }
        const QString offsetText = po.mid(colon + 1);
        std::optional<qint64> offset = offsetText == QLatin1String("end")
            ? std::optional<qint64>(-1)
            : parseInteger(offsetText, 0, std::numeric_limits<qint64>::max(), &why);
        if (!offset) {
            *error = QStringLiteral("--before %1: the offset %2 (a number, 0 or more, or end for every record)")
                         .arg(po, why);
            return std::nullopt;
        }
        if (before.contains(int32_t(*partition))) {
            *error = QStringLiteral("--before names partition %1 twice").arg(*partition);
            return std::nullopt;
        }
        before.insert(int32_t(*partition), *offset);
    }
    return before;
}

namespace {

int runDeleteRecords(const Args& args, const CommandSpec& spec)
{
    const QString topic = args.positionals.at(0);
    QString error;
    if (!args.has(QStringLiteral("--before")))
        return usageError(spec, QStringLiteral("--before is required"));
    const auto before = parseDeleteBefore(args.value(QStringLiteral("--before")), &error);
    if (!before)
        return usageError(spec, error);
    const bool everything = std::any_of(before->begin(), before->end(), [](int64_t o) { return o < 0; });
    if (everything && args.value(QStringLiteral("--confirm")) != topic)
        return usageError(spec,
            QStringLiteral("'end' deletes every record of the partition: type the topic's name to confirm "
                           "(--confirm %1)")
                .arg(topic));
    if (!everything && args.has(QStringLiteral("--confirm")) && args.value(QStringLiteral("--confirm")) != topic)
        return usageError(spec, QStringLiteral("--confirm names another topic than %1").arg(topic));
    return withAdmin(args, spec, [&](TopicAdminClient& admin, const Done& done) {
        QString e;
        const auto lows = admin.deleteRecords(topic, *before, &e);
        if (!lows)
            return done(e, {});
        QStringList parts;
        for (auto it = lows->begin(); it != lows->end(); ++it)
            parts.append(QStringLiteral("partition %1 now starts at %2").arg(it.key()).arg(it.value()));
        done({}, parts.join(QLatin1Char('\n')));
    });
}

int runDelete(const Args& args, const CommandSpec& spec)
{
    const QString topic = args.positionals.at(0);
    if (args.value(QStringLiteral("--confirm")) != topic)
        return usageError(spec, QStringLiteral("type the topic's name to confirm: --confirm %1").arg(topic));
    return withAdmin(args, spec, [&](TopicAdminClient& admin, const Done& done) {
        done(admin.deleteTopic(topic), QStringLiteral("deleted %1").arg(topic));
    });
}

} // namespace

QList<Command> topicCommands()
{
    // Each request: 10 s to read metadata, 15 s for configs, 30 s to create, add partitions or delete (the default).
    const OptionSpec topicTimeout { QStringLiteral("--timeout"), QStringLiteral("SECONDS"),
        QStringLiteral("how long each request to the cluster may take, more than 0 (default 10 to 30)") };
    const CommandSpec lint { QStringLiteral("lint-topics"),
        QStringLiteral("[--bootstrap B] [--pattern REGEX] [--json]"),
        QStringLiteral("every topic with its naming verdict (<domain>.<entity>.<event-type> by default); exit 1 on a "
                       "hard-rule error"),
        { bootstrapOption(), topicTimeout,
            { QStringLiteral("--pattern"), QStringLiteral("REGEX"), QStringLiteral("the team's naming pattern") },
            jsonOption() },
        0, 0, true, {} };
    const CommandSpec create { QStringLiteral("topic create"),
        QStringLiteral("[--bootstrap B] NAME --partitions N [--replication-factor R] [--config k=v,...]"),
        QStringLiteral("create a topic with configs"),
        { bootstrapOption(), topicTimeout,
            { QStringLiteral("--partitions"), QStringLiteral("N"), QStringLiteral("partition count, 1 to 1000000") },
            { QStringLiteral("--replication-factor"), QStringLiteral("R"), QStringLiteral("default 1") },
            { QStringLiteral("--config"), QStringLiteral("k=v,..."), QStringLiteral("topic configs") } },
        1, 1, true, {} };
    const CommandSpec configs { QStringLiteral("topic configs"), QStringLiteral("[--bootstrap B] NAME [--json]"),
        QStringLiteral("every config of a topic: value, default or override, source"),
        { bootstrapOption(), topicTimeout, jsonOption() }, 1, 1, true, {} };
    const CommandSpec set { QStringLiteral("topic set"), QStringLiteral("[--bootstrap B] NAME --config k=v,..."),
        QStringLiteral("change topic configs (one request for all)"),
        { bootstrapOption(), topicTimeout,
            { QStringLiteral("--config"), QStringLiteral("k=v,..."), QStringLiteral("the configs to set") } },
        1, 1, true, {} };
    const CommandSpec reset { QStringLiteral("topic reset"), QStringLiteral("[--bootstrap B] NAME CONFIG"),
        QStringLiteral("put one config back to its default"), { bootstrapOption(), topicTimeout }, 2, 2, true, {} };
    const CommandSpec add { QStringLiteral("topic add-partitions"),
        QStringLiteral("[--bootstrap B] NAME --to N [--preview] [--keys-file F | --sample N] [--partitioner P]"),
        QStringLiteral("add partitions, showing first which keys move to another partition"),
        { bootstrapOption(), topicTimeout,
            { QStringLiteral("--to"), QStringLiteral("N"), QStringLiteral("the new partition count") },
            { QStringLiteral("--preview"), {}, QStringLiteral("only show which keys would move") },
            { QStringLiteral("--keys-file"), QStringLiteral("F"), QStringLiteral("the keys to check, one per line") },
            { QStringLiteral("--sample"), QStringLiteral("N"),
                QStringLiteral("check the keys of the newest N messages (default 1000)") },
            { QStringLiteral("--partitioner"), QStringLiteral("P"),
                QStringLiteral("one of %1 (default murmur2_random)").arg(partitionerNames()) } },
        1, 1, true, {} };
    const CommandSpec deleteRecords { QStringLiteral("topic delete-records"),
        QStringLiteral("[--bootstrap B] NAME --before P:OFFSET,... [--confirm NAME]"),
        QStringLiteral("delete the records before an offset of each partition named"),
        { bootstrapOption(), topicTimeout,
            { QStringLiteral("--before"), QStringLiteral("P:OFFSET,..."),
                QStringLiteral("partition:offset pairs; offset 'end' deletes every record (needs --confirm)") },
            { QStringLiteral("--confirm"), QStringLiteral("NAME"), QStringLiteral("the topic's name, typed again") } },
        1, 1, true, {} };
    const CommandSpec del { QStringLiteral("topic delete"), QStringLiteral("[--bootstrap B] NAME --confirm NAME"),
        QStringLiteral("delete the topic"),
        { bootstrapOption(), topicTimeout,
            { QStringLiteral("--confirm"), QStringLiteral("NAME"), QStringLiteral("the topic's name, typed again") } },
        1, 1, true, {} };
    return {
        { lint, [lint](const Args& a) { return runLintTopics(a, lint); } },
        { create, [create](const Args& a) { return runCreate(a, create); } },
        { configs, [configs](const Args& a) { return runConfigs(a, configs); } },
        { set, [set](const Args& a) { return runSet(a, set); } },
        { reset, [reset](const Args& a) { return runReset(a, reset); } },
        { add, [add](const Args& a) { return runAddPartitions(a, add); } },
        { deleteRecords, [deleteRecords](const Args& a) { return runDeleteRecords(a, deleteRecords); } },
        { del, [del](const Args& a) { return runDelete(a, del); } },
    };
}

} // namespace kafkalab::cli
