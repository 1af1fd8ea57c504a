#pragma once

// A connection test: the steps from a socket to an authorized request (TCP, TLS, SASL, authorization), each with a
// plain verdict, and the mapping of librdkafka's errors and log lines into the cause a person can act on.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace kafkalab {

enum class ConnectionStep { Tcp, Tls, Sasl, Authorization };
QString connectionStepName(ConnectionStep step); // "TCP", "TLS", "SASL", "authorization"

// What the client was set up with, read from its properties (the words the messages use).
struct ConnectionSettings {
    QString bootstrap;
    QString protocol = QStringLiteral("plaintext"); // security.protocol, lower case
    QString mechanism; // sasl.mechanisms, upper case
    QString user; // sasl.username
    QString caFile; // ssl.ca.location
    QString certFile; // ssl.certificate.location
    QString keyFile; // ssl.key.location
    bool tls() const { return protocol == QLatin1String("ssl") || protocol == QLatin1String("sasl_ssl"); }
    bool sasl() const { return protocol.startsWith(QLatin1String("sasl")); }
    static ConnectionSettings from(const QList<ClientProperty>& properties);
};

struct ConnectionFailure {
    ConnectionStep step = ConnectionStep::Tcp;
    QString message;
    // The client refused the broker's certificate; librdkafka does not say why (a CA or a host name), so the
    // connection test repeats the handshake with Qt's TLS to tell.
    bool brokerCertificate = false;
};

// Maps one thing librdkafka said (`errorName`: rd_kafka_err2name of the error callback's code, such as "_SSL",
// "_AUTHENTICATION", "_TRANSPORT"; or empty for a log line; `text`: the error string or the log line) into its
// cause: wrong password or unknown user (with the mechanism), a mechanism the broker does not enable, a CA that
// does not sign the broker's certificate, a host name the certificate is not for, a client certificate the broker
// requires, refused or expired, a plaintext client against a TLS listener and the reverse, a refused connection.
// Nothing for what is not a cause (a transient disconnect, "all brokers down").
std::optional<ConnectionFailure> explainConnectionError(
    const QString& errorName, const QString& text, const ConnectionSettings& settings);

// Checks the TLS files the settings name before any connection: readable, PEM certificates, not expired or not yet
// valid, a readable key. The first problem, as a TLS failure naming the file.
std::optional<ConnectionFailure> checkTlsFiles(const ConnectionSettings& settings);

struct ConnectionStepResult {
    ConnectionStep step = ConnectionStep::Tcp;
    enum class Outcome { Passed, Failed, Skipped } outcome = Outcome::Skipped;
    QString message;
    bool passed() const { return outcome == Outcome::Passed; }
};

struct ConnectionTestResult {
    QList<ConnectionStepResult> steps;
    std::optional<ConnectionStep> failedStep; // nothing: every step passed (or the test was cancelled)
    bool cancelled = false;
    QString clusterId; // from DescribeCluster, once authorized
    int brokers = -1; // in the metadata, once authenticated
    int topics = -1; // topics the principal may see (the metadata lists only those), once authenticated
    bool ok() const { return !failedStep && !cancelled; }
    QString failureMessage() const; // "TLS: ..." of the failed step, empty when none failed
};

// Runs the steps in order on the calling thread (a worker's, or the CLI's main thread: it blocks), each failure within
// `timeoutMs` (10 s by default), polling `stop` at least every 200 ms. `onStep` hears each step as it ends.
ConnectionTestResult runConnectionTest(const QList<ClientProperty>& properties, const StopToken& stop,
    const std::function<void(const ConnectionStepResult&)>& onStep = {}, int timeoutMs = 10000);

// The handle the connection dialog uses: one test at a time on a one-shot thread (WorkerThread::runDetached); the
// GUI thread never waits. cancel() stops a running test (its finished() says cancelled).
class ConnectionTester : public QObject {
    Q_OBJECT
public:
    explicit ConnectionTester(QObject* parent = nullptr);
    ~ConnectionTester() override; // cancels a running test
    void start(const QList<ClientProperty>& properties, int timeoutMs = 10000);
    void cancel();
    bool running() const { return m_running; }

Q_SIGNALS:
    void stepDone(kafkalab::ConnectionStepResult step);
    void finished(kafkalab::ConnectionTestResult result);

private:
    StopToken m_stop;
    int m_run = 0;
    bool m_running = false;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::ConnectionStepResult)
Q_DECLARE_METATYPE(kafkalab::ConnectionTestResult)
