#include "kafkacore/sandbox/sandboxsecurity.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>

namespace kafkalab::sandbox {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QString randomSecret(int length)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    QString secret;
    for (int i = 0; i < length; ++i)
        secret.append(QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet) - 1)]));
    return secret;
}

bool writePrivate(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    f.setPermissions(kOwnerOnly);
    return f.write(bytes) == bytes.size() && f.flush();
}

// Runs openssl with `args` in `dir`; an error naming `step` and openssl's own words on failure.
std::optional<QString> openssl(
    const QString& dir, const QString& step, const QStringList& args, const QString& keyPassword = {})
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (program.isEmpty())
        return QStringLiteral("openssl was not found on PATH: a secured sandbox makes its certificates with it "
                              "(install the openssl package)");
    QProcess p;
    p.setWorkingDirectory(dir);
    if (!keyPassword.isEmpty()) { // never on the command line, where ps shows it
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KAFKALAB_KEY_PASSWORD"), keyPassword);
        p.setProcessEnvironment(env);
    }
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished(2000);
        return QStringLiteral("openssl did not finish %1 within 30 s").arg(step);
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("openssl failed %1 (exit code %2): %3")
            .arg(step)
            .arg(p.exitCode())
            .arg(QString::fromLocal8Bit(p.readAll()).trimmed());
    return std::nullopt;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A key and a certificate signed by the CA: `name`-key.pem and `name`.pem.
std::optional<QString> makeLeaf(
    const SecurityFiles& files, const QString& name, const QString& commonName, const QString& extensions)
{
    const QString key = name + QStringLiteral("-key.pem");
    const QString csr = name + QStringLiteral(".csr");
    const QString ext = name + QStringLiteral(".ext");
    if (!writePrivate(files.dir + QLatin1Char('/') + ext, extensions.toUtf8()))
        return QStringLiteral("cannot write %1/%2").arg(files.dir, ext);
    if (auto err = openssl(files.dir, QStringLiteral("making the key of %1").arg(name),
            { QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                QStringLiteral("-keyout"), key, QStringLiteral("-out"), csr, QStringLiteral("-subj"),
                QStringLiteral("/CN=") + commonName }))
        return err;
    QFile::setPermissions(files.dir + QLatin1Char('/') + key, kOwnerOnly);
    const QString serial = QStringLiteral("0x") + QString::number(QRandomGenerator::system()->generate64() >> 1, 16);
    if (auto err = openssl(files.dir, QStringLiteral("signing the certificate of %1").arg(name),
            { QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"),
                QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca-key.pem"),
                QStringLiteral("-set_serial"), serial, QStringLiteral("-days"), QStringLiteral("825"),
                QStringLiteral("-extfile"), ext, QStringLiteral("-out"), name + QStringLiteral(".pem") }))
        return err;
    QFile::setPermissions(files.dir + QLatin1Char('/') + name + QStringLiteral(".pem"), kOwnerOnly);
    QFile::remove(files.dir + QLatin1Char('/') + csr);
    QFile::remove(files.dir + QLatin1Char('/') + ext);
    return std::nullopt;
}

QString jaasQuote(const QString& value)
{
    return QLatin1Char('"') + value + QLatin1Char('"'); // passwords are letters and digits only
}

} // namespace

std::optional<Security> securityFrom(const QString& word)
{
    const QString w = word.trimmed().toLower();
    if (w == QLatin1String("plaintext"))
        return Security::Plaintext;
    if (w == QLatin1String("sasl_plaintext"))
        return Security::SaslPlaintext;
    if (w == QLatin1String("sasl_ssl"))
        return Security::SaslSsl;
    if (w == QLatin1String("ssl"))
        return Security::Ssl;
    return std::nullopt;
}

QString securityName(Security security)
{
    switch (security) {
    case Security::Plaintext:
        return QStringLiteral("plaintext");
    case Security::SaslPlaintext:
        return QStringLiteral("sasl_plaintext");
    case Security::SaslSsl:
        return QStringLiteral("sasl_ssl");
    case Security::Ssl:
        return QStringLiteral("ssl");
    }
    return {};
}

bool usesTls(Security security)
{
    return security == Security::Ssl || security == Security::SaslSsl;
}

bool usesSasl(Security security)
{
    return security == Security::SaslSsl || security == Security::SaslPlaintext;
}

QString superUserName()
{
    return QStringLiteral("kafkalab");
}

QStringList demoUserNames()
{
    return { QStringLiteral("alice"), QStringLiteral("bob") };
}

