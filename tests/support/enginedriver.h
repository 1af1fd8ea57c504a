#pragma once

// Drives a ScenarioEngine through a ScenarioSession (the engine on its worker thread) from a test, one hand-made
// step at a time, as the steppers do.
#include "kafkacore/scenarios/scenariosession.h"
#include "signallog.h"

#include <QTest>

#include <utility>

namespace kafkalab::test {

class EngineDriver {
public:
    EngineDriver(Scenario scenario, const QString& bootstrap)
        : m_scenario(std::move(scenario))
        , m_connection({ ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) })
    {
    }
    ~EngineDriver()
    {
        // The engine cleans up (its lab topic) on its own thread; the test waits for that, the GUI never does.
        SignalLog retired(&m_session, &ScenarioSession::retired);
        m_session.stop();
        if (m_session.retiringCount() > 0)
            retired.waitForCount(1, 60000);
    }
    // Empty on success, else the reason.
    QString prepare()
    {
        SignalLog prepared(&m_session, &ScenarioSession::prepared);
        m_session.start(m_scenario, m_connection);
        if (!prepared.waitForCount(1, 60000))
            return QStringLiteral("no answer from prepare within 60 s");
        return prepared.value(0);
    }
    ScenarioObservation step(
        const QString& actor, const QString& action, const std::function<void(ScenarioStep&)>& more = {})
    {
        ScenarioStep st;
        st.actor = actor;
        st.action = parseAction(action).value();
        if (more)
            more(st);
        SignalLog observed(&m_session, &ScenarioSession::observed);
        m_session.execute(st);
        if (!observed.waitForCount(1, 90000))
            return {};
        return observed.value(0);
    }
    ScenarioObservation send(const QString& topic, const QString& key, const QString& value)
    {
        return step(QStringLiteral("source"), QStringLiteral("send"), [&](ScenarioStep& st) {
            st.topic = topic;
            st.key = key;
            st.value = value;
        });
    }

private:
    Scenario m_scenario;
    QList<ClientProperty> m_connection;
    ScenarioSession m_session { QStringLiteral("kafkalab-scenario-test") };
};

} // namespace kafkalab::test
