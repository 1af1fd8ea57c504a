#pragma once

// QCustomPlot draws on white with black axes in its own fonts whatever the palette and font; followStyle makes a plot
// follow its widget's palette (light, dark, presentation mode's high contrast) and font (presentation mode's
// scale): background, axes, tick labels, grid, legend and text elements, now and whenever either changes.

#include "widgets/common/customplot.h"

#include <QEvent>
#include <QFont>
#include <QObject>
#include <QPalette>

#include <algorithm>

namespace kafkalab {

inline void followPalette(QCustomPlot* plot, const QPalette& pal)
{
    plot->setBackground(pal.brush(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    for (QCPAxis* axis : { plot->xAxis, plot->yAxis }) {
        axis->setLabelColor(text);
        axis->setTickLabelColor(text);
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    }
    plot->legend->setBrush(pal.brush(QPalette::Base));
    plot->legend->setTextColor(text);
    plot->legend->setBorderPen(QPen(text));
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
            title->setTextColor(text);
}

// Titles one step bigger and bold, everything else in the widget's font; axis lines as thick as the font is big.
inline void followFont(QCustomPlot* plot, const QFont& font)
{
    QFont title = font;
    title.setBold(true);
    title.setPointSizeF(font.pointSizeF() * 1.1);
    const double stroke = std::max(1.0, font.pointSizeF() / 9.0);
    for (QCPAxis* axis : { plot->xAxis, plot->yAxis }) {
        axis->setLabelFont(font);
        axis->setTickLabelFont(font);
        QPen base = axis->basePen();
        base.setWidthF(stroke);
        axis->setBasePen(base);
        axis->setTickPen(base);
    }
    plot->legend->setFont(font);
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* text = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
            text->setFont(title);
}

namespace detail {
class PlotStyleFollower : public QObject {
public:
    explicit PlotStyleFollower(QCustomPlot* plot)
        : QObject(plot)
        , m_plot(plot)
    {
    }
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_plot && (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)) {
            followPalette(m_plot, m_plot->palette());
            followFont(m_plot, m_plot->font());
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        }
        return false;
    }

private:
    QCustomPlot* m_plot;
};
} // namespace detail

inline void followStyle(QCustomPlot* plot)
{
    followPalette(plot, plot->palette());
    followFont(plot, plot->font());
    plot->installEventFilter(new detail::PlotStyleFollower(plot));
}

} // namespace kafkalab
