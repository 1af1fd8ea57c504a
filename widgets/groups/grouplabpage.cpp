#include "widgets/groups/grouplabpage.h"

#include "widgets/common/readonlytable.h"

#include "kafkacore/cluster/clustersession.h"
#include "kafkacore/produce/producerclient.h"
#include "kafkacore/scenarios/scenariomember.h"
#include "kafkacore/topics/topicadmin.h"
#include "widgets/common/errorlabel.h"
#include "widgets/groups/comparepanel.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/groups/grouppalette.h"
#include "widgets/groups/rebalancetimeline.h"
#include "widgets/scenarios/scenariobar.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kafkalab {

GroupLabPage::GroupLabPage(ClusterSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_group = new QLineEdit(QStringLiteral("order-processors"), this);
    m_topics = new QLineEdit(QStringLiteral("orders"), this);
    m_topics->setToolTip(tr("Topics to subscribe to, separated by commas"));
    m_protocol = new QComboBox(this);
    m_protocol->addItems(memberProtocols());
    m_protocol->setToolTip(tr("classic: the members assign (JoinGroup/SyncGroup; eager or cooperative)\n"
                              "consumer: KIP-848 (group.protocol=consumer): the broker assigns, each member "
                              "reconciles on its own, no group-wide stop (Kafka 4)"));
    m_assignor = new QComboBox(this);
    // Every assignor is offered: one its protocol does not have is refused on the member's row.
    m_assignor->addItems({ QStringLiteral("range"), QStringLiteral("roundrobin"), QStringLiteral("cooperative-sticky"),
        QStringLiteral("uniform") });
    m_assignor->setToolTip(tr("classic: range, roundrobin (eager), cooperative-sticky (incremental)\n"
                              "consumer: uniform or range, run by the broker (group.remote.assignor)"));
    connect(m_protocol, &QComboBox::currentTextChanged, this, &GroupLabPage::protocolChanged);
    m_sessionTimeout = new QSpinBox(this);
    m_sessionTimeout->setRange(1000, 300000);
    m_sessionTimeout->setValue(10000);
    m_sessionTimeout->setSuffix(tr(" ms"));
    m_maxPoll = new QSpinBox(this);
    m_maxPoll->setRange(1000, 3600000);
    m_maxPoll->setValue(300000);
    m_maxPoll->setSuffix(tr(" ms"));
    m_instance = new QLineEdit(this);
    m_instance->setPlaceholderText(tr("group.instance.id for static membership (optional)"));
    m_delay = new QSpinBox(this);
    m_delay->setRange(0, 10000);
    m_delay->setSuffix(tr(" ms per message"));
    m_add = new QPushButton(tr("Start member"), this);
    m_formError = makeErrorLabel(this);
    m_formBox = new QGroupBox(tr("New member"), this);
    auto* form = new QFormLayout(m_formBox);
    form->addRow(tr("Group id"), m_group);
    form->addRow(tr("Topics"), m_topics);
    form->addRow(tr("Protocol"), m_protocol);
    form->addRow(tr("Assignor"), m_assignor);
    form->addRow(tr("session.timeout.ms"), m_sessionTimeout);
    form->addRow(tr("max.poll.interval.ms"), m_maxPoll);
    form->addRow(tr("Static id"), m_instance);
    form->addRow(tr("Processing"), m_delay);
    form->addRow(QString(), m_formError);
    form->addRow(QString(), m_add);

    m_memberTable = new QTableWidget(0, 4, this);
    m_memberTable->setObjectName(QStringLiteral("members"));
    m_memberTable->setHorizontalHeaderLabels({ tr("Member"), tr("Group"), tr("State"), tr("Consumed") });
    // The state gets what is left (at 1024x768 in large type "running, owns 3 partitions" was cut to "run…").
    m_memberTable->horizontalHeader()->setStretchLastSection(false);
    m_memberTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_memberTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_memberTable->horizontalHeader()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    m_memberTable->verticalHeader()->hide();
    m_memberTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_memberTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_memberTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_memberTable->resizeColumnsToContents();
    followFontInTable(m_memberTable);
    // Two rows of four (the member's seven actions, then traffic): one row of eight was wider than a 1024 px window.
    auto* actions = new QGridLayout;
    for (const auto& [name, tip] : std::initializer_list<std::pair<QString, QString>> {
             { tr("Leave"), tr("Close cleanly: revoke, commit and leave the group") },
             { tr("Pause"), tr("Pause fetching its partitions (it stays in the group)") },
             { tr("Resume"), tr("Resume fetching") },
             { tr("Crash"), tr("Vanish without leaving: the coordinator waits for session.timeout.ms") },
             { tr("Stall"), tr("Stop polling: after max.poll.interval.ms the client leaves the group") },
             { tr("Poll again"), tr("Resume polling after a stall: the member rejoins") },
             { tr("Restart"),
                 tr("Start a stopped member again with the same configuration: with a static id within the session "
                    "timeout it gets its partitions back and nothing moves") } }) {
        auto* b = new QPushButton(name, this);
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, [this, action = name] { act(action); });
        actions->addWidget(b, int(m_actions.size()) / 4, int(m_actions.size()) % 4);
        m_actions.append(b);
    }
    m_traffic = new QPushButton(tr("Start traffic"), this);
    m_traffic->setToolTip(tr("Keep keyed messages flowing (20 a second) to the first topic during rebalances"));
    connect(m_traffic, &QPushButton::clicked, this, &GroupLabPage::toggleTraffic);
    actions->addWidget(m_traffic, 1, 3);

    m_board = new QTableWidget(this);
    m_board->setObjectName(QStringLiteral("board"));
    followFontInTable(m_board);
    m_board->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Each member's column as wide as its header (member and group id): the default width cut the group id.
    m_board->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_timeline = nullptr;

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_formBox);
    leftLayout->addWidget(m_memberTable, 1);
    leftLayout->addLayout(actions);
    m_compare = new ComparePanel(session, this);
    // The board and the compare run share the place above the timeline (one at a time): the timeline, the picture
    // a teacher shows, keeps the larger part of the height.
    m_views = new QTabWidget(this);
    m_views->setObjectName(QStringLiteral("boardAndCompare"));
    m_views->addTab(m_board, tr("Partitions × members"));
    m_views->setTabToolTip(0,
        tr("Each cell: the messages the member consumed from the partition; the owner's cell in "
           "the member's colour"));
    m_views->addTab(m_compare, tr("Compare protocols"));
    m_views->setTabToolTip(1, m_compare->runButton()->toolTip());
    auto* right = new QSplitter(Qt::Vertical, this);
    right->setObjectName(QStringLiteral("boardAndTimeline"));
    right->addWidget(m_views);
    m_timelineSplitter = right;
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("labSplit"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    m_lessons = new GroupLessonBar(this);
    connect(m_lessons, &GroupLessonBar::lessonLoaded, this, [this](const Scenario& s) {
        m_lesson = s;
        resetLab();
        m_formBox->setEnabled(false);
        m_compare->setEnabled(false);
        showLesson({});
    });
    connect(m_lessons, &GroupLessonBar::observed, this, &GroupLabPage::showLesson);
    connect(m_lessons, &GroupLessonBar::resetRequested, this, &GroupLabPage::resetAll);
    connect(m_lessons->bar(), &ScenarioBar::saveRequested, this, &GroupLabPage::saveAsScenario);
    m_lessons->bar()->saveButton()->show();
    m_clock.start();
    connect(m_lessons, &GroupLessonBar::lessonStopped, this, [this] {
        m_lesson = {};
        resetLab();
        m_formBox->setEnabled(true);
        m_compare->setEnabled(true);
    });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_lessons);
    layout->addWidget(split);

    m_redraw.setSingleShot(true);
    m_redraw.setInterval(150); // events and counts are drawn at most ~6 times a second
    connect(&m_redraw, &QTimer::timeout, this, [this] {
        refreshMembers();
        refreshBoard();
        if (m_timeline)
            m_timeline->rebuild();
    });
    connect(m_add, &QPushButton::clicked, this, &GroupLabPage::addMember);
    setConnection({});
}

