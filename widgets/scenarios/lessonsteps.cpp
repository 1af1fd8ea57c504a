#include "widgets/scenarios/lessonsteps.h"

#include <QEvent>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QVBoxLayout>

namespace kafkalab {

namespace {

constexpr int kVisibleRows = 4; // the current step, and what comes next

} // namespace

LessonSteps::LessonSteps(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("lessonSteps"));
    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("lessonProgress"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("lessonStepList"));
    m_list->setWordWrap(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setFocusPolicy(Qt::NoFocus); // the keys step the lesson, not the list
    m_slide = new QLabel(this);
    m_slide->setObjectName(QStringLiteral("lessonSlide"));
    m_slide->setWordWrap(true);
    m_slide->setTextFormat(Qt::RichText);
    m_slide->setFrameShape(QFrame::StyledPanel);
    m_slide->setMargin(8);
    // What a lesson says, in large type in presentation mode (app/presentationmode).
    for (QWidget* w : std::initializer_list<QWidget*> { m_progress, m_list, m_slide })
        w->setProperty("kafkalabLessonText", true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_slide);
    layout->addWidget(m_progress);
    layout->addWidget(m_list);
    m_list->installEventFilter(this);
    clear();
}

QString LessonSteps::rowText(const ScenarioStep& step, int index, const QString& runId)
{
    QString text = QStringLiteral("%1. %2").arg(index).arg(stepTitle(step));
    if (!step.note.isEmpty())
        text += QStringLiteral(" — ") + step.note;
    if (!runId.isEmpty())
        text.replace(QLatin1String("{{run}}"), runId);
    return text;
}

void LessonSteps::setRunId(const QString& runId)
{
    m_runId = runId;
    for (int i = 0; i < m_list->count() && i < m_lesson.steps.size(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        const QString mark
            = item->text().startsWith(QStringLiteral("✓ ")) || item->text().startsWith(QStringLiteral("✗ "))
            ? item->text().left(2)
            : QString();
        item->setText(mark + rowText(m_lesson.steps[i], i + 1, m_runId));
    }
}

int LessonSteps::count() const
{
    return int(m_lesson.steps.size());
}

void LessonSteps::setLesson(const Scenario& lesson)
{
    m_lesson = lesson;
    m_runId.clear(); // until the run starts
    m_current = 0;
    m_list->clear();
    for (int i = 0; i < lesson.steps.size(); ++i)
        m_list->addItem(rowText(lesson.steps[i], i + 1));
    m_progress->setText(tr("%1 steps — F10 takes the first").arg(lesson.steps.size()));
    showSlides();
    setVisible(true);
    fitHeight();
    m_list->scrollToTop();
}

void LessonSteps::clear()
{
    m_lesson = {};
    m_runId.clear();
    m_current = 0;
    m_list->clear();
    m_progress->clear();
    m_slide->clear();
    m_slide->hide();
    setVisible(false);
}

void LessonSteps::stepTaken(int index, bool ok)
{
    if (index < 1 || index > m_list->count())
        return;
    m_current = index;
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        QFont f = item->font();
        f.setBold(i == index - 1);
        item->setFont(f);
    }
    QListWidgetItem* item = m_list->item(index - 1);
    item->setText(
        (ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + rowText(m_lesson.steps[index - 1], index, m_runId));
    if (!ok)
        item->setForeground(QColor(198, 40, 40));
    m_list->setCurrentRow(index - 1);
    // The current step at the top, the next ones below it.
    m_list->scrollToItem(item, QAbstractItemView::PositionAtTop);
    m_progress->setText(index == m_list->count() ? tr("Step %1 of %2 — the last").arg(index).arg(m_list->count())
                                                 : tr("Step %1 of %2").arg(index).arg(m_list->count()));
    showSlides();
}

void LessonSteps::showSlides()
{
    QStringList parts;
    for (const LessonSlide& s : slidesBefore(m_lesson, m_current + 1))
        parts.append(QStringLiteral("<h3>%1</h3><p>%2</p>").arg(s.title.toHtmlEscaped(), s.text.toHtmlEscaped()));
    m_slide->setText(parts.join(QString()));
    m_slide->setVisible(!parts.isEmpty());
}

void LessonSteps::fitHeight()
{
    // A few rows in view, at the font in use (presentation mode's large type included).
    const int row = m_list->fontMetrics().lineSpacing() * 2 + 4;
    m_list->setFixedHeight(row * kVisibleRows + 2 * m_list->frameWidth());
}

bool LessonSteps::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_list && event->type() == QEvent::FontChange)
        fitHeight();
    if (m_visibleArea && watched == m_visibleArea->viewport() && event->type() == QEvent::Resize)
        fitToVisibleArea();
    return QWidget::eventFilter(watched, event);
}

void LessonSteps::showEvent(QShowEvent* event)
{
    if (!m_visibleArea) {
        // The outermost scroll area around the page (the window's central one).
        for (QWidget* w = parentWidget(); w; w = w->parentWidget())
            if (auto* area = qobject_cast<QScrollArea*>(w);
                area && area->widget() && area->widget()->isAncestorOf(this))
                m_visibleArea = area;
        if (m_visibleArea)
            m_visibleArea->viewport()->installEventFilter(this);
    }
    fitToVisibleArea();
    QWidget::showEvent(event);
}

void LessonSteps::fitToVisibleArea()
{
    if (!m_visibleArea || !m_visibleArea->widget())
        return;
    const int inset = mapTo(m_visibleArea->widget(), QPoint(0, 0)).x();
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    setMaximumWidth(std::max(200, m_visibleArea->viewport()->width() - inset - bar));
}

} // namespace kafkalab
