#include "kafkacore/messages/browserworker.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/listoffsets.h"
#include "kafkacore/messages/readplanner.h"
#include "kafkacore/schemas/wireformat.h"

#include <QElapsedTimer>
#include <QMap>
#include <QStringList>
#include <QUuid>

#include <algorithm>
#include <optional>

namespace kafkalab {

namespace {

// On the read's thread: a record's key and value through the schema decoder, their texts kept by `into`. A value the
// browser cut is not decoded (the rest of its bytes are not here) and says so.
schemas::DecodedRecord decodeRecord(
    schemas::SchemaDecoder& decoder, const MessageRecord& r, schemas::DecodedBatch& into)
{
    schemas::DecodedRecord d;
    d.key = decoder.decode(r.keyView(), r.keyIsNull(), into);
    if (r.valueTruncated()) {
        QString unused;
        if (const auto h = schemas::parseWireHeader(r.valueView(), &unused))
            d.value = into.failedValue(h->schemaId, nullptr,
                QStringLiteral("the value (%1 bytes) was cut when it was read: load it whole to decode it")
                    .arg(r.valueSize));
    } else {
        d.value = decoder.decode(r.valueView(), r.valueIsNull(), into);
    }
    return d;
}

// The reader's prefetch (measured with scripts/bench-browser; see the README's "Speed").
constexpr int kFetchQueueBackoffMs = 10;
constexpr int kQueuedMinMessages = 20000;
constexpr int kQueuedMaxKBytes = 16384;
constexpr int kPartitionFetchBytes = 1048576;
// A batch's arena blocks: the last one of each batch is partly empty, ~30 batches a second.
constexpr qsizetype kArenaBlockBytes = qsizetype(64) * 1024;

KafkaHandle makeConsumer(const QList<ClientProperty>& connection, const QString& isolation, QString* error)
{
    QList<ClientProperty> props = connection;
    auto set
        = [&props](const char* k, const QString& v) { props.append(ClientProperty::of(QString::fromLatin1(k), v)); };
    set("isolation.level", isolation);
    // librdkafka 2.14 still refuses assign() without a group id (_UNKNOWN_GROUP, "Requires a consumer with group.id
    // configured"; test_workarounds shows when it stops): this one never joins a group and never commits.
    set("group.id", QStringLiteral("kafkalab-browser-") + QUuid::createUuid().toString(QUuid::Id128));
    set("enable.auto.commit", QStringLiteral("false"));
    set("enable.auto.offset.store", QStringLiteral("false"));
    set("enable.partition.eof", QStringLiteral("true"));
    // Prefetch: once a partition's queue passes queued.min.messages or queued.max.messages.kbytes its next fetch
    // waits fetch.queue.backoff.ms (librdkafka 2.1+; before, a fixed second, which is why 2.0.2 needed 1 MB
    // fetches so that one fetch never overshot). With a short back-off the fetcher keeps up with a queue that
    // drains fast, so the prefetch can be small: it is most of the reader's memory besides the table.
    set("fetch.queue.backoff.ms", QStringLiteral("%1").arg(kFetchQueueBackoffMs));
    set("queued.min.messages", QStringLiteral("%1").arg(kQueuedMinMessages));
    set("queued.max.messages.kbytes", QStringLiteral("%1").arg(kQueuedMaxKBytes));
    set("max.partition.fetch.bytes", QStringLiteral("%1").arg(kPartitionFetchBytes));
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

// Newest N per partition: each partition's start counted back from its end (NewestCountBack, readplanner.h), all
// partitions' windows read together. Sets each plan's start; false when cancelled.
bool countBack(rd_kafka_t* rk, const QByteArray& topic, QList<PartitionProgress>& parts,
    const QHash<int32_t, Watermarks>& marks, int64_t n, bool untilEnd, const std::atomic_bool& cancel)
{
    std::vector<NewestCountBack> probes;
    for (const PartitionProgress& p : std::as_const(parts))
        probes.emplace_back(marks.value(p.partition).low, p.end, n);
    QueuePtr queue(rd_kafka_queue_get_consumer(rk));
    std::vector<rd_kafka_message_t*> msgs(4096);
    for (;;) {
        PartitionListPtr assignment(rd_kafka_topic_partition_list_new(int(parts.size())));
        std::vector<std::vector<int64_t>> seen(probes.size());
        std::vector<bool> windowDone(probes.size(), true);
        for (size_t i = 0; i < probes.size(); ++i) {
            if (probes[i].settled())
                continue;
            windowDone[i] = false;
            rd_kafka_topic_partition_list_add(assignment.get(), topic.constData(), parts[qsizetype(i)].partition)
                ->offset
                = probes[i].windowStart();
        }
        if (assignment->cnt == 0)
            break;
        rd_kafka_assign(rk, assignment.get());
        while (std::find(windowDone.begin(), windowDone.end(), false) != windowDone.end()) {
            if (cancel)
                return false;
            const ssize_t got = rd_kafka_consume_batch_queue(queue.get(), 100, msgs.data(), msgs.size());
            std::vector<MessagePtr> owned;
            for (ssize_t k = 0; k < got; ++k)
                owned.emplace_back(msgs[size_t(k)]);
            for (const MessagePtr& msg : owned) {
                const auto it = std::find_if(parts.cbegin(), parts.cend(),
                    [&msg](const PartitionProgress& p) { return p.partition == msg->partition; });
                const auto i = size_t(it - parts.cbegin());
                if (it == parts.cend() || windowDone[i])
                    continue;
                if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                    windowDone[i] = true; // nothing more to read: the rest of the window holds no message
                    continue;
                }
                if (msg->err || msg->offset < probes[i].windowStart())
                    continue; // a stale fetch of an earlier window, or a passing error (librdkafka retries)
                if (msg->offset >= probes[i].windowEnd())
                    windowDone[i] = true;
                else
                    seen[i].push_back(msg->offset);
            }
        }
        rd_kafka_assign(rk, nullptr);
        for (size_t i = 0; i < probes.size(); ++i)
            probes[i].windowRead(std::move(seen[i]));
    }
    for (size_t i = 0; i < probes.size(); ++i) {
        parts[qsizetype(i)].start = parts[qsizetype(i)].next = probes[i].start();
        parts[qsizetype(i)].done = untilEnd && parts[qsizetype(i)].start >= parts[qsizetype(i)].end;
    }
    return true;
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
    qRegisterMetaType<schemas::DecodedBatchPtr>();
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
    auto cancelled = [&] {
        summary.cancelled = true;
        summary.elapsedMs = clock.elapsed();
        Q_EMIT finished(summary);
    };
    std::optional<MessageFilter> filter = MessageFilter::parse(request.filter, &summary.error);
    if (!filter)
        return fail(QStringLiteral("filter: %1").arg(summary.error));
    QString error;
    // Made here, on the worker's thread, and used only here.
    KafkaHandle rk = makeConsumer(m_connection, request.isolation, &error);
    if (!rk)
        return fail(error);
    // The topic's partitions.
    const QByteArray topic = request.topic.toUtf8();
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), topic.constData(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    // In slices, so that a cancel (or closing the window) does not wait for an unreachable cluster; each slice twice
    // as long as the one before (0.5, 1, 2, 4 s...), because every call sends a new request and a busy broker that
    // takes longer than a fixed slice to answer would never be heard (issue 16).
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
    for (int waited = 0, slice = 500; waited < 10000 && !m_cancel && err == RD_KAFKA_RESP_ERR__TIMED_OUT;
         waited += slice, slice = std::min(slice * 2, 10000 - waited))
        err = rd_kafka_metadata(rk.get(), 0, rkt, &md, slice);
    MetadataPtr owned(md);
    rd_kafka_topic_destroy(rkt);
    if (m_cancel)
        return cancelled();
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
    const std::optional<QList<int32_t>> chosen = choosePartitions(request, all, &error);
    if (!chosen)
        return fail(error);
    // Both ends of each chosen partition (the end is the LSO for read_committed), and the offsets for a time, in one
    // round of ListOffsets calls.
    QList<TopicPartitionKey> keys;
    for (int32_t p : *chosen)
        keys.append({ topic, p });
    const bool committed = request.isolation == QLatin1String("read_committed");
    QList<OffsetQuery> queries { { RD_KAFKA_OFFSET_SPEC_EARLIEST, RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED },
        { RD_KAFKA_OFFSET_SPEC_LATEST,
            committed ? RD_KAFKA_ISOLATION_LEVEL_READ_COMMITTED : RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED } };
    if (request.start == ReadRequest::Start::Timestamp)
        queries.append({ request.timestampMs, RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED });
    const QList<ListedOffsets> answers = listOffsets(
        rk.get(), keys, queries, 10000, [this] { return bool(m_cancel); }, &error);
    if (m_cancel)
        return cancelled();
    if (answers.isEmpty())
        return fail(QStringLiteral("cannot read the partitions' offsets: %1").arg(error));
    QHash<int32_t, Watermarks> marks;
    QHash<int32_t, int64_t> timeOffsets;
    for (const TopicPartitionKey& k : std::as_const(keys)) {
        const ListedOffset low = answers[0].value(k, { -1, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION });
        const ListedOffset high = answers[1].value(k, { -1, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION });
        if (low.err || high.err)
            return fail(QStringLiteral("cannot read the offsets of partition %1: %2")
                            .arg(k.second)
                            .arg(kafkaErrorText(low.err ? low.err : high.err)));
        marks.insert(k.second, { low.offset, high.offset });
        if (queries.size() > 2) {
            const ListedOffset at = answers[2].value(k, { -1, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION });
            if (at.err)
                return fail(QStringLiteral("cannot look up offsets for that time: %1").arg(kafkaErrorText(at.err)));
            timeOffsets.insert(k.second, at.offset); // -1: no message at or after that time
        }
    }
    ReadPlan plan = planRead(request, *chosen, marks, timeOffsets);
    if (!plan.error.isEmpty())
        return fail(plan.error);
    if (plan.countBack && !countBack(rk.get(), topic, plan.partitions, marks, request.newest, plan.untilEnd, m_cancel))
        return cancelled();
    consume(rk.get(), request, plan, *filter, clock);
}

void BrowserWorker::consume(
    rd_kafka_t* rk, const ReadRequest& request, ReadPlan plan, const MessageFilter& filter, QElapsedTimer& clock)
{
    ReadSummary summary;
    QList<PartitionProgress>& parts = plan.partitions;
    const QByteArray topic = request.topic.toUtf8();
    PartitionListPtr assignment(rd_kafka_topic_partition_list_new(int(parts.size())));
    for (const PartitionProgress& pp : std::as_const(parts))
        rd_kafka_topic_partition_list_add(assignment.get(), topic.constData(), pp.partition)->offset = pp.start;
    const QString note = plan.notes.join(QLatin1String("; "));
    Q_EMIT started(parts, note);
    if (auto e = rd_kafka_assign(rk, assignment.get())) {
        summary.error = QStringLiteral("cannot assign the partitions: %1").arg(kafkaErrorText(e));
        summary.elapsedMs = clock.elapsed();
        Q_EMIT finished(summary);
        return;
    }
    const bool untilEnd = plan.untilEnd;
    QMap<int32_t, int> indexOf;
    for (int i = 0; i < parts.size(); ++i)
        indexOf.insert(parts[i].partition, i);
    auto allDone = [&] {
        return untilEnd && std::all_of(parts.cbegin(), parts.cend(), [](const PartitionProgress& p) { return p.done; });
    };
    QueuePtr queue(rd_kafka_queue_get_consumer(rk));
    auto batch = std::make_shared<MessageBatch>();
    // The batch's bytes; a new arena per batch, so that they go together.
    auto arena = std::make_unique<RecordArena>(kArenaBlockBytes);
    QElapsedTimer sinceEmit;
    sinceEmit.start();
    // Decoding (a request with a registry) happens here, record by record, before the filter sees the record.
    std::unique_ptr<schemas::SchemaDecoder> decoder;
    if (request.schemaRegistry)
        decoder = std::make_unique<schemas::SchemaDecoder>(request.schemaRegistry);
    auto decodedBatch = std::make_shared<schemas::DecodedBatch>();
    schemas::DecodedBatch probeTexts; // a filtered read's: the texts of the record being tested
    auto flush = [&] {
        if (!batch->empty()) {
            batch->shrink_to_fit(); // the table keeps the batch as it is: no spare capacity
            if (decoder) {
                decodedBatch->shrinkToFit();
                Q_EMIT decoded(batch, decodedBatch);
                const size_t last = decodedBatch->size();
                decodedBatch = std::make_shared<schemas::DecodedBatch>();
                decodedBatch->reserve(last); // the next batch is likely as large: no growing copies
            }
            Q_EMIT this->batch(batch);
            batch = std::make_shared<MessageBatch>();
            arena = std::make_unique<RecordArena>(kArenaBlockBytes);
        }
        Q_EMIT progress(parts, summary.scanned, summary.matched);
        sinceEmit.restart();
    };
    std::vector<rd_kafka_message_t*> msgs(4096);
    const bool filtering = !filter.isEmpty();
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
            if (rd_kafka_metadata(rk, 0, nullptr, &probe, 2000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
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
            const auto* key = static_cast<const char*>(msg->key);
            const auto* value = static_cast<const char*>(msg->payload);
            // A filtered read tests a record of its own first: only a match takes space in the batch's arena (a
            // rare match would otherwise keep a whole block alive).
            std::optional<schemas::DecodedRecord> d;
            if (filtering) {
                const MessageRecord probe = makeRecord(msg->partition, msg->offset, ts, key, int(msg->key_len), value,
                    int(msg->len), headersOf(msg.get()), request.valueLimit);
                if (decoder) {
                    probeTexts.clear(); // the last probe's texts go
                    d = decodeRecord(*decoder, probe, probeTexts);
                }
                if (!filter.matches(probe, d ? &*d : nullptr))
                    continue;
            }
            MessageRecord r = makeRecord(*arena, msg->partition, msg->offset, ts, key, int(msg->key_len), value,
                int(msg->len), headersOf(msg.get()), request.valueLimit);
            if (request.maxMessages > 0 && summary.matched >= request.maxMessages)
                break;
            ++summary.matched;
            if (decoder) {
                if (d)
                    decodedBatch->copy(*d); // a match's texts into the batch
                else
                    decodedBatch->add(decodeRecord(*decoder, r, *decodedBatch));
            }
            batch->push_back(std::move(r));
        }
        if (sinceEmit.elapsed() >= 33)
            flush();
    }
    flush();
    summary.cancelled = m_cancel && summary.error.isEmpty();
    summary.elapsedMs = clock.elapsed();
    summary.note = note;
    rd_kafka_assign(rk, nullptr);
    Q_EMIT finished(summary);
}

QByteArray BrowserWorker::fetchValue(const QList<ClientProperty>& connection, const QString& topic, int32_t partition,
    int64_t offset, QString* error, const StopToken& stop)
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
        if (stop.stopRequested()) {
            *error = QStringLiteral("cancelled");
            return {};
        }
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
