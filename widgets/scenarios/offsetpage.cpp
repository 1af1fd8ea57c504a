#include "widgets/scenarios/offsetpage.h"

#include "widgets/common/flowlayout.h"
#include "widgets/common/readonlytable.h"
#include "widgets/scenarios/scenariobar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kafkalab {

namespace {

// A note beside the step buttons that wraps where the column is narrow.
QLabel* wrapped(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

} // namespace

OffsetPage::OffsetPage(QWidget* parent)
    : ScenarioStepperPage([](const Scenario& s) { return lessonKind(s) == LessonKind::Offsets; },
        QStringLiteral("kafkalab-offsets"), parent)
{
    m_preparingText = tr("Preparing the lab topic and the consumer…");

    // The consumer's settings (by hand; applied by Load / restart).
    auto* settingsBox = new QGroupBox(tr("Consumer (by hand; Load / restart applies changes)"), this);
    m_group = new QLineEdit(QStringLiteral("payment-service"), settingsBox);
    m_autoCommit = new QCheckBox(tr("enable.auto.commit"), settingsBox);
    m_interval = new QSpinBox(settingsBox);
    m_interval->setRange(100, 60000);
    m_interval->setValue(1000);
    m_interval->setSuffix(tr(" ms"));
    m_reset = new QComboBox(settingsBox);
    m_reset->addItems({ QStringLiteral("earliest"), QStringLiteral("latest") });
    m_isolation = new QComboBox(settingsBox);
    m_isolation->addItems({ QStringLiteral("read_committed"), QStringLiteral("read_uncommitted") });
    m_partitionCount = new QSpinBox(settingsBox);
    m_partitionCount->setRange(1, 12);
    m_partitionCount->setValue(3);
    auto* form = new QFormLayout(settingsBox);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // a narrow column: labels above their fields
    form->addRow(tr("group.id"), m_group);
    auto* commitRow = new FlowLayout;
    commitRow->addWidget(m_autoCommit);
    commitRow->addPair(new QLabel(tr("auto.commit.interval.ms"), settingsBox), m_interval);
    form->addRow(commitRow);
    form->addRow(tr("auto.offset.reset"), m_reset);
    form->addRow(tr("isolation.level"), m_isolation);
    form->addRow(tr("Partitions of the lab topic"), m_partitionCount);

    // The steps (by hand).
    auto* stepsBox = new QGroupBox(tr("Steps"), this);
    auto* grid = new QGridLayout(stepsBox);
    auto addButton = [this, stepsBox](const QString& text, ScenarioAction action, const QString& variant = {}) {
        return addHandButton(text, action, variant, stepsBox);
    };
    auto spin = [stepsBox](int min, int max, int value) {
        auto* s = new QSpinBox(stepsBox);
        s->setRange(min, max);
        s->setValue(value);
        return s;
    };
    m_produceCount = spin(1, 10000, 5);
    m_pollCount = spin(1, 1000, 1);
    m_commitMode = new QComboBox(stepsBox);
    m_commitMode->addItems({ tr("sync"), tr("async") });
    m_commitScope = new QComboBox(stepsBox);
    m_commitScope->addItems({ tr("all consumed"), tr("just this message") });
    m_seekPartition = spin(0, 11, 0);
    m_seekOffset = spin(0, 1 << 30, 0);
    m_waitMs = spin(100, 60000, 1500);
    m_waitMs->setSuffix(tr(" ms"));
    grid->addWidget(addButton(tr("Produce"), ScenarioAction::Send), 0, 0);
    grid->addWidget(m_produceCount, 0, 1);
    grid->addWidget(wrapped(tr("messages (keys order-1, order-2, …)"), stepsBox), 0, 2, 1, 2);
    grid->addWidget(addButton(tr("Poll"), ScenarioAction::Poll), 1, 0);
    grid->addWidget(m_pollCount, 1, 1);
    grid->addWidget(wrapped(tr("message(s) at most"), stepsBox), 1, 2, 1, 2);
    grid->addWidget(addButton(tr("Process OK"), ScenarioAction::Process, QStringLiteral("ok")), 2, 0);
    grid->addWidget(addButton(tr("Process FAIL"), ScenarioAction::Process, QStringLiteral("fail")), 2, 1);
    grid->addWidget(addButton(tr("Crash"), ScenarioAction::Crash), 2, 2);
    grid->addWidget(addButton(tr("Restart"), ScenarioAction::Restart), 2, 3);
    grid->addWidget(addButton(tr("Commit"), ScenarioAction::Commit), 3, 0);
    grid->addWidget(m_commitMode, 3, 1);
    grid->addWidget(m_commitScope, 3, 2, 1, 2);
    grid->addWidget(addButton(tr("Seek"), ScenarioAction::Seek), 4, 0);
    grid->addWidget(new QLabel(tr("partition"), stepsBox), 4, 1, Qt::AlignRight);
    grid->addWidget(m_seekPartition, 4, 2);
    grid->addWidget(m_seekOffset, 4, 3);
    grid->addWidget(addButton(tr("Wait"), ScenarioAction::Wait), 5, 0);
    grid->addWidget(m_waitMs, 5, 1);
    grid->addWidget(wrapped(tr("(lets the auto-commit timer fire)"), stepsBox), 5, 2, 1, 2);

    auto* rule = new QLabel(tr("<b>The commit rule:</b> the committed offset is the offset of the <i>next</i> "
                               "message to read (last processed + 1). A restarted consumer in the group starts "
                               "there; without a committed offset, auto.offset.reset decides."),
        this);
    rule->setWordWrap(true);
    stepLog()->setWordWrap(true);
    m_consumerLine = new QLabel(this);
    m_consumerLine->setWordWrap(true);
    m_partitions = makeReadOnlyTable({ tr("Consumer"), tr("Partition"), tr("Position (next to read)"), tr("Committed"),
                                         tr("High watermark"), tr("Lag") },
        this);
    m_partitions->setObjectName(QStringLiteral("partitions"));
    m_messages = makeReadOnlyTable(
        { tr("Consumer"), tr("Partition"), tr("Offset"), tr("Key"), tr("Value"), tr("Delivered"), tr("Fate") }, this);
    m_messages->setObjectName(QStringLiteral("messages"));
    auto* legend = new QLabel(tr("Fates: <span style='background:#bbdefb;color:black'>&nbsp;processed&nbsp;</span> "
                                 "<span style='background:#ffccbc;color:black'>&nbsp;failed&nbsp;</span> "
                                 "<span style='background:#c8e6c9;color:black'>&nbsp;committed&nbsp;</span> "
                                 "<span style='background:#ffe082;color:black'>&nbsp;redelivered&nbsp;</span> "
                                 "<span style='background:#ffcdd2;color:black'>&nbsp;lost: committed past, never "
                                 "processed&nbsp;</span>"),
        this);
    legend->setWordWrap(true); // on one line it was wider than a 1024 px window's column

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_handOnly = { settingsBox, stepsBox };
    leftLayout->addWidget(settingsBox);
    leftLayout->addWidget(stepsBox);
    leftLayout->addWidget(rule);
    leftLayout->addWidget(new QLabel(tr("Steps taken"), this));
    leftLayout->addWidget(stepLog(), 1);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_consumerLine);
    rightLayout->addWidget(m_partitions, 1);
    rightLayout->addWidget(new QLabel(tr("Messages given to the consumers"), this));
    rightLayout->addWidget(m_messages, 3);
    rightLayout->addWidget(legend);
    placeColumns(left, right, 1);
    updateButtons();
}

