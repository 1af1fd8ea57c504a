#include "widgets/scenarios/lessonbar.h"

#include "kafkacore/scenarios/scenariosession.h"
#include "widgets/common/errorlabel.h"
#include "widgets/scenarios/lessonsteps.h"
#include "widgets/scenarios/scenariobar.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace kafkalab {

LessonBar::LessonBar(LessonKind kind, const QString& threadName, QWidget* parent)
    : QWidget(parent)
    , m_kind(kind)
{
    m_bar = new ScenarioBar([kind](const Scenario& s) { return lessonKind(s) == kind; }, this);
    m_bar->box()->setItemText(0, kind == LessonKind::Groups ? tr("By hand (the lab)") : tr("By hand"));
    m_session = new ScenarioSession(threadName, this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setProperty("kafkalabLessonText", true);
    m_error = makeErrorLabel(this);
    m_steps = new LessonSteps(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_error);
    layout->addWidget(m_status);
    layout->addWidget(m_steps);
    connect(m_bar, &ScenarioBar::resetRequested, this, &LessonBar::resetRequested);
    connect(m_bar, &ScenarioBar::loadRequested, this, &LessonBar::load);
    connect(m_bar, &ScenarioBar::stepRequested, this, [this] {
        if (m_active && !m_busy) {
            m_busy = true;
            m_session->step();
        }
    });
    connect(m_bar, &ScenarioBar::runRequested, this, [this] {
        if (m_active && !m_busy) {
            m_busy = true;
            m_session->runAll();
        }
    });
    connect(m_session, &ScenarioSession::prepared, this, [this](const QString& error) {
        m_error->setText(error);
        m_error->setVisible(!error.isEmpty());
        m_status->setText(error.isEmpty() ? tr("Ready: Step (F10) or Run to end.") : QString());
    });
    connect(m_session, &ScenarioSession::observed, this, [this](const ScenarioObservation& o) {
        m_busy = false;
        QString line = tr("Step %1: %2 %3").arg(o.index).arg(actionName(o.action), o.actor);
        if (o.isExpectation)
            line += QStringLiteral(" — ") + o.expectation;
        if (!o.ok)
            line += QStringLiteral(" — ") + o.errorText;
        else if (o.isExpectation)
            line += tr(" — held");
        if (!o.note.isEmpty())
            line += QLatin1Char('\n') + o.note;
        for (auto it = o.drills.begin(); it != o.drills.end(); ++it)
            line += QStringLiteral("\n%1: %2").arg(it.key(), it.value());
        for (auto it = o.ledgers.begin(); it != o.ledgers.end(); ++it)
            line += QStringLiteral("\n%1's ledger: %2").arg(it.key(), it.value().summary());
        m_status->setText(line);
        m_steps->stepTaken(o.index, o.ok);
        Q_EMIT observed(o);
    });
    connect(m_session, &ScenarioSession::finished, this, [this](bool held, int failed) {
        m_busy = false;
        m_status->setText(m_status->text() + QLatin1Char('\n')
            + (held ? tr("Lesson done: every expectation held.")
                    : tr("Lesson done: %1 expectations failed.").arg(failed)));
    });
    setEnabled(false);
}

LessonBar::~LessonBar() = default; // the session retires its engine; its clients go on its thread

void LessonBar::setConnection(const QList<ClientProperty>& connection)
{
    m_connection = connection;
    m_session->stop();
    m_active = false;
    m_busy = false;
    m_bar->box()->setCurrentIndex(0);
    m_status->clear();
    m_error->setVisible(false);
    m_steps->clear();
    setEnabled(!connection.isEmpty());
}

void LessonBar::reset()
{
    m_session->stop();
    m_active = false;
    m_busy = false;
    m_bar->box()->setCurrentIndex(0);
    m_status->clear();
    m_error->setVisible(false);
    m_steps->clear();
    Q_EMIT lessonStopped();
}

void LessonBar::load()
{
    m_session->stop();
    m_busy = false;
    m_error->setVisible(false);
    const QString file = m_bar->currentFile();
    if (file.isEmpty()) {
        m_active = false;
        m_status->clear();
        m_steps->clear();
        Q_EMIT lessonStopped();
        return;
    }
    QString error;
    const std::optional<Scenario> s = loadScenario(file, &error);
    if (s && lessonKind(*s) != m_kind)
        error = tr("%1 is a lesson for the %2 tab: open it there").arg(file, lessonKindTitle(lessonKind(*s)));
    if (!s || !error.isEmpty()) {
        m_active = false; // the lesson before was stopped: nothing of it stays listed
        m_steps->clear();
        m_error->setText(error);
        m_error->setVisible(true);
        return;
    }
    m_active = true;
    m_status->setText(s->description);
    m_steps->setLesson(*s);
    Q_EMIT lessonLoaded(*s);
    m_session->start(*s, m_connection);
    m_steps->setRunId(m_session->runId());
}

} // namespace kafkalab
