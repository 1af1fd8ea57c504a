#pragma once

#include <QFont>
#include <QObject>
#include <QPalette>
#include <QPointer>

class QAction;
class QMainWindow;
class QMenu;

namespace kafkalab {

// Presentation mode, for a projector: one shortcut (F11) turns it on and off. While it is on, the application's font
// (and with it every label, table, chart label, marker and line that follows the font) is scaled 150–200 % (Ctrl+=
// and Ctrl+- while presenting, in 25 % steps), a high-contrast palette replaces the normal one, the docks, the
// status bar and the toolbar are hidden, the window fills the screen, and the lesson texts of the steppers (widgets
// with the property kafkalabLessonText) are a further quarter larger. Turning it off restores all of that as it was.
class PresentationMode : public QObject {
    Q_OBJECT
public:
    // Adds its actions to `menu` (View) and to the window (so the shortcuts work with the menu bar hidden).
    PresentationMode(QMainWindow* window, QMenu* menu);

    bool isActive() const { return m_active; }
    int scalePercent() const { return m_scale; }
    void setActive(bool on);
    void setScalePercent(int percent); // clamped to 150–200, in 25 % steps
    QAction* toggleAction() const { return m_toggle; }

    static constexpr int kMinScale = 150;
    static constexpr int kMaxScale = 200;
    static constexpr int kStep = 25;
    static QPalette highContrastPalette();

Q_SIGNALS:
    void changed();

private:
    void apply();
    void applyLessonText();
    void relayout(); // every page's least size again, at the new font (hidden tabs included)

    QMainWindow* m_window;
    QAction* m_toggle = nullptr;
    QAction* m_bigger = nullptr;
    QAction* m_smaller = nullptr;
    bool m_active = false;
    int m_scale = kMinScale;
    // What presentation mode replaced, restored when it ends.
    QFont m_normalFont;
    QPalette m_normalPalette;
    Qt::WindowStates m_normalStates;
    QList<QPointer<QWidget>> m_hidden;
};

} // namespace kafkalab
