// The scenario file's replication vocabulary: drill producers and consumers, check_ledger, alter_topic,
// elect_leaders, broker steps by role or by a remembered name, the expectations about drills and partitions, topics
// with a replication factor and configs, and the live brokers a lesson needs. Each mistake names the file with its
// line and column, the actor or the step, and the reason.
#include "kafkacore/scenarios/scenario.h"

#include <QDir>
#include <QTest>

using namespace kafkalab;

class TestScenarioReplication : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replicationLessonsAreRead()
    {
        QString error;
        const auto s = parseScenario(R"({"name": "x",
            "topics": [{"name": "t-{{run}}", "partitions": 2, "replication_factor": 3,
                        "configs": {"min.insync.replicas": "2"}}],
            "actors": {
                "p": {"type": "drill_producer", "topic": "t-{{run}}", "acks": 1, "idempotence": false, "retries": false,
                      "rate": 50, "keys": 0, "delivery_timeout_ms": 5000},
                "q": {"type": "drill_producer", "topic": "t-{{run}}"},
                "r": {"type": "drill_consumer", "from": "q"}},
            "steps": [{"actor": "q", "action": "start"}, {"actor": "r", "action": "start"},
                      {"action": "broker", "command": "kill", "role": "leader", "topic": "t-{{run}}", "partition": 1,
                       "as": "old"},
                      {"action": "broker", "command": "start", "id": "old"},
                      {"action": "alter_topic", "topic": "t-{{run}}", "configs": {"a": "1", "b": null}},
                      {"action": "elect_leaders", "topic": "t-{{run}}", "type": "unclean"},
                      {"action": "expect", "topic": "t-{{run}}", "isr": 3, "offline": false, "within_ms": 1000},
                      {"action": "expect", "actor": "q", "acknowledged_min": 10, "progress": true, "error": "NOT_ENOUGH"},
                      {"action": "expect", "actor": "r", "caught_up": true, "progress": false, "within_ms": 0},
                      {"actor": "q", "action": "close"}, {"actor": "q", "action": "check_ledger"},
                      {"action": "expect", "actor": "q", "missing": 0, "missing_min": 0, "duplicates": 0,
                       "order_violations": 0}]})",
            QStringLiteral("x.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->brokers, 3); // the largest replication factor
        QCOMPARE(s->replication.value(QStringLiteral("t-{{run}}")), 3);
        QCOMPARE(s->topicConfigs.value(QStringLiteral("t-{{run}}")).value(QStringLiteral("min.insync.replicas")),
            QStringLiteral("2"));
        QCOMPARE(lessonKind(*s), LessonKind::Replication);
        QCOMPARE(lessonKindTitle(LessonKind::Replication), QStringLiteral("Replication"));
        const ScenarioActor* p = s->actor(QStringLiteral("p"));
        QCOMPARE(p->type, ScenarioActor::Type::DrillProducer);
        QCOMPARE(p->acks, 1);
        QVERIFY(!p->idempotence && !p->retries);
        QCOMPARE(p->rate, 50);
        QCOMPARE(p->keys, 0);
        QCOMPARE(p->deliveryTimeoutMs, 5000);
        const ScenarioActor* q = s->actor(QStringLiteral("q"));
        QCOMPARE(q->acks, -1); // acks=all and idempotence by default
        QVERIFY(q->idempotence);
        QCOMPARE(s->actor(QStringLiteral("r"))->from, QStringLiteral("q"));
        QCOMPARE(s->steps[2].brokerRole, QStringLiteral("leader"));
        QCOMPARE(s->steps[2].partition, 1);
        QCOMPARE(s->steps[2].brokerAs, QStringLiteral("old"));
        QCOMPARE(s->steps[3].brokerName, QStringLiteral("old"));
        QCOMPARE(s->steps[4].action, ScenarioAction::AlterTopic);
        QCOMPARE(s->steps[4].topicConfigs.value(QStringLiteral("a")), std::optional<QString>(QStringLiteral("1")));
        QVERIFY(s->steps[4].topicConfigs.contains(QStringLiteral("b")));
        QVERIFY(!s->steps[4].topicConfigs.value(QStringLiteral("b")).has_value());
        QCOMPARE(s->steps[5].action, ScenarioAction::ElectLeaders);
        QVERIFY(s->steps[5].unclean);
        QCOMPARE(*s->steps[6].expectIsr, 3);
        QCOMPARE(*s->steps[6].expectOffline, false);
        QCOMPARE(s->steps[6].timeoutMs, 1000);
        QCOMPARE(*s->steps[7].expectAcknowledgedMin, 10);
        QCOMPARE(*s->steps[7].expectError, QStringLiteral("NOT_ENOUGH"));
        QCOMPARE(s->steps[7].timeoutMs, 30000);
        QCOMPARE(*s->steps[8].expectCaughtUp, true);
        QCOMPARE(*s->steps[8].expectProgress, false);
        QCOMPARE(s->steps[10].action, ScenarioAction::CheckLedger);
        QCOMPARE(*s->steps[11].expectMissing, 0);
        QCOMPARE(*s->steps[11].expectOrderViolations, 0);
    }

    void brokersFieldAndTheShippedLessons()
    {
        QString error;
        const auto s = parseScenario(
            R"({"name": "x", "brokers": 2, "actors": {"p": {"type": "producer"}}, "steps": [{"action": "wait", "ms": 1}]})",
            QStringLiteral("x.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->brokers, 2);
        const QDir dir(qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios"));
        int replication = 0;
        for (const QString& f : dir.entryList({ QStringLiteral("*.json") })) {
            const auto lesson = loadScenario(dir.filePath(f), &error);
            QVERIFY2(lesson, qPrintable(error));
            if (lessonKind(*lesson) == LessonKind::Replication) {
                ++replication;
                QCOMPARE(lesson->brokers, 3);
            } else {
                QCOMPARE(lesson->brokers, 1); // the one-broker fixture runs every other lesson
            }
        }
        QCOMPARE(replication, 4);
    }

    // Each mistake with FILE:LINE:COLUMN and its reason.
    void mistakesAreRefusedWithTheirPlace_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray producer
            = "{\"name\": \"x\",\n \"actors\": {\"p\": {\"type\": \"drill_producer\", \"topic\": \"t\"},\n"
              "  \"r\": {\"type\": \"drill_consumer\", \"from\": \"p\"}},\n \"steps\": [\n";
        QTest::newRow("acks") << QByteArray(
            "{\"name\": \"x\", \"actors\": {\"p\": {\"type\": \"drill_producer\",\n"
            "  \"topic\": \"t\", \"acks\": 2}}, \"steps\": [{\"action\": \"wait\", \"ms\": 1}]}")
                              << "f.json:2:25: actor 'p': 'acks' must be \"all\", 1 or 0, got 2";
        QTest::newRow("idempotence without acks=all") << QByteArray(
            "{\"name\": \"x\", \"actors\": {\"p\": {\"type\": \"drill_producer\",\n"
            "  \"topic\": \"t\", \"acks\": 1, \"idempotence\": true}}, \"steps\": [{\"action\": "
            "\"wait\", \"ms\": 1}]}") << "f.json:2:43: actor 'p': 'idempotence' needs \"acks\": \"all\"";
        QTest::newRow("drill producer without a topic") << QByteArray(
            "{\"name\": \"x\", \"actors\": {\"p\": {\"type\": \"drill_producer\"}}, \"steps\": [{\"action\": "
            "\"wait\", \"ms\": 1}]}") << "actor 'p': missing field 'topic'";
        QTest::newRow("rate") << QByteArray(
            "{\"name\": \"x\", \"actors\": {\"p\": {\"type\": \"drill_producer\",\n"
            "  \"topic\": \"t\", \"rate\": 0}}, \"steps\": [{\"action\": \"wait\", \"ms\": 1}]}")
                              << "f.json:2:25: actor 'p': 'rate' must be a whole number from 1 to 100000";
        QTest::newRow("consumer from nobody")
            << QByteArray("{\"name\": \"x\", \"actors\": {\"r\": {\"type\": \"drill_consumer\",\n  \"from\": \"p\"}},"
                          " \"steps\": [{\"action\": \"wait\", \"ms\": 1}]}")
            << "f.json:2:11: actor 'r': 'from' must name a drill_producer actor ('p' is none)";
        QTest::newRow("replication factor")
            << QByteArray("{\"name\": \"x\", \"topics\": [{\"name\": \"t\",\n"
                          "  \"replication_factor\": 0}], \"actors\": {\"p\": {\"type\": "
                          "\"producer\"}}, \"steps\": [{\"action\": \"wait\", \"ms\": 1}]}")
            << "f.json:2:25: topic 1: 'replication_factor' must be a whole number";
        QTest::newRow("topic configs") << QByteArray("{\"name\": \"x\", \"topics\": [{\"name\": \"t\",\n"
                                                     "  \"configs\": {\"a\": 1}}], \"actors\": {\"p\": {\"type\": "
                                                     "\"producer\"}}, \"steps\": [{\"action\": \"wait\", \"ms\": 1}]}")
                                       << "f.json:2:14: topic 1: config 'a' must be a string, got 1";
        QTest::newRow("role") << producer
                + "  {\"action\": \"broker\", \"command\": \"kill\", \"role\": \"boss\", \"topic\": \"t\"}]}"
                              << "f.json:5:51: step 1: 'role' must be leader or follower (not 'boss')";
        QTest::newRow("role without topic")
            << producer + "  {\"action\": \"broker\", \"command\": \"kill\", \"role\": \"leader\"}]}"
            << "f.json:5:3: step 1: 'role' needs 'topic'";
        QTest::newRow("id and role") << producer
                + "  {\"action\": \"broker\", \"command\": \"kill\", \"id\": 1, \"role\": \"leader\", \"topic\": "
                  "\"t\"}]}"
                                     << "f.json:5:3: step 1: 'broker' takes 'id' or 'role', not both";
        QTest::newRow("a name nobody remembered")
            << producer + "  {\"action\": \"broker\", \"command\": \"start\", \"id\": \"old\"}]}"
            << "f.json:5:50: step 1: no earlier broker step remembers a broker as 'old'";
        QTest::newRow("topic and partition without role")
            << producer + "  {\"action\": \"broker\", \"command\": \"kill\", \"id\": 1, \"topic\": \"t\"}]}"
            << "f.json:5:3: step 1: 'topic' and 'partition' choose a broker by its 'role'";
        QTest::newRow("alter_topic without configs") << producer + "  {\"action\": \"alter_topic\", \"topic\": \"t\"}]}"
                                                     << "f.json:5:3: step 1: 'alter_topic' needs 'configs'";
        QTest::newRow("elect type") << producer
                + "  {\"action\": \"elect_leaders\", \"topic\": \"t\", \"type\": \"now\"}]}"
                                    << "f.json:5:53: step 1: 'type' must be preferred or unclean (not 'now')";
        QTest::newRow("expect nothing about a drill") << producer + "  {\"action\": \"expect\", \"actor\": \"p\"}]}"
                                                      << "f.json:5:3: step 1: 'expect' about a drill_producer needs";
        QTest::newRow("ledger field on a consumer")
            << producer + "  {\"action\": \"expect\", \"actor\": \"r\", \"missing\": 0}]}"
            << "f.json:5:49: step 1: unknown field 'missing' (an 'expect' about a drill_consumer takes";
        QTest::newRow("negative missing")
            << producer + "  {\"action\": \"expect\", \"actor\": \"p\", \"missing\": -1}]}"
            << "f.json:5:49: step 1: 'missing' must be a whole number, 0 or more";
        QTest::newRow("isr without topic") << producer + "  {\"action\": \"expect\", \"isr\": 2}]}"
                                           << "f.json:5:3: step 1: 'isr' and 'offline' need 'topic'";
        QTest::newRow("drill actor crashes")
            << producer + "  {\"actor\": \"p\", \"action\": \"crash\"}]}"
            << "f.json:5:3: step 1: unknown step 'crash' for actor 'p' (it can: start, "
               "close, check_ledger)";
        QTest::newRow("brokers") << QByteArray("{\"name\": \"x\",\n \"brokers\": 0, \"actors\": {\"p\": {\"type\": "
                                               "\"producer\"}}, \"steps\": [{\"action\": \"wait\", \"ms\": 1}]}")
                                 << "f.json:2:13: 'brokers' must be a whole number from 1 to 1000";
    }
    void mistakesAreRefusedWithTheirPlace()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!parseScenario(json, QStringLiteral("f.json"), &error));
        QVERIFY2(error.startsWith(expected) || error.contains(expected), qPrintable(error));
        if (expected.startsWith(QLatin1String("f.json:")))
            QVERIFY2(error.startsWith(expected), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestScenarioReplication)
#include "test_scenarioreplication.moc"
