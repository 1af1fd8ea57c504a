#pragma once

#include "kafkacore/cluster/clustersnapshot.h"
#include "kafkacore/common/keyedtablemodel.h"

namespace kafkalab {

// The partitions of one topic, chosen with setTopic().
class PartitionModel : public KeyedTableModel<PartitionInfo, int32_t> {
    Q_OBJECT
public:
    enum Column { Id, Leader, Replicas, Isr, Low, High, OffsetSpan, ColumnCount };
    static constexpr int UnderReplicatedRole = Qt::UserRole + 1;
    using KeyedTableModel::KeyedTableModel;

    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    QString topic() const { return m_topic; }
    // Shows `topic` as it is in `snapshot` (empty when the topic is not there).
    void show(const QString& topic, const ClusterSnapshot& snapshot);

protected:
    int32_t keyOf(const PartitionInfo& row) const override { return row.id; }

private:
    QString m_topic;
};

} // namespace kafkalab
