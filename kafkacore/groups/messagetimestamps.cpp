#include "kafkacore/groups/messagetimestamps.h"

#include "kafkacore/client/clientfactory.h"

#include <QElapsedTimer>
#include <QUuid>

#include <algorithm>

namespace kafkalab {

namespace {

// Far enough ahead that reading on would fetch more than seeking costs: seek instead.
constexpr int64_t SeekGap = 2000;
// Past this many cached timestamps the cache starts again (a refresh reads what it needs anew).
constexpr size_t CacheLimit = 500000;

} // namespace

MessageTimestamps::MessageTimestamps(QList<ClientProperty> properties)
    : m_properties(std::move(properties))
{
}

bool MessageTimestamps::ensureConsumer(QString* error)
{
    if (m_rk)
        return true;
    QList<ClientProperty> props = m_properties;
    // Small fetches (one message a partition is wanted), no waiting at the end of a partition, an error rather than
    // a silent jump when an offset is below the log start, and never a commit.
    props.append(ClientProperty::of(QStringLiteral("enable.auto.commit"), QStringLiteral("false")));
    // librdkafka's consumer poll answers UNKNOWN_GROUP without a group.id (still in 2.14.2), even for assign():
    // a private one that never joins a group or commits, so nothing is made on the broker.
    props.append(ClientProperty::of(QStringLiteral("group.id"),
        QStringLiteral("kafkalab-timelag-") + QUuid::createUuid().toString(QUuid::Id128).left(12)));
    props.append(ClientProperty::of(QStringLiteral("enable.partition.eof"), QStringLiteral("true")));
    props.append(ClientProperty::of(QStringLiteral("auto.offset.reset"), QStringLiteral("error")));
    props.append(ClientProperty::of(QStringLiteral("isolation.level"), QStringLiteral("read_uncommitted")));
    props.append(ClientProperty::of(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("50")));
    props.append(ClientProperty::of(QStringLiteral("fetch.queue.backoff.ms"), QStringLiteral("0")));
    props.append(ClientProperty::of(QStringLiteral("max.partition.fetch.bytes"), QStringLiteral("65536")));
    props.append(ClientProperty::of(QStringLiteral("queued.max.messages.kbytes"), QStringLiteral("4096")));
    m_rk = newClient(props, RD_KAFKA_CONSUMER, error); // an invalid property, or librdkafka's reason
    return bool(m_rk);
}

void MessageTimestamps::fill(QList<GroupDescription>& groups, qint64 nowMs, int budgetMs, const StopToken* stop)
{
    std::map<std::pair<QString, int32_t>, std::vector<int64_t>> needed;
    for (const GroupDescription& g : groups)
        for (const GroupOffset& o : g.offsets)
            if (o.committed >= 0 && o.highWatermark > o.committed
                && !m_cache.count({ o.topic, o.partition, o.committed }))
                needed[{ o.topic, o.partition }].push_back(o.committed);
    QString error;
    if (!needed.empty() && ensureConsumer(&error)) {
        if (m_cache.size() > CacheLimit)
            m_cache.clear();
        read(needed, budgetMs, stop);
    }
    for (GroupDescription& g : groups) {
        for (GroupOffset& o : g.offsets) {
            o.timeLagMs = -1;
            o.timeLagUnknown.clear();
            if (o.committed < 0) {
                o.timeLagUnknown = QStringLiteral("no committed offset");
                continue;
            }
            if (o.highWatermark < 0) {
                o.timeLagUnknown = QStringLiteral("high watermark not read");
                continue;
            }
            if (o.committed >= o.highWatermark) {
                o.timeLagMs = 0; // caught up
                continue;
            }
            const auto it = m_cache.find({ o.topic, o.partition, o.committed });
            if (it == m_cache.end())
                o.timeLagUnknown = error.isEmpty()
                    ? QStringLiteral("the message at offset %1 was not read in time").arg(o.committed)
                    : QStringLiteral("the message at offset %1 could not be read: %2").arg(o.committed).arg(error);
            else if (it->second == Gone)
                o.timeLagUnknown
                    = QStringLiteral("the message at offset %1 is gone (deleted or compacted)").arg(o.committed);
            else
                o.timeLagMs = std::max<int64_t>(0, nowMs - it->second);
        }
    }
}

void MessageTimestamps::read(
    const std::map<std::pair<QString, int32_t>, std::vector<int64_t>>& neededIn, int budgetMs, const StopToken* stop)
{
    rd_kafka_t* rk = m_rk.get();
    // Per partition: the offsets still wanted, ascending, without repeats.
    std::map<std::pair<QString, int32_t>, std::vector<int64_t>> wanted = neededIn;
    PartitionListPtr assignment(rd_kafka_topic_partition_list_new(int(wanted.size())));
    for (auto& [tp, offsets] : wanted) {
        std::sort(offsets.begin(), offsets.end());
        offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
        std::reverse(offsets.begin(), offsets.end()); // the lowest at the back, popped first
        rd_kafka_topic_partition_list_add(assignment.get(), tp.first.toUtf8().constData(), tp.second)->offset
            = offsets.back();
    }
    if (rd_kafka_assign(rk, assignment.get()))
        return;
    // A partition paused at the end of an earlier read stays paused through unassign and assign: resume it.
    rd_kafka_resume_partitions(rk, assignment.get());
    size_t open = wanted.size();
    auto seekTo = [rk](const std::pair<QString, int32_t>& tp, int64_t offset) {
        PartitionListPtr one(rd_kafka_topic_partition_list_new(1));
        rd_kafka_topic_partition_list_add(one.get(), tp.first.toUtf8().constData(), tp.second)->offset = offset;
        const ErrorPtr seekError(rd_kafka_seek_partitions(rk, one.get(), 0));
    };
    auto pause = [rk](const std::pair<QString, int32_t>& tp) {
        PartitionListPtr one(rd_kafka_topic_partition_list_new(1));
        rd_kafka_topic_partition_list_add(one.get(), tp.first.toUtf8().constData(), tp.second);
        rd_kafka_pause_partitions(rk, one.get());
    };
    // Everything wanted below `reached` on this partition has passed: the message at `reached` (if it is one) gives
    // its timestamp, the offsets skipped are gone.
    auto advance = [&](const std::pair<QString, int32_t>& tp, int64_t reached, int64_t timestamp, bool message) {
        auto it = wanted.find(tp);
        if (it == wanted.end() || it->second.empty())
            return;
        std::vector<int64_t>& offsets = it->second;
        while (!offsets.empty() && offsets.back() <= reached) {
            const int64_t o = offsets.back();
            if (o == reached && !message)
                break; // an end of partition at `reached` says nothing about the message there
            m_cache[{ tp.first, tp.second, o }] = o == reached ? timestamp : Gone;
            offsets.pop_back();
        }
        if (offsets.empty()) {
            --open;
            pause(tp);
        } else if (offsets.back() > reached + SeekGap) {
            seekTo(tp, offsets.back());
        }
    };
    QElapsedTimer clock;
    clock.start();
    while (open > 0 && clock.elapsed() < budgetMs && !(stop && stop->stopRequested())) {
        MessagePtr msg(rd_kafka_consumer_poll(rk, 100));
        if (!msg || !msg->rkt)
            continue;
        const std::pair<QString, int32_t> tp { QString::fromUtf8(rd_kafka_topic_name(msg->rkt)), msg->partition };
        if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            // The end: every offset wanted below it is gone (a wanted offset is below the high watermark read
            // before, so it cannot be still to come unless the log was truncated).
            advance(tp, msg->offset - 1, 0, false);
            auto it = wanted.find(tp);
            if (it != wanted.end() && !it->second.empty()) {
                for (int64_t o : it->second)
                    m_cache[{ tp.first, tp.second, o }] = Gone;
                it->second.clear();
                --open;
                pause(tp);
            }
            continue;
        }
        if (msg->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET || msg->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) {
            // The lowest wanted offset is below the log start (deleted): it is gone; go on with the next one. (With
            // auto.offset.reset=error librdkafka reports an offset out of range as _AUTO_OFFSET_RESET.)
            auto it = wanted.find(tp);
            if (it == wanted.end() || it->second.empty())
                continue;
            m_cache[{ tp.first, tp.second, it->second.back() }] = Gone;
            it->second.pop_back();
            if (it->second.empty()) {
                --open;
                pause(tp);
            } else {
                seekTo(tp, it->second.back());
            }
            continue;
        }
        if (msg->err)
            continue;
        rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
        const int64_t ts = rd_kafka_message_timestamp(msg.get(), &type);
        advance(tp, msg->offset, ts, type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE);
    }
    rd_kafka_assign(rk, nullptr);
}

} // namespace kafkalab
