#include "widgets/groups/rebalancetimeline.h"

#include "widgets/common/errorlabel.h"

#include "kafkacore/groups/grouplab.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>

namespace kafkalab {

// The drawing surface inside the scroll area: paints the owner's layout and turns the mouse into views.
class TimelineCanvas : public QWidget {
public:
    explicit TimelineCanvas(RebalanceTimeline* owner)
        : m_owner(owner)
    {
        setAttribute(Qt::WA_OpaquePaintEvent);
        setAutoFillBackground(false);
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.fillRect(rect(), palette().brush(QPalette::Base));
        paintTimeline(p, m_owner->m_layout, palette(), font());
    }
    void resizeEvent(QResizeEvent* event) override
    {
        QWidget::resizeEvent(event);
        if (!m_owner->m_inLayout)
            m_owner->relayout();
    }
    void wheelEvent(QWheelEvent* event) override
    {
        const double steps = event->angleDelta().y() / 120.0;
        if (steps == 0) {
            event->ignore(); // let the scroll area have it
            return;
        }
        m_owner->zoom(std::pow(0.8, steps), event->position().x());
        event->accept();
    }
    void mousePressEvent(QMouseEvent* event) override
    {
        if (event->button() != Qt::LeftButton)
            return;
        m_dragX = event->position().x();
        m_dragFrom = m_owner->m_layout.fromS;
        m_dragTo = m_owner->m_layout.toS;
    }
    void mouseMoveEvent(QMouseEvent* event) override
    {
        if (m_dragX < 0 || !(event->buttons() & Qt::LeftButton))
            return;
        const double dx = event->position().x() - m_dragX;
        if (std::abs(dx) < 3 && m_owner->isFollowing())
            return; // a click, not a drag
        const double ds = dx / std::max(1.0, m_owner->m_layout.plot.width()) * (m_dragTo - m_dragFrom);
        m_owner->setView(m_dragFrom - ds, m_dragTo - ds);
    }
    void mouseReleaseEvent(QMouseEvent*) override { m_dragX = -1; }
    void mouseDoubleClickEvent(QMouseEvent*) override { m_owner->setFollowing(true); }
    bool event(QEvent* event) override
    {
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            const QString tip = m_owner->tipAt(help->pos());
            if (tip.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(help->globalPos(), tip, this);
            return true;
        }
        return QWidget::event(event);
    }

private:
    RebalanceTimeline* m_owner;
    double m_dragX = -1;
    double m_dragFrom = 0;
    double m_dragTo = 0;
};

RebalanceTimeline::RebalanceTimeline(GroupLab* lab, QWidget* parent)
    : QWidget(parent)
    , m_lab(lab)
{
    m_follow = new QPushButton(tr("Follow now"), this);
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Show everything from the first member event to now, and keep following.\n"
                            "The wheel zooms and a drag pans (which stops following); a double click follows again."));
    connect(m_follow, &QPushButton::toggled, this, &RebalanceTimeline::setFollowing);
    m_later = new QPushButton(this);
    m_later->setFlat(true);
    m_later->setToolTip(tr("Events happened after the part shown: follow now again"));
    m_later->hide();
    connect(m_later, &QPushButton::clicked, this, [this] { setFollowing(true); });
    m_export = new QPushButton(tr("Export…"), this);
    m_export->setToolTip(tr("Save the timeline as shown, as a PNG image or an SVG drawing (for slides)"));
    connect(m_export, &QPushButton::clicked, this, &RebalanceTimeline::exportWithDialog);
    m_exportError = makeErrorLabel(this);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_follow);
    bar->addWidget(m_later);
    bar->addStretch(1);
    bar->addWidget(m_exportError, 4);
    bar->addWidget(m_export);

    m_canvas = new TimelineCanvas(this);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_canvas);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setMinimumHeight(180);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_scroll, 1);

    // Owners keep owning while nothing happens: the bars grow with the clock, twice a second while shown.
    m_tick.setInterval(500);
    connect(&m_tick, &QTimer::timeout, this, &RebalanceTimeline::relayout);
}

void RebalanceTimeline::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        relayout();
}

void RebalanceTimeline::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_tick.start();
    relayout();
}

void RebalanceTimeline::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_tick.stop();
}

void RebalanceTimeline::rebuild()
{
    m_input = TimelineInput::fromLab(*m_lab, QDateTime::currentMSecsSinceEpoch());
    relayout();
}

