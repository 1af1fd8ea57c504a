#pragma once

// A compact read-only QTableWidget (headers, no row numbers, rows as tall as a line of text), as the pages' small
// tables use it. Its columns are fitted to their titles at the start, and to titles and contents again when the font
// changes (presentation mode), so no title is cut; they stay Interactive. (Not fitColumnsWhenFilled: a
// QTableWidget's own model resets while the table is being destroyed, after its header is gone.)

#include <QEvent>
#include <QHeaderView>
#include <QObject>
#include <QStringList>
#include <QTableWidget>

namespace kafkalab {

namespace detail {
class TableFontFollower : public QObject {
public:
    explicit TableFontFollower(QTableView* table)
        : QObject(table)
        , m_table(table)
    {
    }
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_table && event->type() == QEvent::FontChange) {
            m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
            m_table->resizeColumnsToContents();
        }
        return false;
    }

private:
    QTableView* m_table;
};
} // namespace detail

// Rows as tall as a line of the table's font and columns fitted again whenever that font changes.
inline void followFontInTable(QTableView* table)
{
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->installEventFilter(new detail::TableFontFollower(table));
}

inline QTableWidget* makeReadOnlyTable(const QStringList& headers, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setWordWrap(false);
    t->resizeColumnsToContents();
    followFontInTable(t);
    return t;
}

} // namespace kafkalab
