#include "widgets/scenarios/transactionpage.h"

#include "widgets/scenarios/scenariobar.h"
#include "widgets/scenarios/txstatediagram.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QShortcut>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

namespace kafkalab {

TransactionPage::TransactionPage(QWidget* parent)
    : QWidget(parent)
{
    auto* bar = new ScenarioBar({}, this);
    m_scenarios = bar->box();
    m_buttons = { bar->loadButton(), bar->stepButton(), bar->runButton() };
    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    // Hand-driven controls.
    auto* handBox = new QGroupBox(tr("By hand (transactional.id kafkalab-stepper)"), this);
    m_topic = new QComboBox(handBox);
    m_topic->addItems({ QStringLiteral("topic1"), QStringLiteral("topic2") });
    m_key = new QLineEdit(QStringLiteral("order-1"), handBox);
    m_value = new QLineEdit(QStringLiteral("msg1"), handBox);
    auto* handLayout = new QGridLayout(handBox);
    handLayout->addWidget(new QLabel(tr("Topic"), handBox), 0, 0);
    handLayout->addWidget(m_topic, 0, 1);
    handLayout->addWidget(new QLabel(tr("Key"), handBox), 0, 2);
    handLayout->addWidget(m_key, 0, 3);
    handLayout->addWidget(new QLabel(tr("Value"), handBox), 0, 4);
    handLayout->addWidget(m_value, 0, 5);
    const QList<std::pair<QString, QString>> handButtons { { tr("Init"), QStringLiteral("init_transactions") },
        { tr("Begin"), QStringLiteral("begin") }, { tr("Send"), QStringLiteral("send") },
        { tr("Send offsets"), QStringLiteral("send_offsets") }, { tr("Commit"), QStringLiteral("commit") },
        { tr("Abort"), QStringLiteral("abort") } };
    int column = 0;
    for (const auto& [text, action] : handButtons) {
        auto* b = new QPushButton(text, handBox);
        b->setProperty("action", action);
        connect(b, &QPushButton::clicked, this, [this, action = action] { hand(QStringLiteral("producer"), action); });
        handLayout->addWidget(b, 1, column++);
        m_buttons.append(b);
    }
    auto* fence = new QPushButton(tr("Start a second producer with the same transactional.id"), handBox);
    connect(fence, &QPushButton::clicked, this,
        [this] { hand(QStringLiteral("second"), QStringLiteral("init_transactions")); });
    handLayout->addWidget(fence, 2, 0, 1, 6);
    m_buttons.append(fence);

    m_diagram = new TxStateDiagram(this);
    m_committedTitle = new QLabel(tr("<b>read_committed</b>"), this);
    m_uncommittedTitle = new QLabel(tr("<b>read_uncommitted</b>"), this);
    m_committed = new QListWidget(this);
    m_uncommitted = new QListWidget(this);
    m_partitions = new QTableWidget(0, 5, this);
    m_partitions->setHorizontalHeaderLabels(
        { tr("Partition"), tr("High watermark"), tr("LSO"), tr("Marker offsets"), tr("Open transaction") });
    m_partitions->horizontalHeader()->setStretchLastSection(true);
    m_partitions->verticalHeader()->hide();
    m_partitions->verticalHeader()->setDefaultSectionSize(m_partitions->fontMetrics().height() + 6);
    m_partitions->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* explain = new QLabel(tr("Offsets with no message are transaction markers (commit or abort) written by the "
                                  "coordinator; while LSO < high watermark a transaction is open and read_committed "
                                  "consumers see nothing beyond the LSO. The coordinator writes the markers a moment "
                                  "after commit or abort returns, so the step right after may not show them yet; "
                                  "the next one does."),
        this);
    explain->setWordWrap(true);
    m_log = new QListWidget(this);

    auto* panes = new QGridLayout;
    panes->addWidget(m_committedTitle, 0, 0);
    panes->addWidget(m_uncommittedTitle, 0, 1);
    panes->addWidget(m_committed, 1, 0);
    panes->addWidget(m_uncommitted, 1, 1);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(handBox);
    leftLayout->addWidget(m_diagram);
    leftLayout->addWidget(new QLabel(tr("Steps"), this));
    leftLayout->addWidget(m_log, 1);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(panes, 2);
    rightLayout->addWidget(m_partitions, 1);
    rightLayout->addWidget(explain);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar);
    layout->addWidget(m_description);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(bar, &ScenarioBar::loadRequested, this, &TransactionPage::load);
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
        m_busy = true;
        m_runningAll = true;
        updateButtons();
        QMetaObject::invokeMethod(m_engine, &ScenarioEngine::runAll, Qt::QueuedConnection);
    });
    updateButtons();
}