QStringList saslMechanisms()
{
    return { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-512"), QStringLiteral("PLAIN") };
}

QList<ClientProperty> SecurityFiles::clientProperties(const QString& user) const
{
    const SandboxUser* who = &admin;
    for (const SandboxUser& u : users)
        if (u.name == user)
            who = &u;
    QList<ClientProperty> props;
    auto add = [&props](const QString& key, const QString& value, bool secret = false) {
        ClientProperty p = ClientProperty::of(key, value);
        p.secret = secret;
        props.append(p);
    };
    add(QStringLiteral("security.protocol"), securityName(security));
    if (usesTls(security))
        add(QStringLiteral("ssl.ca.location"), caFile);
    if (security == Security::Ssl) {
        add(QStringLiteral("ssl.certificate.location"), who->certFile);
        add(QStringLiteral("ssl.key.location"), who->keyFile);
    }
    if (usesSasl(security)) {
        add(QStringLiteral("sasl.mechanisms"), who == &admin ? QStringLiteral("PLAIN") : saslMechanisms().first());
        add(QStringLiteral("sasl.username"), who->name);
        add(QStringLiteral("sasl.password"), who->password, true);
    }
    return props;
}

std::optional<QString> loadOrMakeCredentials(const QString& dir, Security security, SecurityFiles* files)
{
    files->security = security;
    files->dir = dir;
    if (!QDir().mkpath(dir))
        return QStringLiteral("cannot create %1").arg(dir);
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    files->caFile = dir + QStringLiteral("/ca.pem");
    files->caKeyFile = dir + QStringLiteral("/ca-key.pem");
    files->keystoreFile = dir + QStringLiteral("/broker-keystore.pem");

    const QString iniPath = dir + QStringLiteral("/users.ini");
    QSettings ini(iniPath, QSettings::IniFormat);
    auto secret = [&](const QString& key) {
        QString value = ini.value(key).toString();
        if (value.isEmpty()) {
            value = randomSecret(24);
            ini.setValue(key, value);
        }
        return value;
    };
    files->keyPassword = secret(QStringLiteral("broker/key_password"));
    auto user = [&](const QString& name) {
        SandboxUser u;
        u.name = name;
        u.password = secret(QStringLiteral("users/%1").arg(name));
        if (security == Security::Ssl) {
            u.certFile = dir + QLatin1Char('/') + name + QStringLiteral(".pem");
            u.keyFile = dir + QLatin1Char('/') + name + QStringLiteral("-key.pem");
        }
        return u;
    };
    files->admin = user(superUserName());
    files->users.clear();
    for (const QString& name : demoUserNames())
        files->users.append(user(name));
    ini.sync();
    if (ini.status() != QSettings::NoError)
        return QStringLiteral("cannot write %1").arg(iniPath);
    QFile::setPermissions(iniPath, kOwnerOnly);
    return std::nullopt;
}

bool certificatesExist(const SecurityFiles& files)
{
    if (!usesTls(files.security))
        return true;
    QStringList needed { files.caFile, files.caKeyFile, files.keystoreFile };
    for (const SandboxUser& u : QList<SandboxUser> { files.admin } + files.users)
        if (!u.certFile.isEmpty())
            needed << u.certFile << u.keyFile;
    for (const QString& f : needed)
        if (!QFileInfo::exists(f))
            return false;
    return true;
}

std::optional<QString> makeCertificates(const SecurityFiles& files, const QString& clusterName)
{
    if (!usesTls(files.security))
        return std::nullopt;
    if (auto err = openssl(files.dir, QStringLiteral("making the sandbox's CA"),
            { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                QStringLiteral("-keyout"), QStringLiteral("ca-key.pem"), QStringLiteral("-out"),
                QStringLiteral("ca.pem"), QStringLiteral("-days"), QStringLiteral("825"), QStringLiteral("-subj"),
                QStringLiteral("/CN=kafkalab sandbox CA %1").arg(clusterName) }))
        return err;
    QFile::setPermissions(files.caKeyFile, kOwnerOnly);
    QFile::setPermissions(files.caFile, kOwnerOnly);
    // The broker's certificate: the server of the client and controller listeners, and (ssl) the client the other
    // nodes see as User:kafkalab (CN=kafkalab, mapped by ssl.principal.mapping.rules).
    if (auto err = makeLeaf(files, QStringLiteral("broker"), files.admin.name,
            QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n"
                           "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n")))
        return err;
    // Kafka's PEM key store wants an encrypted PKCS#8 key (ssl.key.password), then the chain.
    const QString brokerKey = files.dir + QStringLiteral("/broker-key.pem");
    if (auto err = openssl(files.dir, QStringLiteral("encrypting the broker's key"),
            { QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-v1"), QStringLiteral("PBE-SHA1-3DES"),
                QStringLiteral("-in"), QStringLiteral("broker-key.pem"), QStringLiteral("-passout"),
                QStringLiteral("env:KAFKALAB_KEY_PASSWORD"), QStringLiteral("-out"),
                QStringLiteral("broker-key-encrypted.pem") },
            files.keyPassword))
        return err;
    const QByteArray keystore = readAll(files.dir + QStringLiteral("/broker-key-encrypted.pem"))
        + readAll(files.dir + QStringLiteral("/broker.pem")) + readAll(files.caFile);
    QFile::remove(files.dir + QStringLiteral("/broker-key-encrypted.pem"));
    QFile::remove(brokerKey);
    if (!writePrivate(files.keystoreFile, keystore))
        return QStringLiteral("cannot write %1").arg(files.keystoreFile);
    if (files.security == Security::Ssl) {
        for (const SandboxUser& u : QList<SandboxUser> { files.admin } + files.users)
            if (auto err = makeLeaf(files, u.name, u.name,
                    QStringLiteral("extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n"
                                   "keyUsage=digitalSignature\n")))
                return err;
    }
    return std::nullopt;
}

