#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/replication/replicationstate.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace kafkalab {

class ReplicationWorker;

// The Replication tab's handle on the cluster's replicas: a ReplicationWorker (ClusterSession's metadata read) on a
// WorkerThread of its own, polled every 500 ms while active; per partition leader, replicas and ISR, the events
// between consecutive polls (the timeline: each "seen at" the poll that saw it), how long each partition had no
// leader, and the preferred-leader election. Makes no librdkafka call itself.
class ReplicationMonitor : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultPollMs = 500;
    static constexpr int kMaxEvents = 2000; // the timeline keeps the newest

    explicit ReplicationMonitor(QObject* parent = nullptr);
    ~ReplicationMonitor() override;

    // Connects anew (dropping any earlier connection without waiting for it); empty properties disconnect.
    void setConnection(const QList<ClientProperty>& properties, int timeoutMs = 8000);
    bool connected() const { return m_connected; }
    // Polls only while active (the tab is seen, or a drill runs). Polling starts once connected.
    void setActive(bool active);
    bool active() const { return m_active; }
    void setPollInterval(int ms);
    int pollInterval() const { return m_poll.interval(); }
    // The topic whose partitions rows() lists; empty: every topic that is not the broker's own.
    void setTopic(const QString& topic);
    QString topic() const { return m_topic; }

    QStringList topics() const; // the topics of the last poll (not the broker's own)
    QList<ReplicaRow> rows() const; // the chosen topic's partitions at the last poll
    const QList<ReplicationEvent>& events() const { return m_events; } // every topic's, oldest first
    qint64 leaderlessMs(const QString& topic, int32_t partition) const;
    QDateTime lastPoll() const { return m_lastPoll; }
    int polls() const { return m_polls; }
    QString lastError() const { return m_lastError; }
    void clearTimeline();

    // Elects the preferred leaders of the chosen topic's partitions (every partition when no topic is chosen).
    // False (and nothing sent) when not connected or an election is under way.
    bool electPreferredLeaders();
    bool electing() const { return m_electing; }

    // What the tab says in place of an ELR column: librdkafka 2.14 does not report eligible leader replicas.
    static QString elrNote();

Q_SIGNALS:
    void connectedChanged(bool connected);
    void polled();
    void eventsAdded(QList<kafkalab::ReplicationEvent> events);
    void pollFailed(QString message);
    void electionFinished(QList<kafkalab::ElectionResult> results, QString error);

private:
    void retire();
    void pollNow();
    void onPolled(const ClusterSnapshot& snapshot);

    std::unique_ptr<WorkerThread> m_thread;
    ReplicationWorker* m_worker = nullptr;
    QTimer m_poll;
    bool m_connected = false;
    bool m_active = false;
    bool m_inFlight = false;
    bool m_electing = false;
    QString m_topic;
    QList<ReplicaRow> m_all; // every topic's rows at the last poll
    QList<ReplicationEvent> m_events;
    LeaderlessClock m_leaderless;
    QDateTime m_lastPoll;
    int m_polls = 0;
    QString m_lastError;
};

} // namespace kafkalab
