#pragma once

#include "kafkacore/scenarios/scenario.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QPushButton;

namespace kafkalab {

// Every lesson page's scenario row: "By hand" or a scenario (the shipped ones a page accepts, or a file), and Load /
// restart (F9), Step (F10), Run to end (Ctrl+F10), Reset lab (Ctrl+Shift+R: the page stops what its lab runs and
// shows itself as new) and Save as scenario… (what was done by hand, as a file). The keys work on the page in view, so
// a teacher runs a lesson without a mouse.
class ScenarioBar : public QWidget {
    Q_OBJECT
public:
    // Lists the shipped scenarios that `accept` takes (every one when it is empty).
    explicit ScenarioBar(const std::function<bool(const Scenario&)>& accept, QWidget* parent = nullptr);

    QComboBox* box() const { return m_box; }
    QPushButton* loadButton() const { return m_load; }
    QPushButton* stepButton() const { return m_step; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* resetButton() const { return m_reset; }
    // "Save as scenario…": hidden unless the page records what is done by hand; the page shows it, and enables it once
    // something was done (saveRequested()).
    QPushButton* saveButton() const { return m_save; }
    QString currentFile() const; // empty: by hand
    // Makes `file` the current scenario (adding it when it is not listed) and asks to load it.
    void select(const QString& file);

Q_SIGNALS:
    void loadRequested();
    void stepRequested();
    void runRequested();
    void resetRequested();
    void saveRequested();

private:
    QComboBox* m_box;
    QPushButton* m_load;
    QPushButton* m_step;
    QPushButton* m_run;
    QPushButton* m_reset;
    QPushButton* m_save;
};

} // namespace kafkalab
