#pragma once

// A topic's leaders, replicas and ISR by partition, as the replication tests compare them between kafkalab and
// Kafka's own TopicCommand --describe, and the text their failure messages show.

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace kafkalab::test {

struct PartitionState {
    int leader = -1;
    QList<int> replicas; // in assignment order
    QList<int> isr; // sorted
    bool operator==(const PartitionState&) const = default;
};
using TopicState = QMap<int, PartitionState>; // partition -> state

inline QList<int> sorted(QList<int> ids)
{
    std::sort(ids.begin(), ids.end());
    return ids;
}

inline QString describe(const TopicState& state)
{
    QStringList parts;
    for (auto it = state.begin(); it != state.end(); ++it) {
        QStringList r, i;
        for (int id : it->replicas)
            r << QString::number(id);
        for (int id : it->isr)
            i << QString::number(id);
        parts << QStringLiteral("p%1 leader %2 replicas %3 isr %4")
                     .arg(it.key())
                     .arg(it->leader)
                     .arg(r.join(QLatin1Char(',')), i.join(QLatin1Char(',')));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace kafkalab::test
