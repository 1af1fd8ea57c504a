// Profile secrets in a real system keychain: a Secret Service (gnome-keyring-daemon) in a private D-Bus session that
// tests/support/with-secret-service starts around this test, and a sasl_ssl sandbox of its own (one broker). The
// connection dialog saves a profile with a SCRAM password only in the keychain (read back with libsecret's own
// secret-tool), never in the settings file, the exported profile or the logs; the main window and kafkalab-cli
// --profile connect with it without being told the password (the cluster id cross-checked with python3-kafka);
// renaming and deleting the profile move and remove its keychain entries; without a session bus the CLI says how to
// give the password instead.
#include "kafkacore/client/secretstore.h"
#include "kafkacore/sandbox/localsandbox.h"
#include "mainwindow.h"
#include "testsupport.h"
#include "widgets/common/connectiondialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

namespace {

QStringList g_messages; // every Qt message of the run: the logs, checked for the secret

void collect(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_messages.append(message);
    std::fprintf(stderr, "%s\n", qPrintable(message));
}

// libsecret's own client, not QtKeychain: QtKeychain's schema keeps the service as "server" and the key as "user".
QString secretToolLookup(const QString& key)
{
    const test::ProcessResult r = test::run(QStringLiteral("secret-tool"),
        { QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("kafkalab"), QStringLiteral("user"),
            key });
    return QString::fromUtf8(r.out);
}

} // namespace

class TestKeychain : public QObject {
    Q_OBJECT

    QTemporaryDir m_config; // XDG_CONFIG_HOME: the settings file of this run alone
    std::unique_ptr<LocalSandbox> m_sandbox;
    QString m_user;
    QString m_password;
    const QString m_profile = QStringLiteral("secured-lab");

    static QString cli() { return test::builtProgram(QStringLiteral("app/kafkalab-cli")); }

