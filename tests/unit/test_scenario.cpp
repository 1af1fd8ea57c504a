// Scenario files are checked whole before anything runs; each mistake names the file, the step and the reason.
#include "scenario.h"

#include <QDir>
#include <QTest>

using namespace kafkalab;

class TestScenario : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shippedScenariosParse()
    {
        const QDir dir(qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios"));
        const QStringList files = dir.entryList({ QStringLiteral("*.json") });
        QCOMPARE(files.size(), 9);
        for (const QString& f : files) {
            QString error;
            const auto s = loadScenario(dir.filePath(f), &error);
            QVERIFY2(s, qPrintable(error));
            QCOMPARE(s->name + QStringLiteral(".json"), f);
            bool hasExpect = false;
            for (const ScenarioStep& st : s->steps)
                hasExpect |= st.action == QLatin1String("expect");
            QVERIFY2(hasExpect, qPrintable(f));
        }
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
                                    << "wrong type";
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
                                       << "'count' must be at least 1";
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
        QString error;
        QVERIFY(!parseScenario(json, QStringLiteral("lesson.json"), &error));
        QVERIFY2(error.startsWith(QLatin1String("lesson.json: ")), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "test_scenario.moc"
