#include "widgets/produce/distributionview.h"

#include "widgets/common/plotstyle.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/common/customplot.h"

namespace kafkalab {

DistributionView::DistributionView(QWidget* parent)
    : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(220);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, tr("Per partition"), font()));
    m_plot->xAxis->setLabel(tr("Partition"));
    m_plot->yAxis->setLabel(tr("Delivered / offsets")); // short: the axis is short at 1024x768 in large type
    auto* group = new QCPBarsGroup(m_plot);
    m_run = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_run->setName(tr("This run (delivered)"));
    m_run->setBrush(QColor(33, 150, 243, 200));
    m_run->setPen(QPen(QColor(21, 101, 192)));
    m_run->setWidth(0.38);
    m_run->setBarsGroup(group);
    m_topic = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    // Offsets, not messages: transaction markers, aborted and compacted-away records take offsets too.
    m_topic->setName(tr("Offsets in the topic\n(high − low watermark, ≥ its messages)"));
    m_topic->setBrush(QColor(255, 152, 0, 170));
    m_topic->setPen(QPen(QColor(230, 81, 0)));
    m_topic->setWidth(0.38);
    m_topic->setBarsGroup(group);
    // The legend gets a row of its own under the title, so it never hides a bar.
    m_plot->legend->setVisible(true);
    auto* legendRow = new QCPLayoutGrid;
    m_plot->plotLayout()->insertRow(1);
    m_plot->plotLayout()->addElement(1, 0, legendRow);
    legendRow->setMargins(QMargins(5, 0, 5, 0));
    legendRow->addElement(0, 0, m_plot->legend);
    // One entry a line: side by side, the two long names made the plot wider than a 1024 px window's column.
    m_plot->legend->setFillOrder(QCPLegend::foRowsFirst);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    // Follow the system palette (dark or light).
    followStyle(m_plot);

    m_stats = new QLabel(this);
    m_stats->setWordWrap(true);
    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keys = new QTableWidget(0, 4, this);
    m_keys->setObjectName(QStringLiteral("keys"));
    m_keys->setHorizontalHeaderLabels(
        { tr("Partition"), tr("Delivered"), tr("Distinct keys"), tr("Top keys (count)") });
    m_keys->horizontalHeader()->setStretchLastSection(true);
    m_keys->verticalHeader()->hide();
    m_keys->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_keys->setWordWrap(false);
    m_keys->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 3);
    layout->addWidget(m_stats);
    layout->addWidget(m_keys, 2);
}

void DistributionView::setTopic(const QString& topic, int partitions)
{
    if (topic == m_topicName && partitions == m_partitions)
        return;
    m_topicName = topic;
    m_partitions = partitions;
    m_runCounts.assign(size_t(std::max(0, partitions)), 0);
    m_topicCounts.assign(size_t(std::max(0, partitions)), 0);
    m_stats->clear();
    m_keys->setRowCount(0);
    redraw();
}

void DistributionView::showRun(const std::vector<int64_t>& perPartition)
{
    m_runCounts = perPartition;
    redraw();
}

void DistributionView::showTopicContents(const std::vector<int64_t>& perPartition)
{
    m_topicCounts = perPartition;
    redraw();
}

std::vector<double> DistributionView::runValues() const
{
    std::vector<double> out;
    for (auto it = m_run->data()->constBegin(); it != m_run->data()->constEnd(); ++it)
        out.push_back(it->value);
    return out;
}

void DistributionView::redraw()
{
    const int n = std::max({ m_partitions, int(m_runCounts.size()), int(m_topicCounts.size()) });
    QVector<double> keys, run, topic;
    double top = 1;
    for (int p = 0; p < n; ++p) {
        keys.append(p);
        run.append(p < int(m_runCounts.size()) ? double(m_runCounts[size_t(p)]) : 0);
        topic.append(p < int(m_topicCounts.size()) ? double(m_topicCounts[size_t(p)]) : 0);
        top = std::max({ top, run.last(), topic.last() });
    }
    m_run->setData(keys, run, true);
    m_topic->setData(keys, topic, true);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const int step = n > 32 ? (n + 31) / 32 : 1;
    for (int p = 0; p < n; p += step)
        ticker->addTick(p, QString::number(p));
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setRange(-0.7, std::max(0, n - 1) + 0.7);
    m_plot->yAxis->setRange(0, top * 1.1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DistributionView::showResult(const BulkResult& r)
{
    showRun(r.progress.perPartition);
    const DistributionStats& s = r.stats;
    QLocale locale;
    const QString verdict = s.total == 0 ? QString()
        : s.pValue < 0.001               ? tr("far from uniform: the keys, not chance, decide this spread")
        : s.pValue < 0.05                ? tr("somewhat uneven")
                                         : tr("consistent with a uniform spread");
    m_stats->setText(tr("<b>%1</b> messages on %2 partitions — min %3, max %4, mean %5 — skew (max/mean) <b>%6</b>, "
                        "coefficient of variation %7 — χ² %8 with %9 degrees of freedom, p = %10: %11")
                         .arg(locale.toString(qlonglong(s.total)))
                         .arg(r.progress.perPartition.size())
                         .arg(locale.toString(qlonglong(s.min)), locale.toString(qlonglong(s.max)))
                         .arg(s.mean, 0, 'f', 1)
                         .arg(s.skew, 0, 'f', 3)
                         .arg(s.cv, 0, 'f', 4)
                         .arg(s.chiSquare, 0, 'f', 1)
                         .arg(s.degreesOfFreedom)
                         .arg(s.pValue, 0, 'g', 3)
                         .arg(verdict));
    m_keys->setRowCount(int(r.keys.size()));
    for (int row = 0; row < r.keys.size(); ++row) {
        const PartitionKeys& k = r.keys[row];
        QStringList top;
        for (const KeyTally::KeyCount& kc : k.top)
            top.append(QStringLiteral("%1 (%2)").arg(kc.key).arg(kc.count));
        if (k.nullKeys)
            top.prepend(tr("null key (%1)").arg(k.nullKeys));
        auto set = [this, row](int col, const QString& text) { m_keys->setItem(row, col, new QTableWidgetItem(text)); };
        set(0, QString::number(k.partition));
        set(1,
            locale.toString(qlonglong(size_t(k.partition) < r.progress.perPartition.size()
                    ? r.progress.perPartition[size_t(k.partition)]
                    : 0)));
        set(2, locale.toString(qlonglong(k.distinct)) + (r.untrackedKeys ? tr("+") : QString()));
        set(3, top.join(QLatin1String(", ")));
    }
    m_keys->resizeColumnsToContents();
}

} // namespace kafkalab
