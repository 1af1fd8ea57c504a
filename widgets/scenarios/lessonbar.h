#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/scenarios/scenarioengine.h"

#include <QWidget>

class QLabel;

namespace kafkalab {

class LessonSteps;
class ScenarioBar;
class ScenarioSession;

// A tab's lesson row for the lessons only that tab can show (lessonKind): the shipped ones of its kind (and files
// opened), loaded into a ScenarioSession whose engine runs them; each step's observation goes to the page, which
// shows it its own way, and a line here says what the step did. "By hand" is the tab itself. The Group lab's
// (group members: board, timeline) and the Replication tab's (drills and broker steps: partitions, ISR, timeline).
class LessonBar : public QWidget {
    Q_OBJECT
public:
    LessonBar(LessonKind kind, const QString& threadName, QWidget* parent = nullptr);
    ~LessonBar() override;

    void setConnection(const QList<ClientProperty>& connection);
    ScenarioBar* bar() const { return m_bar; }
    QLabel* status() const { return m_status; }
    QLabel* error() const { return m_error; }
    LessonSteps* steps() const { return m_steps; }
    bool isActive() const { return m_active; }
    // Stops the lesson (its engine retires on its own thread, never waited for), back to "By hand", and says
    // lessonStopped(): the page clears its picture.
    void reset();

Q_SIGNALS:
    void lessonLoaded(kafkalab::Scenario scenario);
    void observed(kafkalab::ScenarioObservation observation);
    void lessonStopped();
    // Reset lab (its button or Ctrl+Shift+R): the page stops what it runs by hand too; reset() follows.
    void resetRequested();

private:
    void load();

    LessonKind m_kind;
    QList<ClientProperty> m_connection;
    ScenarioBar* m_bar;
    ScenarioSession* m_session;
    QLabel* m_status;
    QLabel* m_error;
    LessonSteps* m_steps;
    bool m_active = false;
    bool m_busy = false;
};

} // namespace kafkalab
