// kafkalab-cli consume and replay: the message browser's read and replay, headless, in the export format.
#include "clicommon.h"

#include "kafkacore/messages/messageio.h"
#include "kafkacore/messages/messagereader.h"
#include "kafkacore/messages/replayencode.h"

#include <QCoreApplication>

#include <cstdio>
#include <limits>

namespace kafkalab::cli {

namespace {

// "newest:N", "beginning", "offset:N", "timestamp:MS" or "tail"; empty on success, else the reason.
QString parseFrom(const QString& from, ReadRequest* r)
{
    const QString kind = from.section(QLatin1Char(':'), 0, 0);
    const QString arg = from.section(QLatin1Char(':'), 1);
    const bool hasArg = from.contains(QLatin1Char(':'));
    QString why;
    std::optional<qint64> n;
    if (kind == QLatin1String("newest")) {
        r->start = ReadRequest::Start::Newest;
        n = hasArg ? parseInteger(arg, 1, std::numeric_limits<int>::max(), &why) : 100;
        if (n)
            r->newest = *n;
    } else if (kind == QLatin1String("offset")) {
        r->start = ReadRequest::Start::Offset;
        n = parseInteger(arg, 0, std::numeric_limits<qint64>::max(), &why);
        if (n)
            r->offset = *n;
    } else if (kind == QLatin1String("timestamp")) {
        r->start = ReadRequest::Start::Timestamp;
        n = parseInteger(arg, 0, std::numeric_limits<qint64>::max(), &why);
        if (n)
            r->timestampMs = *n;
    } else if ((kind == QLatin1String("beginning") || kind == QLatin1String("tail")) && !hasArg) {
        r->start = kind == QLatin1String("tail") ? ReadRequest::Start::Tail : ReadRequest::Start::Beginning;
        return {};
    } else {
        return QStringLiteral("--from takes newest:N, beginning, offset:N, timestamp:MS or tail, not '%1'").arg(from);
    }
    if (!n)
        return QStringLiteral("--from %1: %2").arg(kind, why);
    return {};
}

} // namespace

static int runConsume(const Args& args, const CommandSpec& spec)
{
    ReadRequest request;
    request.topic = args.value(QStringLiteral("--topic"));
    if (request.topic.isEmpty())
        return usageError(spec, QStringLiteral("--topic is required"));
    if (const QString e = parseFrom(args.value(QStringLiteral("--from"), QStringLiteral("newest:100")), &request);
        !e.isEmpty())
        return usageError(spec, e);
    QString error;
    const auto count = args.integer(QStringLiteral("--count"), 0, std::numeric_limits<qint64>::max(), 0, &error);
    if (!count)
        return usageError(spec, error);
    request.maxMessages = *count;
    if (args.has(QStringLiteral("--partitions"))) {
        const QString list = args.value(QStringLiteral("--partitions"));
        for (const QString& p : list.split(QLatin1Char(','))) {
            QString why;
            const auto n = parseInteger(p, 0, std::numeric_limits<int32_t>::max(), &why);
            if (!n)
                return usageError(spec, QStringLiteral("--partitions %1: %2").arg(list, why));
            if (!request.partitions.contains(int32_t(*n)))
                request.partitions.append(int32_t(*n));
        }
    }
    request.isolation = args.value(QStringLiteral("--isolation"), request.isolation);
    if (request.isolation != QLatin1String("read_committed") && request.isolation != QLatin1String("read_uncommitted"))
        return usageError(spec, QStringLiteral("--isolation takes read_committed or read_uncommitted"));
    request.filter = args.value(QStringLiteral("--filter"));
    QString filterError;
    if (!MessageFilter::parse(request.filter, &filterError))
        return usageError(spec, QStringLiteral("--filter: %1").arg(filterError));
    request.valueLimit = std::numeric_limits<int>::max(); // the export is whole
    const bool decode = args.has(QStringLiteral("--decode"));
    if (decode) {
        const auto registry = registryFromArgs(args, &error);
        if (!registry)
            return usageError(spec, error);
        request.schemaRegistry = std::make_shared<schemas::SchemaRegistryClient>(*registry);
    } else {
        for (const OptionSpec& o : registryOptions())
            if (args.has(o.name))
                return usageError(spec, QStringLiteral("%1 goes with --decode").arg(o.name));
    }
    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        props.append(args.properties);
        // The handle owns the read's thread and client; nothing here waits for them (the thread ends on its own,
        // or is joined once at exit).
        auto* reader = new MessageReader(QCoreApplication::instance());
        reader->setConnection(props);
        const QString topic = request.topic;
        QObject::connect(reader, &MessageReader::decoded, reader,
            [topic](const MessageBatchPtr& b, const schemas::DecodedBatchPtr& d) {
                QByteArray out;
                for (size_t i = 0; i < b->size(); ++i) {
                    out += toJsonLine(topic, (*b)[i], &(*d)[i]);
                    out += '\n';
                }
                std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
            });
        QObject::connect(reader, &MessageReader::batch, reader, [topic, decode](const MessageBatchPtr& b) {
            if (decode)
                return; // written with their decoded keys and values
            QByteArray out;
            for (const MessageRecord& r : *b) {
                out += toJsonLine(topic, r);
                out += '\n';
            }
            std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
        });
        QObject::connect(reader, &MessageReader::readFinished, reader, [finish](const ReadSummary& s) {
            std::fflush(stdout);
            if (!s.note.isEmpty())
                std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(s.note));
            if (!s.error.isEmpty()) {
                finish(fail(s.error, 1));
                return;
            }
            std::fprintf(stderr, "kafkalab-cli: %lld scanned, %lld written in %.2f s\n",
                static_cast<long long>(s.scanned), static_cast<long long>(s.matched), double(s.elapsedMs) / 1000.0);
            finish(s.cancelled ? 130 : 0); // Ctrl-C ends a tail: what was read is written, exit 130
        });
        onTerminationSignal([reader] { reader->stopReading(); });
        reader->read(request);
    });
}

