#pragma once

#include "kafkacore/client/connectionprofile.h"

#include <QObject>
#include <QString>

#include <functional>

namespace kafkalab {

// The secrets of connection profiles in the system keychain (QtKeychain: the Secret Service, or KWallet), and the one
// place that uses it. Service "kafkalab", key "PROFILE/FIELD" (e.g. "staging/password"). Nothing else in kafkalab
// keeps a secret: settings files, logs and exported profiles never hold one (ProfileStore drops them).
//
// Every call is asynchronous (QtKeychain's jobs talk D-Bus from the event loop of the calling thread) and answers
// once through `done`, on that thread, unless `context` was deleted first. The GUI thread never waits for one; the
// CLI waits in a local event loop (`waitFor`).
struct SecretAnswer {
    enum class Outcome { Ok, NotFound, Failed };
    Outcome outcome = Outcome::Failed;
    QString value; // the secret, for a read that found it
    QString error; // why it failed: no keychain, refused, locked...
    bool ok() const { return outcome == Outcome::Ok; }
};

// The fields of a profile that are secrets, each under its own key.
enum class SecretField { Password, KeyPassword, RegistryPassword, RegistryToken };
QList<SecretField> allSecretFields();
QString secretFieldName(SecretField field); // "password", "key-password", "registry-password", "registry-token"
QString secretFieldLabel(SecretField field); // "password", "key passphrase", ...: for messages
QString secretKey(const QString& profile, SecretField field); // "PROFILE/FIELD"
QString& secretOf(ConnectionProfile& profile, SecretField field);
QString secretOf(const ConnectionProfile& profile, SecretField field);

class SecretStore : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const SecretAnswer&)>;
    using QObject::QObject;

    // Why no keychain can be used, told without asking one ("" when one may be there): no D-Bus session bus.
    virtual QString unavailableReason() const = 0;
    virtual void read(const QString& key, QObject* context, Done done) = 0;
    virtual void write(const QString& key, const QString& secret, QObject* context, Done done) = 0;
    virtual void remove(const QString& key, QObject* context, Done done) = 0; // a missing key is no failure

    // Asks the keychain for a key nobody writes: "" when it answered (so it can keep secrets), else why not.
    void probe(QObject* context, const std::function<void(const QString& problem)>& done);
};

// QtKeychain, service "kafkalab". No insecure fallback: where there is no keychain, nothing is saved.
class KeychainSecretStore : public SecretStore {
    Q_OBJECT
public:
    explicit KeychainSecretStore(QObject* parent = nullptr);
    QString unavailableReason() const override;
    void read(const QString& key, QObject* context, Done done) override;
    void write(const QString& key, const QString& secret, QObject* context, Done done) override;
    void remove(const QString& key, QObject* context, Done done) override;
};

// What a profile's save, load, move or delete did with its secrets ("" error: all done).
struct SecretsOutcome {
    QStringList done; // the fields' labels, e.g. "password"
    QString error; // the first failure, naming its field; the rest were not tried
};

// Writes each secret the profile holds under its name and removes the keys of those it does not hold.
void saveProfileSecrets(SecretStore& store, const ConnectionProfile& profile, QObject* context,
    const std::function<void(const SecretsOutcome&)>& done);
// Fills in the secrets the profile lacks (an empty field) from the keychain; a key not found leaves its field empty.
void loadProfileSecrets(SecretStore& store, const ConnectionProfile& profile, QObject* context,
    const std::function<void(const ConnectionProfile&, const SecretsOutcome&)>& done);
// Removes every key of the profile `name`.
void deleteProfileSecrets(
    SecretStore& store, const QString& name, QObject* context, const std::function<void(const SecretsOutcome&)>& done);
// Moves every key of `from` to `to` (read, write, remove).
void moveProfileSecrets(SecretStore& store, const QString& from, const QString& to, QObject* context,
    const std::function<void(const SecretsOutcome&)>& done);

// For the CLI: runs a local event loop until `start` has called its answer back (QtKeychain needs one), at most 30 s.
// `start` passes the context it is given to the calls above; answers after the wait are dropped with it.
SecretsOutcome waitForSecrets(
    const std::function<void(QObject* context, std::function<void(const SecretsOutcome&)>)>& start);

} // namespace kafkalab
