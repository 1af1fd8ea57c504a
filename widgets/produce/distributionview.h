#pragma once

#include "kafkacore/produce/producertypes.h"

#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPBars;
class QLabel;
class QTableWidget;

namespace kafkalab {

// Messages per partition: the current run (live, at most 10 redraws a second) beside what the topic holds
// (high minus low watermark), with skew statistics and the keys that went to each partition.
class DistributionView : public QWidget {
    Q_OBJECT
public:
    explicit DistributionView(QWidget* parent = nullptr);

    void setTopic(const QString& topic, int partitions);
    void showRun(const std::vector<int64_t>& perPartition);
    void showTopicContents(const std::vector<int64_t>& perPartition);
    void showResult(const BulkResult& result);

    QCustomPlot* plot() const { return m_plot; }
    QLabel* statsLabel() const { return m_stats; }
    QTableWidget* keyTable() const { return m_keys; }
    std::vector<double> runValues() const;

private:
    void redraw();

    QCustomPlot* m_plot;
    QCPBars* m_run;
    QCPBars* m_topic;
    QLabel* m_stats;
    QTableWidget* m_keys;
    QString m_topicName;
    int m_partitions = 0;
    std::vector<int64_t> m_runCounts;
    std::vector<int64_t> m_topicCounts;
};

} // namespace kafkalab
