#include "kafkacore/cluster/brokermodel.h"

namespace kafkalab {

QVariant BrokerModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const BrokerInfo& b = rowAt(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id:
            return b.id;
        case Address:
            return QStringLiteral("%1:%2").arg(b.host).arg(b.port);
        case Rack:
            return b.rack.isEmpty() ? QStringLiteral("—") : b.rack;
        case Controller:
            return b.controller ? QStringLiteral("controller") : QString();
        }
    } else if (role == SortRole) {
        switch (index.column()) {
        case Id:
            return b.id;
        case Controller:
            return b.controller;
        default:
            return data(index, Qt::DisplayRole);
        }
    } else if (role == Qt::ToolTipRole && index.column() == Rack && b.rack.isEmpty()) {
        return QStringLiteral("This broker has no broker.rack set");
    }
    return {};
}

QVariant BrokerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return QStringLiteral("Id");
    case Address:
        return QStringLiteral("Host:port");
    case Rack:
        return QStringLiteral("Rack");
    case Controller:
        return QStringLiteral("Role");
    }
    return {};
}

void BrokerModel::apply(const ClusterSnapshot& snapshot)
{
    merge(std::vector<BrokerInfo>(snapshot.brokers.begin(), snapshot.brokers.end()));
}

} // namespace kafkalab
