#include "kafkacore/cluster/clustersnapshot.h"

namespace kafkalab {

int64_t TopicInfo::offsetSpan() const
{
    int64_t total = 0;
    for (const PartitionInfo& p : partitions) {
        const int64_t n = p.offsetSpan();
        if (n < 0)
            return -1;
        total += n;
    }
    return total;
}

QString TopicInfo::offsetSpanExplanation()
{
    return QStringLiteral("High watermark minus low watermark: the offsets the log spans, not a count of messages. "
                          "Transaction markers, records of aborted transactions and records removed by compaction "
                          "take offsets too, so this is an upper bound on the messages a consumer reads.");
}

const TopicInfo* ClusterSnapshot::topic(const QString& name) const
{
    for (const TopicInfo& t : topics)
        if (t.name == name)
            return &t;
    return nullptr;
}

} // namespace kafkalab
