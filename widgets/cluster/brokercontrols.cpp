#include "widgets/cluster/brokercontrols.h"

#include "kafkacore/sandbox/localsandbox.h"
#include "widgets/common/errorlabel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

namespace kafkalab {

namespace {

struct ActionText {
    const char* action;
    const char* label;
    const char* tip;
};
constexpr ActionText kActions[] = {
    { "stop", QT_TRANSLATE_NOOP("BrokerControls", "Stop"),
        QT_TRANSLATE_NOOP("BrokerControls", "Clean shutdown (SIGTERM): leaders move away first") },
    { "kill", QT_TRANSLATE_NOOP("BrokerControls", "Kill"),
        QT_TRANSLATE_NOOP("BrokerControls", "SIGKILL: the broker dies at once, like a power cut") },
    { "pause", QT_TRANSLATE_NOOP("BrokerControls", "Pause"),
        QT_TRANSLATE_NOOP("BrokerControls", "SIGSTOP: the broker freezes, like a long GC pause") },
    { "resume", QT_TRANSLATE_NOOP("BrokerControls", "Resume"),
        QT_TRANSLATE_NOOP("BrokerControls", "SIGCONT: a paused broker goes on") },
    { "start", QT_TRANSLATE_NOOP("BrokerControls", "Start"),
        QT_TRANSLATE_NOOP("BrokerControls", "Start a stopped broker again, on the same data") },
};

// Which actions make sense in a node's state (the sandbox refuses the others with the reason anyway).
bool allowed(const QString& action, SandboxNode::State s)
{
    using S = SandboxNode::State;
    if (action == QLatin1String("start"))
        return s == S::Stopped;
    if (action == QLatin1String("pause"))
        return s == S::Running;
    if (action == QLatin1String("resume"))
        return s == S::Paused;
    return s == S::Running || s == S::Paused || s == S::Starting; // stop, kill
}

QString stateText(SandboxNode::State s)
{
    switch (s) {
    case SandboxNode::State::Stopped:
        return BrokerControls::tr("stopped");
    case SandboxNode::State::Formatting:
    case SandboxNode::State::Starting:
        return BrokerControls::tr("starting");
    case SandboxNode::State::Running:
        return BrokerControls::tr("running");
    case SandboxNode::State::Paused:
        return BrokerControls::tr("paused");
    case SandboxNode::State::Stopping:
        return BrokerControls::tr("stopping");
    }
    return {};
}

} // namespace

BrokerControls::BrokerControls(QWidget* parent)
    : QWidget(parent)
{
    m_broker = new QComboBox(this);
    m_broker->setToolTip(tr("A broker of the local sandbox, with its state"));
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Sandbox broker"), this));
    row->addWidget(m_broker);
    for (const ActionText& a : kActions) {
        auto* b = new QPushButton(tr(a.label), this);
        b->setToolTip(tr(a.tip));
        b->setObjectName(QLatin1String(a.action));
        const QString action = QLatin1String(a.action);
        connect(b, &QPushButton::clicked, this, [this, action] { run(action, m_broker->currentData().toInt()); });
        row->addWidget(b);
        m_buttons.append(b);
    }
    row->addStretch(1);
    m_done = new QLabel(this);
    m_done->hide();
    m_message = makeErrorLabel(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_done);
    layout->addWidget(m_message);
    connect(m_broker, &QComboBox::currentIndexChanged, this, &BrokerControls::refresh);
    hide();
}

QPushButton* BrokerControls::button(const QString& action) const
{
    for (QPushButton* b : m_buttons)
        if (b->objectName() == action)
            return b;
    return nullptr;
}

void BrokerControls::setSandbox(LocalSandbox* sandbox)
{
    if (m_sandbox == sandbox)
        return;
    if (m_sandbox)
        disconnect(m_sandbox, nullptr, this, nullptr);
    m_sandbox = sandbox;
    m_message->hide();
    m_done->hide();
    if (m_sandbox)
        connect(m_sandbox, &LocalSandbox::nodesChanged, this, &BrokerControls::refresh);
    refresh();
}

void BrokerControls::refresh()
{
    const bool shown = m_sandbox && m_sandbox->state() == LocalSandbox::State::Running;
    setVisible(shown);
    if (!shown)
        return;
    const int current = m_broker->currentData().toInt();
    const QSignalBlocker block(m_broker);
    m_broker->clear();
    SandboxNode::State selected = SandboxNode::State::Stopped;
    for (const LocalSandbox::NodeInfo& n : m_sandbox->nodes()) {
        if (!n.role.contains(QLatin1String("broker")))
            continue;
        m_broker->addItem(n.rack.isEmpty() ? tr("%1 (%2)").arg(n.id).arg(stateText(n.state))
                                           : tr("%1, rack %2 (%3)").arg(n.id).arg(n.rack, stateText(n.state)),
            n.id);
        if (n.id == current || m_broker->count() == 1)
            selected = n.state;
        if (n.id == current)
            m_broker->setCurrentIndex(m_broker->count() - 1);
    }
    for (QPushButton* b : m_buttons)
        b->setEnabled(allowed(b->objectName(), selected));
}

void BrokerControls::addActions(QMenu* menu, int id)
{
    if (!m_sandbox || m_sandbox->state() != LocalSandbox::State::Running)
        return;
    SandboxNode::State state = SandboxNode::State::Stopped;
    for (const LocalSandbox::NodeInfo& n : m_sandbox->nodes())
        if (n.id == id)
            state = n.state;
    menu->addSection(tr("Sandbox broker %1").arg(id));
    for (const ActionText& a : kActions) {
        const QString action = QLatin1String(a.action);
        QAction* item = menu->addAction(tr(a.label), this, [this, action, id] { run(action, id); });
        item->setToolTip(tr(a.tip));
        item->setEnabled(allowed(action, state));
    }
}

void BrokerControls::run(const QString& action, int id)
{
    m_message->hide();
    m_done->hide();
    const auto a = LocalSandbox::brokerActionFrom(action);
    if (!m_sandbox || !a)
        return;
    const QPointer<BrokerControls> self(this);
    m_done->setText(tr("Broker %1: %2…").arg(id).arg(action));
    m_done->show();
    m_sandbox->controlBroker(*a, id, [self](bool ok, const QString& message) {
        if (!self)
            return;
        self->m_done->setVisible(ok);
        self->m_done->setText(message);
        self->m_message->setVisible(!ok);
        self->m_message->setText(message);
        self->refresh();
    });
}

} // namespace kafkalab
