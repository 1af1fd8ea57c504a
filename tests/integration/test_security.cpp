// The secured sandbox and the connection test, against two sandboxes of its own (not the fixture's): one sasl_ssl
// and one ssl (mutual TLS), one broker each, started together for the whole run. Every credential that works for
// kafkalab is cross-checked with python3-kafka (Debian's, /usr/bin/python3): the same users, mechanisms and files,
// the same number of topics seen. Each failure names its cause and its step.
#include "kafkacore/client/connectiontest.h"
#include "kafkacore/sandbox/localsandbox.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace kafkalab;

namespace {

const char* const kPythonTopics = "import json, sys\n"
                                  "from kafka import KafkaConsumer\n"
                                  "cfg = json.loads(sys.argv[1])\n"
                                  "try:\n"
                                  "    c = KafkaConsumer(api_version=(2, 5, 0), request_timeout_ms=8000, **cfg)\n"
                                  "    print(json.dumps({'topics': len(c.topics())}))\n"
                                  "    c.close()\n"
                                  "except Exception as e:\n"
                                  "    print(json.dumps({'error': '%s: %s' % (type(e).__name__, e)}))\n";

QJsonObject python(const QJsonObject& config)
{
    const test::ProcessResult r = test::run(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral("-c"), QString::fromLatin1(kPythonTopics),
            QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Compact)) },
        60000);
    const QByteArray line = r.out.trimmed().split('\n').last();
    QJsonObject o = QJsonDocument::fromJson(line).object();
    if (o.isEmpty())
        qWarning("python3-kafka said: %s %s", r.out.constData(), r.err.constData());
    return o;
}

QString stepLine(const ConnectionTestResult& r)
{
    QStringList lines;
    for (const ConnectionStepResult& s : r.steps)
        lines << QStringLiteral("%1 %2: %3")
                     .arg(connectionStepName(s.step))
                     .arg(s.passed()                                              ? QStringLiteral("ok")
                             : s.outcome == ConnectionStepResult::Outcome::Failed ? QStringLiteral("FAILED")
                                                                                  : QStringLiteral("skipped"),
                         s.message);
    return lines.join(QLatin1Char('\n'));
}

bool openssl(const QString& dir, const QStringList& args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    return p.waitForFinished(30000) && p.exitCode() == 0;
}

// Another name for 127.0.0.1 in /etc/hosts than the certificate's (localhost), for the host name check.
QString otherLoopbackName()
{
    QFile hosts(QStringLiteral("/etc/hosts"));
    if (!hosts.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : hosts.readAll().split('\n')) {
        const QList<QByteArray> words = line.simplified().split(' ');
        if (words.size() >= 2 && words[0] == "127.0.0.1")
            for (qsizetype i = 1; i < words.size(); ++i)
                if (words[i] != "localhost" && !words[i].startsWith('#'))
                    return QString::fromLatin1(words[i]);
    }
    return {};
}

} // namespace

class TestSecurity : public QObject {
    Q_OBJECT

    std::unique_ptr<LocalSandbox> m_sasl;
    std::unique_ptr<LocalSandbox> m_ssl;
    QTemporaryDir m_files; // a foreign CA, an expired certificate, a file that is not PEM

