#include "kafkacore/client/connectionprofile.h"

#include "kafkacore/client/connectiontest.h"
#include <QFileInfo>
#include <QUrl>

#include <QSettings>

namespace kafkalab {

bool ConnectionProfile::usesSasl() const
{
    return securityProtocol.startsWith(QLatin1String("sasl"), Qt::CaseInsensitive);
}

bool ConnectionProfile::needsPassword() const
{
    if (!usesSasl() || !password.isEmpty())
        return false;
    const QString mechanism = saslMechanism.toUpper();
    return mechanism == QLatin1String("PLAIN") || mechanism.startsWith(QLatin1String("SCRAM"));
}

QList<ClientProperty> ConnectionProfile::toProperties(QList<PropertyProblem>* problems) const
{
    QList<ClientProperty> props;
    auto field = [&props](const char* key, const QString& value, const char* label, bool secret = false) {
        if (value.trimmed().isEmpty())
            return;
        ClientProperty p;
        p.key = QString::fromLatin1(key);
        p.value = value.trimmed();
        p.field = QString::fromLatin1(label);
        p.secret = secret;
        props.append(p);
    };
    field("bootstrap.servers", bootstrap, "Bootstrap servers");
    field("security.protocol", securityProtocol, "Security protocol");
    if (usesSasl()) {
        field("sasl.mechanisms", saslMechanism, "SASL mechanism");
        field("sasl.username", username, "User name");
        field("sasl.password", password, "Password", true);
    }
    field("ssl.ca.location", caFile, "CA file");
    if (!securityProtocol.compare(QLatin1String("ssl"), Qt::CaseInsensitive)
        || !securityProtocol.compare(QLatin1String("sasl_ssl"), Qt::CaseInsensitive)) {
        field("ssl.certificate.location", clientCertFile, "Client certificate");
        field("ssl.key.location", clientKeyFile, "Client key");
        field("ssl.key.password", keyPassword, "Key passphrase", true);
    }
    ParsedProperties parsed = parsePropertyLines(extraProperties);
    props.append(parsed.properties);
    if (problems)
        *problems = parsed.problems;
    return props;
}

QList<PropertyProblem> ConnectionProfile::validate() const
{
    QList<PropertyProblem> problems;
    const QList<ClientProperty> props = toProperties(&problems);
    if (bootstrap.trimmed().isEmpty())
        problems.append({ -1, QStringLiteral("Bootstrap servers"), QStringLiteral("bootstrap.servers"),
            QStringLiteral("at least one host:port is needed") });
    problems.append(validateProperties(props));
    // The TLS files the form names: readable, PEM, not expired (connectiontest.h), beside the field that names them.
    const ConnectionSettings settings = ConnectionSettings::from(props);
    if (settings.tls())
        if (const auto bad = checkTlsFiles(settings)) {
            const QString field = bad->message.contains(QLatin1String("CA file")) ? QStringLiteral("CA file")
                : bad->message.contains(QLatin1String("key"))                     ? QStringLiteral("Client key")
                                                              : QStringLiteral("Client certificate");
            problems.append({ -1, field, QString(), bad->message });
        }
    return problems;
}

schemas::RegistryConnection ConnectionProfile::registryConnection() const
{
    schemas::RegistryConnection c;
    c.url = registryUrl.trimmed();
    c.user = registryUser;
    c.password = registryPassword;
    c.bearerToken = registryToken;
    c.caFile = registryCaFile;
    return c;
}

QString ConnectionProfile::registryProblem() const
{
    const QString url = registryUrl.trimmed();
    if (url.isEmpty()) {
        if (!registryUser.isEmpty() || !registryToken.isEmpty() || !registryCaFile.trimmed().isEmpty())
            return QStringLiteral("Schema registry: give its URL (the user, token and CA file are for it)");
        return {};
    }
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https"))
        || u.host().isEmpty())
        return QStringLiteral("Schema registry: an http:// or https:// URL, e.g. http://localhost:8081, not '%1'")
            .arg(url);
    if (!registryUser.isEmpty() && !registryToken.isEmpty())
        return QStringLiteral("Schema registry: a user (basic auth) or a bearer token, not both");
    const QString ca = registryCaFile.trimmed();
    if (!ca.isEmpty() && !QFileInfo(ca).isReadable())
        return QStringLiteral("Schema registry CA file: %1 cannot be read").arg(ca);
    return {};
}

QList<ConnectionProfile> ProfileStore::load(QSettings& settings)
{
    QList<ConnectionProfile> profiles;
    const int n = settings.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        ConnectionProfile p;
        p.name = settings.value(QStringLiteral("name")).toString();
        p.bootstrap = settings.value(QStringLiteral("bootstrap")).toString();
        p.securityProtocol = settings.value(QStringLiteral("securityProtocol"), p.securityProtocol).toString();
        p.saslMechanism = settings.value(QStringLiteral("saslMechanism")).toString();
        p.username = settings.value(QStringLiteral("username")).toString();
        p.caFile = settings.value(QStringLiteral("caFile")).toString();
        p.clientCertFile = settings.value(QStringLiteral("clientCertFile")).toString();
        p.clientKeyFile = settings.value(QStringLiteral("clientKeyFile")).toString();
        p.extraProperties = settings.value(QStringLiteral("extraProperties")).toString();
        p.registryUrl = settings.value(QStringLiteral("registryUrl")).toString();
        p.registryUser = settings.value(QStringLiteral("registryUser")).toString();
        p.registryCaFile = settings.value(QStringLiteral("registryCaFile")).toString();
        p.secretsInKeychain = settings.value(QStringLiteral("secretsInKeychain"), false).toBool();
        if (!p.name.isEmpty())
            profiles.append(p);
    }
    settings.endArray();
    return profiles;
}

void ProfileStore::save(QSettings& settings, const QList<ConnectionProfile>& profiles)
{
    settings.remove(QStringLiteral("profiles"));
    settings.beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile& p = profiles[i];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), p.name);
        settings.setValue(QStringLiteral("bootstrap"), p.bootstrap);
        settings.setValue(QStringLiteral("securityProtocol"), p.securityProtocol);
        settings.setValue(QStringLiteral("saslMechanism"), p.saslMechanism);
        settings.setValue(QStringLiteral("username"), p.username);
        settings.setValue(QStringLiteral("caFile"), p.caFile);
        settings.setValue(QStringLiteral("clientCertFile"), p.clientCertFile); // paths, not secrets
        settings.setValue(QStringLiteral("clientKeyFile"), p.clientKeyFile);
        settings.setValue(QStringLiteral("registryUrl"), p.registryUrl); // not its password nor its token
        settings.setValue(QStringLiteral("registryUser"), p.registryUser);
        settings.setValue(QStringLiteral("registryCaFile"), p.registryCaFile);
        settings.setValue(QStringLiteral("secretsInKeychain"), p.secretsInKeychain); // where they are, not what
        // Secrets typed into the free-form lines are dropped too, line by line.
        QStringList kept;
        for (const QString& line : p.extraProperties.split(QLatin1Char('\n'))) {
            const QString key = line.section(QLatin1Char('='), 0, 0).trimmed();
            if (key.contains(QLatin1String("password")) || key.contains(QLatin1String("secret")))
                continue;
            kept.append(line);
        }
        settings.setValue(QStringLiteral("extraProperties"), kept.join(QLatin1Char('\n')));
    }
    settings.endArray();
}

} // namespace kafkalab
