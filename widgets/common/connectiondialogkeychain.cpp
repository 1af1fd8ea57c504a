// The connection dialog's saved profiles and their secrets in the system keychain: save, rename, delete, and the
// secrets read back when a profile is chosen. Every keychain call is asynchronous; its answer shows beside the box.
#include "widgets/common/connectiondialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>

namespace kafkalab {

namespace {

ConnectionProfile withoutSecrets(ConnectionProfile p)
{
    for (SecretField f : allSecretFields())
        secretOf(p, f).clear();
    return p;
}

} // namespace

void ConnectionDialog::showKeychainNote(const QString& message, bool failed)
{
    m_keychainMessage->setText(message);
    m_keychainMessage->setStyleSheet(failed ? QStringLiteral("color: #c62828;") : QString());
    m_keychainMessage->setVisible(!message.isEmpty());
}

void ConnectionDialog::onKeychainProbed(const QString& problem)
{
    m_probing = false;
    m_keychainUsable = problem.isEmpty();
    m_keychain->setEnabled(m_keychainUsable);
    if (m_keychainUsable) {
        if (m_keychainPending == 0)
            showKeychainNote(QString(), false);
    } else { // the box keeps showing where the chosen profile's secrets are, but cannot be changed
        showKeychainNote(tr("Cannot save secrets: %1. Passwords are asked at connect time.").arg(problem), true);
    }
    Q_EMIT keychainAnswered();
    // A profile chosen while the keychain was being asked gets its secrets now.
    const int index = m_profileCombo->currentIndex();
    if (m_keychainUsable && index >= 1 && index <= m_profiles.size() && m_profiles[index - 1].secretsInKeychain) {
        m_keychain->setChecked(true);
        loadSecrets(profile());
    }
}

void ConnectionDialog::keychainStarted()
{
    ++m_keychainPending;
}

void ConnectionDialog::keychainDone(const QString& message, bool failed)
{
    --m_keychainPending;
    showKeychainNote(message, failed);
    Q_EMIT keychainAnswered();
}

void ConnectionDialog::loadSecrets(const ConnectionProfile& p)
{
    if (!m_secrets || m_probing)
        return; // after the probe (onKeychainProbed)
    if (!m_keychainUsable) {
        showKeychainNote(tr("This profile's secrets are in the system keychain, which cannot be reached: they are "
                            "asked at connect time."),
            true);
        return;
    }
    keychainStarted();
    const int generation = m_loadGeneration;
    loadProfileSecrets(*m_secrets, withoutSecrets(p), m_secrets,
        [self = QPointer(this), generation](const ConnectionProfile& loaded, const SecretsOutcome& outcome) {
            if (!self)
                return;
            if (generation == self->m_loadGeneration) { // still the profile shown: fill in what was not typed
                const std::pair<QLineEdit*, SecretField> fields[]
                    = { { self->m_password, SecretField::Password }, { self->m_keyPassword, SecretField::KeyPassword },
                          { self->m_registryPassword, SecretField::RegistryPassword },
                          { self->m_registryToken, SecretField::RegistryToken } };
                for (const auto& [edit, field] : fields)
                    if (edit->text().isEmpty())
                        edit->setText(secretOf(loaded, field));
            }
            if (!outcome.error.isEmpty())
                self->keychainDone(tr("Secrets: %1").arg(outcome.error), true);
            else if (outcome.done.isEmpty())
                self->keychainDone(tr("The system keychain holds no secret of this profile."), false);
            else
                self->keychainDone(
                    tr("From the system keychain: %1.").arg(outcome.done.join(QLatin1String(", "))), false);
        });
}

void ConnectionDialog::saveProfile()
{
    ConnectionProfile p = profile();
    if (p.name.isEmpty()) {
        m_fieldMessage->setText(tr("Name: give the profile a name to save it"));
        m_fieldMessage->show();
        m_name->setFocus();
        return;
    }
    bool hadSecrets = false;
    int index = -1;
    for (int i = 0; i < m_profiles.size(); ++i)
        if (m_profiles[i].name == p.name) {
            index = i;
            hadSecrets = m_profiles[i].secretsInKeychain;
        }
    if (!m_keychainUsable)
        p.secretsInKeychain = hadSecrets; // nothing can be written or removed now: the entries stay where they are
    if (index >= 0) {
        m_profiles[index] = withoutSecrets(p);
    } else {
        m_profiles.append(withoutSecrets(p));
        m_profileCombo->addItem(p.name);
        index = int(m_profiles.size()) - 1;
    }
    {
        const QSignalBlocker quiet(m_profileCombo); // the form already shows it: no reload from the keychain
        m_profileCombo->setCurrentIndex(index + 1);
    }
    if (m_secrets && p.secretsInKeychain) {
        keychainStarted();
        const QString name = p.name;
        saveProfileSecrets(*m_secrets, p, m_secrets, [self = QPointer(this), name](const SecretsOutcome& outcome) {
            if (!self)
                return;
            if (outcome.error.isEmpty()) {
                self->keychainDone(outcome.done.isEmpty()
                        ? tr("Saved; no secret was typed, so the keychain holds none for “%1”.").arg(name)
                        : tr("Saved in the system keychain: %1.").arg(outcome.done.join(QLatin1String(", "))),
                    false);
                return;
            }
            for (ConnectionProfile& saved : self->m_profiles)
                if (saved.name == name)
                    saved.secretsInKeychain = false; // asked at connect time instead
            self->keychainDone(tr("Secrets not saved: %1. They are asked at connect time.").arg(outcome.error), true);
        });
    } else if (m_secrets && hadSecrets && m_keychainUsable) {
        keychainStarted(); // the box was unticked: nothing stays in the keychain
        deleteProfileSecrets(*m_secrets, p.name, m_secrets, [self = QPointer(this)](const SecretsOutcome& outcome) {
            if (self)
                self->keychainDone(outcome.error.isEmpty()
                        ? tr("Saved; its secrets were removed from the system keychain.")
                        : tr("Secrets: %1").arg(outcome.error),
                    !outcome.error.isEmpty());
        });
    }
}

void ConnectionDialog::renameProfile()
{
    const int index = m_profileCombo->currentIndex();
    const QString to = m_name->text().trimmed();
    if (index < 1) {
        m_fieldMessage->setText(tr("Rename: choose a saved profile first"));
        m_fieldMessage->show();
        return;
    }
    ConnectionProfile& saved = m_profiles[index - 1];
    const QString from = saved.name;
    if (to.isEmpty() || to == from) {
        m_fieldMessage->setText(tr("Name: type the new name of “%1” to rename it").arg(from));
        m_fieldMessage->show();
        m_name->setFocus();
        return;
    }
    for (const ConnectionProfile& other : std::as_const(m_profiles))
        if (other.name == to) {
            m_fieldMessage->setText(tr("Name: a profile named “%1” exists already").arg(to));
            m_fieldMessage->show();
            return;
        }
    saved.name = to;
    m_profileCombo->setItemText(index, to);
    if (m_secrets && saved.secretsInKeychain && m_keychainUsable) {
        keychainStarted();
        moveProfileSecrets(*m_secrets, from, to, m_secrets, [self = QPointer(this), to](const SecretsOutcome& outcome) {
            if (self)
                self->keychainDone(outcome.error.isEmpty()
                        ? tr("Renamed; its secrets moved in the system keychain to “%1”.").arg(to)
                        : tr("Secrets: %1").arg(outcome.error),
                    !outcome.error.isEmpty());
        });
    }
}

void ConnectionDialog::deleteProfile()
{
    const int index = m_profileCombo->currentIndex();
    if (index < 1)
        return;
    const ConnectionProfile gone = m_profiles.takeAt(index - 1);
    m_profileCombo->removeItem(index);
    if (m_secrets && gone.secretsInKeychain && m_keychainUsable) {
        keychainStarted();
        deleteProfileSecrets(
            *m_secrets, gone.name, m_secrets, [self = QPointer(this), name = gone.name](const SecretsOutcome& outcome) {
                if (self)
                    self->keychainDone(outcome.error.isEmpty()
                            ? tr("Deleted; its secrets were removed from the system keychain.")
                            : tr("“%1” deleted, but its secrets stay in the keychain: %2").arg(name, outcome.error),
                        !outcome.error.isEmpty());
            });
    }
}

} // namespace kafkalab
