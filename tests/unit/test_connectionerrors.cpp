// explainConnectionError over the texts librdkafka 2.14.2 gave against kafkalab's secured sandbox (Kafka 4.1.1), as
// its error callback or log callback delivered them, and checkTlsFiles over files made with openssl.
#include "kafkacore/client/connectiontest.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace kafkalab;

namespace {

ConnectionSettings settings(
    const QString& protocol, const QString& mechanism = {}, const QString& user = {}, const QString& certFile = {})
{
    ConnectionSettings s;
    s.bootstrap = QStringLiteral("127.0.0.1:55227");
    s.protocol = protocol;
    s.mechanism = mechanism;
    s.user = user;
    s.caFile = QStringLiteral("/tmp/sandbox/ca.pem");
    s.certFile = certFile;
    return s;
}

bool openssl(const QString& dir, const QStringList& args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    return p.waitForFinished(30000) && p.exitCode() == 0;
}

} // namespace

class TestConnectionErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mapsLibrdkafkaTexts_data()
    {
        QTest::addColumn<QString>("errorName");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("mechanism");
        QTest::addColumn<QString>("certFile");
        QTest::addColumn<int>("step");
        QTest::addColumn<QString>("words");
        QTest::addColumn<bool>("brokerCertificate");
        const int tcp = int(ConnectionStep::Tcp), tls = int(ConnectionStep::Tls), sasl = int(ConnectionStep::Sasl);

        QTest::newRow("wrong password, SCRAM-SHA-256")
            << QString() // a log line
            << "[thrd:sasl_ssl://127.0.0.1:55227/bootstrap]: sasl_ssl://127.0.0.1:55227/bootstrap: SASL "
               "authentication error: Authentication failed during authentication due to invalid credentials with "
               "SASL mechanism SCRAM-SHA-256 (after 502ms in state AUTH_REQ)"
            << "sasl_ssl"
            << "SCRAM-SHA-256" << QString() << sasl << "authentication failed with SCRAM-SHA-256 for user 'alice'"
            << false;
        QTest::newRow("wrong password, error callback")
            << "_AUTHENTICATION"
            << "sasl_ssl://127.0.0.1:55227/bootstrap: SASL authentication error: Authentication failed during "
               "authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (after 380ms in state "
               "AUTH_REQ)"
            << "sasl_ssl"
            << "SCRAM-SHA-512" << QString() << sasl << "authentication failed with SCRAM-SHA-512" << false;
        QTest::newRow("unknown user, PLAIN")
            << QString()
            << "[thrd:sasl_ssl://127.0.0.1:55227/bootstrap]: sasl_ssl://127.0.0.1:55227/bootstrap: SASL "
               "authentication error: Authentication failed: Invalid username or password (after 317ms in state "
               "AUTH_REQ)"
            << "sasl_ssl"
            << "PLAIN" << QString() << sasl << "no such user" << false;
        QTest::newRow("mechanism not enabled")
            << QString()
            << "sasl_ssl://127.0.0.1:55227/bootstrap: SASL OAUTHBEARER mechanism handshake failed: Broker: "
               "Unsupported SASL mechanism: broker's supported mechanisms: SCRAM-SHA-512,PLAIN,SCRAM-SHA-256 (after "
               "301ms in state AUTH_HANDSHAKE)"
            << "sasl_ssl"
            << "OAUTHBEARER" << QString() << sasl
            << "does not enable SASL mechanism OAUTHBEARER (it offers SCRAM-SHA-512,PLAIN,SCRAM-SHA-256)" << false;
        QTest::newRow("CA does not sign the broker's certificate (or host name)")
            << QString()
            << "sasl_ssl://127.0.0.1:55227/bootstrap: SSL handshake failed: error:0A000086:SSL "
               "routines::certificate verify failed: broker certificate could not be verified, verify that "
               "ssl.ca.location is correctly configured or root CA certificates are installed (install "
               "ca-certificates package) (after 45ms in state SSL_HANDSHAKE)"
            << "sasl_ssl"
            << "PLAIN" << QString() << tls << "not signed by the CA the client trusts (/tmp/sandbox/ca.pem)" << true;
        QTest::newRow("client certificate missing")
            << QString()
            << "ssl://127.0.0.1:52557/bootstrap: Receive failed: error:0A000412:SSL routines::sslv3 alert bad "
               "certificate: SSL alert number 42 (after 3ms in state APIVERSION_QUERY)"
            << "ssl" << QString() << QString() << tls << "requires a client certificate (mutual TLS)" << false;
        QTest::newRow("client certificate refused")
            << QString()
            << "ssl://127.0.0.1:52557/bootstrap: Receive failed: error:0A000416:SSL routines::sslv3 alert "
               "certificate unknown: SSL alert number 46 (after 55ms in state APIVERSION_QUERY)"
            << "ssl" << QString() << "/tmp/other.pem" << tls << "refused the client certificate /tmp/other.pem"
            << false;
        QTest::newRow("plaintext client, TLS listener")
            << QString()
            << "[thrd:127.0.0.1:55227/bootstrap]: 127.0.0.1:55227/bootstrap: Disconnected: connection closed by "
               "peer: receive 0 after POLLIN (after 5ms in state APIVERSION_QUERY)"
            << "plaintext" << QString() << QString() << tls << "expects TLS and the client spoke plaintext" << false;
        QTest::newRow("sasl_plaintext client, TLS listener")
            << QString()
            << "127.0.0.1:55227/bootstrap: Disconnected: connection closed by peer: receive 0 after POLLIN (after "
               "2ms in state APIVERSION_QUERY, 1 identical error(s) suppressed)"
            << "sasl_plaintext"
            << "PLAIN" << QString() << tls << "security.protocol is sasl_plaintext" << false;
        QTest::newRow("TLS client, SASL listener")
            << "_SSL"
            << "ssl://127.0.0.1:55227/bootstrap: Send failed: SSL transport error: Broken pipe (after 2ms in "
               "state UP)"
            << "ssl" << QString() << QString() << sasl << "expects SASL" << false;
        QTest::newRow("refused")
            << "_TRANSPORT"
            << "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in state "
               "CONNECT)"
            << "plaintext" << QString() << QString() << tcp << "refused" << false;
    }
    void mapsLibrdkafkaTexts()
    {
        QFETCH(QString, errorName);
        QFETCH(QString, text);
        QFETCH(QString, protocol);
        QFETCH(QString, mechanism);
        QFETCH(QString, certFile);
        QFETCH(int, step);
        QFETCH(QString, words);
        QFETCH(bool, brokerCertificate);
        const auto failure
            = explainConnectionError(errorName, text, settings(protocol, mechanism, QStringLiteral("alice"), certFile));
        QVERIFY2(failure, qPrintable(text));
        QCOMPARE(connectionStepName(failure->step), connectionStepName(ConnectionStep(step)));
        QVERIFY2(failure->message.contains(words), qPrintable(failure->message));
        QCOMPARE(failure->brokerCertificate, brokerCertificate);
    }

    void ignoresWhatIsNoCause()
    {
        const ConnectionSettings s = settings(QStringLiteral("sasl_ssl"), QStringLiteral("PLAIN"));
        QVERIFY(
            !explainConnectionError(QStringLiteral("_ALL_BROKERS_DOWN"), QStringLiteral("1/1 brokers are down"), s));
        QVERIFY(!explainConnectionError(QString(),
            QStringLiteral("[thrd:main]: Telemetry client instance id changed from AAAAAAAAAAAAAAAAAAAAAA"), s));
    }

    void settingsFromProperties()
    {
        const ConnectionSettings s = ConnectionSettings::from({
            ClientProperty::of(QStringLiteral("bootstrap.servers"), QStringLiteral("h:1")),
            ClientProperty::of(QStringLiteral("security.protocol"), QStringLiteral("SASL_SSL")),
            ClientProperty::of(QStringLiteral("sasl.mechanism"), QStringLiteral("scram-sha-512")),
            ClientProperty::of(QStringLiteral("sasl.username"), QStringLiteral("bob")),
        });
        QCOMPARE(s.protocol, QStringLiteral("sasl_ssl"));
        QCOMPARE(s.mechanism, QStringLiteral("SCRAM-SHA-512"));
        QVERIFY(s.tls() && s.sasl());
        QCOMPARE(ConnectionSettings::from(
                     { ClientProperty::of(QStringLiteral("security.protocol"), QStringLiteral("sasl_plaintext")) })
                     .mechanism,
            QStringLiteral("GSSAPI")); // librdkafka's default
    }

    void tlsFiles()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QFAIL("openssl is needed (scripts/setup installs it)");
        QTemporaryDir dir;
        const QString d = dir.path();
        QVERIFY(openssl(d,
            { "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca-key.pem",
                "-out", "ca.pem", "-days", "30", "-subj", "/CN=test CA" }));
        QVERIFY(openssl(d,
            { "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem",
                "-out", "c.csr", "-subj", "/CN=alice" }));
        // An expired certificate: valid from now until a day ago (openssl 3.0 takes -days -1).
        QVERIFY(openssl(d,
            { "x509", "-req", "-in", "c.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-set_serial", "7", "-days",
                "-1", "-out", "expired.pem" }));
        QFile notPem(d + "/notpem.pem");
        QVERIFY(notPem.open(QIODevice::WriteOnly));
        notPem.write("just some text\n");
        notPem.close();

        ConnectionSettings s = settings(QStringLiteral("ssl"));
        s.caFile = d + "/ca.pem";
        QVERIFY(!checkTlsFiles(s));
        s.caFile = d + "/missing.pem";
        QVERIFY(checkTlsFiles(s)->message.contains("does not exist"));
        s.caFile = d + "/notpem.pem";
        QVERIFY(checkTlsFiles(s)->message.contains("holds no PEM certificate"));
        s.caFile = d + "/ca.pem";
        s.certFile = d + "/expired.pem";
        s.keyFile = d + "/key.pem";
        const auto expired = checkTlsFiles(s);
        QVERIFY(expired);
        QVERIFY2(expired->message.contains("client certificate") && expired->message.contains("has expired"),
            qPrintable(expired->message));
        s.certFile = d + "/ca.pem";
        s.keyFile = d + "/notpem.pem";
        QVERIFY(checkTlsFiles(s)->message.contains("holds no PEM private key"));
        s.keyFile.clear();
        QVERIFY(checkTlsFiles(s)->message.contains("needs its key"));
        if (::geteuid() != 0) { // root reads any file
            QFile::setPermissions(d + "/ca.pem", QFileDevice::WriteOwner);
            s = settings(QStringLiteral("ssl"));
            s.caFile = d + "/ca.pem";
            QVERIFY(checkTlsFiles(s)->message.contains("cannot be read"));
        }
    }
};

QTEST_GUILESS_MAIN(TestConnectionErrors)
#include "test_connectionerrors.moc"
