#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace kafkalab::test {

// The bootstrap address of the ctest fixture's sandbox broker ($KAFKALAB_BOOTSTRAP_FILE); fails the test if absent.
QString fixtureBootstrap();

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
// Runs a program to completion (at most `timeoutMs`); the exit code is -1 if it did not finish.
ProcessResult run(const QString& program, const QStringList& args, int timeoutMs = 60000, const QByteArray& input = {});

// Checks a ProcessResult's exit code; on a mismatch the message carries the code and the program's stderr (a bare
// QCOMPARE says "-1" and nothing about a timeout or a crash).
#define KAFKALAB_COMPARE_EXIT(result, expected)                                                                        \
    QVERIFY2((result).exitCode == (expected),                                                                          \
        qPrintable(QStringLiteral("exit code %1, expected %2; stderr: %3")                                             \
                       .arg((result).exitCode)                                                                         \
                       .arg(expected)                                                                                  \
                       .arg(QString::fromUtf8((result).err.right(4000)))))

// Runs one of Kafka's own Java tools (a main class from the fetched jars).
ProcessResult runKafkaTool(const QString& mainClass, const QStringList& args, int timeoutMs = 120000);

// Path of a built executable, e.g. "app/kafkalab-cli".
QString builtProgram(const QString& relativePath);

// Creates topics on the broker (an existing one is fine); returns the broker's error, empty on success.
QString createTopics(const QString& bootstrap, const QList<QPair<QString, int>>& topics);

// `kafkalab-cli scenario run ARGS`: its exit code, the JSON object of each step it printed, and its stderr.
struct ScenarioRun {
    int exitCode = -1;
    QList<QJsonObject> steps;
    QByteArray err;
};
ScenarioRun runScenario(const QStringList& args, int timeoutMs = 180000);
// The values `consumer` had seen by `step` (the step's "consumers" field).
QStringList seenValues(const QJsonObject& step, const QString& consumer);

// A sandbox of a test's own: `kafkalab-cli sandbox ARGS --data-dir DIR --watch-pid <the test>`, its log in
// DIR/sandbox.log (a pipe nobody reads would fill and stop the sandbox), read until its control= line. Stopped with
// the object (SIGTERM, then SIGKILL after 60 s); --watch-pid stops it if the test dies.
class OwnSandbox {
public:
    ~OwnSandbox();
    // Empty when the sandbox is ready, else why not (with the log's last lines).
    QString start(const QStringList& args, const QString& dataDir, int timeoutMs = 180000);
    QStringList lines; // what it printed on stdout up to and including control=
    QString value(const QString& key) const; // the first "key=VALUE" line's VALUE
    QString bootstrap() const { return value(QStringLiteral("bootstrap")); }
    QString control() const { return value(QStringLiteral("control")); }
    qint64 readyMs = 0; // how long the start took
    QProcess process;

private:
    QString m_dir;
};

// An Apicurio Registry of a test's own (in-memory storage, on a free port of 127.0.0.1), as the sandbox runs it;
// killed if the test dies (PR_SET_PDEATHSIG), stopped with the object.
class OwnRegistry {
public:
    ~OwnRegistry();
    // Empty when it answers, else why not (not fetched: run scripts/fetch-apicurio; or its output's end).
    QString start(int timeoutMs = 180000);
    QString url; // its Confluent-compatible API, once started
    QProcess process;
};

// Java processes whose command line contains `needle`.
QStringList javaProcessesMatching(const QString& needle);

} // namespace kafkalab::test
