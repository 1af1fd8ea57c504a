// Every shipped scenario runs on the fixture broker through kafkalab-cli and all its expectations hold (the
// replication lessons, which need three brokers, the schema lesson, which needs a schema registry, and the
// authorization lesson, which needs SASL and an authorizer, are refused with the reason before any step:
// test_schemalesson and test_authorizationlesson run those two); what the engine reports is cross-checked with Kafka's
// own console consumer in read_committed mode.
#include "kafkacore/sandbox/sandboxsetup.h"
#include "kafkacore/scenarios/scenario.h"
#include "kafkacore/scenarios/scenarioacl.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

using namespace kafkalab;

using Run = test::ScenarioRun;

class TestScenarios : public QObject {
    Q_OBJECT
    QString m_bootstrap;

    Run run(const QString& name)
    {
        return test::runScenario(
            { qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + "/resources/scenarios/" + name + ".json", "--bootstrap",
                m_bootstrap });
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    void everyShippedScenarioHolds()
    {
        const QDir dir(qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios"));
        int refused = 0;
        int needRegistry = 0;
        int secured = 0;
        for (const QString& f : dir.entryList({ QStringLiteral("*.json") })) {
            QString error;
            const std::optional<Scenario> lesson = loadScenario(dir.filePath(f), &error);
            QVERIFY2(lesson, qPrintable(error));
            if (needsSchemaRegistry(*lesson)) {
                // Without --schema-registry (and $KAFKALAB_SCHEMA_REGISTRY): refused before anything runs.
                qunsetenv("KAFKALAB_SCHEMA_REGISTRY");
                const Run r = run(f.chopped(5));
                QCOMPARE(r.exitCode, 1);
                QVERIFY2(r.steps.isEmpty(), qPrintable(f));
                QVERIFY2(r.err.contains("no schema registry: give --schema-registry URL"), r.err.constData());
                ++needRegistry;
                continue;
            }
            if (lesson->brokers > 1) {
                // The replication lessons need three brokers (test_replicationlessons runs them): on the fixture's
                // one they are refused before any step, with the reason.
                const Run r = run(f.chopped(5));
                QCOMPARE(r.exitCode, 1);
                QVERIFY2(r.steps.isEmpty(), qPrintable(f));
                QVERIFY2(
                    r.err.contains(
                        QStringLiteral("needs %1 live brokers and the cluster has 1").arg(lesson->brokers).toUtf8()),
                    r.err.constData());
                ++refused;
                continue;
            }
            if (needsAuthorization(*lesson)) {
                // The authorization lesson needs SASL and an authorizer (test_authorizationlesson runs it on a
                // sasl_plaintext sandbox): on the fixture's plaintext broker it is refused before any step, saying
                // how to start a cluster that can run it.
                const Run r = run(f.chopped(5));
                QCOMPARE(r.exitCode, 1);
                QVERIFY2(r.steps.isEmpty(), qPrintable(f));
                QVERIFY2(r.err.contains("kafkalab-cli sandbox --security sasl_plaintext"), r.err.constData());
                ++secured;
                continue;
            }
            const Run r = run(f.chopped(5));
            QVERIFY2(r.exitCode == 0,
                qPrintable(
                    QStringLiteral("%1: exit %2: %3 / last step: %4")
                        .arg(f)
                        .arg(r.exitCode)
                        .arg(QString::fromUtf8(r.err))
                        .arg(r.steps.isEmpty()
                                ? QString()
                                : QString::fromUtf8(QJsonDocument(r.steps.last()).toJson(QJsonDocument::Compact)))));
            QVERIFY(!r.steps.isEmpty());
            for (const QJsonObject& s : r.steps)
                if (s.contains(QLatin1String("expect")))
                    QCOMPARE(s.value(QLatin1String("result")).toString(), QStringLiteral("ok"));
        }
        QCOMPARE(refused, 4);
        QCOMPARE(needRegistry, 1);
        QCOMPARE(secured, 1);
    }

    void commitShowsLsoBelowHighWatermarkWhileOpenAndJavaAgrees()
    {
        const Run commit = run(QStringLiteral("exactly-once-commit"));
        KAFKALAB_COMPARE_EXIT(commit, 0);
        // After the two sends (step 4) the transaction is open: on the partitions written, LSO < high watermark,
        // and read_committed saw nothing (step 6).
        const QJsonObject afterSends = commit.steps.at(3);
        int held = 0;
        for (const QJsonValue& p : afterSends.value(QLatin1String("partitions")).toArray())
            held += p.toObject().value(QLatin1String("lso")).toInteger()
                < p.toObject().value(QLatin1String("high_watermark")).toInteger();
        QVERIFY(held >= 2);
        QCOMPARE(afterSends.value(QLatin1String("producers"))
                     .toObject()
                     .value(QLatin1String("producer"))
                     .toObject()
                     .value(QLatin1String("state"))
                     .toString(),
            QStringLiteral("in_transaction"));
        QVERIFY(test::seenValues(commit.steps.at(5), QStringLiteral("committed")).isEmpty());
        const QStringList committed = test::seenValues(commit.steps.last(), QStringLiteral("committed"));
        QCOMPARE(committed.size(), 2);

        const Run abort = run(QStringLiteral("exactly-once-abort"));
        KAFKALAB_COMPARE_EXIT(abort, 0);
        const QStringList aborted = test::seenValues(abort.steps.last(), QStringLiteral("uncommitted"));
        QCOMPARE(aborted.size(), 2);

        // Kafka's own console consumer, read_committed, from the beginning of topic1 and topic2.
        QStringList java;
        for (const char* topic : { "topic1", "topic2" }) {
            const test::ProcessResult r
                = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.ConsoleConsumer"),
                    { "--bootstrap-server", m_bootstrap, "--topic", topic, "--from-beginning", "--isolation-level",
                        "read_committed", "--timeout-ms", "8000" });
            java += QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        }
        for (const QString& v : committed)
            QVERIFY2(java.contains(v), qPrintable(v));
        for (const QString& v : aborted)
            QVERIFY2(!java.contains(v), qPrintable(v));
    }

    void fencingNamesTheErrorAndTheSuccessorCommits()
    {
        const Run r = run(QStringLiteral("zombie-fencing"));
        KAFKALAB_COMPARE_EXIT(r, 0);
        const QJsonObject zombieCommit = r.steps.at(4);
        QCOMPARE(zombieCommit.value(QLatin1String("result")).toString(), QStringLiteral("error"));
        QVERIFY(zombieCommit.value(QLatin1String("error"))
                    .toObject()
                    .value(QLatin1String("name"))
                    .toString()
                    .contains(QLatin1String("FENCED")));
        QCOMPARE(zombieCommit.value(QLatin1String("producers"))
                     .toObject()
                     .value(QLatin1String("zombie"))
                     .toObject()
                     .value(QLatin1String("state"))
                     .toString(),
            QStringLiteral("fenced"));
        QCOMPARE(r.steps.at(9).value(QLatin1String("result")).toString(), QStringLiteral("ok")); // successor's commit
    }

    void consumeTransformProduceCommitsTheReadersOffsetsWithTheOutput()
    {
        const Run r = run(QStringLiteral("consume-transform-produce"));
        KAFKALAB_COMPARE_EXIT(r, 0);
        // Before the transaction commits, the reader's group has no committed offsets; after it, the committed
        // offsets equal the positions that send_offsets put into the transaction.
        const QJsonObject beforeCommit = r.steps.at(8);
        const QJsonObject last = r.steps.last();
        const QJsonObject positions
            = last.value(QLatin1String("positions")).toObject().value(QLatin1String("reader")).toObject();
        const QJsonObject committed
            = last.value(QLatin1String("committed")).toObject().value(QLatin1String("reader")).toObject();
        QVERIFY(!positions.isEmpty());
        int advanced = 0;
        for (auto it = positions.begin(); it != positions.end(); ++it) {
            if (it.value().toInteger() < 0)
                continue; // nothing consumed there: no position, nothing sent in the transaction
            QCOMPARE(committed.value(it.key()).toInteger(), it.value().toInteger());
            const qint64 before = beforeCommit.value(QLatin1String("committed"))
                                      .toObject()
                                      .value(QLatin1String("reader"))
                                      .toObject()
                                      .value(it.key())
                                      .toInteger(-1001);
            advanced += before != it.value().toInteger() ? 1 : 0;
        }
        QCOMPARE(advanced, 1); // the one partition the input message was on
    }

    // --junit: one test case per expectation, read back by a parser we did not write (Python's ElementTree): the
    // one made wrong on purpose is a failure whose message is what the run printed for that step, the rest pass.
    void junitReportSaysWhatHeldAndWhatDidNot()
    {
        QFile lesson(qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + "/resources/scenarios/exactly-once-abort.json");
        QVERIFY(lesson.open(QIODevice::ReadOnly));
        QByteArray text = lesson.readAll();
        QCOMPARE(text.count("\"count\": 0"), 1); // the read_committed consumer sees nothing of the aborted batch
        text.replace("\"count\": 0", "\"count\": 5"); // ...which the file now wrongly says it sees 5 of
        QTemporaryDir tmp;
        QFile wrong(tmp.filePath(QStringLiteral("wrong.json")));
        QVERIFY(wrong.open(QIODevice::WriteOnly));
        wrong.write(text);
        wrong.close();
        const QString report = tmp.filePath(QStringLiteral("report.xml"));
        const test::ProcessResult r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "scenario", "run", wrong.fileName(), "--bootstrap", m_bootstrap, "--junit", report }, 180000);
        KAFKALAB_COMPARE_EXIT(r, 1);
        QStringList printed; // "STEP|ok" or "STEP|failed|error text", from the JSON lines
        for (const QByteArray& line : r.out.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (!o.contains(QLatin1String("expect")))
                continue;
            const bool ok = o.value(QLatin1String("result")).toString() == QLatin1String("ok");
            printed.append(
                QStringLiteral("%1|%2")
                    .arg(o.value(QLatin1String("step")).toInt())
                    .arg(ok ? QStringLiteral("ok")
                            : QStringLiteral("failed|")
                                + o.value(QLatin1String("error")).toObject().value(QLatin1String("text")).toString()));
        }
        const test::ProcessResult py = test::run(QStringLiteral("/usr/bin/python3"),
            { "-c",
                "import sys, xml.etree.ElementTree as ET\n"
                "root = ET.parse(sys.argv[1]).getroot()\n"
                "suite = root.find('testsuite')\n"
                "print('suite', suite.get('tests'), suite.get('failures'), suite.get('errors'), suite.get('skipped'))\n"
                "for c in suite.findall('testcase'):\n"
                "    f = c.find('failure')\n"
                "    step = c.get('name').split(':')[0].split(' ')[1]\n"
                "    print(step + '|' + ('ok' if f is None else 'failed|' + f.get('message')))\n",
                report });
        QVERIFY2(py.exitCode == 0, py.err.constData());
        QStringList parsed = QString::fromUtf8(py.out).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(parsed.takeFirst(), QStringLiteral("suite 3 1 0 0"));
        QCOMPARE(parsed, printed);
        QCOMPARE(printed.filter(QRegularExpression(QStringLiteral("^[0-9]+\\|ok$"))).size(), 2);
        QVERIFY2(
            printed.filter(QStringLiteral("failed|expected committed saw 5 messages, but committed saw 0 messages"))
                    .size()
                == 1,
            qPrintable(printed.join(QLatin1Char(' '))));
    }

    void badFileRunsNothing()
    {
        QTemporaryFile f;
        QVERIFY(f.open());
        f.write(
            R"({"name": "x", "actors": {"p": {"type": "producer"}}, "steps": [{"actor": "p", "action": "send", "topic": "topic1", "value": "should-not-be-sent"}, {"actor": "p", "action": "explode"}]})");
        f.flush();
        const test::ProcessResult r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "scenario", "run", f.fileName(), "--bootstrap", m_bootstrap });
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("step 2: unknown step 'explode'"), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestScenarios)
#include "test_scenarios.moc"