TransactionPage::~TransactionPage()
{
    stopEngine();
}

QPushButton* TransactionPage::button(const QString& text) const
{
    for (QPushButton* b : m_buttons)
        if (b->text() == text)
            return b;
    return nullptr;
}

void TransactionPage::stopEngine()
{
    if (!m_thread)
        return;
    m_engine->cancel();
    m_thread->quit();
    m_thread->wait(); // bounded: a step gives up at its own timeout
    delete m_thread;
    m_thread = nullptr;
    m_engine = nullptr;
}

void TransactionPage::setConnection(const QList<ClientProperty>& properties)
{
    stopEngine();
    m_connection = properties;
    m_ready = false;
    if (!properties.isEmpty() && isVisible())
        load();
    updateButtons();
}

void TransactionPage::load()
{
    stopEngine();
    m_ready = false;
    m_busy = false;
    m_runningAll = false;
    m_stepsDone = 0;
    m_producerState = QStringLiteral("uninitialised");
    m_startHw.clear();
    m_committed->clear();
    m_uncommitted->clear();
    m_log->clear();
    m_partitions->setRowCount(0);
    m_diagram->setState(m_producerState, {});
    if (m_connection.isEmpty()) {
        m_status->setText(tr("Not connected."));
        updateButtons();
        return;
    }
    const QString file = m_scenarios->currentData().toString();
    m_manual = file.isEmpty();
    if (m_manual) {
        m_scenario = ScenarioEngine::manualScenario();
        m_description->setText(
            tr("Drive a transaction by hand: Init, Begin, Send to topic1 and topic2, Commit or Abort; "
               "start a second producer with the same transactional.id to fence the first."));
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
    m_committedName.clear();
    m_uncommittedName.clear();
    for (const ScenarioActor& a : m_scenario.actors) {
        if (a.type != ScenarioActor::Type::Consumer || !a.groupId.isEmpty())
            continue;
        QString& slot = a.isolation == QLatin1String("read_committed") ? m_committedName : m_uncommittedName;
        if (slot.isEmpty())
            slot = a.name;
    }
    auto title = [](const char* isolation, const QString& actor) {
        const QString name = QString::fromLatin1(isolation);
        if (actor.isEmpty())
            return tr("<b>%1</b> (no such consumer in this scenario)").arg(name);
        return actor == name ? tr("<b>%1</b> consumer").arg(name) : tr("<b>%1</b> consumer '%2'").arg(name, actor);
    };
    m_committedTitle->setText(title("read_committed", m_committedName));
    m_uncommittedTitle->setText(title("read_uncommitted", m_uncommittedName));
    m_status->setText(tr("Preparing the actors…"));
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("kafkalab-scenario"));
    m_engine = new ScenarioEngine(m_scenario, m_connection);
    m_engine->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    connect(m_engine, &ScenarioEngine::prepared, this, [this](const QString& error) {
        m_ready = error.isEmpty();
        m_status->setText(
            m_ready ? tr("Ready.") : tr("<span style='color:#c62828'>%1</span>").arg(error.toHtmlEscaped()));
        updateButtons();
        Q_EMIT prepared(m_ready);
    });
    connect(m_engine, &ScenarioEngine::observed, this, &TransactionPage::show);
    connect(m_engine, &ScenarioEngine::finished, this, [this](bool held, int failed) {
        m_busy = false;
        m_runningAll = false;
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

void TransactionPage::hand(const QString& actor, const QString& action)
{
    if (!m_engine || !m_ready || m_busy || !m_manual)
        return;
    ScenarioStep st;
    st.actor = actor;
    st.action = action;
    st.timeoutMs = 10000;
    if (action == QLatin1String("send")) {
        st.topic = m_topic->currentText();
        st.key = m_key->text();
        st.value = m_value->text();
    } else if (action == QLatin1String("send_offsets")) {
        st.consumer = QStringLiteral("reader");
    }
    m_busy = true;
    updateButtons();
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine, st] { e->execute(st); }, Qt::QueuedConnection);
}

void TransactionPage::show(const ScenarioObservation& o)
{
    if (!m_runningAll)
        m_busy = false;
    ++m_stepsDone;
    QString line = QStringLiteral("%1. %2 %3").arg(o.index).arg(o.actor, o.action);
    if (o.isExpectation)
        line += QStringLiteral(": ") + o.expectation;
    if (!o.ok)
        line += QStringLiteral(" — %1: %2").arg(o.errorName, o.errorText);
    else if (o.isExpectation)
        line += tr(" — held");
    if (!o.note.isEmpty())
        line += QStringLiteral("  (%1)").arg(o.note);
    auto* item = new QListWidgetItem(line, m_log);
    if (!o.ok)
        item->setForeground(QColor(198, 40, 40));
    m_log->scrollToBottom();
    // The producer shown in the diagram: "producer" by hand, else the scenario's first transactional producer.
    QString producer = m_manual ? QStringLiteral("producer") : QString();
    for (const ScenarioActor& a : m_scenario.actors)
        if (producer.isEmpty() && a.type == ScenarioActor::Type::TransactionalProducer)
            producer = a.name;
    if (o.producerStates.contains(producer)) {
        m_producerState = o.producerStates.value(producer);
        m_diagram->setState(m_producerState, o.transitions.value(producer));
    }
    auto fill = [](QListWidget* pane, const QList<SeenMessage>& seen) {
        pane->clear();
        for (const SeenMessage& m : seen)
            pane->addItem(
                QStringLiteral("%1[%2] @%3  %4 = %5").arg(m.topic).arg(m.partition).arg(m.offset).arg(m.key, m.value));
    };
    fill(m_committed, o.seen.value(m_committedName));
    fill(m_uncommitted, o.seen.value(m_uncommittedName));
    // Per partition: watermarks and the offsets that hold no message for the read_uncommitted consumer (markers).
    QSet<QString> seenOffsets;
    for (const SeenMessage& m : o.seen.value(m_uncommittedName))
        seenOffsets.insert(QStringLiteral("%1[%2]@%3").arg(m.topic).arg(m.partition).arg(m.offset));
    m_partitions->setRowCount(int(o.partitions.size()));
    for (int i = 0; i < o.partitions.size(); ++i) {
        const PartitionState& p = o.partitions[i];
        const QString key = QStringLiteral("%1[%2]").arg(p.topic).arg(p.partition);
        if (!m_startHw.contains(key))
            m_startHw.insert(key, p.highWatermark);
        QStringList markers;
        if (!m_uncommittedName.isEmpty())
            for (int64_t off = m_startHw.value(key); off < p.highWatermark; ++off)
                if (!seenOffsets.contains(QStringLiteral("%1@%2").arg(key).arg(off)) && off < p.lso)
                    markers.append(QString::number(off));
        const QStringList cells { key, QString::number(p.highWatermark), QString::number(p.lso),
            markers.join(QLatin1String(", ")),
            p.lso < p.highWatermark ? tr("yes: read_committed stops at %1").arg(p.lso) : QString() };
        for (int c = 0; c < cells.size(); ++c)
            m_partitions->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    m_partitions->resizeColumnsToContents();
    updateButtons();
    Q_EMIT stepObserved(o);
}

void TransactionPage::updateButtons()
{
    const bool idle = m_engine && m_ready && !m_busy;
    const QString s = m_producerState;
    for (QPushButton* b : m_buttons) {
        const QString action = b->property("action").toString();
        bool on = false;
        if (b->text().startsWith(tr("Load")))
            on = !m_busy;
        else if (b->text().startsWith(tr("Step")) || b->text() == tr("Run to end"))
            on = idle && !m_manual && m_stepsDone < m_scenario.steps.size();
        else if (action == QLatin1String("init_transactions"))
            on = idle && m_manual && s == QLatin1String("uninitialised");
        else if (action == QLatin1String("begin"))
            on = idle && m_manual && s == QLatin1String("ready");
        else if (action == QLatin1String("send") || action == QLatin1String("send_offsets")
            || action == QLatin1String("commit"))
            on = idle && m_manual && s == QLatin1String("in_transaction");
        else if (action == QLatin1String("abort"))
            on = idle && m_manual && (s == QLatin1String("in_transaction") || s == QLatin1String("abortable_error"));
        else // the second producer
            on = idle && m_manual && s != QLatin1String("uninitialised");
        b->setEnabled(on);
    }
}

} // namespace kafkalab
