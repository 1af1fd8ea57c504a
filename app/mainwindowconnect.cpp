// The main window's way to a saved cluster: the connection dialog (profiles saved in the settings, their secrets only
// in the system keychain), the secrets read from the keychain at connect time without blocking the window, and the
// passwords asked for when the keychain does not give them.
#include "mainwindow.h"

#include "kafkacore/client/secretstore.h"
#include "widgets/common/connectiondialog.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QSettings>

namespace kafkalab {

namespace {

bool lacksSecret(const ConnectionProfile& p)
{
    return p.needsPassword() || p.needsRegistryPassword()
        || (p.keyPassword.isEmpty() && !p.clientKeyFile.trimmed().isEmpty());
}

} // namespace

void MainWindow::openConnectionDialog()
{
    QSettings settings;
    ConnectionDialog dialog(ProfileStore::load(settings), m_secrets, this);
    const int result = dialog.exec();
    ProfileStore::save(settings, dialog.profiles()); // without secrets: those are in the keychain or nowhere
    if (result == QDialog::Accepted) {
        ConnectionProfile p = dialog.profile();
        if (p.name.isEmpty())
            p.name = p.bootstrap;
        connectToProfile(p);
    }
}

void MainWindow::connectNow(const ConnectionProfile& profile)
{
    const int generation = ++m_secretsGeneration;
    if (!profile.secretsInKeychain || !lacksSecret(profile)) {
        askMissingSecretsAndConnect(profile, QString());
        return;
    }
    if (const QString reason = m_secrets->unavailableReason(); !reason.isEmpty()) {
        askMissingSecretsAndConnect(profile, reason);
        return;
    }
    showBusy(tr("Reading the secrets of %1 from the system keychain…").arg(profile.name));
    loadProfileSecrets(
        *m_secrets, profile, this, [this, generation](const ConnectionProfile& loaded, const SecretsOutcome& outcome) {
            if (generation != m_secretsGeneration)
                return; // another connect came since
            hideBanner();
            if (!outcome.done.isEmpty())
                appendLog({ tr("%1: %2 read from the system keychain")
                                .arg(loaded.name, outcome.done.join(QLatin1String(", "))) });
            askMissingSecretsAndConnect(loaded, outcome.error);
        });
}

void MainWindow::askMissingSecretsAndConnect(ConnectionProfile p, const QString& keychainNote)
{
    const QString why = keychainNote.isEmpty() ? QString() : tr("\n(The system keychain: %1.)").arg(keychainNote);
    if (p.needsPassword()) {
        bool ok = false;
        p.password = QInputDialog::getText(this, tr("Password"),
            tr("Password for %1 on %2 (not saved):").arg(p.username, p.name) + why, QLineEdit::Password, QString(),
            &ok);
        if (!ok)
            return;
    }
    if (p.needsRegistryPassword()) {
        bool ok = false;
        p.registryPassword = QInputDialog::getText(this, tr("Schema registry password"),
            tr("Password for %1 on the schema registry %2 (not saved):").arg(p.registryUser, p.registryUrl) + why,
            QLineEdit::Password, QString(), &ok);
        if (!ok)
            return;
    }
    connectWith(p);
}

} // namespace kafkalab
