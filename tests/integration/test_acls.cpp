// ACLs, SCRAM users and effective access against a sasl_ssl sandbox of its own (one broker, the StandardAuthorizer,
// super user kafkalab, alice and bob without ACLs). What kafkalab lists is cross-checked with Kafka's own tools
// (AclCommand --list, ConfigCommand --describe --entity-type users); a user kafkalab makes authenticates with
// kafkalab's client and with python3-kafka; the effective access kafkalab computes is checked by trying each
// operation as alice (produce, metadata, consume with a group) and reading the broker's verdict. The fixture's
// plaintext broker (no authorizer) answers SECURITY_DISABLED.
#include "acltries.h"
#include "kafkaacltool.h"
#include "kafkacore/client/connectiontest.h"
#include "kafkacore/sandbox/localsandbox.h"
#include "kafkacore/security/acladmin.h"
#include "kafkacore/topics/topicadminclient.h"
#include "signallog.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <librdkafka/rdkafka.h>

using namespace kafkalab;

namespace {

const char* const kPythonLogin = "import json, sys\n"
                                 "from kafka import KafkaConsumer\n"
                                 "cfg = json.loads(sys.argv[1])\n"
                                 "try:\n"
                                 "    c = KafkaConsumer(api_version=(2, 5, 0), request_timeout_ms=8000, **cfg)\n"
                                 "    print(json.dumps({'topics': len(c.topics())}))\n"
                                 "    c.close()\n"
                                 "except Exception as e:\n"
                                 "    print(json.dumps({'error': '%s: %s' % (type(e).__name__, e)}))\n";

QString errName(rd_kafka_resp_err_t e)
{
    return QString::fromLatin1(rd_kafka_err2name(e));
}

} // namespace

class TestAcls : public QObject {
    Q_OBJECT

    std::unique_ptr<LocalSandbox> m_sandbox;
    QTemporaryDir m_files;
    QString m_adminConfig; // --command-config for Kafka's tools: the super user over SASL_SSL
    std::unique_ptr<AclAdmin> m_admin;

    QList<ClientProperty> as(const QString& user, const QString& password, const QString& mechanism) const
    {
        return { ClientProperty::of("bootstrap.servers", m_sandbox->bootstrap()),
            ClientProperty::of("security.protocol", "sasl_ssl"),
            ClientProperty::of("ssl.ca.location", m_sandbox->securityFiles().caFile),
            ClientProperty::of("sasl.mechanisms", mechanism), ClientProperty::of("sasl.username", user),
            ClientProperty::of("sasl.password", password) };
    }
    QList<ClientProperty> alice() const
    {
        for (const sandbox::SandboxUser& u : m_sandbox->securityFiles().users)
            if (u.name == QLatin1String("alice"))
                return as(u.name, u.password, QStringLiteral("SCRAM-SHA-256"));
        return {};
    }
    QList<ClientProperty> admin() const
    {
        return QList<ClientProperty> { ClientProperty::of("bootstrap.servers", m_sandbox->bootstrap()) }
        + m_sandbox->clientProperties();
    }
    // kafkalab-cli's arguments for a command as the super user.
    QStringList cliArgs(QStringList args) const
    {
        args << QStringLiteral("--bootstrap") << m_sandbox->bootstrap();
        for (const ClientProperty& p : m_sandbox->clientProperties())
            args << QStringLiteral("-X") << p.key + QLatin1Char('=') + p.value;
        return args;
    }

