#include "widgets/groups/timelinelayout_p.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace kafkalab {

namespace timeline {
QString tr(const char* text)
{
    return QCoreApplication::translate("RebalanceTimeline", text);
}

QString seconds(double s)
{
    return QString::number(s, 'f', std::abs(s) < 10 ? 2 : 1);
}

QString partitionName(const TopicPartitionRef& p)
{
    return QStringLiteral("%1[%2]").arg(p.topic).arg(p.partition);
}

QString markerText(const MemberEvent& e)
{
    QString text;
    switch (e.kind) {
    case MemberEvent::Kind::Joining:
        text = QStringLiteral("▶ join");
        break;
    case MemberEvent::Kind::Assigned:
        text = QStringLiteral("+");
        break;
    case MemberEvent::Kind::Revoked:
        text = QStringLiteral("−");
        break;
    case MemberEvent::Kind::Lost:
        text = QStringLiteral("✕ lost");
        break;
    case MemberEvent::Kind::Left:
        text = QStringLiteral("⏏ leave");
        break;
    case MemberEvent::Kind::Crashed:
        text = QStringLiteral("☠ crash");
        break;
    case MemberEvent::Kind::Stalled:
        text = QStringLiteral("‖ stall");
        break;
    case MemberEvent::Kind::Paused:
        text = QStringLiteral("‖ pause");
        break;
    case MemberEvent::Kind::Resumed:
        text = QStringLiteral("▶ resume");
        break;
    case MemberEvent::Kind::Error:
        text = QStringLiteral("⚠ error");
        break;
    case MemberEvent::Kind::Target:
        break;
    }
    // Assignments and revocations carry the generation (classic) or member epoch (consumer protocol) they happened
    // in, from the member's consumer group metadata.
    if (e.generation >= 0 && (e.kind == MemberEvent::Kind::Assigned || e.kind == MemberEvent::Kind::Revoked))
        text += (e.groupProtocol == QLatin1String("consumer") ? QStringLiteral(" e%1") : QStringLiteral(" g%1"))
                    .arg(e.generation);
    return text;
}

QString eventTip(const MemberEvent& e, qint64 t0)
{
    QStringList parts;
    for (const TopicPartitionRef& p : e.partitions)
        parts.append(partitionName(p));
    return tr("%1 %2 at %3 s\ngroup %4, %5 protocol (%6), %7 %8%9%10")
        .arg(e.member, MemberEvent::kindName(e.kind), seconds(double(e.atMs - t0) / 1000.0), e.groupId, e.groupProtocol,
            e.protocol.isEmpty() ? QStringLiteral("—") : e.protocol,
            e.groupProtocol == QLatin1String("consumer") ? tr("member epoch") : tr("generation"),
            e.generation >= 0 ? QString::number(e.generation) : tr("none yet"))
        .arg(
            parts.isEmpty() ? QString() : QLatin1Char('\n') + tr("partitions: %1").arg(parts.join(QLatin1String(", "))),
            e.detail.isEmpty() ? QString() : QLatin1Char('\n') + e.detail);
}

// A label `width` wide whose anchor is at x, moved left to stay inside [left, right].
static double clampLeft(double x, double width, double left, double right)
{
    return std::max(left, std::min(x, right - width));
}

PlacedText placeFirst(const QStringList& variants, double x, const QFontMetricsF& fm, double left, double right,
    Rows& rows, int maxRows, int firstRow, double limit)
{
    for (const QString& v : variants) {
        QString text = v;
        double w = fm.horizontalAdvance(text);
        if (w > right - left && &v != &variants.last())
            continue; // a shorter one says it whole
        if (w > right - left) {
            text = fm.elidedText(text, Qt::ElideRight, right - left);
            w = fm.horizontalAdvance(text);
        }
        const double lx = clampLeft(x, w, left, right);
        if (lx + w > limit)
            continue;
        if (const int r = rows.place(lx, lx + w, maxRows, firstRow); r >= 0)
            return { text, lx, w, r };
    }
    return {};
}

QString tickText(double s, double step, bool minutes)
{
    if (minutes) {
        const auto total = qint64(std::llround(s));
        return QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    }
    return QString::number(s, 'f', step < 1 ? 1 : 0);
}

} // namespace timeline

using namespace timeline;

TimelineInput TimelineInput::fromLab(const GroupLab& lab, qint64 nowMs)
{
    TimelineInput in;
    QStringList groups;
    for (const QString& m : lab.members()) {
        MemberConfig c = lab.config(m);
        c.name = m;
        in.members.append(c);
        if (!groups.contains(c.groupId))
            groups.append(c.groupId);
    }
    in.events = lab.events();
    in.spans = lab.spans();
    for (const QString& g : std::as_const(groups))
        in.episodes.append(rebalanceEpisodes(in.events, g, true));
    in.nowMs = nowMs;
    return in;
}

QList<QRectF> TimelineLayout::labelRects() const
{
    QList<QRectF> out;
    for (const Marker& m : markers)
        if (!m.rect.isEmpty())
            out.append(m.rect);
    for (const Band& b : bands)
        if (!b.label.isEmpty())
            out.append(b.label);
    for (const Group& g : groups)
        out.append(g.header);
    for (const Lane& l : lanes)
        out.append(l.nameRect);
    return out;
}

} // namespace kafkalab
