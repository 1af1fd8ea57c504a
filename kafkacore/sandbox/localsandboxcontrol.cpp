// LocalSandbox's broker controls: stop, kill, pause, resume and start one broker of a running sandbox.
#include "kafkacore/sandbox/localsandbox.h"
#include "kafkacore/sandbox/sandboxcontrol.h"

#include <algorithm>

namespace kafkalab {

namespace {

QString stateWord(SandboxNode::State state)
{
    switch (state) {
    case SandboxNode::State::Stopped:
        return QStringLiteral("stopped");
    case SandboxNode::State::Formatting:
        return QStringLiteral("formatting its storage");
    case SandboxNode::State::Starting:
        return QStringLiteral("starting");
    case SandboxNode::State::Running:
        return QStringLiteral("running");
    case SandboxNode::State::Paused:
        return QStringLiteral("paused");
    case SandboxNode::State::Stopping:
        return QStringLiteral("stopping");
    }
    return {};
}

} // namespace

std::optional<LocalSandbox::BrokerAction> LocalSandbox::brokerActionFrom(const QString& word)
{
    for (BrokerAction a :
        { BrokerAction::Stop, BrokerAction::Kill, BrokerAction::Pause, BrokerAction::Resume, BrokerAction::Start })
        if (brokerActionName(a) == word)
            return a;
    return std::nullopt;
}

QString LocalSandbox::brokerActionName(BrokerAction action)
{
    switch (action) {
    case BrokerAction::Stop:
        return QStringLiteral("stop");
    case BrokerAction::Kill:
        return QStringLiteral("kill");
    case BrokerAction::Pause:
        return QStringLiteral("pause");
    case BrokerAction::Resume:
        return QStringLiteral("resume");
    case BrokerAction::Start:
        return QStringLiteral("start");
    }
    return {};
}

QList<LocalSandbox::NodeInfo> LocalSandbox::nodes() const
{
    QList<NodeInfo> list;
    for (const auto& n : m_nodes) {
        NodeInfo info;
        info.id = n->id();
        info.role = n->role();
        info.state = n->state();
        info.pid = (n->state() == SandboxNode::State::Stopped || n->state() == SandboxNode::State::Formatting)
            ? 0
            : n->pid();
        info.port = n->isBroker() ? n->config().port : n->config().controllerPort;
        info.rack = n->config().rack;
        list.append(info);
    }
    return list;
}

int LocalSandbox::brokersUp() const
{
    int up = 0;
    for (const auto& n : m_nodes)
        up += n->isBroker() && n->state() != SandboxNode::State::Stopped
            && n->state() != SandboxNode::State::Formatting;
    return up;
}

QString LocalSandbox::controlPath() const
{
    return m_control ? m_control->path() : QString();
}

SandboxNode* LocalSandbox::node(int id) const
{
    for (const auto& n : m_nodes)
        if (n->id() == id)
            return n.get();
    return nullptr;
}

void LocalSandbox::finishAction(int id, bool ok, const QString& message)
{
    m_actionTimers.erase(id);
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    const ActionDone done = std::move(it->second);
    m_pending.erase(it);
    done(ok, message);
}

void LocalSandbox::controlBroker(BrokerAction action, int id, ActionDone done)
{
    if (m_state != State::Running) {
        done(false,
            m_state == State::Starting ? QStringLiteral("the sandbox is still starting")
                                       : QStringLiteral("the sandbox is not running"));
        return;
    }
    QStringList brokers;
    for (const auto& n : m_nodes)
        if (n->isBroker())
            brokers.append(QString::number(n->id()));
    SandboxNode* n = node(id);
    if (!n) {
        done(false,
            QStringLiteral("there is no broker %1 in this sandbox (its brokers: %2)")
                .arg(id)
                .arg(brokers.join(QStringLiteral(", "))));
        return;
    }
    if (!n->isBroker()) {
        done(false,
            QStringLiteral("node %1 is the sandbox's controller, not a broker; the broker controls act on brokers %2")
                .arg(id)
                .arg(brokers.join(QStringLiteral(", "))));
        return;
    }
    if (m_pending.count(id)) {
        if (action != BrokerAction::Kill) {
            done(false,
                QStringLiteral("broker %1 is busy (%2): wait for it, or kill it").arg(id).arg(stateWord(n->state())));
            return;
        }
        finishAction(id, false, QStringLiteral("broker %1 was killed before this finished").arg(id));
    }
    using S = SandboxNode::State;
    const S state = n->state();
    // Waits for the node's next exit or start; a start that takes too long is killed.
    auto await = [&](const QString& success, int timeoutMs) {
        m_pending[id] = [done, success](bool ok, const QString& message) { done(ok, ok ? success : message); };
        auto timer = std::make_unique<QTimer>();
        timer->setSingleShot(true);
        connect(timer.get(), &QTimer::timeout, this, [this, id, n, timeoutMs] {
            n->kill();
            finishAction(id, false,
                QStringLiteral("broker %1 did not finish within %2 s and was killed").arg(id).arg(timeoutMs / 1000));
        });
        timer->start(timeoutMs);
        m_actionTimers[id] = std::move(timer);
    };
    switch (action) {
    case BrokerAction::Start:
        if (state != S::Stopped) {
            done(false,
                state == S::Paused ? QStringLiteral("broker %1 is paused, not stopped: resume it").arg(id)
                                   : QStringLiteral("broker %1 is already %2").arg(id).arg(stateWord(state)));
            return;
        }
        Q_EMIT progress(QStringLiteral("Starting broker %1").arg(id));
        await(QStringLiteral("broker %1 started on 127.0.0.1:%2").arg(id).arg(n->config().port),
            m_options.startupTimeoutMs);
        n->start(m_java, m_libDir, n->isBroker() ? heapMb() : std::min(heapMb(), 256));
        return;
    case BrokerAction::Stop:
    case BrokerAction::Kill:
        if (state == S::Stopped) {
            done(false, QStringLiteral("broker %1 is already stopped").arg(id));
            return;
        }
        if (action == BrokerAction::Stop) {
            Q_EMIT progress(QStringLiteral("Stopping broker %1").arg(id));
            await(QStringLiteral("broker %1 stopped (clean shutdown)").arg(id), m_options.stopTimeoutMs + 10000);
            n->stop(m_options.stopTimeoutMs);
        } else {
            Q_EMIT progress(QStringLiteral("Killing broker %1").arg(id));
            await(QStringLiteral("broker %1 killed (SIGKILL)").arg(id), 10000);
            n->kill();
        }
        return;
    case BrokerAction::Pause:
        if (state != S::Running) {
            done(false,
                state == S::Paused ? QStringLiteral("broker %1 is already paused").arg(id)
                                   : QStringLiteral("broker %1 is %2, not running: it cannot be paused")
                                         .arg(id)
                                         .arg(stateWord(state)));
            return;
        }
        if (n->pause()) {
            Q_EMIT progress(QStringLiteral("Broker %1 paused (SIGSTOP)").arg(id));
            done(true, QStringLiteral("broker %1 paused (SIGSTOP)").arg(id));
        } else {
            done(false, QStringLiteral("broker %1 could not be paused").arg(id));
        }
        return;
    case BrokerAction::Resume:
        if (state != S::Paused) {
            done(false, QStringLiteral("broker %1 is not paused (it is %2)").arg(id).arg(stateWord(state)));
            return;
        }
        if (n->resume()) {
            Q_EMIT progress(QStringLiteral("Broker %1 resumed (SIGCONT)").arg(id));
            done(true, QStringLiteral("broker %1 resumed (SIGCONT)").arg(id));
        } else {
            done(false, QStringLiteral("broker %1 could not be resumed").arg(id));
        }
        return;
    }
}

QString LocalSandbox::logTail(int lines) const
{
    // A broker's log line can list thousands of partitions: each line is cut to what a message can show.
    constexpr qsizetype kMaxLineChars = 400;
    const qsizetype from = std::max<qsizetype>(0, m_recentLog.size() - lines);
    QStringList cut;
    for (qsizetype i = from; i < m_recentLog.size(); ++i) {
        const QString& line = m_recentLog[i];
        cut.append(line.size() <= kMaxLineChars ? line
                                                : line.left(kMaxLineChars)
                    + QStringLiteral(" … (%1 more characters)").arg(line.size() - kMaxLineChars));
    }
    QString tail = cut.join(QLatin1Char('\n'));
    return tail.isEmpty() ? QStringLiteral("(the broker wrote nothing)") : tail;
}

} // namespace kafkalab
