#pragma once

// The rebalance timeline's texts and label placement, shared by its layout's two files (not for other code).

#include "widgets/groups/timelinelayout.h"

#include <QFontMetricsF>
#include <QStringList>

#include <limits>

namespace kafkalab::timeline {

QString tr(const char* text);
QString seconds(double s); // "0.25", "12.5"
QString partitionName(const TopicPartitionRef& p); // "orders[3]"
QString markerText(const MemberEvent& e); // "▶ join", "+ g3", ...
QString eventTip(const MemberEvent& e, qint64 t0);
QString tickText(double s, double step, bool minutes);

// Rows of placed labels: a label goes into the first row where it meets none, with `gap` between neighbours.
struct Rows {
    QList<QList<QPair<double, double>>> rows;
    double gap = 0;
    int place(double from, double to, int maxRows, int firstRow = 0)
    {
        for (int r = firstRow; r < maxRows; ++r) {
            while (rows.size() < r)
                rows.emplaceBack();
            if (r == rows.size())
                rows.emplaceBack();
            bool free = true;
            for (const auto& [a, b] : std::as_const(rows[r]))
                free &= to + gap <= a || from >= b + gap;
            if (free) {
                rows[r].append({ from, to });
                return r;
            }
        }
        return -1;
    }
    int used() const
    {
        int n = 0;
        for (int r = 0; r < rows.size(); ++r)
            n = rows[r].isEmpty() ? n : r + 1;
        return n;
    }
};

struct PlacedText {
    QString text;
    double x = 0;
    double w = 0;
    int row = -1;
};

// The first of `variants` that finds a row from `firstRow` on, anchored at x, ending before `limit`; none: row -1.
PlacedText placeFirst(const QStringList& variants, double x, const QFontMetricsF& fm, double left, double right,
    Rows& rows, int maxRows, int firstRow = 0, double limit = std::numeric_limits<double>::max());

} // namespace kafkalab::timeline
