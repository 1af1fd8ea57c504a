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

} // namespace kafkalab
