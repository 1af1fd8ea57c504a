#pragma once

#include "kafkacore/client/workerthread.h"
#include "kafkacore/groups/groupmember.h"
#include "kafkacore/groups/ownership.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <memory>

namespace kafkalab {

// Consumer-group members started from the GUI (or a test), each its own client on its own WorkerThread (owned here;
// the member makes its rd_kafka_t in start(), on that thread), and the timeline of what their rebalance callbacks
// reported. Nothing here waits for a member: leaving, and the clean leave at destruction, happen on the members'
// threads.
class GroupLab : public QObject {
    Q_OBJECT
public:
    explicit GroupLab(QObject* parent = nullptr);
    // Never waits: every member's thread is retired, and each member leaves the group cleanly as it is deleted on its
    // own thread (~GroupMemberWorker closes the consumer). Threads still running at exit are joined by joinAll().
    ~GroupLab() override;

    void setConnection(const QList<ClientProperty>& properties) { m_connection = properties; }
    // Starts a member; the config's connection is filled in. Returns its name (config.name, made unique). A config
    // its protocol refuses (memberConfigError) still makes a row: its member stops at once with the error.
    QString addMember(MemberConfig config, bool recordMessages = false);
    // Starts a stopped member again with the same configuration (and group.instance.id): a new client, the same name.
    void restart(const QString& member);
    void leave(const QString& member);
    void crash(const QString& member);
    void stall(const QString& member);
    void resumePolling(const QString& member);
    void pause(const QString& member);
    void resume(const QString& member);
    void stopAll(); // every running member leaves cleanly

    // A lab that shows members run elsewhere (a group lesson's, in its scenario engine): their configurations, their
    // events so far and which of them run. Such a lab starts no member of its own.
    void setObserved(
        const QList<MemberConfig>& configs, const QList<MemberEvent>& events, const QSet<QString>& running);

    QStringList members() const { return m_order; }
    bool isRunning(const QString& member) const;
    MemberConfig config(const QString& member) const { return m_configs.value(member); }
    const QList<MemberEvent>& events() const { return m_events; }
    qint64 startedAtMs() const { return m_startMs; }

    // The current owner of each partition ("topic\0partition" -> member) of a group.
    QHash<QString, QString> owners(const QString& groupId) const;
    QList<OwnershipSpan> spans() const;
    QList<RebalanceEpisode> episodes(const QString& groupId) const;
    int64_t consumed(const QString& member, const QString& topic, int32_t partition) const;
    int64_t consumed(const QString& member) const;
    // Every (partition key, offset) consumed by members started with recordMessages.
    const QList<QPair<QString, int64_t>>& consumedOffsets() const { return m_seen; }
    // Every message the recording members of a group consumed, with its timestamp.
    QList<ConsumedMessage> consumedMessages(const QString& groupId) const { return m_timed.value(groupId); }
    // The member's last error, empty when none.
    QString lastError(const QString& member) const { return m_errors.value(member); }
    // Set when two members of one group were seen owning a partition at the same instant.
    QString doubleOwnership() const { return m_doubleOwnership; }

    static QString key(const QString& topic, int32_t partition) { return partitionKey(topic, partition); }

Q_SIGNALS:
    void eventAdded(kafkalab::MemberEvent event);
    void countsChanged();
    void memberStopped(QString member);

private:
    struct Member {
        std::shared_ptr<WorkerThread> thread; // shared: QHash values are copied
        GroupMemberWorker* worker = nullptr; // lives on `thread`
        bool running = false;
    };
    void onEvent(const MemberEvent& e);
    template <typename Fn> void invoke(const QString& member, Fn fn);
    void launch(const QString& name, const MemberConfig& config, bool recordMessages);

    QList<ClientProperty> m_connection;
    QHash<QString, Member> m_members;
    QHash<QString, MemberConfig> m_configs;
    QStringList m_order;
    QList<MemberEvent> m_events;
    QHash<QString, QHash<QString, int64_t>> m_counts;
    QList<QPair<QString, int64_t>> m_seen;
    QHash<QString, QList<ConsumedMessage>> m_timed; // group -> messages
    QHash<QString, QString> m_errors;
    QSet<QString> m_recording;
    QSet<QString> m_observedRunning;
    QString m_doubleOwnership;
    qint64 m_startMs = 0;
};

} // namespace kafkalab
