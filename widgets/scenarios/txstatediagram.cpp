#include "widgets/scenarios/txstatediagram.h"

#include <QPainter>
#include <QPainterPath>

namespace kafkalab {

namespace {
struct Node {
    const char* state;
    const char* label;
    double x, y; // centre, as fractions of the widget
};
const Node kNodes[] = {
    { "uninitialised", "uninitialised", 0.10, 0.28 },
    { "ready", "ready", 0.32, 0.28 },
    { "in_transaction", "in transaction", 0.56, 0.28 },
    { "committing", "committing", 0.82, 0.12 },
    { "aborting", "aborting", 0.82, 0.44 },
    { "abortable_error", "abortable error", 0.56, 0.80 },
    { "fatal_error", "fatal error", 0.24, 0.80 },
    { "fenced", "fenced", 0.08, 0.80 },
};
const std::pair<const char*, const char*> kEdges[] = { { "uninitialised", "ready" }, { "ready", "in_transaction" },
    { "in_transaction", "committing" }, { "in_transaction", "aborting" }, { "committing", "ready" },
    { "aborting", "ready" }, { "in_transaction", "abortable_error" }, { "abortable_error", "aborting" },
    { "in_transaction", "fatal_error" }, { "in_transaction", "fenced" } };
} // namespace

TxStateDiagram::TxStateDiagram(QWidget* parent)
    : QWidget(parent)
{
    setMinimumHeight(170);
}

void TxStateDiagram::setState(const QString& state, const QString& transition)
{
    m_state = state;
    m_transition = transition;
    update();
}

void TxStateDiagram::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const double w = width();
    const double h = height() - 22;
    auto centre = [&](const char* state) {
        for (const Node& n : kNodes)
            if (qstrcmp(n.state, state) == 0)
                return QPointF(n.x * w, n.y * h + 4);
        return QPointF();
    };
    const QSizeF box(std::min(120.0, w * 0.16), 30);
    p.setPen(QPen(pal.color(QPalette::Mid), 1.5));
    for (const auto& [from, to] : kEdges) {
        const QPointF a = centre(from);
        const QPointF b = centre(to);
        p.drawLine(a, b);
        // An arrow head just outside the target box.
        const QLineF line(b, a);
        const QPointF tip = line.pointAt(std::min(0.9, (box.width() / 2 + 4) / std::max(1.0, line.length())));
        QLineF wing1(tip, a), wing2(tip, a);
        wing1.setLength(9);
        wing2.setLength(9);
        wing1.setAngle(wing1.angle() + 25);
        wing2.setAngle(wing2.angle() - 25);
        p.drawLine(wing1);
        p.drawLine(wing2);
    }
    const bool fatal = m_state == QLatin1String("fatal_error") || m_state == QLatin1String("fenced");
    for (const Node& n : kNodes) {
        const QRectF r(centre(n.state) - QPointF(box.width() / 2, box.height() / 2), box);
        const bool current = m_state == QLatin1String(n.state);
        QColor fill = pal.color(QPalette::Base);
        if (current)
            fill = fatal ? QColor(229, 57, 53) : QColor(30, 136, 229);
        p.setBrush(fill);
        p.setPen(QPen(current ? fill.darker(130) : pal.color(QPalette::Mid), current ? 2.5 : 1.2));
        p.drawRoundedRect(r, 8, 8);
        p.setPen(current ? QColor(Qt::white) : pal.color(QPalette::Text));
        QFont f = font();
        f.setBold(current);
        p.setFont(f);
        p.drawText(r, Qt::AlignCenter, QString::fromLatin1(n.label));
    }
    p.setPen(pal.color(QPalette::Text));
    p.setFont(font());
    p.drawText(QRectF(0, height() - 20, w, 20), Qt::AlignLeft | Qt::AlignVCenter,
        m_transition.isEmpty() ? tr("No step yet.") : tr("Last transition: %1").arg(m_transition));
}

} // namespace kafkalab
