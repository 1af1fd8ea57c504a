#include "widgets/scenarios/offsetpage.h"

#include "widgets/common/readonlytable.h"
#include "widgets/scenarios/scenariobar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

namespace kafkalab {

namespace {

bool isOffsetScenario(const Scenario& s)
{
    for (const ScenarioActor& a : s.actors)
        if (a.type == ScenarioActor::Type::Consumer && a.subscribe)
            return true;
    return false;
}

} // namespace

OffsetPage::OffsetPage(QWidget* parent)
    : QWidget(parent)
{
    auto* bar = new ScenarioBar(isOffsetScenario, this);
    m_scenarios = bar->box();
    m_buttons = { bar->loadButton(), bar->stepButton(), bar->runButton() };
    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

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
    form->addRow(tr("group.id"), m_group);
    auto* commitRow = new QHBoxLayout;
    commitRow->addWidget(m_autoCommit);
    commitRow->addWidget(new QLabel(tr("auto.commit.interval.ms"), settingsBox));
    commitRow->addWidget(m_interval);
    form->addRow(commitRow);
    form->addRow(tr("auto.offset.reset"), m_reset);
    form->addRow(tr("isolation.level"), m_isolation);
    form->addRow(tr("Partitions of the lab topic"), m_partitionCount);

    // The steps (by hand).
    auto* stepsBox = new QGroupBox(tr("Steps"), this);
    auto* grid = new QGridLayout(stepsBox);
    auto addButton = [this, stepsBox](const QString& text, const QString& action) {
        auto* b = new QPushButton(text, stepsBox);
        b->setProperty("action", action);
        connect(b, &QPushButton::clicked, this, [this, action] { hand(action); });
        m_buttons.append(b);
        return b;
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
    grid->addWidget(addButton(tr("Produce"), QStringLiteral("send")), 0, 0);
    grid->addWidget(m_produceCount, 0, 1);
    grid->addWidget(new QLabel(tr("messages (keys order-1, order-2, …)"), stepsBox), 0, 2, 1, 2);
    grid->addWidget(addButton(tr("Poll"), QStringLiteral("poll")), 1, 0);
    grid->addWidget(m_pollCount, 1, 1);
    grid->addWidget(new QLabel(tr("message(s) at most"), stepsBox), 1, 2, 1, 2);
    grid->addWidget(addButton(tr("Process OK"), QStringLiteral("process_ok")), 2, 0);
    grid->addWidget(addButton(tr("Process FAIL"), QStringLiteral("process_fail")), 2, 1);
    grid->addWidget(addButton(tr("Crash"), QStringLiteral("crash")), 2, 2);
    grid->addWidget(addButton(tr("Restart"), QStringLiteral("restart")), 2, 3);
    grid->addWidget(addButton(tr("Commit"), QStringLiteral("commit")), 3, 0);
    grid->addWidget(m_commitMode, 3, 1);
    grid->addWidget(m_commitScope, 3, 2, 1, 2);
    grid->addWidget(addButton(tr("Seek"), QStringLiteral("seek")), 4, 0);
    grid->addWidget(new QLabel(tr("partition"), stepsBox), 4, 1, Qt::AlignRight);
    grid->addWidget(m_seekPartition, 4, 2);
    grid->addWidget(m_seekOffset, 4, 3);
    grid->addWidget(addButton(tr("Wait"), QStringLiteral("wait")), 5, 0);
    grid->addWidget(m_waitMs, 5, 1);
    grid->addWidget(new QLabel(tr("(lets the auto-commit timer fire)"), stepsBox), 5, 2, 1, 2);

    auto* rule = new QLabel(tr("<b>The commit rule:</b> the committed offset is the offset of the <i>next</i> "
                               "message to read (last processed + 1). A restarted consumer in the group starts "
                               "there; without a committed offset, auto.offset.reset decides."),
        this);
    rule->setWordWrap(true);
    m_log = new QListWidget(this);
    m_log->setWordWrap(true);
    m_consumerLine = new QLabel(this);
    m_consumerLine->setWordWrap(true);
    m_partitions = makeReadOnlyTable({ tr("Consumer"), tr("Partition"), tr("Position (next to read)"), tr("Committed"),
                                         tr("High watermark"), tr("Lag") },
        this);
    m_messages = makeReadOnlyTable(
        { tr("Consumer"), tr("Partition"), tr("Offset"), tr("Key"), tr("Value"), tr("Delivered"), tr("Fate") }, this);
    auto* legend = new QLabel(tr("Fates: <span style='background:#bbdefb;color:black'>&nbsp;processed&nbsp;</span> "
                                 "<span style='background:#ffccbc;color:black'>&nbsp;failed&nbsp;</span> "
                                 "<span style='background:#c8e6c9;color:black'>&nbsp;committed&nbsp;</span> "
                                 "<span style='background:#ffe082;color:black'>&nbsp;redelivered&nbsp;</span> "
                                 "<span style='background:#ffcdd2;color:black'>&nbsp;lost: committed past, never "
                                 "processed&nbsp;</span>"),
        this);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_handOnly = { settingsBox, stepsBox };
    leftLayout->addWidget(settingsBox);
    leftLayout->addWidget(stepsBox);
    leftLayout->addWidget(rule);
    leftLayout->addWidget(new QLabel(tr("Steps taken"), this));
    leftLayout->addWidget(m_log, 1);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_consumerLine);
    rightLayout->addWidget(m_partitions, 1);
    rightLayout->addWidget(new QLabel(tr("Messages given to the consumers"), this));
    rightLayout->addWidget(m_messages, 3);
    rightLayout->addWidget(legend);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar);
    layout->addWidget(m_description);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(bar, &ScenarioBar::loadRequested, this, &OffsetPage::load);
    connect(bar, &ScenarioBar::stepRequested, this, [this] {
        if (!m_engine || !m_ready || m_busy || m_manual)
            return;
        m_busy = true;
        updateButtons();
        QMetaObject::invokeMethod(m_engine, &ScenarioEngine::step, Qt::QueuedConnection);
    });
    connect(bar, &ScenarioBar::runRequested, this, [this] {
        if (!m_engine || !m_ready || m_busy || m_manual)
            return;
        m_busy = m_runningAll = true;
        updateButtons();
        QMetaObject::invokeMethod(m_engine, &ScenarioEngine::runAll, Qt::QueuedConnection);
    });
    updateButtons();
}

