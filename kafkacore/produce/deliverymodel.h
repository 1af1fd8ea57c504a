#pragma once

#include "kafkacore/produce/producertypes.h"

#include <QAbstractTableModel>

#include <deque>

namespace kafkalab {

// Delivery reports, newest last, at most `capacity` rows: the oldest are evicted in one range per batch.
class DeliveryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Topic, Partition, Offset, Key, Latency, Error, ColumnCount };
    static constexpr int ErrorRole = Qt::UserRole + 1;

    explicit DeliveryModel(int capacity = 10000, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(const QList<DeliveryRecord>& batch);
    void clear();
    const DeliveryRecord& at(int row) const { return m_rows.at(size_t(row)); }

private:
    int m_capacity;
    std::deque<DeliveryRecord> m_rows;
};

// Keys as people read them: text when it is printable UTF-8, else hex; a null key says so.
QString displayKey(const std::optional<QByteArray>& key);

} // namespace kafkalab
