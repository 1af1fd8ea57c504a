// The Group lab's two tables, filled again from the lab after every member event: the members (each with its group,
// what it is doing or how it ended, and how much it consumed) and the board (partitions x members: what each member
// consumed of each partition, coloured where it owns the partition now).
#include "kafkacore/cluster/clustersession.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouppalette.h"

#include <QHash>
#include <QTableWidget>

namespace kafkalab {

void GroupLabPage::refreshMembers()
{
    const QStringList members = m_lab->members();
    const int selected = m_memberTable->currentRow();
    m_memberTable->setRowCount(int(members.size()));
    for (int i = 0; i < members.size(); ++i) {
        const QString& m = members[i];
        // Running: how many partitions it owns, and whether it is paused or stalled. Stopped: how it ended.
        QString state;
        QString special;
        for (const MemberEvent& e : m_lab->events()) {
            if (e.member != m)
                continue;
            if (e.kind == MemberEvent::Kind::Paused || e.kind == MemberEvent::Kind::Stalled)
                special = MemberEvent::kindName(e.kind) + QStringLiteral("d");
            else if (e.kind == MemberEvent::Kind::Resumed)
                special.clear();
            else if (e.kind == MemberEvent::Kind::Joining) // started (again)
                state.clear();
            else if (e.kind == MemberEvent::Kind::Left || e.kind == MemberEvent::Kind::Crashed
                || e.kind == MemberEvent::Kind::Error)
                state = MemberEvent::kindName(e.kind)
                    + (e.detail.isEmpty() ? QString() : QStringLiteral(": ") + e.detail);
        }
        if (m_lab->isRunning(m) && !state.startsWith(MemberEvent::kindName(MemberEvent::Kind::Error))) {
            int owned = 0;
            for (const QString& owner : m_lab->owners(m_lab->config(m).groupId))
                owned += owner == m ? 1 : 0;
            state = tr("running, owns %1 partitions").arg(owned)
                + (special.isEmpty() ? QString() : QStringLiteral(", ") + special);
        }
        const MemberConfig mc = m_lab->config(m);
        const QString group = QStringLiteral("%1 (%2, %3)").arg(mc.groupId, mc.protocol, mc.assignor);
        const QStringList cells { m, group, state, QString::number(m_lab->consumed(m)) };
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 0) {
                item->setBackground(groupMemberColor(i));
                item->setForeground(Qt::black); // the member colours are light, in any palette
            }
            if (c == 2 && state.startsWith(MemberEvent::kindName(MemberEvent::Kind::Error))) {
                item->setForeground(QColor(198, 40, 40));
                item->setToolTip(state);
            }
            m_memberTable->setItem(i, c, item);
        }
    }
    if (selected >= 0 && selected < m_memberTable->rowCount())
        m_memberTable->selectRow(selected);
}

void GroupLabPage::refreshBoard()
{
    const QStringList members = m_lab->members();
    // Rows: every partition of every topic the members subscribe to.
    QList<TopicPartitionRef> partitions;
    QStringList topics;
    for (const QString& m : members)
        for (const QString& t : m_lab->config(m).topics)
            if (!topics.contains(t))
                topics.append(t);
    for (const QString& t : topics)
        if (const TopicInfo* info = m_session->snapshot().topic(t))
            for (const PartitionInfo& p : info->partitions)
                partitions.append({ t, p.id });
    m_board->setColumnCount(int(members.size()));
    m_board->setRowCount(int(partitions.size()));
    QStringList headers;
    for (const QString& m : members)
        headers.append(QStringLiteral("%1\n%2").arg(m, m_lab->config(m).groupId));
    m_board->setHorizontalHeaderLabels(headers);
    QStringList rows;
    for (const TopicPartitionRef& p : partitions)
        rows.append(QStringLiteral("%1[%2]").arg(p.topic).arg(p.partition));
    m_board->setVerticalHeaderLabels(rows);
    QHash<QString, QHash<QString, QString>> owners; // group -> partition -> member
    for (const QString& m : members) {
        const QString g = m_lab->config(m).groupId;
        if (!owners.contains(g))
            owners.insert(g, m_lab->owners(g));
    }
    for (int r = 0; r < partitions.size(); ++r) {
        const QString key = GroupLab::key(partitions[r].topic, partitions[r].partition);
        for (int c = 0; c < members.size(); ++c) {
            const QString& m = members[c];
            const bool owns = owners.value(m_lab->config(m).groupId).value(key) == m;
            auto* item = new QTableWidgetItem(
                QString::number(m_lab->consumed(m, partitions[r].topic, partitions[r].partition)));
            item->setTextAlignment(Qt::AlignCenter);
            if (owns) {
                item->setBackground(groupMemberColor(c));
                item->setForeground(Qt::black);
            }
            item->setData(Qt::UserRole, owns);
            m_board->setItem(r, c, item);
        }
    }
}

} // namespace kafkalab
