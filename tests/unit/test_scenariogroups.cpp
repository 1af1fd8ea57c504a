// The scenario file's group members (the Group lab's lessons): the member actor, its protocol and assignor checked
// against each other, wait_stable and the expectations about members and groups; each mistake names the file, the
// actor or the step, and the reason.
#include "kafkacore/scenarios/scenario.h"
#include "tests/support/scenariorefusal.h"

#include <QTest>

using namespace kafkalab;

class TestScenarioGroups : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groupMembersAreRead()
    {
        QString error;
        const auto s = parseScenario(R"({"name": "x", "actors": {
                "a": {"type": "member", "group_id": "g", "topics": ["t"], "assignor": "cooperative-sticky",
                      "group_instance_id": "worker-a", "session_timeout_ms": 30000},
                "k": {"type": "member", "group_id": "g", "protocol": "consumer", "assignor": "range", "topics": ["t"]}},
            "steps": [{"actor": "a", "action": "start"}, {"actor": "k", "action": "crash"},
                      {"action": "wait_stable", "group": "g", "mark": true, "timeout_ms": 20000},
                      {"action": "expect", "actor": "a", "owns": 2, "revoked": 0, "state": "running"},
                      {"action": "expect", "group": "g", "moved": 0, "owned": 6, "revoked": 1}]})",
            QStringLiteral("x.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QVERIFY(hasGroupMembers(*s));
        const ScenarioActor* a = s->actor(QStringLiteral("a"));
        QCOMPARE(a->type, ScenarioActor::Type::Member);
        QCOMPARE(a->protocol, QStringLiteral("classic"));
        QCOMPARE(a->assignor, QStringLiteral("cooperative-sticky"));
        QCOMPARE(a->instanceId, QStringLiteral("worker-a"));
        QCOMPARE(a->sessionTimeoutMs, 30000);
        QCOMPARE(s->actor(QStringLiteral("k"))->assignor, QStringLiteral("range"));
        QCOMPARE(s->steps[0].action, ScenarioAction::Start);
        QCOMPARE(s->steps[2].action, ScenarioAction::WaitStable);
        QVERIFY(s->steps[2].mark);
        QCOMPARE(s->steps[2].timeoutMs, 20000);
        QCOMPARE(*s->steps[3].expectOwns, 2);
        QCOMPARE(*s->steps[3].expectRevoked, 0);
        QCOMPARE(*s->steps[3].expectConsumerState, ConsumerState::Running);
        QCOMPARE(s->steps[3].group, QStringLiteral("g"));
        QCOMPARE(*s->steps[4].expectMoved, 0);
        QCOMPARE(*s->steps[4].expectOwned, 6);
        QCOMPARE(actionName(ScenarioAction::WaitStable), QStringLiteral("wait_stable"));
        QCOMPARE(parseAction(QStringLiteral("start")), ScenarioAction::Start);
        QCOMPARE(actionsFor(ScenarioActor::Type::Member),
            (QList<ScenarioAction> {
                ScenarioAction::Start, ScenarioAction::Close, ScenarioAction::Crash, ScenarioAction::Restart }));
        // The consumer protocol's default assignor is the broker's uniform one.
        const auto d = parseScenario(R"({"name": "x", "actors": {"k": {"type": "member", "group_id": "g",
            "protocol": "consumer", "topics": ["t"]}}, "steps": [{"actor": "k", "action": "start"}]})",
            QStringLiteral("x.json"), &error);
        QVERIFY2(d, qPrintable(error));
        QCOMPARE(d->actors.first().assignor, QStringLiteral("uniform"));
        QVERIFY(!hasGroupMembers(*parseScenario(R"({"name": "x", "actors": {"p": {"type": "producer"}},
            "steps": [{"actor": "p", "action": "flush"}]})",
            QStringLiteral("x.json"), &error)));
    }

    void badMembersAreRejectedWithTheirReason_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray members
            = R"({"name": "x", "actors": {"m": {"type": "member", "group_id": "g", "topics": ["t"]},
            "k": {"type": "member", "group_id": "g", "protocol": "consumer", "topics": ["t"]}}, "steps": [)";
        QTest::newRow("consumer protocol with roundrobin")
            << QByteArray(R"({"name": "x", "actors": {"m": {"type": "member", "group_id": "g", "topics": ["t"],
                "protocol": "consumer", "assignor": "roundrobin"}}, "steps": [{"actor": "m", "action": "start"}]})")
            << "actor 'm': the consumer protocol has no assignor 'roundrobin' (it has uniform, range)";
        QTest::newRow("classic with uniform")
            << QByteArray(R"({"name": "x", "actors": {"m": {"type": "member", "group_id": "g", "topics": ["t"],
                "assignor": "uniform"}}, "steps": [{"actor": "m", "action": "start"}]})")
            << "actor 'm': the classic protocol has no assignor 'uniform'";
        QTest::newRow("unknown protocol")
            << QByteArray(R"({"name": "x", "actors": {"m": {"type": "member", "group_id": "g", "topics": ["t"],
                "protocol": "share"}}, "steps": [{"actor": "m", "action": "start"}]})")
            << "actor 'm': unknown group protocol 'share'";
        QTest::newRow("session timeout for a consumer-protocol member")
            << QByteArray(R"({"name": "x", "actors": {"m": {"type": "member", "group_id": "g", "topics": ["t"],
                "protocol": "consumer", "session_timeout_ms": 10000}}, "steps": [{"actor": "m", "action": "start"}]})")
            << "actor 'm': 'session_timeout_ms' is for classic members";
        QTest::newRow("member without group")
            << QByteArray(R"({"name": "x", "actors": {"m": {"type": "member", "topics": ["t"]}},
                "steps": [{"actor": "m", "action": "start"}]})")
            << "actor 'm': missing field 'group_id'";
        QTest::newRow("member poll")
            << (members + R"({"actor": "m", "action": "start"}, {"actor": "m", "action": "poll"}]})")
            << "step 2: unknown step 'poll' for actor 'm' (it can: start, close, crash, restart)";
        QTest::newRow("wait_stable without group")
            << (members + R"({"action": "wait_stable"}]})") << "step 1: 'wait_stable' needs 'group'";
        QTest::newRow("wait_stable unknown group")
            << (members + R"({"action": "wait_stable", "group": "h"}]})") << "step 1: no member actor has group_id 'h'";
        QTest::newRow("member expect without what")
            << (members + R"({"action": "expect", "actor": "m"}]})")
            << "step 1: 'expect' about a member needs 'owns', 'revoked' or 'state'";
        QTest::newRow("member expect moved")
            << (members + R"({"action": "expect", "actor": "m", "moved": 1}]})") << "step 1: unknown field 'moved'";
        QTest::newRow("group expect owns")
            << (members + R"({"action": "expect", "group": "g", "owns": 1}]})") << "step 1: unknown field 'owns'";
        QTest::newRow("negative revoked") << (members + R"({"action": "expect", "group": "g", "revoked": -1}]})")
                                          << "step 1: 'revoked' must be a whole number";
        QTest::newRow("member state") << (members + R"({"action": "expect", "actor": "k", "state": "fenced"}]})")
                                      << "step 1: unknown state 'fenced' for a member";
    }

    void badMembersAreRejectedWithTheirReason()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString problem = test::refusalProblem(json, expected);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestScenarioGroups)
#include "test_scenariogroups.moc"
