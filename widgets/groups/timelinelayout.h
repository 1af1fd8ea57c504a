#pragma once

// Where everything of the rebalance timeline goes, computed in one pass from the lab's events (no painting here): the
// widget paints it, exports it, hit-tests it for tooltips, and the tests check it.
//
// From the top: the title; per group a band with the group's name in its header, a strip for its rebalances' labels
// and one lane per member (the member's name in the left column on its board colour; a strip for the event markers,
// then one bar row per partition of the group); the time axis; the legend. Labels are placed, never painted over
// bars: markers go into their lane's marker strip, rebalance labels into their group's strip, each into the first
// row where it meets no other label (a label that fits nowhere is left out: its tick or band stays, and its tooltip
// says everything).

#include "kafkacore/groups/grouplab.h"

#include <QColor>
#include <QFont>
#include <QList>
#include <QRectF>
#include <QString>

class QPainter;
class QPalette;

namespace kafkalab {

struct TimelineInput {
    QList<MemberConfig> members; // in the lab's order (the board's columns: the same colours)
    QList<MemberEvent> events; // in time order
    QList<OwnershipSpan> spans;
    QList<RebalanceEpisode> episodes; // every group's, the open one (if any) included
    qint64 nowMs = 0;
    static TimelineInput fromLab(const GroupLab& lab, qint64 nowMs);
    qint64 firstEventMs() const { return events.isEmpty() ? nowMs : events.first().atMs; }
};

// What part of time is shown, in seconds since the first event. Following: from 0 to now.
struct TimelineView {
    bool follow = true;
    double fromS = 0;
    double toS = 10;
};

struct TimelineLayout {
    struct Group {
        QString groupId;
        QString title;
        QRectF band; // header, rebalance strip and lanes
        QRectF header;
        QRectF strip; // the rebalance labels' rows
    };
    struct Lane {
        QString member;
        QString groupId;
        QRectF rect; // marker strip and bars, across the plot
        QRectF nameRect;
        QRectF markerStrip;
        QColor color; // the member's (the board's)
    };
    struct Bar {
        QRectF rect;
        QColor color;
        QString member;
        QString groupId;
        QString partition; // "topic[n]"
        QString tip;
        bool open = false; // still owned (a bar) or still the target (an outline): reaches now
    };
    struct Marker {
        QRectF rect; // empty when left without a label
        double tickX = 0;
        QRectF tick;
        QString text;
        QString groupId;
        QString tip;
    };
    struct Band {
        QRectF shade; // across the group's lanes
        QRectF label; // in the group's strip; empty when left without a label
        QString text;
        QString tip;
        QString groupId;
        bool cooperative = false;
        bool open = false;
    };
    struct Tick {
        double x = 0;
        QRectF label;
        QString text;
    };
    struct LegendEntry {
        QRectF swatch;
        QRectF label;
        QString text;
        QColor color;
        enum class Kind { Partition, Rebalance, Target, Now } kind = Kind::Partition;
    };

    QRectF titleRect;
    QString title;
    QRectF plot; // the time axis's extent: x from the view's start to its end, y over every group
    QString empty; // shown instead of lanes when there is nothing yet
    double fromS = 0;
    double toS = 1;
    qint64 t0Ms = 0;
    double nowX = 0;
    QList<Group> groups;
    QList<Lane> lanes;
    QList<Bar> bars;
    QList<Bar> targets; // consumer protocol: the broker's target assignment, outlined
    QList<Marker> markers;
    QList<Band> bands;
    QList<Tick> ticks;
    QRectF axisLine;
    QRectF caption;
    QString captionText;
    QList<LegendEntry> legend;
    double height = 0; // what the whole picture needs
    double width = 0;
    int laterEvents = 0; // events after the view's end (follow off)

    double xAt(double seconds) const { return plot.left() + (seconds - fromS) / (toS - fromS) * plot.width(); }
    double secondsAt(double x) const { return fromS + (x - plot.left()) / plot.width() * (toS - fromS); }
    // Every text drawn over the plot's lanes and groups: markers, rebalance labels, group titles, member names.
    QList<QRectF> labelRects() const;
};

// `height` is the height available: bars are as thick as it allows, between a minimum and a maximum that follow the
// font; the layout's own height may come out larger (then the widget scrolls).
TimelineLayout layoutTimeline(
    const TimelineInput& input, const TimelineView& view, double width, double height, const QFont& font);
void paintTimeline(QPainter& painter, const TimelineLayout& layout, const QPalette& palette, const QFont& font);

} // namespace kafkalab
