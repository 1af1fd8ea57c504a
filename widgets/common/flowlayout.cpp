#include "widgets/common/flowlayout.h"

#include <QHBoxLayout>
#include <QWidget>

#include <algorithm>

namespace kafkalab {

FlowLayout::FlowLayout(QWidget* parent)
    : QLayout(parent)
{
}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem* item = takeAt(0))
        delete item;
}

void FlowLayout::addPair(QWidget* label, QWidget* field)
{
    auto* pair = new QHBoxLayout;
    pair->setContentsMargins(0, 0, 0, 0);
    addChildLayout(pair);
    pair->addWidget(label);
    pair->addWidget(field, 1);
    addItem(pair);
}

void FlowLayout::addItem(QLayoutItem* item)
{
    m_items.append(item);
    invalidate();
}

QLayoutItem* FlowLayout::takeAt(int index)
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    QLayoutItem* item = m_items.takeAt(index);
    invalidate();
    return item;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem* item : m_items)
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize().expandedTo(QSize(item->sizeHint().width(), 0)));
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const
{
    // On one line, as a QHBoxLayout would be.
    int width = 0;
    int height = 0;
    const int gap = spacingOr(QStyle::PM_LayoutHorizontalSpacing);
    for (const QLayoutItem* item : m_items) {
        if (item->isEmpty())
            continue;
        width += (width > 0 ? gap : 0) + item->sizeHint().width();
        height = std::max(height, item->sizeHint().height());
    }
    const QMargins m = contentsMargins();
    return { width + m.left() + m.right(), height + m.top() + m.bottom() };
}

void FlowLayout::setGeometry(const QRect& rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::spacingOr(QStyle::PixelMetric metric) const
{
    if (spacing() >= 0)
        return spacing();
    const QWidget* w = parentWidget();
    const QStyle* style = w ? w->style() : nullptr;
    const int metricValue = style ? style->pixelMetric(metric, nullptr, w) : -1;
    return metricValue >= 0 ? metricValue : 6; // styles that space item by item (Fusion) say -1
}

int FlowLayout::arrange(const QRect& rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int hgap = spacingOr(QStyle::PM_LayoutHorizontalSpacing);
    const int vgap = spacingOr(QStyle::PM_LayoutVerticalSpacing);
    QList<QLayoutItem*> shown;
    for (QLayoutItem* item : m_items)
        if (!item->isEmpty())
            shown.append(item);
    int y = area.y();
    qsizetype first = 0;
    while (first < shown.size()) {
        // The items of this line: as many as fit (at least one).
        qsizetype end = first;
        int used = 0;
        int lineHeight = 0;
        int expanding = 0;
        while (end < shown.size()) {
            const int w = shown[end]->sizeHint().width();
            if (end > first && used + hgap + w > area.width())
                break;
            used += (end > first ? hgap : 0) + w;
            lineHeight = std::max(lineHeight, shown[end]->sizeHint().height());
            if (shown[end]->expandingDirections() & Qt::Horizontal)
                ++expanding;
            ++end;
        }
        if (apply) {
            const int spare = std::max(0, area.width() - used);
            int x = area.x();
            int given = 0;
            for (qsizetype i = first; i < end; ++i) {
                QLayoutItem* item = shown[i];
                int w = std::min(item->sizeHint().width(), area.width());
                if (expanding > 0 && (item->expandingDirections() & Qt::Horizontal)) {
                    const int extra = spare / expanding + (given == 0 ? spare % expanding : 0);
                    w += extra;
                    ++given;
                }
                item->setGeometry(
                    QRect(x, y + (lineHeight - item->sizeHint().height()) / 2, w, item->sizeHint().height()));
                x += w + hgap;
            }
        }
        y += lineHeight + (end < shown.size() ? vgap : 0);
        first = end;
    }
    return y - area.y() + contentsMargins().top() + contentsMargins().bottom();
}

} // namespace kafkalab
