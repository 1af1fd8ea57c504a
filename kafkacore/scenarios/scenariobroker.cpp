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
    const sandbox::ControlReply reply
        = sandbox::sendControl(socket, st.brokerCommand, st.brokerId, st.timeoutMs, &m_cancel);
    if (!reply.ok)
        return failStep(QStringLiteral("BROKER"), reply.message);
    obs.expectation = reply.message;
    if (reply.running == 0
        && (st.brokerCommand == QLatin1String("stop") || st.brokerCommand == QLatin1String("kill"))) {
        failStep(QStringLiteral("NO_BROKER_LEFT"),
            QStringLiteral("%1, the last broker running: the cluster cannot answer any more, so the run ends here")
                .arg(reply.message));
        m_noBrokerLeft = true;
    }
}

} // namespace kafkalab
