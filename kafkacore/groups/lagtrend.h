#pragma once

// Where a group's lag is going: consumption and production rates from the committed offsets' and high watermarks'
// movement between refreshes, and when the lag clears at those rates. Pure logic, no Kafka client.

#include "kafkacore/groups/grouptypes.h"

#include <QHash>

#include <deque>

namespace kafkalab {

// The trend of a lag of `lag` messages consumed at `consumedPerSec` while `producedPerSec` arrive (negative rates:
// not measured yet).
LagTrend lagTrend(int64_t lag, double consumedPerSec, double producedPerSec);

// A time lag as shown: "0 s", "850 ms", "12.3 s", "5 min 3 s", "2 h 5 min"; "unknown" when negative.
QString durationText(int64_t ms);

// Offsets seen at each refresh, per group and partition, over the last `windowMs`.
class LagHistory {
public:
    explicit LagHistory(qint64 windowMs = 60000)
        : m_windowMs(windowMs)
    {
    }
    // Records the committed offsets and high watermarks of `groups` seen at `atMs`, and sets each partition's rates
    // and trend and each group's trend. A rate needs two samples at least a second apart; a committed offset that
    // moved back (a reset) starts the partition's history again.
    void apply(QList<GroupDescription>& groups, qint64 atMs);
    void clear() { m_samples.clear(); }

private:
    struct Sample {
        qint64 atMs;
        int64_t committed;
        int64_t highWatermark;
    };
    qint64 m_windowMs;
    QHash<QString, std::deque<Sample>> m_samples; // group \0 topic \0 partition
};

// The lag chart's points per group, bounded in time (the last `keepSec` seconds) and in groups: record() takes every
// group of a refresh, and a group not in it is gone, with its points (without a bound, ~23 MB an hour at 2,000
// groups, issue 16).
class LagSeries {
public:
    struct Point {
        double atSec; // since the page opened
        double lag; // total, messages
        double timeLagSec; // negative: unknown
    };
    explicit LagSeries(double keepSec = 1800)
        : m_keepSec(keepSec)
    {
    }
    void record(const QList<GroupDescription>& groups, double atSec);
    QList<Point> of(const QString& group) const { return m_points.value(group); }
    int groupCount() const { return int(m_points.size()); }
    qsizetype pointCount() const;
    double keepSec() const { return m_keepSec; }
    void clear() { m_points.clear(); }

private:
    double m_keepSec;
    QHash<QString, QList<Point>> m_points;
};

} // namespace kafkalab
