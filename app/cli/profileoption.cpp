// --profile NAME: a connection profile saved in the GUI (Connect to cluster…), used headless. The profile gives the
// bootstrap address and its settings (security protocol, SASL mechanism and user, CA file, its free-form lines);
// -X properties on the command line come after them and so override them, as in the GUI. Its schema registry (URL,
// user, CA file; the password from --registry-password or KAFKALAB_REGISTRY_PASSWORD) is used where the command
// line gives none. Secrets: KAFKALAB_PROFILE_PASSWORD (and the registry's options) first, then the system keychain
// when the profile keeps its secrets there (read on the main thread, in a local event loop: the CLI may wait).
#include "clicommon.h"

#include "kafkacore/client/connectionprofile.h"
#include "kafkacore/client/secretstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

#include <cstdio>

namespace kafkalab::cli {

OptionSpec profileOption()
{
    return { QStringLiteral("--profile"), QStringLiteral("NAME"),
        QStringLiteral("a connection profile saved in the GUI (its password from KAFKALAB_PROFILE_PASSWORD, else the "
                       "system keychain)") };
}

namespace {

QSettings guiSettings()
{
    return QSettings(QStringLiteral("kafkalab"), QStringLiteral("kafkalab"));
}

// A profile as exported: every saved field, and where its secrets are; never a secret (ProfileStore keeps none, and
// the fields that hold one are left out here too).
QJsonObject exported(const ConnectionProfile& p)
{
    QJsonObject o { { QStringLiteral("name"), p.name }, { QStringLiteral("bootstrap"), p.bootstrap },
        { QStringLiteral("security_protocol"), p.securityProtocol } };
    const std::pair<const char*, QString> optional[] = { { "sasl_mechanism", p.saslMechanism },
        { "username", p.username }, { "ca_file", p.caFile }, { "client_cert_file", p.clientCertFile },
        { "client_key_file", p.clientKeyFile }, { "properties", p.extraProperties }, { "registry_url", p.registryUrl },
        { "registry_user", p.registryUser }, { "registry_ca_file", p.registryCaFile } };
    for (const auto& [key, value] : optional)
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    o.insert(QStringLiteral("secrets"),
        p.secretsInKeychain ? QStringLiteral("system keychain") : QStringLiteral("asked at connect time"));
    return o;
}

int runProfiles(const Args& args)
{
    QSettings settings = guiSettings();
    const QList<ConnectionProfile> profiles = ProfileStore::load(settings);
    if (args.has(QStringLiteral("--json"))) {
        QJsonArray all;
        for (const ConnectionProfile& p : profiles)
            all.append(exported(p));
        std::printf("%s\n", QJsonDocument(all).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    for (const ConnectionProfile& p : profiles)
        std::printf("%s\t%s\t%s\tsecrets: %s\n", qPrintable(p.name), qPrintable(p.bootstrap),
            qPrintable(p.securityProtocol), p.secretsInKeychain ? "system keychain" : "asked at connect time");
    if (profiles.isEmpty())
        std::fprintf(stderr, "no profiles are saved (in %s)\n", qPrintable(settings.fileName()));
    return 0;
}

} // namespace

QList<Command> profileCommands()
{
    const CommandSpec spec { QStringLiteral("profiles"), QStringLiteral("[--json]"),
        QStringLiteral("list (export) the connection profiles saved in the GUI, without their secrets"),
        { { QStringLiteral("--json"), QString(), QStringLiteral("one JSON array, one object per profile") } }, 0, 0,
        false,
        QStringLiteral("What --profile NAME can name. A profile's secrets are never exported: \"secrets\" says "
                       "whether they are kept in the system keychain or asked at connect time.\n") };
    return { { spec, [](const Args& a) { return runProfiles(a); } } };
}

bool applyProfile(Args& args, QString* error)
{
    const QString name = args.value(QStringLiteral("--profile"));
    if (!args.has(QStringLiteral("--profile")))
        return true;
    if (args.has(QStringLiteral("--bootstrap"))) {
        *error = QStringLiteral("--profile and --bootstrap both name a cluster: give one of them");
        return false;
    }
    QSettings settings = guiSettings(); // the GUI's settings
    const QList<ConnectionProfile> profiles = ProfileStore::load(settings);
    QStringList names;
    const ConnectionProfile* found = nullptr;
    for (const ConnectionProfile& p : profiles) {
        names.append(p.name);
        if (p.name == name)
            found = &p;
    }
    if (!found) {
        *error = names.isEmpty()
            ? QStringLiteral("--profile: no profile named '%1': no profiles are saved (in %2)")
                  .arg(name, settings.fileName())
            : QStringLiteral("--profile: no profile named '%1' (saved: %2)").arg(name, names.join(QLatin1String(", ")));
        return false;
    }
    ConnectionProfile profile = *found;
    if (profile.needsPassword()) // a pipeline hands the password over in the environment
        profile.password = qEnvironmentVariable("KAFKALAB_PROFILE_PASSWORD");
    QString keychainProblem;
    if (profile.secretsInKeychain) {
        KeychainSecretStore store;
        keychainProblem = store.unavailableReason();
        if (keychainProblem.isEmpty()) {
            SecretsOutcome outcome = waitForSecrets([&](QObject* context, auto done) {
                loadProfileSecrets(store, profile, context,
                    [&profile, done](const ConnectionProfile& loaded, const SecretsOutcome& o) {
                        profile = loaded;
                        done(o);
                    });
            });
            keychainProblem = outcome.error;
        }
    }
    if (profile.needsPassword()) {
        *error = profile.secretsInKeychain
            ? QStringLiteral("--profile %1: the profile's SASL %2 password is kept in the system keychain, which did "
                             "not give it (%3): set KAFKALAB_PROFILE_PASSWORD")
                  .arg(name, profile.saslMechanism,
                      keychainProblem.isEmpty() ? QStringLiteral("no such entry") : keychainProblem)
            : QStringLiteral("--profile %1: the profile uses SASL %2 and its password is not saved: set "
                             "KAFKALAB_PROFILE_PASSWORD")
                  .arg(name, profile.saslMechanism);
        return false;
    }
    const QList<PropertyProblem> problems = profile.validate();
    if (!problems.isEmpty()) {
        const PropertyProblem& p = problems.first();
        *error = QStringLiteral("--profile %1: %2: %3").arg(name, p.field, p.message);
        return false;
    }
    QList<ClientProperty> props;
    for (const ClientProperty& p : profile.toProperties())
        if (p.key != QLatin1String("bootstrap.servers"))
            props.append(p);
    props.append(args.properties);
    args.properties = props;
    args.options[QStringLiteral("--bootstrap")] = profile.bootstrap.trimmed();
    // The profile's schema registry, for the commands that use one, unless the command line names its own.
    if (!profile.registryUrl.trimmed().isEmpty() && !args.has(QStringLiteral("--schema-registry"))) {
        args.options[QStringLiteral("--schema-registry")] = profile.registryUrl.trimmed();
        if (!profile.registryUser.isEmpty() && !args.has(QStringLiteral("--registry-user"))
            && !args.has(QStringLiteral("--registry-token")))
            args.options[QStringLiteral("--registry-user")] = profile.registryUser;
        if (!profile.registryCaFile.trimmed().isEmpty() && !args.has(QStringLiteral("--registry-ca")))
            args.options[QStringLiteral("--registry-ca")] = profile.registryCaFile.trimmed();
        // From the keychain, where neither the command line nor the environment gives one.
        if (!profile.registryPassword.isEmpty() && !args.has(QStringLiteral("--registry-password"))
            && qEnvironmentVariableIsEmpty("KAFKALAB_REGISTRY_PASSWORD"))
            args.options[QStringLiteral("--registry-password")] = profile.registryPassword;
        if (!profile.registryToken.isEmpty() && !args.has(QStringLiteral("--registry-token"))
            && !args.has(QStringLiteral("--registry-user")) && qEnvironmentVariableIsEmpty("KAFKALAB_REGISTRY_TOKEN"))
            args.options[QStringLiteral("--registry-token")] = profile.registryToken;
    }
    return true;
}

} // namespace kafkalab::cli
