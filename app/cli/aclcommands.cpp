// kafkalab-cli acls, acl add/delete/access, users, user add/delete: a cluster's ACLs, a principal's effective access
// and its SCRAM users, through SecurityAdminClient on the main thread (a blocking command needs no event loop).
#include "clicommon.h"

#include "kafkacore/security/acladmin.h"
#include "kafkacore/security/securityadminclient.h"

#include <QFile>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <termios.h>
#include <unistd.h>

namespace kafkalab::cli {

namespace {

constexpr int DefaultTimeoutMs = 15000;

QList<OptionSpec> aclFieldOptions(bool filter)
{
    const QString any = filter ? QStringLiteral(" (default: any)") : QString();
    return {
        { QStringLiteral("--resource-type"), QStringLiteral("TYPE"),
            QStringLiteral("%1%2").arg(aclResourceTypeWords().join(QLatin1String(", ")), any) },
        { QStringLiteral("--resource"), QStringLiteral("NAME"),
            filter ? QStringLiteral("the resource's name (with --pattern match: every ACL that applies to it)")
                   : QStringLiteral("the resource's name; * for every resource of the type; the cluster's is "
                                    "kafka-cluster (may be left out)") },
        { QStringLiteral("--pattern"), QStringLiteral("TYPE"),
            filter ? QStringLiteral("literal, prefixed, match or any (default any)")
                   : QStringLiteral("literal (default) or prefixed") },
        { QStringLiteral("--principal"), QStringLiteral("User:NAME"),
            QStringLiteral("User:NAME or User:*%1").arg(any) },
        { QStringLiteral("--operation"), filter ? QStringLiteral("OP") : QStringLiteral("OP[,OP...]"),
            QStringLiteral("%1%2").arg(aclOperationWords().join(QLatin1String(", ")), any) },
        { QStringLiteral("--permission"), QStringLiteral("allow|deny"),
            filter ? QStringLiteral("allow or deny (default: any)") : QStringLiteral("allow (default) or deny") },
        { QStringLiteral("--host"), QStringLiteral("IP"),
            filter ? QStringLiteral("* or an IP address (default: any)")
                   : QStringLiteral("* (default) or the client's IP address") },
    };
}

AclInput aclInputOf(const Args& args)
{
    AclInput in;
    in.resourceType = args.value(QStringLiteral("--resource-type"));
    in.resource = args.value(QStringLiteral("--resource"));
    in.pattern = args.value(QStringLiteral("--pattern"));
    in.principal = args.value(QStringLiteral("--principal"));
    in.operations = args.value(QStringLiteral("--operation"));
    in.permission = args.value(QStringLiteral("--permission"));
    in.host = args.value(QStringLiteral("--host"));
    return in;
}

QString optionOfField(const QString& field)
{
    if (field == QLatin1String("resourceType"))
        return QStringLiteral("--resource-type");
    if (field == QLatin1String("operations"))
        return QStringLiteral("--operation");
    return QStringLiteral("--") + field;
}

nlohmann::json jsonOf(const AclBinding& b)
{
    return { { "resource_type", aclResourceTypeName(b.resourceType).toStdString() },
        { "resource", b.resourceName.toStdString() }, { "pattern", aclPatternTypeName(b.patternType).toStdString() },
        { "principal", b.principal.toStdString() }, { "host", b.host.toStdString() },
        { "operation", aclOperationName(b.operation).toStdString() },
        { "permission", aclPermissionName(b.permission).toStdString() } };
}

// Runs `op` with an admin client on the cluster; `op` returns the exit code.
int withSecurityAdmin(const Args& args, const CommandSpec& spec, const std::function<int(SecurityAdminClient&)>& op)
{
    QString error;
    const std::optional<int> timeoutMs = timeoutMsOf(args, DefaultTimeoutMs, &error);
    if (!timeoutMs)
        return usageError(spec, error);
    return withCluster(args, [&](const QString& bootstrap, const std::function<void(int)>& finish) {
        QString e;
        std::optional<SecurityAdminClient> admin = SecurityAdminClient::open(connectionOf(args, bootstrap), &e);
        if (!admin) {
            finish(fail(e, 1));
            return;
        }
        admin->setTimeout(*timeoutMs);
        finish(op(*admin));
    });
}

int runAcls(const Args& args, const CommandSpec& spec)
{
    AclInputError bad;
    const std::optional<AclFilter> filter = aclFilterFrom(aclInputOf(args), &bad);
    if (!filter)
        return usageError(spec, QStringLiteral("%1: %2").arg(optionOfField(bad.field), bad.message));
    const bool json = args.has(QStringLiteral("--json"));
    return withSecurityAdmin(args, spec, [&](SecurityAdminClient& admin) {
        SecurityError e;
        const auto acls = admin.describeAcls(*filter, &e);
        if (!acls)
            return fail(e.message, 1);
        nlohmann::json out = nlohmann::json::array();
        for (const AclBinding& b : *acls) {
            if (json)
                out.push_back(jsonOf(b));
            else
                std::printf("%s\n", qPrintable(aclBindingText(b)));
        }
        if (json)
            std::printf("%s\n", out.dump(2).c_str());
        return 0;
    });
}

int runAclAdd(const Args& args, const CommandSpec& spec)
{
    AclInputError bad;
    const std::optional<QList<AclBinding>> bindings = aclBindingsFrom(aclInputOf(args), &bad);
    if (!bindings)
        return usageError(spec, QStringLiteral("%1: %2").arg(optionOfField(bad.field), bad.message));
    return withSecurityAdmin(args, spec, [&](SecurityAdminClient& admin) {
        const SecurityError e = admin.createAcls(*bindings);
        if (!e.isEmpty())
            return fail(e.message, 1);
        for (const AclBinding& b : *bindings)
            std::printf("created: %s\n", qPrintable(aclBindingText(b)));
        return 0;
    });
}

int runAclDelete(const Args& args, const CommandSpec& spec)
{
    const AclInput in = aclInputOf(args);
    if (in.resourceType.isEmpty() && in.resource.isEmpty() && in.principal.isEmpty() && in.operations.isEmpty()
        && in.permission.isEmpty() && in.host.isEmpty() && !args.has(QStringLiteral("--all")))
        return usageError(spec,
            QStringLiteral("name what to delete (--resource-type, --resource, --principal, ...), or --all for every "
                           "ACL of the cluster"));
    AclInputError bad;
    const std::optional<AclFilter> filter = aclFilterFrom(in, &bad);
    if (!filter)
        return usageError(spec, QStringLiteral("%1: %2").arg(optionOfField(bad.field), bad.message));
    return withSecurityAdmin(args, spec, [&](SecurityAdminClient& admin) {
        SecurityError e;
        const auto deleted = admin.deleteAcls(*filter, &e);
        if (!deleted)
            return fail(e.message, 1);
        for (const AclBinding& b : *deleted)
            std::printf("deleted: %s\n", qPrintable(aclBindingText(b)));
        if (deleted->isEmpty())
            std::printf("deleted nothing: no ACL matches\n");
        return 0;
    });
}

int runAccess(const Args& args, const CommandSpec& spec)
{
    const QString principal = args.positionals.at(0);
    if (const QString e = principalError(principal); !e.isEmpty())
        return usageError(spec, e);
    const QString host = args.value(QStringLiteral("--host"), QStringLiteral("*"));
    if (const QString e = hostError(host); !e.isEmpty())
        return usageError(spec, QStringLiteral("--host: %1").arg(e));
    AccessContext assumed;
    for (const QString& u : args.value(QStringLiteral("--super-users")).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (const QString e = principalError(u.trimmed()); !e.isEmpty())
            return usageError(spec, QStringLiteral("--super-users: %1").arg(e));
        assumed.superUsers << u.trimmed();
    }
    assumed.allowEveryoneIfNoAclFound = args.has(QStringLiteral("--allow-everyone-if-no-acl-found"));
    const bool json = args.has(QStringLiteral("--json"));
    return withSecurityAdmin(args, spec, [&](SecurityAdminClient& admin) {
        const EffectiveAccessResult r = readEffectiveAccess(admin, principal, host, assumed);
        if (!r.error.isEmpty())
            return fail(r.error.message, 1);
        if (r.authorizer.isEmpty())
            std::fprintf(
                stderr, "note: the broker names no authorizer (authorizer.class.name): it allows everything\n");
        if (!r.settingsFromBroker && !json)
            std::printf("# super.users=%s allow.everyone.if.no.acl.found=%s (as given: the broker does not tell)\n",
                qPrintable(r.context.superUsers.join(QLatin1Char(';'))),
                r.context.allowEveryoneIfNoAclFound ? "true" : "false");
        nlohmann::json out = nlohmann::json::array();
        for (const ResourceAccess& res : r.resources) {
            nlohmann::json ops = nlohmann::json::object();
            for (const AccessDecision& d : res.decisions) {
                if (json) {
                    ops[aclOperationName(d.operation).toStdString()]
                        = { { "allowed", d.allowed }, { "why", d.explanation().toStdString() } };
                } else {
                    std::printf("%-5s %-30s %-15s %-7s %s\n", qPrintable(aclResourceTypeName(res.type)),
                        qPrintable(res.name), qPrintable(aclOperationName(d.operation)),
                        d.allowed ? "allowed" : "denied", qPrintable(d.explanation()));
                }
            }
            if (json)
                out.push_back({ { "resource_type", aclResourceTypeName(res.type).toStdString() },
                    { "resource", res.name.toStdString() }, { "operations", ops } });
        }
        if (json)
            std::printf("%s\n", out.dump(2).c_str());
        return 0;
    });
}

int runUsers(const Args& args, const CommandSpec& spec)
{
    const bool json = args.has(QStringLiteral("--json"));
    return withSecurityAdmin(args, spec, [&](SecurityAdminClient& admin) {
        SecurityError e;
        const auto users = admin.describeUsers({}, &e);
        if (!users)
            return fail(e.message, 1);
        nlohmann::json out = nlohmann::json::array();
        for (const ScramUser& u : *users) {
            nlohmann::json creds = nlohmann::json::array();
            for (const ScramCredential& c : u.credentials) {
                if (json)
                    creds.push_back({ { "mechanism", scramMechanismName(c.mechanism).toStdString() },
                        { "iterations", c.iterations } });
                else
                    std::printf("%-20s %-14s iterations=%d\n", qPrintable(u.name),
                        qPrintable(scramMechanismName(c.mechanism)), c.iterations);
            }
            if (json)
                out.push_back({ { "user", u.name.toStdString() }, { "credentials", creds } });
        }
        if (json)
            std::printf("%s\n", out.dump(2).c_str());
        return 0;
    });
}

// The password: $KAFKALAB_USER_PASSWORD, else the first line of stdin (asked for without echo on a terminal).
std::optional<QByteArray> readPassword(QString* error)
{
    if (qEnvironmentVariableIsSet("KAFKALAB_USER_PASSWORD"))
        return qgetenv("KAFKALAB_USER_PASSWORD");
    const bool terminal = isatty(STDIN_FILENO) != 0;
    termios saved {};
    if (terminal) {
        std::fprintf(stderr, "password: ");
        std::fflush(stderr);
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QFile in;
    QByteArray line;
    if (in.open(stdin, QIODevice::ReadOnly))
        line = in.readLine();
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty()) {
        *error = QStringLiteral("no password: give it on stdin (one line) or in KAFKALAB_USER_PASSWORD");
        return std::nullopt;
    }
    return line;
}

int runUserAdd(const Args& args, const CommandSpec& spec)
{
    const QString user = args.positionals.at(0);
    if (const QString e = scramUserError(user); !e.isEmpty())
        return usageError(spec, e);
    if (!args.has(QStringLiteral("--mechanism")))
        return usageError(spec, QStringLiteral("--mechanism SCRAM-SHA-256 or SCRAM-SHA-512 is required"));
    const std::optional<ScramMechanism> mechanism = scramMechanismFrom(args.value(QStringLiteral("--mechanism")));
    if (!mechanism)
        return usageError(spec,
            QStringLiteral("--mechanism: '%1' is not SCRAM-SHA-256 or SCRAM-SHA-512")
                .arg(args.value(QStringLiteral("--mechanism"))));
    QString error;
    const auto iterations = args.integer(
        QStringLiteral("--iterations"), MinScramIterations, MaxScramIterations, DefaultScramIterations, &error);
    if (!iterations)
        return usageError(spec, error);
    const std::optional<QByteArray> password = readPassword(&error);
    if (!password)
        return fail(error);
    const QString text = QString::fromUtf8(*password);
    if (text.toUtf8() != *password)
        return fail(QStringLiteral("the password is not UTF-8 text"));
    if (const QString e = scramPasswordError(text); !e.isEmpty())
        return fail(e);
    return withSecurityAdmin(args, spec, [&](SecurityAdminClient& admin) {
        const SecurityError e = admin.upsertUser(user, *mechanism, int(*iterations), *password);
        if (!e.isEmpty())
            return fail(e.message, 1);
        std::printf("%s: %s set (iterations=%lld)\n", qPrintable(user), qPrintable(scramMechanismName(*mechanism)),
            *iterations);
        return 0;
    });
}

int runUserDelete(const Args& args, const CommandSpec& spec)
{
    const QString user = args.positionals.at(0);
    if (const QString e = scramUserError(user); !e.isEmpty())
        return usageError(spec, e);
    std::optional<ScramMechanism> only;
    if (args.has(QStringLiteral("--mechanism"))) {
        only = scramMechanismFrom(args.value(QStringLiteral("--mechanism")));
        if (!only)
            return usageError(spec,
                QStringLiteral("--mechanism: '%1' is not SCRAM-SHA-256 or SCRAM-SHA-512")
                    .arg(args.value(QStringLiteral("--mechanism"))));
    }
    return withSecurityAdmin(args, spec, [&](SecurityAdminClient& admin) {
        SecurityError e;
        const auto users = admin.describeUsers({ user }, &e);
        if (!users)
            return fail(e.message, 1);
        QList<ScramMechanism> mechanisms;
        for (const ScramUser& u : *users)
            for (const ScramCredential& c : u.credentials)
                if (u.name == user && (!only || c.mechanism == *only))
                    mechanisms.append(c.mechanism);
        if (mechanisms.isEmpty())
            return fail(only ? QStringLiteral("%1 has no %2 credential").arg(user, scramMechanismName(*only))
                             : QStringLiteral("%1 has no SCRAM credential").arg(user),
                1);
        for (ScramMechanism m : mechanisms) {
            const SecurityError d = admin.deleteUser(user, m);
            if (!d.isEmpty())
                return fail(QStringLiteral("%1 %2: %3").arg(user, scramMechanismName(m), d.message), 1);
            std::printf("%s: %s deleted\n", qPrintable(user), qPrintable(scramMechanismName(m)));
        }
        return 0;
    });
}

} // namespace

QList<Command> aclCommands()
{
    const OptionSpec timeout = timeoutOption(DefaultTimeoutMs);
    const CommandSpec acls { QStringLiteral("acls"), QStringLiteral("[--bootstrap B] [filters] [--json]"),
        QStringLiteral("the cluster's ACLs, filtered"),
        QList<OptionSpec> { bootstrapOption(), timeout, jsonOption() } + aclFieldOptions(true), 0, 0, true,
        QStringLiteral("Each ACL as 'ALLOW User:alice Read on Topic 'orders' (literal) from host *'. A cluster "
                       "without an authorizer answers SECURITY_DISABLED (exit 1).\n") };
    const CommandSpec add { QStringLiteral("acl add"),
        QStringLiteral("[--bootstrap B] --resource-type T --resource NAME [--pattern P] --principal User:NAME "
                       "--operation OP[,OP...] [--permission allow|deny] [--host IP]"),
        QStringLiteral("create ACLs (one per operation); prints each one created"),
        QList<OptionSpec> { bootstrapOption(), timeout } + aclFieldOptions(false), 0, 0, true, {} };
    const CommandSpec del { QStringLiteral("acl delete"), QStringLiteral("[--bootstrap B] filters | --all"),
        QStringLiteral("delete the ACLs a filter matches; prints exactly those the broker deleted"),
        QList<OptionSpec> { bootstrapOption(), timeout,
            { QStringLiteral("--all"), {}, QStringLiteral("no filter: delete every ACL of the cluster") } }
            + aclFieldOptions(true),
        0, 0, true, {} };
    const CommandSpec access { QStringLiteral("acl access"),
        QStringLiteral("[--bootstrap B] User:NAME [--host IP] [--json]"),
        QStringLiteral("a principal's effective access to each topic and group, and the ACL that decides"),
        { bootstrapOption(), timeout, jsonOption(),
            { QStringLiteral("--host"), QStringLiteral("IP"),
                QStringLiteral("the client's address (default *: only ACLs for every host count)") },
            { QStringLiteral("--super-users"), QStringLiteral("P;P..."),
                QStringLiteral("the cluster's super.users (the broker does not tell; kafkalab's sandbox: "
                               "User:kafkalab)") },
            { QStringLiteral("--allow-everyone-if-no-acl-found"), {},
                QStringLiteral("the cluster sets allow.everyone.if.no.acl.found=true (the broker does not tell)") } },
        1, 1, true,
        QStringLiteral(
            "The broker's rules (StandardAuthorizer): super users may do everything; a DENY that applies "
            "wins over any ALLOW; patterns literal, prefixed and the literal wildcard *; User:* for every "
            "user; Read, Write, Delete and Alter imply Describe, AlterConfigs implies DescribeConfigs; no "
            "ACL that applies: denied (unless allow.everyone.if.no.acl.found and the resource has no ACL "
            "at all). Kafka hides super.users and allow.everyone.if.no.acl.found from its clients (they are the "
            "authorizer's, not the broker's, configs): give them with --super-users and "
            "--allow-everyone-if-no-acl-found.\n") };
    const CommandSpec users { QStringLiteral("users"), QStringLiteral("[--bootstrap B] [--json]"),
        QStringLiteral("the SCRAM users: name, mechanism, iterations"), { bootstrapOption(), timeout, jsonOption() }, 0,
        0, true, {} };
    const CommandSpec userAdd { QStringLiteral("user add"),
        QStringLiteral("[--bootstrap B] NAME --mechanism SCRAM-SHA-256|SCRAM-SHA-512 [--iterations N]"),
        QStringLiteral("create a SCRAM user or change its password (the password from stdin or "
                       "KAFKALAB_USER_PASSWORD)"),
        { bootstrapOption(), timeout,
            { QStringLiteral("--mechanism"), QStringLiteral("M"), QStringLiteral("SCRAM-SHA-256 or SCRAM-SHA-512") },
            { QStringLiteral("--iterations"), QStringLiteral("N"),
                QStringLiteral("%1 to %2 (default %3)")
                    .arg(MinScramIterations)
                    .arg(MaxScramIterations)
                    .arg(DefaultScramIterations) } },
        1, 1, true,
        QStringLiteral(
            "The password is read from KAFKALAB_USER_PASSWORD or the first line of stdin (without echo on a "
            "terminal), never from the command line: arguments are visible to every user of the machine "
            "(ps, /proc/PID/cmdline) and stay in shell histories. Any UTF-8 text is taken: Kafka's SCRAM "
            "salts the password's UTF-8 bytes as given (no SASLprep), so a client must type the same "
            "characters. librdkafka salts it here with a random salt; only the salted password is sent.\n") };
    const CommandSpec userDelete { QStringLiteral("user delete"),
        QStringLiteral("[--bootstrap B] NAME [--mechanism M]"),
        QStringLiteral("delete a SCRAM user's credentials (both mechanisms unless one is named)"),
        { bootstrapOption(), timeout,
            { QStringLiteral("--mechanism"), QStringLiteral("M"), QStringLiteral("SCRAM-SHA-256 or SCRAM-SHA-512") } },
        1, 1, true, {} };
    return {
        { acls, [acls](const Args& a) { return runAcls(a, acls); } },
        { add, [add](const Args& a) { return runAclAdd(a, add); } },
        { del, [del](const Args& a) { return runAclDelete(a, del); } },
        { access, [access](const Args& a) { return runAccess(a, access); } },
        { users, [users](const Args& a) { return runUsers(a, users); } },
        { userAdd, [userAdd](const Args& a) { return runUserAdd(a, userAdd); } },
        { userDelete, [userDelete](const Args& a) { return runUserDelete(a, userDelete); } },
    };
}

} // namespace kafkalab::cli
