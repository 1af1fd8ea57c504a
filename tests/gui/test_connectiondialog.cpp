#include "widgets/common/connectiondialog.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

class TestConnectionDialog : public QObject {
    Q_OBJECT

    static void settle(ConnectionDialog& dialog) { QTRY_VERIFY_WITH_TIMEOUT(!dialog.validationPending(), 5000); }

private Q_SLOTS:
    void problemsShowNextToTheirLine()
    {
        ConnectionDialog dialog({});
        dialog.show();
        QTest::keyClicks(dialog.bootstrapEdit(), QStringLiteral("127.0.0.1:9092"));
        dialog.propertiesEdit()->setPlainText(QStringLiteral("client.id=qa\nno.such.property=1\nacks=banana\njunk"));
        settle(dialog);
        const QString text = dialog.propertiesMessage()->text();
        QVERIFY(dialog.propertiesMessage()->isVisible());
        QVERIFY2(text.contains(QLatin1String("line 2: unknown property 'no.such.property'")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("line 3: Invalid value")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("line 4: expected key=value")), qPrintable(text));
        QCOMPARE(dialog.propertiesEdit()->extraSelections().size(), 3);
        QVERIFY(!dialog.connectButton()->isEnabled());

        // The text the user typed is kept; fixing the lines clears the marks.
        dialog.propertiesEdit()->setPlainText(QStringLiteral("client.id=qa\nacks=all"));
        settle(dialog);
        QVERIFY(!dialog.propertiesMessage()->isVisible());
        QVERIFY(dialog.propertiesEdit()->extraSelections().isEmpty());
        QVERIFY(dialog.connectButton()->isEnabled());
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
        QTRY_COMPARE(accepted.size(), 1);
        QCOMPARE(dialog.profile().bootstrap, QStringLiteral("127.0.0.1:9092"));
        QCOMPARE(dialog.profile().toProperties().size(), 4);
    }

    void emptyBootstrapIsNamed()
    {
        ConnectionDialog dialog({});
        dialog.show();
        settle(dialog);
        QVERIFY(!dialog.connectButton()->isEnabled());
        bool found = false;
        for (const PropertyProblem& p : dialog.problems())
            found |= p.key == QLatin1String("bootstrap.servers");
        QVERIFY(found);
    }

