#include "kafkacore/groups/groupadmin.h"

#include "kafkacore/client/clientfactory.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QUuid>

#include <algorithm>
#include <map>
#include <vector>

namespace kafkalab {

QString GroupDescription::stateText() const
{
    return unreadable.isEmpty() ? state : QStringLiteral("%1 (not readable)").arg(state);
}

int64_t GroupDescription::totalLag() const
{
    int64_t total = 0;
    for (const GroupOffset& o : offsets)
        total += std::max<int64_t>(0, o.lag());
    return total;
}

ClientProperty adminGroupIdWorkaround()
{
    return ClientProperty::of(QStringLiteral("group.id"),
        QStringLiteral("kafkalab-admin-") + QUuid::createUuid().toString(QUuid::Id128).left(12));
}

QString groupStateName(int state)
{
    return QString::fromLatin1(rd_kafka_consumer_group_state_name(static_cast<rd_kafka_consumer_group_state_t>(state)));
}

namespace {

AdminOptionsPtr options(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeoutMs)
{
    AdminOptionsPtr o(rd_kafka_AdminOptions_new(rk, op));
    char err[256];
    rd_kafka_AdminOptions_set_request_timeout(o.get(), timeoutMs, err, sizeof err);
    return o;
}

QString eventError(rd_kafka_event_t* ev)
{
    return kafkaErrorText(rd_kafka_event_error(ev), QString::fromUtf8(rd_kafka_event_error_string(ev)));
}

// Waits for the queue's next event up to `timeoutMs`, in slices, giving up once `stop` is requested.
EventPtr awaitEvent(rd_kafka_queue_t* queue, int timeoutMs, const StopToken* stop)
{
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0 || (stop && stop->stopRequested()))
            return nullptr;
        if (EventPtr ev { rd_kafka_queue_poll(queue, int(std::min<qint64>(left, 200))) })
            return ev;
    }
}

// Latest offsets (read_uncommitted if the client is so configured) for the given partitions.
std::map<std::pair<QString, int32_t>, int64_t> offsetsAt(
    rd_kafka_t* rk, const QList<TopicPartitionRef>& partitions, int64_t timestamp, int timeoutMs, QString* error)
{
    std::map<std::pair<QString, int32_t>, int64_t> out;
    if (partitions.isEmpty())
        return out;
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(partitions.size())));
    for (const TopicPartitionRef& p : partitions)
        rd_kafka_topic_partition_list_add(list.get(), p.topic.toUtf8().constData(), p.partition)->offset = timestamp;
    const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk, list.get(), timeoutMs);
    if (err && error)
        *error = QStringLiteral("Reading offsets failed: %1").arg(kafkaErrorText(err));
    for (int i = 0; i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t& e = list->elems[i];
        if (!e.err)
            out[{ QString::fromUtf8(e.topic), e.partition }] = e.offset;
    }
    return out;
}

} // namespace

std::optional<QList<GroupSummary>> listGroups(rd_kafka_t* rk, QString* error, int timeoutMs, const StopToken* stop)
{
    QueuePtr queue(rd_kafka_queue_new(rk));
    AdminOptionsPtr o = options(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeoutMs);
    rd_kafka_ListConsumerGroups(rk, o.get(), queue.get());
    EventPtr ev = awaitEvent(queue.get(), timeoutMs + 2000, stop);
    if (!ev) {
        *error = QStringLiteral("Listing groups: no answer within %1 s").arg(timeoutMs / 1000);
        return std::nullopt;
    }
    if (rd_kafka_event_error(ev.get())) {
        *error = QStringLiteral("Listing groups failed: %1").arg(eventError(ev.get()));
        return std::nullopt;
    }
    const rd_kafka_ListConsumerGroups_result_t* res = rd_kafka_event_ListConsumerGroups_result(ev.get());
    size_t n = 0;
    const rd_kafka_ConsumerGroupListing_t** valid = rd_kafka_ListConsumerGroups_result_valid(res, &n);
    QList<GroupSummary> groups;
    for (size_t i = 0; i < n; ++i)
        groups.append({ QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(valid[i])),
            groupStateName(rd_kafka_ConsumerGroupListing_state(valid[i])),
            rd_kafka_ConsumerGroupListing_is_simple_consumer_group(valid[i]) != 0 });
    size_t ne = 0;
    const rd_kafka_error_t** errors = rd_kafka_ListConsumerGroups_result_errors(res, &ne);
    if (ne > 0)
        *error = QStringLiteral("Some brokers did not list their groups: %1")
                     .arg(QString::fromUtf8(rd_kafka_error_string(errors[0])));
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return groups;
}

