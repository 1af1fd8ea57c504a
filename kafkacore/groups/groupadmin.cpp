#include "kafkacore/groups/groupadmin.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/listoffsets.h"

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

int64_t GroupDescription::timeLagMs() const
{
    // Unknown if a partition that has lag has no known time lag: the largest could be that one.
    int64_t most = -1;
    for (const GroupOffset& o : offsets) {
        if (o.lag() > 0 && o.timeLagMs < 0)
            return -1;
        most = std::max(most, o.timeLagMs);
    }
    return most;
}

double GroupDescription::consumedPerSec() const
{
    double sum = 0;
    for (const GroupOffset& o : offsets) {
        if (o.consumedPerSec < 0)
            return -1;
        sum += o.consumedPerSec;
    }
    return offsets.isEmpty() ? -1 : sum;
}

QString groupStateName(rd_kafka_consumer_group_state_t state)
{
    return QString::fromLatin1(rd_kafka_consumer_group_state_name(static_cast<rd_kafka_consumer_group_state_t>(state)));
}

QString groupTypeName(rd_kafka_consumer_group_type_t type)
{
    switch (type) {
    case RD_KAFKA_CONSUMER_GROUP_TYPE_CLASSIC:
        return QStringLiteral("classic");
    case RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER:
        return QStringLiteral("consumer");
    default:
        return QStringLiteral("unknown");
    }
}

static QList<TopicPartitionRef> partitionRefs(const rd_kafka_MemberAssignment_t* assignment)
{
    QList<TopicPartitionRef> out;
    if (const rd_kafka_topic_partition_list_t* parts
        = assignment ? rd_kafka_MemberAssignment_partitions(assignment) : nullptr)
        for (int p = 0; p < parts->cnt; ++p)
            out.append({ QString::fromUtf8(parts->elems[p].topic), parts->elems[p].partition });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
    });
    return out;
}

static void readConsumerGroupState(GroupDescription& g)
{
    if (g.type != QLatin1String("consumer") || g.state != QLatin1String("Unknown") || g.members.isEmpty())
        return;
    // Kafka's consumer-protocol groups have two states librdkafka 2.14.2 does not know (its state enum has only the
    // classic ones): Assigning (a new target assignment is being computed) and Reconciling (members are moving
    // towards the target). It reports both as Unknown and drops the epochs that tell them apart; the assignments
    // tell Reconciling where a member's current assignment is not yet its target.
    bool reconciling = false;
    for (const GroupMember& m : g.members)
        reconciling |= m.hasTarget && m.assignments != m.targetAssignments;
    g.state = reconciling ? QStringLiteral("Reconciling") : QStringLiteral("Assigning or Reconciling");
    g.stateNote = reconciling
        ? QStringLiteral("librdkafka 2.14.2 reports this state as Unknown; a member's current assignment differs from "
                         "its target, which is Kafka's Reconciling")
        : QStringLiteral("librdkafka 2.14.2 reports Kafka's Assigning and Reconciling as Unknown and does not give "
                         "the epochs that tell them apart");
}

std::optional<QList<GroupSummary>> listGroups(rd_kafka_t* rk, QString* error, int timeoutMs, const StopToken* stop)
{
    QueuePtr queue(rd_kafka_queue_new(rk));
    AdminOptionsPtr o = adminOptions(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeoutMs);
    rd_kafka_ListConsumerGroups(rk, o.get(), queue.get());
    EventPtr ev = awaitEvent(queue.get(), timeoutMs + 2000, stop);
    if (!ev) {
        *error = QStringLiteral("Listing groups: no answer within %1 s").arg(timeoutMs / 1000);
        return std::nullopt;
    }
    if (rd_kafka_event_error(ev.get())) {
        *error = QStringLiteral("Listing groups failed: %1").arg(eventErrorText(ev.get()));
        return std::nullopt;
    }
    const rd_kafka_ListConsumerGroups_result_t* res = rd_kafka_event_ListConsumerGroups_result(ev.get());
    size_t n = 0;
    const rd_kafka_ConsumerGroupListing_t** valid = rd_kafka_ListConsumerGroups_result_valid(res, &n);
    QList<GroupSummary> groups;
    for (size_t i = 0; i < n; ++i)
        groups.append({ QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(valid[i])),
            groupStateName(rd_kafka_ConsumerGroupListing_state(valid[i])),
            rd_kafka_ConsumerGroupListing_is_simple_consumer_group(valid[i]) != 0,
            groupTypeName(rd_kafka_ConsumerGroupListing_type(valid[i])) });
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
        g.type = it->type;
        g.protocol = it->simple ? QString() : QStringLiteral("consumer");
        g.assignor.clear();
        g.unreadable
            = QStringLiteral("members and assignment not readable: the broker describes the group as Dead with no "
                             "members while its group listing says %1 (type %2). librdkafka 2.14.2 describes classic "
                             "groups (DescribeGroups) and consumer-protocol groups (ConsumerGroupDescribe) only; a "
                             "group of another type, such as a share or streams group, it cannot describe. State and "
                             "committed offsets are those of the listing and of OffsetFetch.")
                  .arg(it->state, it->type);
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
        AdminOptionsPtr o = adminOptions(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeoutMs);
        rd_kafka_DescribeConsumerGroups(rk, ptrs.data(), ptrs.size(), o.get(), queue.get());
        EventPtr ev = awaitEvent(queue.get(), timeoutMs + 2000, stop);
        if (!ev || rd_kafka_event_error(ev.get())) {
            *error = ev ? QStringLiteral("Describing groups failed: %1").arg(eventErrorText(ev.get()))
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
            g.type = groupTypeName(rd_kafka_ConsumerGroupDescription_type(d));
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
                member.assignments = partitionRefs(rd_kafka_MemberDescription_assignment(md));
                if (const rd_kafka_MemberAssignment_t* target = rd_kafka_MemberDescription_target_assignment(md)) {
                    member.hasTarget = true;
                    member.targetAssignments = partitionRefs(target);
                }
                g.members.append(member);
            }
            std::sort(g.members.begin(), g.members.end(),
                [](const auto& a, const auto& b) { return a.memberId < b.memberId; });
            readConsumerGroupState(g);
            out.append(g);
        }
        explainDeadGroups(rk, out, listing, timeoutMs, stop);
    }
    // 2. Committed offsets: one request per group, all in flight at once. librdkafka 2.14.2 still takes one group a
    //    ListConsumerGroupOffsets call (rdkafka.h: "only supports one group per invocation").
    QHash<QString, int> index;
    for (int i = 0; i < out.size(); ++i)
        index.insert(out[i].id, i);
    {
        QueuePtr queue(rd_kafka_queue_new(rk));
        AdminOptionsPtr o = adminOptions(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeoutMs);
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
                *error = QStringLiteral("Reading committed offsets failed: %1").arg(eventErrorText(ev.get()));
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
    QList<PartitionKey> all;
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
    // High watermarks (read_uncommitted: lag is measured against them, as Kafka's own tool does) by ListOffsets.
    const auto high = listOffsets(
        rk, all, RD_KAFKA_OFFSET_SPEC_LATEST, RD_KAFKA_ISOLATION_LEVEL_READ_UNCOMMITTED, timeoutMs, error, stop);
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

} // namespace kafkalab
