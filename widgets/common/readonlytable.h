#pragma once

// A compact read-only QTableWidget (headers, no row numbers, rows as tall as a line of text), as the pages' small
// tables use it.

#include <QHeaderView>
#include <QStringList>
#include <QTableWidget>

namespace kafkalab {

inline QTableWidget* makeReadOnlyTable(const QStringList& headers, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setWordWrap(false);
    return t;
}

} // namespace kafkalab
