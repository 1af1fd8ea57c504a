// Every field of a scenario file is checked for its type and range before anything runs; a wrong one names the
// file, the field's line and column, the step or actor, and the reason.
#include "kafkacore/scenarios/scenario.h"
#include "tests/support/scenariorefusal.h"

#include <QTest>

using namespace kafkalab;

class TestScenarioFieldTypes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Every field is checked for its type and range: a wrong one is never replaced by a default ("value": 42 sent
    // an empty value, "key": 5 an empty key) and never wraps ("ms": 4294967297 waited 1 ms).
    void fieldsOfTheWrongTypeAreRejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray head = R"({"name": "x", "actors": {"p": {"type": "producer"},
            "t": {"type": "transactional_producer", "transactional_id": "tx"},
            "c": {"type": "consumer", "group_id": "g", "topics": ["t"]}}, "steps": [{"action": "wait", "ms": 1}, )";
        const auto step = [&head](const char* json) { return head + json + "]}"; };
        const QString intMax = QStringLiteral("a whole number from 0 to 2147483647");
        // send
        QTest::newRow("send value number") << step(R"({"actor": "p", "action": "send", "topic": "t", "value": 42})")
                                           << "step 2: 'value' must be a string, got 42";
        QTest::newRow("send value object") << step(R"({"actor": "p", "action": "send", "topic": "t", "value": {}})")
                                           << "step 2: 'value' must be a string, got an object";
        QTest::newRow("send value null") << step(R"({"actor": "p", "action": "send", "topic": "t", "value": null})")
                                         << "step 2: 'value' must be a string, got null";
        QTest::newRow("send key number") << step(
            R"({"actor": "p", "action": "send", "topic": "t", "value": "v", "key": 5})")
                                         << "step 2: 'key' must be a string, got 5";
        QTest::newRow("send topic number") << step(R"({"actor": "p", "action": "send", "topic": 7, "value": "v"})")
                                           << "step 2: 'topic' must be a string, got 7";
        QTest::newRow("send partition text")
            << step(R"({"actor": "p", "action": "send", "topic": "t", "value": "v", "partition": "1"})")
            << "step 2: 'partition' must be " + intMax + ", got the text \"1\"";
        QTest::newRow("send partition wraps")
            << step(R"({"actor": "p", "action": "send", "topic": "t", "value": "v", "partition": 4294967296})")
            << "step 2: 'partition' must be " + intMax + ", got 4294967296";
        QTest::newRow("send partition negative")
            << step(R"({"actor": "p", "action": "send", "topic": "t", "value": "v", "partition": -1})")
            << "step 2: 'partition' must be " + intMax + ", got -1";
        QTest::newRow("send count fraction")
            << step(R"({"actor": "p", "action": "send", "topic": "t", "value": "v", "count": 2.5})")
            << "step 2: 'count' must be a whole number from 1 to 2147483647, got 2.5";
        QTest::newRow("send count zero") << step(
            R"({"actor": "p", "action": "send", "topic": "t", "value": "v", "count": 0})")
                                         << "step 2: 'count' must be a whole number from 1 to 2147483647, got 0";
        QTest::newRow("send headers list")
            << step(R"({"actor": "p", "action": "send", "topic": "t", "value": "v", "headers": ["h"]})")
            << "step 2: 'headers' must be an object of name -> text, got a list";
        QTest::newRow("send header value number")
            << step(R"({"actor": "p", "action": "send", "topic": "t", "value": "v", "headers": {"h": 1}})")
            << "step 2: header 'h' must be a string, got 1";
        QTest::newRow("send timeout wraps")
            << step(R"({"actor": "p", "action": "send", "topic": "t", "value": "v", "timeout_ms": 4294967297})")
            << "step 2: 'timeout_ms' must be " + intMax + ", got 4294967297";
        QTest::newRow("send unknown field")
            << step(R"({"actor": "p", "action": "send", "topic": "t", "vaule": "v"})")
            << "step 2: unknown field 'vaule' (a 'send' step takes action, actor, topic, value, key";
        // every step
        QTest::newRow("action number") << step(R"({"actor": "p", "action": 3})")
                                       << "step 2: 'action' must be a string, got 3";
        QTest::newRow("actor bool") << step(R"({"actor": true, "action": "flush"})")
                                    << "step 2: 'actor' must be a string, got true";
        QTest::newRow("note list") << step(R"({"actor": "p", "action": "flush", "note": ["n"]})")
                                   << "step 2: 'note' must be a string, got a list";
        QTest::newRow("flush unknown field") << step(R"({"actor": "p", "action": "flush", "topic": "t"})")
                                             << "step 2: unknown field 'topic' (a 'flush' step takes action, actor, "
                                                "timeout_ms, note)";
        // wait
        QTest::newRow("wait ms wraps") << step(R"({"action": "wait", "ms": 4294967297})")
                                       << "step 2: 'ms' must be " + intMax + ", got 4294967297";
        QTest::newRow("wait ms negative")
            << step(R"({"action": "wait", "ms": -1})") << "step 2: 'ms' must be " + intMax + ", got -1";
        QTest::newRow("wait ms fraction")
            << step(R"({"action": "wait", "ms": 1.5})") << "step 2: 'ms' must be " + intMax + ", got 1.5";
        QTest::newRow("wait ms text") << step(R"({"action": "wait", "ms": "100"})")
                                      << "step 2: 'ms' must be " + intMax + ", got the text \"100\"";
        QTest::newRow("wait ms huge") << step(R"({"action": "wait", "ms": 18446744073709551615})")
                                      << "step 2: 'ms' must be " + intMax + ", got 18446744073709551615";
        QTest::newRow("wait actor") << step(R"({"action": "wait", "ms": 1, "actor": "p"})")
                                    << "step 2: unknown field 'actor' (a 'wait' step takes action, ms, note)";
        // poll, process, commit, seek, send_offsets
        QTest::newRow("poll max zero") << step(R"({"actor": "c", "action": "poll", "max": 0})")
                                       << "step 2: 'max' must be a whole number from 1 to 2147483647, got 0";
        QTest::newRow("poll timeout text") << step(R"({"actor": "c", "action": "poll", "timeout_ms": "5s"})")
                                           << "step 2: 'timeout_ms' must be " + intMax + ", got the text \"5s\"";
        QTest::newRow("process result number") << step(R"({"actor": "c", "action": "process", "result": 1})")
                                               << "step 2: 'result' must be a string, got 1";
        QTest::newRow("process count wraps") << step(R"({"actor": "c", "action": "process", "count": 4294967297})")
                                             << "step 2: 'count' must be a whole number from 1 to 2147483647";
        QTest::newRow("commit mode bool") << step(R"({"actor": "c", "action": "commit", "mode": true})")
                                          << "step 2: 'mode' must be a string, got true";
        QTest::newRow("commit scope number")
            << step(R"({"actor": "c", "action": "commit", "scope": 1})") << "step 2: 'scope' must be a string, got 1";
        QTest::newRow("seek offset text")
            << step(R"({"actor": "c", "action": "seek", "topic": "t", "partition": 0, "offset": "5"})")
            << "step 2: 'offset' must be a whole number, -2 or more, got the text \"5\"";
        QTest::newRow("seek offset below -2")
            << step(R"({"actor": "c", "action": "seek", "topic": "t", "partition": 0, "offset": -3})")
            << "step 2: 'offset' must be a whole number, -2 or more, got -3";
        QTest::newRow("seek offset beyond int64")
            << step(R"({"actor": "c", "action": "seek", "topic": "t", "partition": 0, "offset": 9223372036854775808})")
            << "step 2: 'offset' must be a whole number, -2 or more, got 9223372036854775808";
        QTest::newRow("seek partition text")
            << step(R"({"actor": "c", "action": "seek", "topic": "t", "partition": "0", "offset": 5})")
            << "step 2: 'partition' must be " + intMax + ", got the text \"0\"";
        QTest::newRow("send_offsets consumer number")
            << step(R"({"actor": "t", "action": "send_offsets", "consumer": 1})")
            << "step 2: 'consumer' must be a string, got 1";
        // expect
        QTest::newRow("expect values not a list") << step(R"({"action": "expect", "consumer": "c", "values": "a"})")
                                                  << "step 2: 'values' must be a list of strings, got the text \"a\"";
        QTest::newRow("expect values item") << step(R"({"action": "expect", "consumer": "c", "values": ["a", 2]})")
                                            << "step 2: 'values' item 2 must be a string, got 2";
        QTest::newRow("expect redelivered item")
            << step(R"({"action": "expect", "consumer": "c", "redelivered": [null]})")
            << "step 2: 'redelivered' item 1 must be a string, got null";
        QTest::newRow("expect lost not a list") << step(R"({"action": "expect", "consumer": "c", "lost": {}})")
                                                << "step 2: 'lost' must be a list of strings, got an object";
        QTest::newRow("expect count text") << step(R"({"action": "expect", "consumer": "c", "count": "3"})")
                                           << "step 2: 'count' must be " + intMax + ", got the text \"3\"";
        QTest::newRow("expect count negative") << step(R"({"action": "expect", "consumer": "c", "count": -1})")
                                               << "step 2: 'count' must be " + intMax + ", got -1";
        QTest::newRow("expect count wraps") << step(R"({"action": "expect", "consumer": "c", "count": 4294967296})")
                                            << "step 2: 'count' must be " + intMax + ", got 4294967296";
        QTest::newRow("expect error number")
            << step(R"({"action": "expect", "actor": "t", "error": 5})") << "step 2: 'error' must be a string, got 5";
        QTest::newRow("expect state bool") << step(R"({"action": "expect", "actor": "t", "state": false})")
                                           << "step 2: 'state' must be a string, got false";
        // States are parsed once, against the actor's type.
        QTest::newRow("expect unknown producer state")
            << step(R"({"action": "expect", "actor": "t", "state": "running"})")
            << "step 2: unknown state 'running' for 't' (it can be: uninitialised, ready, in_transaction";
        QTest::newRow("expect unknown consumer state")
            << step(R"({"action": "expect", "actor": "c", "state": "fenced"})")
            << "step 2: unknown state 'fenced' for 'c' (it can be: running, crashed, closed)";
        QTest::newRow("expect state of a plain producer")
            << step(R"({"action": "expect", "actor": "p", "state": "ready"})")
            << "step 2: 'state' is about a transactional producer or a consumer; 'p' is neither";
        QTest::newRow("expect consumer number") << step(R"({"action": "expect", "consumer": 1, "count": 1})")
                                                << "step 2: 'consumer' must be a string, got 1";
        QTest::newRow("expect position text")
            << step(R"({"action": "expect", "consumer": "c", "position": "3", "topic": "t", "partition": 0})")
            << "step 2: 'position' must be a whole number, 0 or more, got the text \"3\"";
        QTest::newRow("expect committed negative")
            << step(R"({"action": "expect", "consumer": "c", "committed": -1, "topic": "t", "partition": 0})")
            << "step 2: 'committed' must be a whole number, 0 or more, got -1";
        QTest::newRow("expect topic number")
            << step(R"({"action": "expect", "consumer": "c", "committed": 1, "topic": 1, "partition": 0})")
            << "step 2: 'topic' must be a string, got 1";
        QTest::newRow("expect partition fraction")
            << step(R"({"action": "expect", "consumer": "c", "committed": 1, "topic": "t", "partition": 0.5})")
            << "step 2: 'partition' must be " + intMax + ", got 0.5";
        QTest::newRow("expect deliveries count text")
            << step(R"({"action": "expect", "consumer": "c", "deliveries": {"v": "2"}})")
            << "step 2: 'deliveries' of 'v' must be " + intMax + ", got the text \"2\"";
        QTest::newRow("expect deliveries count wraps")
            << step(R"({"action": "expect", "consumer": "c", "deliveries": {"v": 4294967298}})")
            << "step 2: 'deliveries' of 'v' must be " + intMax + ", got 4294967298";
        QTest::newRow("expect unknown field")
            << step(R"({"action": "expect", "consumer": "c", "vaules": ["a"]})") << "step 2: unknown field 'vaules'";
        // the top level, topics and actors
        QTest::newRow("name number") << QByteArray(R"({"name": 5, "actors": {}, "steps": []})")
                                     << "'name' must be a string, got 5";
        QTest::newRow("description list") << QByteArray(R"({"name": "x", "description": [], "steps": []})")
                                          << "'description' must be a string, got a list";
        QTest::newRow("unknown top-level field") << QByteArray(R"({"name": "x", "step": []})")
                                                 << "unknown field 'step' (a scenario takes name, "
                                                    "description, brokers, topics, actors, steps, title, teaches, "
                                                    "duration_s, slides)";
        const auto withTopic = [](const char* topic) {
            return QByteArray(R"({"name": "x", "topics": [{"name": "a"}, )") + topic
                + R"(], "actors": {"p": {"type": "producer"}}, "steps": [{"action": "wait", "ms": 1}]})";
        };
        QTest::newRow("topic name number") << withTopic(R"({"name": 1})") << "topic 2: 'name' must be a string, got 1";
        QTest::newRow("topic partitions text")
            << withTopic(R"({"name": "b", "partitions": "3"})")
            << "topic 2: 'partitions' must be a whole number from 1 to 2147483647, got the text \"3\"";
        QTest::newRow("topic partitions wraps")
            << withTopic(R"({"name": "b", "partitions": 4294967297})")
            << "topic 2: 'partitions' must be a whole number from 1 to 2147483647, got 4294967297";
        QTest::newRow("topic temporary text") << withTopic(R"({"name": "b", "temporary": "yes"})")
                                              << "topic 2: 'temporary' must be true or false, got the text \"yes\"";
        QTest::newRow("topic not an object") << withTopic(R"("b")") << "topic 2: a topic must be an object";
        QTest::newRow("topic unknown field")
            << withTopic(R"({"name": "b", "replicas": 3})") << "topic 2: unknown field 'replicas'";
        const auto withActor = [](const char* actor) {
            return QByteArray(R"({"name": "x", "actors": {"a": )") + actor
                + R"(}, "steps": [{"action": "wait", "ms": 1}]})";
        };
        QTest::newRow("actor type number")
            << withActor(R"({"type": 1})") << "actor 'a': 'type' must be a string, got 1";
        QTest::newRow("actor not an object") << withActor(R"("producer")") << "actor 'a': an actor must be an object";
        QTest::newRow("transactional_id number")
            << withActor(R"({"type": "transactional_producer", "transactional_id": 1})")
            << "actor 'a': 'transactional_id' must be a string, got 1";
        QTest::newRow("transaction_timeout_ms wraps")
            << withActor(R"({"type": "transactional_producer", "transactional_id": "t",
                             "transaction_timeout_ms": 4294968296})")
            << "actor 'a': 'transaction_timeout_ms' must be a whole number from 1000 to 2147483647, got 4294968296";
        QTest::newRow("producer unknown field") << withActor(R"({"type": "producer", "acks": "all"})")
                                                << "actor 'a': unknown field 'acks' (a producer takes type, as_user)";
        QTest::newRow("consumer topics item") << withActor(R"({"type": "consumer", "topics": ["t", 1]})")
                                              << "actor 'a': 'topics' item 2 must be a string, got 1";
        QTest::newRow("consumer group_id number")
            << withActor(R"({"type": "consumer", "group_id": 7, "topics": ["t"]})")
            << "actor 'a': 'group_id' must be a string, got 7";
        QTest::newRow("consumer isolation number")
            << withActor(R"({"type": "consumer", "isolation": 1, "topics": ["t"]})")
            << "actor 'a': 'isolation' must be a string, got 1";
        QTest::newRow("consumer subscribe text")
            << withActor(R"({"type": "consumer", "group_id": "g", "subscribe": "true", "topics": ["t"]})")
            << "actor 'a': 'subscribe' must be true or false, got the text \"true\"";
        QTest::newRow("consumer enable_auto_commit number")
            << withActor(R"({"type": "consumer", "group_id": "g", "enable_auto_commit": 1, "topics": ["t"]})")
            << "actor 'a': 'enable_auto_commit' must be true or false, got 1";
        QTest::newRow("consumer auto_commit_interval_ms negative")
            << withActor(R"({"type": "consumer", "group_id": "g", "auto_commit_interval_ms": -5, "topics": ["t"]})")
            << "actor 'a': 'auto_commit_interval_ms' must be a whole number from 0 to 86400000, got -5";
        QTest::newRow("consumer auto_offset_reset number")
            << withActor(R"({"type": "consumer", "auto_offset_reset": 0, "topics": ["t"]})")
            << "actor 'a': 'auto_offset_reset' must be a string, got 0";
        QTest::newRow("consumer session_timeout_ms wraps")
            << withActor(R"({"type": "consumer", "session_timeout_ms": 4294973296, "topics": ["t"]})")
            << "actor 'a': 'session_timeout_ms' must be a whole number from 1 to 3600000, got 4294973296";
        QTest::newRow("consumer unknown field") << withActor(R"({"type": "consumer", "group": "g", "topics": ["t"]})")
                                                << "actor 'a': unknown field 'group' (a consumer takes type, isolation";
    }
    void fieldsOfTheWrongTypeAreRejected()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString problem = test::refusalProblem(json, expected);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestScenarioFieldTypes)
#include "test_scenariofieldtypes.moc"