OffsetPage::~OffsetPage()
{
    stopEngine();
    for (QThread* t : std::as_const(m_retiring)) {
        t->wait(); // the application is closing: the engines delete their lab topics
        delete t;
    }
}

QPushButton* OffsetPage::button(const QString& text) const
{
    for (QPushButton* b : m_buttons)
        if (b->text() == text)
            return b;
    return nullptr;
}

void OffsetPage::stopEngine()
{
    if (!m_thread)
        return;
    // Not waited for: the engine ends its step (cancelled), deletes its lab topic and goes, off the GUI thread.
    m_engine->cancel();
    disconnect(m_engine, nullptr, this, nullptr);
    QThread* t = m_thread;
    m_retiring.append(t);
    connect(t, &QThread::finished, this, [this, t] {
        m_retiring.removeAll(t);
        t->deleteLater();
        if (m_retiring.isEmpty())
            Q_EMIT allRetired();
    });
    t->quit();
    m_thread = nullptr;
    m_engine = nullptr;
}

void OffsetPage::setConnection(const QList<ClientProperty>& properties)
{
    stopEngine();
    m_connection = properties;
    m_ready = false;
    if (properties.isEmpty())
        load(); // forgets the old cluster's lab run: "Not connected."
    else if (isVisible())
        load();
    updateButtons();
}