QMap<QString, QString> securityConfig(
    const SecurityFiles& files, bool broker, bool controller, int port, int controllerPort)
{
    QMap<QString, QString> c;
    if (!files.secured())
        return c;
    const bool ssl = files.security == Security::Ssl;
    // The controller listener: SASL PLAIN as the super user (sasl_*), or TLS with the broker's certificate (ssl).
    const QString controllerProtocol = ssl ? QStringLiteral("SSL") : QStringLiteral("SASL_PLAINTEXT");
    const QString clientProtocol = securityName(files.security).toUpper();
    QStringList listeners;
    if (broker) {
        listeners << QStringLiteral("CLIENT://127.0.0.1:%1").arg(port);
        c[QStringLiteral("advertised.listeners")] = QStringLiteral("CLIENT://127.0.0.1:%1").arg(port);
        c[QStringLiteral("inter.broker.listener.name")] = QStringLiteral("CLIENT");
    }
    if (controller)
        listeners << QStringLiteral("CONTROLLER://127.0.0.1:%1").arg(controllerPort);
    c[QStringLiteral("listeners")] = listeners.join(QLatin1Char(','));
    c[QStringLiteral("listener.security.protocol.map")]
        = QStringLiteral("CONTROLLER:%1,CLIENT:%2").arg(controllerProtocol, clientProtocol);

    c[QStringLiteral("authorizer.class.name")]
        = QStringLiteral("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    c[QStringLiteral("super.users")] = QStringLiteral("User:") + files.admin.name;
    c[QStringLiteral("allow.everyone.if.no.acl.found")] = QStringLiteral("false");

    if (usesTls(files.security)) {
        c[QStringLiteral("ssl.keystore.type")] = QStringLiteral("PEM");
        c[QStringLiteral("ssl.keystore.location")] = files.keystoreFile;
        c[QStringLiteral("ssl.key.password")] = files.keyPassword;
        c[QStringLiteral("ssl.truststore.type")] = QStringLiteral("PEM");
        c[QStringLiteral("ssl.truststore.location")] = files.caFile;
        // User:NAME for a certificate of CN=NAME (Kafka's default would be User:CN=NAME).
        c[QStringLiteral("ssl.principal.mapping.rules")] = QStringLiteral("RULE:^CN=([^,]+).*$/$1/,DEFAULT");
        if (ssl)
            c[QStringLiteral("ssl.client.auth")] = QStringLiteral("required");
    }
    if (usesSasl(files.security)) {
        const QString plain = QStringLiteral("org.apache.kafka.common.security.plain.PlainLoginModule required "
                                             "username=%1 password=%2")
                                  .arg(jaasQuote(files.admin.name), jaasQuote(files.admin.password));
        QString clientPlain = plain;
        for (const SandboxUser& u : QList<SandboxUser> { files.admin } + files.users)
            clientPlain += QStringLiteral(" user_%1=%2").arg(u.name, jaasQuote(u.password));
        c[QStringLiteral("listener.name.client.sasl.enabled.mechanisms")] = saslMechanisms().join(QLatin1Char(','));
        c[QStringLiteral("listener.name.client.plain.sasl.jaas.config")] = clientPlain + QLatin1Char(';');
        const QString scram = QStringLiteral("org.apache.kafka.common.security.scram.ScramLoginModule required "
                                             "username=%1 password=%2;")
                                  .arg(jaasQuote(files.admin.name), jaasQuote(files.admin.password));
        c[QStringLiteral("listener.name.client.scram-sha-256.sasl.jaas.config")] = scram;
        c[QStringLiteral("listener.name.client.scram-sha-512.sasl.jaas.config")] = scram;
        c[QStringLiteral("sasl.mechanism.inter.broker.protocol")] = QStringLiteral("PLAIN");
        c[QStringLiteral("listener.name.controller.sasl.enabled.mechanisms")] = QStringLiteral("PLAIN");
        c[QStringLiteral("listener.name.controller.plain.sasl.jaas.config")]
            = plain + QStringLiteral(" user_%1=%2;").arg(files.admin.name, jaasQuote(files.admin.password));
        c[QStringLiteral("sasl.mechanism.controller.protocol")] = QStringLiteral("PLAIN");
    }
    return c;
}

QStringList scramFormatArguments(const SecurityFiles& files)
{
    QStringList args;
    if (!usesSasl(files.security))
        return args;
    for (const SandboxUser& u : QList<SandboxUser> { files.admin } + files.users)
        for (const QString& mechanism : { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-512") })
            args << QStringLiteral("--add-scram")
                 << QStringLiteral("%1=[name=%2,password=%3]").arg(mechanism, u.name, u.password);
    return args;
}

} // namespace kafkalab::sandbox
