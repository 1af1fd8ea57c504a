#pragma once

// The message browser's handle on its background work (docs/architecture.md, "Threads and handles"). It lives on
// the GUI (or the CLI's main) thread and owns:
//   - the read: a BrowserWorker on a WorkerThread of its own ("kafkalab-browser"), one per read;
//   - the replay: a ReplayWorker on a WorkerThread of its own ("kafkalab-replay"), one per replay;
//   - one-shot work on WorkerThread::runDetached: the export ("kafkalab-export"), reading a file
//     ("kafkalab-file") and the single-message value fetch of the detail pane ("kafkalab-fetch").
// Everything can be cancelled, nothing is ever waited for: a cancelled or superseded worker is retired (its thread
// ends on its own) and what it still sends is dropped. The workers make their librdkafka handles on their own
// threads. Results come back as signals (or callbacks) on the handle's thread, never after the handle is gone.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/messages/browserworker.h"
#include "kafkacore/messages/messageio.h"
#include "kafkacore/messages/messagemodel.h"
#include "kafkacore/messages/replayworker.h"

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace kafkalab {

class MessageReader : public QObject {
    Q_OBJECT
public:
    explicit MessageReader(QObject* parent = nullptr);
    // Cancels and retires everything: never waits.
    ~MessageReader() override;

    // The cluster to read from and write to; an empty list means disconnected (nothing new starts).
    void setConnection(const QList<ClientProperty>& connection);
    const QList<ClientProperty>& connection() const { return m_connection; }
    bool connected() const { return !m_connection.isEmpty(); }

    // Starts a read (a read still running is cancelled first, and nothing more is heard from it).
    void read(const ReadRequest& request);
    // Asks the current read to stop; readFinished() follows with what was read (cancelled set).
    void stopReading();
    // Cancels the current read and drops it: readFinished() is not emitted for it.
    void cancelRead();
    bool reading() const { return m_readWorker != nullptr; }

    // Replays messages to a topic. Nothing happens while a replay runs. Keys and values exported decoded are encoded
    // again through `registry` (ReplayWorker::replay).
    void replay(const QString& topic, const QList<ReplayMessage>& messages, bool keepPartitions, bool keepTimestamps,
        std::shared_ptr<schemas::SchemaRegistryClient> registry = nullptr);
    // Asks the replay to stop; replayFinished() follows with what was delivered (cancelled set).
    void cancelReplay();
    // Cancels the replay and drops it: replayFinished() is not emitted for it.
    void abandonReplay();
    bool replaying() const { return m_replayWorker != nullptr; }

    // Writes `records` (when not empty), else the rows of `view`, to `path` (.csv: CSV, else JSON Lines) on a
    // one-shot thread; exported() follows. False (and nothing happens) while an export runs. `writeDecoded` (JSON
    // Lines): keys and values that decoded are written as their JSON (toJsonLine with the decoded record: from
    // `decodedRecords`, one per record, when `records` is given, else from the view), else as their bytes.
    bool exportTo(const QString& path, const QString& topic, std::vector<MessageRecord> records,
        std::shared_ptr<MessageModel::ViewSnapshot> view, bool writeDecoded = false,
        schemas::DecodedBatch decodedRecords = {});
    bool exporting() const { return m_exporting; }

    // Reads a JSON Lines file on a one-shot thread; `done` is called on this object's thread (never after it is
    // gone).
    void readFile(const QString& path, std::function<void(std::shared_ptr<ReplayFile>)> done);

    // Loads one whole message value on a one-shot thread; `done(value, error)` is called on this object's thread.
    // A newer fetch, cancelFetch() and the handle's destruction cancel it (then `done` is not called).
    void fetchValue(const QString& topic, int32_t partition, int64_t offset,
        std::function<void(QByteArray value, QString error)> done);
    void cancelFetch();
    bool fetching() const { return m_fetching; } // a fetch started, not yet answered nor cancelled

Q_SIGNALS:
    void readStarted(QList<kafkalab::PartitionProgress> partitions, QString note);
    void batch(kafkalab::MessageBatchPtr records);
    // Reads with ReadRequest::schemaRegistry set: each batch's keys and values decoded, just before batch().
    void decoded(kafkalab::MessageBatchPtr records, kafkalab::schemas::DecodedBatchPtr decoded);
    void progress(QList<kafkalab::PartitionProgress> partitions, qint64 scanned, qint64 matched);
    void readFinished(kafkalab::ReadSummary summary);
    void replayProgress(qint64 delivered, qint64 total);
    void replayFinished(kafkalab::ReplaySummary summary);
    void exported(qint64 count, QString error);

private:
    // Runs `fn` on the application's main thread (where handles live) later, unless `alive`'s owner is gone by then.
    // Any thread may call it: it touches no handle.
    static void deliver(const std::weak_ptr<int>& alive, std::function<void()> fn);

    QList<ClientProperty> m_connection;
    std::unique_ptr<WorkerThread> m_readThread;
    BrowserWorker* m_readWorker = nullptr;
    int m_readGeneration = 0; // signals of a retired read still queued are dropped
    std::unique_ptr<WorkerThread> m_replayThread;
    ReplayWorker* m_replayWorker = nullptr;
    int m_replayGeneration = 0;
    bool m_exporting = false;
    StopToken m_fetchStop;
    bool m_fetching = false;
    StopToken m_oneShotStop; // stops the export and file reads when the handle goes
    std::shared_ptr<int> m_alive = std::make_shared<int>(0); // what deliver() checks
};

} // namespace kafkalab
