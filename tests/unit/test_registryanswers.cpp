// What kafkalab says when a schema registry refuses it, fails or answers nonsense: the reader's client
// (SchemaRegistryClient, used to decode) and the administration client (RegistryAdminClient, the Schemas page and
// `kafkalab-cli schema ...`), against a stand-in HTTP server (tests/support/registry_standin.py) that answers as a
// secured Confluent registry does — the sandbox's Apicurio cannot be secured without an OpenID provider. Basic auth and
// bearer tokens are sent as the server checks them: the right ones are let in.
#include "kafkacore/schemas/registryadmin.h"
#include "kafkacore/schemas/schemaregistry.h"

#include <QProcess>
#include <QTest>

using namespace kafkalab;
using namespace kafkalab::schemas;

class TestRegistryAnswers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_server.setProgram(QStringLiteral("python3"));
        m_server.setArguments(
            { qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/tests/support/registry_standin.py") });
        m_server.start();
        QVERIFY2(m_server.waitForStarted(10000), qPrintable(m_server.errorString()));
        for (int i = 0; i < 100 && !m_server.canReadLine(); ++i)
            m_server.waitForReadyRead(100);
        bool ok = false;
        const int port = m_server.readLine().trimmed().toInt(&ok);
        QVERIFY2(ok && port > 0, "the stand-in registry printed no port");
        m_base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    }
    void cleanupTestCase()
    {
        m_server.kill();
        m_server.waitForFinished(5000);
    }

    void theRightCredentialsAreLetIn_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("token");
        QTest::newRow("basic auth") << "alice"
                                    << "s3cret" << QString();
        QTest::newRow("bearer token") << QString() << QString() << "tok-123";
    }
    void theRightCredentialsAreLetIn()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, token);
        SchemaRegistryClient reader(connection(QStringLiteral("/secured"), user, password, token));
        QString error;
        const auto schema = reader.schemaById(1, &error);
        QVERIFY2(schema, qPrintable(error));
        QCOMPARE(schema->type, SchemaType::Avro);
        RegistryAdminClient admin(connection(QStringLiteral("/secured"), user, password, token));
        const auto subjects = admin.subjects(false, &error);
        QVERIFY2(subjects, qPrintable(error));
        QCOMPARE(*subjects, QStringList { QStringLiteral("orders-value") });
    }

    // 401 (no or wrong credentials) and 403 (a user without access): the registry's words, the status, and what to
    // check — never "does not exist", never a schema.
    void refusalsSayWhoRefusedAndWhy_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("words");
        QTest::newRow("no credentials") << QString() << QString() << QString() << "HTTP 401"
                                        << "Unauthorized";
        QTest::newRow("wrong password") << "alice"
                                        << "wrong" << QString() << "HTTP 401"
                                        << "Unauthorized";
        QTest::newRow("wrong token") << QString() << QString() << "tok-999"
                                     << "HTTP 401"
                                     << "Unauthorized";
        QTest::newRow("no access") << "bob"
                                   << "b0b-pw" << QString() << "HTTP 403"
                                   << "User cannot access the resource.";
    }
    void refusalsSayWhoRefusedAndWhy()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, token);
        QFETCH(QString, status);
        QFETCH(QString, words);
        const RegistryConnection c = connection(QStringLiteral("/secured"), user, password, token);
        QString error;
        SchemaRegistryClient reader(c);
        QVERIFY(!reader.schemaById(7, &error));
        for (const QString& part : { c.url, QStringLiteral("refused"), status, words, QStringLiteral("password") })
            QVERIFY2(error.contains(part), qPrintable(QStringLiteral("missing '%1' in: %2").arg(part, error)));
        QVERIFY2(!error.contains(QStringLiteral("does not exist")), qPrintable(error));
        if (!password.isEmpty())
            QVERIFY2(!error.contains(password), "the message shows the password");
        if (!token.isEmpty())
            QVERIFY2(!error.contains(token), "the message shows the token");

        error.clear();
        RegistryAdminClient admin(c);
        QVERIFY(!admin.subjects(false, &error));
        for (const QString& part : { c.url, QStringLiteral("refused"), status, words })
            QVERIFY2(error.contains(part), qPrintable(QStringLiteral("missing '%1' in: %2").arg(part, error)));
        error.clear();
        QVERIFY(!admin.setCompatibility(QStringLiteral("orders-value"), QStringLiteral("FULL"), &error));
        QVERIFY2(error.contains(status), qPrintable(error));
    }

    void aFailingOrStrangeRegistryIsNamed()
    {
        QString error;
        SchemaRegistryClient broken(connection(QStringLiteral("/broken")));
        QVERIFY(!broken.schemaById(1, &error));
        QVERIFY2(error.contains(QStringLiteral("HTTP 500")), qPrintable(error));

        error.clear();
        RegistryAdminClient notJson(connection(QStringLiteral("/notjson")));
        QVERIFY(!notJson.subjects(false, &error));
        QVERIFY2(error.contains(QStringLiteral("not JSON")) && error.contains(QStringLiteral("login page")),
            qPrintable(error));

        // Nothing listens on port 1: cannot be reached, said with the URL, and fast (no retry loop).
        error.clear();
        RegistryConnection down;
        down.url = QStringLiteral("http://127.0.0.1:1");
        SchemaRegistryClient unreachable(down);
        QVERIFY(!unreachable.schemaById(1, &error));
        QVERIFY2(error.contains(QStringLiteral("cannot be reached")) && error.contains(down.url), qPrintable(error));
    }

private:
    RegistryConnection connection(
        const QString& prefix, const QString& user = {}, const QString& password = {}, const QString& token = {}) const
    {
        RegistryConnection c;
        c.url = m_base + prefix;
        c.user = user;
        c.password = password;
        c.bearerToken = token;
        c.timeoutMs = 10000;
        return c;
    }

    QProcess m_server;
    QString m_base;
};

QTEST_GUILESS_MAIN(TestRegistryAnswers)
#include "test_registryanswers.moc"