    // kafka-acls --list: each binding as "pattern entry", in Kafka's own words.
    QSet<QString> kafkaAcls() { return test::kafkaAclList(m_sandbox->bootstrap(), m_adminConfig); }
    // kafka-configs --describe --entity-type users: user -> "SCRAM-SHA-256=iterations=4096, ..."
    QMap<QString, QString> kafkaUsers()
    {
        const test::ProcessResult r = test::runKafkaTool(QStringLiteral("kafka.admin.ConfigCommand"),
            { QStringLiteral("--bootstrap-server"), m_sandbox->bootstrap(), QStringLiteral("--command-config"),
                m_adminConfig, QStringLiteral("--describe"), QStringLiteral("--entity-type"),
                QStringLiteral("users") });
        if (r.exitCode != 0)
            qWarning("ConfigCommand: %s %s", r.out.constData(), r.err.constData());
        QMap<QString, QString> out;
        static const QRegularExpression line(
            QStringLiteral("^SCRAM credential configs for user-principal '(.*)' are (.*)$"));
        for (const QByteArray& raw : r.out.split('\n')) {
            const QRegularExpressionMatch m = line.match(QString::fromUtf8(raw).trimmed());
            if (m.hasMatch()) { // in no fixed order: sorted, as kafkalab lists them
                QStringList creds = m.captured(2).split(QStringLiteral(", "));
                creds.sort();
                out.insert(m.captured(1), creds.join(QStringLiteral(", ")));
            }
        }
        return out;
    }
    static QSet<QString> kafkaTexts(const QList<AclBinding>& acls)
    {
        QSet<QString> out;
        for (const AclBinding& b : acls)
            out.insert(kafkaPatternText(b) + QLatin1Char(' ') + kafkaEntryText(b));
        return out;
    }
    QList<AclBinding> listAcls(const AclFilter& filter = {})
    {
        test::SignalLog<AclListResult> listed(m_admin.get(), &AclAdmin::aclsListed);
        m_admin->listAcls(filter);
        if (!listed.wait(30000))
            return {};
        const AclListResult r = listed.value(0);
        if (!r.error.isEmpty())
            qWarning("listAcls: %s", qPrintable(r.error.message));
        return r.acls;
    }
    SecurityError changeUser(const std::function<void()>& change)
    {
        test::SignalLog<QString, SecurityError> changed(m_admin.get(), &AclAdmin::userChanged);
        change();
        if (!changed.wait(30000))
            return { QStringLiteral("no answer"), false };
        return changed.value<1>(0);
    }
    QList<ScramUser> users()
    {
        test::SignalLog<UserListResult> listed(m_admin.get(), &AclAdmin::usersListed);
        m_admin->listUsers();
        if (!listed.wait(30000))
            return {};
        return listed.value(0).users;
    }
    QJsonObject pythonLogin(const QString& user, const QString& password)
    {
        const QJsonObject cfg { { QStringLiteral("bootstrap_servers"), m_sandbox->bootstrap() },
            { QStringLiteral("security_protocol"), QStringLiteral("SASL_SSL") },
            { QStringLiteral("ssl_cafile"), m_sandbox->securityFiles().caFile },
            { QStringLiteral("sasl_mechanism"), QStringLiteral("SCRAM-SHA-512") },
            { QStringLiteral("sasl_plain_username"), user }, { QStringLiteral("sasl_plain_password"), password } };
        const test::ProcessResult r = test::run(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral("-c"), QString::fromLatin1(kPythonLogin),
                QString::fromUtf8(QJsonDocument(cfg).toJson(QJsonDocument::Compact)) },
            60000);
        return QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
    }
    static AclBinding binding(const char* type, const char* name, const char* pattern, const char* principal,
        const char* op, const char* permission = "")
    {
        AclInput in;
        in.resourceType = QString::fromLatin1(type);
        in.resource = QString::fromLatin1(name);
        in.pattern = QString::fromLatin1(pattern);
        in.principal = QString::fromLatin1(principal);
        in.operations = QString::fromLatin1(op);
        in.permission = QString::fromLatin1(permission);
        AclInputError e;
        const auto b = aclBindingsFrom(in, &e);
        if (!b)
            qFatal("bad binding in the test: %s", qPrintable(e.message));
        return b->first();
    }
    QString createAcls(const QList<AclBinding>& bindings)
    {
        test::SignalLog<AclChangeResult> created(m_admin.get(), &AclAdmin::aclsCreated);
        m_admin->createAcls(bindings);
        if (!created.wait(30000))
            return QStringLiteral("no answer");
        return created.value(0).error.message;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_sandbox = test::startSecuredSandbox(sandbox::Security::SaslSsl, &error);
        QVERIFY2(m_sandbox, qPrintable(error));
        m_adminConfig = m_files.filePath(QStringLiteral("admin.properties"));
        QVERIFY(test::writeAdminConfig(m_adminConfig, m_sandbox->securityFiles()));
        m_admin = std::make_unique<AclAdmin>(admin());
        std::optional<TopicAdminClient> topics = TopicAdminClient::open(admin(), &error);
        QVERIFY2(topics, qPrintable(error));
        for (const char* t : { "acl-orders", "acl-secret", "plain-topic" })
            QCOMPARE(topics->create(QString::fromLatin1(t), 1, 1, {}), QString());
    }

    void cleanupTestCase()
    {
        m_admin.reset();
        m_sandbox.reset();
    }

    void init()
    {
        // Each test starts without ACLs.
        test::SignalLog<AclChangeResult> deleted(m_admin.get(), &AclAdmin::aclsDeleted);
        m_admin->deleteAcls(AclFilter {});
        QVERIFY(deleted.wait(30000));
        QVERIFY2(deleted.value(0).error.isEmpty(), qPrintable(deleted.value(0).error.message));
    }

    // The fixture's plaintext broker has no authorizer: SECURITY_DISABLED, said plainly (handle and CLI).
    void securityDisabledOnPlainBroker()
    {
        AclAdmin plain({ ClientProperty::of("bootstrap.servers", test::fixtureBootstrap()) });
        test::SignalLog<AclListResult> listed(&plain, &AclAdmin::aclsListed);
        plain.listAcls(AclFilter {});
        QVERIFY(listed.wait(30000));
        QVERIFY2(listed.value(0).error.securityDisabled, qPrintable(listed.value(0).error.message));
        QVERIFY2(listed.value(0).error.message.contains(QStringLiteral("no authorizer")),
            qPrintable(listed.value(0).error.message));
        const test::ProcessResult r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { QStringLiteral("acls"), QStringLiteral("--bootstrap"), test::fixtureBootstrap() });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("SECURITY_DISABLED"), r.err.constData());
        // Kafka's own tool gets the same answer.
        const test::ProcessResult java = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.AclCommand"),
            { QStringLiteral("--bootstrap-server"), test::fixtureBootstrap(), QStringLiteral("--list") });
        QVERIFY2((java.out + java.err).contains("SecurityDisabledException"), (java.out + java.err).constData());
    }

    void createListDeleteCrossChecked()
    {
        const QList<AclBinding> made { binding("topic", "acl-", "prefixed", "User:alice", "Read"),
            binding("topic", "acl-secret", "literal", "User:alice", "Read", "deny"),
            binding("group", "*", "literal", "User:*", "Describe"),
            binding("cluster", "", "", "User:bob", "IdempotentWrite"),
            binding("transactional-id", "tx-", "prefixed", "User:bob", "Write"),
            binding("topic", "acl-orders", "literal", "User:bob", "DescribeConfigs") };
        QCOMPARE(createAcls(made), QString());
        const QList<AclBinding> listed = listAcls();
        QCOMPARE(kafkaTexts(listed), kafkaTexts(made));
        QCOMPARE(kafkaAcls(), kafkaTexts(made)); // Kafka's own tool sees the same bindings

        // A filter that matches as the broker would for a name (prefixed and literal ACLs that apply to it).
        AclFilter match;
        match.resourceType = AclResourceType::Topic;
        match.resourceName = QStringLiteral("acl-secret");
        match.patternType = AclPatternType::Match;
        QCOMPARE(kafkaTexts(listAcls(match)), kafkaTexts({ made[0], made[1] }));

        // Delete bob's: exactly those, reported back; the rest stay (Kafka's tool agrees).
        test::SignalLog<AclChangeResult> deleted(m_admin.get(), &AclAdmin::aclsDeleted);
        AclFilter bob;
        bob.principal = QStringLiteral("User:bob");
        m_admin->deleteAcls(bob);
        QVERIFY(deleted.wait(30000));
        QVERIFY2(deleted.value(0).error.isEmpty(), qPrintable(deleted.value(0).error.message));
        QCOMPARE(kafkaTexts(deleted.value(0).bindings), kafkaTexts({ made[3], made[4], made[5] }));
        QCOMPARE(kafkaAcls(), kafkaTexts({ made[0], made[1], made[2] }));

        // The CLI: acls --json, acl delete printing what it deleted.
        const QString cli = test::builtProgram(QStringLiteral("app/kafkalab-cli"));
        test::ProcessResult r = test::run(cli, cliArgs({ QStringLiteral("acls"), QStringLiteral("--json") }));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 3);
        r = test::run(cli,
            cliArgs({ QStringLiteral("acl"), QStringLiteral("delete"), QStringLiteral("--principal"),
                QStringLiteral("User:*") }));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out).trimmed(), QStringLiteral("deleted: ") + aclBindingText(made[2]));
    }

    // SCRAM users made, changed and deleted by kafkalab, as kafka-configs sees them; a made user authenticates (with
    // a password that is not ASCII) with kafkalab's client and with python3-kafka.
    void scramUsersCrossChecked()
    {
        const QString password = QStringLiteral("grüße-密码-1");
        QCOMPARE(changeUser([&] {
            m_admin->upsertUser(QStringLiteral("carol"), ScramMechanism::Sha512, 4096, password);
        }).message,
            QString());
        QCOMPARE(changeUser([&] {
            m_admin->upsertUser(QStringLiteral("carol"), ScramMechanism::Sha256, 8192, QStringLiteral("x"));
        }).message,
            QString());
        QMap<QString, QString> seen;
        for (const ScramUser& u : users()) {
            QStringList creds;
            for (const ScramCredential& c : u.credentials)
                creds << QStringLiteral("%1=iterations=%2").arg(scramMechanismName(c.mechanism)).arg(c.iterations);
            seen.insert(u.name, creds.join(QLatin1String(", ")));
        }
        QCOMPARE(seen.value(QStringLiteral("carol")),
            QStringLiteral("SCRAM-SHA-256=iterations=8192, SCRAM-SHA-512=iterations=4096"));
        QCOMPARE(seen.value(QStringLiteral("alice")),
            QStringLiteral("SCRAM-SHA-256=iterations=4096, SCRAM-SHA-512=iterations=4096"));
        QCOMPARE(kafkaUsers(), seen);

        // carol logs in with the UTF-8 password (SASL passes; she has no ACL, so she sees no topic).
        ConnectionTestResult login
            = runConnectionTest(as(QStringLiteral("carol"), password, QStringLiteral("SCRAM-SHA-512")), StopToken());
        QVERIFY(login.failedStep && *login.failedStep == ConnectionStep::Authorization);
        QCOMPARE(pythonLogin(QStringLiteral("carol"), password).value(QStringLiteral("topics")).toInt(-1), 0);
        // The password changed: the old one is refused, the new one works.
        QCOMPARE(changeUser([&] {
            m_admin->upsertUser(QStringLiteral("carol"), ScramMechanism::Sha512, 4096, QStringLiteral("second"));
        }).message,
            QString());
        login = runConnectionTest(as(QStringLiteral("carol"), password, QStringLiteral("SCRAM-SHA-512")), StopToken());
        QVERIFY(login.failedStep && *login.failedStep == ConnectionStep::Sasl);
        QCOMPARE(
            pythonLogin(QStringLiteral("carol"), QStringLiteral("second")).value(QStringLiteral("topics")).toInt(-1),
            0);

        // Deleted (both mechanisms, through the CLI): gone for Kafka's tool too, and refused at login.
        const test::ProcessResult r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            cliArgs({ QStringLiteral("user"), QStringLiteral("delete"), QStringLiteral("carol") }));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("carol: SCRAM-SHA-256 deleted\ncarol: SCRAM-SHA-512 deleted\n"));
        QVERIFY(!kafkaUsers().contains(QStringLiteral("carol")));
        login = runConnectionTest(
            as(QStringLiteral("carol"), QStringLiteral("second"), QStringLiteral("SCRAM-SHA-512")), StopToken());
        QVERIFY(login.failedStep && *login.failedStep == ConnectionStep::Sasl);
    }

    // What kafkalab says alice may do, tried as alice: the broker's verdict agrees on every case.
    void effectiveAccessTriedForReal()
    {
        QCOMPARE(createAcls({ binding("topic", "acl-", "prefixed", "User:alice", "Read"),
                     binding("topic", "acl-", "prefixed", "User:alice", "Write"),
                     binding("topic", "acl-secret", "literal", "User:alice", "Read", "deny"),
                     binding("group", "alice-g", "literal", "User:alice", "Read") }),
            QString());
        // The broker applies new ACLs once its metadata has them: wait until alice may describe acl-orders.
        QTRY_COMPARE_WITH_TIMEOUT(
            test::tryDescribe(alice(), QStringLiteral("acl-orders")), RD_KAFKA_RESP_ERR_NO_ERROR, 15000);

        auto access = [this] {
            test::SignalLog<EffectiveAccessResult> ready(m_admin.get(), &AclAdmin::accessReady);
            AccessContext assumed; // the sandbox's settings (its server.properties), which the broker hides
            assumed.superUsers = QStringList { QStringLiteral("User:") + sandbox::superUserName() };
            m_admin->effectiveAccess(QStringLiteral("User:alice"), QStringLiteral("*"), assumed);
            return ready.wait(30000) ? ready.value(0) : EffectiveAccessResult {};
        };
        EffectiveAccessResult r = access();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error.message));
        QCOMPARE(r.context.superUsers, QStringList { QStringLiteral("User:kafkalab") });
        QVERIFY(!r.context.allowEveryoneIfNoAclFound);
        QCOMPARE(r.authorizer, QStringLiteral("org.apache.kafka.metadata.authorizer.StandardAuthorizer"));
        auto decision = [&r](AclResourceType type, const QString& name, AclOperation op) {
            for (const ResourceAccess& res : r.resources)
                if (res.type == type && res.name == name)
                    for (const AccessDecision& d : res.decisions)
                        if (d.operation == op)
                            return d;
            qWarning("no decision for %s %s", qPrintable(name), qPrintable(aclOperationName(op)));
            return AccessDecision {};
        };
        const auto T = AclResourceType::Topic;
        const auto G = AclResourceType::Group;
        struct Case {
            AclResourceType type;
            QString name;
            AclOperation op;
            std::function<rd_kafka_resp_err_t()> attempt;
            rd_kafka_resp_err_t refusal;
        };
        const QString orders = QStringLiteral("acl-orders");
        const QString secret = QStringLiteral("acl-secret");
        const QString plain = QStringLiteral("plain-topic");
        const QList<Case> cases {
            { T, orders, AclOperation::Write, [&] { return test::tryProduce(alice(), orders); },
                RD_KAFKA_RESP_ERR_NO_ERROR },
            { T, plain, AclOperation::Write, [&] { return test::tryProduce(alice(), plain); },
                RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED },
            { T, secret, AclOperation::Describe, [&] { return test::tryDescribe(alice(), secret); },
                RD_KAFKA_RESP_ERR_NO_ERROR },
            { T, plain, AclOperation::Describe, [&] { return test::tryDescribe(alice(), plain); },
                RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED },
            { T, orders, AclOperation::Read,
                [&] { return test::tryConsume(alice(), orders, QStringLiteral("alice-g")); },
                RD_KAFKA_RESP_ERR_NO_ERROR },
            { T, secret, AclOperation::Read,
                [&] { return test::tryConsume(alice(), secret, QStringLiteral("alice-g")); },
                RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED },
            { G, QStringLiteral("alice-g"), AclOperation::Read,
                [&] { return test::tryConsume(alice(), orders, QStringLiteral("alice-g")); },
                RD_KAFKA_RESP_ERR_NO_ERROR },
        };
        for (const Case& c : cases) {
            const AccessDecision d = decision(c.type, c.name, c.op);
            const rd_kafka_resp_err_t tried = c.attempt();
            const QString what = QStringLiteral("%1 %2 %3: kafkalab says %4, the broker %5")
                                     .arg(aclResourceTypeName(c.type), c.name, aclOperationName(c.op), d.explanation(),
                                         errName(tried));
            QVERIFY2(d.allowed == (tried == RD_KAFKA_RESP_ERR_NO_ERROR), qPrintable(what));
            QVERIFY2(tried == c.refusal, qPrintable(what));
        }

        // A group without an ACL: denied, and the broker refuses the consumer with GROUP_AUTHORIZATION_FAILED; after
        // `kafkalab-cli acl add` it consumes.
        QVERIFY(decision(G, QStringLiteral("alice-g"), AclOperation::Describe).allowed); // implied by Read
        QVERIFY(!decideAccess({}, r.context, G, QStringLiteral("other-g"), AclOperation::Read).allowed);
        QCOMPARE(
            test::tryConsume(alice(), orders, QStringLiteral("other-g")), RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED);
        const test::ProcessResult add = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            cliArgs({ QStringLiteral("acl"), QStringLiteral("add"), QStringLiteral("--resource-type"),
                QStringLiteral("group"), QStringLiteral("--resource"), QStringLiteral("other-g"),
                QStringLiteral("--principal"), QStringLiteral("User:alice"), QStringLiteral("--operation"),
                QStringLiteral("Read") }));
        QCOMPARE(add.exitCode, 0);
        QCOMPARE(add.out, QByteArray("created: ALLOW User:alice Read on Group 'other-g' (literal) from host *\n"));
        r = access();
        QCOMPARE(decision(G, QStringLiteral("other-g"), AclOperation::Read).explanation(),
            QStringLiteral("allowed by ALLOW User:alice Read on Group 'other-g' (literal) from host *"));
        QTRY_COMPARE_WITH_TIMEOUT(
            test::tryConsume(alice(), orders, QStringLiteral("other-g")), RD_KAFKA_RESP_ERR_NO_ERROR, 30000);
    }

    // Refused before anything is sent (exit 2, the field named), or by the broker (exit 1, its reason).
    void badInput()
    {
        const QString cli = test::builtProgram(QStringLiteral("app/kafkalab-cli"));
        struct Probe {
            QStringList args;
            QByteArray input;
            int exitCode;
            QByteArray words;
        };
        const QList<Probe> probes {
            { { "acl", "add", "--resource-type", "topic", "--resource", "t", "--principal", "alice", "--operation",
                  "Read" },
                {}, 2, "--principal: 'alice' is not a principal: write User:alice" },
            { { "acl", "add", "--resource-type", "topic", "--resource", "t", "--principal", "User:alice", "--operation",
                  "Reed" },
                {}, 2, "--operation: unknown operation 'Reed'" },
            { { "acl", "add", "--resource-type", "topic", "--resource", "*", "--pattern", "prefixed", "--principal",
                  "User:a", "--operation", "Read" },
                {}, 2, "wildcard only as a literal" },
            { { "acl", "delete" }, {}, 2, "name what to delete" },
            { { "user", "add", "erin", "--mechanism", "SCRAM-SHA-256", "--password", "x" }, {}, 2, "unknown option" },
            { { "user", "add", "erin", "--mechanism", "SCRAM-SHA-256" }, "\n", 2, "no password" },
            { { "user", "add", "erin", "--mechanism", "PLAIN" }, "pw\n", 2, "not SCRAM-SHA-256 or SCRAM-SHA-512" },
            { { "user", "delete", "nobody" }, {}, 1, "nobody has no SCRAM credential" },
        };
        for (const Probe& p : probes) {
            const test::ProcessResult r = test::run(cli, cliArgs(p.args), 60000, p.input);
            QVERIFY2(r.exitCode == p.exitCode && r.err.contains(p.words),
                qPrintable(p.args.join(QLatin1Char(' ')) + QStringLiteral(": ") + QString::number(r.exitCode)
                    + QLatin1Char(' ') + QString::fromUtf8(r.err)));
        }
        // alice may not manage ACLs or users: the broker's refusal, in its words.
        AclAdmin asAlice(alice());
        test::SignalLog<AclChangeResult> created(&asAlice, &AclAdmin::aclsCreated);
        asAlice.createAcls({ binding("topic", "t", "", "User:alice", "All") });
        QVERIFY(created.wait(30000));
        QVERIFY2(created.value(0).error.message.contains(QStringLiteral("CLUSTER_AUTHORIZATION_FAILED")),
            qPrintable(created.value(0).error.message));
    }
};

QTEST_GUILESS_MAIN(TestAcls)
#include "test_acls.moc"
