#pragma once

#include "clientproperties.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <optional>

namespace kafkalab::cli {

// Arguments after the command name: `--name value`, `--flag`, `-X key=value` (repeatable) and positionals.
struct Args {
    std::map<QString, QString> options;
    QStringList flags;
    QStringList positionals;
    QList<ClientProperty> properties; // from -X
    QString error;

    bool has(const QString& flag) const { return flags.contains(flag) || options.count(flag); }
    QString value(const QString& name, const QString& fallback = {}) const;
};

// `valueOptions` names the options that take a value; everything else starting with -- is a flag.
Args parseArgs(const QStringList& args, const QStringList& valueOptions);

// Prints "kafkalab-cli: message" on stderr and returns the exit code.
int fail(const QString& message, int code = 2);

// Calls `onSignal` (on the main thread, through the event loop) at SIGINT or SIGTERM.
void onTerminationSignal(std::function<void()> onSignal);

// Runs `body` against --bootstrap, or against a local sandbox started for the occasion when there is none.
// `body` gets the bootstrap address and a `finish(exitCode)` to call when it is done; returns the exit code.
int withCluster(
    const Args& args, const std::function<void(const QString& bootstrap, std::function<void(int)> finish)>& body);

int runSandbox(const QStringList& args);
int runCluster(const QStringList& args);
int runPredict(const QStringList& args);
int runProduce(const QStringList& args);
int runGroups(const QStringList& args);
int runGroup(const QStringList& args);
int runResetOffsets(const QStringList& args);
int runScenario(const QStringList& args);
int runConsume(const QStringList& args);
int runReplay(const QStringList& args);
int runLintTopics(const QStringList& args);
int runTopic(const QStringList& args);

} // namespace kafkalab::cli
