#pragma once

#include "kafkacore/cluster/clustersnapshot.h"
#include "kafkacore/common/keyedtablemodel.h"

namespace kafkalab {

class BrokerModel : public KeyedTableModel<BrokerInfo, int32_t> {
    Q_OBJECT
public:
    enum Column { Id, Address, Rack, Controller, ColumnCount };
    using KeyedTableModel::KeyedTableModel;

    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void apply(const ClusterSnapshot& snapshot);

protected:
    int32_t keyOf(const BrokerInfo& row) const override { return row.id; }
};

} // namespace kafkalab
