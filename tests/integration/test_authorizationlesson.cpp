// The authorization lesson (resources/scenarios/authorization.json) on a sasl_plaintext sandbox of its own (one
// broker, the StandardAuthorizer, alice without ACLs): through the engine step by step, each refusal and each
// expectation as the lesson says, the run's ACLs as Kafka's own kafka-acls lists them while it runs and gone after
// it; through kafkalab-cli with alice's password in the environment. The refusals before any step: no SASL and no
// authorizer (the fixture's plaintext broker), a user without a password.
#include "kafkaacltool.h"
#include "kafkacore/sandbox/localsandbox.h"
#include "kafkacore/scenarios/scenarioacl.h"
#include "kafkacore/scenarios/scenariosession.h"
#include "signallog.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

class TestAuthorizationLesson : public QObject {
    Q_OBJECT

    std::unique_ptr<LocalSandbox> m_sandbox;
    QTemporaryDir m_files;
    QString m_adminConfig;

    static QString lessonPath()
    {
        return qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/authorization.json");
    }
    QList<ClientProperty> superUser() const
    {
        return QList<ClientProperty> { ClientProperty::of("bootstrap.servers", m_sandbox->bootstrap()) }
        + m_sandbox->clientProperties();
    }
    QMap<QString, QString> passwords() const
    {
        QMap<QString, QString> out;
        for (const sandbox::SandboxUser& u : m_sandbox->securityFiles().users)
            out.insert(u.name, u.password);
        return out;
    }
    QStringList cliArgs(const QString& file, const QString& bootstrap, const QList<ClientProperty>& props) const
    {
        QStringList args { QStringLiteral("scenario"), QStringLiteral("run"), file, QStringLiteral("--bootstrap"),
            bootstrap };
        for (const ClientProperty& p : props)
            args << QStringLiteral("-X") << p.key + QLatin1Char('=') + p.value;
        return args;
    }
    // Why the engine refused to prepare `json` on `connection` (empty: it prepared).
    QString prepareError(const QByteArray& json, const QList<ClientProperty>& connection)
    {
        QString error;
        const std::optional<Scenario> s = parseScenario(json, QStringLiteral("x.json"), &error);
        if (!s)
            return QStringLiteral("parse: ") + error;
        ScenarioSession session(QStringLiteral("kafkalab-scenario-test"));
        test::SignalLog<QString> prepared(&session, &ScenarioSession::prepared);
        session.start(*s, connection);
        if (!prepared.waitForCount(1, 60000))
            return QStringLiteral("no answer");
        test::SignalLog retired(&session, &ScenarioSession::retired);
        session.stop();
        retired.waitForCount(1, 60000);
        return prepared.value(0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_sandbox = test::startSecuredSandbox(sandbox::Security::SaslPlaintext, &error);
        QVERIFY2(m_sandbox, qPrintable(error));
        m_adminConfig = m_files.filePath(QStringLiteral("admin.properties"));
        QVERIFY(test::writeAdminConfig(m_adminConfig, m_sandbox->securityFiles()));
        QCOMPARE(test::kafkaAclList(m_sandbox->bootstrap(), m_adminConfig), QSet<QString>()); // alice has none
    }

    void cleanupTestCase() { m_sandbox.reset(); }

    // Step by step through the engine: refused for the topic, refused for the group, then it consumes; the ACLs
    // the run added are what kafka-acls lists, and gone once the engine is.
    void lessonStepByStep()
    {
        QString error;
        const std::optional<Scenario> lesson = loadScenario(lessonPath(), &error);
        QVERIFY2(lesson, qPrintable(error));
        QCOMPARE(lessonKind(*lesson), LessonKind::Offsets);
        ScenarioSession session(QStringLiteral("kafkalab-scenario-test"));
        session.setUserPasswords(passwords());
        test::SignalLog<QString> prepared(&session, &ScenarioSession::prepared);
        test::SignalLog<ScenarioObservation> observed(&session, &ScenarioSession::observed);
        test::SignalLog<bool, int> finished(&session, &ScenarioSession::finished);
        session.start(*lesson, superUser());
        QVERIFY(prepared.waitForCount(1, 60000));
        QCOMPARE(prepared.value(0), QString());
        QSet<QString> whileRunning;
        for (int i = 1; i <= lesson->steps.size(); ++i) {
            session.step();
            QVERIFY2(observed.waitForCount(i, 90000), qPrintable(QStringLiteral("step %1").arg(i)));
            const ScenarioObservation o = observed.value(i - 1);
            if (i == 8) // the three ACLs added: Kafka's own tool lists them
                whileRunning = test::kafkaAclList(m_sandbox->bootstrap(), m_adminConfig);
            const bool refused = i == 3 || i == 6; // the polls the broker refuses
            QVERIFY2(o.ok == !refused,
                qPrintable(QStringLiteral("step %1: %2 %3 %4").arg(i).arg(o.errorName, o.errorText, o.observed)));
        }
        QVERIFY(finished.waitForCount(1, 30000));
        QCOMPARE(finished.value<0>(0), true);
        QCOMPARE(finished.value<1>(0), 0);
        QCOMPARE(observed.value(2).errorName, QStringLiteral("GROUP_AUTHORIZATION_FAILED"));
        QCOMPARE(observed.value(5).errorName, QStringLiteral("TOPIC_AUTHORIZATION_FAILED"));
        const ScenarioObservation last = observed.value(lesson->steps.size() - 1);
        QCOMPARE(last.seen.value(QStringLiteral("billing")).size(), 3);
        const QString group = last.groups.value(QStringLiteral("billing"));
        const QString audit = last.groups.value(QStringLiteral("audit"));
        const QString topic = last.seen.value(QStringLiteral("billing")).value(0).topic;
        QVERIFY2(group.startsWith(QLatin1String("billing-")) && topic.startsWith(QLatin1String("shop.orders-")),
            qPrintable(group + QLatin1Char(' ') + topic));
        const auto entry = [](const char* type, const QString& name, const char* user) {
            return QStringLiteral("ResourcePattern(resourceType=%1, name=%2, patternType=LITERAL) (principal=User:%3, "
                                  "host=*, operation=READ, permissionType=ALLOW)")
                .arg(QLatin1String(type), name, QLatin1String(user));
        };
        QCOMPARE(whileRunning,
            QSet<QString>(
                { entry("TOPIC", topic, "alice"), entry("GROUP", group, "alice"), entry("GROUP", audit, "bob") }));
        // The run ends: its ACLs go with it.
        test::SignalLog retired(&session, &ScenarioSession::retired);
        session.stop();
        QVERIFY(retired.waitForCount(1, 60000));
        QCOMPARE(test::kafkaAclList(m_sandbox->bootstrap(), m_adminConfig), QSet<QString>());
    }

    // The same lesson through kafkalab-cli: the users' passwords from $KAFKALAB_USER_PASSWORD_ALICE and _BOB; without
    // bob's, refused before any step, with the variable named.
    void lessonThroughTheCli()
    {
        const QString cli = test::builtProgram(QStringLiteral("app/kafkalab-cli"));
        const QStringList args = cliArgs(lessonPath(), m_sandbox->bootstrap(), m_sandbox->clientProperties());
        qputenv("KAFKALAB_USER_PASSWORD_ALICE", passwords().value(QStringLiteral("alice")).toUtf8());
        qunsetenv("KAFKALAB_USER_PASSWORD_BOB");
        test::ProcessResult r = test::run(cli, args, 120000);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("no password for user 'bob' (as_user of actor 'audit')")
                && r.err.contains("KAFKALAB_USER_PASSWORD_BOB"),
            r.err.constData());
        qputenv("KAFKALAB_USER_PASSWORD_BOB", passwords().value(QStringLiteral("bob")).toUtf8());
        QElapsedTimer clock;
        clock.start();
        r = test::run(cli, args, 180000);
        qunsetenv("KAFKALAB_USER_PASSWORD_ALICE");
        qunsetenv("KAFKALAB_USER_PASSWORD_BOB");
        qInfo("the lesson ran in %.1f s", double(clock.elapsed()) / 1000.0);
        KAFKALAB_COMPARE_EXIT(r, 0);
        int expectations = 0;
        for (const QByteArray& line : r.out.split('\n')) {
            const QJsonObject step = QJsonDocument::fromJson(line).object();
            if (step.contains(QLatin1String("expect"))) {
                ++expectations;
                QCOMPARE(step.value(QLatin1String("result")).toString(), QStringLiteral("ok"));
            }
        }
        QCOMPARE(expectations, 3);
        QCOMPARE(test::kafkaAclList(m_sandbox->bootstrap(), m_adminConfig), QSet<QString>());
    }

