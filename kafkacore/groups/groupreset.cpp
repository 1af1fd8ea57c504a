// Offset resets (split from groupadmin.cpp): where a group's committed offsets move, refused while it has members.
#include "kafkacore/groups/groupadmin.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/listoffsets.h"
#include "kafkacore/client/rdkafkaptr.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <map>

namespace kafkalab {

std::optional<ResetTarget> ResetTarget::parse(const QString& text, QString* error)
{
    ResetTarget t;
    if (text == QLatin1String("earliest"))
        return t;
    if (text == QLatin1String("latest")) {
        t.kind = Kind::Latest;
        return t;
    }
    const QString kind = text.section(QLatin1Char(':'), 0, 0);
    bool ok = false;
    t.value = text.section(QLatin1Char(':'), 1).toLongLong(&ok);
    if (kind == QLatin1String("offset") && ok && t.value >= 0) {
        t.kind = Kind::Offset;
        return t;
    }
    if (kind == QLatin1String("timestamp") && ok && t.value >= 0) {
        t.kind = Kind::Timestamp;
        return t;
    }
    if (kind == QLatin1String("shift") && ok) {
        t.kind = Kind::Shift;
        return t;
    }
    *error = QStringLiteral("'%1' is not a reset target; use earliest, latest, offset:N, timestamp:MS or shift:N")
                 .arg(text);
    return std::nullopt;
}

std::optional<QList<OffsetChange>> resetOffsets(rd_kafka_t* rk, const QString& group, const QString& topic,
    const ResetTarget& target, bool dryRun, QString* error, int timeoutMs, const StopToken* stop)
{
    const QList<GroupDescription> described = describeGroups(rk, { group }, error, timeoutMs, nullptr, stop);
    if (stop && stop->stopRequested())
        return std::nullopt;
    if (described.isEmpty())
        return std::nullopt;
    const GroupDescription& g = described.first();
    if (!g.unreadable.isEmpty() && g.state != QLatin1String("Empty")) {
        *error = QStringLiteral("Refused: group '%1' is %2 and its members cannot be read, so kafkalab cannot tell "
                                "whether consumers are running (%3). Offsets can only be reset while no consumer of "
                                "the group is running; stop them first.")
                     .arg(group, g.state, g.unreadable);
        return std::nullopt;
    }
    if (!g.members.isEmpty()) {
        QStringList clients;
        for (const GroupMember& m : g.members)
            clients.append(m.clientId);
        *error = QStringLiteral("Refused: group '%1' has %2 active member(s) (%3, state %4). Offsets can only be reset "
                                "while no consumer of the group is running; stop them first.")
                     .arg(group)
                     .arg(g.members.size())
                     .arg(clients.join(QLatin1String(", ")), g.state);
        return std::nullopt;
    }
    // The topic's partitions.
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.toUtf8().constData(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t merr = rd_kafka_metadata(rk, 0, rkt, &md, timeoutMs);
    MetadataPtr owned(md);
    rd_kafka_topic_destroy(rkt);
    if (merr || !md || md->topic_cnt < 1 || md->topics[0].err) {
        *error = QStringLiteral("Topic '%1': %2")
                     .arg(topic,
                         kafkaErrorText(merr           ? merr
                                 : md && md->topic_cnt ? md->topics[0].err
                                                       : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC));
        return std::nullopt;
    }
    QList<TopicPartitionRef> partitions;
    for (int i = 0; i < md->topics[0].partition_cnt; ++i)
        partitions.append({ topic, md->topics[0].partitions[i].id });
    std::sort(
        partitions.begin(), partitions.end(), [](const auto& a, const auto& b) { return a.partition < b.partition; });
    QString offsetsError;
    QList<PartitionKey> keys;
    for (const TopicPartitionRef& p : partitions)
        keys.append({ p.topic, p.partition });
    // The group's next read starts at most at the high watermark (what a read_uncommitted consumer sees).
    const auto iso = RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED;
    const auto low = listOffsets(rk, keys, RD_KAFKA_OFFSET_SPEC_EARLIEST, iso, timeoutMs, &offsetsError, stop);
    const auto high = listOffsets(rk, keys, RD_KAFKA_OFFSET_SPEC_LATEST, iso, timeoutMs, &offsetsError, stop);
    std::map<PartitionKey, int64_t> atTime;
    if (target.kind == ResetTarget::Kind::Timestamp)
        atTime = listOffsets(rk, keys, target.value, iso, timeoutMs, &offsetsError, stop);
    if (!offsetsError.isEmpty()) {
        *error = offsetsError;
        return std::nullopt;
    }
    QList<OffsetChange> changes;
    for (const TopicPartitionRef& p : partitions) {
        const auto key = std::make_pair(topic, p.partition);
        const int64_t lo = low.count(key) ? low.at(key) : 0;
        const int64_t hi = high.count(key) ? high.at(key) : lo;
        OffsetChange c;
        c.topic = topic;
        c.partition = p.partition;
        for (const GroupOffset& o : g.offsets)
            if (o.topic == topic && o.partition == p.partition)
                c.current = o.committed;
        switch (target.kind) {
        case ResetTarget::Kind::Earliest:
            c.next = lo;
            break;
        case ResetTarget::Kind::Latest:
            c.next = hi;
            break;
        case ResetTarget::Kind::Offset:
            c.next = target.value;
            break;
        case ResetTarget::Kind::Timestamp: {
            // The first message at or after the time; none after it: the end.
            const int64_t at = atTime.count(key) ? atTime.at(key) : -1;
            c.next = at >= 0 ? at : hi;
            break;
        }
        case ResetTarget::Kind::Shift: {
            // Saturating: shift:9223372036854775807 means "to the end", not a wrap to the start.
            const int64_t base = c.current >= 0 ? c.current : hi;
            if (__builtin_add_overflow(base, target.value, &c.next))
                c.next = target.value > 0 ? hi : lo;
            break;
        }
        }
        c.next = std::clamp(c.next, lo, hi);
        changes.append(c);
    }
    if (dryRun)
        return changes;

    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(changes.size())));
    for (const OffsetChange& c : changes)
        rd_kafka_topic_partition_list_add(list.get(), topic.toUtf8().constData(), c.partition)->offset = c.next;
    // A coordinator that is not ready (a fresh broker still loading __consumer_offsets, or one moving) answers
    // NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS per partition, and librdkafka does not retry that: the same
    // commit (idempotent) is sent again a few times before the error is the answer.
    auto transient = [](rd_kafka_resp_err_t e) {
        return e == RD_KAFKA_RESP_ERR_NOT_COORDINATOR || e == RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS
            || e == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE;
    };
    for (int attempt = 1;; ++attempt) {
        QueuePtr queue(rd_kafka_queue_new(rk));
        AdminOptionsPtr o = adminOptions(rk, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, timeoutMs);
        rd_kafka_AlterConsumerGroupOffsets_t* request
            = rd_kafka_AlterConsumerGroupOffsets_new(group.toUtf8().constData(), list.get());
        rd_kafka_AlterConsumerGroupOffsets(rk, &request, 1, o.get(), queue.get());
        rd_kafka_AlterConsumerGroupOffsets_destroy(request);
        EventPtr ev = awaitEvent(queue.get(), timeoutMs + 2000, stop);
        if (!ev || rd_kafka_event_error(ev.get())) {
            *error = ev ? QStringLiteral("Committing the new offsets failed: %1").arg(eventErrorText(ev.get()))
                        : QStringLiteral("Committing the new offsets: no answer");
            return std::nullopt;
        }
        bool retry = false;
        QString commitError;
        size_t n = 0;
        const rd_kafka_group_result_t** results = rd_kafka_AlterConsumerGroupOffsets_result_groups(
            rd_kafka_event_AlterConsumerGroupOffsets_result(ev.get()), &n);
        for (size_t i = 0; i < n; ++i) {
            if (const rd_kafka_error_t* e = rd_kafka_group_result_error(results[i])) {
                commitError
                    = QStringLiteral("Committing the new offsets failed: %1")
                          .arg(kafkaErrorText(rd_kafka_error_code(e), QString::fromUtf8(rd_kafka_error_string(e))));
                retry |= transient(rd_kafka_error_code(e));
                continue;
            }
            const rd_kafka_topic_partition_list_t* parts = rd_kafka_group_result_partitions(results[i]);
            for (int p = 0; parts && p < parts->cnt; ++p)
                if (parts->elems[p].err) {
                    commitError = QStringLiteral("Committing partition %1 failed: %2")
                                      .arg(parts->elems[p].partition)
                                      .arg(kafkaErrorText(parts->elems[p].err));
                    retry |= transient(parts->elems[p].err);
                }
        }
        if (commitError.isEmpty())
            break;
        if (!retry || attempt == 5 || (stop && stop->stopRequested())) {
            *error = commitError;
            return std::nullopt;
        }
        for (int waited = 0; waited < 500 * attempt && !(stop && stop->stopRequested()); waited += 100)
            QThread::msleep(100);
    }
    return changes;
}

} // namespace kafkalab
