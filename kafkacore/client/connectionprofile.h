#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/schemas/schemaregistry.h"

#include <QList>
#include <QString>

class QSettings;

namespace kafkalab {

// A named way to reach a cluster. Its secrets (password, key passphrase, registry password and token) live only in
// memory, and in the system keychain when the user asked for it (`secretsInKeychain`, secretstore.h): profiles are
// saved without them, and a secret the keychain does not give is asked for at connect time.
struct ConnectionProfile {
    QString name;
    QString bootstrap;
    QString securityProtocol = QStringLiteral("plaintext");
    QString saslMechanism; // empty unless security.protocol is sasl_*
    QString username;
    QString password;
    QString caFile;
    QString clientCertFile; // mutual TLS: ssl.certificate.location
    QString clientKeyFile; // and ssl.key.location (an unencrypted PEM key, or one with ssl.key.password)
    QString keyPassword; // ssl.key.password: the client key's passphrase
    QString extraProperties; // free-form key=value lines
    // The cluster's schema registry (Confluent-compatible API): basic auth with a user and password, or a bearer
    // token; the password and the token live only in memory, like the cluster's password.
    QString registryUrl;
    QString registryUser;
    QString registryPassword;
    QString registryToken;
    QString registryCaFile;
    bool secretsInKeychain = false; // the user asked to keep this profile's secrets in the system keychain

    schemas::RegistryConnection registryConnection() const;
    // What is wrong with the registry fields ("" when nothing): a URL that is not http(s)://, a user and a token
    // together, a CA file that cannot be read.
    QString registryProblem() const;
    // True when the registry has a user and no password held in memory.
    bool needsRegistryPassword() const
    {
        return !registryUrl.trimmed().isEmpty() && !registryUser.isEmpty() && registryPassword.isEmpty();
    }

    bool usesSasl() const;
    // True when the mechanism takes a password and none is held in memory.
    bool needsPassword() const;

    // Form fields first, then the free-form lines (a free-form line overrides a form field, as with kcat -X).
    // Problems in the free-form text (a line without '=') are returned through `problems`.
    QList<ClientProperty> toProperties(QList<PropertyProblem>* problems = nullptr) const;
    // Parse problems plus everything librdkafka rejects.
    QList<PropertyProblem> validate() const;
};

class ProfileStore {
public:
    static QList<ConnectionProfile> load(QSettings& settings);
    // Writes every field but the secrets (and free-form lines whose key names a password or secret).
    static void save(QSettings& settings, const QList<ConnectionProfile>& profiles);
};

} // namespace kafkalab
