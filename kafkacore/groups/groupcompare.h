#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/groups/ownership.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace kafkalab {

class GroupLab;
class ProducerClient;

// One column of a compare run: a group, its protocol and assignor, and what it lived through.
struct CompareLane {
    QString label; // "eager", "cooperative", "consumer protocol"
    QString groupId;
    QString protocol; // classic or consumer
    QString assignor;
    QStringList members; // the lab's names, in the order they were started
    GroupMetrics metrics;
};

// The compare action: the same script on three groups at once, in one GroupLab, so that their timelines lie side by
// side: three members each, traffic on the topic, member 2 of each group crashes, a fourth member joins; then each
// group's metrics over the window from the first stable assignment to the end of the script. Driven by timers on the
// thread that owns it (the GUI thread): nothing here blocks.
class GroupCompare : public QObject {
    Q_OBJECT
public:
    struct Settings {
        QString topic;
        int partitions = 0; // the topic's partition count
        QString groupPrefix; // groups are PREFIX-eager, PREFIX-cooperative, PREFIX-consumer
        QString eagerAssignor = QStringLiteral("range"); // or roundrobin
        QString consumerAssignor = QStringLiteral("uniform"); // or range (the broker's)
        int sessionTimeoutMs = 10000; // the classic members' (the consumer protocol's is the broker's)
        int ratePerSec = 20; // traffic on the topic
        int settleMs = 3000; // the pause between the script's acts
        int stableTimeoutMs = 60000; // an act that does not settle within this ends the run with an error
    };

    // `lab` must outlive the run; the members are the lab's (their rows, the board and the timeline show them).
    GroupCompare(GroupLab* lab, QList<ClientProperty> connection, QObject* parent = nullptr);
    ~GroupCompare() override;

    static QString settingsError(const Settings& settings); // empty when the run can start
    void start(const Settings& settings);
    void cancel(); // stops the traffic; the members leave
    bool isRunning() const { return m_phase != Phase::Idle; }
    QList<CompareLane> lanes() const { return m_lanes; }
    // The window the metrics cover (ms since the epoch); 0 before it is known.
    qint64 windowFromMs() const { return m_fromMs; }
    qint64 windowToMs() const { return m_toMs; }

Q_SIGNALS:
    void progress(QString phase);
    // `error` empty: every lane has its metrics.
    void finished(QString error);

private:
    enum class Phase { Idle, Joining, Crashing, Adding, Ending };
    void tick();
    bool allStable() const;
    void advance();
    void finish(const QString& error);

    GroupLab* m_lab;
    QList<ClientProperty> m_connection;
    Settings m_settings;
    QList<CompareLane> m_lanes;
    QStringList m_partitionKeys;
    QPointer<ProducerClient> m_producer;
    QTimer m_tick;
    Phase m_phase = Phase::Idle;
    qint64 m_phaseStartMs = 0;
    qint64 m_stableSinceMs = 0;
    bool m_settling = false;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
};

} // namespace kafkalab
