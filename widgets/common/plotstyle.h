#pragma once

// QCustomPlot draws on white with black axes whatever the palette; this makes a plot follow the widget's palette
// (light or dark): background, axes, tick labels, grid, legend and text elements.

#include "widgets/common/customplot.h"

#include <QPalette>

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

} // namespace kafkalab
