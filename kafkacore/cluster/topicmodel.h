#pragma once

#include "kafkacore/cluster/clustersnapshot.h"
#include "kafkacore/common/keyedtablemodel.h"

namespace kafkalab {

// One row per topic. The partitions stay in the row so that PartitionModel can be fed from the same snapshot.
class TopicModel : public KeyedTableModel<TopicInfo, QString> {
    Q_OBJECT
public:
    enum Column { Name, Partitions, Replication, OffsetSpan, Internal, ColumnCount };
    static constexpr int InternalRole = Qt::UserRole + 1;
    using KeyedTableModel::KeyedTableModel;

    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void apply(const ClusterSnapshot& snapshot);

protected:
    QString keyOf(const TopicInfo& row) const override { return row.name; }
};

} // namespace kafkalab
