#pragma once

#include "kafkacore/client/clientproperties.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace kafkalab {

struct TopicSpec {
    QString name;
    int partitions = 1;
};

// The demo topics a fresh sandbox starts with: the ones the teaching demos use.
QList<TopicSpec> demoTopics();

// Waits on a thread of its own (WorkerThread::runDetached) until the cluster at `bootstrap` (reached with `security`:
// the super user's client properties of a secured sandbox, else none) answers metadata with
// `brokers` brokers, then creates `topics` (an existing topic is fine) with replication factor min(brokers, 3) and,
// with three brokers, min.insync.replicas=2. `done`
// is called once, on the probe's thread, unless the probe is destroyed first: once ~SandboxProbe has returned, `done`
// is never called (nor running).
class SandboxProbe {
public:
    using Done = std::function<void(bool ok, const QString& message)>;

    SandboxProbe(const QString& bootstrap, const QList<ClientProperty>& security, QList<TopicSpec> topics, Done done,
        int brokers = 1);
    // Stops the probe without joining its thread (which gives up within ~0.5 s, on its own); waits at most for a
    // `done` call under way, which only posts an event.
    ~SandboxProbe();
    SandboxProbe(const SandboxProbe&) = delete;
    SandboxProbe& operator=(const SandboxProbe&) = delete;

    struct State; // shared with the probe's thread (sandboxprobe.cpp)

private:
    std::shared_ptr<State> m_state;
};

} // namespace kafkalab
