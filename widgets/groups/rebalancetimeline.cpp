#include "widgets/groups/rebalancetimeline.h"

#include <QEvent>

#include "widgets/common/plotstyle.h"

#include "kafkacore/groups/grouplab.h"

#include <QSet>
#include <QToolTip>
#include <QVBoxLayout>

#include "widgets/common/customplot.h"

namespace kafkalab {

static QColor partitionColor(int index)
{
    static const QColor palette[] = { QColor(33, 150, 243), QColor(76, 175, 80), QColor(255, 152, 0),
        QColor(156, 39, 176), QColor(0, 150, 136), QColor(233, 30, 99), QColor(121, 85, 72), QColor(63, 81, 181),
        QColor(205, 220, 57), QColor(96, 125, 139) };
    return palette[index % 10];
}

// Markers and rebalance labels a little smaller than the plot's font, which follows the application's (and so
// presentation mode's scale).
static QFont markerFont(QFont font, bool bold)
{
    font.setPointSizeF(font.pointSizeF() * 0.9);
    font.setBold(bold);
    return font;
}

static QString markerFor(MemberEvent::Kind k)
{
    switch (k) {
    case MemberEvent::Kind::Joining:
        return QStringLiteral("▶ join");
    case MemberEvent::Kind::Assigned:
        return QStringLiteral("+");
    case MemberEvent::Kind::Revoked:
        return QStringLiteral("−");
    case MemberEvent::Kind::Lost:
        return QStringLiteral("✕ lost");
    case MemberEvent::Kind::Left:
        return QStringLiteral("⏏ leave");
    case MemberEvent::Kind::Crashed:
        return QStringLiteral("☠ crash");
    case MemberEvent::Kind::Stalled:
        return QStringLiteral("⏸ stall");
    default:
        return MemberEvent::kindName(k);
    }
}

RebalanceTimeline::RebalanceTimeline(GroupLab* lab, QWidget* parent)
    : QWidget(parent)
    , m_lab(lab)
{
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(220);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->xAxis->setLabel(tr("Seconds since the lab started"));
    m_plot->yAxis->setLabel(tr("Member"));
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(m_plot, tr("Rebalance timeline: who owned which partition, when"), font()));
    followStyle(m_plot);
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &RebalanceTimeline::showTip);
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userZoomed = true; });
    connect(m_plot, &QCustomPlot::mousePress, this, [this] { m_userZoomed = true; });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] {
        m_userZoomed = false;
        rebuild();
    });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

void RebalanceTimeline::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        rebuild();
}

