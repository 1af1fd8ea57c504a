#include "kafkacore/groups/grouplistmodel.h"

#include "kafkacore/groups/lagtrend.h"

#include <QLocale>

namespace kafkalab {

QVariant GroupListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const GroupDescription& g = rowAt(index.row());
    if (role == Qt::ToolTipRole && !g.error.isEmpty())
        return g.error;
    if (role == Qt::ToolTipRole && !g.membersKnown())
        return g.unreadable;
    if (role == Qt::ToolTipRole && index.column() == Coordinator)
        return g.coordinator;
    if (role == Qt::ToolTipRole && index.column() == Type)
        return g.protocol.isEmpty() ? QStringLiteral("simple group: committed offsets only, no member ever joined")
                                    : QStringLiteral("protocol type %1").arg(g.protocol);
    if (role == Qt::ToolTipRole && index.column() == State && !g.stateNote.isEmpty())
        return g.stateNote;
    if (role == Qt::ToolTipRole && (index.column() == Lag || index.column() == TimeLag))
        return QStringLiteral("Lag %1").arg(g.trend.text());
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    switch (index.column()) {
    case Group:
        return g.id;
    case Type:
        return g.type;
    case State:
        return sort ? g.state : g.stateText(); // the filter matches the plain state
    case Protocol:
        return g.protocol.isEmpty() ? QStringLiteral("simple") : g.protocol;
    case Assignor:
        return !g.membersKnown() ? QStringLiteral("?") : g.assignor.isEmpty() ? QStringLiteral("—") : g.assignor;
    case Members:
        return !g.membersKnown() ? (sort ? QVariant(-1) : QVariant(QStringLiteral("?")))
                                 : QVariant(int(g.members.size()));
    case Coordinator:
        return g.coordinatorId; // the host is in the tooltip
    case Lag:
        return sort ? QVariant(qlonglong(g.totalLag())) : QVariant(QLocale().toString(qlonglong(g.totalLag())));
    case TimeLag:
        return sort ? QVariant(qlonglong(g.timeLagMs())) : QVariant(durationText(g.timeLagMs()));
    }
    return {};
}

QVariant GroupListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const names[]
        = { "Group", "Type", "State", "Protocol", "Assignor", "Members", "Coordinator", "Total lag", "Time lag" };
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

const GroupDescription* GroupListModel::find(const QString& id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &rowAt(row);
}

} // namespace kafkalab
