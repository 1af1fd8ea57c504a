#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/scenarios/scenarioengine.h"

#include <QWidget>

class QLabel;

namespace kafkalab {

class ScenarioBar;
class ScenarioSession;

// The Group lab's lesson row: the shipped lessons with group members (and files opened), loaded into a
// ScenarioSession whose engine runs the members; each step's observation (the members' events, states and
// partitions) goes to the page, which shows it on its board, member table and rebalance timeline. "By hand" is the
// lab itself. Lessons with group members load only here: the transaction and offset steppers have no view of
// members, partitions and rebalances.
class GroupLessonBar : public QWidget {
    Q_OBJECT
public:
    explicit GroupLessonBar(QWidget* parent = nullptr);
    ~GroupLessonBar() override;

    void setConnection(const QList<ClientProperty>& connection);
    ScenarioBar* bar() const { return m_bar; }
    QLabel* status() const { return m_status; }
    QLabel* error() const { return m_error; }
    bool isActive() const { return m_active; }

Q_SIGNALS:
    void lessonLoaded(kafkalab::Scenario scenario);
    void observed(kafkalab::ScenarioObservation observation);
    void lessonStopped();

private:
    void load();

    QList<ClientProperty> m_connection;
    ScenarioBar* m_bar;
    ScenarioSession* m_session;
    QLabel* m_status;
    QLabel* m_error;
    bool m_active = false;
    bool m_busy = false;
};

} // namespace kafkalab
