#include "kafkacore/produce/deliverymodel.h"

#include <QDateTime>
#include <QStringDecoder>

namespace kafkalab {

QString displayKey(const std::optional<QByteArray>& key)
{
    if (!key)
        return QStringLiteral("(null)");
    if (key->isEmpty())
        return QStringLiteral("(empty)");
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(*key);
    bool printable = !decoder.hasError();
    for (const QChar c : text)
        printable = printable && (c.isPrint() || c == QLatin1Char(' '));
    return printable ? text : QStringLiteral("0x") + QString::fromLatin1(key->toHex());
}

DeliveryModel::DeliveryModel(int capacity, QObject* parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max(1, capacity))
{
}

QVariant DeliveryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const DeliveryRecord& r = m_rows[size_t(index.row())];
    if (role == ErrorRole)
        return !r.error.isEmpty();
    if (role == Qt::ToolTipRole && index.column() == Time)
        return QDateTime::fromMSecsSinceEpoch(r.timestampMs).toUTC().toString(Qt::ISODateWithMs);
    // A message in flight when it was purged or timed out may be in the log: "unknown", never plain "failed".
    const QString error = r.error.isEmpty() || !r.possiblyWritten
        ? r.error
        : QStringLiteral("unknown, may have been written: %1").arg(r.error);
    if (role == Qt::ToolTipRole && index.column() == Error)
        return error;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(r.timestampMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Topic:
        return r.topic;
    case Partition:
        return r.partition < 0 ? QVariant(QStringLiteral("—")) : QVariant(r.partition);
    case Offset:
        return r.offset < 0 ? QVariant(QStringLiteral("—")) : QVariant(qlonglong(r.offset));
    case Key:
        return displayKey(r.key);
    case Latency:
        return r.error.isEmpty() ? QVariant(QString::number(r.latencyMs, 'f', 1)) : QVariant();
    case Error:
        return error;
    }
    return {};
}

QVariant DeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const names[] = { "Time", "Topic", "Partition", "Offset", "Key", "Latency ms", "Error" };
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

void DeliveryModel::append(const QList<DeliveryRecord>& batch)
{
    if (batch.isEmpty())
        return;
    const qsizetype take = std::min<qsizetype>(batch.size(), m_capacity);
    const auto overflow = qsizetype(m_rows.size()) + take - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1));
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + size_t(take) - 1));
    m_rows.insert(m_rows.end(), batch.end() - take, batch.end());
    endInsertRows();
}

void DeliveryModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

} // namespace kafkalab