GroupLabPage::~GroupLabPage()
{
    if (m_producer)
        m_producer->retire();
    delete m_lab; // members leave cleanly; their threads are joined
}

void GroupLabPage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // The timeline is the picture a teacher shows: once the splitter has its first real height, the timeline gets
    // 60 % of it, the board (or the compare run) the rest (the user's own split is kept after that).
    int total = 0;
    for (int size : m_timelineSplitter->sizes())
        total += size;
    if (m_sized || m_timelineSplitter->count() != 2 || total < 300)
        return;
    m_sized = true;
    m_timelineSplitter->setSizes({ total * 4 / 10, total * 6 / 10 });
}

QPushButton* GroupLabPage::actionButton(const QString& name) const
{
    for (QPushButton* b : m_actions)
        if (b->text() == name)
            return b;
    return name == m_traffic->text() ? m_traffic : nullptr;
}

void GroupLabPage::resetAll()
{
    if (m_producer) {
        m_producer->retire();
        m_producer.clear();
        m_traffic->setText(tr("Start traffic"));
    }
    m_lessons->reset(); // lessonStopped: a new, empty lab
}

void GroupLabPage::setConnection(const QList<ClientProperty>& properties)
{
    if (m_producer) {
        m_producer->retire();
        m_producer.clear();
        m_traffic->setText(tr("Start traffic"));
    }
    m_connection = properties;
    m_lesson = {};
    m_lessons->setConnection(properties);
    resetLab();
    m_add->setEnabled(!properties.isEmpty());
}