void OffsetPage::clearViews()
{
    m_firstLook = false;
    m_indexBase = 0;
    m_topic.clear();
    m_consumerState.clear();
    m_unprocessed = 0;
    m_partitions->setRowCount(0);
    m_messages->setRowCount(0);
    m_consumerLine->clear();
}

void OffsetPage::manualChanged()
{
    for (QWidget* w : std::as_const(m_handOnly))
        w->setVisible(m_manual);
}

std::optional<Scenario> OffsetPage::handScenario()
{
    if (m_group->text().trimmed().isEmpty()) {
        statusLabel()->setText(tr("<span style='color:#c62828'>group.id is empty: a consumer that commits offsets "
                                  "needs a group.</span>"));
        m_group->setFocus();
        return std::nullopt;
    }
    OffsetLabSettings settings;
    settings.groupId = m_group->text().trimmed();
    settings.autoCommit = m_autoCommit->isChecked();
    settings.autoCommitIntervalMs = m_interval->value();
    settings.autoOffsetReset = m_reset->currentText();
    settings.isolation = m_isolation->currentText();
    settings.partitions = m_partitionCount->value();
    descriptionLabel()->setText(
        tr("A consumer in group <b>%1</b> (auto commit %2, auto.offset.reset %3) on a lab topic of its own "
           "(deleted when you load again or close). Produce, poll, process, commit, crash and restart, and watch "
           "which messages come again and which are lost.")
            .arg(settings.groupId.toHtmlEscaped(), settings.autoCommit ? tr("on") : tr("off"),
                settings.autoOffsetReset));
    return ScenarioEngine::offsetScenario(settings);
}

