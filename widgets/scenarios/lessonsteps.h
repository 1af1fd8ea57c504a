#pragma once

#include "kafkacore/scenarios/scenario.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListWidget;
class QScrollArea;

namespace kafkalab {

// A loaded lesson's steps, listed ahead, shared by every lesson bar (the Transactions and Offsets steppers, the Group
// lab's and the Replication tab's lessons): "Step n of N", each step in a few words with its note (what to look at),
// the current one (the step just taken) highlighted and kept in view, the steps taken marked held or failed, and the
// lesson's own slides, shown before the step they precede (and after the last), in large type in presentation mode.
class LessonSteps : public QWidget {
    Q_OBJECT
public:
    explicit LessonSteps(QWidget* parent = nullptr);

    // Lists `lesson`'s steps, none taken yet, and shows the slides before step 1.
    void setLesson(const Scenario& lesson);
    // No lesson: hidden.
    void clear();
    // Step `index` (1-based) was taken: it becomes the current one, marked held (ok) or failed.
    void stepTaken(int index, bool ok);
    // The run started: names with {{run}} are listed as the run uses them (its engine's run id).
    void setRunId(const QString& runId);

    int current() const { return m_current; } // 0: none taken yet
    int count() const;
    QLabel* progressLabel() const { return m_progress; }
    QListWidget* list() const { return m_list; }
    QLabel* slideLabel() const { return m_slide; }
    // The row text of step `index` (1-based): "3. zombie: commit — note"; {{run}} as `runId` when one is given.
    static QString rowText(const ScenarioStep& step, int index, const QString& runId = {});

protected:
    // The list's font changed: its height follows. The window's scroll area was resized: the width follows.
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void showSlides();
    void fitHeight();
    // The page can be wider than the window shows (the tabs take the widest page's least width): the list keeps to
    // the part of its page the window's scroll area shows, so that a wrapped step is read whole.
    void fitToVisibleArea();

    Scenario m_lesson;
    QString m_runId;
    int m_current = 0;
    QLabel* m_progress;
    QListWidget* m_list;
    QLabel* m_slide;
    QPointer<QScrollArea> m_visibleArea;
};

} // namespace kafkalab
