#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/schemas/schemaregistry.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <optional>

namespace kafkalab::cli {

// The command line as the process got it: bytes, not text (a key that is not UTF-8 stays what it was).
using Argv = QList<QByteArray>;

// One option a command takes: `--name VALUE` (or `--name=VALUE`) when `value` names the value, else a flag.
struct OptionSpec {
    QString name;
    QString value; // empty: a flag
    QString help;
};

// What a command takes. Every command is parsed by parseCommandLine() from its spec: options it does not name are
// refused, and so are positionals beyond `maxPositionals`.
struct CommandSpec {
    QString name; // "produce", "topic create", ...
    QString synopsis; // after the name, for the usage line
    QString summary; // one line for the overview
    QList<OptionSpec> options;
    int minPositionals = 0;
    int maxPositionals = 0; // -1: any number
    bool clientProperties = false; // takes -X key=value (repeatable)
    QString details; // printed after the options by --help
};

// A parsed command line.
struct Args {
    std::map<QString, QString> options;
    QStringList flags;
    QStringList positionals;
    Argv rawPositionals; // the positionals as the bytes given
    QList<ClientProperty> properties; // from -X
    bool help = false;

    bool has(const QString& name) const { return flags.contains(name) || options.count(name); }
    QString value(const QString& name, const QString& fallback = {}) const;

    // The option's value read strictly (see parseInteger/parseNumber/parseBoolean): `fallback` when the option is
    // absent; nothing, with `error` naming the option, the text and the rule, when it is malformed or out of range.
    std::optional<qint64> integer(const QString& name, qint64 min, qint64 max, qint64 fallback, QString* error) const;
    std::optional<double> number(const QString& name, double min, double max, double fallback, QString* error) const;
    std::optional<bool> boolean(const QString& name, bool fallback, QString* error) const;
};

// Parses `argv` (the words after the command's name) against `spec`; on a mistake returns nothing and sets `error`
// (unknown option, with the nearest known one; a missing or unexpected value; too few or too many arguments).
std::optional<Args> parseCommandLine(const CommandSpec& spec, const Argv& argv, QString* error);

// Strict number parsing: the whole text, digits with an optional sign (no spaces, no "0x", no trailing junk),
// within [min, max]; else nothing and `why` says which rule was broken.
std::optional<qint64> parseInteger(const QString& text, qint64 min, qint64 max, QString* why);
// A finite decimal number within [min, max] ("nan" and "inf" are refused).
std::optional<double> parseNumber(const QString& text, double min, double max, QString* why);
// "true" or "false" (also "yes"/"no", "1"/"0", "on"/"off").
std::optional<bool> parseBoolean(const QString& text, QString* why);

// The usage text of a command (`kafkalab-cli NAME SYNOPSIS` and its options).
QString usageOf(const CommandSpec& spec);

// Prints "kafkalab-cli: message" on stderr and returns the exit code.
int fail(const QString& message, int code = 2);
// A mistake on the command line: the message, the command's usage line and how to get help; exit code 2.
int usageError(const CommandSpec& spec, const QString& message);

// Calls `onSignal` (on the main thread, through the event loop) at SIGINT or SIGTERM.
void onTerminationSignal(std::function<void()> onSignal);

// Runs `body` against --bootstrap, or against a local sandbox started for the occasion when there is none.
// `body` gets the bootstrap address and a `finish(exitCode)` to call when it is done; returns the exit code.
int withCluster(
    const Args& args, const std::function<void(const QString& bootstrap, std::function<void(int)> finish)>& body);

// The connection properties for `bootstrap` plus the command's -X properties.
QList<ClientProperty> connectionOf(const Args& args, const QString& bootstrap);

// The options every command that talks to a cluster takes.
OptionSpec bootstrapOption();
// --schema-registry URL, --registry-user U, --registry-password P (or $KAFKALAB_REGISTRY_PASSWORD), --registry-token T
// (or $KAFKALAB_REGISTRY_TOKEN), --registry-ca FILE.
QList<OptionSpec> registryOptions();
// The registry the options name, else $KAFKALAB_SCHEMA_REGISTRY (which `sandbox --schema-registry` prints as
// schema_registry=); nothing and `error` set when there is none or the URL is not http(s).
std::optional<schemas::RegistryConnection> registryFromArgs(const Args& args, QString* error);
OptionSpec jsonOption();
// --profile NAME, which every command that takes --bootstrap also takes (profileoption.cpp).
OptionSpec profileOption();
// Replaces --profile by the profile's bootstrap address and properties (before the command's -X ones); false, with
// `error`, for an unknown profile, one without its password, or --profile given with --bootstrap.
bool applyProfile(Args& args, QString* error);
// --timeout SECONDS: how long each request to the cluster may take (a decimal number of seconds, more than 0, at most
// an hour). A request that is answered late is slow, not failed; one not answered within it fails.
OptionSpec timeoutOption(int defaultMs);
// The --timeout in milliseconds, `fallbackMs` when absent; nothing, with `error` set, when malformed, zero,
// negative or over an hour.
std::optional<int> timeoutMsOf(const Args& args, int fallbackMs, QString* error);

// A command: its spec and what runs it once the command line is parsed.
struct Command {
    CommandSpec spec;
    std::function<int(const Args&)> run;
};

// "P:OFFSET,..." of topic delete-records (offset -1 for "end": every record); nothing, with the reason, when bad.
std::optional<QMap<int32_t, int64_t>> parseDeleteBefore(const QString& text, QString* error);

QList<Command> sandboxCommands();
QList<Command> clusterCommands();
QList<Command> connectTestCommands();
QList<Command> predictCommands();
QList<Command> produceCommands();
QList<Command> groupCommands();
QList<Command> scenarioCommands();
QList<Command> messageCommands();
QList<Command> topicCommands();
QList<Command> aclCommands();
QList<Command> schemaCommands();
QList<Command> profileCommands(); // profileoption.cpp

} // namespace kafkalab::cli
