// The scenario file's authorization vocabulary: an actor's "as_user" and the "acl" step (its binding read by the
// same checks as `kafkalab-cli acl add`), how a step is shown, which scenarios need an authorizer, and the connection
// an actor with "as_user" gets. Each mistake names the file with its line and column, the step, and the reason.
#include "kafkacore/scenarios/scenarioacl.h"

#include <QDir>
#include <QTest>

using namespace kafkalab;

namespace {

const char* const kActors = R"("actors": {"c": {"type": "consumer", "as_user": "alice", "subscribe": true,
    "group_id": "g", "topics": ["t"]}, "p": {"type": "producer", "as_user": "bob"},
    "x": {"type": "transactional_producer", "transactional_id": "tx", "as_user": "bob"}})";

std::optional<Scenario> parseSteps(const QString& steps, QString* error)
{
    return parseScenario(
        QStringLiteral(R"({"name": "x", %1, "steps": [%2]})").arg(QLatin1String(kActors), steps).toUtf8(),
        QStringLiteral("x.json"), error);
}

} // namespace

class TestScenarioAcl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void asUserAndAclStepsAreRead()
    {
        QString error;
        const auto s = parseSteps(
            QStringLiteral(R"({"action": "acl", "op": "add", "principal": "User:alice", "resource": "group",
                "name": "g", "operation": "read,describe", "note": "n"},
               {"action": "acl", "op": "delete", "principal": "User:alice", "resource": "topic", "name": "t-",
                "pattern": "prefixed", "operation": "Write", "permission": "deny", "host": "10.0.0.1"},
               {"action": "acl", "op": "add", "principal": "User:bob", "resource": "cluster",
                "operation": "IdempotentWrite"})"),
            &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->actor(QStringLiteral("c"))->asUser, QStringLiteral("alice"));
        QCOMPARE(s->actor(QStringLiteral("p"))->asUser, QStringLiteral("bob"));
        QCOMPARE(s->actor(QStringLiteral("x"))->asUser, QStringLiteral("bob"));
        const ScenarioStep& add = s->steps[0];
        QCOMPARE(add.action, ScenarioAction::Acl);
        QVERIFY(!add.aclDelete);
        QCOMPARE(add.note, QStringLiteral("n"));
        QCOMPARE(add.aclBindings.size(), 2); // one binding per operation
        QCOMPARE(aclBindingText(add.aclBindings[0]),
            QStringLiteral("ALLOW User:alice Read on Group 'g' (literal) from host *"));
        QCOMPARE(add.aclBindings[1].operation, AclOperation::Describe);
        const ScenarioStep& del = s->steps[1];
        QVERIFY(del.aclDelete);
        QCOMPARE(aclBindingText(del.aclBindings.value(0)),
            QStringLiteral("DENY User:alice Write on Topic 't-' (prefixed) from host 10.0.0.1"));
        QCOMPARE(s->steps[2].aclBindings.value(0).resourceType, AclResourceType::Cluster);
        QCOMPARE(actionName(ScenarioAction::Acl), QStringLiteral("acl"));
        QCOMPARE(stepTitle(add), QStringLiteral("acl add: Allow User:alice Read,Describe on group g"));
        QCOMPARE(stepTitle(del), QStringLiteral("acl delete: Deny User:alice Write on topic t-"));
        QVERIFY(needsAuthorization(*s));
        // A consumer that subscribes: the Offsets stepper shows the lesson.
        QCOMPARE(lessonKind(*s), LessonKind::Offsets);
    }

    void needsAuthorizationOnlyWithAsUserOrAcl()
    {
        QString error;
        auto s = parseScenario(R"({"name": "x", "actors": {"p": {"type": "producer"}},
            "steps": [{"action": "wait", "ms": 1}]})",
            QStringLiteral("x.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QVERIFY(!needsAuthorization(*s));
        s = parseScenario(R"({"name": "x", "actors": {"p": {"type": "producer"}},
            "steps": [{"action": "acl", "op": "add", "principal": "User:a", "resource": "topic", "name": "t",
                       "operation": "read"}]})",
            QStringLiteral("x.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QVERIFY(needsAuthorization(*s));
        // Of the shipped lessons, only the authorization lesson.
        const QDir dir(qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios"));
        QStringList needing;
        for (const LessonFile& f : lessonFiles(dir.path())) {
            QVERIFY2(f.lesson, qPrintable(f.error));
            if (needsAuthorization(*f.lesson))
                needing.append(f.baseName);
        }
        QCOMPARE(needing, QStringList { QStringLiteral("authorization") });
    }

    void mistakesAreRefusedWithTheirPlace_data()
    {
        QTest::addColumn<QString>("steps");
        QTest::addColumn<QString>("error");
        QTest::newRow("no op") << R"({"action": "acl", "principal": "User:a", "resource": "topic", "name": "t",
            "operation": "read"})"
                               << "x.json:3:101: step 1: 'acl' needs 'op': add or delete (not '')";
        QTest::newRow("bad op") << R"({"action": "acl", "op": "grant", "principal": "User:a", "resource": "topic",
            "name": "t", "operation": "read"})"
                                << "x.json:3:125: step 1: 'acl' needs 'op': add or delete (not 'grant')";
        QTest::newRow("no principal") << R"({"action": "acl", "op": "add", "resource": "topic", "name": "t",
            "operation": "read"})"
                                      << "step 1: 'acl' needs 'principal'";
        QTest::newRow("bad principal") << R"({"action": "acl", "op": "add", "principal": "alice",
            "resource": "topic", "name": "t", "operation": "read"})"
                                       << "x.json:3:145: step 1: 'principal': 'alice' is not a principal";
        QTest::newRow("bad operation") << R"({"action": "acl", "op": "add", "principal": "User:a",
            "resource": "group", "name": "g", "operation": "write"})"
                                       << "step 1: 'operation': Write is not an operation on a group";
        QTest::newRow("bad resource") << R"({"action": "acl", "op": "add", "principal": "User:a",
            "resource": "table", "name": "g", "operation": "read"})"
                                      << "step 1: 'resource': ";
        QTest::newRow("unknown field") << R"({"action": "acl", "op": "add", "principal": "User:a", "actor": "c",
            "resource": "topic", "name": "t", "operation": "read"})"
                                       << "step 1: unknown field 'actor' (an 'acl' step takes action, op, principal";
    }
    void mistakesAreRefusedWithTheirPlace()
    {
        QFETCH(QString, steps);
        QFETCH(QString, error);
        QString got;
        QVERIFY(!parseSteps(steps, &got));
        QVERIFY2(got.contains(error), qPrintable(got));
    }

    void asUserOnlyOnProducersAndConsumers()
    {
        QString error;
        QVERIFY(!parseScenario(R"({"name": "x", "actors": {"m": {"type": "member", "group_id": "g", "topics": ["t"],
            "as_user": "alice"}}, "steps": [{"action": "wait", "ms": 1}]})",
            QStringLiteral("x.json"), &error));
        QVERIFY2(error.contains(QStringLiteral("actor 'm': unknown field 'as_user'")), qPrintable(error));
        QVERIFY(!parseScenario(R"({"name": "x", "actors": {"p": {"type": "producer", "as_user": ""}},
            "steps": [{"action": "wait", "ms": 1}]})",
            QStringLiteral("x.json"), &error));
        QVERIFY2(error.contains(QStringLiteral("actor 'p': 'as_user': ")), qPrintable(error));
        QVERIFY(!parseScenario(R"({"name": "x", "actors": {"p": {"type": "producer", "as_user": 7}},
            "steps": [{"action": "wait", "ms": 1}]})",
            QStringLiteral("x.json"), &error));
        QVERIFY2(error.contains(QStringLiteral("'as_user' must be a string, got 7")), qPrintable(error));
    }

    void passwordsAndConnections()
    {
        QCOMPARE(userPasswordVariable(QStringLiteral("alice")), QStringLiteral("KAFKALAB_USER_PASSWORD_ALICE"));
        QCOMPARE(userPasswordVariable(QStringLiteral("svc.billing-2")),
            QStringLiteral("KAFKALAB_USER_PASSWORD_SVC_BILLING_2"));
        const QList<ClientProperty> connection { ClientProperty::of("bootstrap.servers", "h:1"),
            ClientProperty::of("security.protocol", "sasl_plaintext"), ClientProperty::of("sasl.mechanisms", "PLAIN"),
            ClientProperty::of("sasl.username", "kafkalab"), ClientProperty::of("sasl.password", "secret") };
        const QList<ClientProperty> alice = connectionAsUser(connection, QStringLiteral("alice"), QStringLiteral("pw"));
        QStringList seen;
        for (const ClientProperty& p : alice)
            seen.append(p.key + QLatin1Char('=') + p.value);
        QCOMPARE(seen,
            QStringList({ "bootstrap.servers=h:1", "security.protocol=sasl_plaintext", "sasl.mechanisms=PLAIN",
                "sasl.username=alice", "sasl.password=pw" }));
    }
};

QTEST_GUILESS_MAIN(TestScenarioAcl)
#include "test_scenarioacl.moc"
