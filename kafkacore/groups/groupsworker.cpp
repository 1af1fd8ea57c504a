#include "kafkacore/groups/groupsworker.h"

#include "kafkacore/client/clientfactory.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <nlohmann/json.hpp>

#include <cmath>

namespace kafkalab {

GroupsWorker::GroupsWorker(QList<ClientProperty> properties, StopToken stop, int timeoutMs)
    : m_timeoutMs(timeoutMs)
    , m_properties(std::move(properties))
    , m_stop(std::move(stop))
    , m_timestamps(m_properties)
{
    qRegisterMetaType<QList<GroupSummary>>();
    qRegisterMetaType<QList<GroupDescription>>();
    qRegisterMetaType<QList<OffsetChange>>();
}

GroupsWorker::~GroupsWorker() = default;

bool GroupsWorker::ensureClient(QString* error)
{
    if (m_rk)
        return true;
    QList<ClientProperty> props = withQuickFirstConnect(m_properties);
    props.append(ClientProperty::of(QStringLiteral("isolation.level"), QStringLiteral("read_uncommitted")));
    props.append(adminGroupIdWorkaround());
    m_rk = newClient(props, RD_KAFKA_CONSUMER, error); // an invalid property, or librdkafka's reason
    return bool(m_rk);
}

void GroupsWorker::addTimeLag(QList<GroupDescription>& groups)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_timestamps.fill(groups, now, TimeLagBudgetMs, &m_stop);
    m_history.apply(groups, now);
}

void GroupsWorker::refresh()
{
    QElapsedTimer clock;
    clock.start();
    QString error;
    if (!ensureClient(&error)) {
        Q_EMIT refreshed({}, {}, error, clock.elapsed());
        return;
    }
    const std::optional<QList<GroupSummary>> groups = listGroups(m_rk.get(), &error, listTimeoutMs(), &m_stop);
    if (!groups) {
        Q_EMIT refreshed({}, {}, error, clock.elapsed());
        return;
    }
    QStringList ids;
    for (const GroupSummary& g : *groups)
        ids.append(g.id);
    QList<GroupDescription> descriptions
        = describeGroups(m_rk.get(), ids, &error, requestTimeoutMs(), &*groups, &m_stop);
    addTimeLag(descriptions);
    Q_EMIT refreshed(*groups, descriptions, error, clock.elapsed());
}

void GroupsWorker::describe(const QStringList& groups)
{
    QString error;
    if (!ensureClient(&error)) {
        Q_EMIT described({}, error);
        return;
    }
    QList<GroupDescription> d = describeGroups(m_rk.get(), groups, &error, requestTimeoutMs(), nullptr, &m_stop);
    addTimeLag(d);
    Q_EMIT described(d, error);
}

void GroupsWorker::reset(const QString& group, const QString& topic, const QString& target, bool dryRun)
{
    QString error;
    const std::optional<ResetTarget> t = ResetTarget::parse(target, &error);
    if (!t || !ensureClient(&error)) {
        Q_EMIT resetDone({}, error, dryRun);
        return;
    }
    const std::optional<QList<OffsetChange>> changes
        = resetOffsets(m_rk.get(), group, topic, *t, dryRun, &error, requestTimeoutMs(), &m_stop);
    Q_EMIT resetDone(changes.value_or(QList<OffsetChange>()), changes ? QString() : error, dryRun);
}

static nlohmann::json groupJson(const GroupDescription& g, bool details)
{
    auto opt = [](int64_t v) { return v >= 0 ? nlohmann::json(v) : nlohmann::json(nullptr); };
    auto rate = [](double v) { return v >= 0 ? nlohmann::json(std::round(v * 100) / 100) : nlohmann::json(nullptr); };
    nlohmann::json out = { { "group", g.id.toStdString() }, { "type", g.type.toStdString() },
        { "state", g.state.toStdString() }, { "protocol", g.protocol.toStdString() },
        { "assignor", g.assignor.toStdString() }, { "coordinator", g.coordinatorId }, { "total_lag", g.totalLag() },
        { "time_lag_ms", opt(g.timeLagMs()) }, { "consumed_per_s", rate(g.consumedPerSec()) },
        { "lag_trend", g.trend.name().toStdString() }, { "lag_clears_in_ms", opt(g.trend.clearsInMs) } };
    if (!g.stateNote.isEmpty())
        out["state_note"] = g.stateNote.toStdString();
    if (!g.error.isEmpty())
        out["error"] = g.error.toStdString();
    if (!g.membersKnown()) {
        // Not known, so not 0 and not "": the reason says why.
        out["unreadable"] = g.unreadable.toStdString();
        out["assignor"] = nullptr;
        out["members"] = nullptr;
    }
    if (!details) {
        if (g.membersKnown())
            out["members"] = g.members.size();
        return out;
    }
    nlohmann::json members = nlohmann::json::array();
    for (const GroupMember& m : g.members) {
        auto parts = [](const QList<TopicPartitionRef>& list) {
            nlohmann::json out = nlohmann::json::array();
            for (const TopicPartitionRef& a : list)
                out.push_back({ { "topic", a.topic.toStdString() }, { "partition", a.partition } });
            return out;
        };
        nlohmann::json member = { { "member_id", m.memberId.toStdString() }, { "client_id", m.clientId.toStdString() },
            { "host", m.host.toStdString() }, { "assignments", parts(m.assignments) } };
        if (!m.instanceId.isEmpty())
            member["group_instance_id"] = m.instanceId.toStdString();
        // Consumer protocol only: the broker's target (a classic member has none, so the key is absent).
        if (m.hasTarget)
            member["target_assignments"] = parts(m.targetAssignments);
        members.push_back(member);
    }
    nlohmann::json offsets = nlohmann::json::array();
    for (const GroupOffset& o : g.offsets) {
        nlohmann::json row = { { "topic", o.topic.toStdString() }, { "partition", o.partition },
            { "committed", opt(o.committed) }, { "high_watermark", opt(o.highWatermark) }, { "lag", opt(o.lag()) },
            { "time_lag_ms", opt(o.timeLagMs) }, { "consumed_per_s", rate(o.consumedPerSec) },
            { "produced_per_s", rate(o.producedPerSec) }, { "lag_trend", o.trend.name().toStdString() },
            { "lag_clears_in_ms", opt(o.trend.clearsInMs) } };
        if (!o.timeLagUnknown.isEmpty())
            row["time_lag_unknown"] = o.timeLagUnknown.toStdString();
        offsets.push_back(row);
    }
    if (g.membersKnown())
        out["members"] = members;
    out["offsets"] = offsets;
    return out;
}

QByteArray groupToJson(const GroupDescription& group)
{
    return QByteArray::fromStdString(groupJson(group, true).dump());
}

QByteArray groupsToJson(const QList<GroupDescription>& groups)
{
    nlohmann::json all = nlohmann::json::array();
    for (const GroupDescription& g : groups)
        all.push_back(groupJson(g, false));
    return QByteArray::fromStdString(all.dump());
}

} // namespace kafkalab
