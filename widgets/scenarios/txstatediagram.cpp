#include "widgets/scenarios/txstatediagram.h"

#include <QPainter>
#include <QPainterPath>

namespace kafkalab {

namespace {
using S = ProducerState;
struct Node {
    ProducerState state;
    const char* label;
    double x, y; // centre, as fractions of the widget
};
const Node kNodes[] = {
    { S::Uninitialised, QT_TRANSLATE_NOOP("TxStateDiagram", "uninitialised"), 0.10, 0.28 },
    { S::Ready, QT_TRANSLATE_NOOP("TxStateDiagram", "ready"), 0.32, 0.28 },
    { S::InTransaction, QT_TRANSLATE_NOOP("TxStateDiagram", "in transaction"), 0.56, 0.28 },
    { S::Committing, QT_TRANSLATE_NOOP("TxStateDiagram", "committing"), 0.82, 0.12 },
    { S::Aborting, QT_TRANSLATE_NOOP("TxStateDiagram", "aborting"), 0.82, 0.44 },
    { S::AbortableError, QT_TRANSLATE_NOOP("TxStateDiagram", "abortable error"), 0.56, 0.80 },
    { S::FatalError, QT_TRANSLATE_NOOP("TxStateDiagram", "fatal error"), 0.24, 0.80 },
    { S::Fenced, QT_TRANSLATE_NOOP("TxStateDiagram", "fenced"), 0.08, 0.80 },
};
const std::pair<ProducerState, ProducerState> kEdges[] = { { S::Uninitialised, S::Ready },
    { S::Ready, S::InTransaction }, { S::InTransaction, S::Committing }, { S::InTransaction, S::Aborting },
    { S::Committing, S::Ready }, { S::Aborting, S::Ready }, { S::InTransaction, S::AbortableError },
    { S::AbortableError, S::Aborting }, { S::InTransaction, S::FatalError }, { S::InTransaction, S::Fenced } };
} // namespace

TxStateDiagram::TxStateDiagram(QWidget* parent)
    : QWidget(parent)
{
    setMinimumHeight(170);
}

void TxStateDiagram::setState(ProducerState state, const QString& transition)
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
    auto centre = [&](ProducerState state) {
        for (const Node& n : kNodes)
            if (n.state == state)
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
    const bool fatal = m_state == S::FatalError || m_state == S::Fenced;
    for (const Node& n : kNodes) {
        const QRectF r(centre(n.state) - QPointF(box.width() / 2, box.height() / 2), box);
        const bool current = m_state == n.state;
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
        p.drawText(r, Qt::AlignCenter, tr(n.label));
    }
    p.setPen(pal.color(QPalette::Text));
    p.setFont(font());
    p.drawText(QRectF(0, height() - 20, w, 20), Qt::AlignLeft | Qt::AlignVCenter,
        m_transition.isEmpty() ? tr("No step yet.") : tr("Last transition: %1").arg(m_transition));
}

} // namespace kafkalab
