#pragma once

#include "kafkacore/client/workerthread.h"
#include "kafkacore/produce/producerworker.h"

#include <QObject>

namespace kafkalab {

// The handle on one producer: owns the WorkerThread its ProducerWorker lives on (the worker makes its rd_kafka_t
// in start(), on that thread). Lives on the GUI (or CLI main) thread, which talks to the worker only through queued
// calls; connect to worker()'s signals to hear back. Nothing here ever waits for the worker's thread.
class ProducerClient : public QObject {
    Q_OBJECT
public:
    explicit ProducerClient(ProducerSettings settings, QObject* parent = nullptr);
    // Cancels a bulk run and retires the thread without waiting: the worker flushes briefly and purges on its own
    // thread (~ProducerWorker), which then ends; threads still running at exit are joined by WorkerThread::joinAll.
    ~ProducerClient() override;

    // Null once retired: the worker's thread deletes it when it finishes.
    ProducerWorker* worker() const { return m_worker; }
    void start();
    void send(const OutgoingMessage& message);
    void sendMany(const QList<OutgoingMessage>& messages);
    void runBulk(const BulkSpec& spec);
    void flush(int timeoutMs);
    void cancel();
    // Cancels, lets the worker finish on its thread, then deletes this object once the worker is gone; nothing
    // waits for it. The worker is dropped at once (it may be gone before this object is), so nothing more can be
    // asked of it.
    void retire();

private:
    WorkerThread m_thread;
    ProducerWorker* m_worker = nullptr; // null once retired
};

} // namespace kafkalab
