#pragma once

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <thread>

namespace kafkalab {

struct TopicSpec {
    QString name;
    int partitions = 1;
};

// The demo topics a fresh sandbox starts with: the ones the teaching demos use.
QList<TopicSpec> demoTopics();

// Waits on its own thread until the broker at `bootstrap` answers metadata, then creates `topics` (an existing
// topic is fine). `done` is called once, on the probe's thread, unless the probe is stopped first.
class SandboxProbe {
public:
    using Done = std::function<void(bool ok, const QString& message)>;

    SandboxProbe(QString bootstrap, QList<TopicSpec> topics, Done done);
    ~SandboxProbe(); // stops and joins; returns within ~0.5 s
    SandboxProbe(const SandboxProbe&) = delete;
    SandboxProbe& operator=(const SandboxProbe&) = delete;

private:
    void run();
    bool waitForMetadata();
    QString createTopics();
    // Until every partition of the created topics has a leader that answers offset requests.
    bool waitForLeaders();

    QString m_bootstrap;
    QList<TopicSpec> m_topics;
    Done m_done;
    std::atomic_bool m_stop { false };
    std::thread m_thread;
};

} // namespace kafkalab
