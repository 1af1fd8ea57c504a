#include "kafkacore/cluster/topicmodel.h"

#include <QLocale>

namespace kafkalab {

QVariant TopicModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const TopicInfo& t = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return t.name;
        case Partitions:
            return int(t.partitions.size());
        case Replication:
            return t.replicationFactor();
        case OffsetSpan: {
            const int64_t n = t.offsetSpan();
            return n < 0 ? QStringLiteral("?") : QLocale().toString(qlonglong(n));
        }
        case Internal:
            return t.internal ? QStringLiteral("internal") : QString();
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Name:
            return t.name;
        case Partitions:
            return int(t.partitions.size());
        case Replication:
            return t.replicationFactor();
        case OffsetSpan:
            return qlonglong(t.offsetSpan());
        case Internal:
            return t.internal;
        }
        break;
    case InternalRole:
        return t.internal;
    case Qt::ToolTipRole:
        if (!t.error.isEmpty())
            return t.error;
        if (index.column() == OffsetSpan)
            return QStringLiteral("Sum over the partitions. ") + TopicInfo::offsetSpanExplanation();
        break;
    default:
        break;
    }
    return {};
}

QVariant TopicModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return QStringLiteral("Topic");
    case Partitions:
        return QStringLiteral("Partitions");
    case Replication:
        return QStringLiteral("Replication");
    case OffsetSpan:
        return QStringLiteral("Offsets (high − low)");
    case Internal:
        return QStringLiteral("Kind");
    }
    return {};
}

void TopicModel::apply(const ClusterSnapshot& snapshot)
{
    merge(std::vector<TopicInfo>(snapshot.topics.begin(), snapshot.topics.end()));
}

} // namespace kafkalab
