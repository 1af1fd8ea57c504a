#include "app/presentationmode.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLayout>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>

namespace kafkalab {

PresentationMode::PresentationMode(QMainWindow* window, QMenu* menu)
    : QObject(window)
    , m_window(window)
{
    m_toggle = new QAction(tr("&Presentation mode"), this);
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(QKeySequence(Qt::Key_F11));
    m_toggle->setToolTip(tr("Large type, high contrast, no docks: for a projector (F11)"));
    connect(m_toggle, &QAction::toggled, this, &PresentationMode::setActive);
    m_bigger = new QAction(tr("Presentation: larger"), this);
    m_bigger->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus) });
    connect(m_bigger, &QAction::triggered, this, [this] { setScalePercent(m_scale + kStep); });
    m_smaller = new QAction(tr("Presentation: smaller"), this);
    m_smaller->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    connect(m_smaller, &QAction::triggered, this, [this] { setScalePercent(m_scale - kStep); });
    for (QAction* a : { m_toggle, m_bigger, m_smaller }) {
        menu->addAction(a);
        window->addAction(a); // the shortcuts work while the menu bar is hidden
    }
    m_bigger->setEnabled(false);
    m_smaller->setEnabled(false);
    m_scale
        = std::clamp(QSettings().value(QStringLiteral("presentationScale"), kMinScale).toInt(), kMinScale, kMaxScale);
}

QPalette PresentationMode::highContrastPalette()
{
    // Black on white with saturated accents: what survives a washed-out projector. Mid and Dark (lines, frames,
    // the state diagram's edges) are near black rather than light grey.
    QPalette p;
    const QColor black(0, 0, 0);
    const QColor white(255, 255, 255);
    for (const QPalette::ColorGroup g : { QPalette::Active, QPalette::Inactive }) {
        p.setColor(g, QPalette::Window, white);
        p.setColor(g, QPalette::WindowText, black);
        p.setColor(g, QPalette::Base, white);
        p.setColor(g, QPalette::AlternateBase, QColor(235, 235, 235));
        p.setColor(g, QPalette::Text, black);
        p.setColor(g, QPalette::Button, QColor(225, 225, 225));
        p.setColor(g, QPalette::ButtonText, black);
        p.setColor(g, QPalette::BrightText, white);
        p.setColor(g, QPalette::Highlight, QColor(0, 45, 200));
        p.setColor(g, QPalette::HighlightedText, white);
        p.setColor(g, QPalette::Link, QColor(0, 45, 200));
        p.setColor(g, QPalette::ToolTipBase, QColor(255, 255, 200));
        p.setColor(g, QPalette::ToolTipText, black);
        p.setColor(g, QPalette::PlaceholderText, QColor(70, 70, 70));
        p.setColor(g, QPalette::Light, white);
        p.setColor(g, QPalette::Midlight, QColor(200, 200, 200));
        p.setColor(g, QPalette::Mid, QColor(40, 40, 40));
        p.setColor(g, QPalette::Dark, QColor(20, 20, 20));
        p.setColor(g, QPalette::Shadow, black);
    }
    // Disabled controls stay readable: dark grey, not the usual light grey.
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(90, 90, 90));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(90, 90, 90));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(90, 90, 90));
    p.setColor(QPalette::Disabled, QPalette::Window, white);
    p.setColor(QPalette::Disabled, QPalette::Base, QColor(245, 245, 245));
    p.setColor(QPalette::Disabled, QPalette::Button, QColor(235, 235, 235));
    return p;
}

void PresentationMode::setActive(bool on)
{
    if (on == m_active)
        return;
    m_active = on;
    if (m_toggle->isChecked() != on)
        m_toggle->setChecked(on);
    m_bigger->setEnabled(on);
    m_smaller->setEnabled(on);
    if (on) {
        m_normalFont = QApplication::font();
        m_normalPalette = QApplication::palette();
        m_normalStates = m_window->windowState();
        m_hidden.clear();
        QList<QWidget*> chrome;
        for (QDockWidget* d : m_window->findChildren<QDockWidget*>())
            chrome.append(d);
        for (QToolBar* t : m_window->findChildren<QToolBar*>())
            chrome.append(t);
        chrome.append(m_window->statusBar());
        for (QWidget* w : chrome)
            if (w->isVisible()) {
                m_hidden.append(w);
                w->hide();
            }
        QApplication::setPalette(highContrastPalette());
        apply();
        m_window->setWindowState(m_normalStates | Qt::WindowFullScreen);
    } else {
        QApplication::setPalette(m_normalPalette);
        QApplication::setFont(m_normalFont);
        applyLessonText();
        relayout();
        for (const QPointer<QWidget>& w : std::as_const(m_hidden))
            if (w)
                w->show();
        m_hidden.clear();
        m_window->setWindowState(m_normalStates);
    }
    Q_EMIT changed();
}

void PresentationMode::setScalePercent(int percent)
{
    percent = std::clamp((percent + kStep / 2) / kStep * kStep, kMinScale, kMaxScale);
    if (percent == m_scale)
        return;
    m_scale = percent;
    QSettings().setValue(QStringLiteral("presentationScale"), m_scale);
    if (m_active) {
        apply();
        Q_EMIT changed();
    }
}

void PresentationMode::apply()
{
    QFont f = m_normalFont;
    f.setPointSizeF(m_normalFont.pointSizeF() * m_scale / 100.0);
    QApplication::setFont(f);
    applyLessonText();
    relayout();
}

void PresentationMode::relayout()
{
    // A page that is not in view (a hidden tab) keeps the least size it had at the old font until it is shown again,
    // and the tabs take the widest page's: without this, the window scrolled sideways after the mode ended until
    // the page that had been widest was visited.
    for (QLayout* l : m_window->findChildren<QLayout*>())
        l->invalidate();
    if (QWidget* central = m_window->centralWidget())
        central->updateGeometry();
}

void PresentationMode::applyLessonText()
{
    for (QWidget* w : m_window->findChildren<QWidget*>()) {
        if (!w->property("kafkalabLessonText").toBool())
            continue;
        if (m_active) {
            QFont f = QApplication::font();
            f.setPointSizeF(f.pointSizeF() * 1.25);
            w->setFont(f);
        } else {
            w->setFont(QFont()); // inherits the application's again
            w->setAttribute(Qt::WA_SetFont, false);
        }
    }
}

} // namespace kafkalab