void GroupLabPage::resetLab()
{
    // The new timeline takes the old one's place and height.
    const QList<int> sizes = m_timelineSplitter->sizes();
    delete m_timeline;
    delete m_lab;
    const QList<ClientProperty>& properties = m_connection;
    m_lab = new GroupLab;
    m_lab->setConnection(properties);
    m_timeline = new RebalanceTimeline(m_lab, this);
    m_timelineSplitter->addWidget(m_timeline);
    m_timelineSplitter->setStretchFactor(0, 2);
    m_timelineSplitter->setStretchFactor(1, 3);
    if (sizes.size() == 2)
        m_timelineSplitter->setSizes(sizes);
    m_compare->bind(m_lab, properties);
    connect(m_lab, &GroupLab::eventAdded, this, [this] {
        if (!m_redraw.isActive())
            m_redraw.start();
    });
    connect(m_lab, &GroupLab::countsChanged, this, [this] {
        if (!m_redraw.isActive())
            m_redraw.start();
    });
    connect(m_lab, &GroupLab::memberStopped, this, [this] { m_redraw.start(); });
    m_nextName = 0;
    startRecording();
    m_memberTable->setRowCount(0);
    m_board->clear();
    m_board->setRowCount(0);
    m_board->setColumnCount(0);
    m_timeline->rebuild();
}

void GroupLabPage::showLesson(const ScenarioObservation& o)
{
    // The lesson's members, as its engine ran them: names, protocols and groups from the scenario, the group ids
    // and topics (with the run id) from their events.
    QList<MemberConfig> configs;
    QSet<QString> running;
    for (const ScenarioActor& a : std::as_const(m_lesson.actors)) {
        if (a.type != ScenarioActor::Type::Member)
            continue;
        MemberConfig c = memberConfigOf(a);
        c.topics.clear(); // as the run named them, from the events
        for (const MemberEvent& e : o.memberEvents)
            if (e.member == a.name) {
                c.groupId = e.groupId;
                for (const TopicPartitionRef& p : e.partitions)
                    if (!c.topics.contains(p.topic))
                        c.topics.append(p.topic);
            }
        configs.append(c);
        if (o.memberStates.value(a.name) == QLatin1String("running"))
            running.insert(a.name);
    }
    m_lab->setObserved(configs, o.memberEvents, running);
    m_redraw.start();
}

