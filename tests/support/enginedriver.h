#pragma once

// Drives a ScenarioEngine on its own thread from a test, one hand-made step at a time, as the steppers do.
#include "kafkacore/scenarios/scenarioengine.h"
#include "signallog.h"

#include <QTest>
#include <QThread>

namespace kafkalab::test {

class EngineDriver {
public:
    EngineDriver(const Scenario& scenario, const QString& bootstrap)
        : m_engine(new ScenarioEngine(scenario, { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) }))
    {
        m_engine->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
        m_thread.start();
    }
    ~EngineDriver()
    {
        m_thread.quit();
        m_thread.wait();
    }
    // Empty on success, else the reason.
    QString prepare()
    {
        SignalLog prepared(m_engine, &ScenarioEngine::prepared);
        QMetaObject::invokeMethod(m_engine, &ScenarioEngine::prepare, Qt::QueuedConnection);
        if (!prepared.waitForCount(1, 60000))
            return QStringLiteral("no answer from prepare within 60 s");
        return prepared.value(0);
    }
    ScenarioObservation step(const QString& actor, const QString& action, std::function<void(ScenarioStep&)> more = {})
    {
        ScenarioStep st;
        st.actor = actor;
        st.action = action;
        if (more)
            more(st);
        SignalLog observed(m_engine, &ScenarioEngine::observed);
        QMetaObject::invokeMethod(
            m_engine, [this, st] { m_engine->execute(st); }, Qt::QueuedConnection);
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
    QThread m_thread;
    ScenarioEngine* m_engine;
};

} // namespace kafkalab::test
