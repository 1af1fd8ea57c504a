#include "widgets/common/connectiondialog.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
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
