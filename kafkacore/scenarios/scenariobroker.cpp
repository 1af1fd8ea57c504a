// The scenario step `broker`: stop, kill, pause, resume or start a broker of the local sandbox, through the
// sandbox's control socket (the process that owns the sandbox carries it out), from the engine's thread.
#include "kafkacore/sandbox/sandboxcontrol.h"
#include "kafkacore/scenarios/scenarioengine.h"

namespace kafkalab {

void ScenarioEngine::brokerStep(const ScenarioStep& st, ScenarioObservation& obs)
{
    auto failStep = [&obs](const QString& name, const QString& text) {
        obs.ok = false;
        obs.errorName = name;
        obs.errorText = text;
    };
    QString error;
    const QString socket = sandbox::findControlSocket(m_scenario.sandbox, &error);
    if (socket.isEmpty())
        return failStep(
            QStringLiteral("NO_SANDBOX"), error + QStringLiteral(" (a broker step controls the local sandbox)"));
    // The sandbox found must be the cluster this scenario runs on.
    QString bootstrap;
    for (const ClientProperty& p : m_connection)
        if (p.key == QLatin1String("bootstrap.servers"))
            bootstrap = p.value;
    const sandbox::ControlReply info = sandbox::sendControl(socket, QStringLiteral("info"), -1, 5000, &m_cancel);
    if (!info.ok)
        return failStep(QStringLiteral("NO_SANDBOX"), info.message);
    if (info.bootstrap != bootstrap)
        return failStep(QStringLiteral("NOT_THE_SANDBOX"),
            QStringLiteral("this scenario runs on %1, not on the local sandbox (%2) whose brokers a broker step "
                           "controls")
                .arg(bootstrap, info.bootstrap));
    QString words;
    const int id = brokerTarget(st, &error, &words);
    if (id < 0)
        return failStep(QStringLiteral("NO_SUCH_BROKER"), error);
    const sandbox::ControlReply reply = sandbox::sendControl(socket, st.brokerCommand, id, st.timeoutMs, &m_cancel);
    if (!reply.ok)
        return failStep(QStringLiteral("BROKER"), reply.message);
    if (!st.brokerAs.isEmpty())
        m_brokerNames.insert(st.brokerAs, id);
    obs.expectation = words.isEmpty() ? reply.message : QStringLiteral("%1 (%2)").arg(reply.message, words);
    if (reply.running == 0
        && (st.brokerCommand == QLatin1String("stop") || st.brokerCommand == QLatin1String("kill"))) {
        failStep(QStringLiteral("NO_BROKER_LEFT"),
            QStringLiteral("%1, the last broker running: the cluster cannot answer any more, so the run ends here")
                .arg(reply.message));
        m_noBrokerLeft = true;
    }
}

int ScenarioEngine::brokerTarget(const ScenarioStep& st, QString* why, QString* words)
{
    if (!st.brokerName.isEmpty()) {
        if (!m_brokerNames.contains(st.brokerName)) {
            *why = QStringLiteral("no broker was remembered as '%1' (the step that names it did not run)")
                       .arg(st.brokerName);
            return -1;
        }
        *words = QStringLiteral("'%1'").arg(st.brokerName);
        return m_brokerNames.value(st.brokerName);
    }
    if (st.brokerRole.isEmpty())
        return st.brokerId;
    // The role as the cluster's metadata has it now; asked again for a few seconds while an election is under way.
    int leader = -1;
    QList<int> isr;
    QString error;
    for (int attempt = 0; attempt < 40 && !m_cancel; ++attempt) {
        if (partitionState(st.topic, st.partition, &leader, &isr, &error) && leader >= 0)
            break;
        leader = -1;
        pause(250);
    }
    if (leader < 0) {
        *why = QStringLiteral("%1[%2] has no leader now%3")
                   .arg(st.topic)
                   .arg(st.partition)
                   .arg(error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(error));
        return -1;
    }
    if (st.brokerRole == QLatin1String("leader")) {
        *words = QStringLiteral("the leader of %1[%2]").arg(st.topic).arg(st.partition);
        return leader;
    }
    for (int id : std::as_const(isr))
        if (id != leader) {
            *words = QStringLiteral("an in-sync follower of %1[%2]").arg(st.topic).arg(st.partition);
            return id;
        }
    *why = QStringLiteral("%1[%2] has no in-sync follower now (its leader %3 is its only in-sync replica)")
               .arg(st.topic)
               .arg(st.partition)
               .arg(leader);
    return -1;
}

} // namespace kafkalab
