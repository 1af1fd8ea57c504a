#include "widgets/scenarios/scenariostepperpage.h"

#include "widgets/scenarios/lessonsteps.h"
#include "widgets/scenarios/savescenariodialog.h"
#include "widgets/scenarios/scenariobar.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace kafkalab {

ScenarioStepperPage::ScenarioStepperPage(
    const std::function<bool(const Scenario&)>& accept, const QString& threadName, QWidget* parent)
    : QWidget(parent)
    , m_session(new ScenarioSession(threadName, this))
    , m_preparingText(tr("Preparing the actors…"))
    , m_accept(accept)
{
    m_bar = new ScenarioBar(accept, this);
    m_scenarios = m_bar->box();
    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_log = new QListWidget(this);
    m_steps = new LessonSteps(this);
    // What a lesson says, in large type in presentation mode (app/presentationmode).
    for (QWidget* w : std::initializer_list<QWidget*> { m_description, m_status, m_log })
        w->setProperty("kafkalabLessonText", true);

    connect(m_bar, &ScenarioBar::loadRequested, this, &ScenarioStepperPage::load);
    connect(m_bar, &ScenarioBar::resetRequested, this, &ScenarioStepperPage::resetLab);
    m_bar->saveButton()->show();
    connect(m_bar, &ScenarioBar::saveRequested, this, &ScenarioStepperPage::saveAsScenario);
    m_clock.start();
    connect(m_bar, &ScenarioBar::stepRequested, this, [this] {
        if (!m_session->hasEngine() || !m_ready || m_busy || m_manual)
            return;
        m_busy = true;
        updateButtons();
        m_session->step();
    });
    connect(m_bar, &ScenarioBar::runRequested, this, [this] {
        if (!m_session->hasEngine() || !m_ready || m_busy || m_manual)
            return;
        m_busy = m_runningAll = true;
        updateButtons();
        m_session->runAll();
    });
    connect(m_session, &ScenarioSession::prepared, this, [this](const QString& error) {
        m_ready = error.isEmpty();
        m_status->setText(
            m_ready ? tr("Ready.") : tr("<span style='color:#c62828'>%1</span>").arg(error.toHtmlEscaped()));
        afterPrepared();
        updateButtons();
        Q_EMIT prepared(m_ready);
    });
    connect(m_session, &ScenarioSession::observed, this, &ScenarioStepperPage::observed);
    connect(m_session, &ScenarioSession::finished, this, [this](bool held, int failed) {
        m_busy = m_runningAll = false;
        m_status->setText(held
                ? tr("Done: every expectation held.")
                : tr("<span style='color:#c62828'>Done: %1 expectation(s) did not hold.</span>").arg(failed));
        updateButtons();
        Q_EMIT finished(held);
    });
    connect(m_session, &ScenarioSession::retired, this, &ScenarioStepperPage::allRetired);
}

QPushButton* ScenarioStepperPage::addHandButton(
    const QString& text, ScenarioAction action, const QString& variant, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    m_hand.append({ b, action, variant });
    connect(b, &QPushButton::clicked, this, [this, b] {
        for (const HandButton& h : std::as_const(m_hand))
            if (h.button == b && m_session->hasEngine() && m_ready && !m_busy && m_manual)
                handClicked(h);
    });
    return b;
}

QPushButton* ScenarioStepperPage::button(const QString& text) const
{
    for (QPushButton* b : { m_bar->loadButton(), m_bar->stepButton(), m_bar->runButton() })
        if (b->text() == text)
            return b;
    for (const HandButton& h : m_hand)
        if (h.button->text() == text)
            return h.button;
    return nullptr;
}

void ScenarioStepperPage::setConnection(const QList<ClientProperty>& properties)
{
    m_session->stop();
    m_connection = properties;
    m_ready = false;
    if (properties.isEmpty() || isVisible())
        load(); // without a connection: forgets the old cluster's run, "Not connected."
    updateButtons();
}

void ScenarioStepperPage::resetLab()
{
    m_scenarios->setCurrentIndex(0);
    load();
}