void OffsetPage::load()
{
    stopEngine();
    m_ready = m_busy = m_runningAll = false;
    m_stepsDone = 0;
    m_firstLook = false;
    m_indexBase = 0;
    m_topic.clear();
    m_consumerState.clear();
    m_unprocessed = 0;
    m_log->clear();
    m_partitions->setRowCount(0);
    m_messages->setRowCount(0);
    m_consumerLine->clear();
    if (m_connection.isEmpty()) {
        m_status->setText(tr("Not connected."));
        updateButtons();
        return;
    }
    const QString file = m_scenarios->currentData().toString();
    m_manual = file.isEmpty();
    for (QWidget* w : std::as_const(m_handOnly))
        w->setVisible(m_manual);
    if (m_manual) {
        if (m_group->text().trimmed().isEmpty()) {
            m_status->setText(tr("<span style='color:#c62828'>group.id is empty: a consumer that commits offsets "
                                 "needs a group.</span>"));
            m_group->setFocus();
            updateButtons();
            return;
        }
        OffsetLabSettings settings;
        settings.groupId = m_group->text().trimmed();
        settings.autoCommit = m_autoCommit->isChecked();
        settings.autoCommitIntervalMs = m_interval->value();
        settings.autoOffsetReset = m_reset->currentText();
        settings.isolation = m_isolation->currentText();
        settings.partitions = m_partitionCount->value();
        m_scenario = ScenarioEngine::offsetScenario(settings);
        m_description->setText(
            tr("A consumer in group <b>%1</b> (auto commit %2, auto.offset.reset %3) on a lab topic of its own "
               "(deleted when you load again or close). Produce, poll, process, commit, crash and restart, and watch "
               "which messages come again and which are lost.")
                .arg(settings.groupId.toHtmlEscaped(), settings.autoCommit ? tr("on") : tr("off"),
                    settings.autoOffsetReset));
    } else {
        QString error;
        const std::optional<Scenario> s = loadScenario(file, &error);
        if (!s) {
            m_status->setText(tr("<span style='color:#c62828'>%1</span>").arg(error.toHtmlEscaped()));
            updateButtons();
            return;
        }
        m_scenario = *s;
        m_description->setText(
            tr("<b>%1</b> — %2 (%3 steps)").arg(s->name, s->description.toHtmlEscaped()).arg(s->steps.size()));
    }
    m_status->setText(tr("Preparing the lab topic and the consumer…"));
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("kafkalab-offsets"));
    m_engine = new ScenarioEngine(m_scenario, m_connection);
    m_engine->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    connect(m_engine, &ScenarioEngine::prepared, this, [this](const QString& error) {
        m_ready = error.isEmpty();
        m_status->setText(
            m_ready ? tr("Ready.") : tr("<span style='color:#c62828'>%1</span>").arg(error.toHtmlEscaped()));
        if (m_ready && m_manual) {
            // A first look (topic name, watermarks) without changing anything; not a step the user took, so it is
            // not in the step log and the steps are numbered from the one after it.
            m_busy = m_firstLook = true;
            ScenarioStep look;
            look.action = QStringLiteral("wait");
            look.note = tr("ready");
            QMetaObject::invokeMethod(
                m_engine, [e = m_engine, look] { e->execute(look); }, Qt::QueuedConnection);
        }
        updateButtons();
        Q_EMIT prepared(m_ready);
    });
    connect(m_engine, &ScenarioEngine::observed, this, &OffsetPage::show);
    connect(m_engine, &ScenarioEngine::finished, this, [this](bool held, int failed) {
        m_busy = m_runningAll = false;
        m_status->setText(held
                ? tr("Done: every expectation held.")
                : tr("<span style='color:#c62828'>Done: %1 expectation(s) did not hold.</span>").arg(failed));
        updateButtons();
        Q_EMIT finished(held);
    });
    m_thread->start();
    QMetaObject::invokeMethod(m_engine, &ScenarioEngine::prepare, Qt::QueuedConnection);
    updateButtons();
}