    QString settingsText() const
    {
        QFile f(m_config.filePath(QStringLiteral("kafkalab/kafkalab.conf")));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    static void settle(ConnectionDialog& d)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!d.keychainBusy(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!d.validationPending(), 10000);
    }
    // The cluster id as python3-kafka sees it with the same user, password and CA.
    QString pythonClusterId() const
    {
        const QJsonObject cfg { { QStringLiteral("bootstrap_servers"), m_sandbox->bootstrap() },
            { QStringLiteral("security_protocol"), QStringLiteral("SASL_SSL") },
            { QStringLiteral("ssl_cafile"), m_sandbox->securityFiles().caFile },
            { QStringLiteral("sasl_mechanism"), QStringLiteral("SCRAM-SHA-256") },
            { QStringLiteral("sasl_plain_username"), m_user }, { QStringLiteral("sasl_plain_password"), m_password } };
        const test::ProcessResult r = test::run(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral("-c"),
                QStringLiteral("import json, sys\nfrom kafka import KafkaAdminClient\n"
                               "a = KafkaAdminClient(api_version=(2, 5, 0), **json.loads(sys.argv[1]))\n"
                               "print(a.describe_cluster()['cluster_id'])\na.close()\n"),
                QString::fromUtf8(QJsonDocument(cfg).toJson(QJsonDocument::Compact)) },
            60000);
        if (r.exitCode != 0)
            qWarning("python3-kafka: %s", r.err.constData());
        return QString::fromUtf8(r.out).trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
            "no D-Bus session bus: run this test through tests/support/with-secret-service (ctest does)");
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("kafkalab"));
        QCoreApplication::setApplicationName(QStringLiteral("kafkalab")); // as the GUI and kafkalab-cli
        qInstallMessageHandler(collect);
        SandboxOptions o;
        o.security = sandbox::Security::SaslSsl;
        o.controlSocket = false;
        o.heapMb = 512;
        m_sandbox = std::make_unique<LocalSandbox>(o);
        m_sandbox->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_sandbox->state() != LocalSandbox::State::Starting, 180000);
        QVERIFY2(m_sandbox->state() == LocalSandbox::State::Running, qPrintable(m_sandbox->errorString()));
        const sandbox::SandboxUser& u = m_sandbox->securityFiles().users.first();
        m_user = u.name;
        m_password = u.password;
        QVERIFY(m_password.size() >= 20);
    }

    void cleanupTestCase()
    {
        m_sandbox.reset();
        qInstallMessageHandler(nullptr);
    }

    // Ticked and saved: the password is in the keychain and nowhere else; a new dialog reads it back.
    void theDialogSavesTheSecretOnlyInTheKeychain()
    {
        KeychainSecretStore store;
        {
            ConnectionDialog dialog({}, &store);
            settle(dialog);
            QVERIFY2(dialog.keychainBox()->isEnabled(), qPrintable(dialog.keychainMessage()->text()));
            dialog.nameEdit()->setText(m_profile);
            dialog.bootstrapEdit()->setText(m_sandbox->bootstrap());
            dialog.securityCombo()->setCurrentText(QStringLiteral("sasl_ssl"));
            dialog.mechanismCombo()->setCurrentText(QStringLiteral("SCRAM-SHA-256"));
            dialog.usernameEdit()->setText(m_user);
            dialog.passwordEdit()->setText(m_password);
            dialog.caFileEdit()->setText(m_sandbox->securityFiles().caFile);
            dialog.keychainBox()->setChecked(true);
            dialog.saveButton()->click();
            settle(dialog);
            QVERIFY2(dialog.keychainMessage()->text().contains(QLatin1String("Saved in the system keychain: password")),
                qPrintable(dialog.keychainMessage()->text()));
            QCOMPARE(dialog.profiles().size(), 1);
            QVERIFY(dialog.profiles().first().password.isEmpty());
            QVERIFY(dialog.profiles().first().secretsInKeychain);
            QSettings settings;
            ProfileStore::save(settings, dialog.profiles()); // what the main window does as the dialog closes
        }
        QCOMPARE(secretToolLookup(m_profile + QStringLiteral("/password")), m_password);

        const QString text = settingsText();
        QVERIFY2(text.contains(m_sandbox->bootstrap()) && text.contains(m_user), qPrintable(text));
        QVERIFY2(!text.contains(m_password), "the password is in the settings file");

        const test::ProcessResult exported = test::run(cli(), { "profiles", "--json" });
        KAFKALAB_COMPARE_EXIT(exported, 0);
        const QJsonArray all = QJsonDocument::fromJson(exported.out).array();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first()[QLatin1String("name")].toString(), m_profile);
        QCOMPARE(all.first()[QLatin1String("secrets")].toString(), QStringLiteral("system keychain"));
        QVERIFY(!exported.out.contains(m_password.toUtf8()));

        QSettings settings;
        ConnectionDialog again(ProfileStore::load(settings), &store);
        settle(again);
        QCOMPARE(again.nameEdit()->text(), m_profile);
        QVERIFY(again.keychainBox()->isChecked());
        QCOMPARE(again.passwordEdit()->text(), m_password);
    }

    // The saved profile, without its password, connects: the main window reads it from the keychain.
    void theMainWindowConnectsWithoutAskingThePassword()
    {
        MainWindowOptions options;
        options.startSandbox = false;
        MainWindow window(options);
        window.show();
        QSettings settings;
        const QList<ConnectionProfile> saved = ProfileStore::load(settings);
        QCOMPARE(saved.size(), 1);
        QVERIFY(saved.first().password.isEmpty() && saved.first().needsPassword());
        window.connectToProfile(saved.first());
        const auto settled = [&window] {
            const ClusterSession::State st = window.session()->state();
            return (st != ClusterSession::State::Connecting && st != ClusterSession::State::Idle)
                || QApplication::activeModalWidget() != nullptr; // asked: a failure, seen below
        };
        QTRY_VERIFY_WITH_TIMEOUT(settled(), 60000);
        QVERIFY2(!QApplication::activeModalWidget(), "the window asked for the password");
        QVERIFY2(window.session()->state() == ClusterSession::State::Connected, qPrintable(window.bannerText()));
        QCOMPARE(window.session()->clusterId(), pythonClusterId());
        const QString log = window.brokerLog()->toPlainText();
        QVERIFY2(log.contains(QLatin1String("password read from the system keychain")), qPrintable(log));
        QVERIFY(!log.contains(m_password));
    }

    // kafkalab-cli --profile reads it too; without a session bus it says how to give it instead.
    void theCliReadsTheKeychain()
    {
        const test::ProcessResult r = test::run(cli(), { "cluster", "--profile", m_profile, "--json" });
        KAFKALAB_COMPARE_EXIT(r, 0);
        const QString clusterId = QJsonDocument::fromJson(r.out).object().value(QLatin1String("cluster_id")).toString();
        QCOMPARE(clusterId, pythonClusterId());
        QVERIFY(!r.out.contains(m_password.toUtf8()) && !r.err.contains(m_password.toUtf8()));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_config.filePath(QStringLiteral("no-runtime")));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(cli(), { "cluster", "--profile", m_profile, "--json" });
        QVERIFY(p.waitForFinished(60000));
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.contains("D-Bus session bus") && err.contains("KAFKALAB_PROFILE_PASSWORD"), err.constData());
        env.insert(QStringLiteral("KAFKALAB_PROFILE_PASSWORD"), m_password);
        p.setProcessEnvironment(env);
        p.start(cli(), { "cluster", "--profile", m_profile, "--json" });
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }

    // Renamed: the entries move; deleted: they are gone; unticked: none is written.
    void renameAndDeleteMoveTheEntries()
    {
        KeychainSecretStore store;
        QSettings settings;
        ConnectionDialog dialog(ProfileStore::load(settings), &store);
        settle(dialog);
        QCOMPARE(dialog.passwordEdit()->text(), m_password);
        const QString renamed = m_profile + QStringLiteral("-renamed");
        dialog.nameEdit()->setText(renamed);
        dialog.renameButton()->click();
        settle(dialog);
        QVERIFY2(dialog.keychainMessage()->text().contains(QLatin1String("moved")),
            qPrintable(dialog.keychainMessage()->text()));
        QCOMPARE(dialog.profiles().first().name, renamed);
        QCOMPARE(secretToolLookup(renamed + QStringLiteral("/password")), m_password);
        QCOMPARE(secretToolLookup(m_profile + QStringLiteral("/password")), QString());

        dialog.deleteButton()->click();
        settle(dialog);
        QVERIFY(dialog.profiles().isEmpty());
        QCOMPARE(secretToolLookup(renamed + QStringLiteral("/password")), QString());

        // Not ticked: saved without the keychain, and nothing written to it.
        dialog.nameEdit()->setText(QStringLiteral("unticked"));
        dialog.passwordEdit()->setText(QStringLiteral("typed-but-not-kept"));
        dialog.keychainBox()->setChecked(false);
        dialog.saveButton()->click();
        settle(dialog);
        QCOMPARE(secretToolLookup(QStringLiteral("unticked/password")), QString());
        QVERIFY(!dialog.profiles().first().secretsInKeychain);
    }

    // No session bus: the box says why beside it and cannot be ticked; a profile whose secrets are in the keychain
    // keeps saying so when saved again (its entries stay for a session that has the keychain).
    void withoutABusTheDialogSaysSo()
    {
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("XDG_RUNTIME_DIR", m_config.filePath(QStringLiteral("no-runtime")).toUtf8());
        KeychainSecretStore store;
        ConnectionProfile kept;
        kept.name = QStringLiteral("kept");
        kept.bootstrap = m_sandbox->bootstrap();
        kept.secretsInKeychain = true;
        {
            ConnectionDialog dialog({ kept }, &store);
            settle(dialog);
            QVERIFY(!dialog.keychainBox()->isEnabled());
            QVERIFY(dialog.keychainBox()->isChecked());
            QVERIFY2(dialog.keychainMessage()->text().contains(QLatin1String("no D-Bus session bus")),
                qPrintable(dialog.keychainMessage()->text()));
            dialog.saveButton()->click();
            settle(dialog);
            QVERIFY(dialog.profiles().first().secretsInKeychain);
        }
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
        qputenv("XDG_RUNTIME_DIR", runtime);
    }

    // Nothing any part of the run logged holds the password.
    void noLogHoldsTheSecret()
    {
        for (const QString& m : std::as_const(g_messages))
            QVERIFY2(!m.contains(m_password), qPrintable(m));
    }
};

QTEST_MAIN(TestKeychain)
#include "test_keychain.moc"