    QList<ClientProperty> saslAs(const QString& user, const QString& mechanism, const QString& password) const
    {
        const sandbox::SecurityFiles& f = m_sasl->securityFiles();
        return { ClientProperty::of("bootstrap.servers", m_sasl->bootstrap()),
            ClientProperty::of("security.protocol", "sasl_ssl"), ClientProperty::of("ssl.ca.location", f.caFile),
            ClientProperty::of("sasl.mechanisms", mechanism), ClientProperty::of("sasl.username", user),
            ClientProperty::of("sasl.password", password) };
    }
    QString passwordOf(const QString& user) const
    {
        const sandbox::SecurityFiles& f = m_sasl->securityFiles();
        for (const sandbox::SandboxUser& u : f.users + QList<sandbox::SandboxUser> { f.admin })
            if (u.name == user)
                return u.password;
        return {};
    }
    QList<ClientProperty> sslWith(const QString& cert, const QString& key, const QString& ca = {}) const
    {
        QList<ClientProperty> p { ClientProperty::of("bootstrap.servers", m_ssl->bootstrap()),
            ClientProperty::of("security.protocol", "ssl"),
            ClientProperty::of("ssl.ca.location", ca.isEmpty() ? m_ssl->securityFiles().caFile : ca) };
        if (!cert.isEmpty())
            p << ClientProperty::of("ssl.certificate.location", cert) << ClientProperty::of("ssl.key.location", key);
        return p;
    }
    static ConnectionTestResult test(const QList<ClientProperty>& props)
    {
        return runConnectionTest(props, StopToken());
    }
    static void expectFailure(const ConnectionTestResult& r, ConnectionStep step, const QString& words)
    {
        QVERIFY2(r.failedStep && *r.failedStep == step, qPrintable(stepLine(r)));
        QVERIFY2(r.failureMessage().contains(words), qPrintable(stepLine(r)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (auto [sandbox, security] :
            { std::pair { &m_sasl, sandbox::Security::SaslSsl }, std::pair { &m_ssl, sandbox::Security::Ssl } }) {
            SandboxOptions o;
            o.security = security;
            o.controlSocket = false;
            o.heapMb = 512;
            *sandbox = std::make_unique<LocalSandbox>(o);
            (*sandbox)->start(); // both at once
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            m_sasl->state() != LocalSandbox::State::Starting && m_ssl->state() != LocalSandbox::State::Starting,
            180000);
        QVERIFY2(m_sasl->state() == LocalSandbox::State::Running, qPrintable(m_sasl->errorString()));
        QVERIFY2(m_ssl->state() == LocalSandbox::State::Running, qPrintable(m_ssl->errorString()));

        const QString d = m_files.path();
        QVERIFY(openssl(d,
            { "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "other-ca-key.pem", "-out", "other-ca.pem", "-days", "30", "-subj", "/CN=another CA" }));
        QVERIFY(openssl(d,
            { "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "alice-key.pem", "-out", "alice.csr", "-subj", "/CN=alice" }));
        // Signed by the sandbox's own CA, but expired (valid from now until a day ago: openssl 3.0 takes -days -1).
        const sandbox::SecurityFiles& f = m_ssl->securityFiles();
        QVERIFY(openssl(d,
            { "x509", "-req", "-in", "alice.csr", "-CA", f.caFile, "-CAkey", f.caKeyFile, "-set_serial", "99", "-days",
                "-1", "-out", "alice-expired.pem" }));
        // Signed by another CA: the broker refuses it.
        QVERIFY(openssl(d,
            { "x509", "-req", "-in", "alice.csr", "-CA", "other-ca.pem", "-CAkey", "other-ca-key.pem", "-set_serial",
                "98", "-days", "30", "-out", "alice-foreign.pem" }));
        QFile notPem(d + "/not-pem.pem");
        QVERIFY(notPem.open(QIODevice::WriteOnly));
        notPem.write("this is not a certificate\n");
    }

    void cleanupTestCase()
    {
        m_sasl.reset();
        m_ssl.reset();
    }

    void secretsAreTheOwnersOnly()
    {
        for (LocalSandbox* s : { m_sasl.get(), m_ssl.get() }) {
            const sandbox::SecurityFiles& f = s->securityFiles();
            QStringList files { f.dir + "/users.ini", f.caKeyFile, f.keystoreFile,
                s->dataDir() + "/config/server.properties" };
            for (const sandbox::SandboxUser& u : f.users + QList<sandbox::SandboxUser> { f.admin })
                if (!u.keyFile.isEmpty())
                    files << u.keyFile;
            for (const QString& file : files) {
                QVERIFY2(QFileInfo::exists(file), qPrintable(file));
                const auto mode = QFileInfo(file).permissions()
                    & (QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::WriteGroup
                        | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther);
                QVERIFY2(mode == (QFile::ReadOwner | QFile::WriteOwner), qPrintable(file));
            }
        }
        // Generated per sandbox: the two sandboxes share no password.
        QVERIFY(m_sasl->securityFiles().admin.password != m_ssl->securityFiles().admin.password);
        QVERIFY(m_sasl->securityFiles().users.first().password.size() >= 20);
    }

    void eachMechanismAuthenticates_data()
    {
        QTest::addColumn<QString>("mechanism");
        QTest::newRow("SCRAM-SHA-256") << "SCRAM-SHA-256";
        QTest::newRow("SCRAM-SHA-512") << "SCRAM-SHA-512";
        QTest::newRow("PLAIN") << "PLAIN";
    }
    void eachMechanismAuthenticates()
    {
        QFETCH(QString, mechanism);
        const sandbox::SecurityFiles& f = m_sasl->securityFiles();
        // A demo user authenticates and, without ACLs, may do nothing (sees no topic).
        const ConnectionTestResult alice = test(saslAs("alice", mechanism, passwordOf("alice")));
        QVERIFY2(
            alice.steps.size() == 4 && alice.steps[0].passed() && alice.steps[1].passed() && alice.steps[2].passed(),
            qPrintable(stepLine(alice)));
        expectFailure(alice, ConnectionStep::Authorization, "User:alice is authenticated but may do nothing");
        // The super user sees everything.
        const ConnectionTestResult admin = test(saslAs("kafkalab", mechanism, passwordOf("kafkalab")));
        QVERIFY2(admin.ok(), qPrintable(stepLine(admin)));
        QCOMPARE(admin.topics, 9); // the demo topics
        QCOMPARE(admin.brokers, 1);
        // python3-kafka, with the same credentials, sees as much.
        for (const auto& [user, seen] : { std::pair { QStringLiteral("alice"), alice.topics },
                 std::pair { QStringLiteral("kafkalab"), admin.topics } }) {
            const QJsonObject py = python({ { "bootstrap_servers", m_sasl->bootstrap() },
                { "security_protocol", "SASL_SSL" }, { "ssl_cafile", f.caFile }, { "sasl_mechanism", mechanism },
                { "sasl_plain_username", user }, { "sasl_plain_password", passwordOf(user) } });
            QVERIFY2(py.contains("topics"), qPrintable(py.value("error").toString()));
            QCOMPARE(py.value("topics").toInt(), seen);
        }
    }

    void saslFailuresNameTheirCause()
    {
        const ConnectionTestResult wrong = test(saslAs("alice", "SCRAM-SHA-256", "not-the-password"));
        expectFailure(wrong, ConnectionStep::Sasl, "authentication failed with SCRAM-SHA-256 for user 'alice'");
        QVERIFY(wrong.steps[1].passed()); // TLS was fine
        // Kafka's own kafka-topics is refused too, and says why (python3-kafka retries a refused login for ever).
        QFile config(m_files.path() + "/wrong.properties");
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(
            QStringLiteral("security.protocol=SASL_SSL\nssl.truststore.type=PEM\nssl.truststore.location=%1\n"
                           "sasl.mechanism=SCRAM-SHA-256\nsasl.jaas.config=org.apache.kafka.common.security."
                           "scram.ScramLoginModule required username=\"alice\" password=\"not-the-password\";\n")
                .arg(m_sasl->securityFiles().caFile)
                .toUtf8());
        config.close();
        const test::ProcessResult java = test::runKafkaTool("org.apache.kafka.tools.TopicCommand",
            { "--bootstrap-server", m_sasl->bootstrap(), "--command-config", config.fileName(), "--list" }, 60000);
        QVERIFY2(java.exitCode != 0 && (java.err + java.out).contains("Authentication failed"),
            (java.err + java.out).constData());

        expectFailure(test(saslAs("mallory", "PLAIN", "whatever")), ConnectionStep::Sasl,
            "authentication failed with PLAIN for user 'mallory'");
        expectFailure(test(saslAs("mallory", "SCRAM-SHA-512", "whatever")), ConnectionStep::Sasl,
            "the password is wrong or the broker has no such user");
        QList<ClientProperty> oauth = saslAs("alice", "OAUTHBEARER", "unused");
        oauth.removeLast();
        oauth << ClientProperty::of("enable.sasl.oauthbearer.unsecure.jwt", "true")
              << ClientProperty::of("sasl.oauthbearer.config", "principal=alice");
        expectFailure(test(oauth), ConnectionStep::Sasl, "does not enable SASL mechanism OAUTHBEARER");
    }

    void tlsFailuresNameTheirCause()
    {
        QList<ClientProperty> otherCa = saslAs("alice", "PLAIN", passwordOf("alice"));
        otherCa[2].value = m_files.path() + "/other-ca.pem";
        expectFailure(test(otherCa), ConnectionStep::Tls, "not signed by the CA the client trusts");

        QList<ClientProperty> plaintext { ClientProperty::of("bootstrap.servers", m_sasl->bootstrap()) };
        expectFailure(test(plaintext), ConnectionStep::Tls, "expects TLS and the client spoke plaintext");

        const QString alias = otherLoopbackName();
        if (!alias.isEmpty()) { // the certificate is for 127.0.0.1 and localhost
            QList<ClientProperty> byName = saslAs("alice", "PLAIN", passwordOf("alice"));
            byName[0].value = m_sasl->bootstrap().replace("127.0.0.1", alias);
            expectFailure(test(byName), ConnectionStep::Tls, QStringLiteral("is not for host '%1'").arg(alias));
            QList<ClientProperty> localhost = saslAs("kafkalab", "PLAIN", passwordOf("kafkalab"));
            localhost[0].value = m_sasl->bootstrap().replace("127.0.0.1", "localhost");
            QVERIFY2(test(localhost).ok(), "localhost is in the certificate");
        } else {
            qWarning("/etc/hosts names 127.0.0.1 only as localhost: the host name mismatch is not tried");
        }

        QList<ClientProperty> notPem = saslAs("alice", "PLAIN", passwordOf("alice"));
        notPem[2].value = m_files.path() + "/not-pem.pem";
        expectFailure(test(notPem), ConnectionStep::Tls, "holds no PEM certificate");
        if (::geteuid() != 0) { // root reads any file
            QFile::copy(m_sasl->securityFiles().caFile, m_files.path() + "/unreadable.pem");
            QFile::setPermissions(m_files.path() + "/unreadable.pem", QFile::WriteOwner);
            notPem[2].value = m_files.path() + "/unreadable.pem";
            expectFailure(test(notPem), ConnectionStep::Tls, "cannot be read");
        }
    }

    void mutualTls()
    {
        const sandbox::SecurityFiles& f = m_ssl->securityFiles();
        const ConnectionTestResult admin = test(sslWith(f.admin.certFile, f.admin.keyFile));
        QVERIFY2(admin.ok(), qPrintable(stepLine(admin)));
        QCOMPARE(admin.topics, 9);
        const sandbox::SandboxUser& alice = f.users.first();
        const ConnectionTestResult a = test(sslWith(alice.certFile, alice.keyFile));
        QVERIFY2(a.steps[1].passed(), qPrintable(stepLine(a)));
        expectFailure(a, ConnectionStep::Authorization, "may do nothing"); // User:alice, no ACLs
        for (const auto& [user, seen] : { std::pair { &f.admin, admin.topics }, std::pair { &alice, a.topics } }) {
            const QJsonObject py = python({ { "bootstrap_servers", m_ssl->bootstrap() }, { "security_protocol", "SSL" },
                { "ssl_cafile", f.caFile }, { "ssl_certfile", user->certFile }, { "ssl_keyfile", user->keyFile } });
            QVERIFY2(py.contains("topics"), qPrintable(py.value("error").toString()));
            QCOMPARE(py.value("topics").toInt(), seen);
        }

        expectFailure(test(sslWith({}, {})), ConnectionStep::Tls, "requires a client certificate");
        expectFailure(test(sslWith(m_files.path() + "/alice-foreign.pem", m_files.path() + "/alice-key.pem")),
            ConnectionStep::Tls, "refused the client certificate");
        expectFailure(test(sslWith(m_files.path() + "/alice-expired.pem", m_files.path() + "/alice-key.pem")),
            ConnectionStep::Tls, "has expired");
        // SASL is what this listener does not speak: TLS is fine, then the broker hangs up on SASL.
        QList<ClientProperty> saslOnSsl = sslWith(alice.certFile, alice.keyFile);
        saslOnSsl[1].value = "sasl_ssl";
        saslOnSsl << ClientProperty::of("sasl.mechanisms", "PLAIN") << ClientProperty::of("sasl.username", "alice")
                  << ClientProperty::of("sasl.password", "x");
        const ConnectionTestResult mixed = test(saslOnSsl);
        QVERIFY2(mixed.failedStep && *mixed.failedStep != ConnectionStep::Tcp, qPrintable(stepLine(mixed)));
    }

    void cliConnectTestNamesTheStep()
    {
        const sandbox::SecurityFiles& f = m_sasl->securityFiles();
        const QString cli = test::builtProgram("app/kafkalab-cli");
        const test::ProcessResult ok = test::run(cli,
            { "connect-test", "--bootstrap", m_sasl->bootstrap(), "-X", "security.protocol=sasl_ssl", "-X",
                "ssl.ca.location=" + f.caFile, "-X", "sasl.mechanisms=SCRAM-SHA-512", "-X", "sasl.username=kafkalab",
                "-X", "sasl.password=" + passwordOf("kafkalab") });
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        QVERIFY2(ok.out.contains("SASL: ok: authenticated as kafkalab with SCRAM-SHA-512"), ok.out.constData());
        QVERIFY2(ok.out.contains("authorization: ok:"), ok.out.constData());
        const test::ProcessResult bad = test::run(cli,
            { "connect-test", "--bootstrap", m_sasl->bootstrap(), "-X", "security.protocol=sasl_ssl", "-X",
                "ssl.ca.location=" + f.caFile, "-X", "sasl.mechanisms=SCRAM-SHA-256", "-X", "sasl.username=alice", "-X",
                "sasl.password=wrong" });
        KAFKALAB_COMPARE_EXIT(bad, 1);
        QVERIFY2(bad.err.contains("connect-test failed at SASL: authentication failed with SCRAM-SHA-256"),
            bad.err.constData());
        QVERIFY2(bad.out.contains("TLS: ok") && bad.out.contains("authorization: skipped"), bad.out.constData());
    }

    void aDataDirectoryKeepsItsSecurity()
    {
        // A data directory formatted for an ssl sandbox, started as sasl_ssl: refused before any process starts,
        // and nothing is made in it.
        QTemporaryDir dir;
        {
            QSettings saved(dir.path() + "/kafkalab-sandbox.ini", QSettings::IniFormat);
            saved.setValue("cluster_id", "AAAAAAAAAAAAAAAAAAAAAA");
            saved.setValue("security", "ssl");
        }
        SandboxOptions o;
        o.dataDir = dir.path();
        o.controlSocket = false;
        o.security = sandbox::Security::SaslSsl;
        LocalSandbox other(o);
        other.start();
        QTRY_VERIFY_WITH_TIMEOUT(other.state() == LocalSandbox::State::Failed, 20000);
        QVERIFY2(other.errorString().contains("holds a ssl sandbox; start it with --security ssl"),
            qPrintable(other.errorString()));
        QVERIFY(!QFileInfo::exists(dir.path() + "/security"));
        QCOMPARE(other.brokersUp(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSecurity)
#include "test_security.moc"
