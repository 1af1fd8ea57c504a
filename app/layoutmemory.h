#pragma once

// The window's inner layout as the user left it: the sizes of every QSplitter and the widths of the table and tree
// columns the user resized, kept in QSettings under "layout/" (splitters/<path>, columns/<path>). One place for the
// whole window: no page saves its own. The main window restores at start and saves on close.
//
// Each splitter and each header's view is found by its path of objectNames from the window; a widget without a name
// is called by its class (with "#n" among unnamed siblings of the same class), so give what you add a name.
//
// What is remembered is what the user set, nothing else:
// - A splitter the user dragged (QSplitter::splitterMoved). Restored once it is first shown (its page has its real
//   size then), proportionally if the window is another size, and only with the number of panes saved (the Group
//   lab's timeline pane comes with the connection: its splitter is restored then); until then, and on a tab not
//   opened this time, what was saved is kept and saved again.
// - A column the user resized (dragging its edge, or double-clicking the edge to fit). The rule with the pages' own
//   fitting (fitColumnsWhenFilled, followFontInTable): a column the user never touched is fitted by the page as
//   before; a column the user sized gets that width back after every automatic fit (queued right after it: a fit
//   reports its sizes before it has stored them). The width is kept in pixels per point of the header's font, so it
//   follows the font: presentation mode at 150 % shows it 1.5 times as wide, and leaving gives the width back to the
//   pixel; a width set while presenting is saved in the same units and comes back right in normal mode. Only
//   Interactive columns count (a Stretch, ResizeToContents or Fixed column, and a stretched last section, are the
//   page's). A header whose column count is not the one saved is not restored, and its entry is gone at the next save
//   (tables whose columns come from the data, like the Group lab's board, start empty and are never restored).

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QHeaderView;
class QSettings;
class QSplitter;
class QWidget;

namespace kafkalab {

class LayoutMemory : public QObject {
    Q_OBJECT
public:
    // Finds the splitters and headers under `window` now (call it once the window is built).
    explicit LayoutMemory(QWidget* window);

    void restore(const QSettings& settings);
    void save(QSettings& settings) const;

    // A widget's path from the window, as the settings name it.
    static QString pathOf(const QWidget* widget, const QWidget* window);
    // The paths of every splitter and every column header it keeps (for tests: no two alike).
    QStringList paths() const;

private:
    struct Columns {
        QPointer<QHeaderView> header;
        QString path;
        int count = -1; // the column count the widths are for
        QHash<int, double> units; // column -> width in pixels per point of the header's font
        bool queued = false;
    };
    struct Split {
        QPointer<QSplitter> splitter;
        QString path;
        bool touched = false; // the user moved it (now or in an earlier run)
        QList<int> pending; // saved sizes not applied yet (not shown yet)
    };

    bool eventFilter(QObject* watched, QEvent* event) override;
    void track(QHeaderView* header);
    void track(QSplitter* splitter);
    void onSectionResized(Columns& c, int column, int newSize);
    void restoreLater(Split& s);
    void queueRepin(Columns& c);
    void repin(Columns& c);
    Columns* columnsOf(const QObject* headerOrViewport);
    static bool resizable(const QHeaderView* header, int column);
    static double pointSize(const QHeaderView* header);

    QWidget* m_window;
    QList<Columns> m_columns;
    QList<Split> m_splits;
    QPointer<QHeaderView> m_gesture; // the header the user is pressing on (a drag or a double-click)
};

} // namespace kafkalab
