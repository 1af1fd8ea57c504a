#include "widgets/groups/timelinelayout.h"
#include "widgets/groups/timelinelayout_p.h"

#include "widgets/groups/grouppalette.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFontMetricsF>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>

namespace kafkalab {

using namespace timeline;

TimelineLayout layoutTimeline(
    const TimelineInput& in, const TimelineView& view, double width, double height, const QFont& font)
{
    TimelineLayout L;
    const QFontMetricsF fm(font);
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF bm(bold);
    QFont titleFont = bold;
    if (font.pointSizeF() > 0)
        titleFont.setPointSizeF(font.pointSizeF() * 1.1);
    const double fh = fm.height();
    const double pad = std::max(2.0, std::round(fh * 0.3));
    L.width = width;
    L.t0Ms = in.firstEventMs();
    const double nowS = double(in.nowMs - L.t0Ms) / 1000.0;
    L.fromS = view.follow ? 0.0 : view.fromS;
    L.toS = view.follow ? std::max(nowS, 0.05)
                        : std::max(view.toS, view.fromS + 0.05); // following: now is the right edge
    L.title = tr("Rebalance timeline: who owned which partition, when");
    // Wrapped where the timeline is narrow (1024x768 in presentation mode): never cut.
    L.titleRect = QRectF(pad, pad, width - 2 * pad,
        QFontMetricsF(titleFont)
            .boundingRect(QRectF(0, 0, std::max(1.0, width - 2 * pad), 1e6), Qt::TextWordWrap, L.title)
            .height());
    double y = L.titleRect.bottom() + pad;

    double nameW = fm.horizontalAdvance(tr("Member"));
    for (const MemberConfig& m : in.members)
        nameW = std::max(nameW, bm.horizontalAdvance(m.name));
    const double left = pad + nameW + 4 * pad;
    const double right = std::max(left + 10, width - pad - fm.horizontalAdvance(QStringLiteral("00:00")) / 2);
    L.plot = QRectF(left, y, right - left, 0);
    L.nowX = L.xAt(nowS);
    if (in.members.isEmpty() || in.events.isEmpty()) {
        L.empty = tr("No member events yet: start members, or run a group lesson. Their joins, assignments and "
                     "rebalances are drawn here from the first event on.");
        L.plot.setHeight(fh * 3);
        L.height = L.plot.bottom() + pad;
        return L;
    }

    // Partitions: one colour each across the lab (sorted by topic and number); in a member's lane, a bar row for each
    // partition it ever owned or was to own (its target), in the same order.
    QList<TopicPartitionRef> all;
    QHash<QString, QList<TopicPartitionRef>> perMember;
    auto see = [&](const QString& member, const TopicPartitionRef& p) {
        if (!all.contains(p))
            all.append(p);
        if (!perMember[member].contains(p))
            perMember[member].append(p);
    };
    for (const OwnershipSpan& s : in.spans)
        see(s.member, s.partition);
    for (const MemberEvent& e : in.events)
        if (e.kind == MemberEvent::Kind::Target)
            for (const TopicPartitionRef& p : e.partitions)
                see(e.member, p);
    const auto byTopicAndNumber = [](const TopicPartitionRef& a, const TopicPartitionRef& b) {
        return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
    };
    std::sort(all.begin(), all.end(), byTopicAndNumber);
    for (auto& list : perMember)
        std::sort(list.begin(), list.end(), byTopicAndNumber);

    QStringList groups;
    for (const MemberConfig& m : in.members)
        if (!groups.contains(m.groupId))
            groups.append(m.groupId);
    const double inView = 1e-9;
    auto visible = [&](double fromS, double toS) { return toS >= L.fromS - inView && fromS <= L.toS + inView; };
    auto sec = [&](qint64 ms) { return double(ms - L.t0Ms) / 1000.0; };

    // Labels first (their rows decide the heights), then the heights, then every y.
    struct GroupPlan {
        QList<int> members; // indexes into in.members
        QList<PlacedText> bandLabels; // per episode of the group, in in.episodes order
        QList<int> episodes;
        int stripRows = 0;
    };
    QList<GroupPlan> plans(groups.size());
    QHash<int, QList<QPair<int, PlacedText>>> markerPlans; // member -> (event, label)
    QHash<int, int> markerRows;
    for (int i = 0; i < in.members.size(); ++i)
        plans[int(groups.indexOf(in.members[i].groupId))].members.append(i);
    for (int g = 0; g < groups.size(); ++g) {
        GroupPlan& plan = plans[g];
        Rows rows;
        rows.gap = pad;
        bool consumerProtocol = false;
        for (int m : std::as_const(plan.members))
            consumerProtocol |= in.members[m].protocol == QLatin1String("consumer");
        int number = 0;
        for (int e = 0; e < in.episodes.size(); ++e) {
            const RebalanceEpisode& ep = in.episodes[e];
            if (ep.groupId != groups[g])
                continue;
            ++number;
            const double endS = ep.open ? nowS : sec(ep.endMs);
            if (!visible(sec(ep.startMs), endS))
                continue;
            const QString cause = rebalanceCauseText(ep);
            const QString cost = ep.open
                ? tr("%1 s without owner so far, %2 revoked").arg(seconds(nowS - sec(ep.startMs))).arg(ep.revoked)
                : tr("%1 s without owner, %2 revoked, %3 moved")
                      .arg(seconds(double(ep.unownedMs()) / 1000.0))
                      .arg(ep.revoked)
                      .arg(ep.moved);
            const QString kind = consumerProtocol ? tr("consumer protocol: members reconcile one by one")
                : ep.cooperative                  ? tr("incremental")
                                                  : tr("eager: the whole group stops");
            const QString head = QStringLiteral("#%1 ").arg(number) + tr("cause: %1").arg(cause);
            const QStringList variants { QStringLiteral("%1 — %2 (%3)").arg(head, cost, kind),
                QStringLiteral("%1 — %2").arg(head, cost), QStringLiteral("#%1 %2").arg(number).arg(cause),
                QStringLiteral("#%1").arg(number) };
            // The first row holds labels that end before the group's next rebalance starts, so that each band has
            // its label above it; longer ones go to the rows below; the number alone wherever it fits.
            double next = std::numeric_limits<double>::max();
            for (qsizetype later = e + 1; later < in.episodes.size(); ++later)
                if (in.episodes[later].groupId == groups[g]) {
                    next = L.xAt(sec(in.episodes[later].startMs)) - pad;
                    break;
                }
            const double x = L.xAt(sec(ep.startMs));
            PlacedText placed = placeFirst(variants.mid(0, 3), x, fm, left, right, rows, 1, 0, next);
            if (placed.row < 0)
                placed = placeFirst(variants.mid(0, 3), x, fm, left, right, rows, 3, 1);
            if (placed.row < 0)
                placed = placeFirst(variants.mid(3), x, fm, left, right, rows, 3);
            plan.episodes.append(e);
            plan.bandLabels.append(placed);
        }
        plan.stripRows = rows.used();
    }
    for (int i = 0; i < in.members.size(); ++i) {
        Rows rows;
        rows.gap = pad;
        for (int e = 0; e < in.events.size(); ++e) {
            const MemberEvent& ev = in.events[e];
            if (ev.member != in.members[i].name || ev.kind == MemberEvent::Kind::Target
                || (ev.kind == MemberEvent::Kind::Assigned && ev.partitions.isEmpty())
                || !visible(sec(ev.atMs), sec(ev.atMs)))
                continue;
            const QString text = markerText(ev);
            PlacedText p = placeFirst(
                { text, text.section(QLatin1Char(' '), 0, 0) }, L.xAt(sec(ev.atMs)), bm, left, right, rows, 3);
            markerPlans[i].append({ e, p });
        }
        markerRows[i] = std::max(1, rows.used());
    }

    // Heights: everything but the bars is fixed; the bars share what is left, within their bounds.
    const double headerH = bm.height() + pad;
    const double stripRowH = fh + pad / 2;
    const double markerRowH = bm.height();
    int barRows = 0;
    double fixed = y;
    for (int g = 0; g < groups.size(); ++g) {
        fixed += headerH + plans[g].stripRows * stripRowH + pad;
        for (int m : std::as_const(plans[g].members)) {
            fixed += markerRows[m] * markerRowH + pad;
            barRows += int(std::max<qsizetype>(1, perMember.value(in.members[m].name).size()));
        }
    }
    const qsizetype legendRows = all.size() / 4 + 1; // estimated: four entries a row
    fixed += 3 * fh + 4 * pad + double(legendRows) * (fh + pad); // axis, caption, legend
    const double minBar = std::max(5.0, std::round(fh * 0.45));
    const double maxBar = std::max(minBar, std::round(fh * 0.9));
    const double barH = std::clamp(std::floor((height - fixed) / std::max(1, barRows)), minBar, maxBar);
    const double barGap = std::max(1.0, std::round(barH * 0.2));

    QHash<QString, int> laneOf;
    for (int g = 0; g < groups.size(); ++g) {
        GroupPlan& plan = plans[g];
        TimelineLayout::Group group;
        group.groupId = groups[g];
        const MemberConfig& first = in.members[plan.members.first()];
        group.title = tr("group %1 · %2, %3").arg(groups[g], first.protocol, first.assignor);
        const double top = y;
        group.header = QRectF(pad * 2, y + pad / 2, bm.horizontalAdvance(group.title), bm.height());
        y += headerH;
        group.strip = QRectF(left, y, right - left, plan.stripRows * stripRowH);
        for (int k = 0; k < plan.bandLabels.size(); ++k) {
            const PlacedText& p = plan.bandLabels[k];
            const RebalanceEpisode& ep = in.episodes[plan.episodes[k]];
            TimelineLayout::Band band;
            band.groupId = groups[g];
            band.cooperative = ep.cooperative;
            band.open = ep.open;
            band.text = p.text;
            if (p.row >= 0)
                band.label = QRectF(p.x, y + p.row * stripRowH, p.w, fh);
            const QString until = ep.open ? tr("now (still running)") : tr("%1 s").arg(seconds(sec(ep.endMs)));
            band.tip = tr("Rebalance of %1 from %2 s to %3\ncause: %4\n%5 s without owner, %6 partitions revoked, %7 "
                          "moved")
                           .arg(groups[g], seconds(sec(ep.startMs)), until, rebalanceCauseText(ep),
                               seconds(ep.open ? nowS - sec(ep.startMs) : double(ep.unownedMs()) / 1000.0))
                           .arg(ep.revoked)
                           .arg(ep.moved);
            L.bands.append(band);
        }
        const qsizetype firstBand = L.bands.size() - plan.bandLabels.size();
        y += plan.stripRows * stripRowH;
        const double lanesTop = y;
        for (int m : std::as_const(plan.members)) {
            TimelineLayout::Lane lane;
            lane.member = in.members[m].name;
            lane.groupId = groups[g];
            lane.color = groupMemberColor(m);
            const double laneH = markerRows[m] * markerRowH
                + std::max<qsizetype>(1, perMember.value(lane.member).size()) * (barH + barGap);
            lane.rect = QRectF(left, y, right - left, laneH);
            lane.markerStrip = QRectF(left, y, right - left, markerRows[m] * markerRowH);
            lane.nameRect = QRectF(pad * 2, y, bm.horizontalAdvance(lane.member) + 2 * pad, bm.height());
            laneOf.insert(lane.member, int(L.lanes.size()));
            for (const auto& [e, p] : markerPlans.value(m)) {
                const MemberEvent& ev = in.events[e];
                TimelineLayout::Marker marker;
                marker.tickX = L.xAt(sec(ev.atMs));
                marker.tick = QRectF(marker.tickX - 0.5, lane.markerStrip.bottom() - pad, 1, pad);
                marker.text = p.text;
                marker.groupId = groups[g];
                marker.tip = eventTip(ev, L.t0Ms);
                if (p.row >= 0)
                    marker.rect = QRectF(p.x, y + p.row * markerRowH, p.w, markerRowH - pad / 2);
                L.markers.append(marker);
            }
            L.lanes.append(lane);
            y += laneH + pad;
        }
        for (qsizetype b = firstBand; b < L.bands.size(); ++b) {
            const RebalanceEpisode& ep = in.episodes[plan.episodes[int(b - firstBand)]];
            const double from = std::max(left, L.xAt(sec(ep.startMs)));
            const double to = std::min(right, std::max(L.xAt(ep.open ? nowS : sec(ep.endMs)), from + 2));
            L.bands[b].shade = QRectF(from, lanesTop, to - from, y - pad - lanesTop);
        }
        group.band = QRectF(pad, top, width - 2 * pad, y - top);
        L.groups.append(group);
        y += pad;
    }
    L.plot.setBottom(y - pad);

    // Bars: a row per partition the member ever owned, from the assignment to the revocation (or now).
    auto barRect = [&](const QString& member, const TopicPartitionRef& p, double fromS, double toS) -> QRectF {
        const int lane = laneOf.value(member, -1);
        const int row = int(perMember.value(member).indexOf(p));
        if (lane < 0 || row < 0 || !visible(fromS, toS))
            return {};
        const double x0 = std::max(left, L.xAt(fromS));
        const double x1 = std::min(right, std::max(L.xAt(toS), x0 + 2));
        const QRectF strip = L.lanes[lane].markerStrip;
        return QRectF(x0, strip.bottom() + barGap / 2 + row * (barH + barGap), x1 - x0, barH);
    };
    for (const OwnershipSpan& s : in.spans) {
        const double toS = s.toMs < 0 ? nowS : sec(s.toMs);
        const QRectF r = barRect(s.member, s.partition, sec(s.fromMs), toS);
        if (r.isEmpty())
            continue;
        TimelineLayout::Bar bar;
        bar.rect = r;
        bar.color = groupPartitionColor(int(all.indexOf(s.partition)));
        bar.member = s.member;
        bar.groupId = s.groupId;
        bar.partition = partitionName(s.partition);
        bar.open = s.toMs < 0;
        bar.tip = s.toMs < 0
            ? tr("%1 owns %2 since %3 s (%4 s)")
                  .arg(s.member, partitionName(s.partition), seconds(sec(s.fromMs)), seconds(nowS - sec(s.fromMs)))
            : tr("%1 owned %2 from %3 s to %4 s (%5 s)")
                  .arg(s.member, partitionName(s.partition), seconds(sec(s.fromMs)), seconds(toS),
                      seconds(toS - sec(s.fromMs)));
        L.bars.append(bar);
    }
    // The broker's target assignment of consumer-protocol members: an outline per partition from the moment the
    // broker named it until it changed (or the member ended).
    QHash<QString, QPair<qint64, QList<TopicPartitionRef>>> target;
    auto drawTarget = [&](const QString& member, const QString& group, qint64 from, qint64 to,
                          const QList<TopicPartitionRef>& parts) {
        for (const TopicPartitionRef& p : parts) {
            const QRectF r = barRect(member, p, sec(from), to < 0 ? nowS : sec(to));
            if (r.isEmpty())
                continue;
            TimelineLayout::Bar outline;
            outline.rect = r;
            outline.color = groupPartitionColor(int(all.indexOf(p)));
            outline.member = member;
            outline.groupId = group;
            outline.partition = partitionName(p);
            outline.tip = tr("the broker's target for %1: %2").arg(member, partitionName(p));
            outline.open = to < 0;
            L.targets.append(outline);
        }
    };
    for (const MemberEvent& e : in.events) {
        const bool ends = e.kind == MemberEvent::Kind::Left || e.kind == MemberEvent::Kind::Crashed;
        if (e.kind != MemberEvent::Kind::Target && !ends)
            continue;
        if (target.contains(e.member)) {
            const auto& [since, parts] = target.value(e.member);
            drawTarget(e.member, e.groupId, since, e.atMs, parts);
            target.remove(e.member);
        }
        if (e.kind == MemberEvent::Kind::Target)
            target.insert(e.member, { e.atMs, e.partitions });
    }
    for (auto it = target.begin(); it != target.end(); ++it)
        drawTarget(it.key(), in.members.value(laneOf.value(it.key())).groupId, it.value().first, -1, it.value().second);

    // The axis: ticks 1, 2 or 5 × 10^n seconds (or whole minutes) apart, far enough for their labels.
    const bool minutes = L.toS >= 120;
    const double labelW = fm.horizontalAdvance(QStringLiteral("00:00")) + 3 * pad;
    const double span = L.toS - L.fromS;
    double step = 0.1;
    for (const double s : { 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0,
             3600.0, 7200.0, 14400.0, 43200.0, 86400.0 }) {
        step = s;
        if (span / s * labelW <= L.plot.width())
            break;
    }
    L.axisLine = QRectF(left, y, right - left, 0);
    for (double t = std::ceil(L.fromS / step - 1e-9) * step; t <= L.toS + 1e-9; t += step) {
        TimelineLayout::Tick tick;
        tick.x = L.xAt(t);
        tick.text = tickText(t, step, minutes);
        const double w = fm.horizontalAdvance(tick.text);
        tick.label = QRectF(tick.x - w / 2, y + pad, w, fh);
        L.ticks.append(tick);
    }
    y += pad + fh + pad / 2;
    L.captionText = (minutes ? tr("minutes:seconds since the first member event (%1)")
                             : tr("seconds since the first member event (%1)"))
                        .arg(QDateTime::fromMSecsSinceEpoch(L.t0Ms).toString(QStringLiteral("HH:mm:ss")));
    L.caption = QRectF(left, y, fm.horizontalAdvance(L.captionText), fh);
    y += fh + pad;

    // The legend: each partition's colour, the rebalance shading, the target outline.
    double x = pad * 2;
    auto addEntry = [&](const QString& text, const QColor& color, TimelineLayout::LegendEntry::Kind kind) {
        const double w = fh * 1.2 + pad + fm.horizontalAdvance(text);
        if (x + w > width - pad && x > pad * 2) {
            x = pad * 2;
            y += fh + pad;
        }
        TimelineLayout::LegendEntry entry;
        entry.swatch = QRectF(x, y + fh * 0.15, fh * 1.2, fh * 0.7);
        entry.label = QRectF(x + fh * 1.2 + pad, y, fm.horizontalAdvance(text), fh);
        entry.text = text;
        entry.color = color;
        entry.kind = kind;
        L.legend.append(entry);
        x += w + pad * 3;
    };
    for (int i = 0; i < all.size(); ++i)
        addEntry(partitionName(all[i]), groupPartitionColor(i), TimelineLayout::LegendEntry::Kind::Partition);
    addEntry(tr("rebalance: some partition without owner"), rebalanceBandColor(false),
        TimelineLayout::LegendEntry::Kind::Rebalance);
    if (!L.targets.isEmpty())
        addEntry(
            tr("the broker's target (consumer protocol)"), QColor(Qt::gray), TimelineLayout::LegendEntry::Kind::Target);
    L.height = y + fh + pad;
    if (!view.follow)
        for (const MemberEvent& e : in.events)
            L.laterEvents += e.kind != MemberEvent::Kind::Target && sec(e.atMs) > L.toS ? 1 : 0;
    return L;
}

} // namespace kafkalab
