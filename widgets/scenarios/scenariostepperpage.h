#pragma once

// What the transaction and offset steppers share: the scenario row (by hand or a scenario file; Load, Step, Run to
// end), the description and status lines, the step log, and the ScenarioSession that owns the engine on its worker
// thread. A page adds its hand-driven controls and its views, and says which hand buttons are enabled.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/scenarios/scenariorecorder.h"
#include "kafkacore/scenarios/scenariosession.h"

#include <QElapsedTimer>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace kafkalab {

class LessonSteps;
class ScenarioBar;

class ScenarioStepperPage : public QWidget {
    Q_OBJECT
public:
    // `accept` picks the shipped scenarios the page lists; `threadName` names its engines' threads.
    ScenarioStepperPage(
        const std::function<bool(const Scenario&)>& accept, const QString& threadName, QWidget* parent = nullptr);

    // Retires the engine; loads again at once when the page is shown (or shows "Not connected.").
    void setConnection(const QList<ClientProperty>& properties);
    // The connection's schema registry, for lessons with schema steps (set before setConnection; empty URL: none,
    // and such a lesson says so when it is loaded).
    void setSchemaRegistry(const schemas::RegistryConnection& registry) { m_registry = registry; }
    // The passwords of the users a lesson's actors connect as ("as_user"; the local secured sandbox's demo users),
    // for the engines started from now on.
    void setUserPasswords(const QMap<QString, QString>& passwords) { m_session->setUserPasswords(passwords); }
    // Loads the scenario chosen in the combo box ("By hand" or a file) and prepares its actors. Never waits for the
    // engine it replaces.
    void load();
    // Reset lab (its button or Ctrl+Shift+R): the engine retires (never waited for), the page goes back to "By hand"
    // with its views, log and lesson list cleared, and prepares by hand again, as when first opened.
    void resetLab();

    QComboBox* scenarioBox() const { return m_scenarios; }
    ScenarioBar* bar() const { return m_bar; }
    // A button by its (translated) text: for tests and demos; the page itself goes by action.
    QPushButton* button(const QString& text) const;
    QListWidget* stepLog() const { return m_log; }
    LessonSteps* lessonSteps() const { return m_steps; }
    QLabel* statusLabel() const { return m_status; }
    bool ready() const { return m_ready; }
    bool busy() const { return m_busy; }
    // What was done by hand since the lab was (re)loaded, for "Save as scenario…".
    const ScenarioRecorder& recorder() const { return m_recorder; }
    // "Save as scenario…": the recorded run in the dialog (SaveScenarioDialog), over this page.
    void saveAsScenario();
    // True while stopped engines still end their step and clean up (allRetired() follows).
    bool retiring() const { return m_session->retiringCount() > 0; }

Q_SIGNALS:
    void prepared(bool ok);
    void stepObserved(kafkalab::ScenarioObservation observation);
    void finished(bool allHeld);
    void allRetired();

protected:
    // A hand button: `action` (and `variant`, e.g. the actor or "fail") is what it does and what enables it.
    struct HandButton {
        QPushButton* button = nullptr;
        ScenarioAction action = ScenarioAction::Wait;
        QString variant;
    };
    QPushButton* addHandButton(const QString& text, ScenarioAction action, const QString& variant, QWidget* parent);
    const QList<HandButton>& handButtons() const { return m_hand; }
    QLabel* descriptionLabel() const { return m_description; }
    // The page's frame, the same on both steppers: scenario bar, description, status, then `left` and `right` side by
    // side (the right column takes `rightStretch`).
    void placeColumns(QWidget* left, QWidget* right, int rightStretch);

    // Hooks.
    virtual void clearViews() = 0; // a new load starts
    virtual void manualChanged() { } // m_manual was set for the load
    // The hand-driven scenario (and the description), or nothing with the status line saying why.
    virtual std::optional<Scenario> handScenario() = 0;
    virtual void scenarioChosen() { } // m_scenario is set, the engine not started yet
    virtual void afterPrepared() { } // m_ready is set
    virtual void showObservation(const ScenarioObservation& o) = 0;
    // Whether a hand button is enabled while driving by hand with an engine ready and no step running.
    virtual bool handEnabled(const HandButton& b) const = 0;
    // A hand button was clicked (the page builds the step and calls runStep()).
    virtual void handClicked(const HandButton& b) = 0;

    void runStep(const ScenarioStep& step); // marks the page busy and queues the step
    void updateButtons();
    // "N. actor action[: expectation or what the step did][ — ERROR: text| — held][  (note)]"
    QString logLine(const ScenarioObservation& o, int number) const;
    void appendLog(const QString& line, bool ok);

    ScenarioSession* m_session;
    QList<ClientProperty> m_connection;
    schemas::RegistryConnection m_registry;
    Scenario m_scenario;
    QString m_preparingText;
    bool m_manual = true;
    bool m_ready = false;
    bool m_busy = false;
    bool m_runningAll = false;
    int m_stepsDone = 0;

private:
    void observed(const ScenarioObservation& o);

    std::function<bool(const Scenario&)> m_accept;
    ScenarioBar* m_bar;
    QComboBox* m_scenarios;
    QLabel* m_description;
    QLabel* m_status;
    QListWidget* m_log;
    LessonSteps* m_steps;
    QList<HandButton> m_hand;
    ScenarioRecorder m_recorder;
    QElapsedTimer m_clock; // when each step was taken and observed, for the recording's waits
};

} // namespace kafkalab
