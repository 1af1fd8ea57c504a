// The naming checker: Kafka's hard rules are errors, the convention gives warnings with precise reasons.
#include "kafkacore/topics/topicnaming.h"

#include <QTest>

using namespace kafkalab;

class TestTopicNaming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void verdicts_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("reason");
        QTest::newRow("convention") << "orders.order.created"
                                    << "ok"
                                    << "";
        QTest::newRow("hyphens") << "customers.customer-profile.address-changed"
                                 << "ok"
                                 << "";
        QTest::newRow("digits") << "inventory.stock2.updated-v2"
                                << "ok"
                                << "";
        QTest::newRow("two parts") << "orders.created"
                                   << "warning"
                                   << "3 dot-separated parts expected (<domain>.<entity>.<event-type>), found 2";
        QTest::newRow("four parts") << "a.b.c.d"
                                    << "warning"
                                    << "found 4";
        QTest::newRow("one part") << "orders"
                                  << "warning"
                                  << "found 1";
        QTest::newRow("uppercase") << "Orders.order.created"
                                   << "warning"
                                   << "uppercase in 'Orders'";
        QTest::newRow("mixed") << "orders.order_line.created"
                               << "warning"
                               << "mixes '.' and '_', which collide in Kafka's metric names";
        QTest::newRow("underscore only") << "orders_order_created"
                                         << "warning"
                                         << "found 1";
        QTest::newRow("a..b") << "a..b"
                              << "warning"
                              << "the entity is empty";
        QTest::newRow("leading dot") << ".order.created"
                                     << "warning"
                                     << "the domain is empty";
        QTest::newRow("dot") << "."
                             << "error"
                             << "'.' is not allowed as a topic name";
        QTest::newRow("dotdot") << ".."
                                << "error"
                                << "'..' is not allowed as a topic name";
        QTest::newRow("empty") << ""
                               << "error"
                               << "the topic name is empty";
        QTest::newRow("space") << "orders order"
                               << "error"
                               << "' ' is not allowed";
        QTest::newRow("unicode") << QStringLiteral("orders.bestellung.geändert") << "error"
                                 << QStringLiteral("'ä' is not allowed");
        QTest::newRow("slash") << "orders/order"
                               << "error"
                               << "'/' is not allowed";
        QTest::newRow("249") << QStringLiteral("a.b.") + QString(245, QLatin1Char('c')) << "ok"
                             << "";
        QTest::newRow("250") << QStringLiteral("a.b.") + QString(246, QLatin1Char('c')) << "error"
                             << "the topic name has 250 characters; at most 249 are allowed";
        QTest::newRow("internal") << "__consumer_offsets"
                                  << "internal"
                                  << "";
        QTest::newRow("transactions") << "__transaction_state"
                                      << "internal"
                                      << "";
    }
    void verdicts()
    {
        QFETCH(QString, name);
        QFETCH(QString, verdict);
        QFETCH(QString, reason);
        const TopicNameVerdict v = TopicNaming().check(name);
        QCOMPARE(v.verdict(), verdict);
        const QString all = v.error + v.warnings.join(QLatin1Char('|'));
        QVERIFY2(all.contains(reason), qPrintable(all));
    }

    void teamPattern()
    {
        QString error;
        QVERIFY(!TopicNaming::withPattern(QStringLiteral("^(unclosed"), &error));
        QVERIFY2(error.contains("the pattern does not compile"), qPrintable(error));
        const auto team = TopicNaming::withPattern(QStringLiteral("^[a-z]+-(events|commands)$"), &error);
        QVERIFY(team);
        QVERIFY(team->check(QStringLiteral("billing-events")).ok());
        const TopicNameVerdict v = team->check(QStringLiteral("orders.order.created"));
        QCOMPARE(v.verdict(), QStringLiteral("warning"));
        QVERIFY(v.warnings.first().contains(QLatin1String("does not match the convention")));
        QCOMPARE(team->check(QStringLiteral("bad name")).verdict(), QStringLiteral("error"));
    }

    void treePaths()
    {
        const TopicNaming n;
        QCOMPARE(n.treePath(QStringLiteral("orders.order.created")), QStringList({ "orders", "order", "created" }));
        QCOMPARE(n.treePath(QStringLiteral("logs")), QStringList({ "Other", "logs" }));
        QCOMPARE(n.treePath(QStringLiteral("__consumer_offsets")), QStringList({ "Internal", "__consumer_offsets" }));
    }
};

QTEST_GUILESS_MAIN(TestTopicNaming)
#include "test_topicnaming.moc"
