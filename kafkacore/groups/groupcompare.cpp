#include "kafkacore/groups/groupcompare.h"

#include "kafkacore/groups/grouplab.h"
#include "kafkacore/produce/producerclient.h"

#include <QDateTime>

namespace kafkalab {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// A group counts as settled when every partition has an owner among its running members and no member event has
// arrived for this long (a rebalance in flight always produces one within a heartbeat).
constexpr qint64 kQuietMs = 1500;

} // namespace

GroupCompare::GroupCompare(GroupLab* lab, QList<ClientProperty> connection, QObject* parent)
    : QObject(parent)
    , m_lab(lab)
    , m_connection(std::move(connection))
{
    m_tick.setInterval(200);
    connect(&m_tick, &QTimer::timeout, this, &GroupCompare::tick);
}

GroupCompare::~GroupCompare()
{
    if (m_producer)
        m_producer->retire();
}

QString GroupCompare::settingsError(const Settings& s)
{
    if (s.topic.isEmpty())
        return QStringLiteral("name the topic the groups read");
    if (s.partitions < 4)
        return QStringLiteral("the topic needs at least 4 partitions (four members share it); it has %1")
            .arg(s.partitions);
    if (s.groupPrefix.isEmpty())
        return QStringLiteral("name a group prefix");
    if (!isEagerAssignor(s.eagerAssignor))
        return QStringLiteral("the eager group's assignor is range or roundrobin, not '%1'").arg(s.eagerAssignor);
    if (!assignorsFor(QStringLiteral("consumer")).contains(s.consumerAssignor))
        return QStringLiteral("the consumer protocol's assignor is uniform or range, not '%1'").arg(s.consumerAssignor);
    return {};
}

void GroupCompare::start(const Settings& settings)
{
    if (isRunning())
        return;
    if (const QString bad = settingsError(settings); !bad.isEmpty()) {
        Q_EMIT finished(bad);
        return;
    }
    m_settings = settings;
    m_partitionKeys.clear();
    for (int p = 0; p < settings.partitions; ++p)
        m_partitionKeys.append(partitionKey(settings.topic, p));
    m_lanes = {
        { tr("eager (%1)").arg(settings.eagerAssignor), settings.groupPrefix + QStringLiteral("-eager"),
            QStringLiteral("classic"), settings.eagerAssignor, {}, {} },
        { tr("cooperative-sticky"), settings.groupPrefix + QStringLiteral("-cooperative"), QStringLiteral("classic"),
            QStringLiteral("cooperative-sticky"), {}, {} },
        { tr("consumer protocol (%1)").arg(settings.consumerAssignor),
            settings.groupPrefix + QStringLiteral("-consumer"), QStringLiteral("consumer"), settings.consumerAssignor,
            {}, {} },
    };
    m_fromMs = m_toMs = 0;
    // Traffic first, so that every act of the script happens under load.
    ProducerSettings ps;
    ps.connection = m_connection;
    m_producer = new ProducerClient(ps, this);
    QString error;
    BulkSpec spec;
    spec.topic = settings.topic;
    spec.count = BulkSpec::kMaxCount;
    spec.ratePerSec = settings.ratePerSec;
    spec.keys = *KeyStrategy::parse(QStringLiteral("aggregate:100"), &error);
    spec.value = std::make_shared<ValueTemplate>(
        *ValueTemplate::json(QStringLiteral("{\"order\":\"{{key}}\",\"seq\":{{i}}}"), &error));
    m_producer->start();
    m_producer->runBulk(spec);
    const char* letters[] = { "E", "C", "K" };
    for (int l = 0; l < m_lanes.size(); ++l) {
        for (int i = 1; i <= 3; ++i) {
            MemberConfig c;
            c.name = QStringLiteral("%1%2").arg(QLatin1String(letters[l])).arg(i);
            c.clientId = c.name;
            c.groupId = m_lanes[l].groupId;
            c.topics = { settings.topic };
            c.protocol = m_lanes[l].protocol;
            c.assignor = m_lanes[l].assignor;
            c.sessionTimeoutMs = settings.sessionTimeoutMs;
            m_lanes[l].members.append(m_lab->addMember(c, true));
        }
    }
    m_phase = Phase::Joining;
    m_phaseStartMs = nowMs();
    m_settling = false;
    Q_EMIT progress(tr("three members join each group"));
    m_tick.start();
}

bool GroupCompare::allStable() const
{
    qint64 last = 0;
    for (const CompareLane& lane : m_lanes) {
        const QHash<QString, QString> owners = m_lab->owners(lane.groupId);
        for (const QString& k : m_partitionKeys)
            if (!m_lab->isRunning(owners.value(k)))
                return false;
    }
    for (const MemberEvent& e : m_lab->events())
        if (e.kind != MemberEvent::Kind::Target)
            last = std::max(last, e.atMs);
    return nowMs() - last >= kQuietMs;
}

void GroupCompare::tick()
{
    for (const CompareLane& lane : m_lanes)
        for (const QString& m : lane.members)
            if (const QString e = m_lab->lastError(m); !e.isEmpty() && !m_lab->isRunning(m))
                return finish(tr("member %1 of %2 failed: %3").arg(m, lane.groupId, e));
    if (m_settling) {
        if (nowMs() - m_stableSinceMs >= m_settings.settleMs)
            advance();
        return;
    }
    if (allStable()) {
        m_settling = true;
        m_stableSinceMs = nowMs();
        if (m_phase == Phase::Joining)
            m_fromMs = m_stableSinceMs; // the window starts with the first stable assignment
        return;
    }
    if (nowMs() - m_phaseStartMs > m_settings.stableTimeoutMs)
        finish(tr("the groups did not settle within %1 s").arg(m_settings.stableTimeoutMs / 1000));
}

void GroupCompare::advance()
{
    m_settling = false;
    m_phaseStartMs = nowMs();
    switch (m_phase) {
    case Phase::Joining:
        m_phase = Phase::Crashing;
        Q_EMIT progress(tr("member 2 of each group crashes"));
        for (const CompareLane& lane : std::as_const(m_lanes))
            m_lab->crash(lane.members.value(1));
        break;
    case Phase::Crashing:
        m_phase = Phase::Adding;
        Q_EMIT progress(tr("a fourth member joins each group"));
        for (CompareLane& lane : m_lanes) {
            MemberConfig c = m_lab->config(lane.members.first());
            c.name = c.name.left(1) + QStringLiteral("4");
            c.clientId = c.name;
            lane.members.append(m_lab->addMember(c, true));
        }
        break;
    case Phase::Adding:
        m_phase = Phase::Ending;
        finish({});
        break;
    case Phase::Ending:
    case Phase::Idle:
        break;
    }
}

void GroupCompare::finish(const QString& error)
{
    m_tick.stop();
    m_toMs = nowMs();
    if (m_producer) {
        m_producer->retire();
        m_producer.clear();
    }
    // The metrics are taken before anyone leaves: leaving is the end of the script, not a part of it.
    if (error.isEmpty() && m_fromMs > 0)
        for (CompareLane& lane : m_lanes)
            lane.metrics = groupMetrics(m_lab->events(), lane.groupId, m_partitionKeys, m_fromMs, m_toMs,
                m_lab->consumedMessages(lane.groupId));
    for (const CompareLane& lane : std::as_const(m_lanes))
        for (const QString& m : lane.members)
            m_lab->leave(m);
    m_phase = Phase::Idle;
    Q_EMIT finished(error);
}

void GroupCompare::cancel()
{
    if (isRunning())
        finish(tr("cancelled"));
}

} // namespace kafkalab
