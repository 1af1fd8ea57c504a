// kafkalab-cli consume and replay: the message browser's read and replay, headless, in the export format.
#include "clicommon.h"

#include "browserworker.h"
#include "messageio.h"
#include "replayworker.h"

#include <QCoreApplication>
#include <QThread>

#include <cstdio>

namespace kafkalab::cli {

namespace {

// "newest:N", "beginning", "offset:N", "timestamp:MS" or "tail"; empty on success, else the reason.
QString parseFrom(const QString& from, ReadRequest* r)
{
    const QString kind = from.section(QLatin1Char(':'), 0, 0);
    const QString arg = from.section(QLatin1Char(':'), 1);
    bool ok = true;
    if (kind == QLatin1String("newest")) {
        r->start = ReadRequest::Start::Newest;
        r->newest = arg.isEmpty() ? 100 : arg.toLongLong(&ok);
    } else if (kind == QLatin1String("beginning")) {
        r->start = ReadRequest::Start::Beginning;
    } else if (kind == QLatin1String("offset")) {
        r->start = ReadRequest::Start::Offset;
        r->offset = arg.toLongLong(&ok);
    } else if (kind == QLatin1String("timestamp")) {
        r->start = ReadRequest::Start::Timestamp;
        r->timestampMs = arg.toLongLong(&ok);
    } else if (kind == QLatin1String("tail")) {
        r->start = ReadRequest::Start::Tail;
    } else {
        return QStringLiteral("--from takes newest:N, beginning, offset:N, timestamp:MS or tail");
    }
    if (!ok)
        return QStringLiteral("--from %1: '%2' is not a number").arg(kind, arg);
    return {};
}

} // namespace

int runConsume(const QStringList& argList)
{
    const Args args = parseArgs(argList,
        { QStringLiteral("--bootstrap"), QStringLiteral("--topic"), QStringLiteral("--from"), QStringLiteral("--count"),
            QStringLiteral("--partitions"), QStringLiteral("--isolation"), QStringLiteral("--filter") });
    if (!args.error.isEmpty())
        return fail(args.error);
    ReadRequest request;
    request.topic = args.value(QStringLiteral("--topic"));
    if (request.topic.isEmpty())
        return fail(QStringLiteral("consume: --topic is required"));
    if (const QString e = parseFrom(args.value(QStringLiteral("--from"), QStringLiteral("newest:100")), &request);
        !e.isEmpty())
        return fail(e);
    bool ok = true;
    request.maxMessages = args.value(QStringLiteral("--count"), QStringLiteral("0")).toLongLong(&ok);
    if (!ok || request.maxMessages < 0)
        return fail(QStringLiteral("--count takes a number, 0 or more"));
    for (const QString& p : args.value(QStringLiteral("--partitions")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const int n = p.trimmed().toInt(&ok);
        if (!ok || n < 0)
            return fail(QStringLiteral("--partitions: '%1' is not a partition number").arg(p));
        request.partitions.append(n);
    }
    request.isolation = args.value(QStringLiteral("--isolation"), request.isolation);
    if (request.isolation != QLatin1String("read_committed") && request.isolation != QLatin1String("read_uncommitted"))
        return fail(QStringLiteral("--isolation takes read_committed or read_uncommitted"));
    request.filter = args.value(QStringLiteral("--filter"));
    QString filterError;
    if (!MessageFilter::parse(request.filter, &filterError))
        return fail(QStringLiteral("--filter: %1").arg(filterError));
    request.valueLimit = std::numeric_limits<int>::max(); // the export is whole
    return withCluster(args, [&](const QString& bootstrap, std::function<void(int)> finish) {
        QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        props.append(args.properties);
        auto* thread = new QThread(QCoreApplication::instance());
        auto* worker = new BrowserWorker(props);
        worker->moveToThread(thread);
        QObject::connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        const QString topic = request.topic;
        QObject::connect(
            worker, &BrowserWorker::batch, QCoreApplication::instance(), [topic](const MessageBatchPtr& b) {
                QByteArray out;
                for (const MessageRecord& r : *b) {
                    out += toJsonLine(topic, r);
                    out += '\n';
                }
                std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
            });
        QObject::connect(
            worker, &BrowserWorker::finished, QCoreApplication::instance(), [thread, finish](const ReadSummary& s) {
                std::fflush(stdout);
                thread->quit();
                thread->wait();
                if (!s.note.isEmpty())
                    std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(s.note));
                if (!s.error.isEmpty()) {
                    finish(fail(s.error, 1));
                    return;
                }
                std::fprintf(stderr, "kafkalab-cli: %lld scanned, %lld written in %.2f s\n",
                    static_cast<long long>(s.scanned), static_cast<long long>(s.matched), double(s.elapsedMs) / 1000.0);
                finish(0);
            });
        onTerminationSignal([worker] { worker->cancel(); });
        thread->start();
        QMetaObject::invokeMethod(
            worker, [worker, request] { worker->read(request); }, Qt::QueuedConnection);
    });
}

int runReplay(const QStringList& argList)
{
    const Args args = parseArgs(argList, { QStringLiteral("--bootstrap"), QStringLiteral("--topic") });
    if (!args.error.isEmpty())
        return fail(args.error);
    const QString topic = args.value(QStringLiteral("--topic"));
    if (topic.isEmpty() || args.positionals.size() != 1)
        return fail(QStringLiteral(
            "usage: kafkalab-cli replay [--bootstrap B] --topic T [--keep-partitions] [--keep-timestamps] "
            "[--skip-bad-lines] FILE"));
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
    return withCluster(args, [&](const QString& bootstrap, std::function<void(int)> finish) {
        QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        props.append(args.properties);
        auto* thread = new QThread(QCoreApplication::instance());
        auto* worker = new ReplayWorker(props);
        worker->moveToThread(thread);
        QObject::connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        QObject::connect(
            worker, &ReplayWorker::finished, QCoreApplication::instance(), [thread, finish](const ReplaySummary& s) {
                thread->quit();
                thread->wait();
                std::printf("{\"sent\":%lld,\"delivered\":%lld,\"failed\":%lld,\"cancelled\":%s}\n",
                    static_cast<long long>(s.sent), static_cast<long long>(s.delivered),
                    static_cast<long long>(s.failed), s.cancelled ? "true" : "false");
                if (!s.error.isEmpty())
                    std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(s.error));
                finish(s.failed == 0 && !s.cancelled && s.error.isEmpty() ? 0 : 1);
            });
        onTerminationSignal([worker] { worker->cancel(); });
        thread->start();
        QMetaObject::invokeMethod(
            worker,
            [worker, topic, messages = file.messages, keep, keepTimes] {
                worker->replay(topic, messages, keep, keepTimes);
            },
            Qt::QueuedConnection);
    });
}

} // namespace kafkalab::cli