    void savedProfilesComeBackWithoutPassword()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("staging");
        p.bootstrap = QStringLiteral("staging-kafka:9092");
        ConnectionDialog dialog({ p });
        QCOMPARE(dialog.bootstrapEdit()->text(), QStringLiteral("staging-kafka:9092"));
        settle(dialog);
        QVERIFY(dialog.connectButton()->isEnabled());
    }

    // Test connection runs its steps off the GUI thread and says which step failed.
    void testConnectionNamesTheFailedStep()
    {
        ConnectionDialog dialog({});
        dialog.bootstrapEdit()->setText(QStringLiteral("127.0.0.1:1")); // nothing listens there
        settle(dialog);
        QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
        QCOMPARE(dialog.testButton()->text(), QStringLiteral("Cancel test"));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.testReport()->text().contains(QStringLiteral("Failed at TCP.")), 15000);
        QVERIFY2(dialog.testReport()->text().contains(QStringLiteral("TCP: FAILED")),
            qPrintable(dialog.testReport()->text()));
        QVERIFY(dialog.testReport()->text().contains(QStringLiteral("authorization: skipped")));
        QCOMPARE(dialog.testButton()->text(), QStringLiteral("Test connection"));
    }

    // A broker that accepts the connection and never answers: the test can be cancelled at once.
    void testConnectionCanBeCancelled()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        ConnectionDialog dialog({});
        dialog.bootstrapEdit()->setText(QStringLiteral("127.0.0.1:%1").arg(silent.serverPort()));
        settle(dialog);
        QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.testReport()->text().contains(QStringLiteral("TCP: ok")), 10000);
        QVERIFY(dialog.tester()->running());
        QTest::mouseClick(dialog.testButton(), Qt::LeftButton); // "Cancel test"
        QVERIFY(!dialog.tester()->running());
        QVERIFY(dialog.testReport()->text().contains(QStringLiteral("Test cancelled.")));
        QCOMPARE(dialog.testButton()->text(), QStringLiteral("Test connection"));
    }

    // A CA file that is not PEM is named beside the fields, before any connection.
    void badCaFileIsNamed()
    {
        QTemporaryDir dir;
        QFile notPem(dir.path() + QStringLiteral("/ca.pem"));
        QVERIFY(notPem.open(QIODevice::WriteOnly));
        notPem.write("not a certificate\n");
        notPem.close();
        ConnectionProfile p;
        p.bootstrap = QStringLiteral("127.0.0.1:9093");
        p.securityProtocol = QStringLiteral("ssl");
        p.caFile = notPem.fileName();
        ConnectionDialog dialog({});
        dialog.setProfile(p);
        settle(dialog);
        QVERIFY(!dialog.connectButton()->isEnabled());
        bool named = false;
        for (const PropertyProblem& problem : dialog.problems())
            named |= problem.field == QStringLiteral("CA file")
                && problem.message.contains(QStringLiteral("holds no PEM certificate"));
        QVERIFY(named);
    }

    // The schema registry: a bad URL, a user and a token together, an unreadable CA file each say so beside the
    // fields and keep Connect off; the profile carries the registry, and a saved one drops its password and token.
    void registryFieldsAreCheckedAndItsSecretsNotSaved()
    {
        ConnectionDialog dialog({});
        dialog.show();
        QTest::keyClicks(dialog.bootstrapEdit(), QStringLiteral("127.0.0.1:9092"));
        settle(dialog);
        QVERIFY(dialog.connectButton()->isEnabled());
        dialog.registryUrlEdit()->setText(QStringLiteral("ftp://registry:8081"));
        QVERIFY(dialog.registryMessage()->isVisible());
        QVERIFY2(dialog.registryMessage()->text().contains(QLatin1String("http:// or https://")),
            qPrintable(dialog.registryMessage()->text()));
        QVERIFY(!dialog.connectButton()->isEnabled());
        dialog.registryUrlEdit()->setText(QStringLiteral("https://registry:8081"));
        QVERIFY(!dialog.registryMessage()->isVisible());
        QVERIFY(dialog.connectButton()->isEnabled());
        dialog.registryUserEdit()->setText(QStringLiteral("qa"));
        dialog.registryTokenEdit()->setText(QStringLiteral("t0ken"));
        QVERIFY(dialog.registryMessage()->text().contains(QLatin1String("not both")));
        QVERIFY(!dialog.connectButton()->isEnabled());
        dialog.registryTokenEdit()->clear();
        dialog.registryCaEdit()->setText(QStringLiteral("/no/such/ca.pem"));
        QVERIFY(dialog.registryMessage()->text().contains(QLatin1String("cannot be read")));
        dialog.registryCaEdit()->clear();
        dialog.registryPasswordEdit()->setText(QStringLiteral("s3cret"));
        QVERIFY(!dialog.registryMessage()->isVisible());
        settle(dialog);
        QVERIFY(dialog.connectButton()->isEnabled());
        const ConnectionProfile p = dialog.profile();
        QCOMPARE(p.registryConnection().url, QStringLiteral("https://registry:8081"));
        QCOMPARE(p.registryConnection().user, QStringLiteral("qa"));
        QCOMPARE(p.registryConnection().password, QStringLiteral("s3cret"));

        // Saved: no password, and none written to the settings file either.
        dialog.nameEdit()->setText(QStringLiteral("with-registry"));
        const auto buttons = dialog.findChildren<QPushButton*>();
        for (QPushButton* b : buttons)
            if (b->text() == QLatin1String("Save profile"))
                b->click();
        QCOMPARE(dialog.profiles().size(), 1);
        QCOMPARE(dialog.profiles().first().registryUrl, QStringLiteral("https://registry:8081"));
        QVERIFY(dialog.profiles().first().registryPassword.isEmpty());
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("k.ini")), QSettings::IniFormat);
        ConnectionProfile withSecrets = p;
        withSecrets.name = QStringLiteral("with-registry");
        withSecrets.registryToken = QStringLiteral("t0ken");
        ProfileStore::save(settings, { withSecrets });
        settings.sync();
        QFile file(dir.filePath(QStringLiteral("k.ini")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("registry:8081"));
        QVERIFY(!text.contains("s3cret"));
        QVERIFY(!text.contains("t0ken"));
        const QList<ConnectionProfile> loaded = ProfileStore::load(settings);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().registryUser, QStringLiteral("qa"));
        QCOMPARE(loaded.first().registryUrl, QStringLiteral("https://registry:8081"));
    }
};

QTEST_MAIN(TestConnectionDialog)
#include "test_connectiondialog.moc"
