#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/messages/messageio.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace kafkalab {

struct ReplaySummary {
    int64_t sent = 0;
    int64_t delivered = 0;
    int64_t failed = 0; // not written
    int64_t unknown = 0; // in flight when cancelled or timed out: may have been written
    bool cancelled = false;
    QString error; // the first failure, in words (or why nothing was sent)
};

// Produces messages read from a file to a topic, keeping keys and headers and, if asked, the original
// partitions. Lives on its own thread.
class ReplayWorker : public QObject {
    Q_OBJECT
public:
    explicit ReplayWorker(QList<ClientProperty> connection);
    void cancel() { m_cancel = true; }

public Q_SLOTS:
    // keepTimestamps: each message keeps the file's timestamp (else the broker's clock at sending sets it).
    // Keys and values exported decoded are encoded again through `registry` first, all of them before the first
    // is sent: if any cannot be, nothing is sent and the summary's error lists them (replayencode.h).
    void replay(const QString& topic, const QList<kafkalab::ReplayMessage>& messages, bool keepPartitions,
        bool keepTimestamps = false,
        const std::shared_ptr<kafkalab::schemas::SchemaRegistryClient>& registry = nullptr);

Q_SIGNALS:
    void progress(qint64 delivered, qint64 total);
    void finished(kafkalab::ReplaySummary summary);

private:
    QList<ClientProperty> m_connection;
    std::atomic_bool m_cancel { false };
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::ReplaySummary)