void RebalanceTimeline::rebuild()
{
    m_plot->clearItems();
    const QStringList members = m_lab->members();
    const auto t0 = double(m_lab->startedAtMs());
    const double now = (double(QDateTime::currentMSecsSinceEpoch()) - t0) / 1000.0;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < members.size(); ++i) {
        const MemberConfig c = m_lab->config(members[i]);
        ticker->addTick(i, QStringLiteral("%1 (%2)").arg(members[i], c.groupId));
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(-0.7, std::max<qsizetype>(1, members.size()) - 0.3);

    // Partition index across everything seen, for colours and sub-lanes.
    QStringList partitions;
    const QList<OwnershipSpan> spans = m_lab->spans();
    for (const OwnershipSpan& s : spans) {
        const QString k = GroupLab::key(s.partition.topic, s.partition.partition);
        if (!partitions.contains(k))
            partitions.append(k);
    }
    std::sort(partitions.begin(), partitions.end());
    const double band = 0.7 / double(std::max<qsizetype>(1, partitions.size()));
    m_spanCount = 0;
    for (const OwnershipSpan& s : spans) {
        const int lane = int(members.indexOf(s.member));
        const int p = int(partitions.indexOf(GroupLab::key(s.partition.topic, s.partition.partition)));
        if (lane < 0 || p < 0)
            continue;
        auto* rect = new QCPItemRect(m_plot);
        const double y = lane - 0.35 + band * p;
        rect->topLeft->setCoords((double(s.fromMs) - t0) / 1000.0, y + band * 0.9);
        rect->bottomRight->setCoords(s.toMs < 0 ? now : (double(s.toMs) - t0) / 1000.0, y);
        rect->setBrush(partitionColor(p));
        rect->setPen(Qt::NoPen);
        ++m_spanCount;
    }
    // The broker's target assignment of consumer-protocol members: an outline per partition from the moment the
    // broker named it until it changed. An outline without a fill is a partition the member is to take but does
    // not own yet; a fill without an outline one it owns but must give up: the member reconciling.
    QHash<QString, QPair<qint64, QList<TopicPartitionRef>>> target; // member -> (since, partitions)
    auto drawTarget = [&](const QString& member, qint64 from, qint64 to, const QList<TopicPartitionRef>& parts) {
        const int lane = int(members.indexOf(member));
        for (const TopicPartitionRef& tp : parts) {
            const int p = int(partitions.indexOf(GroupLab::key(tp.topic, tp.partition)));
            if (lane < 0 || p < 0)
                continue;
            auto* rect = new QCPItemRect(m_plot);
            const double y = lane - 0.35 + band * p;
            rect->topLeft->setCoords((double(from) - t0) / 1000.0, y + band * 0.9);
            rect->bottomRight->setCoords(to < 0 ? now : (double(to) - t0) / 1000.0, y);
            rect->setBrush(Qt::NoBrush);
            QPen pen(partitionColor(p).darker(160));
            pen.setStyle(Qt::DashLine);
            rect->setPen(pen);
            ++m_targetCount;
        }
    };
    m_targetCount = 0;
    for (const MemberEvent& e : m_lab->events()) {
        const bool ends = e.kind == MemberEvent::Kind::Left || e.kind == MemberEvent::Kind::Crashed;
        if (e.kind != MemberEvent::Kind::Target && !ends)
            continue;
        if (target.contains(e.member)) {
            const auto& [since, parts] = target.value(e.member);
            drawTarget(e.member, since, e.atMs, parts);
            target.remove(e.member);
        }
        if (e.kind == MemberEvent::Kind::Target)
            target.insert(e.member, { e.atMs, e.partitions });
    }
    for (auto it = target.begin(); it != target.end(); ++it)
        drawTarget(it.key(), it.value().first, -1, it.value().second);
    // Rebalance episodes, per group, shaded across the plot.
    QSet<QString> groups;
    for (const QString& m : members)
        groups.insert(m_lab->config(m).groupId);
    m_episodeCount = 0;
    for (const QString& g : groups) {
        bool consumerProtocol = false;
        for (const QString& m : members)
            consumerProtocol |= m_lab->config(m).groupId == g && m_lab->config(m).protocol == QLatin1String("consumer");
        for (const RebalanceEpisode& e : m_lab->episodes(g)) {
            const double from = (double(e.startMs) - t0) / 1000.0;
            const double to = std::max(from + 0.05, (double(e.endMs) - t0) / 1000.0);
            auto* shade = new QCPItemRect(m_plot);
            shade->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
            shade->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
            shade->topLeft->setCoords(from, 0);
            shade->bottomRight->setCoords(to, 1);
            shade->setBrush(QColor(244, 67, 54, e.cooperative ? 30 : 55));
            shade->setPen(Qt::NoPen);
            shade->setLayer(QStringLiteral("background"));
            auto* label = new QCPItemText(m_plot);
            label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
            // Labels sit at the bottom of the plot, staggered so that neighbours do not overwrite each other.
            label->position->setCoords(from, 0.97 - 0.07 * (m_episodeCount % 4));
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            label->setBrush(QColor(255, 255, 255, 200));
            label->setText(tr("%1: %2 s without owner, %3 revoked, %4 moved (%5)")
                               .arg(g)
                               .arg(double(e.unownedMs()) / 1000.0, 0, 'f', 2)
                               .arg(e.revoked)
                               .arg(e.moved)
                               .arg(consumerProtocol   ? tr("consumer protocol: members reconcile one by one")
                                       : e.cooperative ? tr("incremental")
                                                       : tr("eager: the whole group stops")));
            label->setFont(markerFont(m_plot->font(), false));
            label->setColor(QColor(183, 28, 28));
            ++m_episodeCount;
        }
    }
    for (const MemberEvent& e : m_lab->events()) {
        if ((e.kind == MemberEvent::Kind::Assigned && e.partitions.isEmpty()) || e.kind == MemberEvent::Kind::Target)
            continue;
        const int lane = int(members.indexOf(e.member));
        if (lane < 0)
            continue;
        auto* marker = new QCPItemText(m_plot);
        marker->position->setCoords((double(e.atMs) - t0) / 1000.0, lane + 0.42);
        marker->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        // Assignments and revocations carry the generation (classic) or member epoch (consumer protocol) they
        // happened in, from the member's consumer group metadata.
        const bool withGeneration
            = e.generation >= 0 && (e.kind == MemberEvent::Kind::Assigned || e.kind == MemberEvent::Kind::Revoked);
        marker->setText(markerFor(e.kind)
            + (withGeneration
                    ? (e.groupProtocol == QLatin1String("consumer") ? QStringLiteral(" e%1") : QStringLiteral(" g%1"))
                          .arg(e.generation)
                    : QString()));
        marker->setFont(markerFont(m_plot->font(), true));
        marker->setColor(palette().color(QPalette::Text));
    }
    if (!m_userZoomed)
        m_plot->xAxis->setRange(0, std::max(10.0, now + 1));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RebalanceTimeline::showTip(QMouseEvent* event)
{
    const double x = m_plot->xAxis->pixelToCoord(event->position().x());
    const double y = m_plot->yAxis->pixelToCoord(event->position().y());
    const QStringList members = m_lab->members();
    const auto t0 = double(m_lab->startedAtMs());
    const double pxPerSecond = std::abs(m_plot->xAxis->coordToPixel(1) - m_plot->xAxis->coordToPixel(0));
    const MemberEvent* best = nullptr;
    double bestDist = 8.0 / std::max(1e-9, pxPerSecond); // within 8 pixels
    for (const MemberEvent& e : m_lab->events()) {
        if (std::abs(members.indexOf(e.member) - y) > 0.5)
            continue;
        const double d = std::abs((double(e.atMs) - t0) / 1000.0 - x);
        if (d < bestDist) {
            bestDist = d;
            best = &e;
        }
    }
    if (!best) {
        QToolTip::hideText();
        return;
    }
    QStringList parts;
    for (const TopicPartitionRef& p : best->partitions)
        parts.append(QStringLiteral("%1[%2]").arg(p.topic).arg(p.partition));
    QToolTip::showText(event->globalPosition().toPoint(),
        tr("%1 %2 at %3 s\ngroup %4, %5 protocol (%6), %7 %8\n%9%10")
            .arg(best->member, MemberEvent::kindName(best->kind))
            .arg((double(best->atMs) - t0) / 1000.0, 0, 'f', 3)
            .arg(best->groupId, best->groupProtocol, best->protocol.isEmpty() ? tr("—") : best->protocol,
                best->groupProtocol == QLatin1String("consumer") ? tr("member epoch") : tr("generation"),
                best->generation >= 0 ? QString::number(best->generation) : tr("none yet"))
            .arg(parts.isEmpty() ? QString() : tr("partitions: %1").arg(parts.join(QLatin1String(", "))),
                best->detail.isEmpty() ? QString() : QLatin1Char('\n') + best->detail),
        m_plot);
}

} // namespace kafkalab
