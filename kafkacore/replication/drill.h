#pragma once

// The replication drill's producer and consumer (each a worker on a WorkerThread of its own, owned by the
// ReplicationDrill handle) and the values they report. The producer writes ledgerValue(key, seq) so that the ledger
// check can tell what was lost, duplicated or reordered.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/replication/ledger.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <cstdint>

namespace kafkalab {

struct DrillSettings {
    QString topic;
    int acks = -1; // 0, 1 or -1 (all)
    bool idempotence = true;
    bool retries = true; // off: a refused write is reported at once (not with idempotence, which needs retries)
    int ratePerSecond = 200;
    int keys = 6; // 0: unkeyed
    int deliveryTimeoutMs = 30000; // message.timeout.ms
    // The producer's properties for these settings (acks, enable.idempotence, retries, message.timeout.ms).
    QList<ClientProperty> producerProperties() const;
};

struct DrillCounts {
    qint64 sent = 0; // handed to the client
    qint64 acknowledged = 0; // delivery confirmed (with acks=0: sent without an answer)
    qint64 failed = 0; // not written (the client is sure)
    qint64 unknown = 0; // timed out or purged and maybe written (librdkafka's POSSIBLY_PERSISTED)
    qint64 read = 0; // the consumer's messages
    QMap<QString, qint64> errors; // plain words -> how often
    QString lastError;
    qint64 inFlight() const { return sent - acknowledged - failed - unknown; }
};

// "NOT_ENOUGH_REPLICAS: fewer in-sync replicas than min.insync.replicas; the write was refused", ...
QString drillErrorWords(int err);

class DrillProducer : public QObject {
    Q_OBJECT
public:
    // `finish` ends the run (no more sends; what is in flight gets up to the delivery timeout); the thread's own
    // stop token abandons it.
    DrillProducer(QList<ClientProperty> properties, DrillSettings settings, StopToken finish, StopToken stop);
    ~DrillProducer() override;

public Q_SLOTS:
    void run();

Q_SIGNALS:
    // The topic's high watermarks before the first send: where the read-back starts.
    void started(QHash<int32_t, int64_t> startOffsets);
    void progress(kafkalab::DrillCounts counts);
    void failed(QString message);
    // Per key, the sequence numbers whose delivery was confirmed.
    void finished(kafkalab::DrillCounts counts, QHash<QByteArray, QList<qint64>> acknowledged);

private:
    struct Private;
    static void onDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
    Private* d;
    QList<ClientProperty> m_properties;
    DrillSettings m_settings;
    StopToken m_finish;
    StopToken m_stop;
};

// Reads the drill topic. Live: from `startOffsets` (or the end) until stopped, counting. Check: from `startOffsets`
// to the high watermarks read when it starts, collecting every drill message for the ledger check.
class DrillReader : public QObject {
    Q_OBJECT
public:
    enum class Mode { Live, Check };
    DrillReader(QList<ClientProperty> properties, QString topic, QHash<int32_t, int64_t> startOffsets, Mode mode,
        StopToken stop);

public Q_SLOTS:
    void run();

Q_SIGNALS:
    void progress(kafkalab::DrillCounts counts);
    void readBack(QList<kafkalab::LedgerRecord> records, qint64 foreign, QString error);

private:
    QList<ClientProperty> m_properties;
    QString m_topic;
    QHash<int32_t, int64_t> m_start;
    Mode m_mode;
    StopToken m_stop;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::DrillCounts)
Q_DECLARE_METATYPE(kafkalab::LedgerRecord)
