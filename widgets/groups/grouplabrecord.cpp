// The Group lab by hand, recorded for "Save as scenario…": each member started becomes a member actor and its
// "start" step, Leave, Crash and Restart their steps; before each action (and when saving) what the lab shows is
// observed, so that the file waits for the group to settle and expects what each member then owned. Pause, Resume,
// Stall, Poll again and the traffic generator have no scenario step: they are listed as left out.
#include "kafkacore/cluster/clustersession.h"
#include "kafkacore/scenarios/scenariomember.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/scenarios/savescenariodialog.h"
#include "widgets/scenarios/scenariobar.h"

#include <QPushButton>

namespace kafkalab {

void GroupLabPage::startRecording()
{
    Scenario lab;
    lab.name = QStringLiteral("group lab by hand");
    m_recorder.start(lab);
    updateSaveButton();
}

void GroupLabPage::recordStart(const MemberConfig& config)
{
    if (!m_lesson.actors.isEmpty())
        return; // a lesson runs the members: nothing is done by hand
    m_recorder.observed(ScenarioRecorder::observeGroupLab(*m_lab), m_clock.elapsed());
    for (const QString& t : config.topics)
        if (const TopicInfo* info = m_session->snapshot().topic(t))
            m_recorder.addTopic(t, int(info->partitions.size()));
    m_recorder.addActor(memberActorOf(config));
    const MemberConfig defaults;
    if (config.maxPollIntervalMs != defaults.maxPollIntervalMs)
        m_recorder.skipped(tr("max.poll.interval.ms %1 of %2").arg(config.maxPollIntervalMs).arg(config.name));
    if (config.processingDelayMs != defaults.processingDelayMs)
        m_recorder.skipped(tr("processing %1 ms per message of %2").arg(config.processingDelayMs).arg(config.name));
    ScenarioStep st;
    st.actor = config.name;
    st.action = ScenarioAction::Start;
    m_recorder.step(st, m_clock.elapsed());
    updateSaveButton();
}

void GroupLabPage::recordAction(const QString& action, const QString& member)
{
    if (!m_lesson.actors.isEmpty())
        return;
    std::optional<ScenarioAction> step;
    if (action == tr("Leave"))
        step = ScenarioAction::Close;
    else if (action == tr("Crash"))
        step = ScenarioAction::Crash;
    else if (action == tr("Restart"))
        step = ScenarioAction::Restart;
    if (!step) {
        m_recorder.skipped(member.isEmpty() ? action : tr("%1 of %2").arg(action, member));
        return;
    }
    m_recorder.observed(ScenarioRecorder::observeGroupLab(*m_lab), m_clock.elapsed());
    ScenarioStep st;
    st.actor = member;
    st.action = *step;
    m_recorder.step(st, m_clock.elapsed());
    updateSaveButton();
}

void GroupLabPage::updateSaveButton()
{
    m_lessons->bar()->saveButton()->setEnabled(m_lesson.actors.isEmpty() && !m_recorder.isEmpty());
}

void GroupLabPage::saveAsScenario()
{
    if (!m_lesson.actors.isEmpty() || m_recorder.isEmpty())
        return;
    // What the lab shows now is the last action's outcome.
    m_recorder.observed(ScenarioRecorder::observeGroupLab(*m_lab), m_clock.elapsed());
    SaveScenarioDialog::openOver(
        m_recorder.toJson(), m_recorder.skippedActions(), QStringLiteral("group-lab-by-hand"), this);
}

} // namespace kafkalab
