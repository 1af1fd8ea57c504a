#pragma once

#include "kafkacore/common/keyedtablemodel.h"
#include "kafkacore/groups/grouptypes.h"

namespace kafkalab {

// Consumer groups of a cluster, merged on every refresh so that selection survives.
class GroupListModel : public KeyedTableModel<GroupDescription, QString> {
    Q_OBJECT
public:
    enum Column { Group, Type, State, Protocol, Assignor, Members, Coordinator, Lag, TimeLag, ColumnCount };
    using KeyedTableModel::KeyedTableModel;

    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    const GroupDescription* find(const QString& id) const;

protected:
    QString keyOf(const GroupDescription& row) const override { return row.id; }
};

} // namespace kafkalab
