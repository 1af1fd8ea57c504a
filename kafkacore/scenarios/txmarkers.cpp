#include "kafkacore/scenarios/txmarkers.h"

#include <QSet>

namespace kafkalab {

QString partitionName(const QString& topic, int32_t partition)
{
    return QStringLiteral("%1[%2]").arg(topic).arg(partition);
}

QMap<QString, QList<int64_t>> transactionMarkers(
    const QList<PartitionState>& partitions, const QList<SeenMessage>& seen, const QMap<QString, int64_t>& start)
{
    QMap<QString, QSet<int64_t>> seenOffsets;
    for (const SeenMessage& m : seen)
        seenOffsets[partitionName(m.topic, m.partition)].insert(m.offset);
    QMap<QString, QList<int64_t>> out;
    for (const PartitionState& p : partitions) {
        const QString key = partitionName(p.topic, p.partition);
        QList<int64_t>& markers = out[key];
        const QSet<int64_t> had = seenOffsets.value(key);
        const int64_t end = std::min(p.highWatermark, p.lso);
        for (int64_t off = std::max<int64_t>(0, start.value(key, p.highWatermark)); off < end; ++off)
            if (!had.contains(off))
                markers.append(off);
    }
    return out;
}

} // namespace kafkalab
