#pragma once

#include <QAbstractTableModel>

#include <algorithm>
#include <vector>

namespace kafkalab {

// A table whose rows have a unique, ordered key. merge() turns the current rows into the new ones with the fewest
// row signals (remove, insert, dataChanged), so views keep their selection and scroll position across refreshes.
template <typename Row, typename Key> class KeyedTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    static constexpr int SortRole = Qt::UserRole; // numbers sort as numbers

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
                    Q_EMIT dataChanged(index(int(i), 0), index(int(i), columnCount() - 1));
                }
                ++i;
                ++j;
            }
        }
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
