#include "widgets/scenarios/transactionpage.h"

#include "kafkacore/scenarios/txmarkers.h"
#include "widgets/scenarios/scenariobar.h"
#include "widgets/scenarios/txstatediagram.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace kafkalab {

TransactionPage::TransactionPage(QWidget* parent)
    // Lessons with group members show nothing here: they belong to the Group lab.
    : ScenarioStepperPage([](const Scenario& s) { return lessonKind(s) == LessonKind::Transactions; },
        QStringLiteral("kafkalab-scenario"), parent)
{
    // Hand-driven controls.
    auto* handBox = new QGroupBox(tr("By hand (transactional.id kafkalab-stepper)"), this);
    m_handBox = handBox;
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
    const QList<std::pair<QString, ScenarioAction>> handButtons { { tr("Init"), ScenarioAction::InitTransactions },
        { tr("Begin"), ScenarioAction::Begin }, { tr("Send"), ScenarioAction::Send },
        { tr("Send offsets"), ScenarioAction::SendOffsets }, { tr("Commit"), ScenarioAction::Commit },
        { tr("Abort"), ScenarioAction::Abort } };
    int column = 0;
    for (const auto& [text, action] : handButtons)
        handLayout->addWidget(addHandButton(text, action, QStringLiteral("producer"), handBox), 1, column++);
    // The second producer: init_transactions with the same transactional.id fences the first.
    handLayout->addWidget(addHandButton(tr("Start a second producer with the same transactional.id"),
                              ScenarioAction::InitTransactions, QStringLiteral("second"), handBox),
        2, 0, 1, 6);

    m_diagramBox = new QWidget(this);
    auto* diagramLayout = new QVBoxLayout(m_diagramBox);
    diagramLayout->setContentsMargins(0, 0, 0, 0);
    m_committedTitle = new QLabel(tr("<b>read_committed</b>"), this);
    m_uncommittedTitle = new QLabel(tr("<b>read_uncommitted</b>"), this);
    for (QLabel* title : { m_committedTitle, m_uncommittedTitle })
        title->setWordWrap(true); // "(no such consumer in this scenario)" made the page wider than 1024 px
    m_committed = new QListWidget(this);
    m_uncommitted = new QListWidget(this);
    m_partitions = new QTableWidget(0, 5, this);
    m_partitions->setObjectName(QStringLiteral("partitions"));
    m_partitions->setHorizontalHeaderLabels(
        { tr("Partition"), tr("High watermark"), tr("LSO"), tr("Marker offsets"), tr("Open transaction") });
    // A handful of rows (the lesson's partitions): columns and rows follow their contents and the font (presentation
    // mode), so no title or offset is cut (a narrow table scrolls).
    m_partitions->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_partitions->verticalHeader()->hide();
    m_partitions->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_partitions->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* explain = new QLabel(tr("Offsets with no message are transaction markers (commit or abort) written by the "
                                  "coordinator; while LSO < high watermark a transaction is open and read_committed "
                                  "consumers see nothing beyond the LSO. The coordinator writes the markers a moment "
                                  "after commit or abort returns, so the step right after may not show them yet; "
                                  "the next one does."),
        this);
    explain->setWordWrap(true);

    auto* panes = new QGridLayout;
    panes->addWidget(m_committedTitle, 0, 0);
    panes->addWidget(m_uncommittedTitle, 0, 1);
    panes->addWidget(m_committed, 1, 0);
    panes->addWidget(m_uncommitted, 1, 1);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(handBox);
    leftLayout->addWidget(m_diagramBox);
    leftLayout->addWidget(new QLabel(tr("Steps"), this));
    leftLayout->addWidget(stepLog(), 1);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(panes, 2);
    rightLayout->addWidget(m_partitions, 1);
    rightLayout->addWidget(explain);
    placeColumns(left, right, 0); // a splitter's default: both columns take what they need
    m_scenario = ScenarioEngine::manualScenario();
    makeDiagrams();
    updateButtons();
}

TxStateDiagram* TransactionPage::diagram(const QString& producer) const
{
    for (TxStateDiagram* d : m_diagrams)
        if (d->producer() == producer)
            return d;
    return nullptr;
}

void TransactionPage::makeDiagrams()
{
    qDeleteAll(m_diagrams);
    m_diagrams.clear();
    // In the order the lesson's steps first name them (the file's actors come in name order): the zombie above its
    // successor.
    QStringList order;
    for (const ScenarioStep& st : std::as_const(m_scenario.steps))
        if (!order.contains(st.actor))
            order.append(st.actor);
    QList<ScenarioActor> producers;
    for (const ScenarioActor& a : std::as_const(m_scenario.actors))
        if (a.type == ScenarioActor::Type::TransactionalProducer)
            producers.append(a);
    std::stable_sort(producers.begin(), producers.end(), [&order](const ScenarioActor& x, const ScenarioActor& y) {
        const auto rank = [&order](const QString& name) {
            const qsizetype at = order.indexOf(name);
            return at < 0 ? order.size() : at;
        };
        return rank(x.name) < rank(y.name);
    });
    for (const ScenarioActor& a : std::as_const(producers)) {
        auto* d = new TxStateDiagram(m_diagramBox);
        d->setProducer(a.name);
        m_diagramBox->layout()->addWidget(d);
        m_diagrams.append(d);
    }
}

