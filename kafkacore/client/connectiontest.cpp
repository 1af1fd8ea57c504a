// The connection test's librdkafka side: TCP with a plain socket, then one client that must answer metadata
// (TLS and SASL), then DescribeCluster (authorization); and the handle that runs it off the GUI thread.
#include "kafkacore/client/connectiontest.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/guardedcallback.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMutex>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

#include <memory>

namespace kafkalab {

namespace {

using Outcome = ConnectionStepResult::Outcome;

// What librdkafka said through its error and log callbacks (from its own threads).
struct Heard {
    QMutex mutex;
    QList<QPair<QString, QString>> said; // error name (empty for a log line), text
};

QString tryTcp(const QString& address, int timeoutMs, const StopToken& stop, bool* reached)
{
    QString hostPort = address.trimmed();
    if (const qsizetype scheme = hostPort.indexOf(QLatin1String("://")); scheme >= 0)
        hostPort = hostPort.mid(scheme + 3);
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    QString host = colon > 0 ? hostPort.left(colon) : hostPort;
    host.remove(QLatin1Char('[')).remove(QLatin1Char(']'));
    bool okPort = false;
    const int port = colon > 0 ? hostPort.mid(colon + 1).toInt(&okPort) : 9092;
    if (colon > 0 && (!okPort || port <= 0 || port > 65535)) {
        *reached = false;
        return QStringLiteral("%1: not a host:port").arg(address);
    }
    QTcpSocket socket;
    socket.connectToHost(host, quint16(port));
    QElapsedTimer clock;
    clock.start();
    while (socket.state() != QAbstractSocket::ConnectedState && socket.error() == QAbstractSocket::UnknownSocketError
        && clock.elapsed() < timeoutMs && !stop.stopRequested())
        socket.waitForConnected(200);
    *reached = socket.state() == QAbstractSocket::ConnectedState;
    if (*reached)
        return hostPort;
    if (socket.error() == QAbstractSocket::UnknownSocketError)
        return QStringLiteral("%1: no answer within %2 s").arg(hostPort).arg(timeoutMs / 1000);
    return QStringLiteral("%1: %2").arg(hostPort, socket.errorString());
}

// Repeats the TLS handshake with Qt's TLS and the same CA, to tell a host name the certificate is not for from a CA
// that did not sign it (librdkafka says "certificate verify failed" for both).
std::optional<QString> diagnoseBrokerCertificate(const QString& hostPort, const ConnectionSettings& s, int timeoutMs)
{
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    const QString host = hostPort.left(colon).remove(QLatin1Char('[')).remove(QLatin1Char(']'));
    QSslSocket socket;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!s.caFile.isEmpty())
        config.setCaCertificates(QSslCertificate::fromPath(s.caFile, QSsl::Pem));
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted(host, quint16(hostPort.mid(colon + 1).toInt()));
    socket.waitForEncrypted(timeoutMs);
    bool hostMismatch = false, untrusted = false, expired = false;
    for (const QSslError& e : socket.sslHandshakeErrors()) {
        hostMismatch |= e.error() == QSslError::HostNameMismatch;
        expired |= e.error() == QSslError::CertificateExpired;
        untrusted |= e.error() == QSslError::UnableToGetLocalIssuerCertificate
            || e.error() == QSslError::SelfSignedCertificateInChain || e.error() == QSslError::CertificateUntrusted
            || e.error() == QSslError::UnableToVerifyFirstCertificate || e.error() == QSslError::SelfSignedCertificate;
    }
    if (untrusted)
        return std::nullopt; // the CA: the mapping's own words
    if (expired)
        return QStringLiteral("the broker's certificate has expired");
    if (hostMismatch) {
        QStringList names = socket.peerCertificate().subjectAlternativeNames().values();
        return QStringLiteral("the broker's certificate is not for host '%1' (it is for %2): connect by a name or "
                              "address it names")
            .arg(host, names.isEmpty() ? QStringLiteral("other names") : names.join(QLatin1String(", ")));
    }
    return std::nullopt;
}

} // namespace

