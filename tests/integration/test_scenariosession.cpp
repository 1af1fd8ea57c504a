// ScenarioSession, the handle the steppers and `kafkalab-cli scenario run` share, on the fixture broker: a stopped
// engine is retired (never waited for), ends the step it is in, deletes the run's temporary topic on its own
// thread and is then reported gone; starting again while an engine is busy gives a fresh engine at once; cancel()
// interrupts a run and keeps the engine.
#include "kafkacore/scenarios/scenariosession.h"
#include "signallog.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kafkalab;

namespace {

// A producer sends one message to a temporary topic of its own, then waits a minute (the step to interrupt), then
// sends again.
Scenario longScenario()
{
    QString error;
    const std::optional<Scenario> s = parseScenario(
        "{\"name\": \"session\", \"topics\": [{\"name\": \"session-{{run}}\", \"temporary\": true}], "
        "\"actors\": {\"p\": {\"type\": \"producer\"}}, \"steps\": ["
        "{\"actor\": \"p\", \"action\": \"send\", \"topic\": \"session-{{run}}\", \"value\": \"before\"}, "
        "{\"action\": \"wait\", \"ms\": 60000}, "
        "{\"actor\": \"p\", \"action\": \"send\", \"topic\": \"session-{{run}}\", \"value\": \"never\"}]}",
        QStringLiteral("session.json"), &error);
    if (!s)
        qFatal("%s", qPrintable(error));
    return *s;
}

} // namespace

class TestScenarioSession : public QObject {
    Q_OBJECT
    QString m_bootstrap;
    QList<ClientProperty> m_connection;

    QStringList topics() const
    {
        const test::ProcessResult r = test::run(QStringLiteral("kcat"), { "-L", "-J", "-b", m_bootstrap }, 30000);
        QStringList names;
        for (const QJsonValue& t : QJsonDocument::fromJson(r.out).object().value(QLatin1String("topics")).toArray())
            names.append(t.toObject().value(QLatin1String("topic")).toString());
        return names;
    }

    // Starts the long scenario and runs it into its wait step; returns the run's topic.
    QString startIntoWait(ScenarioSession& session)
    {
        test::SignalLog prepared(&session, &ScenarioSession::prepared);
        test::SignalLog observed(&session, &ScenarioSession::observed);
        session.start(longScenario(), m_connection);
        if (!prepared.waitForCount(1, 60000) || !prepared.value(0).isEmpty())
            return {};
        session.runAll();
        if (!observed.waitForCount(1, 60000) || !observed.value(0).ok || observed.value(0).partitions.isEmpty())
            return {};
        return observed.value(0).partitions.first().topic;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
        m_connection = { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) };
    }

    void stopRetiresTheEngineWhichCleansUpOnItsOwnThread()
    {
        ScenarioSession session(QStringLiteral("kafkalab-session-test"));
        test::SignalLog observed(&session, &ScenarioSession::observed);
        test::SignalLog retired(&session, &ScenarioSession::retired);
        const QString topic = startIntoWait(session);
        QVERIFY(topic.startsWith(QLatin1String("session-")));
        QVERIFY(topics().contains(topic));
        // The engine is in its minute-long wait: stop() hands it over and returns; it is still there, retiring.
        session.stop();
        QVERIFY(!session.hasEngine());
        QCOMPARE(session.retiringCount(), 1);
        QVERIFY(retired.wait(30000)); // the wait step saw its stop flag; the engine deleted its topic and went
        QCOMPARE(session.retiringCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!topics().contains(topic), 30000);
        // Nothing of the retired engine is reported: not the cut-short wait step, not the step after it.
        QCOMPARE(observed.count(), 1);
    }

    void startingAgainGivesAFreshEngineAtOnce()
    {
        ScenarioSession session(QStringLiteral("kafkalab-session-test"));
        test::SignalLog retired(&session, &ScenarioSession::retired);
        const QString first = startIntoWait(session);
        QVERIFY(!first.isEmpty());
        const QString second = startIntoWait(session); // while the first engine still waits
        QVERIFY(!second.isEmpty());
        QVERIFY(second != first); // a run of its own
        QVERIFY(session.hasEngine());
        QVERIFY(retired.waitForCount(1, 30000));
        QTRY_VERIFY_WITH_TIMEOUT(!topics().contains(first), 30000);
        session.stop();
        QVERIFY(retired.waitForCount(2, 30000));
        QTRY_VERIFY_WITH_TIMEOUT(!topics().contains(second), 30000);
    }

    void cancelInterruptsTheRunAndKeepsTheEngine()
    {
        ScenarioSession session(QStringLiteral("kafkalab-session-test"));
        test::SignalLog observed(&session, &ScenarioSession::observed);
        test::SignalLog interrupted(&session, &ScenarioSession::interrupted);
        QVERIFY(!startIntoWait(session).isEmpty());
        session.cancel();
        QVERIFY(interrupted.wait(30000));
        QCOMPARE(interrupted.value<0>(0), 1); // the send; the wait was cut short
        QCOMPARE(interrupted.value<1>(0), 3);
        QVERIFY(observed.waitForCount(2, 30000));
        QTest::qWait(500); // a second report (with a wrong count) would have arrived by now
        QCOMPARE(interrupted.count(), 1);
        QCOMPARE(observed.value(1).errorName, QStringLiteral("INTERRUPTED"));
        QVERIFY(session.hasEngine());
        QCOMPARE(session.retiringCount(), 0);
    }

    void cleanupTestCase() { WorkerThread::joinAll(); }
};

QTEST_MAIN(TestScenarioSession)
#include "test_scenariosession.moc"
