#include "kafkacore/messages/browserworker.h"

#include "kafkacore/cluster/adminworker.h"

#include <QElapsedTimer>
#include <QMap>
#include <QStringList>
#include <QUuid>

#include <algorithm>

namespace kafkalab {

namespace {

KafkaHandle makeConsumer(const QList<ClientProperty>& connection, const QString& isolation, QString* error)
{
    QList<ClientProperty> props = connection;
    auto set
        = [&props](const char* k, const QString& v) { props.append(ClientProperty::of(QString::fromLatin1(k), v)); };
    set("isolation.level", isolation);
    // assign() wants a group id; this one never joins a group and never commits.
    set("group.id", QStringLiteral("kafkalab-browser-") + QUuid::createUuid().toString(QUuid::Id128));
    set("enable.auto.commit", QStringLiteral("false"));
    set("enable.auto.offset.store", QStringLiteral("false"));
    set("enable.partition.eof", QStringLiteral("true"));
    // librdkafka 2.0.2's defaults hold the fetcher back (queued.min.messages 100,000, 64 MB), and once a partition's
    // prefetch passes queued.min.messages its fetching waits for the broker thread's next look, about a second
    // later, however fast the queue drains. So: a generous message count, a memory cap, and fetches of at most
    // 1 MB per partition so that one fetch never overshoots the count (10 MB fetches did: reads ran 2x slower).
    set("queued.min.messages", QStringLiteral("200000"));
    set("queued.max.messages.kbytes", QStringLiteral("65536"));
    set("max.partition.fetch.bytes", QStringLiteral("1048576"));
    set("fetch.wait.max.ms", QStringLiteral("100"));
    KafkaHandle rk = newClient(props, RD_KAFKA_CONSUMER, error);
    if (rk)
        rd_kafka_poll_set_consumer(rk.get());
    return rk;
}

std::vector<MessageHeader> headersOf(const rd_kafka_message_t* msg)
{
    std::vector<MessageHeader> out;
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(msg, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR || !hdrs)
        return out;
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &value, &size); ++i)
        out.push_back({ QByteArray(name),
            value ? QByteArray(static_cast<const char*>(value), qsizetype(size)) : QByteArray(), value == nullptr });
    return out;
}

// Newest N per partition: offsets are not messages (transaction markers, aborted records under read_committed and
// compacted-away records leave gaps), so the offset of a partition's N-th newest message is found by counting
// backwards in windows: [end - N, end), then windows before it, twice the remaining need each time, until N messages
// are counted or the partition's start is reached. Returns the start offset of each partition (by index in `parts`);
// nothing when cancelled.
std::optional<QList<int64_t>> newestStarts(rd_kafka_t* rk, const QByteArray& topic, const QList<int32_t>& partitions,
    const QList<int64_t>& lows, const QList<int64_t>& ends, int64_t n, const std::atomic_bool& cancel)
{
    struct Probe {
        int64_t low, windowStart, windowEnd, need, start;
        bool settled;
        std::vector<int64_t> seen; // offsets read in the current window
        bool windowDone;
    };
    QList<Probe> probes;
    for (qsizetype i = 0; i < partitions.size(); ++i) {
        const int64_t lo = lows[i], end = ends[i];
        const bool settled = end - lo <= n; // the whole partition is within N offsets: read it all
        probes.append({ lo, std::max(lo, end - n), end, n, settled ? lo : std::max(lo, end - n), settled, {}, false });
    }
    QueuePtr queue(rd_kafka_queue_get_consumer(rk));
    std::vector<rd_kafka_message_t*> msgs(4096);
    for (;;) {
        PartitionListPtr assignment(rd_kafka_topic_partition_list_new(int(partitions.size())));
        for (qsizetype i = 0; i < probes.size(); ++i) {
            Probe& p = probes[i];
            if (p.settled)
                continue;
            p.seen.clear();
            p.windowDone = p.windowStart >= p.windowEnd;
            rd_kafka_topic_partition_list_add(assignment.get(), topic.constData(), partitions[i])->offset
                = p.windowStart;
        }
        if (assignment->cnt == 0)
            break;
        rd_kafka_assign(rk, assignment.get());
        auto windowsDone = [&] {
            return std::all_of(probes.begin(), probes.end(), [](const Probe& p) { return p.settled || p.windowDone; });
        };
        while (!windowsDone()) {
            if (cancel)
                return std::nullopt;
            const ssize_t got = rd_kafka_consume_batch_queue(queue.get(), 100, msgs.data(), msgs.size());
            std::vector<MessagePtr> owned;
            for (ssize_t k = 0; k < got; ++k)
                owned.emplace_back(msgs[size_t(k)]);
            for (const MessagePtr& msg : owned) {
                const qsizetype i = partitions.indexOf(msg->partition);
                if (i < 0 || probes[i].settled || probes[i].windowDone)
                    continue;
                Probe& p = probes[i];
                if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                    p.windowDone = true; // nothing more to read: the rest of the window holds no message
                    continue;
                }
                if (msg->err || msg->offset < p.windowStart)
                    continue; // a stale fetch of an earlier window, or a passing error (librdkafka retries)
                if (msg->offset >= p.windowEnd)
                    p.windowDone = true;
                else
                    p.seen.push_back(msg->offset);
            }
        }
        rd_kafka_assign(rk, nullptr);
        for (Probe& p : probes) {
            if (p.settled)
                continue;
            const int64_t got = int64_t(p.seen.size());
            if (got >= p.need) {
                std::sort(p.seen.begin(), p.seen.end());
                p.start = p.seen[size_t(got - p.need)];
                p.settled = true;
            } else if (p.windowStart <= p.low) {
                p.start = p.low;
                p.settled = true;
            } else {
                p.need -= got;
                p.windowEnd = p.windowStart;
                p.windowStart = std::max(p.low, p.windowStart - 2 * p.need);
            }
        }
    }
    QList<int64_t> starts;
    for (const Probe& p : std::as_const(probes))
        starts.append(p.start);
    return starts;
}

} // namespace

