#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/connectionprofile.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

class TestClientProperties : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesLinesWithNumbers()
    {
        const ParsedProperties p
            = parsePropertyLines(QStringLiteral("# comment\n\nclient.id = qa\nnonsense\n=x\nacks=all"));
        QCOMPARE(p.properties.size(), 2);
        QCOMPARE(p.properties[0].key, QStringLiteral("client.id"));
        QCOMPARE(p.properties[0].value, QStringLiteral("qa"));
        QCOMPARE(p.properties[0].line, 3);
        QCOMPARE(p.properties[1].line, 6);
        QCOMPARE(p.problems.size(), 2);
        QCOMPARE(p.problems[0].line, 4);
        QVERIFY(p.problems[0].message.contains(QLatin1String("no '='")));
        QCOMPARE(p.problems[1].line, 5);
    }

    void unknownPropertyIsNamedOnItsLine()
    {
        const ParsedProperties p = parsePropertyLines(QStringLiteral("client.id=a\nno.such.property=1"));
        const QList<PropertyProblem> problems = validateProperties(p.properties);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].line, 2);
        QCOMPARE(problems[0].key, QStringLiteral("no.such.property"));
        QVERIFY2(problems[0].message.contains(QLatin1String("unknown property")), qPrintable(problems[0].message));
        QVERIFY(describeProblem(problems[0]).startsWith(QLatin1String("line 2: ")));
    }

    void badValueIsExplainedByLibrdkafka()
    {
        const ParsedProperties p = parsePropertyLines(QStringLiteral("acks=banana\nsocket.timeout.ms=ten"));
        const QList<PropertyProblem> problems = validateProperties(p.properties);
        QCOMPARE(problems.size(), 2);
        QCOMPARE(problems[0].line, 1);
        QVERIFY2(problems[0].message.contains(QLatin1String("Invalid value")), qPrintable(problems[0].message));
        QCOMPARE(problems[1].line, 2);
    }

    void goodPropertiesPass()
    {
        const ParsedProperties p = parsePropertyLines(QStringLiteral(
            "client.id=kafkalab\nsocket.timeout.ms=30000\nsecurity.protocol=SASL_SSL\nsasl.mechanisms=SCRAM-SHA-512"));
        QVERIFY(p.problems.isEmpty());
        QVERIFY(validateProperties(p.properties).isEmpty());
        QList<PropertyProblem> problems;
        QVERIFY(buildConf(p.properties, &problems) != nullptr);
    }

    void secretValuesNeverAppearInMessages()
    {
        ClientProperty p = ClientProperty::of(QStringLiteral("ssl.key.password"), QStringLiteral("hunter2"));
        p.secret = true;
        // A valid value passes; the point is that an invalid secret is reported without its value.
        ClientProperty bad = ClientProperty::of(QStringLiteral("socket.timeout.ms"), QStringLiteral("hunter2"));
        bad.secret = true;
        const QList<PropertyProblem> problems = validateProperties({ p, bad });
        QCOMPARE(problems.size(), 1);
        QVERIFY(!problems[0].message.contains(QLatin1String("hunter2")));
    }

    void profileFieldsBecomeProperties()
    {
        ConnectionProfile profile;
        profile.name = QStringLiteral("qa");
        profile.bootstrap = QStringLiteral("kafka-1:9092");
        profile.securityProtocol = QStringLiteral("sasl_ssl");
        profile.saslMechanism = QStringLiteral("SCRAM-SHA-256");
        profile.username = QStringLiteral("alice");
        profile.extraProperties = QStringLiteral("client.id=x");
        QVERIFY(profile.needsPassword());
        profile.password = QStringLiteral("s3cret");
        QVERIFY(!profile.needsPassword());
        const QList<ClientProperty> props = profile.toProperties();
        QStringList keys;
        for (const ClientProperty& p : props)
            keys.append(p.key);
        QCOMPARE(keys,
            QStringList({ "bootstrap.servers", "security.protocol", "sasl.mechanisms", "sasl.username", "sasl.password",
                "client.id" }));
        QVERIFY(profile.validate().isEmpty());

        ConnectionProfile empty;
        const QList<PropertyProblem> problems = empty.validate();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].key, QStringLiteral("bootstrap.servers"));
    }

    void passwordsAreNeverSaved()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("profiles.ini"));
        ConnectionProfile profile;
        profile.name = QStringLiteral("prod");
        profile.bootstrap = QStringLiteral("b:9092");
        profile.securityProtocol = QStringLiteral("sasl_plaintext");
        profile.saslMechanism = QStringLiteral("PLAIN");
        profile.username = QStringLiteral("bob");
        profile.password = QStringLiteral("topsecret-password");
        profile.extraProperties = QStringLiteral("client.id=a\nssl.key.password=alsosecret\nacks=all");
        {
            QSettings settings(file, QSettings::IniFormat);
            ProfileStore::save(settings, { profile });
        }
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray text = raw.readAll();
        QVERIFY(!text.contains("topsecret-password"));
        QVERIFY(!text.contains("alsosecret"));
        QSettings settings(file, QSettings::IniFormat);
        const QList<ConnectionProfile> loaded = ProfileStore::load(settings);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded[0].name, QStringLiteral("prod"));
        QCOMPARE(loaded[0].username, QStringLiteral("bob"));
        QVERIFY(loaded[0].password.isEmpty());
        QVERIFY(loaded[0].needsPassword());
        QCOMPARE(loaded[0].extraProperties, QStringLiteral("client.id=a\nacks=all"));
    }
};

QTEST_GUILESS_MAIN(TestClientProperties)
#include "test_clientproperties.moc"
