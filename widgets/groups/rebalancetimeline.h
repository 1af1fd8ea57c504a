#pragma once

#include <QWidget>

class QCustomPlot;

namespace kafkalab {

class GroupLab;

// One lane per member; inside it a thin bar per partition for the time the member owned it; markers for join,
// assign, revoke (with the generation or member epoch), lost, leave, crash and stall; for consumer-protocol members the
// broker's target assignment outlined; each rebalance shaded and labelled with how long partitions had no
// owner and how many moved. Drag to pan, wheel to zoom; hovering a marker shows the event.
class RebalanceTimeline : public QWidget {
    Q_OBJECT
public:
    explicit RebalanceTimeline(GroupLab* lab, QWidget* parent = nullptr);
    QCustomPlot* plot() const { return m_plot; }
    int spanCount() const { return m_spanCount; }
    int episodeLabelCount() const { return m_episodeCount; }
    int targetOutlineCount() const { return m_targetCount; } // consumer-protocol target assignments drawn
    void rebuild();

protected:
    void changeEvent(QEvent* event) override; // a new font (presentation mode): markers and labels redrawn

private:
    void showTip(QMouseEvent* event);

    GroupLab* m_lab;
    QCustomPlot* m_plot;
    int m_spanCount = 0;
    int m_episodeCount = 0;
    int m_targetCount = 0;
    bool m_userZoomed = false;
};

} // namespace kafkalab
