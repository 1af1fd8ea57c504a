#pragma once

#include <QAbstractTableModel>

#include <algorithm>
#include <utility>
#include <vector>

namespace kafkalab {

// The changed rows of a refresh as at most `maxRanges` inclusive ranges [first, last]: contiguous runs of `rows`
// (ascending, no duplicates), and where there are more runs than `maxRanges`, neighbouring runs joined across the
// smallest gaps. A view repaints only what is on screen, so a range that spans a few unchanged rows costs less than
// one more signal (issue 16: one dataChanged per row froze the Groups tab for 300-680 ms at 2,000 groups).
inline std::vector<std::pair<int, int>> coalesceRows(const std::vector<int>& rows, size_t maxRanges)
{
    std::vector<std::pair<int, int>> runs;
    for (int r : rows) {
        if (!runs.empty() && runs.back().second + 1 == r)
            runs.back().second = r;
        else
            runs.emplace_back(r, r);
    }
    if (maxRanges == 0 || runs.size() <= maxRanges)
        return runs;
    // Keep the (maxRanges - 1) widest gaps as breaks; join across the others.
    std::vector<size_t> gaps(runs.size() - 1); // gap i lies between runs[i] and runs[i + 1]
    for (size_t i = 0; i < gaps.size(); ++i)
        gaps[i] = i;
    auto wider = [&runs](size_t a, size_t b) {
        const int ga = runs[a + 1].first - runs[a].second;
        const int gb = runs[b + 1].first - runs[b].second;
        return ga != gb ? ga > gb : a < b;
    };
    std::nth_element(gaps.begin(), gaps.begin() + long(maxRanges - 1), gaps.end(), wider);
    std::vector<bool> breakAfter(runs.size(), false);
    for (size_t k = 0; k + 1 < maxRanges; ++k)
        breakAfter[gaps[k]] = true;
    std::vector<std::pair<int, int>> joined;
    joined.reserve(maxRanges);
    for (size_t i = 0; i < runs.size(); ++i) {
        if (i > 0 && !breakAfter[i - 1])
            joined.back().second = runs[i].second;
        else
            joined.push_back(runs[i]);
    }
    return joined;
}

// A table whose rows have a unique, ordered key. merge() turns the current rows into the new ones with the fewest
// row signals (remove, insert, dataChanged), so views keep their selection and scroll position across refreshes.
// Changed rows are announced after the inserts and removes, as at most MaxChangedRanges dataChanged ranges
// (coalesceRows), never one signal per row.
template <typename Row, typename Key> class KeyedTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    static constexpr int SortRole = Qt::UserRole; // numbers sort as numbers
    static constexpr size_t MaxChangedRanges = 16;

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    const Row& rowAt(int row) const { return m_rows.at(size_t(row)); }
    const std::vector<Row>& rows() const { return m_rows; }

    int rowOf(const Key& key) const
    {
        auto it = std::lower_bound(
            m_rows.begin(), m_rows.end(), key, [this](const Row& r, const Key& k) { return keyOf(r) < k; });
        return (it != m_rows.end() && keyOf(*it) == key) ? int(it - m_rows.begin()) : -1;
    }

    void merge(std::vector<Row> incoming)
    {
        std::sort(incoming.begin(), incoming.end(), [this](const Row& a, const Row& b) { return keyOf(a) < keyOf(b); });
        // The walk goes up the rows: a changed row's index is final once passed (later inserts and removes are
        // below it), so the changes are announced together at the end.
        std::vector<int> changed;
        size_t i = 0;
        size_t j = 0;
        while (i < m_rows.size() || j < incoming.size()) {
            if (j == incoming.size() || (i < m_rows.size() && keyOf(m_rows[i]) < keyOf(incoming[j]))) {
                // A run of rows that are gone.
                size_t end = i + 1;
                while (end < m_rows.size() && (j == incoming.size() || keyOf(m_rows[end]) < keyOf(incoming[j])))
                    ++end;
                beginRemoveRows({}, int(i), int(end - 1));
                m_rows.erase(m_rows.begin() + long(i), m_rows.begin() + long(end));
                endRemoveRows();
            } else if (i == m_rows.size() || keyOf(incoming[j]) < keyOf(m_rows[i])) {
                // A run of new rows.
                size_t end = j + 1;
                while (end < incoming.size() && (i == m_rows.size() || keyOf(incoming[end]) < keyOf(m_rows[i])))
                    ++end;
                beginInsertRows({}, int(i), int(i + (end - j) - 1));
                m_rows.insert(m_rows.begin() + long(i), std::make_move_iterator(incoming.begin() + long(j)),
                    std::make_move_iterator(incoming.begin() + long(end)));
                endInsertRows();
                i += end - j;
                j = end;
            } else {
                if (!(m_rows[i] == incoming[j])) {
                    m_rows[i] = std::move(incoming[j]);
                    changed.push_back(int(i));
                }
                ++i;
                ++j;
            }
        }
        if (changed.empty())
            return;
        const int lastColumn = columnCount() - 1;
        for (const auto& [first, last] : coalesceRows(changed, MaxChangedRanges))
            Q_EMIT dataChanged(index(first, 0), index(last, lastColumn));
    }

    void clear()
    {
        if (m_rows.empty())
            return;
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }

protected:
    virtual Key keyOf(const Row& row) const = 0;
    std::vector<Row> m_rows;
};

} // namespace kafkalab
