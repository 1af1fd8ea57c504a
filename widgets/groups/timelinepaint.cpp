#include "widgets/groups/grouppalette.h"
#include "widgets/groups/timelinelayout.h"

#include <QPainter>
#include <QPalette>

namespace kafkalab {

void paintTimeline(QPainter& p, const TimelineLayout& L, const QPalette& palette, const QFont& font)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    const QColor text = palette.color(QPalette::Text);
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    QColor faint = text;
    faint.setAlpha(70);
    QColor veil = text;
    veil.setAlpha(14);
    const QColor rebalanceText = dark ? QColor(255, 138, 128) : QColor(183, 28, 28);
    QFont bold = font;
    bold.setBold(true);
    QFont titleFont = bold;
    if (font.pointSizeF() > 0)
        titleFont.setPointSizeF(font.pointSizeF() * 1.1);
    const double stroke = std::max(1.0, QFontMetricsF(font).height() / 14.0);

    p.setPen(text);
    p.setFont(titleFont);
    p.drawText(L.titleRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, L.title);
    if (!L.empty.isEmpty()) {
        p.setFont(font);
        p.drawText(L.plot, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, L.empty);
        p.restore();
        return;
    }

    // Groups: a band each, the name in its header.
    for (const TimelineLayout::Group& g : L.groups) {
        p.setPen(QPen(faint, stroke));
        p.setBrush(veil);
        p.drawRoundedRect(g.band, 4, 4);
        p.setPen(text);
        p.setFont(bold);
        p.drawText(g.header, Qt::AlignLeft | Qt::AlignVCenter, g.title);
    }
    // Rebalances: shaded behind the bars, a line on top, their labels in the group's strip.
    for (const TimelineLayout::Band& b : L.bands) {
        p.fillRect(b.shade, rebalanceBandColor(b.cooperative));
        p.setPen(QPen(rebalanceText, stroke));
        p.drawLine(b.shade.topLeft(), b.shade.topRight());
        if (!b.label.isEmpty()) {
            p.setFont(font);
            p.drawText(b.label, Qt::AlignLeft | Qt::AlignVCenter, b.text);
        }
    }
    // Lanes: the member's name on its board colour, a line under each lane.
    for (const TimelineLayout::Lane& l : L.lanes) {
        p.setPen(Qt::NoPen);
        p.setBrush(l.color);
        p.drawRoundedRect(l.nameRect, 3, 3);
        p.setPen(Qt::black); // the member colours are pale in any palette
        p.setFont(bold);
        p.drawText(l.nameRect, Qt::AlignCenter, l.member);
        p.setPen(QPen(faint, 1, Qt::DotLine));
        p.drawLine(QPointF(l.rect.left(), l.rect.bottom()), QPointF(l.rect.right(), l.rect.bottom()));
    }
    for (const TimelineLayout::Bar& b : L.bars)
        p.fillRect(b.rect, b.color);
    for (const TimelineLayout::Bar& t : L.targets) {
        QPen pen(t.color.darker(140), stroke);
        pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawRect(t.rect);
    }
    // Now, when it is in view.
    if (L.nowX >= L.plot.left() && L.nowX <= L.plot.right() + 0.5) {
        QPen pen(faint, stroke);
        pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(L.nowX, L.plot.top()), QPointF(L.nowX, L.plot.bottom()));
    }
    // Markers: a tick at the event, the label in the lane's marker strip.
    p.setFont(bold);
    for (const TimelineLayout::Marker& m : L.markers) {
        p.fillRect(m.tick, text);
        if (!m.rect.isEmpty()) {
            p.setPen(text);
            p.drawText(m.rect, Qt::AlignLeft | Qt::AlignVCenter, m.text);
        }
    }
    // The axis.
    p.setFont(font);
    p.setPen(QPen(text, stroke));
    p.drawLine(L.axisLine.topLeft(), L.axisLine.topRight());
    for (const TimelineLayout::Tick& t : L.ticks) {
        p.drawLine(QPointF(t.x, L.axisLine.top()), QPointF(t.x, L.axisLine.top() + t.label.top() - L.axisLine.top()));
        p.drawText(t.label, Qt::AlignCenter, t.text);
    }
    p.drawText(L.caption, Qt::AlignLeft | Qt::AlignVCenter, L.captionText);
    // The legend.
    for (const TimelineLayout::LegendEntry& e : L.legend) {
        switch (e.kind) {
        case TimelineLayout::LegendEntry::Kind::Partition:
            p.fillRect(e.swatch, e.color);
            break;
        case TimelineLayout::LegendEntry::Kind::Rebalance:
            p.fillRect(e.swatch, e.color);
            p.setPen(QPen(rebalanceText, stroke));
            p.drawLine(e.swatch.topLeft(), e.swatch.topRight());
            break;
        case TimelineLayout::LegendEntry::Kind::Target:
        case TimelineLayout::LegendEntry::Kind::Now: {
            QPen pen(text, stroke);
            pen.setStyle(Qt::DashLine);
            p.setPen(pen);
            p.setBrush(Qt::NoBrush);
            p.drawRect(e.swatch);
            break;
        }
        }
        p.setPen(text);
        p.drawText(e.label, Qt::AlignLeft | Qt::AlignVCenter, e.text);
    }
    p.restore();
}

} // namespace kafkalab