void OffsetPage::afterPrepared()
{
    if (!m_ready || !m_manual)
        return;
    // A first look (topic name, watermarks) without changing anything; not a step the user took, so it is not in
    // the step log and the steps are numbered from the one after it.
    m_firstLook = true;
    ScenarioStep look;
    look.action = ScenarioAction::Wait;
    look.note = tr("ready");
    runStep(look);
}

void OffsetPage::handClicked(const HandButton& b)
{
    ScenarioStep st;
    st.actor = QStringLiteral("consumer");
    st.action = b.action;
    st.timeoutMs = 15000;
    switch (b.action) {
    case ScenarioAction::Send:
        st.actor = QStringLiteral("source");
        st.topic = m_topic;
        st.key = QStringLiteral("order-{{n}}");
        st.value = QStringLiteral("payment-{{n}}");
        st.count = m_produceCount->value();
        break;
    case ScenarioAction::Poll:
        st.maxMessages = m_pollCount->value();
        break;
    case ScenarioAction::Process:
        st.processOk = b.variant != QLatin1String("fail");
        break;
    case ScenarioAction::Commit:
        st.async = m_commitMode->currentIndex() == 1;
        st.commitMessage = m_commitScope->currentIndex() == 1;
        st.note = QStringLiteral("%1, %2").arg(m_commitMode->currentText(), m_commitScope->currentText());
        break;
    case ScenarioAction::Seek:
        st.topic = m_topic;
        st.partition = m_seekPartition->value();
        st.offset = m_seekOffset->value();
        break;
    case ScenarioAction::Wait:
        st.waitMs = m_waitMs->value();
        break;
    default:
        break;
    }
    const bool polls = b.action == ScenarioAction::Poll || b.action == ScenarioAction::Restart;
    statusLabel()->setText(polls
            ? tr("Polling… (a restarted consumer waits until the group drops the crashed one: session.timeout.ms)")
            : tr("Working…"));
    runStep(st);
}

void OffsetPage::showObservation(const ScenarioObservation& o)
{
    if (m_ready && !m_runningAll && statusLabel()->text() != tr("Ready."))
        statusLabel()->setText(o.ok ? tr("Ready.") : statusLabel()->text());
    if (o.action != ScenarioAction::Wait || !o.note.isEmpty() || !m_manual)
        ++m_stepsDone;
    if (m_topic.isEmpty() && !o.partitions.isEmpty())
        m_topic = o.partitions.first().topic;
    const bool look = m_firstLook;
    m_firstLook = false;
    if (look)
        m_indexBase = o.index;
    if (!look) // a failed look shows in the status line
        appendLog(logLine(o, o.index - m_indexBase), o.ok);
    if (!o.ok && !m_runningAll)
        statusLabel()->setText(
            tr("<span style='color:#c62828'>%1: %2</span>").arg(o.errorName, o.errorText.toHtmlEscaped()));
    QStringList states;
    for (auto it = o.consumerStates.begin(); it != o.consumerStates.end(); ++it) {
        // A consumer that connects as another user (the authorization lesson) says whom the broker sees.
        const ScenarioActor* actor = m_scenario.actor(it.key());
        const QString who = actor && !actor->asUser.isEmpty()
            ? tr("<b>%1</b> (as %2)").arg(it.key(), actor->asUser.toHtmlEscaped())
            : tr("<b>%1</b>").arg(it.key());
        states.append(tr("%1: %2, group <tt>%3</tt>, %4 polled and not processed")
                          .arg(who, it.value(), o.groups.value(it.key()))
                          .arg(o.unprocessed.value(it.key())));
    }
    m_consumerLine->setText(tr("Topic <tt>%1</tt> · %2").arg(m_topic, states.join(QStringLiteral(" · "))));
    m_consumerState = o.consumerStates.value(QStringLiteral("consumer"));
    m_unprocessed = o.unprocessed.value(QStringLiteral("consumer"));
    showPartitions(o);
    showMessages(o);
}

bool OffsetPage::handEnabled(const HandButton& b) const
{
    const bool running = m_consumerState.startsWith(consumerStateName(ConsumerState::Running));
    switch (b.action) {
    case ScenarioAction::Send:
    case ScenarioAction::Wait:
        return true;
    case ScenarioAction::Restart:
        return !running;
    case ScenarioAction::Process:
        return running && m_unprocessed > 0;
    default: // poll, commit, crash, seek
        return running;
    }
}

} // namespace kafkalab
