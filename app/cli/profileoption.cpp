// --profile NAME: a connection profile saved in the GUI (Connect to cluster…), used headless. The profile gives the
// bootstrap address and its settings (security protocol, SASL mechanism and user, CA file, its free-form lines);
// -X properties on the command line come after them and so override them, as in the GUI. Its schema registry (URL,
// user, CA file; the password from --registry-password or KAFKALAB_REGISTRY_PASSWORD) is used where the command
// line gives none.
#include "clicommon.h"

#include "kafkacore/client/connectionprofile.h"

#include <QSettings>

namespace kafkalab::cli {

OptionSpec profileOption()
{
    return { QStringLiteral("--profile"), QStringLiteral("NAME"),
        QStringLiteral("a connection profile saved in the GUI (its password from KAFKALAB_PROFILE_PASSWORD)") };
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
    QSettings settings(QStringLiteral("kafkalab"), QStringLiteral("kafkalab")); // the GUI's settings
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
    if (profile.needsPassword()) {
        // Profiles are saved without their password; a pipeline hands it over in the environment.
        profile.password = qEnvironmentVariable("KAFKALAB_PROFILE_PASSWORD");
        if (profile.password.isEmpty()) {
            *error = QStringLiteral("--profile %1: the profile uses SASL %2 and its password is not saved: set "
                                    "KAFKALAB_PROFILE_PASSWORD")
                         .arg(name, profile.saslMechanism);
            return false;
        }
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
    }
    return true;
}

} // namespace kafkalab::cli