void RebalanceTimeline::relayout()
{
    if (m_inLayout)
        return;
    m_inLayout = true;
    m_input.nowMs = QDateTime::currentMSecsSinceEpoch();
    const QWidget* viewport = m_scroll->viewport();
    m_layout = layoutTimeline(m_input, m_view, viewport->width(), viewport->height(), font());
    const int need = int(std::ceil(m_layout.height));
    if (m_canvas->minimumHeight() != need)
        m_canvas->setMinimumHeight(need);
    m_later->setText(tr("%n later event(s) →", nullptr, m_layout.laterEvents));
    m_later->setVisible(!m_view.follow && m_layout.laterEvents > 0);
    const QSignalBlocker block(m_follow);
    m_follow->setChecked(m_view.follow);
    m_canvas->update();
    m_inLayout = false;
}

void RebalanceTimeline::setFollowing(bool on)
{
    if (!on && m_view.follow) {
        m_view.fromS = m_layout.fromS;
        m_view.toS = m_layout.toS;
    }
    m_view.follow = on;
    relayout();
}

void RebalanceTimeline::setView(double fromS, double toS)
{
    m_view.follow = false;
    m_view.fromS = fromS;
    m_view.toS = std::max(toS, fromS + 0.05);
    relayout();
}

void RebalanceTimeline::zoom(double factor, double atX)
{
    const TimelineLayout& L = m_layout;
    const double at = L.secondsAt(std::clamp(atX, L.plot.left(), L.plot.right()));
    setView(at - (at - L.fromS) * factor, at + (L.toS - at) * factor);
}

QString RebalanceTimeline::tipAt(const QPointF& pos) const
{
    const TimelineLayout& L = m_layout;
    for (const TimelineLayout::Marker& m : L.markers)
        if (m.rect.contains(pos) || m.tick.adjusted(-4, -4, 4, 0).contains(pos))
            return m.tip;
    for (const TimelineLayout::Band& b : L.bands)
        if (b.label.contains(pos))
            return b.tip;
    for (const TimelineLayout::Bar& b : L.bars)
        if (b.rect.adjusted(0, -1, 0, 1).contains(pos))
            return b.tip;
    for (const TimelineLayout::Bar& t : L.targets)
        if (t.rect.contains(pos))
            return t.tip;
    for (const TimelineLayout::Band& b : L.bands)
        if (b.shade.contains(pos))
            return b.tip;
    for (const TimelineLayout::LegendEntry& e : L.legend)
        if (e.swatch.united(e.label).contains(pos))
            return e.kind == TimelineLayout::LegendEntry::Kind::Partition ? tr("the colour of %1's bars").arg(e.text)
                                                                          : e.text;
    return {};
}

bool RebalanceTimeline::exportTo(const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")) {
        *error = tr("Export: name the file .png or .svg, not '%1'").arg(QFileInfo(path).fileName());
        return false;
    }
    relayout();
    const QSize size(std::max(1, m_canvas->width()), int(std::ceil(m_layout.height))); // the picture, no blank below
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (suffix == QLatin1String("png")) {
        // Twice the screen's pixels: sharp on a slide.
        QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(2);
        image.fill(palette().color(QPalette::Base));
        QPainter painter(&image);
        paintTimeline(painter, m_layout, palette(), font());
        painter.end();
        if (!image.save(&buffer, "PNG")) {
            *error = tr("Export: the PNG image could not be made");
            return false;
        }
    } else {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(tr("Rebalance timeline"));
        svg.setDescription(tr("kafkalab's rebalance timeline of the group lab"));
        QPainter painter(&svg);
        painter.fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Base));
        paintTimeline(painter, m_layout, palette(), font());
        painter.end();
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = tr("Export: could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

void RebalanceTimeline::exportWithDialog()
{
    QFileDialog dialog(this, tr("Export the rebalance timeline"), QDir::homePath());
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setNameFilters({ tr("PNG image (*.png)"), tr("SVG drawing (*.svg)") });
    dialog.setDefaultSuffix(QStringLiteral("png"));
    dialog.selectFile(QStringLiteral("rebalance-timeline.png"));
    connect(&dialog, &QFileDialog::filterSelected, &dialog, [&dialog](const QString& filter) {
        dialog.setDefaultSuffix(filter.contains(QLatin1String("svg")) ? QStringLiteral("svg") : QStringLiteral("png"));
    });
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    QString error;
    const bool ok = exportTo(dialog.selectedFiles().first(), &error);
    m_exportError->setText(ok ? QString() : error);
    m_exportError->setVisible(!ok);
}

} // namespace kafkalab
