#include "kafkacore/cluster/partitionmodel.h"

#include <QLocale>
#include <QStringList>

namespace kafkalab {

static QString joinIds(const QList<int32_t>& ids)
{
    QStringList parts;
    for (int32_t id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1String(", "));
}

static QVariant offsetText(int64_t value)
{
    return value < 0 ? QVariant(QStringLiteral("?")) : QVariant(QLocale().toString(qlonglong(value)));
}

QVariant PartitionModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const PartitionInfo& p = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Id:
            return p.id;
        case Leader:
            return p.leader < 0 ? QVariant(QStringLiteral("none")) : QVariant(p.leader);
        case Replicas:
            return joinIds(p.replicas);
        case Isr:
            return joinIds(p.isr);
        case Low:
            return offsetText(p.low);
        case High:
            // The last stable offset only where it differs: a transaction is open on the partition.
            if (p.openTransaction())
                return QStringLiteral("%1 (stable %2)")
                    .arg(offsetText(p.high).toString(), offsetText(p.lastStable).toString());
            return offsetText(p.high);
        case OffsetSpan:
            return offsetText(p.offsetSpan());
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Id:
            return p.id;
        case Leader:
            return p.leader;
        case Replicas:
            return int(p.replicas.size());
        case Isr:
            return int(p.isr.size());
        case Low:
            return qlonglong(p.low);
        case High:
            return qlonglong(p.high);
        case OffsetSpan:
            return qlonglong(p.offsetSpan());
        }
        break;
    case UnderReplicatedRole:
        return p.isr.size() < p.replicas.size();
    case Qt::ToolTipRole:
        if (!p.error.isEmpty())
            return p.error;
        if (index.column() == Isr && p.isr.size() < p.replicas.size())
            return QStringLiteral("Under-replicated: %1 of %2 replicas in sync")
                .arg(p.isr.size())
                .arg(p.replicas.size());
        if (index.column() == OffsetSpan)
            return TopicInfo::offsetSpanExplanation();
        if (index.column() == High && p.openTransaction())
            return QStringLiteral("A transaction is open: read_committed consumers read up to the last stable offset, "
                                  "%1, until it commits or aborts")
                .arg(offsetText(p.lastStable).toString());
        break;
    default:
        break;
    }
    return {};
}

QVariant PartitionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    // Short titles, so that every column fits beside the topic list at 1280 px; the full names are the tooltips.
    static const char* const names[] = { "Partition", "Leader", "Replicas", "ISR", "Low", "High", "High − low" };
    static const char* const tips[] = { "Partition id", "Leader broker id", "Replica broker ids",
        "In-sync replica broker ids", "Low watermark: the first offset still in the log",
        "High watermark: the offset the next message gets", nullptr };
    if (role == Qt::ToolTipRole)
        return tips[section] ? QString::fromUtf8(tips[section]) : TopicInfo::offsetSpanExplanation();
    return role == Qt::DisplayRole ? QVariant(QString::fromUtf8(names[section])) : QVariant();
}

void PartitionModel::show(const QString& topic, const ClusterSnapshot& snapshot)
{
    if (topic != m_topic) {
        clear();
        m_topic = topic;
    }
    const TopicInfo* t = snapshot.topic(topic);
    merge(t ? std::vector<PartitionInfo>(t->partitions.begin(), t->partitions.end()) : std::vector<PartitionInfo>());
}

} // namespace kafkalab