    // Refused before any step, each with its reason: a user kafkalab has no password for (on the secured sandbox);
    // on the fixture's plaintext broker, an actor as another user (no SASL) and an acl step (no authorizer), each
    // saying how to start a cluster that can run it.
    void refusals()
    {
        const QByteArray mallory = R"({"name": "x", "topics": [{"name": "t-{{run}}", "temporary": true}],
            "actors": {"c": {"type": "consumer", "as_user": "mallory", "topics": ["t-{{run}}"]}},
            "steps": [{"actor": "c", "action": "poll"}]})";
        QString why = prepareError(mallory, superUser());
        QVERIFY2(why.startsWith(QStringLiteral("no password for user 'mallory' (as_user of actor 'c')"))
                && why.contains(QStringLiteral("KAFKALAB_USER_PASSWORD_MALLORY")),
            qPrintable(why));
        const QString howTo = QStringLiteral("kafkalab-cli sandbox --security sasl_plaintext");
        const QList<ClientProperty> plain { ClientProperty::of("bootstrap.servers", test::fixtureBootstrap()) };
        why = prepareError(mallory, plain);
        QVERIFY2(
            why.contains(QStringLiteral("needs a SASL connection, and this one is plaintext")) && why.contains(howTo),
            qPrintable(why));
        const QByteArray aclOnly = R"({"name": "x", "actors": {"p": {"type": "producer"}},
            "steps": [{"action": "acl", "op": "add", "principal": "User:alice", "resource": "topic", "name": "t",
                       "operation": "read"}]})";
        why = prepareError(aclOnly, plain);
        QVERIFY2(
            why.contains(QStringLiteral("this cluster has no authorizer (SECURITY_DISABLED")) && why.contains(howTo),
            qPrintable(why));
        // The shipped lesson through the CLI on the fixture: refused, no step taken.
        const test::ProcessResult r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            cliArgs(lessonPath(), test::fixtureBootstrap(), {}), 60000);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(howTo.toUtf8()), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestAuthorizationLesson)
#include "test_authorizationlesson.moc"