ConnectionTestResult runConnectionTest(const QList<ClientProperty>& properties, const StopToken& stop,
    const std::function<void(const ConnectionStepResult&)>& onStep, int timeoutMs)
{
    ConnectionTestResult r;
    const ConnectionSettings s = ConnectionSettings::from(properties);
    auto report = [&](ConnectionStep step, Outcome outcome, const QString& message) {
        r.steps.append({ step, outcome, message });
        if (outcome == Outcome::Failed)
            r.failedStep = step;
        if (onStep)
            onStep(r.steps.last());
    };
    auto failAndSkip = [&](ConnectionStep step, const QString& message) {
        report(step, Outcome::Failed, message);
        for (int later = int(step) + 1; later <= int(ConnectionStep::Authorization); ++later)
            report(ConnectionStep(later), Outcome::Skipped,
                QStringLiteral("not tried (%1 failed)").arg(connectionStepName(step)));
        return r;
    };
    auto cancelled = [&] {
        r.cancelled = true;
        return r;
    };

    // TCP: every bootstrap address, each at most half the time.
    QStringList reached, unreachable;
    for (const QString& address : s.bootstrap.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const QString what = tryTcp(address, std::max(timeoutMs / 2, 1000), stop, &ok);
        (ok ? reached : unreachable).append(what);
        if (stop.stopRequested())
            return cancelled();
    }
    if (s.bootstrap.trimmed().isEmpty())
        return failAndSkip(ConnectionStep::Tcp, QStringLiteral("no bootstrap address"));
    if (reached.isEmpty())
        return failAndSkip(
            ConnectionStep::Tcp, QStringLiteral("cannot reach %1").arg(unreachable.join(QLatin1String("; "))));
    report(ConnectionStep::Tcp, Outcome::Passed,
        QStringLiteral("%1 accept%2 connections%3")
            .arg(reached.join(QLatin1String(", ")), reached.size() == 1 ? QStringLiteral("s") : QString(),
                unreachable.isEmpty() ? QString()
                                      : QStringLiteral(" (not: %1)").arg(unreachable.join(QLatin1String("; ")))));

    if (s.tls())
        if (const auto bad = checkTlsFiles(s))
            return failAndSkip(ConnectionStep::Tls, bad->message);

    // TLS and SASL: one client that must answer metadata; what goes wrong arrives through its callbacks.
    auto heard = std::make_shared<Heard>();
    QString error;
    KafkaHandle rk = newClient(properties, RD_KAFKA_PRODUCER, &error, [&heard](rd_kafka_conf_t* conf) {
        rd_kafka_conf_set_opaque(conf, heard.get());
        rd_kafka_conf_set_error_cb(conf, [](rd_kafka_t*, int err, const char* reason, void* opaque) {
            guarded("connection test error", [&] {
                auto* h = static_cast<Heard*>(opaque);
                QMutexLocker lock(&h->mutex);
                h->said.append(
                    { QString::fromLatin1(rd_kafka_err2name(rd_kafka_resp_err_t(err))), QString::fromUtf8(reason) });
            });
        });
        rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t* rk, int level, const char*, const char* line) {
            guarded("connection test log", [&] {
                if (level > 6) // not debug lines; some causes come only as info ("Disconnected while ...")
                    return;
                auto* h = static_cast<Heard*>(rd_kafka_opaque(rk));
                QMutexLocker lock(&h->mutex);
                h->said.append({ QString(), QString::fromUtf8(line) });
            });
        });
    });
    if (!rk) {
        const ConnectionStep step = error.contains(QLatin1String("ssl"), Qt::CaseInsensitive) ? ConnectionStep::Tls
            : error.contains(QLatin1String("sasl"), Qt::CaseInsensitive)                      ? ConnectionStep::Sasl
                                                                                              : ConnectionStep::Tcp;
        return failAndSkip(step, QStringLiteral("the client could not be made: %1").arg(error));
    }
    QElapsedTimer clock;
    clock.start();
    std::optional<ConnectionFailure> failure;
    QString lastSaid;
    qsizetype seen = 0;
    bool answered = false;
    while (!answered && !failure && clock.elapsed() < timeoutMs) {
        if (stop.stopRequested())
            return cancelled();
        const rd_kafka_metadata_t* md = nullptr;
        if (rd_kafka_metadata(rk.get(), 1, nullptr, &md, 300) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            answered = true;
            r.brokers = md->broker_cnt;
            r.topics = 0;
            for (int i = 0; i < md->topic_cnt; ++i)
                r.topics += md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR ? 1 : 0;
            rd_kafka_metadata_destroy(md);
            break;
        }
        rd_kafka_poll(rk.get(), 0); // serves the error callback
        QMutexLocker lock(&heard->mutex);
        for (; seen < heard->said.size() && !failure; ++seen) {
            const auto& [name, text] = heard->said.at(seen);
            lastSaid = name.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, name);
            failure = explainConnectionError(name, text, s);
        }
    }
    // The steps before the one that failed passed (or were not used).
    auto passedUpTo = [&](ConnectionStep failed) {
        if (failed > ConnectionStep::Tls)
            report(ConnectionStep::Tls, s.tls() ? Outcome::Passed : Outcome::Skipped,
                s.tls() ? QStringLiteral("handshake done; the broker's certificate is trusted%1")
                              .arg(s.certFile.isEmpty() ? QString() : QStringLiteral(" and it accepted the client's"))
                        : QStringLiteral("not used (security.protocol %1)").arg(s.protocol));
        if (failed > ConnectionStep::Sasl)
            report(ConnectionStep::Sasl, s.sasl() ? Outcome::Passed : Outcome::Skipped,
                s.sasl() ? QStringLiteral("authenticated as %1 with %2").arg(s.user, s.mechanism)
                         : QStringLiteral("not used (security.protocol %1)").arg(s.protocol));
    };
    if (failure && failure->brokerCertificate && !reached.isEmpty()) {
        // librdkafka says only "certificate verify failed": the same handshake through Qt's TLS says which check.
        if (auto why = diagnoseBrokerCertificate(reached.first(), s, std::min(timeoutMs, 5000)))
            failure->message = *why;
    }
    if (failure) {
        passedUpTo(failure->step);
        return failAndSkip(failure->step, failure->message);
    }
    if (!answered) {
        // Nothing librdkafka said names a cause: the first step in use did not finish.
        const ConnectionStep step = s.tls() ? ConnectionStep::Tls
            : s.sasl()                      ? ConnectionStep::Sasl
                                            : ConnectionStep::Authorization;
        passedUpTo(step);
        return failAndSkip(step,
            QStringLiteral("the broker did not answer a metadata request within %1 s%2")
                .arg(timeoutMs / 1000)
                .arg(lastSaid.isEmpty() ? QString() : QStringLiteral("; librdkafka said: ") + lastSaid));
    }
    passedUpTo(ConnectionStep::Authorization);

    // Authorization: may the principal describe the cluster? (The metadata lists only the topics it may see.)
    QueuePtr queue(rd_kafka_queue_new(rk.get()));
    const int left = int(std::max<qint64>(timeoutMs - clock.elapsed(), 3000));
    AdminOptionsPtr options = adminOptions(rk.get(), RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER, left);
    if (rd_kafka_error_t* e = rd_kafka_AdminOptions_set_include_authorized_operations(options.get(), 1))
        rd_kafka_error_destroy(e);
    rd_kafka_DescribeCluster(rk.get(), options.get(), queue.get());
    EventPtr ev = awaitEvent(queue.get(), left + 1000, &stop);
    if (stop.stopRequested())
        return cancelled();
    const QString principal = s.sasl() ? QStringLiteral("User:%1").arg(s.user) : QStringLiteral("the client");
    if (!ev)
        return failAndSkip(ConnectionStep::Authorization,
            QStringLiteral("DescribeCluster was not answered within %1 s").arg(left / 1000));
    if (rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        const bool denied = rd_kafka_event_error(ev.get()) == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED;
        return failAndSkip(ConnectionStep::Authorization,
            denied ? QStringLiteral("%1 may not describe the cluster (CLUSTER_AUTHORIZATION_FAILED: no DESCRIBE ACL "
                                    "on the cluster for it); it may see %2 topic(s)")
                         .arg(principal)
                         .arg(r.topics)
                   : QStringLiteral("DescribeCluster failed: %1").arg(eventErrorText(ev.get())));
    }
    // DescribeCluster needs no ACL; the operations it reports and the topics in the metadata (only those the
    // principal may describe) show what the principal may do.
    size_t operations = 0;
    if (const auto* result = rd_kafka_event_DescribeCluster_result(ev.get())) {
        r.clusterId = QString::fromUtf8(rd_kafka_DescribeCluster_result_cluster_id(result));
        rd_kafka_DescribeCluster_result_authorized_operations(result, &operations);
    }
    if (operations == 0 && r.topics == 0)
        return failAndSkip(ConnectionStep::Authorization,
            QStringLiteral("%1 is authenticated but may do nothing: no operation on the cluster and no topic it may "
                           "describe (no ACL grants it any)")
                .arg(principal));
    report(ConnectionStep::Authorization, Outcome::Passed,
        QStringLiteral("%1 sees cluster %2 (%3 broker(s)), %4 topic(s), %5 operation(s) on the cluster")
            .arg(principal, r.clusterId)
            .arg(r.brokers)
            .arg(r.topics)
            .arg(operations));
    return r;
}

