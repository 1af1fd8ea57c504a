#include "widgets/cluster/topicfilterproxy.h"

#include "kafkacore/cluster/topicmodel.h"

namespace kafkalab {

void TopicFilterProxy::setText(const QString& text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void TopicFilterProxy::setShowInternal(bool show)
{
    m_showInternal = show;
    invalidateFilter();
}

bool TopicFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex name = sourceModel()->index(sourceRow, TopicModel::Name, sourceParent);
    if (!m_showInternal && name.data(TopicModel::InternalRole).toBool())
        return false;
    return m_text.isEmpty() || name.data().toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace kafkalab
