// kafkalab-cli under the probes its users apply on a real broker: Ctrl-C and SIGTERM mid-run, a cancelled or
// broken-off produce (what is counted failed must not be in the log; what may be there is "unknown", and what the
// topic gained is checked with kcat), newest:N that counts messages and not offsets (checked against kcat reading
// the whole partition), and offset shifts that saturate instead of wrapping.
#include "kafkacore/client/connectionprofile.h"
#include "testsupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <csignal>

using namespace kafkalab;

class TestCli : public QObject {
    Q_OBJECT
    QString m_bootstrap;

    static QString cli() { return test::builtProgram(QStringLiteral("app/kafkalab-cli")); }
    static QString unique(const QString& base)
    {
        return QStringLiteral("kafkalab.test.%1-%2").arg(base).arg(QDateTime::currentMSecsSinceEpoch());
    }
    // Messages in a topic as kcat reads them from the beginning (by default their values, in offset order per
    // partition; `format` is kcat's -f).
    QList<QByteArray> kcatValues(const QString& topic, const QString& isolation = QStringLiteral("read_committed"),
        const QString& format = QStringLiteral("%s\\n"))
    {
        const test::ProcessResult r = test::run(QStringLiteral("kcat"),
            { "-b", m_bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-X", "isolation.level=" + isolation,
                "-f", format },
            120000);
        if (r.exitCode != 0)
            qWarning("kcat: %s", r.err.constData());
        QList<QByteArray> values = r.out.split('\n');
        if (!values.isEmpty() && values.last().isEmpty())
            values.removeLast();
        return values;
    }
    static QJsonObject lastJsonLine(const QByteArray& out)
    {
        const QList<QByteArray> lines = out.trimmed().split('\n');
        return QJsonDocument::fromJson(lines.last()).object();
    }
    // Waits until the process has written `needle` to stdout (collected into `out`), at most `ms`.
    static bool waitForOutput(QProcess& p, QByteArray& out, const QByteArray& needle, int ms)
    {
        if (!p.waitForStarted(10000))
            return false;
        QElapsedTimer t;
        t.start();
        while (!out.contains(needle) && t.elapsed() < ms && p.state() == QProcess::Running) {
            p.waitForReadyRead(200);
            out += p.readAllStandardOutput();
        }
        return out.contains(needle);
    }