BrowserWorker::BrowserWorker(QList<ClientProperty> connection)
    : m_connection(std::move(connection))
{
    qRegisterMetaType<ReadRequest>();
    qRegisterMetaType<PartitionProgress>();
    qRegisterMetaType<QList<PartitionProgress>>();
    qRegisterMetaType<ReadSummary>();
    qRegisterMetaType<MessageBatchPtr>();
}

BrowserWorker::~BrowserWorker() = default;

void BrowserWorker::read(const ReadRequest& request)
{
    QElapsedTimer clock;
    clock.start();
    ReadSummary summary;
    auto fail = [&](const QString& why) {
        summary.error = why;
        summary.elapsedMs = clock.elapsed();
        Q_EMIT finished(summary);
    };
    std::optional<MessageFilter> filter = MessageFilter::parse(request.filter, &summary.error);
    if (!filter)
        return fail(QStringLiteral("filter: %1").arg(summary.error));
    QString error;
    KafkaHandle rk = makeConsumer(m_connection, request.isolation, &error);
    if (!rk)
        return fail(error);
    // The topic's partitions.
    const QByteArray topic = request.topic.toUtf8();
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), topic.constData(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    // In slices, so that a cancel (or closing the window) does not wait for an unreachable cluster.
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
    for (int waited = 0; waited < 10000 && !m_cancel && err == RD_KAFKA_RESP_ERR__TIMED_OUT; waited += 500)
        err = rd_kafka_metadata(rk.get(), 0, rkt, &md, 500);
    MetadataPtr owned(md);
    rd_kafka_topic_destroy(rkt);
    if (m_cancel) {
        summary.cancelled = true;
        summary.elapsedMs = clock.elapsed();
        Q_EMIT finished(summary);
        return;
    }
    if (err)
        return fail(QStringLiteral("cannot read the topic's metadata: %1").arg(kafkaErrorText(err)));
    if (!md || md->topic_cnt < 1 || md->topics[0].err)
        return fail(
            QStringLiteral("topic '%1': %2")
                .arg(request.topic,
                    kafkaErrorText(md && md->topic_cnt ? md->topics[0].err : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)));
    QList<int32_t> all;
    for (int i = 0; i < md->topics[0].partition_cnt; ++i)
        all.append(md->topics[0].partitions[i].id);
    std::sort(all.begin(), all.end());
    QList<int32_t> chosen = request.partitions.isEmpty() ? all : request.partitions;
    for (int32_t p : std::as_const(chosen))
        if (!all.contains(p))
            return fail(
                QStringLiteral("topic '%1' has no partition %2 (it has %3)").arg(request.topic).arg(p).arg(all.size()));
    // Both ends of each chosen partition (the end is the LSO for read_committed).
    PartitionListPtr low(rd_kafka_topic_partition_list_new(int(chosen.size())));
    PartitionListPtr high(rd_kafka_topic_partition_list_new(int(chosen.size())));
    for (int32_t p : std::as_const(chosen)) {
        rd_kafka_topic_partition_list_add(low.get(), topic.constData(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        rd_kafka_topic_partition_list_add(high.get(), topic.constData(), p)->offset = RD_KAFKA_OFFSET_END;
    }
    if (auto e = rd_kafka_offsets_for_times(rk.get(), low.get(), 10000))
        return fail(QStringLiteral("cannot read the partitions' offsets: %1").arg(kafkaErrorText(e)));
    if (auto e = rd_kafka_offsets_for_times(rk.get(), high.get(), 10000))
        return fail(QStringLiteral("cannot read the partitions' offsets: %1").arg(kafkaErrorText(e)));
    PartitionListPtr times;
    if (request.start == ReadRequest::Start::Timestamp) {
        times.reset(rd_kafka_topic_partition_list_new(int(chosen.size())));
        for (int32_t p : std::as_const(chosen))
            rd_kafka_topic_partition_list_add(times.get(), topic.constData(), p)->offset = request.timestampMs;
        if (auto e = rd_kafka_offsets_for_times(rk.get(), times.get(), 10000))
            return fail(QStringLiteral("cannot look up offsets for that time: %1").arg(kafkaErrorText(e)));
    }
    QList<PartitionProgress> parts;
    PartitionListPtr assignment(rd_kafka_topic_partition_list_new(int(chosen.size())));
    QStringList notes;
    int afterTime = 0;
    for (int i = 0; i < chosen.size(); ++i) {
        PartitionProgress pp;
        pp.partition = chosen[i];
        const int64_t lo = low->elems[i].offset;
        const int64_t hi = high->elems[i].offset;
        pp.end = hi;
        switch (request.start) {
        case ReadRequest::Start::Newest:
            pp.start = std::max(lo, hi - std::max<int64_t>(0, request.newest));
            break;
        case ReadRequest::Start::Beginning:
            pp.start = lo;
            break;
        case ReadRequest::Start::Offset:
            if (request.offset < lo || request.offset > hi)
                return fail(lo >= hi ? QStringLiteral("offset %1 is out of range on partition %2: it holds no "
                                                      "messages (the next offset written will be %3)")
                                           .arg(request.offset)
                                           .arg(pp.partition)
                                           .arg(hi)
                                     : QStringLiteral("offset %1 is out of range on partition %2: it holds offsets "
                                                      "%3 to %4")
                                           .arg(request.offset)
                                           .arg(pp.partition)
                                           .arg(lo)
                                           .arg(hi - 1));
            pp.start = request.offset;
            break;
        case ReadRequest::Start::Timestamp:
            pp.start = times->elems[i].offset >= 0 ? times->elems[i].offset : hi;
            afterTime += times->elems[i].offset >= 0 ? 1 : 0;
            break;
        case ReadRequest::Start::Tail:
            pp.start = hi;
            break;
        }
        parts.append(pp);
    }
    if (request.start == ReadRequest::Start::Newest && request.newest > 0) {
        QList<int64_t> lows, ends;
        for (int i = 0; i < chosen.size(); ++i) {
            lows.append(low->elems[i].offset);
            ends.append(high->elems[i].offset);
        }
        const auto starts = newestStarts(rk.get(), topic, chosen, lows, ends, request.newest, m_cancel);
        if (!starts) {
            summary.cancelled = true;
            summary.elapsedMs = clock.elapsed();
            Q_EMIT finished(summary);
            return;
        }
        for (int i = 0; i < parts.size(); ++i)
            parts[i].start = starts->at(i);
    }
    for (PartitionProgress& pp : parts) {
        pp.next = pp.start;
        pp.done = request.start != ReadRequest::Start::Tail && request.stopAtEnd && pp.start >= pp.end;
        rd_kafka_topic_partition_list_add(assignment.get(), topic.constData(), pp.partition)->offset = pp.start;
    }
    if (request.start == ReadRequest::Start::Timestamp && afterTime == 0)
        notes.append(QStringLiteral("no message at or after that time (is it in the future?): nothing to read%1")
                         .arg(request.stopAtEnd ? QString() : QStringLiteral("; waiting for new messages")));
    if (request.isolation == QLatin1String("read_committed"))
        notes.append(QStringLiteral("read_committed: messages of aborted or still open transactions are not shown"));
    Q_EMIT started(parts, notes.join(QLatin1String("; ")));
    if (auto e = rd_kafka_assign(rk.get(), assignment.get()))
        return fail(QStringLiteral("cannot assign the partitions: %1").arg(kafkaErrorText(e)));

    const bool untilEnd = request.start != ReadRequest::Start::Tail && request.stopAtEnd;
    QMap<int32_t, int> indexOf;
    for (int i = 0; i < parts.size(); ++i)
        indexOf.insert(parts[i].partition, i);
    auto allDone = [&] {
        if (!untilEnd)
            return false;
        for (const PartitionProgress& p : std::as_const(parts))
            if (!p.done)
                return false;
        return true;
    };
    QueuePtr queue(rd_kafka_queue_get_consumer(rk.get()));
    auto batch = std::make_shared<MessageBatch>();
    QElapsedTimer sinceEmit;
    sinceEmit.start();
    auto flush = [&] {
        if (!batch->empty()) {
            Q_EMIT this->batch(batch);
            batch = std::make_shared<MessageBatch>();
        }
        Q_EMIT progress(parts, summary.scanned, summary.matched);
        sinceEmit.restart();
    };
    std::vector<rd_kafka_message_t*> msgs(4096);
    const bool filtering = !filter->isEmpty();
    // The cluster gone: librdkafka reconnects by itself, so a read waits through a broker restart; but after
    // kGiveUpMs in which no broker answered (a metadata request every 5 s while nothing arrives tells) it stops and
    // says why, instead of waiting forever for an end it cannot reach.
    constexpr qint64 kGiveUpMs = 30000;
    qint64 allDownSinceMs = -1;
    qint64 lastHeardMs = 0;
    while (!m_cancel && !allDone() && (request.maxMessages <= 0 || summary.matched < request.maxMessages)) {
        if (clock.elapsed() - lastHeardMs > 5000) {
            lastHeardMs = clock.elapsed();
            const rd_kafka_metadata_t* probe = nullptr;
            if (rd_kafka_metadata(rk.get(), 0, nullptr, &probe, 2000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                rd_kafka_metadata_destroy(probe);
                allDownSinceMs = -1;
            } else if (allDownSinceMs < 0) {
                allDownSinceMs = lastHeardMs;
            } else if (clock.elapsed() - allDownSinceMs > kGiveUpMs) {
                summary.error = QStringLiteral("no broker has answered for %1 s: the read stopped after %2 message(s)")
                                    .arg((clock.elapsed() - allDownSinceMs) / 1000)
                                    .arg(summary.matched);
                break;
            }
        }
        const ssize_t n = rd_kafka_consume_batch_queue(queue.get(), 100, msgs.data(), msgs.size());
        // Owned at once: a break below must not leave messages alive (rd_kafka_destroy would wait for them).
        std::vector<MessagePtr> owned;
        owned.reserve(size_t(std::max<ssize_t>(0, n)));
        for (ssize_t k = 0; k < n; ++k)
            owned.emplace_back(msgs[size_t(k)]);
        for (const MessagePtr& msg : owned) {
            if (!msg->err || msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                allDownSinceMs = -1; // a broker answered
                lastHeardMs = clock.elapsed();
            }
            const auto it = indexOf.constFind(msg->partition);
            if (it == indexOf.constEnd())
                continue;
            PartitionProgress& p = parts[it.value()];
            if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                // At the end as it is now (the EOF's offset is the next one to come).
                p.next = std::max(p.next, msg->offset);
                if (untilEnd)
                    p.done = true;
                continue;
            }
            if (msg->err) {
                if (msg->err == RD_KAFKA_RESP_ERR__TRANSPORT || msg->err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
                    continue; // librdkafka reconnects; the read goes on
                summary.error
                    = QStringLiteral("partition %1: %2")
                          .arg(msg->partition)
                          .arg(kafkaErrorText(msg->err, QString::fromUtf8(rd_kafka_message_errstr(msg.get()))));
                m_cancel = true;
                break;
            }
            if (untilEnd && msg->offset >= p.end) {
                p.done = true;
                continue;
            }
            p.next = msg->offset + 1;
            if (untilEnd && p.next >= p.end)
                p.done = true;
            ++summary.scanned;
            rd_kafka_timestamp_type_t tsType;
            const int64_t ts = rd_kafka_message_timestamp(msg.get(), &tsType);
            MessageRecord r
                = makeRecord(msg->partition, msg->offset, ts, static_cast<const char*>(msg->key), int(msg->key_len),
                    static_cast<const char*>(msg->payload), int(msg->len), headersOf(msg.get()), request.valueLimit);
            if (filtering && !filter->matches(r))
                continue;
            if (request.maxMessages > 0 && summary.matched >= request.maxMessages)
                break;
            ++summary.matched;
            batch->push_back(std::move(r));
        }
        if (sinceEmit.elapsed() >= 33)
            flush();
    }
    flush();
    summary.cancelled = m_cancel && summary.error.isEmpty();
    summary.elapsedMs = clock.elapsed();
    summary.note = notes.join(QLatin1String("; "));
    rd_kafka_assign(rk.get(), nullptr);
    Q_EMIT finished(summary);
}

QByteArray BrowserWorker::fetchValue(
    const QList<ClientProperty>& connection, const QString& topic, int32_t partition, int64_t offset, QString* error)
{
    KafkaHandle rk = makeConsumer(connection, QStringLiteral("read_uncommitted"), error);
    if (!rk)
        return {};
    PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), topic.toUtf8().constData(), partition)->offset = offset;
    rd_kafka_assign(rk.get(), list.get());
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 30000) {
        MessagePtr msg(rd_kafka_consumer_poll(rk.get(), 200));
        if (!msg || msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
            continue;
        if (msg->err) {
            *error = kafkaErrorText(msg->err, QString::fromUtf8(rd_kafka_message_errstr(msg.get())));
            return {};
        }
        if (msg->offset == offset)
            return QByteArray(static_cast<const char*>(msg->payload), qsizetype(msg->len));
        if (msg->offset > offset)
            break;
    }
    *error = QStringLiteral("offset %1 of partition %2 could not be read again").arg(offset).arg(partition);
    return {};
}

QString kcatCommand(const QString& bootstrap, const ReadRequest& r)
{
    QStringList args { QStringLiteral("kcat"), QStringLiteral("-C"), QStringLiteral("-b"), bootstrap,
        QStringLiteral("-t"), r.topic };
    if (r.isolation == QLatin1String("read_committed"))
        args << QStringLiteral("-X") << QStringLiteral("isolation.level=read_committed");
    QString offset;
    switch (r.start) {
    case ReadRequest::Start::Newest:
        offset = QStringLiteral("-%1").arg(r.newest); // relative to the end, per partition
        break;
    case ReadRequest::Start::Beginning:
        offset = QStringLiteral("beginning");
        break;
    case ReadRequest::Start::Offset:
        offset = QString::number(r.offset);
        break;
    case ReadRequest::Start::Timestamp:
        offset = QStringLiteral("s@%1").arg(r.timestampMs);
        break;
    case ReadRequest::Start::Tail:
        offset = QStringLiteral("end");
        break;
    }
    QStringList commands;
    const QList<int32_t> parts = r.partitions;
    const QString tail = [&] {
        QStringList t { QStringLiteral("-o"), offset };
        if (r.maxMessages > 0)
            t << QStringLiteral("-c") << QString::number(r.maxMessages);
        if (r.stopAtEnd && r.start != ReadRequest::Start::Tail)
            t << QStringLiteral("-e");
        t << QStringLiteral("-J");
        return t.join(QLatin1Char(' '));
    }();
    if (parts.isEmpty())
        return args.join(QLatin1Char(' ')) + QLatin1Char(' ') + tail;
    for (int32_t p : parts)
        commands.append(args.join(QLatin1Char(' ')) + QStringLiteral(" -p %1 ").arg(p) + tail);
    return commands.join(QLatin1String("; "));
}

} // namespace kafkalab
