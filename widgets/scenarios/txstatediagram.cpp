#include "widgets/scenarios/txstatediagram.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace kafkalab {

namespace {
using S = ProducerState;
struct Node {
    ProducerState state;
    const char* label;
    int column; // 0-3, left to right
    double y; // centre, as a fraction of the drawing's height
};
// Four columns, each as wide as its widest label (not four of the widest: narrower at 1024x768 in presentation
// mode); boxes at most kMaxBoxHeight of the height high, so committing and aborting (one column) never meet.
const Node kNodes[] = {
    { S::Uninitialised, QT_TRANSLATE_NOOP("TxStateDiagram", "uninitialised"), 0, 0.28 },
    { S::Ready, QT_TRANSLATE_NOOP("TxStateDiagram", "ready"), 1, 0.28 },
    { S::InTransaction, QT_TRANSLATE_NOOP("TxStateDiagram", "in transaction"), 2, 0.28 },
    { S::Committing, QT_TRANSLATE_NOOP("TxStateDiagram", "committing"), 3, 0.12 },
    { S::Aborting, QT_TRANSLATE_NOOP("TxStateDiagram", "aborting"), 3, 0.44 },
    { S::AbortableError, QT_TRANSLATE_NOOP("TxStateDiagram", "abortable error"), 2, 0.80 },
    { S::FatalError, QT_TRANSLATE_NOOP("TxStateDiagram", "fatal error"), 1, 0.80 },
    { S::Fenced, QT_TRANSLATE_NOOP("TxStateDiagram", "fenced"), 0, 0.80 },
};
constexpr int kColumns = 4;
constexpr double kMaxBoxHeight = 0.22; // of the drawing's height (the top box's centre is at 0.12)
const std::pair<ProducerState, ProducerState> kEdges[] = { { S::Uninitialised, S::Ready },
    { S::Ready, S::InTransaction }, { S::InTransaction, S::Committing }, { S::InTransaction, S::Aborting },
    { S::Committing, S::Ready }, { S::Aborting, S::Ready }, { S::InTransaction, S::AbortableError },
    { S::AbortableError, S::Aborting }, { S::InTransaction, S::FatalError }, { S::InTransaction, S::Fenced } };
} // namespace

TxStateDiagram::TxStateDiagram(QWidget* parent)
    : QWidget(parent)
{
}

// Sized from the font, so that the diagram grows with it (presentation mode): each column as wide as its widest
// label (bold, as the current state's is drawn) with half an em of padding, boxes a line and a half high.
QList<double> TxStateDiagram::columnWidths() const
{
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF fm(bold);
    QList<double> widths(kColumns, 0.0);
    for (const Node& n : kNodes)
        widths[n.column] = std::max(widths[n.column], fm.horizontalAdvance(tr(n.label)) + fm.height() / 2);
    return widths;
}

double TxStateDiagram::columnGap() const
{
    return QFontMetricsF(font()).height() * 0.8; // room for the arrows between two columns
}

double TxStateDiagram::boxHeight() const
{
    return QFontMetricsF(font()).height() * 1.6;
}

double TxStateDiagram::lineHeight() const
{
    return QFontMetricsF(font()).height() + 6;
}

QSize TxStateDiagram::minimumSizeHint() const
{
    double width = kColumns * columnGap();
    for (double w : columnWidths())
        width += w;
    return { int(std::ceil(width)), int(std::ceil(boxHeight() / kMaxBoxHeight + lineHeight())) };
}

QSize TxStateDiagram::sizeHint() const
{
    const QSize least = minimumSizeHint();
    return { std::max(520, least.width()), std::max(190, least.height() * 5 / 4) };
}

QList<QRectF> TxStateDiagram::boxes() const
{
    const QList<double> widths = columnWidths();
    const double gap = columnGap();
    const double least = minimumSizeHint().width();
    // Narrower than it needs: everything in proportion (labelsFit() says so); wider: the room shared out.
    const double scale = std::min(1.0, width() / least);
    const double extra = std::max(0.0, width() - least) / kColumns;
    QList<double> centres;
    double x = 0;
    for (double w : widths) {
        const double slot = (w + gap) * scale + extra;
        centres.append(x + slot / 2);
        x += slot;
    }
    const double h = height() - lineHeight();
    const double boxH = std::min(boxHeight(), h * kMaxBoxHeight);
    QList<QRectF> out;
    for (const Node& n : kNodes) {
        const double boxW = widths[n.column] * scale;
        out.append(QRectF(centres[n.column] - boxW / 2, n.y * h + 4 - boxH / 2, boxW, boxH));
    }
    return out;
}

