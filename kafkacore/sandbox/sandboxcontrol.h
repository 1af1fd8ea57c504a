#pragma once

// How `kafkalab-cli broker` and the scenario engine reach the process that owns a sandbox: the owner (LocalSandbox,
// in kafkalab or `kafkalab-cli sandbox`) listens on a local socket, `kafkalab-sandbox.control.sock` in its data
// directory (or in the temporary folder when that path is too long for a socket), and writes the socket's path to
// `kafkalab-sandbox.control` in the data directory and to the "last sandbox" file. The owner carries the action
// out, because it owns the node processes. One request per connection, one JSON line each way:
//   {"action":"kill","node":2}  ->  {"ok":true,"message":"broker 2 killed (SIGKILL)","running":2,"bootstrap":"..."}
// ("running": the brokers whose process is alive after the action). {"action":"info"} answers with the last two.

#include <QString>

#include <atomic>
#include <memory>

class QLocalServer;

namespace kafkalab {

class LocalSandbox;

// Serves a LocalSandbox's control socket, on the sandbox's thread.
class SandboxControlServer {
public:
    explicit SandboxControlServer(LocalSandbox* sandbox);
    ~SandboxControlServer(); // closes the socket and removes its files
    SandboxControlServer(const SandboxControlServer&) = delete;
    SandboxControlServer& operator=(const SandboxControlServer&) = delete;

    // Listens; returns an error message, or an empty string.
    QString listen(const QString& dataDir);
    QString path() const { return m_path; }

private:
    void serve();

    LocalSandbox* m_sandbox;
    std::unique_ptr<QLocalServer> m_server;
    QString m_path;
    QString m_pointerFile;
};

namespace sandbox {

struct ControlReply {
    bool ok = false;
    QString message;
    int running = -1; // brokers whose process is alive after the action; -1: unknown (no answer)
    QString bootstrap; // the sandbox's
};

// The control socket named by `where`: a socket path as printed after `control=`, or a sandbox's data directory;
// empty `where`: the sandbox started last on this machine by this user. Empty, with `error` set, if none is found.
QString findControlSocket(const QString& where, QString* error);

// Sends one action ("stop", "kill", "pause", "resume", "start", or "info", which does nothing) for node `id` and waits
// for the answer, at most `timeoutMs` (and no longer than until `stop` is set). Blocking: for the CLI's main thread or
// a worker thread.
ControlReply sendControl(
    const QString& socketPath, const QString& action, int id, int timeoutMs, const std::atomic_bool* stop = nullptr);

} // namespace sandbox

} // namespace kafkalab