namespace {

// DescribeGroups said Dead with no members and no error: what the broker says of a group that does not exist, and
// also (DescribeGroups before v6) of a group that exists but is not a classic group. The listing tells them apart.
void explainDeadGroups(rd_kafka_t* rk, QList<GroupDescription>& out, const QList<GroupSummary>* listing, int timeoutMs,
    const StopToken* stop)
{
    QList<int> dead;
    for (int i = 0; i < out.size(); ++i)
        if (out[i].state == QLatin1String("Dead") && out[i].members.isEmpty() && out[i].error.isEmpty())
            dead.append(i);
    if (dead.isEmpty())
        return;
    std::optional<QList<GroupSummary>> listed;
    QString listError;
    if (listing)
        listed = *listing;
    else
        listed = listGroups(rk, &listError, timeoutMs, stop);
    for (int i : dead) {
        GroupDescription& g = out[i];
        if (!listed) {
            g.state = QStringLiteral("Unknown");
            g.unreadable = QStringLiteral("state, members and assignment not readable: DescribeGroups answered Dead "
                                          "with no members, and the group listing that could confirm it failed (%1)")
                               .arg(listError);
            continue;
        }
        const auto it
            = std::find_if(listed->begin(), listed->end(), [&](const GroupSummary& s) { return s.id == g.id; });
        if (it == listed->end() || it->state == QLatin1String("Dead"))
            continue; // it is gone, or not there at all
        g.state = it->state;
        g.protocol = it->simple ? QString() : QStringLiteral("consumer");
        g.assignor.clear();
        g.unreadable
            = QStringLiteral("members and assignment not readable: the broker's DescribeGroups answer says Dead with "
                             "no members while its group listing says %1. The broker answers so for a group that is "
                             "not a classic group, such as one whose consumers use the consumer protocol (KIP-848, "
                             "group.protocol=consumer), and librdkafka 2.0.2 can describe groups only with "
                             "DescribeGroups (it has no ConsumerGroupDescribe). State and committed offsets are "
                             "those of the listing and of OffsetFetch.")
                  .arg(it->state);
    }
}

} // namespace

