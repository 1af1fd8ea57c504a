// The pure part of the connection test: the settings a client was given, the mapping of librdkafka's errors and log
// lines into causes, and the checks of TLS files before a connection (connectiontest.h).
#include "kafkacore/client/connectiontest.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSslCertificate>

namespace kafkalab {

QString connectionStepName(ConnectionStep step)
{
    switch (step) {
    case ConnectionStep::Tcp:
        return QStringLiteral("TCP");
    case ConnectionStep::Tls:
        return QStringLiteral("TLS");
    case ConnectionStep::Sasl:
        return QStringLiteral("SASL");
    case ConnectionStep::Authorization:
        return QStringLiteral("authorization");
    }
    return {};
}

ConnectionSettings ConnectionSettings::from(const QList<ClientProperty>& properties)
{
    ConnectionSettings s;
    for (const ClientProperty& p : properties) { // the last one wins, as in librdkafka
        const QString key = p.key.trimmed().toLower();
        if (key == QLatin1String("bootstrap.servers") || key == QLatin1String("metadata.broker.list"))
            s.bootstrap = p.value.trimmed();
        else if (key == QLatin1String("security.protocol"))
            s.protocol = p.value.trimmed().toLower();
        else if (key == QLatin1String("sasl.mechanisms") || key == QLatin1String("sasl.mechanism"))
            s.mechanism = p.value.trimmed().toUpper();
        else if (key == QLatin1String("sasl.username"))
            s.user = p.value;
        else if (key == QLatin1String("ssl.ca.location"))
            s.caFile = p.value.trimmed();
        else if (key == QLatin1String("ssl.certificate.location"))
            s.certFile = p.value.trimmed();
        else if (key == QLatin1String("ssl.key.location"))
            s.keyFile = p.value.trimmed();
    }
    if (s.sasl() && s.mechanism.isEmpty())
        s.mechanism = QStringLiteral("GSSAPI"); // librdkafka's default
    return s;
}

QString ConnectionTestResult::failureMessage() const
{
    for (const ConnectionStepResult& s : steps)
        if (s.outcome == ConnectionStepResult::Outcome::Failed)
            return QStringLiteral("%1: %2").arg(connectionStepName(s.step), s.message);
    return {};
}

std::optional<ConnectionFailure> explainConnectionError(
    const QString& errorName, const QString& text, const ConnectionSettings& settings)
{
    auto has = [&text](const char* words) { return text.contains(QLatin1String(words), Qt::CaseInsensitive); };
    auto tls = [](const QString& message) { return ConnectionFailure { ConnectionStep::Tls, message }; };
    auto sasl = [](const QString& message) { return ConnectionFailure { ConnectionStep::Sasl, message }; };
    const QString mechanism = settings.mechanism.isEmpty() ? QStringLiteral("SASL") : settings.mechanism;

    // SASL. Kafka answers a wrong password and an unknown user alike (on purpose), for SCRAM and PLAIN.
    if (has("Unsupported SASL mechanism") || has("UNSUPPORTED_SASL_MECHANISM")
        || (has("mechanism") && has("supported mechanisms"))) {
        static const QRegularExpression offered(QStringLiteral("supported mechanisms: ([A-Za-z0-9_,\\- ]+)"));
        const QRegularExpressionMatch m = offered.match(text);
        return sasl(QStringLiteral("the broker does not enable SASL mechanism %1%2")
                        .arg(mechanism,
                            m.hasMatch() ? QStringLiteral(" (it offers %1)").arg(m.captured(1).trimmed()) : QString()));
    }
    const bool tlsWords = has("SSL") && !has("SASL"); // a TLS failure reported as an authentication error: below
    if ((has("Authentication failed") || has("invalid credentials") || has("Invalid username or password")
            || errorName == QLatin1String("_AUTHENTICATION"))
        && !tlsWords)
        return sasl(QStringLiteral("authentication failed with %1 for user '%2': the password is wrong or the broker "
                                   "has no such user (Kafka answers both alike)")
                        .arg(mechanism, settings.user));
    // TLS: the broker's certificate, as the client judged it.
    if (has("Hostname mismatch") || has("hostname mismatch") || has("does not match"))
        return tls(QStringLiteral("the broker's certificate is not for the host name the client connected to (%1): "
                                  "connect by a name or address in its subjectAltName")
                       .arg(settings.bootstrap));
    if (has("certificate has expired") && !has("alert"))
        return tls(QStringLiteral("the broker's certificate has expired"));
    if (has("unable to get local issuer certificate") || has("self-signed certificate in certificate chain")
        || has("self signed certificate in certificate chain") || has("unable to get issuer certificate")
        || has("certificate verify failed") || has("could not be verified"))
        return ConnectionFailure { ConnectionStep::Tls,
            QStringLiteral("the broker's certificate is not signed by the CA the client trusts (%1)")
                .arg(settings.caFile.isEmpty() ? QStringLiteral("the system's CAs: set a CA file") : settings.caFile),
            true };
    // TLS: the client's certificate, as the broker judged it (an alert from the broker).
    // Kafka (Java) answers a missing client certificate with a bad_certificate alert (42), a refused one with
    // certificate_unknown (46).
    if (has("certificate required")
        || ((has("handshake failure") || has("alert bad certificate")) && settings.certFile.isEmpty()))
        return tls(settings.certFile.isEmpty()
                ? QStringLiteral("the broker requires a client certificate (mutual TLS) and none was given: set the "
                                 "client certificate and key (ssl.certificate.location, ssl.key.location)")
                : QStringLiteral("the broker refused the client certificate %1").arg(settings.certFile));
    if (has("alert certificate expired"))
        return tls(
            QStringLiteral("the broker refused the client certificate %1: it has expired").arg(settings.certFile));
    if (has("alert unknown ca") || has("alert bad certificate") || has("alert certificate unknown"))
        return tls(QStringLiteral("the broker refused the client certificate %1 (not signed by its CA, expired or "
                                  "not for client use)")
                       .arg(settings.certFile));
    // The protocol of the listener and the client's disagree.
    if (has("wrong version number") || has("packet length too long") || has("unknown protocol")
        || has("record layer failure") || (has("SSL handshake failed") && has("Disconnected")))
        return tls(QStringLiteral("the listener does not speak TLS: security.protocol is %1, the listener is "
                                  "plaintext or sasl_plaintext")
                       .arg(settings.protocol));
    // librdkafka 2.14 says "Disconnected: connection closed by peer ... in state APIVERSION_QUERY" when a TLS
    // listener hangs up on a plaintext first request (older ones named security.protocol).
    if (has("incorrect security.protocol") || has("connecting to a SSL listener")
        || has("connecting to an SSL listener") || (has("Disconnected") && has("APIVERSION_QUERY"))) {
        if (!settings.tls())
            return tls(QStringLiteral("the listener expects TLS and the client spoke plaintext (security.protocol "
                                      "is %1: use ssl or sasl_ssl with a CA file)")
                           .arg(settings.protocol));
        return tls(QStringLiteral("the broker closed the connection before answering (security.protocol %1 may not "
                                  "be what the listener expects)")
                       .arg(settings.protocol));
    }
    // The handshake was done, then the broker hung up at the first request: a SASL listener that got no SASL.
    if (has("in state UP") && (has("Send failed") || has("Receive failed") || has("Disconnected")) && settings.tls()
        && !settings.sasl())
        return sasl(QStringLiteral("the broker closed the connection after the TLS handshake: the listener expects "
                                   "SASL (security.protocol sasl_ssl, with a mechanism, user and password)"));
    if (errorName == QLatin1String("_SSL") || has("SSL handshake failed") || has("SSL transport error"))
        return tls(QStringLiteral("the TLS handshake failed: %1").arg(text.trimmed()));
    if (has("Connection refused"))
        return ConnectionFailure { ConnectionStep::Tcp,
            QStringLiteral("the connection was refused (no broker listens there)") };
    if (has("Failed to resolve") || has("Name or service not known"))
        return ConnectionFailure { ConnectionStep::Tcp, QStringLiteral("the host name does not resolve") };
    return std::nullopt;
}

namespace {

std::optional<QString> checkCertificateFile(const QString& path, const QString& what)
{
    QFile file(path);
    if (!QFileInfo::exists(path))
        return QStringLiteral("the %1 %2 does not exist").arg(what, path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("the %1 %2 cannot be read: %3").arg(what, path, file.errorString());
    const QByteArray bytes = file.readAll();
    if (!bytes.contains("-----BEGIN CERTIFICATE-----"))
        return QStringLiteral("the %1 %2 holds no PEM certificate (-----BEGIN CERTIFICATE-----)").arg(what, path);
    const QList<QSslCertificate> certs = QSslCertificate::fromData(bytes, QSsl::Pem);
    if (certs.isEmpty() || certs.first().isNull())
        return QStringLiteral("the %1 %2 is not a valid PEM certificate").arg(what, path);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QSslCertificate& c : certs) {
        if (c.expiryDate().isValid() && c.expiryDate() < now)
            return QStringLiteral("the %1 %2 has expired (%3)").arg(what, path, c.expiryDate().toString(Qt::ISODate));
        if (c.effectiveDate().isValid() && c.effectiveDate() > now)
            return QStringLiteral("the %1 %2 is not valid before %3")
                .arg(what, path, c.effectiveDate().toString(Qt::ISODate));
    }
    return std::nullopt;
}

} // namespace

std::optional<ConnectionFailure> checkTlsFiles(const ConnectionSettings& settings)
{
    auto fail = [](const QString& message) { return ConnectionFailure { ConnectionStep::Tls, message }; };
    if (!settings.caFile.isEmpty())
        if (auto why = checkCertificateFile(settings.caFile, QStringLiteral("CA file")))
            return fail(*why);
    if (!settings.certFile.isEmpty())
        if (auto why = checkCertificateFile(settings.certFile, QStringLiteral("client certificate")))
            return fail(*why);
    if (!settings.certFile.isEmpty() && settings.keyFile.isEmpty())
        return fail(QStringLiteral("a client certificate needs its key (ssl.key.location)"));
    if (!settings.keyFile.isEmpty()) {
        QFile key(settings.keyFile);
        if (!key.open(QIODevice::ReadOnly))
            return fail(
                QStringLiteral("the client key %1 cannot be read: %2").arg(settings.keyFile, key.errorString()));
        if (!key.readAll().contains("PRIVATE KEY-----"))
            return fail(QStringLiteral("the client key %1 holds no PEM private key").arg(settings.keyFile));
    }
    return std::nullopt;
}

} // namespace kafkalab
