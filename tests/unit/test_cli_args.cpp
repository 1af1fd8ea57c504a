// Every kafkalab-cli command, as a careless user meets it: unknown options, typos, stray arguments, values of the
// wrong type or out of range and --help are answered with a clear message and exit code 2 before anything runs.
// No broker: every refusal here must come before the command would need one.
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

class TestCliArgs : public QObject {
    Q_OBJECT

    static QString cli() { return test::builtProgram(QStringLiteral("app/kafkalab-cli")); }
    // A cluster that is never reached: a refusal must come first (a command that tried would wait for it).
    static QStringList nowhere() { return { "--bootstrap", "127.0.0.1:1" }; }

    // Every command the overview lists ("  NAME SYNOPSIS" lines), e.g. "topic create".
    static QStringList commands()
    {
        const test::ProcessResult r = test::run(cli(), { "--help" });
        QStringList names;
        static const QRegularExpression line(QStringLiteral("^  ([a-z-]+(?: [a-z][a-z-]*)?) "));
        for (const QString& l : QString::fromUtf8(r.out).split(QLatin1Char('\n'))) {
            const auto m = line.match(l);
            if (m.hasMatch())
                names.append(m.captured(1));
        }
        return names;
    }

    static void expectRefused(const QStringList& args, const QString& mentions)
    {
        const test::ProcessResult r = test::run(cli(), args, 20000);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(r.exitCode == 2,
            qPrintable(
                QStringLiteral("%1: exit %2, stderr: %3").arg(args.join(QLatin1Char(' '))).arg(r.exitCode).arg(err)));
        QVERIFY2(err.contains(mentions), qPrintable(QStringLiteral("%1: %2").arg(args.join(QLatin1Char(' ')), err)));
        QVERIFY2(r.out.isEmpty(), qPrintable(QString::fromUtf8(r.out)));
    }

private Q_SLOTS:
    // `scenario validate` needs no cluster: every shipped lesson is fine, and a bad file's mistake comes with its
    // FILE:LINE:COLUMN; an unreadable one says so; the exit code is 1 when any file is bad.
    void scenarioValidate()
    {
        const QString dir = qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios");
        const QStringList lessons = QDir(dir).entryList({ QStringLiteral("*.json") });
        QVERIFY(!lessons.isEmpty());
        QStringList args { "scenario", "validate" };
        for (const QString& f : lessons)
            args.append(dir + QLatin1Char('/') + f);
        test::ProcessResult r = test::run(cli(), args);
        KAFKALAB_COMPARE_EXIT(r, 0);
        QCOMPARE(r.out.count(": ok: "), lessons.size());
        QVERIFY(r.err.isEmpty());

        QTemporaryDir tmp;
        const QString bad = tmp.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"name\": \"x\",\n \"actors\": {\"p\": {\"type\": \"producer\"}},\n \"steps\": [\n"
                "  {\"actor\": \"p\", \"action\": \"send\", \"topic\": \"t\", \"value\": \"v\",\n   \"count\": 0}]}\n");
        f.close();
        r = test::run(cli(),
            { "scenario", "validate", dir + QLatin1Char('/') + lessons.first(), bad, tmp.filePath("gone.json") });
        KAFKALAB_COMPARE_EXIT(r, 1);
        QCOMPARE(r.out.count(": ok: "), 1);
        QVERIFY2(
            r.err.contains(bad.toUtf8() + ":5:13: step 1: 'count' must be a whole number from 1"), r.err.constData());
        QVERIFY2(r.err.contains("gone.json: cannot read"), r.err.constData());
    }

    // --junit is checked before anything runs (a run is not repeated for its report).
    void scenarioJunitPathIsCheckedFirst()
    {
        const QString lesson = qEnvironmentVariable("KAFKALAB_SOURCE_DIR")
            + QStringLiteral("/resources/scenarios/exactly-once-abort.json");
        QTemporaryDir tmp;
        expectRefused(QStringList { "scenario", "run", "--junit", tmp.path(), lesson } + nowhere(), "is a directory");
        expectRefused(QStringList { "scenario", "run", "--junit", tmp.filePath("no/such/r.xml"), lesson } + nowhere(),
            "does not exist");
        expectRefused(
            QStringList { "scenario", "run", "--junit", "", lesson } + nowhere(), "--junit needs a file name");
        QVERIFY(QDir(tmp.path()).isEmpty());
    }

    void everyCommandIsListed()
    {
        const QStringList names = commands();
        for (const char* c : { "sandbox", "cluster", "predict", "produce", "groups", "group", "reset-offsets",
                 "scenario run", "scenario list", "consume", "replay", "lint-topics", "topic create", "topic configs",
                 "topic set", "topic reset", "topic add-partitions", "topic delete-records", "topic delete", "broker",
                 "acls", "acl add", "acl delete", "acl access", "users", "user add", "user delete", "schemas",
                 "schema show", "schema check", "schema register", "schema delete", "schema compatibility" })
            QVERIFY2(names.contains(QString::fromLatin1(c)), c);
    }

    void helpOnEveryCommand()
    {
        for (const QString& c : commands()) {
            const test::ProcessResult r = test::run(cli(), c.split(QLatin1Char(' ')) + QStringList { "--help" });
            QVERIFY2(r.exitCode == 0, qPrintable(c + QStringLiteral(": ") + QString::fromUtf8(r.err)));
            QVERIFY2(r.out.startsWith(("usage: kafkalab-cli " + c).toUtf8()), qPrintable(QString::fromUtf8(r.out)));
        }
    }

    // Without --bootstrap: the refusal comes before any sandbox would start (a command that got past it would hit
    // expectRefused's time limit).
    void unknownOptionOnEveryCommand()
    {
        for (const QString& c : commands())
            expectRefused(c.split(QLatin1Char(' ')) + QStringList { "--no-such-option" },
                QStringLiteral("unknown option '--no-such-option'"));
    }

    void strayArgumentOnEveryCommand()
    {
        // Enough positionals for any command, and then one too many.
        for (const QString& c : commands()) {
            if (c == QLatin1String("predict") || c == QLatin1String("scenario validate"))
                continue; // take any number of keys, any number of files
            expectRefused(c.split(QLatin1Char(' ')) + QStringList { "a1", "a2", "a3", "stray" },
                QStringLiteral("unexpected argument"));
        }
    }

    // ACLs and SCRAM users: each mistake named with its option before a cluster is asked (test_acls has the rest).
    void securityCommandsRefuseBadInput()
    {
        const QStringList acl { "acl", "add", "--resource-type", "topic", "--resource", "t", "--operation", "Read" };
        expectRefused(acl + QStringList { "--principal", "alice" } + nowhere(),
            QStringLiteral("--principal: 'alice' is not a principal: write User:alice"));
        expectRefused(QStringList { "acl", "add", "--resource-type", "topic", "--resource", "t", "--principal",
                          "User:alice", "--operation", "Reed" }
                + nowhere(),
            QStringLiteral("--operation: unknown operation 'Reed'"));
        expectRefused(QStringList { "acls", "--pattern", "glob" } + nowhere(), QStringLiteral("unknown pattern type"));
        expectRefused(QStringList { "acl", "delete" } + nowhere(), QStringLiteral("name what to delete"));
        expectRefused(QStringList { "acl", "access", "alice" } + nowhere(), QStringLiteral("User:alice"));
        expectRefused(
            QStringList { "user", "add", "erin", "--mechanism", "SCRAM-SHA-256", "--iterations", "100" } + nowhere(),
            QStringLiteral("--iterations"));
        expectRefused(QStringList { "user", "add", "erin", "--mechanism", "PLAIN" } + nowhere(),
            QStringLiteral("not SCRAM-SHA-256 or SCRAM-SHA-512"));
        expectRefused(QStringList { "user", "add", "erin", "--password", "x" } + nowhere(),
            QStringLiteral("unknown option '--password'"));
    }

    // Schema registry commands: each mistake named before the registry is asked (test_schemaadmin has the rest).
    void schemaCommandsRefuseBadInput()
    {
        const QStringList registry { "--schema-registry", "http://127.0.0.1:1" };
        expectRefused(QStringList { "schemas", "--schema-registry", "ftp://example" },
            QStringLiteral("takes an http:// or https:// URL"));
        expectRefused(QStringList { "schema", "check", "s" } + registry, QStringLiteral("--file F is required"));
        expectRefused(QStringList { "schema", "register", "s", "--file", "x.avsc", "--type", "XML" } + registry,
            QStringLiteral("--type takes AVRO, PROTOBUF or JSON, not 'XML'"));
        expectRefused(QStringList { "schema", "show", "s", "--version", "0" } + registry, QStringLiteral("--version"));
        expectRefused(
            QStringList { "schema", "delete", "s", "--version", "two" } + registry, QStringLiteral("--version"));
        expectRefused(QStringList { "schema", "compatibility", "--set", "SIDEWAYS" } + registry,
            QStringLiteral("--set takes one of NONE, BACKWARD"));
        expectRefused(QStringList { "schema", "register", "s", "--file", "/no/such/file.avsc" } + registry,
            QStringLiteral("--file /no/such/file.avsc"));
    }

    void typosFromTheField()
    {
        // Each of these used to be ignored: the command then did something else than asked.
        expectRefused(QStringList { "reset-offsets", "g", "--topic", "t", "--to", "earliest", "--dryrun" } + nowhere(),
            QStringLiteral("did you mean --dry-run?"));
        expectRefused(QStringList { "topic", "create", "t", "--partition", "12" } + nowhere(),
            QStringLiteral("did you mean --partitions?"));
        expectRefused(QStringList { "consume", "--topic", "t", "--form", "beginning" } + nowhere(),
            QStringLiteral("did you mean --from?"));
        expectRefused(QStringList { "replay", "--topic", "t", "--keep-partition", "f.jsonl" } + nowhere(),
            QStringLiteral("did you mean --keep-partitions?"));
    }

    void schemaOptions()
    {
        const QStringList consume = QStringList { "consume", "--topic", "t" } + nowhere();
        qunsetenv("KAFKALAB_SCHEMA_REGISTRY");
        expectRefused(
            consume + QStringList { "--decode" }, QStringLiteral("no schema registry: give --schema-registry"));
        expectRefused(consume + QStringList { "--schema-registry", "http://127.0.0.1:1" },
            QStringLiteral("--schema-registry goes with --decode"));
        expectRefused(consume + QStringList { "--decode", "--schema-registry", "ftp://h" },
            QStringLiteral("takes an http:// or https:// URL"));
        expectRefused(consume
                + QStringList { "--decode", "--schema-registry", "http://h", "--registry-user", "u", "--registry-token",
                    "t" },
            QStringLiteral("exclude each other"));
        expectRefused(
            consume + QStringList { "--decode", "--schema-registry", "http://h", "--registry-ca", "/no/such" },
            QStringLiteral("--registry-ca /no/such: no such readable file"));
        const QStringList produce { "produce", "--topic", "t", "--bootstrap", "127.0.0.1:1" };
        expectRefused(produce + QStringList { "--value-subject", "s" }, QStringLiteral("needs --value-template"));
        expectRefused(produce + QStringList { "--value-version", "2" }, QStringLiteral("goes with --value-subject"));
        expectRefused(produce
                + QStringList { "--value-subject", "s", "--value-template", "{}", "--value-version", "0",
                    "--schema-registry", "http://127.0.0.1:1" },
            QStringLiteral("--value-version: 0 is out of range"));
        // A registry that is not there: said before anything is sent, exit code 1.
        const test::ProcessResult down = test::run(cli(),
            produce
                + QStringList { "--value-subject", "s", "--value-template", "{}", "--schema-registry",
                    "http://127.0.0.1:1" },
            30000);
        KAFKALAB_COMPARE_EXIT(down, 1);
        QVERIFY2(
            down.err.contains("the schema registry at http://127.0.0.1:1 cannot be reached"), down.err.constData());

        // replay of a decoded export (values with schema ids) needs a registry; a line that says it was decoded but
        // has no schema id is a bad line.
        QTemporaryDir dir;
        QFile decoded(dir.filePath(QStringLiteral("decoded.jsonl")));
        QVERIFY(decoded.open(QIODevice::WriteOnly));
        decoded.write("{\"value\": {\"id\": 1}, \"value_schema_id\": 3, \"value_schema_type\": \"AVRO\"}\n");
        decoded.close();
        const QStringList replay = QStringList { "replay", "--topic", "t" } + nowhere();
        expectRefused(replay + QStringList { decoded.fileName() }, QStringLiteral("exported decoded"));
        expectRefused(replay + QStringList { "--schema-registry", "ftp://h", decoded.fileName() },
            QStringLiteral("takes an http:// or https:// URL"));
        QFile noId(dir.filePath(QStringLiteral("noid.jsonl")));
        QVERIFY(noId.open(QIODevice::WriteOnly));
        noId.write("{\"value\": {\"id\": 1}, \"value_schema_type\": \"AVRO\"}\n");
        noId.close();
        const test::ProcessResult bad = test::run(cli(), replay + QStringList { noId.fileName() }, 20000);
        KAFKALAB_COMPARE_EXIT(bad, 1);
        QVERIFY2(bad.err.contains(":1: 'value_schema_type' says the value was exported decoded, but 'value_schema_id' "
                                  "is not a schema id"),
            bad.err.constData());
    }

    void numbersAreReadStrictly()
    {
        const QStringList produce { "produce", "--topic", "t", "--bootstrap", "127.0.0.1:1" };
        expectRefused(
            produce + QStringList { "--linger-ms", "abc" }, QStringLiteral("--linger-ms: 'abc' is not a whole number"));
        expectRefused(produce + QStringList { "--rate", "nan" }, QStringLiteral("--rate: 'nan' is not a number"));
        expectRefused(produce + QStringList { "--rate", "inf" }, QStringLiteral("--rate"));
        expectRefused(produce + QStringList { "--idempotence", "maybe" }, QStringLiteral("neither true nor false"));
        expectRefused(produce + QStringList { "--count", "0" }, QStringLiteral("--count: 0 is out of range"));
        expectRefused(produce + QStringList { "--count", "1e3" }, QStringLiteral("not a whole number"));
        expectRefused(produce + QStringList { "--acks", "2" }, QStringLiteral("--acks"));
        expectRefused(QStringList { "topic", "create", "t", "--partitions", "abc" } + nowhere(),
            QStringLiteral("--partitions: 'abc' is not a whole number"));
        expectRefused(QStringList { "topic", "create", "t" } + nowhere(), QStringLiteral("--partitions is required"));
        expectRefused(QStringList { "consume", "--topic", "t", "--from", "newest:-5" } + nowhere(),
            QStringLiteral("--from newest: -5 is out of range"));
        expectRefused(QStringList { "consume", "--topic", "t", "--from", "offset:x" } + nowhere(),
            QStringLiteral("not a whole number"));
        expectRefused(QStringList { "consume", "--topic", "t", "--from", "beginning:5" } + nowhere(),
            QStringLiteral("--from takes"));
        expectRefused(QStringList { "consume", "--topic", "t", "--partitions", "0,,1" } + nowhere(),
            QStringLiteral("--partitions"));
        expectRefused({ "predict", "--partitions", "99999999999", "k" }, QStringLiteral("out of range (1 to 1000000)"));
        expectRefused({ "sandbox", "--port", "70000" }, QStringLiteral("--port: 70000 is out of range"));
        expectRefused({ "sandbox", "--brokers", "2" }, QStringLiteral("--brokers: the sandbox runs 1 broker or 3"));
        expectRefused({ "sandbox", "--brokers", "x" }, QStringLiteral("--brokers: 'x' is not a whole number"));
        expectRefused({ "sandbox", "--combined-quorum" }, QStringLiteral("--combined-quorum needs --brokers 3"));
        expectRefused({ "broker", "explode", "1" }, QStringLiteral("unknown broker action 'explode'"));
        expectRefused({ "broker", "kill", "x" }, QStringLiteral("broker id: 'x' is not a whole number"));
        expectRefused({ "broker", "kill" }, QStringLiteral("missing argument"));
        expectRefused({ "broker", "kill", "1", "--timeout", "0" }, QStringLiteral("--timeout: 0 is out of range"));
        expectRefused(QStringList { "topic", "add-partitions", "t", "--to", "x" } + nowhere(),
            QStringLiteral("--to: 'x' is not a whole number"));
    }

    // The commands that talk to a cluster through an admin client take the user's timeout, read strictly.
    void timeoutsAreReadStrictly()
    {
        for (const QStringList& command :
            { QStringList { "cluster" }, QStringList { "groups" }, QStringList { "group", "g" },
                QStringList { "reset-offsets", "g", "--topic", "t", "--to", "latest" }, QStringList { "lint-topics" },
                QStringList { "topic", "configs", "t" }, QStringList { "topic", "create", "t", "--partitions", "1" },
                QStringList { "topic", "delete", "t", "--confirm", "t" } }) {
            expectRefused(command + QStringList { "--timeout", "abc" } + nowhere(),
                QStringLiteral("--timeout: 'abc' is not a number"));
            expectRefused(command + QStringList { "--timeout", "-1" } + nowhere(),
                QStringLiteral("--timeout: -1 is out of range"));
            expectRefused(command + QStringList { "--timeout", "0" } + nowhere(),
                QStringLiteral("--timeout: 0 must be more than 0 seconds"));
            expectRefused(command + QStringList { "--timeout", "nan" } + nowhere(), QStringLiteral("--timeout"));
            expectRefused(command + QStringList { "--timeout", "7200" } + nowhere(),
                QStringLiteral("--timeout: 7200 is out of range"));
        }
    }

    void brokerHeapIsReadStrictly()
    {
        expectRefused({ "sandbox", "--broker-heap", "1" }, QStringLiteral("--broker-heap: '1' is not a heap size"));
        expectRefused({ "sandbox", "--broker-heap", "1.5g" }, QStringLiteral("is not a heap size"));
        expectRefused({ "sandbox", "--broker-heap", "128m" }, QStringLiteral("--broker-heap: 128m is too small"));
        expectRefused({ "sandbox", "--broker-heap", "9999g" }, QStringLiteral("more than this machine's memory"));
        expectRefused({ "sandbox", "--broker-heap", "-1g" }, QStringLiteral("is not a heap size"));
    }

    void securityIsChecked()
    {
        expectRefused({ "sandbox", "--security", "tls" },
            QStringLiteral("--security: unknown protocol 'tls' (plaintext, sasl_plaintext, sasl_ssl or ssl)"));
        expectRefused({ "sandbox", "--security" }, QStringLiteral("--security"));
        expectRefused({ "connect-test" }, QStringLiteral("name the cluster to test"));
        expectRefused({ "connect-test", "--bootstrap", "127.0.0.1:1", "-X", "security.protocol=tls" },
            QStringLiteral("security.protocol"));
        expectRefused({ "connect-test", "--bootstrap", "127.0.0.1:1", "--timeout", "0" }, QStringLiteral("--timeout"));
    }

    void idempotenceWordsMeanWhatTheySay()
    {
        // "no" used to mean true. librdkafka refuses idempotence with acks=1 when the producer is made (before any
        // connection), so that pair proves which value was taken.
        const QStringList produce { "produce", "--topic", "t", "--bootstrap", "127.0.0.1:1", "--acks", "1" };
        const test::ProcessResult yes = test::run(cli(), produce + QStringList { "--idempotence", "yes" }, 30000);
        KAFKALAB_COMPARE_EXIT(yes, 1);
        QVERIFY2(yes.err.contains("idempotence"), yes.err.constData());
        const test::ProcessResult no = test::run(cli(), produce + QStringList { "--idempotence", "no" }, 30000);
        KAFKALAB_COMPARE_EXIT(no, 1); // accepted; then the cluster is not there
        QVERIFY2(!no.err.contains("idempotence"), no.err.constData());
    }

    void deleteRecordsPositionsAreChecked()
    {
        const QStringList del { "topic", "delete-records", "t", "--bootstrap", "127.0.0.1:1", "--before" };
        expectRefused(del + QStringList { "x1:5" }, QStringLiteral("bad partition"));
        expectRefused(del + QStringList { "garbage" }, QStringLiteral("is not PARTITION:OFFSET"));
        expectRefused(del + QStringList { "1:-1" }, QStringLiteral("out of range"));
        expectRefused(del + QStringList { "0:5,0:6" }, QStringLiteral("partition 0 twice"));
        expectRefused(del + QStringList { "1:end" }, QStringLiteral("--confirm t"));
        expectRefused(
            QStringList { "topic", "delete-records", "t" } + nowhere(), QStringLiteral("--before is required"));
    }

    void topicWithoutOperation()
    {
        const test::ProcessResult r = test::run(cli(), { "topic" });
        KAFKALAB_COMPARE_EXIT(r, 2);
        QVERIFY(r.err.contains("topic create"));
        const test::ProcessResult bad = test::run(cli(), { "topic", "crate", "t" });
        KAFKALAB_COMPARE_EXIT(bad, 2);
        QVERIFY2(bad.err.contains("unknown topic operation 'crate'"), bad.err.constData());
        QCOMPARE(test::run(cli(), { "no-such-command" }).exitCode, 2);
    }

    void keysAreBytes()
    {
        // A key that is not UTF-8, given on the command line, is the same key as in a keys file (it used to become
        // U+FFFD and land elsewhere); and both agree with python3-kafka's murmur2 (Java's partitioner).
        const QString script = QStringLiteral(
            "key=$(printf '\\377'); \"$0\" predict --partitions 64 -- \"$key\"; printf '\\377\\n' > \"$1\"; "
            "\"$0\" predict --partitions 64 --keys-file \"$1\"");
        const QString keys
            = QDir::temp().filePath(QStringLiteral("kafkalab-test-keys-%1").arg(QCoreApplication::applicationPid()));
        const test::ProcessResult r = test::run(QStringLiteral("/bin/sh"), { "-c", script, cli(), keys });
        QFile::remove(keys);
        KAFKALAB_COMPARE_EXIT(r, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], lines[1]);
        QVERIFY(lines[0].startsWith("\xff\t"));
        const test::ProcessResult py = test::run(QStringLiteral("/usr/bin/python3"), // the Debian python3-kafka
            { "-c", "from kafka.partitioner.default import murmur2; print((murmur2(b'\\xff') & 0x7fffffff) % 64)" });
        KAFKALAB_COMPARE_EXIT(py, 0);
        const QByteArray expected = py.out.trimmed();
        QVERIFY2(lines[0].mid(2).startsWith(expected), lines[0].constData());
        QVERIFY2(lines[0].mid(2).size() == expected.size() || !QChar::isDigit(lines[0].at(2 + expected.size())),
            lines[0].constData());
    }

    void dashKeysNeedTheSeparator()
    {
        expectRefused({ "predict", "--partitions", "6", "-k" }, QStringLiteral("put -- before it"));
        const test::ProcessResult r = test::run(cli(), { "predict", "--partitions", "6", "--", "-k", "--x" });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QCOMPARE(r.out.count('\n'), 2);
    }

    void guiHelpWithoutDisplay()
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        p.setProcessEnvironment(env);
        for (const char* a : { "--help", "--version" }) {
            p.start(test::builtProgram(QStringLiteral("app/kafkalab")), { QString::fromLatin1(a) });
            QVERIFY(p.waitForFinished(20000));
            QCOMPARE(p.exitCode(), 0);
            QVERIFY(p.readAllStandardOutput().contains("kafkalab"));
        }
        p.start(test::builtProgram(QStringLiteral("app/kafkalab")), { "--bootstarp", "x" });
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("bootstarp"));
    }

    void unreachableClusterIsNeverAnAnswer()
    {
        // Nothing listens on port 1: each command fails (exit 1) with the reason, and prints no made-up result
        // (`group` used to print "state Unknown, protocol consumer" and an empty table with exit code 0).
        for (const QStringList& args :
            { QStringList { "group", "g" }, QStringList { "cluster" }, QStringList { "consume", "--topic", "t" } }) {
            const test::ProcessResult r = test::run(cli(), args + nowhere(), 90000);
            QVERIFY2(
                r.exitCode == 1, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": exit %1").arg(r.exitCode)));
            QVERIFY2(!r.err.isEmpty(), qPrintable(args.join(QLatin1Char(' '))));
            QVERIFY2(r.out.isEmpty(), r.out.constData());
        }
    }

    void versionNamesLibrdkafka()
    {
        const test::ProcessResult r = test::run(cli(), { "--version" });
        KAFKALAB_COMPARE_EXIT(r, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[1].startsWith("librdkafka "));
    }

    // Both binaries name the librdkafka they run with (rd_kafka_version_str()), and it is the pinned one from
    // cmake/librdkafka-version.txt ("2.14.2-1" -> "librdkafka 2.14.2"), linked statically: the system's
    // librdkafka1 (2.0.2 on Debian 12) would print its own version.
    void versionIsThePinnedLibrdkafka()
    {
        QFile f(qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/cmake/librdkafka-version.txt"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QByteArray pinned = f.readLine().trimmed();
        pinned = pinned.left(pinned.lastIndexOf('-')); // the Debian revision goes
        QVERIFY(!pinned.isEmpty());
        const QByteArray expected = "librdkafka " + pinned;

        const test::ProcessResult cliRun = test::run(cli(), { "--version" });
        KAFKALAB_COMPARE_EXIT(cliRun, 0);
        QCOMPARE(cliRun.out.trimmed().split('\n').value(1), expected);

        QProcess gui;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        gui.setProcessEnvironment(env);
        gui.start(test::builtProgram(QStringLiteral("app/kafkalab")), { QStringLiteral("--version") });
        QVERIFY(gui.waitForFinished(20000));
        QCOMPARE(gui.exitCode(), 0);
        const QList<QByteArray> lines = gui.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].startsWith("kafkalab "));
        QCOMPARE(lines[1], expected);
    }
};

QTEST_GUILESS_MAIN(TestCliArgs)
#include "test_cli_args.moc"
