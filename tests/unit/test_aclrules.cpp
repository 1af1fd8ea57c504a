// ACL and SCRAM input parsing (kafkacore/security/aclrules.h) and effective access by the StandardAuthorizer's rules
// (effectiveaccess.h). test_acls checks the same rules against a real broker.
#include "kafkacore/security/aclrules.h"
#include "kafkacore/security/effectiveaccess.h"
#include "kafkacore/security/scramrules.h"

#include <QTest>

using namespace kafkalab;

namespace {

AclBinding acl(AclResourceType type, const QString& name, AclPatternType pattern, const QString& principal,
    AclOperation op, AclPermission permission = AclPermission::Allow, const QString& host = QStringLiteral("*"))
{
    AclBinding b;
    b.resourceType = type;
    b.resourceName = name;
    b.patternType = pattern;
    b.principal = principal;
    b.operation = op;
    b.permission = permission;
    b.host = host;
    return b;
}

AclInput input(const QString& type, const QString& resource, const QString& principal, const QString& ops)
{
    AclInput in;
    in.resourceType = type;
    in.resource = resource;
    in.principal = principal;
    in.operations = ops;
    return in;
}

const QString alice = QStringLiteral("User:alice");
using T = AclResourceType;
using P = AclPatternType;
using O = AclOperation;

} // namespace

class TestAclRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bindingsFromInput()
    {
        AclInputError e;
        AclInput in = input(QStringLiteral("topic"), QStringLiteral("orders"), alice, QStringLiteral("Read, write"));
        const auto b = aclBindingsFrom(in, &e);
        QVERIFY2(b, qPrintable(e.message));
        QCOMPARE(b->size(), 2);
        QCOMPARE(b->at(0).operation, O::Read);
        QCOMPARE(b->at(1).operation, O::Write);
        QCOMPARE(b->at(0).host, QStringLiteral("*"));
        QCOMPARE(b->at(0).permission, AclPermission::Allow);
        QCOMPARE(b->at(0).patternType, P::Literal);
        QCOMPARE(
            aclBindingText(b->at(0)), QStringLiteral("ALLOW User:alice Read on Topic 'orders' (literal) from host *"));
        QCOMPARE(kafkaPatternText(b->at(0)),
            QStringLiteral("ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)"));
        QCOMPARE(kafkaEntryText(b->at(1)),
            QStringLiteral("(principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)"));

        // Kafka's spellings of operations and types, any case.
        in = input(QStringLiteral("transactional-id"), QStringLiteral("tx"), QStringLiteral("User:*"),
            QStringLiteral("DESCRIBE"));
        in.permission = QStringLiteral("Deny");
        in.host = QStringLiteral("10.0.0.1");
        const auto t = aclBindingsFrom(in, &e);
        QVERIFY2(t, qPrintable(e.message));
        QCOMPARE(t->at(0).resourceType, T::TransactionalId);
        QCOMPARE(t->at(0).permission, AclPermission::Deny);
        QCOMPARE(kafkaPatternText(t->at(0)),
            QStringLiteral("ResourcePattern(resourceType=TRANSACTIONAL_ID, name=tx, patternType=LITERAL)"));
        in = input(QStringLiteral("cluster"), {}, alice, QStringLiteral("describe_configs,IdempotentWrite"));
        const auto c = aclBindingsFrom(in, &e);
        QVERIFY2(c, qPrintable(e.message));
        QCOMPARE(c->at(0).resourceName, QStringLiteral("kafka-cluster"));
        QCOMPARE(c->at(0).operation, O::DescribeConfigs);
        QCOMPARE(kafkaEntryText(c->at(0)),
            QStringLiteral("(principal=User:alice, host=*, operation=DESCRIBE_CONFIGS, permissionType=ALLOW)"));
        // The literal wildcard.
        in = input(QStringLiteral("group"), QStringLiteral("*"), alice, QStringLiteral("Read"));
        QVERIFY(aclBindingsFrom(in, &e));
        in.pattern = QStringLiteral("prefixed");
        in.resource = QStringLiteral("team-");
        QCOMPARE(aclBindingsFrom(in, &e)->at(0).patternType, P::Prefixed);
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("principal");
        QTest::addColumn<QString>("ops");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("words");
        QTest::newRow("no User:") << "topic"
                                  << "t"
                                  << ""
                                  << "alice"
                                  << "Read"
                                  << ""
                                  << "principal"
                                  << "User:alice";
        QTest::newRow("Group principal") << "topic"
                                         << "t"
                                         << ""
                                         << "Group:x"
                                         << "Read"
                                         << ""
                                         << "principal"
                                         << "must be User";
        QTest::newRow("empty user") << "topic"
                                    << "t"
                                    << ""
                                    << "User:"
                                    << "Read"
                                    << ""
                                    << "principal"
                                    << "names no user";
        QTest::newRow("no principal") << "topic"
                                      << "t"
                                      << ""
                                      << ""
                                      << "Read"
                                      << ""
                                      << "principal"
                                      << "name the principal";
        QTest::newRow("unknown op") << "topic"
                                    << "t"
                                    << ""
                                    << "User:a"
                                    << "Reed"
                                    << ""
                                    << "operations"
                                    << "unknown operation 'Reed'";
        QTest::newRow("Any is a filter's") << "topic"
                                           << "t"
                                           << ""
                                           << "User:a"
                                           << "Any"
                                           << ""
                                           << "operations"
                                           << "unknown operation";
        QTest::newRow("no op") << "topic"
                               << "t"
                               << ""
                               << "User:a"
                               << ""
                               << ""
                               << "operations"
                               << "at least one";
        QTest::newRow("op not on a group") << "group"
                                           << "g"
                                           << ""
                                           << "User:a"
                                           << "Write"
                                           << ""
                                           << "operations"
                                           << "Write is not an operation on a group";
        QTest::newRow("unknown type") << "topics"
                                      << "t"
                                      << ""
                                      << "User:a"
                                      << "Read"
                                      << ""
                                      << "resourceType"
                                      << "unknown resource type 'topics'";
        QTest::newRow("no type") << ""
                                 << "t"
                                 << ""
                                 << "User:a"
                                 << "Read"
                                 << ""
                                 << "resourceType"
                                 << "name the resource type";
        QTest::newRow("no name") << "topic"
                                 << ""
                                 << ""
                                 << "User:a"
                                 << "Read"
                                 << ""
                                 << "resource"
                                 << "name the topic";
        QTest::newRow("prefixed *") << "topic"
                                    << "*"
                                    << "prefixed"
                                    << "User:a"
                                    << "Read"
                                    << ""
                                    << "resource"
                                    << "wildcard only as a literal";
        QTest::newRow("match is a filter's") << "topic"
                                             << "t"
                                             << "match"
                                             << "User:a"
                                             << "Read"
                                             << ""
                                             << "pattern"
                                             << "literal or prefixed";
        QTest::newRow("cluster name") << "cluster"
                                      << "c1"
                                      << ""
                                      << "User:a"
                                      << "Create"
                                      << ""
                                      << "resource"
                                      << "kafka-cluster";
        QTest::newRow("host name") << "topic"
                                   << "t"
                                   << ""
                                   << "User:a"
                                   << "Read"
                                   << "localhost"
                                   << "host"
                                   << "not an IP address";
    }
    void badInput()
    {
        QFETCH(QString, type);
        QFETCH(QString, resource);
        QFETCH(QString, pattern);
        QFETCH(QString, principal);
        QFETCH(QString, ops);
        QFETCH(QString, host);
        QFETCH(QString, field);
        QFETCH(QString, words);
        AclInput in = input(type, resource, principal, ops);
        in.pattern = pattern;
        in.host = host;
        AclInputError e;
        QVERIFY(!aclBindingsFrom(in, &e));
        QCOMPARE(e.field, field);
        QVERIFY2(e.message.contains(words), qPrintable(e.message));
    }

    void filters()
    {
        AclInputError e;
        const auto all = aclFilterFrom(AclInput {}, &e);
        QVERIFY(all);
        QCOMPARE(all->resourceType, T::Any);
        QCOMPARE(all->patternType, P::Any);
        const AclBinding b = acl(T::Topic, QStringLiteral("team-orders"), P::Literal, alice, O::Read);
        QVERIFY(all->matches(b));
        AclInput in;
        in.resourceType = QStringLiteral("topic");
        in.resource = QStringLiteral("team-orders");
        in.pattern = QStringLiteral("match");
        const auto match = aclFilterFrom(in, &e);
        QVERIFY2(match, qPrintable(e.message));
        QVERIFY(match->matches(b));
        QVERIFY(match->matches(acl(T::Topic, QStringLiteral("team-"), P::Prefixed, alice, O::Read)));
        QVERIFY(match->matches(acl(T::Topic, QStringLiteral("*"), P::Literal, alice, O::Read)));
        QVERIFY(!match->matches(acl(T::Topic, QStringLiteral("team-orders-x"), P::Literal, alice, O::Read)));
        QVERIFY(!match->matches(acl(T::Group, QStringLiteral("team-orders"), P::Literal, alice, O::Read)));
        in = AclInput {};
        in.operations = QStringLiteral("Read,Write");
        QVERIFY(!aclFilterFrom(in, &e));
        QCOMPARE(e.field, QStringLiteral("operations"));
        in = AclInput {};
        in.resource = QStringLiteral("orders");
        QVERIFY(!aclFilterFrom(in, &e));
        QCOMPARE(e.field, QStringLiteral("resourceType"));
    }

    void scram()
    {
        QCOMPARE(scramMechanismFrom(QStringLiteral("scram-sha-512")), std::optional(ScramMechanism::Sha512));
        QVERIFY(!scramMechanismFrom(QStringLiteral("PLAIN")));
        QVERIFY(scramPasswordError(QString()).contains(QStringLiteral("empty")));
        QVERIFY(scramPasswordError(QStringLiteral("a\nb")).contains(QStringLiteral("control character")));
        QVERIFY(scramPasswordError(QStringLiteral("grüße-密码")).isEmpty()); // UTF-8, as Kafka salts it
        QVERIFY(scramUserError(QStringLiteral(" bob")).contains(QStringLiteral("white space")));
        QVERIFY(scramUserError(QStringLiteral("carol")).isEmpty());
        QVERIFY(!scramIterationsError(4095).isEmpty());
        QVERIFY(!scramIterationsError(16385).isEmpty());
        QVERIFY(scramIterationsError(4096).isEmpty());
    }

    void superUserAndNoAcl()
    {
        AccessContext c;
        c.principal = QStringLiteral("User:kafkalab");
        c.superUsers = { QStringLiteral("User:kafkalab") };
        const QList<AclBinding> acls { acl(
            T::Topic, QStringLiteral("t"), P::Literal, c.principal, O::Read, AclPermission::Deny) };
        AccessDecision d = decideAccess(acls, c, T::Topic, QStringLiteral("t"), O::Read);
        QVERIFY(d.allowed); // a super user even past a DENY
        QCOMPARE(d.why, AccessDecision::Why::SuperUser);
        c.principal = alice;
        d = decideAccess({}, c, T::Topic, QStringLiteral("t"), O::Read);
        QVERIFY(!d.allowed);
        QCOMPARE(d.why, AccessDecision::Why::NoAcl);
        c.allowEveryoneIfNoAclFound = true;
        QVERIFY(decideAccess({}, c, T::Topic, QStringLiteral("t"), O::Read).allowed);
        // The resource has an ACL (for bob): allow.everyone no longer applies to alice.
        const QList<AclBinding> bobs { acl(
            T::Topic, QStringLiteral("t"), P::Literal, QStringLiteral("User:bob"), O::Read) };
        d = decideAccess(bobs, c, T::Topic, QStringLiteral("t"), O::Read);
        QVERIFY(!d.allowed);
        QCOMPARE(d.why, AccessDecision::Why::NoMatchingAcl);
    }

    void patternsAndDenyWins()
    {
        AccessContext c;
        c.principal = alice;
        const AclBinding prefixed = acl(T::Topic, QStringLiteral("acl-"), P::Prefixed, alice, O::Read);
        const AclBinding deny
            = acl(T::Topic, QStringLiteral("acl-secret"), P::Literal, alice, O::Read, AclPermission::Deny);
        const AclBinding wildcard = acl(T::Group, QStringLiteral("*"), P::Literal, QStringLiteral("User:*"), O::Read);
        const QList<AclBinding> acls { prefixed, deny, wildcard };
        AccessDecision d = decideAccess(acls, c, T::Topic, QStringLiteral("acl-orders"), O::Read);
        QVERIFY(d.allowed);
        QCOMPARE(*d.acl, prefixed);
        d = decideAccess(acls, c, T::Topic, QStringLiteral("acl-secret"), O::Read);
        QVERIFY(!d.allowed);
        QCOMPARE(*d.acl, deny);
        QVERIFY(d.explanation().startsWith(QStringLiteral("denied by DENY User:alice Read")));
        // Describe: implied by the ALLOW Read; a DENY Read does not deny Describe.
        d = decideAccess(acls, c, T::Topic, QStringLiteral("acl-secret"), O::Describe);
        QVERIFY(d.allowed);
        QCOMPARE(*d.acl, prefixed);
        QVERIFY(!decideAccess(acls, c, T::Topic, QStringLiteral("other"), O::Read).allowed);
        QVERIFY(!decideAccess(acls, c, T::Topic, QStringLiteral("acl-orders"), O::Write).allowed);
        // User:* and the literal wildcard.
        d = decideAccess(acls, c, T::Group, QStringLiteral("any-group"), O::Read);
        QVERIFY(d.allowed);
        QCOMPARE(*d.acl, wildcard);
        QVERIFY(!decideAccess(acls, c, T::Group, QStringLiteral("any-group"), O::Delete).allowed);
    }

    void implicationsAndAll()
    {
        AccessContext c;
        c.principal = alice;
        const QList<AclBinding> acls { acl(T::Topic, QStringLiteral("t"), P::Literal, alice, O::AlterConfigs),
            acl(T::Topic, QStringLiteral("u"), P::Literal, alice, O::All),
            acl(T::Topic, QStringLiteral("u"), P::Literal, alice, O::Describe, AclPermission::Deny),
            acl(T::Topic, QStringLiteral("v"), P::Literal, alice, O::All, AclPermission::Deny),
            acl(T::Topic, QStringLiteral("v"), P::Literal, alice, O::Write) };
        QVERIFY(decideAccess(acls, c, T::Topic, QStringLiteral("t"), O::DescribeConfigs).allowed);
        QVERIFY(!decideAccess(acls, c, T::Topic, QStringLiteral("t"), O::Describe).allowed); // AlterConfigs only
        QVERIFY(decideAccess(acls, c, T::Topic, QStringLiteral("u"), O::Delete).allowed);
        QVERIFY(!decideAccess(acls, c, T::Topic, QStringLiteral("u"), O::Describe).allowed); // DENY Describe wins
        QVERIFY(!decideAccess(acls, c, T::Topic, QStringLiteral("v"), O::Write).allowed); // DENY All wins
    }

    void hostsAndCreate()
    {
        AccessContext c;
        c.principal = alice;
        c.host = QStringLiteral("127.0.0.1");
        const QList<AclBinding> acls { acl(T::Topic, QStringLiteral("t"), P::Literal, alice, O::Read,
                                           AclPermission::Allow, QStringLiteral("10.0.0.9")),
            acl(T::Topic, QStringLiteral("t"), P::Literal, alice, O::Write, AclPermission::Allow,
                QStringLiteral("127.0.0.1")),
            acl(T::Cluster, QStringLiteral("kafka-cluster"), P::Literal, alice, O::Create) };
        QVERIFY(!decideAccess(acls, c, T::Topic, QStringLiteral("t"), O::Read).allowed);
        QVERIFY(decideAccess(acls, c, T::Topic, QStringLiteral("t"), O::Write).allowed);
        const AccessDecision create = decideAccess(acls, c, T::Topic, QStringLiteral("new-topic"), O::Create);
        QVERIFY(create.allowed);
        QCOMPARE(create.acl->resourceType, T::Cluster);

        const QList<ResourceAccess> grid = effectiveAccess(acls, c, { QStringLiteral("t") }, { QStringLiteral("g") });
        QCOMPARE(grid.size(), 2);
        QCOMPARE(grid[0].decisions.size(), accessOperations(T::Topic).size());
        QCOMPARE(grid[1].type, T::Group);
        QCOMPARE(grid[1].decisions.size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestAclRules)
#include "test_aclrules.moc"