bool TxStateDiagram::labelsFit() const
{
    const QList<QRectF> rects = boxes();
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF fm(bold);
    const QRectF inside = QRectF(rect()).adjusted(0, 0, 0, -lineHeight());
    for (qsizetype i = 0; i < rects.size(); ++i) {
        const QRectF text = fm.boundingRect(tr(kNodes[i].label));
        if (text.width() > rects[i].width() || text.height() > rects[i].height() || !inside.contains(rects[i]))
            return false;
        for (qsizetype j = i + 1; j < rects.size(); ++j)
            if (rects[i].intersects(rects[j]))
                return false;
    }
    return true;
}

void TxStateDiagram::setState(ProducerState state, const QString& transition)
{
    m_state = state;
    m_transition = transition;
    update();
}

void TxStateDiagram::setProducer(const QString& name)
{
    m_producer = name;
    setObjectName(QStringLiteral("txState_") + name);
    update();
}

namespace {

QRectF boxAt(const QList<QRectF>& rects, ProducerState state)
{
    for (qsizetype i = 0; i < rects.size(); ++i)
        if (kNodes[i].state == state)
            return rects[i];
    return {};
}

} // namespace

void TxStateDiagram::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QList<QRectF> rects = boxes();
    auto centre = [&rects](ProducerState state) { return boxAt(rects, state).center(); };
    // Lines as thick as the font is big (presentation mode scales both).
    const double stroke = std::max(1.0, QFontMetricsF(font()).height() / 12.0);
    p.setPen(QPen(pal.color(QPalette::Mid), 1.2 * stroke));
    for (const auto& [from, to] : kEdges) {
        const QPointF a = centre(from);
        const QPointF b = centre(to);
        p.drawLine(a, b);
        // An arrow head just outside the target box, where the line leaves it.
        const QLineF line(b, a);
        const QSizeF half = boxAt(rects, to).size() / 2;
        const double dx = std::abs(line.dx());
        const double dy = std::abs(line.dy());
        const double leaves = std::min(dx > 0 ? half.width() / dx : 1.0, dy > 0 ? half.height() / dy : 1.0);
        const QPointF tip = line.pointAt(std::min(0.9, leaves + 4 / std::max(1.0, line.length())));
        QLineF wing1(tip, a), wing2(tip, a);
        wing1.setLength(6 + 3 * stroke);
        wing2.setLength(6 + 3 * stroke);
        wing1.setAngle(wing1.angle() + 25);
        wing2.setAngle(wing2.angle() - 25);
        p.drawLine(wing1);
        p.drawLine(wing2);
    }
    const bool fatal = m_state == S::FatalError || m_state == S::Fenced;
    for (qsizetype i = 0; i < rects.size(); ++i) {
        const Node& n = kNodes[i];
        const QRectF& r = rects[i];
        const bool current = m_state == n.state;
        QColor fill = pal.color(QPalette::Base);
        if (current)
            fill = fatal ? QColor(229, 57, 53) : QColor(30, 136, 229);
        p.setBrush(fill);
        p.setPen(QPen(current ? fill.darker(130) : pal.color(QPalette::Mid), (current ? 2.0 : 1.0) * stroke));
        p.drawRoundedRect(r, 8, 8);
        p.setPen(current ? QColor(Qt::white) : pal.color(QPalette::Text));
        QFont f = font();
        f.setBold(current);
        p.setFont(f);
        p.drawText(r, Qt::AlignCenter, tr(n.label));
    }
    p.setPen(pal.color(QPalette::Text));
    p.setFont(font());
    const QString line = m_transition.isEmpty() ? tr("No step yet.") : tr("Last transition: %1").arg(m_transition);
    QFont bold = font();
    bold.setBold(true);
    double x = 0;
    if (!m_producer.isEmpty()) {
        p.setFont(bold);
        const QString name = m_producer + QStringLiteral(": ");
        p.drawText(QRectF(0, height() - lineHeight(), width(), lineHeight()), Qt::AlignLeft | Qt::AlignVCenter, name);
        x = QFontMetricsF(bold).horizontalAdvance(name);
        p.setFont(font());
    }
    p.drawText(QRectF(x, height() - lineHeight(), width() - x, lineHeight()), Qt::AlignLeft | Qt::AlignVCenter, line);
}

} // namespace kafkalab