static int runReplay(const Args& args, const CommandSpec& spec)
{
    const QString topic = args.value(QStringLiteral("--topic"));
    if (topic.isEmpty())
        return usageError(spec, QStringLiteral("--topic is required"));
    const ReplayFile file = readJsonLines(args.positionals.first());
    if (!file.errors.isEmpty()) {
        for (const QString& e : file.errors.mid(0, 20))
            std::fprintf(stderr, "%s\n", qPrintable(e));
        if (!args.has(QStringLiteral("--skip-bad-lines")) || file.messages.isEmpty())
            return fail(QStringLiteral("%1 bad line(s); nothing sent (--skip-bad-lines sends the good ones)")
                            .arg(file.errors.size()),
                1);
    }
    const bool keep = args.has(QStringLiteral("--keep-partitions"));
    const bool keepTimes = args.has(QStringLiteral("--keep-timestamps"));
    // A decoded export (consume --decode) is encoded again through the registry; plain files need none.
    std::shared_ptr<schemas::SchemaRegistryClient> registry;
    if (needsSchemaEncoding(file.messages)) {
        QString error;
        const auto connection = registryFromArgs(args, &error);
        if (!connection)
            return usageError(spec,
                QStringLiteral("the file holds keys or values exported decoded (with schema ids), which are encoded "
                               "again: %1")
                    .arg(error));
        registry = std::make_shared<schemas::SchemaRegistryClient>(*connection);
    }
    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        props.append(args.properties);
        auto* reader = new MessageReader(QCoreApplication::instance());
        reader->setConnection(props);
        QObject::connect(reader, &MessageReader::replayFinished, reader, [finish](const ReplaySummary& s) {
            std::printf("{\"sent\":%lld,\"delivered\":%lld,\"failed\":%lld,\"unknown\":%lld,\"cancelled\":%s}\n",
                static_cast<long long>(s.sent), static_cast<long long>(s.delivered), static_cast<long long>(s.failed),
                static_cast<long long>(s.unknown), s.cancelled ? "true" : "false");
            if (!s.error.isEmpty())
                std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(s.error));
            finish(s.cancelled ? 130 : s.failed == 0 && s.error.isEmpty() ? 0 : 1);
        });
        onTerminationSignal([reader] { reader->cancelReplay(); });
        reader->replay(topic, file.messages, keep, keepTimes, registry);
    });
}

QList<Command> messageCommands()
{
    CommandSpec consume { QStringLiteral("consume"),
        QStringLiteral("[--bootstrap B] --topic T [--from FROM] [--count N] [--partitions 0,1] [--isolation I] "
                       "[--filter EXPR] [--decode [--schema-registry URL]]"),
        QStringLiteral("read messages without a consumer group; one JSON line per message (the export format)"),
        {
            bootstrapOption(),
            { QStringLiteral("--topic"), QStringLiteral("T"), QStringLiteral("the topic") },
            { QStringLiteral("--from"), QStringLiteral("FROM"),
                QStringLiteral("newest:N (default newest:100, per partition), beginning, offset:N, timestamp:MS or "
                               "tail") },
            { QStringLiteral("--count"), QStringLiteral("N"), QStringLiteral("stop after N messages (0: at the end)") },
            { QStringLiteral("--partitions"), QStringLiteral("LIST"), QStringLiteral("only these partitions") },
            { QStringLiteral("--isolation"), QStringLiteral("I"),
                QStringLiteral("read_committed (default) or read_uncommitted") },
            { QStringLiteral("--filter"), QStringLiteral("EXPR"),
                QStringLiteral("keep only matching messages, e.g. 'value contains \"x\"'") },
            { QStringLiteral("--decode"), {},
                QStringLiteral("decode keys and values in the schema-registry wire format (Avro, Protobuf, JSON "
                               "Schema) into JSON") },
        },
        0, 0, true, {} };
    consume.options.append(registryOptions());
    CommandSpec replay { QStringLiteral("replay"),
        QStringLiteral("[--bootstrap B] --topic T [--keep-partitions] [--keep-timestamps] [--skip-bad-lines] "
                       "[--schema-registry URL] FILE"),
        QStringLiteral("produce a JSON Lines file (ours or hand-written) to a topic, keeping keys and headers; keys "
                       "and values exported decoded are encoded again with their schema ids"),
        {
            bootstrapOption(),
            { QStringLiteral("--topic"), QStringLiteral("T"), QStringLiteral("the topic") },
            { QStringLiteral("--keep-partitions"), {}, QStringLiteral("send each message to its recorded partition") },
            { QStringLiteral("--keep-timestamps"), {}, QStringLiteral("keep the recorded timestamps") },
            { QStringLiteral("--skip-bad-lines"), {}, QStringLiteral("send the good lines when some are bad") },
        },
        1, 1, true, {} };
    replay.options.append(registryOptions());
    return {
        { consume, [consume](const Args& a) { return runConsume(a, consume); } },
        { replay, [replay](const Args& a) { return runReplay(a, replay); } },
    };
}

} // namespace kafkalab::cli