ConnectionTester::ConnectionTester(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ConnectionStepResult>();
    qRegisterMetaType<ConnectionTestResult>();
}

ConnectionTester::~ConnectionTester()
{
    m_stop.requestStop();
}

void ConnectionTester::start(const QList<ClientProperty>& properties, int timeoutMs)
{
    m_stop.requestStop();
    m_stop = StopToken();
    const int run = ++m_run;
    m_running = true;
    QPointer<ConnectionTester> self(this);
    // Answers are queued to the application object (which outlives the tester); `self` is read on the GUI thread.
    auto post = [self, run](std::function<void(ConnectionTester*)> fn) {
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, run, fn = std::move(fn)] {
                if (self && self->m_run == run)
                    fn(self.data());
            },
            Qt::QueuedConnection);
    };
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-connection-test"),
        [post, properties, timeoutMs](const StopToken& stop) {
            const ConnectionTestResult result = runConnectionTest(
                properties, stop,
                [&post](const ConnectionStepResult& step) {
                    post([step](ConnectionTester* t) { Q_EMIT t->stepDone(step); });
                },
                timeoutMs);
            post([result](ConnectionTester* t) {
                t->m_running = false;
                Q_EMIT t->finished(result);
            });
        },
        m_stop);
}

void ConnectionTester::cancel()
{
    if (!m_running)
        return;
    m_stop.requestStop();
    ++m_run; // whatever the stopped test still sends is dropped
    m_running = false;
    ConnectionTestResult result;
    result.cancelled = true;
    Q_EMIT finished(result);
}

} // namespace kafkalab