void ScenarioStepperPage::load()
{
    m_session->stop(); // never waits: the old engine ends its step and cleans up on its own thread
    m_ready = m_busy = m_runningAll = false;
    m_stepsDone = 0;
    m_recorder = {};
    m_log->clear();
    m_steps->clear();
    clearViews();
    if (m_connection.isEmpty()) {
        m_status->setText(tr("Not connected."));
        updateButtons();
        return;
    }
    const QString file = m_scenarios->currentData().toString();
    m_manual = file.isEmpty();
    manualChanged();
    if (m_manual) {
        const std::optional<Scenario> s = handScenario();
        if (!s) {
            updateButtons();
            return;
        }
        m_scenario = *s;
        m_recorder.start(m_scenario);
    } else {
        QString error;
        const std::optional<Scenario> s = loadScenario(file, &error);
        if (s && m_accept && !m_accept(*s)) // an offset lesson here would "pass" with nothing to see
            error = tr("%1 is a lesson for the %2 tab: open it there").arg(file, lessonKindTitle(lessonKind(*s)));
        if (!s || !error.isEmpty()) {
            m_status->setText(tr("<span style='color:#c62828'>%1</span>").arg(error.toHtmlEscaped()));
            updateButtons();
            return;
        }
        m_scenario = *s;
        m_description->setText(tr("<b>%1</b> — %2 (%3 steps)")
                                   .arg(s->displayTitle().toHtmlEscaped(), s->description.toHtmlEscaped())
                                   .arg(s->steps.size()));
        m_steps->setLesson(*s);
    }
    scenarioChosen();
    m_status->setText(m_preparingText);
    m_session->start(m_scenario, m_connection, m_registry);
    m_steps->setRunId(m_session->runId());
    updateButtons();
}

void ScenarioStepperPage::runStep(const ScenarioStep& step)
{
    m_busy = true;
    if (m_manual)
        m_recorder.step(step, m_clock.elapsed());
    updateButtons();
    m_session->execute(step);
}

void ScenarioStepperPage::observed(const ScenarioObservation& o)
{
    if (!m_runningAll)
        m_busy = false;
    if (!m_manual)
        m_steps->stepTaken(o.index, o.ok);
    else
        m_recorder.observed(o, m_clock.elapsed());
    showObservation(o);
    updateButtons();
    Q_EMIT stepObserved(o);
}

void ScenarioStepperPage::updateButtons()
{
    const bool idle = m_session->hasEngine() && m_ready && !m_busy;
    m_bar->loadButton()->setEnabled(true); // loading again never waits for the engine it replaces
    const bool stepping = idle && !m_manual && m_stepsDone < m_scenario.steps.size();
    m_bar->stepButton()->setEnabled(stepping);
    m_bar->runButton()->setEnabled(stepping);
    for (const HandButton& h : std::as_const(m_hand))
        h.button->setEnabled(idle && m_manual && handEnabled(h));
    // A step still running has not been observed yet: its expectations are not written.
    m_bar->saveButton()->setEnabled(m_manual && !m_busy && !m_recorder.isEmpty());
}

void ScenarioStepperPage::saveAsScenario()
{
    if (!m_manual || m_busy || m_recorder.isEmpty())
        return;
    QString base = m_scenario.name;
    SaveScenarioDialog::openOver(
        m_recorder.toJson(), m_recorder.skippedActions(), base.replace(QLatin1Char(' '), QLatin1Char('-')), this);
}

QString ScenarioStepperPage::logLine(const ScenarioObservation& o, int number) const
{
    QString line = QStringLiteral("%1. %2 %3").arg(number).arg(o.actor, actionName(o.action));
    if (!o.expectation.isEmpty()) // what was checked, or what a step without an actor did (acl: the bindings)
        line += QStringLiteral(": ") + o.expectation;
    if (!o.ok)
        line += QStringLiteral(" — %1: %2").arg(o.errorName, o.errorText);
    else if (o.isExpectation)
        line += tr(" — held");
    if (!o.note.isEmpty())
        line += QStringLiteral("  (%1)").arg(o.note);
    return line;
}

void ScenarioStepperPage::appendLog(const QString& line, bool ok)
{
    auto* item = new QListWidgetItem(line, m_log);
    item->setToolTip(line);
    if (!ok)
        item->setForeground(QColor(198, 40, 40));
    m_log->scrollToBottom();
}

void ScenarioStepperPage::placeColumns(QWidget* left, QWidget* right, int rightStretch)
{
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("stepperSplit"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, rightStretch);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar());
    layout->addWidget(descriptionLabel());
    layout->addWidget(statusLabel());
    layout->addWidget(m_steps);
    layout->addWidget(split, 1);
}

} // namespace kafkalab
