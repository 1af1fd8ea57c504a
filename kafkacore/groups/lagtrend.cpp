#include "kafkacore/groups/lagtrend.h"

#include <QSet>

#include <cmath>

namespace kafkalab {

QString LagTrend::text() const
{
    switch (kind) {
    case Kind::CaughtUp:
        return QStringLiteral("caught up");
    case Kind::Clearing: {
        const qint64 s = (clearsInMs + 999) / 1000;
        if (s < 120)
            return QStringLiteral("clears in %1 s").arg(s);
        if (s < 7200)
            return QStringLiteral("clears in %1 min").arg((s + 59) / 60);
        return QStringLiteral("clears in %1 h").arg((s + 3599) / 3600);
    }
    case Kind::Steady:
        return QStringLiteral("steady");
    case Kind::Growing:
        return QStringLiteral("growing");
    case Kind::Stalled:
        return QStringLiteral("stalled");
    case Kind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString LagTrend::name() const
{
    switch (kind) {
    case Kind::CaughtUp:
        return QStringLiteral("caught_up");
    case Kind::Clearing:
        return QStringLiteral("clearing");
    case Kind::Steady:
        return QStringLiteral("steady");
    case Kind::Growing:
        return QStringLiteral("growing");
    case Kind::Stalled:
        return QStringLiteral("stalled");
    case Kind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString durationText(int64_t ms)
{
    if (ms < 0)
        return QStringLiteral("unknown");
    if (ms == 0)
        return QStringLiteral("0 s");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const int64_t s = ms / 1000;
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

LagTrend lagTrend(int64_t lag, double consumedPerSec, double producedPerSec)
{
    LagTrend t;
    if (lag == 0) {
        t.kind = LagTrend::Kind::CaughtUp;
        return t;
    }
    if (lag < 0 || consumedPerSec < 0 || producedPerSec < 0)
        return t;
    if (consumedPerSec == 0) {
        t.kind = LagTrend::Kind::Stalled;
        return t;
    }
    const double net = consumedPerSec - producedPerSec;
    // Within a hundredth of a message a second the lag neither clears nor grows in any time worth showing.
    if (std::abs(net) < 0.01) {
        t.kind = LagTrend::Kind::Steady;
        return t;
    }
    if (net < 0) {
        t.kind = LagTrend::Kind::Growing;
        return t;
    }
    t.kind = LagTrend::Kind::Clearing;
    t.clearsInMs = int64_t(std::ceil(double(lag) / net * 1000.0));
    return t;
}

void LagSeries::record(const QList<GroupDescription>& groups, double atSec)
{
    QSet<QString> present;
    present.reserve(groups.size());
    for (const GroupDescription& g : groups) {
        present.insert(g.id);
        QList<Point>& points = m_points[g.id];
        points.append({ atSec, double(g.totalLag()), g.timeLagMs() >= 0 ? double(g.timeLagMs()) / 1000.0 : -1.0 });
        qsizetype old = 0;
        while (old < points.size() && points[old].atSec < atSec - m_keepSec)
            ++old;
        if (old > 0)
            points.remove(0, old);
    }
    for (auto it = m_points.begin(); it != m_points.end();)
        it = present.contains(it.key()) ? std::next(it) : m_points.erase(it);
}

qsizetype LagSeries::pointCount() const
{
    qsizetype n = 0;
    for (const QList<Point>& p : m_points)
        n += p.size();
    return n;
}

void LagHistory::apply(QList<GroupDescription>& groups, qint64 atMs)
{
    QSet<QString> seen;
    for (GroupDescription& g : groups) {
        double consumed = 0;
        double produced = 0;
        bool measured = !g.offsets.isEmpty();
        for (GroupOffset& o : g.offsets) {
            const QString key = g.id + QLatin1Char('\0') + o.topic + QLatin1Char('\0') + QString::number(o.partition);
            seen.insert(key);
            std::deque<Sample>& samples = m_samples[key];
            if (o.committed < 0 || o.highWatermark < 0
                || (!samples.empty()
                    && (o.committed < samples.back().committed || o.highWatermark < samples.back().highWatermark)))
                samples.clear();
            if (o.committed >= 0 && o.highWatermark >= 0)
                samples.push_back({ atMs, o.committed, o.highWatermark });
            // Keep one sample older than the window at most, so the window is always spanned.
            while (samples.size() > 2 && samples[1].atMs <= atMs - m_windowMs)
                samples.pop_front();
            if (samples.size() >= 2 && samples.back().atMs - samples.front().atMs >= 1000) {
                const double seconds = double(samples.back().atMs - samples.front().atMs) / 1000.0;
                o.consumedPerSec = double(samples.back().committed - samples.front().committed) / seconds;
                o.producedPerSec = double(samples.back().highWatermark - samples.front().highWatermark) / seconds;
            } else {
                o.consumedPerSec = o.producedPerSec = -1;
            }
            o.trend = lagTrend(o.lag(), o.consumedPerSec, o.producedPerSec);
            if (o.consumedPerSec < 0) {
                measured = false;
            } else {
                consumed += o.consumedPerSec;
                produced += o.producedPerSec;
            }
        }
        g.trend = lagTrend(g.totalLag(), measured ? consumed : -1, measured ? produced : -1);
    }
    // Groups or partitions no longer seen are forgotten only when a whole refresh (every group) comes: a describe of
    // one group must not drop the others' history. Callers that refresh everything call apply() with all groups.
    if (m_samples.size() > 4 * seen.size() + 1000)
        for (auto it = m_samples.begin(); it != m_samples.end();)
            it = seen.contains(it.key()) ? std::next(it) : m_samples.erase(it);
}

} // namespace kafkalab
