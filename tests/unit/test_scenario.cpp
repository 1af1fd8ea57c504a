// Scenario files are checked whole before anything runs; each mistake names the file, the step and the reason.
#include "kafkacore/common/jsontext.h"
#include "kafkacore/scenarios/scenario.h"
#include "tests/support/scenariorefusal.h"

#include <QDir>
#include <QTest>

#include <limits>

using namespace kafkalab;

class TestScenario : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shippedScenariosParse()
    {
        const QDir dir(qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios"));
        const QStringList files = dir.entryList({ QStringLiteral("*.json") });
        // ten transaction, offset and schema lessons, three group lessons, four replication lessons, one on
        // authorization
        QCOMPARE(files.size(), 18);
        for (const QString& f : files) {
            QString error;
            const auto s = loadScenario(dir.filePath(f), &error);
            QVERIFY2(s, qPrintable(error));
            QCOMPARE(s->name + QStringLiteral(".json"), f);
            bool hasExpect = false;
            for (const ScenarioStep& st : s->steps)
                hasExpect |= st.action == ScenarioAction::Expect;
            QVERIFY2(hasExpect, qPrintable(f));
        }
    }

    // Every mistake found after the JSON parsed says where it is, as FILE:LINE:COLUMN (what editors and CI logs
    // link to): the field's value when a field is wrong, the step or actor when something is missing there.
    void mistakesSayTheirLineAndColumn_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "{\"name\": \"x\",\n \"actors\": {\"p\": {\"type\": \"producer\"}},\n \"steps\": [\n";
        QTest::newRow("wrong type") << head
                + "  {\"action\": \"wait\", \"ms\": 1},\n  {\"actor\": \"p\", "
                  "\"action\": \"send\", \"topic\": \"t\",\n    \"value\": 42}]}"
                                    << "f.json:6:14: step 2: 'value' must be a string, got 42";
        QTest::newRow("missing field: the step")
            << head + "  {\"action\": \"wait\", \"ms\": 1},\n    {\"action\": \"expect\"}]}"
            << "f.json:5:5: step 2: 'expect' needs one of";
        QTest::newRow("unknown field: its value")
            << QByteArray("{\"name\": \"x\", \"actors\": {\"p\": {\"type\": \"producer\",\n   \"colour\": 1}},\n "
                          "\"steps\": [{\"action\": \"wait\", \"ms\": 1}]}")
            << "f.json:2:14: actor 'p': unknown field 'colour'";
        QTest::newRow("columns count characters")
            << QByteArray("{\"name\": \"x\", \"description\": \"\xc3\xa9\xc3\xa9\", \"actors\": {\"p\": {\"type\": "
                          "\"producer\"}}, \"steps\": [{\"action\": \"wait\", \"ms\": -1}]}")
            << "f.json:1:110: step 1: 'ms' must be a whole number";
        QTest::newRow("a list in a list")
            << head + "  {\"action\": \"expect\", \"consumer\": \"p\", \"values\": [\"a\",\n      7]}]}"
            << "f.json:4:";
    }
    void mistakesSayTheirLineAndColumn()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!parseScenario(json, QStringLiteral("f.json"), &error));
        QVERIFY2(error.startsWith(expected), qPrintable(error));
    }

    void locatingAPathInJson()
    {
        const QByteArray text = "{\"a\": [1, {\"b\": \"x,]}\"},\n  {\"c\": [[], {}], \"d\": null}], \"e\\\"\": 2}";
        const auto at = [&text](const QStringList& path) {
            const JsonPosition p = locateJsonPath(text, path);
            return QStringLiteral("%1:%2").arg(p.line).arg(p.column);
        };
        QCOMPARE(at({}), QStringLiteral("1:1"));
        QCOMPARE(at({ "a" }), QStringLiteral("1:7"));
        QCOMPARE(at({ "a", "1", "b" }), QStringLiteral("1:17"));
        QCOMPARE(at({ "a", "2", "d" }), QStringLiteral("2:24"));
        QCOMPARE(at({ "a", "2", "c", "1" }), QStringLiteral("2:14"));
        QCOMPARE(at({ "e\"" }), QStringLiteral("2:39"));
        QCOMPARE(at({ "a", "7" }), QStringLiteral("1:7")); // past the end: the list
        QCOMPARE(at({ "a", "0", "x" }), QStringLiteral("1:8")); // into a number: the number
        QCOMPARE(at({ "nope" }), QStringLiteral("1:1"));
        QCOMPARE(locateJsonPath("{\"a\": ", { "a" }).line, 0); // not JSON: nowhere
    }

    void badFilesAreRejectedWithTheirReason_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray actors = R"("actors": {"p": {"type": "transactional_producer", "transactional_id": "t"},
                                               "c": {"type": "consumer", "topics": ["topic1"]}})";
        QTest::newRow("not json") << QByteArray("{\n  \"name\": \"x\",\n  \"steps\": [\n}")
                                  << "not valid JSON at line 4, column 1";
        QTest::newRow("no name") << QByteArray(R"({"actors": {}, "steps": []})") << "missing field 'name'";
        QTest::newRow("no actors") << QByteArray(R"({"name": "x", "steps": [{"action": "wait", "ms": 1}]})")
                                   << "missing field 'actors'";
        QTest::newRow("unknown actor type") << QByteArray(
            R"({"name": "x", "actors": {"a": {"type": "robot"}}, "steps": [{"action": "wait", "ms": 1}]})")
                                            << "actor 'a': unknown actor type 'robot'";
        QTest::newRow("no steps") << (QByteArray(R"({"name": "x", )") + actors + "}") << "missing field 'steps'";
        QTest::newRow("unknown step") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"actor": "p", "action": "init_transactions"}, {"actor": "p", "action": "teleport"}]})")
                                      << "step 2: unknown step 'teleport' for actor 'p'";
        QTest::newRow("unknown actor") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"actor": "q", "action": "begin"}]})")
                                       << "step 1: unknown actor 'q'";
        QTest::newRow("consumer step on producer")
            << (QByteArray(R"({"name": "x", )") + actors + R"(, "steps": [{"actor": "p", "action": "poll"}]})")
            << "step 1: unknown step 'poll' for actor 'p'";
        QTest::newRow("send without topic") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"actor": "p", "action": "send", "value": "v"}]})")
                                            << "step 1: 'send' needs 'topic'";
        QTest::newRow("send without value") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"actor": "p", "action": "send", "topic": "t"}]})")
                                            << "step 1: 'send' needs 'value'";
        QTest::newRow("missing action") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"actor": "p"}]})")
                                        << "step 1: missing field 'action'";
        QTest::newRow("empty expect") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"action": "expect", "consumer": "c"}]})")
                                      << "step 1: 'expect' needs one of";
        QTest::newRow("expect values of a producer") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"action": "expect", "actor": "p", "count": 1}]})")
                                                     << "'p' is not a consumer";
        QTest::newRow("send_offsets without group") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"actor": "p", "action": "send_offsets", "consumer": "c"}]})")
                                                    << "a consumer actor with a group_id";
        QTest::newRow("wrong type") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"action": "expect", "consumer": "c", "values": [1, 2]}]})")
                                    << "step 1: 'values' item 1 must be a string, got 1";
        QTest::newRow("position without partition") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"action": "expect", "consumer": "c", "position": 3, "topic": "t"}]})")
                                                    << "'position' and 'committed' need 'topic' and 'partition'";
        QTest::newRow("committed without group") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"action": "expect", "consumer": "c", "committed": 3, "topic": "t", "partition": 0}]})")
                                                 << "'committed' needs a consumer with a group_id";
        QTest::newRow("lost of a producer") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"action": "expect", "actor": "p", "lost": []}]})")
                                            << "'p' is not a consumer";
        QTest::newRow("process result") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"actor": "c", "action": "process", "result": "maybe"}]})")
                                        << "step 1: 'process' takes \"result\": \"ok\" or \"fail\"";
        QTest::newRow("process count") << (QByteArray(R"({"name": "x", )") + actors
            + R"(, "steps": [{"actor": "c", "action": "process", "count": 0}]})")
                                       << "step 1: 'count' must be a whole number from 1 to 2147483647, got 0";
        QTest::newRow("commit without group")
            << (QByteArray(R"({"name": "x", )") + actors + R"(, "steps": [{"actor": "c", "action": "commit"}]})")
            << "'c' has no group_id to commit to";
        const QByteArray grouped = R"("actors": {"c": {"type": "consumer", "group_id": "g", "topics": ["t"]}})";
        QTest::newRow("commit mode") << (QByteArray(R"({"name": "x", )") + grouped
            + R"(, "steps": [{"actor": "c", "action": "commit", "mode": "eventually"}]})")
                                     << "'mode' must be sync or async";
        QTest::newRow("commit scope") << (QByteArray(R"({"name": "x", )") + grouped
            + R"(, "steps": [{"actor": "c", "action": "commit", "scope": "some"}]})")
                                      << "'scope' must be all or message";
        QTest::newRow("deliveries not an object") << (QByteArray(R"({"name": "x", )") + grouped
            + R"(, "steps": [{"action": "expect", "consumer": "c", "deliveries": [1]}]})")
                                                  << "'deliveries' must be an object";
        QTest::newRow("subscribe without group") << QByteArray(
            R"({"name": "x", "actors": {"c": {"type": "consumer", "subscribe": true, "topics": ["t"]}}, "steps": [{"action": "wait", "ms": 1}]})")
                                                 << "a consumer that subscribes needs 'group_id'";
        QTest::newRow("bad reset") << QByteArray(
            R"({"name": "x", "actors": {"c": {"type": "consumer", "group_id": "g", "auto_offset_reset": "middle", "topics": ["t"]}}, "steps": [{"action": "wait", "ms": 1}]})")
                                   << "auto_offset_reset must be earliest or latest";
        QTest::newRow("bad topic with run") << QByteArray(
            R"({"name": "x", "topics": [{"name": "a b-{{run}}"}], "actors": {"c": {"type": "consumer", "topics": ["t"]}}, "steps": [{"action": "wait", "ms": 1}]})")
                                            << "' ' is not allowed in a topic name";
        QTest::newRow("bad isolation") << QByteArray(
            R"({"name": "x", "actors": {"c": {"type": "consumer", "isolation": "dirty", "topics": ["t"]}}, "steps": [{"action": "wait", "ms": 1}]})")
                                       << "isolation must be read_committed or read_uncommitted";
    }
    void brokerStepsAreParsed()
    {
        QString error;
        const auto s
            = parseScenario("{\"name\": \"x\", \"actors\": {\"p\": {\"type\": \"producer\"}}, \"steps\": ["
                            "{\"action\": \"broker\", \"command\": \"kill\", \"id\": 2, \"note\": \"the leader\"}]}",
                QStringLiteral("lesson.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->steps[0].action, ScenarioAction::Broker);
        QCOMPARE(s->steps[0].brokerCommand, QStringLiteral("kill"));
        QCOMPARE(s->steps[0].brokerId, 2);
        QCOMPARE(actionName(ScenarioAction::Broker), QStringLiteral("broker"));
        const auto bad = [&](const QByteArray& step, const QString& expected) {
            QString why;
            QVERIFY(!parseScenario("{\"name\": \"x\", \"actors\": {\"p\": {\"type\": \"producer\"}}, "
                                   "\"steps\": ["
                    + step + "]}",
                QStringLiteral("lesson.json"), &why));
            QVERIFY2(why.contains(expected), qPrintable(why));
        };
        bad("{\"action\": \"broker\", \"command\": \"explode\", \"id\": 2}",
            QStringLiteral("'broker' needs 'command': stop, kill, pause, resume or start (not 'explode')"));
        bad("{\"action\": \"broker\", \"command\": \"kill\"}", QStringLiteral("'broker' needs 'id'"));
        bad("{\"action\": \"broker\", \"command\": \"kill\", \"id\": -1}", QStringLiteral("'id'"));
        bad("{\"action\": \"broker\", \"command\": \"kill\", \"id\": 1, \"actor\": \"p\"}",
            QStringLiteral("unknown field 'actor'"));
    }

    void fieldsAtTheEndsOfTheirRangesAreRead()
    {
        QString error;
        const auto s
            = parseScenario(R"({"name": "x", "description": "d", "topics": [{"name": "t", "partitions": 2147483647}],
            "actors": {"t": {"type": "transactional_producer", "transactional_id": "tx", "transaction_timeout_ms": 1000},
                       "c": {"type": "consumer", "group_id": "g", "topics": ["t"], "auto_commit_interval_ms": 0,
                             "session_timeout_ms": 3600000}},
            "steps": [{"action": "wait", "ms": 2147483647, "note": "long"},
                      {"actor": "t", "action": "send", "topic": "t", "value": "", "key": null, "partition": 0,
                       "count": 2147483647, "headers": {"h": ""}, "timeout_ms": 0},
                      {"actor": "t", "action": "send", "topic": "t", "value": "v", "key": ""},
                      {"actor": "c", "action": "seek", "topic": "t", "partition": 2147483647, "offset": -2},
                      {"actor": "c", "action": "seek", "topic": "t", "partition": 0, "offset": 9223372036854775807},
                      {"action": "expect", "consumer": "c", "count": 0, "position": 0, "committed": 9223372036854775807,
                       "topic": "t", "partition": 0, "deliveries": {"v": 0}}]})",
                QStringLiteral("x.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->topics.first().second, 2147483647);
        QCOMPARE(s->actor(QStringLiteral("t"))->transactionTimeoutMs, 1000);
        QCOMPARE(s->actor(QStringLiteral("c"))->autoCommitIntervalMs, 0);
        QCOMPARE(s->actor(QStringLiteral("c"))->sessionTimeoutMs, 3600000);
        QCOMPARE(s->steps[0].waitMs, 2147483647);
        QVERIFY(!s->steps[1].key);
        QCOMPARE(s->steps[1].count, 2147483647);
        QCOMPARE(s->steps[1].timeoutMs, 0);
        QCOMPARE(s->steps[1].headers.value(QStringLiteral("h")), QString());
        QVERIFY(s->steps[2].key && s->steps[2].key->isEmpty());
        QCOMPARE(s->steps[2].value, QStringLiteral("v"));
        QCOMPARE(s->steps[3].partition, 2147483647);
        QCOMPARE(s->steps[3].offset, int64_t(-2));
        QCOMPARE(s->steps[4].offset, std::numeric_limits<int64_t>::max());
        QCOMPARE(*s->steps[5].expectCount, 0);
        QCOMPARE(*s->steps[5].expectPosition, int64_t(0));
        QCOMPARE(*s->steps[5].expectCommitted, std::numeric_limits<int64_t>::max());
    }

    void offsetFieldsAreRead()
    {
        QString error;
        const auto s = parseScenario(R"({"name": "x", "topics": [{"name": "a.b.c-{{run}}", "temporary": true}],
            "actors": {"c": {"type": "consumer", "subscribe": true, "group_id": "g", "enable_auto_commit": true,
                             "auto_commit_interval_ms": 250, "auto_offset_reset": "earliest", "topics": ["a.b.c-{{run}}"]}},
            "steps": [{"actor": "c", "action": "process", "result": "fail", "count": 2},
                      {"actor": "c", "action": "commit", "mode": "async", "scope": "message"},
                      {"action": "expect", "consumer": "c", "deliveries": {"v": 2}, "lost": ["w"], "redelivered": []}]})",
            QStringLiteral("x.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->temporaryTopics, QStringList { "a.b.c-{{run}}" });
        const ScenarioActor& c = s->actors.first();
        QVERIFY(c.subscribe && c.autoCommit);
        QCOMPARE(c.autoCommitIntervalMs, 250);
        QCOMPARE(c.autoOffsetReset, QStringLiteral("earliest"));
        QVERIFY(!s->steps[0].processOk);
        QCOMPARE(s->steps[0].count, 2);
        QVERIFY(s->steps[1].async && s->steps[1].commitMessage);
        QCOMPARE(s->steps[2].expectDeliveries->value(QStringLiteral("v")), 2);
        QCOMPARE(*s->steps[2].expectLost, QStringList { "w" });
        QVERIFY(s->steps[2].expectRedelivered->isEmpty());
    }

    void badFilesAreRejectedWithTheirReason()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString problem = test::refusalProblem(json, expected, true);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "test_scenario.moc"
