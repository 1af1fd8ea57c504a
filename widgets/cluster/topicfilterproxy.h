#pragma once

#include <QSortFilterProxyModel>

namespace kafkalab {

// Filters topics by a case-insensitive substring of the name and hides internal topics unless asked for.
class TopicFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setText(const QString& text);
    void setShowInternal(bool show);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    bool m_showInternal = true;
};

} // namespace kafkalab