    // Starts a sandbox of its own, runs `args` (plus --bootstrap) against it for 3 s, then kills the sandbox with
    // SIGKILL (its broker goes with it: parent-death signal). `p` is left running, to see what it does next.
    void runWhileTheClusterDies(QProcess& p, const QStringList& args)
    {
        QProcess sandbox;
        sandbox.start(cli(), { "sandbox" });
        QByteArray sandboxOut;
        QVERIFY2(waitForOutput(sandbox, sandboxOut, "bootstrap=", 120000), sandbox.readAllStandardError().constData());
        const QString bootstrap
            = QString::fromUtf8(sandboxOut.mid(sandboxOut.indexOf("bootstrap=") + 10).split('\n').first()).trimmed();
        p.start(cli(), args + QStringList { "--bootstrap", bootstrap });
        QVERIFY(p.waitForStarted());
        QTest::qWait(3000);
        QVERIFY(p.state() == QProcess::Running);
        sandbox.kill();
        sandbox.waitForFinished();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    void scenarioStopsOnSignal_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGINT") << SIGINT;
        QTest::newRow("SIGTERM") << SIGTERM;
    }
    void scenarioStopsOnSignal()
    {
        // A run interrupted in its long wait step ends promptly with exit code 130, and the step that was cut short
        // is not reported as done; the step after it never runs.
        QFETCH(int, signal);
        QTemporaryFile f(QDir::tempPath() + QStringLiteral("/kafkalab-test-XXXXXX.json"));
        QVERIFY(f.open());
        f.write(R"({"name": "interrupt-me", "actors": {"p": {"type": "producer"}}, "steps": [
            {"actor": "p", "action": "send", "topic": "topic1", "value": "before"},
            {"action": "wait", "ms": 60000},
            {"actor": "p", "action": "send", "topic": "topic1", "value": "never"}]})");
        f.flush();
        QProcess p;
        p.start(cli(), { "scenario", "run", f.fileName(), "--bootstrap", m_bootstrap });
        QByteArray out;
        QVERIFY2(waitForOutput(p, out, "\n", 60000), "the first step was never reported");
        QTest::qWait(500);
        QElapsedTimer t;
        t.start();
        ::kill(pid_t(p.processId()), signal);
        QVERIFY2(p.waitForFinished(15000), "still running 15 s after the signal");
        out += p.readAllStandardOutput();
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains("interrupted: 1 of 3 step(s) completed"), err.constData());
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject waitStep = QJsonDocument::fromJson(lines[1]).object();
        QCOMPARE(waitStep.value(QLatin1String("result")).toString(), QStringLiteral("error"));
        QVERIFY2(lines[1].contains("INTERRUPTED"), lines[1].constData());
    }

    void replayStopsOnCtrlC()
    {
        // Interrupted, replay says what it did: in the log are at least the delivered and at most delivered +
        // unknown (checked with kcat); exit code 130; a cancel is not reported as an error.
        const QString topic = unique(QStringLiteral("replay-cancel"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        QTemporaryFile f(QDir::tempPath() + QStringLiteral("/kafkalab-test-XXXXXX.jsonl"));
        QVERIFY(f.open());
        const QByteArray line = QByteArray("{\"key\":\"k\",\"value\":\"") + QByteArray(200, 'v') + "\"}\n";
        for (int i = 0; i < 1000000; ++i)
            f.write(line);
        f.flush();
        QProcess p;
        p.start(cli(), { "replay", "--topic", topic, f.fileName(), "--bootstrap", m_bootstrap });
        QVERIFY(p.waitForStarted());
        // The file is read first; interrupt once messages arrive (the partitions' end offsets, as kcat -Q reads
        // them: "TOPIC [P] offset N" lines).
        auto endOffset = [&] {
            const test::ProcessResult q = test::run(QStringLiteral("kcat"),
                { "-b", m_bootstrap, "-Q", "-t", topic + QStringLiteral(":0:-1"), "-t", topic + QStringLiteral(":1:-1"),
                    "-t", topic + QStringLiteral(":2:-1") });
            qint64 sum = 0;
            for (const QByteArray& l : q.out.split('\n'))
                if (l.contains(" offset "))
                    sum += l.trimmed().split(' ').last().toLongLong();
            return sum;
        };
        QTRY_VERIFY_WITH_TIMEOUT(endOffset() > 0 || p.state() != QProcess::Running, 60000);
        QVERIFY2(p.state() == QProcess::Running, "the replay ended before it could be interrupted");
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(30000), "still running 30 s after Ctrl-C");
        QCOMPARE(p.exitCode(), 130);
        const QJsonObject r = lastJsonLine(p.readAllStandardOutput());
        QVERIFY2(r.value(QLatin1String("cancelled")).toBool(), QJsonDocument(r).toJson().constData());
        const qint64 delivered = r.value(QLatin1String("delivered")).toInteger();
        const qint64 unknown = r.value(QLatin1String("unknown")).toInteger(-1);
        QVERIFY(unknown >= 0);
        const qint64 inLog = kcatValues(topic, QStringLiteral("read_committed"), QStringLiteral("%o\\n")).size();
        QVERIFY2(inLog >= delivered && inLog <= delivered + unknown,
            qPrintable(
                QStringLiteral("in the log %1, delivered %2, unknown %3").arg(inLog).arg(delivered).arg(unknown)));
        QVERIFY2(!p.readAllStandardError().contains("Purged"), "a cancel reported as an error");
    }

    void consumeTailStopsOnCtrlC()
    {
        // A tail never ends by itself: Ctrl-C ends it, with what it read written out and exit code 130.
        QProcess p;
        p.start(cli(), { "consume", "--topic", "topic2", "--from", "tail", "--bootstrap", m_bootstrap });
        QVERIFY(p.waitForStarted());
        QTest::qWait(3000);
        QVERIFY(p.state() == QProcess::Running);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(15000), "still running 15 s after Ctrl-C");
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(p.readAllStandardError().contains("scanned"));
    }

    void deeplyNestedValueThroughTheCliFilter()
    {
        // 60,000 levels of nesting (120 KB): the filter used to crash (SIGSEGV) on it; now such a value is text.
        const QString topic = unique(QStringLiteral("deep"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 1 } }), QString());
        const QByteArray deep = QByteArray(60000, '[') + QByteArray(60000, ']');
        const test::ProcessResult produced = test::run(QStringLiteral("kcat"),
            { "-b", m_bootstrap, "-P", "-t", topic, "-X", "message.max.bytes=1000000" }, 60000,
            deep + "\n{\"a\":\"x\"}\n");
        QVERIFY2(produced.exitCode == 0, produced.err.constData());
        for (const char* filter : { "/0 contains x", "/0 matches x", "/a == x", "value contains x" }) {
            const test::ProcessResult r = test::run(cli(),
                { "consume", "--topic", topic, "--from", "beginning", "--filter", QString::fromLatin1(filter),
                    "--bootstrap", m_bootstrap },
                60000);
            QVERIFY2(r.exitCode == 0,
                qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(filter), QString::fromUtf8(r.err))));
        }
        // Both are read back whole (the export never parses the values).
        const test::ProcessResult all = test::run(
            cli(), { "consume", "--topic", topic, "--from", "beginning", "--bootstrap", m_bootstrap }, 60000);
        KAFKALAB_COMPARE_EXIT(all, 0);
        QCOMPARE(all.out.trimmed().split('\n').size(), 2);
        QVERIFY(all.out.contains(deep));
    }

    void librdkafkaDebugLogOnlyWhenAskedFor()
    {
        const test::ProcessResult quiet = test::run(cli(), { "cluster", "--bootstrap", m_bootstrap });
        KAFKALAB_COMPARE_EXIT(quiet, 0);
        QVERIFY2(!quiet.err.contains("MetadataRequest"), quiet.err.constData());
        const test::ProcessResult traced
            = test::run(cli(), { "cluster", "--bootstrap", m_bootstrap, "-X", "debug=protocol" });
        KAFKALAB_COMPARE_EXIT(traced, 0);
        QVERIFY2(traced.err.contains("Sent MetadataRequest") && traced.err.contains("Received ListOffsetsResponse"),
            traced.err.left(2000).constData());
    }

    void watermarksRightAfterAddingPartitions()
    {
        // New partitions answer NOT_LEADER (LEADER_NOT_AVAILABLE, UNKNOWN_LEADER_EPOCH) for a moment after they are
        // made: the cluster read asks those again instead of showing "?" (an error) for them.
        const QString topic = unique(QStringLiteral("grow"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 1 } }), QString());
        for (const int to : { 30, 60, 90 }) {
            const test::ProcessResult add = test::run(cli(),
                { "topic", "add-partitions", topic, "--to", QString::number(to), "--keys-file", "/dev/null",
                    "--bootstrap", m_bootstrap });
            QVERIFY2(add.exitCode == 0, add.err.constData());
            const test::ProcessResult read = test::run(cli(), { "cluster", "--json", "--bootstrap", m_bootstrap });
            QVERIFY2(read.exitCode == 0, read.err.constData());
            const QJsonArray topics
                = QJsonDocument::fromJson(read.out).object().value(QLatin1String("topics")).toArray();
            for (const QJsonValue& t : topics) {
                if (t.toObject().value(QLatin1String("name")).toString() != topic)
                    continue;
                for (const QJsonValue& p : t.toObject().value(QLatin1String("partitions")).toArray()) {
                    const QJsonObject o = p.toObject();
                    QVERIFY2(!o.contains(QLatin1String("error"))
                            && o.value(QLatin1String("high_watermark")).toInteger(-1) >= 0,
                        QJsonDocument(o).toJson().constData());
                }
            }
        }
    }

    void newestCountsMessagesNotOffsets()
    {
        // A committed transaction, an aborted one and another committed one: offsets 0-8 hold a b c, a marker,
        // the aborted x y, a marker, d and a marker. The newest 3 messages a read_committed reader can see are b c d
        // (offsets 7-9 would give only d, as kcat's -o -3 does).
        const QString topic = unique(QStringLiteral("newest"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 1 } }), QString());
        QTemporaryFile f(QDir::tempPath() + QStringLiteral("/kafkalab-test-XXXXXX.json"));
        QVERIFY(f.open());
        QString steps = QStringLiteral(R"({"actor": "p", "action": "init_transactions"})");
        auto txn = [&](const QStringList& values, const char* end) {
            steps += QStringLiteral(R"(, {"actor": "p", "action": "begin"})");
            for (const QString& v : values)
                steps
                    += QStringLiteral(R"(, {"actor": "p", "action": "send", "topic": "%1", "key": "k", "value": "%2"})")
                           .arg(topic, v);
            steps += QStringLiteral(R"(, {"actor": "p", "action": "%1"})").arg(QLatin1String(end));
        };
        txn({ "a", "b", "c" }, "commit");
        txn({ "x", "y" }, "abort");
        txn({ "d" }, "commit");
        f.write(QStringLiteral(R"({"name": "gaps", "actors": {"p": {"type": "transactional_producer",
            "transactional_id": "%1"}}, "steps": [%2]})")
                    .arg(topic, steps)
                    .toUtf8());
        f.flush();
        const test::ProcessResult ran
            = test::run(cli(), { "scenario", "run", f.fileName(), "--bootstrap", m_bootstrap }, 120000);
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        for (const QString& isolation : { QStringLiteral("read_committed"), QStringLiteral("read_uncommitted") }) {
            QList<QByteArray> all;
            QTRY_VERIFY_WITH_TIMEOUT((all = kcatValues(topic, isolation)).size() >= 4, 30000);
            const QList<QByteArray> expected = all.mid(all.size() - 3);
            const test::ProcessResult r = test::run(cli(),
                { "consume", "--topic", topic, "--from", "newest:3", "--isolation", isolation, "--bootstrap",
                    m_bootstrap });
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QList<QByteArray> got;
            for (const QByteArray& line : r.out.trimmed().split('\n'))
                got.append(QJsonDocument::fromJson(line).object().value(QLatin1String("value")).toString().toUtf8());
            QCOMPARE(got, expected);
        }
        // Asking for more than the partition holds gives all of it.
        const test::ProcessResult r
            = test::run(cli(), { "consume", "--topic", topic, "--from", "newest:50", "--bootstrap", m_bootstrap });
        QCOMPARE(r.out.trimmed().split('\n').size(), 4);
    }

    void cancelledProduceCountsUnknownNotFailed()
    {
        // Cancelled mid-run, messages in flight may have been written: they are "unknown", and what the topic gained
        // (read back with kcat, on a topic nobody else writes) lies between delivered and delivered + unknown.
        const QString topic = unique(QStringLiteral("cancel"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        QProcess p;
        p.start(cli(),
            { "produce", "--topic", topic, "--count", "5000000", "--value-size", "100", "--json", "--bootstrap",
                m_bootstrap });
        QVERIFY(p.waitForStarted());
        QTest::qWait(2500);
        QVERIFY(p.state() == QProcess::Running);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(30000), "still running 30 s after Ctrl-C");
        QCOMPARE(p.exitCode(), 130);
        const QJsonObject r = lastJsonLine(p.readAllStandardOutput());
        QVERIFY2(r.contains(QLatin1String("unknown")), QJsonDocument(r).toJson().constData());
        QCOMPARE(r.value(QLatin1String("cancelled")).toBool(), true);
        const qint64 delivered = r.value(QLatin1String("delivered")).toInteger();
        const qint64 unknown = r.value(QLatin1String("unknown")).toInteger();
        // Counted by offset: the random values may hold newlines.
        const qint64 inLog = kcatValues(topic, QStringLiteral("read_committed"), QStringLiteral("%o\\n")).size();
        QVERIFY(delivered > 0);
        QVERIFY2(inLog >= delivered && inLog <= delivered + unknown,
            qPrintable(
                QStringLiteral("in the log %1, delivered %2, unknown %3").arg(inLog).arg(delivered).arg(unknown)));
        QCOMPARE(r.value(QLatin1String("topic_gained")).toInteger(), inLog);
    }

    void produceStopsWhenTheClusterIsGone()
    {
        // A sandbox of its own, killed (with its broker) mid-run: the producer stops within the delivery timeout
        // instead of queueing millions of messages that can only time out, and says so with its counts.
        QProcess p;
        runWhileTheClusterDies(p, { "produce", "--topic", "orders", "--count", "10000000" });
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(p.waitForFinished(120000), "the producer was still running 120 s after the cluster died");
        const QByteArray out = p.readAllStandardOutput();
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(out.contains("stopped: every broker has been unreachable"), out.constData());
        QVERIFY2(out.contains("delivered") && out.contains("unknown"), out.constData());
        QVERIFY2(err.contains("delivered"), err.constData()); // progress lines came while it ran
    }

    void consumeStopsWhenTheClusterIsGone()
    {
        // A tail on a sandbox of its own, killed with its broker: the read gives up after 30 s without a broker,
        // says why, and exits 1 (it used to wait forever).
        QProcess p;
        runWhileTheClusterDies(p, { "consume", "--topic", "orders", "--from", "tail" });
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(p.waitForFinished(120000), "the read was still waiting 120 s after the cluster died");
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains("no broker has answered for"), err.constData());
    }

    // --profile: a profile saved by the GUI points any command at its cluster with its settings; -X overrides them.
    void profilesSavedInTheGuiWorkHeadless()
    {
        QTemporaryDir config; // the GUI's settings live in XDG_CONFIG_HOME/kafkalab/kafkalab.conf
        QVERIFY(config.isValid());
        const QByteArray before = qgetenv("XDG_CONFIG_HOME");
        qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
        {
            QSettings settings(config.filePath(QStringLiteral("kafkalab/kafkalab.conf")), QSettings::IniFormat);
            ConnectionProfile local;
            local.name = QStringLiteral("local");
            local.bootstrap = m_bootstrap;
            ConnectionProfile scram = local; // SASL to a broker that has none: the handshake must fail
            scram.name = QStringLiteral("scram");
            scram.securityProtocol = QStringLiteral("sasl_plaintext");
            scram.saslMechanism = QStringLiteral("SCRAM-SHA-256");
            scram.username = QStringLiteral("alice");
            ProfileStore::save(settings, { local, scram });
        }
        const auto clusterId = [](const test::ProcessResult& r) {
            return QJsonDocument::fromJson(r.out).object().value(QLatin1String("cluster_id")).toString();
        };
        const test::ProcessResult direct = test::run(cli(), { "cluster", "--bootstrap", m_bootstrap, "--json" });
        KAFKALAB_COMPARE_EXIT(direct, 0);
        const test::ProcessResult viaProfile = test::run(cli(), { "cluster", "--profile", "local", "--json" });
        QVERIFY2(viaProfile.exitCode == 0, viaProfile.err.constData());
        QCOMPARE(clusterId(viaProfile), clusterId(direct));
        QVERIFY(!clusterId(direct).isEmpty());

        test::ProcessResult r = test::run(cli(), { "cluster", "--profile", "scram" });
        KAFKALAB_COMPARE_EXIT(r, 2);
        QVERIFY2(r.err.contains("KAFKALAB_PROFILE_PASSWORD"), r.err.constData());
        qputenv("KAFKALAB_PROFILE_PASSWORD", "secret-pw");
        r = test::run(cli(), { "cluster", "--profile", "scram" });
        QVERIFY2(r.exitCode == 1, r.err.constData());
        QVERIFY2(r.err.contains("SCRAM-SHA-256") && r.err.contains("Authentication failed"), r.err.constData());
        QVERIFY2(!r.err.contains("secret-pw") && !r.out.contains("secret-pw"), r.err.constData());
        r = test::run(cli(), { "cluster", "--profile", "scram", "-X", "security.protocol=plaintext", "--json" });
        QVERIFY2(r.exitCode == 0, r.err.constData()); // -X comes after the profile's settings
        QCOMPARE(clusterId(r), clusterId(direct));
        qunsetenv("KAFKALAB_PROFILE_PASSWORD");

        r = test::run(cli(), { "cluster", "--profile", "nope" });
        KAFKALAB_COMPARE_EXIT(r, 2);
        QVERIFY2(r.err.contains("no profile named 'nope' (saved: local, scram)"), r.err.constData());
        r = test::run(cli(), { "cluster", "--profile", "local", "--bootstrap", m_bootstrap });
        KAFKALAB_COMPARE_EXIT(r, 2);
        if (before.isNull())
            qunsetenv("XDG_CONFIG_HOME");
        else
            qputenv("XDG_CONFIG_HOME", before);
    }

    void shiftSaturates()
    {
        const QString topic = unique(QStringLiteral("shift"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 1 } }), QString());
        const test::ProcessResult produced
            = test::run(cli(), { "produce", "--topic", topic, "--count", "5", "--bootstrap", m_bootstrap });
        QVERIFY2(produced.exitCode == 0, produced.err.constData());
        const QString group = unique(QStringLiteral("shift-group"));
        const test::ProcessResult start = test::run(
            cli(), { "reset-offsets", group, "--topic", topic, "--to", "offset:2", "--bootstrap", m_bootstrap });
        QVERIFY2(start.exitCode == 0, start.err.constData());
        auto newOffset = [&](const QString& to) {
            const test::ProcessResult r = test::run(cli(),
                { "reset-offsets", group, "--topic", topic, "--to", to, "--dry-run", "--bootstrap", m_bootstrap });
            const QList<QByteArray> rows = r.out.split('\n');
            return rows.size() > 1 ? rows[1].simplified().split(' ').last() : QByteArray("none: ") + r.err;
        };
        QCOMPARE(newOffset(QStringLiteral("shift:9223372036854775807")), QByteArray("5"));
        QCOMPARE(newOffset(QStringLiteral("shift:-9223372036854775808")), QByteArray("0"));
        QCOMPARE(newOffset(QStringLiteral("shift:1")), QByteArray("3"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
