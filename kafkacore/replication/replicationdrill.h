#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/replication/drill.h"
#include "kafkacore/replication/ledger.h"

#include <QObject>

#include <memory>

namespace kafkalab {

// The Replication tab's handle on a drill: a producer (DrillProducer) and a consumer (DrillReader, live) each on a
// WorkerThread of its own while you break things, and afterwards the ledger check (another DrillReader that reads
// the topic back from where the producer started, then checkLedger()). Makes no librdkafka call itself.
class ReplicationDrill : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Starting, Running, Finishing, Checking };
    Q_ENUM(State)

    explicit ReplicationDrill(QObject* parent = nullptr);
    ~ReplicationDrill() override;

    void setConnection(const QList<ClientProperty>& properties); // empty: stops everything
    // Starts a run; false with `error` set for settings that cannot run (no topic, a rate out of range, idempotence
    // without acks=all or without retries) or while another run or check is under way.
    bool start(const DrillSettings& settings, QString* error);
    // Ends the run: no more sends; what is in flight gets up to the delivery timeout; then finished().
    void stop();
    // Reads the topic back from where the last run started and checks it against what was acknowledged.
    bool checkLedger(QString* error);
    State state() const { return m_state; }
    bool hasRun() const { return !m_start.isEmpty(); }
    const DrillSettings& settings() const { return m_settings; }
    const DrillCounts& producerCounts() const { return m_produced; }
    const DrillCounts& consumerCounts() const { return m_consumed; }
    const QHash<int32_t, int64_t>& startOffsets() const { return m_start; }
    // Per key, the sequence numbers the last run's delivery reports confirmed (set when it finished).
    const QHash<QByteArray, QList<qint64>>& acknowledgedSequences() const { return m_acknowledged; }
    const LedgerReport& lastReport() const { return m_report; }

Q_SIGNALS:
    void stateChanged(kafkalab::ReplicationDrill::State state);
    void progress();
    void failed(QString message);
    void finished();
    void ledgerChecked(kafkalab::LedgerReport report);

private:
    void setState(State state);
    void retireAll();

    QList<ClientProperty> m_properties;
    DrillSettings m_settings;
    State m_state = State::Idle;
    StopToken m_finish;
    std::unique_ptr<WorkerThread> m_producerThread;
    std::unique_ptr<WorkerThread> m_consumerThread;
    std::unique_ptr<WorkerThread> m_checkThread;
    DrillCounts m_produced;
    DrillCounts m_consumed;
    QHash<int32_t, int64_t> m_start;
    QHash<QByteArray, QList<qint64>> m_acknowledged;
    LedgerReport m_report;
};

} // namespace kafkalab
