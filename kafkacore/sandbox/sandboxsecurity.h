#pragma once

// A secured local sandbox (`kafkalab-cli sandbox --security ...`): the protocol of its client listener, its users
// and their passwords, its CA and certificates (made with `openssl`), and the broker properties that use them.
// Plain functions, so that each step can be tested without a broker.

#include "kafkacore/client/clientproperties.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace kafkalab::sandbox {

enum class Security { Plaintext, SaslPlaintext, SaslSsl, Ssl };

// "plaintext", "sasl_plaintext", "sasl_ssl", "ssl" (any case); nothing for another word.
std::optional<Security> securityFrom(const QString& word);
QString securityName(Security security); // lower case, as librdkafka's security.protocol takes it
bool usesTls(Security security);
bool usesSasl(Security security);

// The super user kafkalab's own set-up connects as (demo topics, the readiness probe, the GUI's sandbox profile).
QString superUserName(); // "kafkalab"
// The demo users, who start with no ACLs.
QStringList demoUserNames(); // alice, bob
// The mechanisms every user of a SASL sandbox can use.
QStringList saslMechanisms(); // SCRAM-SHA-256, SCRAM-SHA-512, PLAIN

struct SandboxUser {
    QString name;
    QString password;
    QString certFile; // the client certificate (ssl sandboxes), signed by the sandbox's CA
    QString keyFile; // its private key, unencrypted PEM (0600)
};

// What a secured sandbox's clients and brokers use; all files in `dir` (the data directory's security/), 0600.
struct SecurityFiles {
    Security security = Security::Plaintext;
    QString dir;
    QString caFile; // ca.pem: the CA certificate (the brokers' and the clients' trust store)
    QString caKeyFile; // ca-key.pem
    QString keystoreFile; // broker.pem: the broker's encrypted key, its certificate and the CA's (a PEM key store)
    QString keyPassword; // the key store's key password
    SandboxUser admin; // the super user
    QList<SandboxUser> users; // the demo users

    bool secured() const { return security != Security::Plaintext; }
    // The client properties (librdkafka's names) that connect as `user`; the super user when empty.
    QList<ClientProperty> clientProperties(const QString& user = {}) const;
};

// Reads the users and passwords saved in `dir` (users.ini), or makes new ones (random passwords) and saves them.
// Fills the file names for `security`. An error message on failure.
std::optional<QString> loadOrMakeCredentials(const QString& dir, Security security, SecurityFiles* files);

// True once the CA, the broker's key store and (ssl) the client certificates exist.
bool certificatesExist(const SecurityFiles& files);

// Makes the CA, the broker's certificate for 127.0.0.1 and localhost (SAN), and for `ssl` one client certificate per
// user (CN=NAME) with `openssl` (blocking: call it off the GUI thread). An error message naming the failed step on
// failure.
std::optional<QString> makeCertificates(const SecurityFiles& files, const QString& clusterName);

// The broker properties of one node: listeners (CLIENT for clients and between brokers, CONTROLLER for the quorum),
// TLS and SASL, the StandardAuthorizer with the super user and no access for anyone else.
QMap<QString, QString> securityConfig(
    const SecurityFiles& files, bool broker, bool controller, int port, int controllerPort);

// The arguments of `kafka-storage format` that add every user's SCRAM credentials (SCRAM-SHA-256 and -512).
QStringList scramFormatArguments(const SecurityFiles& files);

} // namespace kafkalab::sandbox
