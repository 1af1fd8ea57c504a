#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/groups/grouplab.h"
#include "kafkacore/scenarios/scenarioengine.h"
#include "kafkacore/scenarios/scenariorecorder.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTabWidget;
class QTableWidget;

namespace kafkalab {

class ClusterSession;
class ProducerClient;
class RebalanceTimeline;
class ComparePanel;
class GroupLessonBar;

// Start consumer-group members and watch them: a board of partitions × members coloured by owner with message
// counts, per-member actions (leave, pause, resume, crash, stall), a traffic generator, and the rebalance timeline.
class GroupLabPage : public QWidget {
    Q_OBJECT
public:
    explicit GroupLabPage(ClusterSession* session, QWidget* parent = nullptr);
    ~GroupLabPage() override;

    void setConnection(const QList<ClientProperty>& properties);
    GroupLab* lab() const { return m_lab; }

    QLineEdit* groupEdit() const { return m_group; }
    QLineEdit* topicsEdit() const { return m_topics; }
    QComboBox* protocolBox() const { return m_protocol; }
    QComboBox* assignorBox() const { return m_assignor; }
    ComparePanel* comparePanel() const { return m_compare; }
    QTabWidget* views() const { return m_views; } // the board and the compare run, above the timeline
    GroupLessonBar* lessonBar() const { return m_lessons; }
    QSpinBox* sessionTimeoutSpin() const { return m_sessionTimeout; }
    QPushButton* addButton() const { return m_add; }
    QTableWidget* memberTable() const { return m_memberTable; }
    QTableWidget* board() const { return m_board; }
    RebalanceTimeline* timeline() const { return m_timeline; }
    QLabel* formError() const { return m_formError; }
    QPushButton* actionButton(const QString& name) const;
    // Reset lab (the lesson bar's button, Ctrl+Shift+R): the lesson stops, traffic and a compare run stop, every
    // member leaves (on its own thread, never waited for), and the board, member table and timeline start empty.
    void resetAll();
    // What was done by hand since the lab was last reset (members started, left, crashed, restarted), for "Save as
    // scenario…" (grouplabrecord.cpp).
    const ScenarioRecorder& recorder() const { return m_recorder; }
    void saveAsScenario();

protected:
    void resizeEvent(QResizeEvent* event) override; // the first real size: the timeline gets 60 % of the height

private:
    void addMember();
    void act(const QString& action);
    void refreshBoard();
    void refreshMembers();
    void toggleTraffic();
    void protocolChanged();
    void resetLab(); // a new, empty lab for the board, the member table and the timeline
    void showLesson(const ScenarioObservation& o);
    // grouplabrecord.cpp: the recording of the lab by hand. Each action first records what the lab shows then (the
    // previous action's outcome), then itself.
    void startRecording();
    void recordStart(const MemberConfig& config);
    void recordAction(const QString& action, const QString& member);
    void updateSaveButton();

    ClusterSession* m_session;
    QList<ClientProperty> m_connection;
    GroupLab* m_lab = nullptr;
    QLineEdit* m_group;
    QLineEdit* m_topics;
    QComboBox* m_protocol;
    QComboBox* m_assignor;
    ComparePanel* m_compare = nullptr;
    GroupLessonBar* m_lessons = nullptr;
    QGroupBox* m_formBox;
    Scenario m_lesson; // the lesson shown (no actors: the lab by hand)
    QSpinBox* m_sessionTimeout;
    QSpinBox* m_maxPoll;
    QLineEdit* m_instance;
    QSpinBox* m_delay;
    QPushButton* m_add;
    QLabel* m_formError;
    QTableWidget* m_memberTable;
    QList<QPushButton*> m_actions;
    QPushButton* m_traffic;
    QPointer<ProducerClient> m_producer;
    QTableWidget* m_board;
    RebalanceTimeline* m_timeline;
    QTabWidget* m_views;
    QSplitter* m_timelineSplitter;
    QTimer m_redraw;
    int m_nextName = 0;
    bool m_sized = false;
    ScenarioRecorder m_recorder;
    QElapsedTimer m_clock;
};

} // namespace kafkalab