void GroupLabPage::addMember()
{
    QStringList topics;
    QString problem;
    for (const QString& t : m_topics->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = t.trimmed();
        if (const QString e = topicNameError(name); !e.isEmpty())
            problem = tr("Topics: %1").arg(e);
        else if (!m_session->snapshot().topic(name))
            problem = tr("Topics: '%1' is not a topic of this cluster").arg(name);
        topics.append(name);
    }
    if (topics.isEmpty())
        problem = tr("Topics: name at least one topic");
    if (m_group->text().trimmed().isEmpty())
        problem = tr("Group id: a member needs a group");
    m_formError->setText(problem);
    m_formError->setVisible(!problem.isEmpty());
    if (!problem.isEmpty())
        return;
    MemberConfig c;
    c.name
        = QString(QChar(u'A' + (m_nextName % 26))) + (m_nextName >= 26 ? QString::number(m_nextName / 26) : QString());
    ++m_nextName;
    c.groupId = m_group->text().trimmed();
    c.clientId = c.name;
    c.topics = topics;
    c.protocol = m_protocol->currentText();
    c.assignor = m_assignor->currentText();
    c.sessionTimeoutMs = m_sessionTimeout->value();
    c.maxPollIntervalMs = m_maxPoll->value();
    c.instanceId = m_instance->text().trimmed();
    c.processingDelayMs = m_delay->value();
    recordStart(c);
    m_lab->addMember(c);
    m_redraw.start();
}

void GroupLabPage::act(const QString& action)
{
    const QList<QTableWidgetItem*> selected = m_memberTable->selectedItems();
    if (selected.isEmpty())
        return;
    const QString member = m_memberTable->item(selected.first()->row(), 0)->text();
    recordAction(action, member);
    if (action == tr("Leave"))
        m_lab->leave(member);
    else if (action == tr("Pause"))
        m_lab->pause(member);
    else if (action == tr("Resume"))
        m_lab->resume(member);
    else if (action == tr("Crash"))
        m_lab->crash(member);
    else if (action == tr("Stall"))
        m_lab->stall(member);
    else if (action == tr("Poll again"))
        m_lab->resumePolling(member);
    else if (action == tr("Restart"))
        m_lab->restart(member);
}

void GroupLabPage::protocolChanged()
{
    // The session timeout of a consumer-protocol member is the broker's (group.consumer.session.timeout.ms).
    const bool classic = m_protocol->currentText() == QLatin1String("classic");
    m_sessionTimeout->setEnabled(classic);
    m_sessionTimeout->setToolTip(classic ? QString()
                                         : tr("Set by the broker for consumer-protocol groups "
                                              "(group.consumer.session.timeout.ms)"));
    if (!assignorsFor(m_protocol->currentText()).contains(m_assignor->currentText()))
        m_assignor->setCurrentText(assignorsFor(m_protocol->currentText()).value(0));
}

void GroupLabPage::toggleTraffic()
{
    if (m_producer) {
        m_producer->retire();
        m_producer.clear();
        m_traffic->setText(tr("Start traffic"));
        return;
    }
    const QString topic = m_topics->text().section(QLatin1Char(','), 0, 0).trimmed();
    if (m_connection.isEmpty() || topic.isEmpty())
        return;
    ProducerSettings s;
    s.connection = m_connection;
    m_producer = new ProducerClient(s, this);
    QString error;
    BulkSpec spec;
    spec.topic = topic;
    spec.count = BulkSpec::kMaxCount;
    spec.ratePerSec = 20;
    spec.keys = *KeyStrategy::parse(QStringLiteral("aggregate:100"), &error);
    spec.value = std::make_shared<ValueTemplate>(
        *ValueTemplate::json(QStringLiteral(R"({"order":"{{key}}","seq":{{i}}})"), &error));
    m_producer->start();
    m_producer->runBulk(spec);
    m_traffic->setText(tr("Stop traffic"));
    recordAction(QStringLiteral("traffic"), {});
}

} // namespace kafkalab
