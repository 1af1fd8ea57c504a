#pragma once

#include "widgets/groups/timelinelayout.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QScrollArea;

namespace kafkalab {

class GroupLab;

// The group lab's rebalance timeline, drawn for reading from the back of a room. Time starts at the lab's first
// member event and, while following (the default), ends now: bars of partitions still owned reach the right edge and
// keep growing (redrawn twice a second while the timeline is seen). One band per group with its name; in it a lane
// per member (its name on its board colour) with its event markers above thick bars, one row per partition of the
// group, coloured per partition (the legend says which); the broker's target assignment of consumer-protocol
// members outlined; each rebalance shaded across the group's lanes with its label above them: its cause, as far as
// the lab saw one (else "unknown"), the time some partition had no owner, the partitions revoked and moved. Where
// labels go is computed (timelinelayout.h): never over bars, never over each other, always inside their group.
// The wheel zooms and a drag pans, which stops following; events after the view are counted on a button that
// follows again. Export writes what is shown as PNG or SVG. Everything scales with the widget's font and follows its
// palette (presentation mode).
class RebalanceTimeline : public QWidget {
    Q_OBJECT
public:
    explicit RebalanceTimeline(GroupLab* lab, QWidget* parent = nullptr);

    int spanCount() const { return int(m_layout.bars.size()); }
    int episodeLabelCount() const { return int(m_layout.bands.size()); } // rebalances drawn
    int targetOutlineCount() const { return int(m_layout.targets.size()); } // consumer-protocol targets drawn
    const TimelineLayout& currentLayout() const { return m_layout; }
    QWidget* canvas() const { return m_canvas; }

    bool isFollowing() const { return m_view.follow; }
    void setFollowing(bool on); // on: the view jumps to now
    // Shows [fromS, toS] seconds since the first event and stops following (what the wheel and a drag do).
    void setView(double fromS, double toS);
    void zoom(double factor, double atX); // factor < 1 zooms in around the canvas position atX

    QPushButton* followButton() const { return m_follow; }
    QPushButton* exportButton() const { return m_export; }
    QPushButton* laterButton() const { return m_later; } // "n later events →": follows again
    QLabel* exportError() const { return m_exportError; }
    // Writes the timeline as shown to `path` (.png or .svg); false with the reason in `error`.
    bool exportTo(const QString& path, QString* error);

    void rebuild(); // the lab's events changed: read them again and redraw

protected:
    void changeEvent(QEvent* event) override; // a new font or palette (presentation mode): laid out again
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    friend class TimelineCanvas;
    void relayout();
    void exportWithDialog();
    QString tipAt(const QPointF& pos) const;

    GroupLab* m_lab;
    TimelineInput m_input;
    TimelineView m_view;
    TimelineLayout m_layout;
    QWidget* m_canvas;
    QScrollArea* m_scroll;
    QPushButton* m_follow;
    QPushButton* m_export;
    QPushButton* m_later;
    QLabel* m_exportError;
    QTimer m_tick;
    bool m_inLayout = false;
};

} // namespace kafkalab
