// The offset stepper's two tables: per partition (position, committed, high watermark, lag) and per message (fate).
#include "widgets/scenarios/offsetpage.h"

#include <QLocale>
#include <QTableWidget>

namespace kafkalab {

namespace {

// Light backgrounds with dark text, readable in light and dark palettes alike.
QColor fateColor(const MessageFate& f)
{
    if (f.lost())
        return QColor(0xff, 0xcd, 0xd2);
    if (f.redelivered())
        return QColor(0xff, 0xe0, 0x82);
    if (f.committed && f.processed > 0)
        return QColor(0xc8, 0xe6, 0xc9);
    if (f.committed) // polled, its offset committed before processing: lost if the consumer dies now
        return QColor(0xff, 0xcc, 0xbc);
    if (f.lastFailed)
        return QColor(0xff, 0xcc, 0xbc);
    if (f.processed > 0)
        return QColor(0xbb, 0xde, 0xfb);
    return QColor(0xee, 0xee, 0xee);
}

QString timesText(int n)
{
    return n == 1 ? QObject::tr("once") : QObject::tr("%1 times").arg(QLocale().toString(n));
}

// The Delivered column counts deliveries; the fate counts the deliveries after the first (redeliveries), so
// "3 times" sits beside "redelivered 2 times".
QString fateText(const MessageFate& f)
{
    QString text = f.fate();
    if (f.redelivered())
        text = QObject::tr("redelivered %1, %2").arg(timesText(f.deliveries - 1), text);
    if (f.processed > 1)
        text += QObject::tr(" (processed %1)").arg(timesText(f.processed));
    if (f.lost())
        text += QObject::tr(": never processed, but its offset is committed");
    return text;
}

} // namespace

void OffsetPage::showPartitions(const ScenarioObservation& o)
{
    QStringList consumers;
    for (const ScenarioActor& a : m_scenario.actors)
        if (a.type == ScenarioActor::Type::Consumer && !a.groupId.isEmpty())
            consumers.append(a.name);
    m_partitions->setRowCount(int(consumers.size() * o.partitions.size()));
    const QLocale locale;
    int row = 0;
    for (const QString& c : std::as_const(consumers)) {
        for (const PartitionState& p : o.partitions) {
            const QString key = QStringLiteral("%1[%2]").arg(p.topic).arg(p.partition);
            const int64_t position = o.positions.value(c).value(key, -1);
            const int64_t committed = o.committed.value(c).value(key, -1);
            // -1 from the engine means the broker did not say (yet): unknown, never a number.
            const int64_t high = p.highWatermark;
            QString lag;
            if (high < 0)
                lag = tr("unknown");
            else if (committed >= 0)
                lag = locale.toString(qlonglong(std::max<int64_t>(0, high - committed)));
            else if (high == 0)
                lag = tr("nothing to read");
            else
                lag = tr("all (%1)").arg(locale.toString(qlonglong(high)));
            const QStringList cells { c, QString::number(p.partition),
                position >= 0 ? locale.toString(qlonglong(position))
                              : (o.positions.value(c).contains(key) ? tr("assigned, nothing read yet") : tr("—")),
                committed >= 0 ? locale.toString(qlonglong(committed)) : tr("none"),
                high >= 0 ? locale.toString(qlonglong(high)) : tr("unknown"), lag };
            for (int col = 0; col < cells.size(); ++col)
                m_partitions->setItem(row, col, new QTableWidgetItem(cells[col]));
            ++row;
        }
    }
    m_partitions->resizeColumnsToContents();
}

void OffsetPage::showMessages(const ScenarioObservation& o)
{
    int rows = 0;
    for (const QList<MessageFate>& list : o.fates)
        rows += int(list.size());
    m_messages->setRowCount(rows);
    int row = 0;
    for (auto it = o.fates.begin(); it != o.fates.end(); ++it) {
        for (const MessageFate& f : it.value()) {
            const QStringList cells { it.key(), QString::number(f.partition), QLocale().toString(qlonglong(f.offset)),
                f.key, f.value, timesText(f.deliveries), fateText(f) };
            const QColor background = fateColor(f);
            for (int col = 0; col < cells.size(); ++col) {
                auto* cell = new QTableWidgetItem(cells[col]);
                cell->setBackground(background);
                cell->setForeground(Qt::black);
                m_messages->setItem(row, col, cell);
            }
            ++row;
        }
    }
    m_messages->resizeColumnsToContents();
    m_messages->scrollToBottom();
}

} // namespace kafkalab
