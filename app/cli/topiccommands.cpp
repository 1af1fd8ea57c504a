// kafkalab-cli lint-topics and topic: the naming checker over a cluster, and the topic operations.
#include "clicommon.h"

#include "adminworker.h"
#include "keystrategy.h"
#include "topicadmin.h"
#include "topicnaming.h"
#include "topicoperations.h"

#include <QFile>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace kafkalab::cli {

namespace {

QList<ClientProperty> connectionOf(const Args& args, const QString& bootstrap)
{
    QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
    props.append(args.properties);
    return props;
}

QStringList topicNames(rd_kafka_t* rk, QString* error)
{
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, 10000);
    MetadataPtr owned(md);
    if (err) {
        *error = kafkaErrorText(err);
        return {};
    }
    QStringList names;
    for (int i = 0; i < md->topic_cnt; ++i)
        names.append(QString::fromUtf8(md->topics[i].topic));
    names.sort();
    return names;
}

} // namespace

int runLintTopics(const QStringList& argList)
{
    const Args args = parseArgs(argList, { QStringLiteral("--bootstrap"), QStringLiteral("--pattern") });
    if (!args.error.isEmpty())
        return fail(args.error);
    QString error;
    const std::optional<TopicNaming> naming = TopicNaming::withPattern(args.value(QStringLiteral("--pattern")), &error);
    if (!naming)
        return fail(QStringLiteral("--pattern: %1").arg(error));
    const bool json = args.has(QStringLiteral("--json"));
    return withCluster(args, [&](const QString& bootstrap, std::function<void(int)> finish) {
        QString e;
        KafkaHandle rk = makeAdminClient(connectionOf(args, bootstrap), &e);
        const QStringList names = rk ? topicNames(rk.get(), &e) : QStringList();
        if (!e.isEmpty()) {
            finish(fail(e, 1));
            return;
        }
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

int runTopic(const QStringList& argList)
{
    const Args args = parseArgs(argList,
        { QStringLiteral("--bootstrap"), QStringLiteral("--partitions"), QStringLiteral("--replication-factor"),
            QStringLiteral("--config"), QStringLiteral("--to"), QStringLiteral("--before"), QStringLiteral("--confirm"),
            QStringLiteral("--keys-file"), QStringLiteral("--sample"), QStringLiteral("--partitioner") });
    if (!args.error.isEmpty())
        return fail(args.error);
    const QString usage = QStringLiteral(
        "usage: kafkalab-cli topic create NAME --partitions N [--replication-factor R] [--config k=v,...]\n"
        "       kafkalab-cli topic configs NAME [--json]\n"
        "       kafkalab-cli topic set NAME --config k=v | topic reset NAME CONFIG\n"
        "       kafkalab-cli topic add-partitions NAME --to N [--preview] [--keys-file F | --sample N] "
        "[--partitioner P]\n"
        "       kafkalab-cli topic delete-records NAME --before P:OFFSET,... | topic delete NAME --confirm NAME");
    if (args.positionals.size() < 2)
        return fail(usage);
    const QString op = args.positionals.at(0);
    const QString topic = args.positionals.at(1);
    QMap<QString, QString> configs;
    for (const QString& kv : args.value(QStringLiteral("--config")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!kv.contains(QLatin1Char('=')))
            return fail(QStringLiteral("--config takes key=value, got '%1'").arg(kv));
        configs.insert(kv.section(QLatin1Char('='), 0, 0).trimmed(), kv.section(QLatin1Char('='), 1).trimmed());
    }
    const std::optional<Partitioner> partitioner
        = partitionerFromName(args.value(QStringLiteral("--partitioner"), QStringLiteral("murmur2_random")));
    if (!partitioner)
        return fail(QStringLiteral("--partitioner takes one of %1").arg(partitionerNames()));
    return withCluster(args, [&](const QString& bootstrap, std::function<void(int)> finish) {
        QString e;
        const QList<ClientProperty> conn = connectionOf(args, bootstrap);
        KafkaHandle rk = makeAdminClient(conn, &e);
        if (!rk) {
            finish(fail(e, 1));
            return;
        }
        auto done = [&](const QString& error, const QString& ok) {
            if (!error.isEmpty()) {
                finish(fail(error, 1));
                return;
            }
            if (!ok.isEmpty())
                std::printf("%s\n", qPrintable(ok));
            finish(0);
        };
        if (op == QLatin1String("create")) {
            const int partitions = args.value(QStringLiteral("--partitions"), QStringLiteral("1")).toInt();
            const int rf = args.value(QStringLiteral("--replication-factor"), QStringLiteral("1")).toInt();
            const int brokers = brokerCount(rk.get(), &e);
            if (brokers > 0 && rf > brokers)
                return done(QStringLiteral("replication factor %1 is more than the %2 broker(s) of the cluster")
                                .arg(rf)
                                .arg(brokers),
                    {});
            return done(createTopic(rk.get(), topic, partitions, rf, configs), QStringLiteral("created %1").arg(topic));
        }
        if (op == QLatin1String("configs")) {
            const auto entries = describeTopicConfigs(rk.get(), topic, &e);
            if (!entries)
                return done(e, {});
            nlohmann::json out = nlohmann::json::array();
            for (const TopicConfigEntry& c : *entries) {
                if (args.has(QStringLiteral("--json")))
                    out.push_back({ { "name", c.name.toStdString() }, { "value", c.value.toStdString() },
                        { "default", c.isDefault }, { "read_only", c.readOnly },
                        { "source", c.source.toStdString() } });
                else
                    std::printf("%-45s %-25s %s\n", qPrintable(c.name), qPrintable(c.value),
                        qPrintable(c.isDefault ? QStringLiteral("default") : c.source));
            }
            if (args.has(QStringLiteral("--json")))
                std::printf("%s\n", out.dump(2).c_str());
            return done({}, {});
        }
        if (op == QLatin1String("set")) {
            QMap<QString, std::optional<QString>> changes;
            for (auto it = configs.begin(); it != configs.end(); ++it)
                changes.insert(it.key(), it.value());
            if (changes.isEmpty())
                return done(QStringLiteral("topic set needs --config key=value[,key=value...]"), {});
            if (const QString err = alterTopicConfigs(rk.get(), topic, changes); !err.isEmpty())
                return done(err, {});
            return done(
                {}, QStringLiteral("set %1 on %2").arg(QStringList(configs.keys()).join(QLatin1String(", ")), topic));
        }
        if (op == QLatin1String("reset")) {
            if (args.positionals.size() != 3)
                return done(usage, {});
            const QString name = args.positionals.at(2);
            return done(alterTopicConfig(rk.get(), topic, name, std::nullopt),
                QStringLiteral("%1 on %2 is back to its default").arg(name, topic));
        }
        if (op == QLatin1String("add-partitions")) {
            const int to = args.value(QStringLiteral("--to")).toInt();
            const rd_kafka_metadata_t* md = nullptr;
            rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), topic.toUtf8().constData(), nullptr);
            rd_kafka_metadata(rk.get(), 0, rkt, &md, 10000);
            MetadataPtr owned(md);
            rd_kafka_topic_destroy(rkt);
            if (!md || md->topic_cnt != 1 || md->topics[0].err)
                return done(QStringLiteral("topic '%1' not found").arg(topic), {});
            const int from = md->topics[0].partition_cnt;
            if (to <= from)
                return done(QStringLiteral("--to must be more than the %1 partitions the topic has").arg(from), {});
            QList<QByteArray> keys;
            if (args.has(QStringLiteral("--keys-file"))) {
                QString readError;
                const auto lines = readLines(args.value(QStringLiteral("--keys-file")), &readError);
                if (!lines)
                    return done(readError, {});
                for (const std::string& k : *lines)
                    keys.append(QByteArray::fromStdString(k));
            } else {
                const auto sampled = sampleKeys(
                    conn, topic, args.value(QStringLiteral("--sample"), QStringLiteral("1000")).toInt(), &e);
                if (!sampled)
                    return done(e, {});
                keys = *sampled;
            }
            const PartitionChangePreview p = previewAddPartitions(keys, from, to, *partitioner);
            nlohmann::json moves = nlohmann::json::array();
            for (const KeyMove& m : p.moves)
                moves.push_back({ { "key", m.key.toStdString() }, { "from", m.from }, { "to", m.to } });
            std::printf("%s\n",
                nlohmann::json({ { "from", from }, { "to", to }, { "keys", p.keys }, { "moved", p.moved },
                                   { "summary", p.summary().toStdString() }, { "moves", moves } })
                    .dump()
                    .c_str());
            if (args.has(QStringLiteral("--preview")))
                return done({}, {});
            return done(
                createPartitions(rk.get(), topic, to), QStringLiteral("%1 now has %2 partitions").arg(topic).arg(to));
        }
        if (op == QLatin1String("delete-records")) {
            QMap<int32_t, int64_t> before;
            for (const QString& po : args.value(QStringLiteral("--before")).split(QLatin1Char(','), Qt::SkipEmptyParts))
                before.insert(po.section(QLatin1Char(':'), 0, 0).toInt(), po.section(QLatin1Char(':'), 1).toLongLong());
            if (before.isEmpty())
                return done(QStringLiteral("--before takes PARTITION:OFFSET,..."), {});
            const auto lows = deleteRecords(rk.get(), topic, before, &e);
            if (!lows)
                return done(e, {});
            QStringList parts;
            for (auto it = lows->begin(); it != lows->end(); ++it)
                parts.append(QStringLiteral("partition %1 now starts at %2").arg(it.key()).arg(it.value()));
            return done({}, parts.join(QLatin1Char('\n')));
        }
        if (op == QLatin1String("delete")) {
            if (args.value(QStringLiteral("--confirm")) != topic)
                return done(QStringLiteral("type the topic's name to confirm: --confirm %1").arg(topic), {});
            return done(deleteTopics(rk.get(), { topic }), QStringLiteral("deleted %1").arg(topic));
        }
        done(usage, {});
    });
}

} // namespace kafkalab::cli