void TransactionPage::manualChanged()
{
    // A lesson drives the producers itself: the hand controls give their room to the lesson's diagrams.
    m_handBox->setVisible(m_manual);
}

void TransactionPage::clearViews()
{
    m_producerState = ProducerState::Uninitialised;
    m_committed->clear();
    m_uncommitted->clear();
    m_partitions->setRowCount(0);
    for (TxStateDiagram* d : std::as_const(m_diagrams))
        d->setState(ProducerState::Uninitialised, {});
}

std::optional<Scenario> TransactionPage::handScenario()
{
    descriptionLabel()->setText(tr("Drive a transaction by hand: Init, Begin, Send to topic1 and topic2, Commit or "
                                   "Abort; start a second producer with the same transactional.id to fence the "
                                   "first."));
    return ScenarioEngine::manualScenario();
}

void TransactionPage::scenarioChosen()
{
    makeDiagrams();
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
    // A schema lesson's consumers decode with a reader's version of a subject: the panes show the first two of them,
    // each with the version it reads with (their isolation is not the point there).
    QStringList decoding; // in the order the lesson's steps first name them
    for (const ScenarioStep& st : std::as_const(m_scenario.steps)) {
        const ScenarioActor* a = m_scenario.actor(st.consumer.isEmpty() ? st.actor : st.consumer);
        if (a && a->type == ScenarioActor::Type::Consumer && !a->valueSubject.isEmpty() && !decoding.contains(a->name))
            decoding.append(a->name);
    }
    if (decoding.isEmpty())
        return;
    const QList<QPair<QString*, QLabel*>> panes { { &m_committedName, m_committedTitle },
        { &m_uncommittedName, m_uncommittedTitle } };
    for (int i = 0; i < panes.size(); ++i) {
        const ScenarioActor* a = m_scenario.actor(decoding.value(i));
        *panes[i].first = a ? a->name : QString();
        panes[i].second->setText(!a ? tr("<b>(no other decoding consumer)</b>")
                : a->readerVersion > 0
                ? tr("<b>%1</b> decodes with version %2 of the subject").arg(a->name).arg(a->readerVersion)
                : tr("<b>%1</b> decodes with the subject's latest version").arg(a->name));
    }
}

void TransactionPage::handClicked(const HandButton& b)
{
    ScenarioStep st;
    st.actor = b.variant;
    st.action = b.action;
    st.timeoutMs = 10000;
    if (b.action == ScenarioAction::Send) {
        st.topic = m_topic->currentText();
        st.key = m_key->text();
        st.value = m_value->text();
    } else if (b.action == ScenarioAction::SendOffsets) {
        st.consumer = QStringLiteral("reader");
    }
    runStep(st);
}

void TransactionPage::showObservation(const ScenarioObservation& o)
{
    ++m_stepsDone;
    appendLog(logLine(o, o.index), o.ok);
    // Each producer's own diagram; the hand buttons follow the first ("producer" by hand).
    for (TxStateDiagram* d : std::as_const(m_diagrams))
        if (o.producerStates.contains(d->producer()))
            d->setState(o.producerStates.value(d->producer()), o.transitions.value(d->producer()));
    if (const TxStateDiagram* first = diagram())
        m_producerState = first->state();
    auto fill = [](QListWidget* pane, const QList<SeenMessage>& seen) {
        pane->clear();
        for (const SeenMessage& m : seen)
            pane->addItem(
                QStringLiteral("%1[%2] @%3  %4 = %5").arg(m.topic).arg(m.partition).arg(m.offset).arg(m.key, m.value));
    };
    fill(m_committed, o.seen.value(m_committedName));
    fill(m_uncommitted, o.seen.value(m_uncommittedName));
    // Per partition: watermarks and the offsets the transaction markers took since the run began (the engine's own
    // read_uncommitted reader finds them, whatever consumers the lesson has).
    const QMap<QString, QList<int64_t>>& markers = o.markers;
    m_partitions->setRowCount(int(o.partitions.size()));
    for (int i = 0; i < o.partitions.size(); ++i) {
        const PartitionState& p = o.partitions[i];
        const QString key = partitionName(p.topic, p.partition);
        QStringList offsets;
        for (int64_t off : markers.value(key))
            offsets.append(QString::number(off));
        const QStringList cells { key, QString::number(p.highWatermark), QString::number(p.lso),
            offsets.join(QLatin1String(", ")),
            p.lso < p.highWatermark ? tr("yes: read_committed stops at %1").arg(p.lso) : QString() };
        for (int c = 0; c < cells.size(); ++c)
            m_partitions->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    m_partitions->resizeColumnsToContents();
}

bool TransactionPage::handEnabled(const HandButton& b) const
{
    if (b.variant == QLatin1String("second")) // fences a producer that has a transactional.id registered
        return m_producerState != ProducerState::Uninitialised;
    return producerAllows(m_producerState, b.action);
}

} // namespace kafkalab