void OffsetPage::hand(const QString& action)
{
    if (!m_engine || !m_ready || m_busy || !m_manual)
        return;
    ScenarioStep st;
    st.actor = QStringLiteral("consumer");
    st.action = action;
    st.timeoutMs = 15000;
    if (action == QLatin1String("send")) {
        st.actor = QStringLiteral("source");
        st.topic = m_topic;
        st.key = QStringLiteral("order-{{n}}");
        st.value = QStringLiteral("payment-{{n}}");
        st.count = m_produceCount->value();
    } else if (action == QLatin1String("poll")) {
        st.maxMessages = m_pollCount->value();
    } else if (action.startsWith(QLatin1String("process"))) {
        st.action = QStringLiteral("process");
        st.processOk = action == QLatin1String("process_ok");
    } else if (action == QLatin1String("commit")) {
        st.async = m_commitMode->currentIndex() == 1;
        st.commitMessage = m_commitScope->currentIndex() == 1;
        st.note = QStringLiteral("%1, %2").arg(m_commitMode->currentText(), m_commitScope->currentText());
    } else if (action == QLatin1String("seek")) {
        st.topic = m_topic;
        st.partition = m_seekPartition->value();
        st.offset = m_seekOffset->value();
    } else if (action == QLatin1String("wait")) {
        st.waitMs = m_waitMs->value();
    }
    m_busy = true;
    m_status->setText(action == QLatin1String("poll") || action == QLatin1String("restart")
            ? tr("Polling… (a restarted consumer waits until the group drops the crashed one: session.timeout.ms)")
            : tr("Working…"));
    updateButtons();
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, st] { e->execute(st); }, Qt::QueuedConnection);
}

void OffsetPage::show(const ScenarioObservation& o)
{
    if (!m_runningAll)
        m_busy = false;
    if (m_ready && !m_runningAll && m_status->text() != tr("Ready."))
        m_status->setText(o.ok ? tr("Ready.") : m_status->text());
    if (o.action != QLatin1String("wait") || !o.note.isEmpty() || !m_manual)
        ++m_stepsDone;
    if (m_topic.isEmpty() && !o.partitions.isEmpty())
        m_topic = o.partitions.first().topic;
    const bool look = m_firstLook;
    m_firstLook = false;
    if (look)
        m_indexBase = o.index;
    QString line = QStringLiteral("%1. %2 %3").arg(o.index - m_indexBase).arg(o.actor, o.action);
    if (o.isExpectation)
        line += QStringLiteral(": ") + o.expectation;
    if (!o.ok)
        line += QStringLiteral(" — %1: %2").arg(o.errorName, o.errorText);
    else if (o.isExpectation)
        line += tr(" — held");
    if (!o.note.isEmpty())
        line += QStringLiteral("  (%1)").arg(o.note);
    if (!look) { // a failed look shows in the status line
        auto* item = new QListWidgetItem(line, m_log);
        item->setToolTip(line);
        if (!o.ok)
            item->setForeground(QColor(198, 40, 40));
        m_log->scrollToBottom();
    }
    if (!o.ok && !m_runningAll)
        m_status->setText(
            tr("<span style='color:#c62828'>%1: %2</span>").arg(o.errorName, o.errorText.toHtmlEscaped()));
    QStringList states;
    for (auto it = o.consumerStates.begin(); it != o.consumerStates.end(); ++it)
        states.append(tr("<b>%1</b>: %2, group <tt>%3</tt>, %4 polled and not processed")
                          .arg(it.key(), it.value(), o.groups.value(it.key()))
                          .arg(o.unprocessed.value(it.key())));
    m_consumerLine->setText(tr("Topic <tt>%1</tt> · %2").arg(m_topic, states.join(QStringLiteral(" · "))));
    m_consumerState = o.consumerStates.value(QStringLiteral("consumer"));
    m_unprocessed = o.unprocessed.value(QStringLiteral("consumer"));
    showPartitions(o);
    showMessages(o);
    updateButtons();
    Q_EMIT stepObserved(o);
}

void OffsetPage::updateButtons()
{
    const bool idle = m_engine && m_ready && !m_busy;
    const bool running = m_consumerState.startsWith(QLatin1String("running"));
    for (QPushButton* b : m_buttons) {
        const QString action = b->property("action").toString();
        bool on = false;
        if (b->text().startsWith(tr("Load")))
            on = true;
        else if (b->text().startsWith(tr("Step")) || b->text() == tr("Run to end"))
            on = idle && !m_manual && m_stepsDone < m_scenario.steps.size();
        else if (action == QLatin1String("send") || action == QLatin1String("wait"))
            on = idle && m_manual;
        else if (action == QLatin1String("restart"))
            on = idle && m_manual && !running;
        else if (action.startsWith(QLatin1String("process")))
            on = idle && m_manual && running && m_unprocessed > 0;
        else
            on = idle && m_manual && running;
        b->setEnabled(on);
    }
}

} // namespace kafkalab