QList<GroupDescription> describeGroups(rd_kafka_t* rk, const QStringList& groups, QString* error, int timeoutMs,
    const QList<GroupSummary>* listing, const StopToken* stop)
{
    QList<GroupDescription> out;
    if (groups.isEmpty())
        return out;
    std::vector<QByteArray> names;
    std::vector<const char*> ptrs;
    for (const QString& g : groups) {
        names.push_back(g.toUtf8());
        ptrs.push_back(names.back().constData());
    }
    // 1. Members, state, assignor and coordinator of every group in one request.
    {
        QueuePtr queue(rd_kafka_queue_new(rk));
        AdminOptionsPtr o = options(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeoutMs);
        rd_kafka_DescribeConsumerGroups(rk, ptrs.data(), ptrs.size(), o.get(), queue.get());
        EventPtr ev = awaitEvent(queue.get(), timeoutMs + 2000, stop);
        if (!ev || rd_kafka_event_error(ev.get())) {
            *error = ev ? QStringLiteral("Describing groups failed: %1").arg(eventError(ev.get()))
                        : QStringLiteral("Describing groups: no answer within %1 s").arg(timeoutMs / 1000);
            return out;
        }
        size_t n = 0;
        const rd_kafka_ConsumerGroupDescription_t** descs
            = rd_kafka_DescribeConsumerGroups_result_groups(rd_kafka_event_DescribeConsumerGroups_result(ev.get()), &n);
        for (size_t i = 0; i < n; ++i) {
            const rd_kafka_ConsumerGroupDescription_t* d = descs[i];
            GroupDescription g;
            g.id = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_group_id(d));
            if (const rd_kafka_error_t* e = rd_kafka_ConsumerGroupDescription_error(d))
                g.error = kafkaErrorText(rd_kafka_error_code(e), QString::fromUtf8(rd_kafka_error_string(e)));
            g.state = groupStateName(rd_kafka_ConsumerGroupDescription_state(d));
            g.protocol = rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(d) ? QString()
                                                                                       : QStringLiteral("consumer");
            g.assignor = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_partition_assignor(d));
            if (const rd_kafka_Node_t* c = rd_kafka_ConsumerGroupDescription_coordinator(d)) {
                g.coordinatorId = rd_kafka_Node_id(c);
                g.coordinator
                    = QStringLiteral("%1:%2").arg(QString::fromUtf8(rd_kafka_Node_host(c))).arg(rd_kafka_Node_port(c));
            }
            const size_t members = rd_kafka_ConsumerGroupDescription_member_count(d);
            for (size_t m = 0; m < members; ++m) {
                const rd_kafka_MemberDescription_t* md = rd_kafka_ConsumerGroupDescription_member(d, int(m));
                GroupMember member;
                member.memberId = QString::fromUtf8(rd_kafka_MemberDescription_consumer_id(md));
                member.clientId = QString::fromUtf8(rd_kafka_MemberDescription_client_id(md));
                if (const char* inst = rd_kafka_MemberDescription_group_instance_id(md))
                    member.instanceId = QString::fromUtf8(inst);
                member.host = QString::fromUtf8(rd_kafka_MemberDescription_host(md));
                if (const rd_kafka_MemberAssignment_t* a = rd_kafka_MemberDescription_assignment(md)) {
                    if (const rd_kafka_topic_partition_list_t* parts = rd_kafka_MemberAssignment_partitions(a))
                        for (int p = 0; p < parts->cnt; ++p)
                            member.assignments.append(
                                { QString::fromUtf8(parts->elems[p].topic), parts->elems[p].partition });
                }
                std::sort(member.assignments.begin(), member.assignments.end(), [](const auto& a, const auto& b) {
                    return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
                });
                g.members.append(member);
            }
            std::sort(g.members.begin(), g.members.end(),
                [](const auto& a, const auto& b) { return a.memberId < b.memberId; });
            out.append(g);
        }
        explainDeadGroups(rk, out, listing, timeoutMs, stop);
    }
    // 2. Committed offsets: one request per group (librdkafka 2.0.2 takes one group a call), all in flight at once.
    QHash<QString, int> index;
    for (int i = 0; i < out.size(); ++i)
        index.insert(out[i].id, i);
    {
        QueuePtr queue(rd_kafka_queue_new(rk));
        AdminOptionsPtr o = options(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeoutMs);
        for (const QByteArray& name : names) {
            rd_kafka_ListConsumerGroupOffsets_t* request
                = rd_kafka_ListConsumerGroupOffsets_new(name.constData(), nullptr);
            rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, o.get(), queue.get());
            rd_kafka_ListConsumerGroupOffsets_destroy(request); // the call keeps its own copy
        }
        QElapsedTimer clock;
        clock.start();
        size_t received = 0;
        while (received < names.size() && clock.elapsed() < timeoutMs + 2000 && !(stop && stop->stopRequested())) {
            EventPtr ev(rd_kafka_queue_poll(queue.get(), 200));
            if (!ev)
                continue;
            ++received;
            if (rd_kafka_event_error(ev.get())) {
                *error = QStringLiteral("Reading committed offsets failed: %1").arg(eventError(ev.get()));
                continue;
            }
            size_t n = 0;
            const rd_kafka_group_result_t** results = rd_kafka_ListConsumerGroupOffsets_result_groups(
                rd_kafka_event_ListConsumerGroupOffsets_result(ev.get()), &n);
            for (size_t i = 0; i < n; ++i) {
                const int at = index.value(QString::fromUtf8(rd_kafka_group_result_name(results[i])), -1);
                if (at < 0)
                    continue;
                if (const rd_kafka_error_t* e = rd_kafka_group_result_error(results[i])) {
                    out[at].error = QString::fromUtf8(rd_kafka_error_string(e));
                    continue;
                }
                const rd_kafka_topic_partition_list_t* parts = rd_kafka_group_result_partitions(results[i]);
                for (int p = 0; parts && p < parts->cnt; ++p) {
                    const rd_kafka_topic_partition_t& e = parts->elems[p];
                    if (e.err)
                        continue;
                    GroupOffset off;
                    off.topic = QString::fromUtf8(e.topic);
                    off.partition = e.partition;
                    off.committed = e.offset >= 0 ? e.offset : -1;
                    out[at].offsets.append(off);
                }
            }
        }
        if (received < names.size())
            *error
                = QStringLiteral("Committed offsets of %1 groups did not arrive in time").arg(names.size() - received);
    }
    // 3. High watermarks of every partition involved, in one go. Assigned partitions without a commit count too.
    QList<TopicPartitionRef> all;
    QSet<QString> seen;
    for (GroupDescription& g : out) {
        QSet<QString> have;
        for (const GroupOffset& o : g.offsets)
            have.insert(o.topic + QLatin1Char('\0') + QString::number(o.partition));
        for (const GroupMember& m : g.members)
            for (const TopicPartitionRef& a : m.assignments)
                if (!have.contains(a.topic + QLatin1Char('\0') + QString::number(a.partition))) {
                    have.insert(a.topic + QLatin1Char('\0') + QString::number(a.partition));
                    g.offsets.append({ a.topic, a.partition, -1, -1 });
                }
        for (const GroupOffset& o : g.offsets) {
            const QString key = o.topic + QLatin1Char('\0') + QString::number(o.partition);
            if (!seen.contains(key)) {
                seen.insert(key);
                all.append({ o.topic, o.partition });
            }
        }
    }
    const auto high = offsetsAt(rk, all, -1, timeoutMs, error);
    for (GroupDescription& g : out) {
        for (GroupOffset& o : g.offsets) {
            auto it = high.find({ o.topic, o.partition });
            if (it != high.end())
                o.highWatermark = it->second;
        }
        std::sort(g.offsets.begin(), g.offsets.end(), [](const auto& a, const auto& b) {
            return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
        });
    }
    return out;
}

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
    const auto low = offsetsAt(rk, partitions, -2, timeoutMs, &offsetsError);
    const auto high = offsetsAt(rk, partitions, -1, timeoutMs, &offsetsError);
    std::map<std::pair<QString, int32_t>, int64_t> atTime;
    if (target.kind == ResetTarget::Kind::Timestamp)
        atTime = offsetsAt(rk, partitions, target.value, timeoutMs, &offsetsError);
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
    QueuePtr queue(rd_kafka_queue_new(rk));
    AdminOptionsPtr o = options(rk, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, timeoutMs);
    rd_kafka_AlterConsumerGroupOffsets_t* request
        = rd_kafka_AlterConsumerGroupOffsets_new(group.toUtf8().constData(), list.get());
    rd_kafka_AlterConsumerGroupOffsets(rk, &request, 1, o.get(), queue.get());
    rd_kafka_AlterConsumerGroupOffsets_destroy(request);
    EventPtr ev = awaitEvent(queue.get(), timeoutMs + 2000, stop);
    if (!ev || rd_kafka_event_error(ev.get())) {
        *error = ev ? QStringLiteral("Committing the new offsets failed: %1").arg(eventError(ev.get()))
                    : QStringLiteral("Committing the new offsets: no answer");
        return std::nullopt;
    }
    size_t n = 0;
    const rd_kafka_group_result_t** results = rd_kafka_AlterConsumerGroupOffsets_result_groups(
        rd_kafka_event_AlterConsumerGroupOffsets_result(ev.get()), &n);
    for (size_t i = 0; i < n; ++i) {
        if (const rd_kafka_error_t* e = rd_kafka_group_result_error(results[i])) {
            *error = QStringLiteral("Committing the new offsets failed: %1")
                         .arg(kafkaErrorText(rd_kafka_error_code(e), QString::fromUtf8(rd_kafka_error_string(e))));
            return std::nullopt;
        }
        const rd_kafka_topic_partition_list_t* parts = rd_kafka_group_result_partitions(results[i]);
        for (int p = 0; parts && p < parts->cnt; ++p)
            if (parts->elems[p].err) {
                *error = QStringLiteral("Committing partition %1 failed: %2")
                             .arg(parts->elems[p].partition)
                             .arg(kafkaErrorText(parts->elems[p].err));
                return std::nullopt;
            }
    }
    return changes;
}

} // namespace kafkalab
