#pragma once

#include "kafkacore/produce/producerworker.h"

#include <QObject>
#include <QThread>

namespace kafkalab {

// Owns a ProducerWorker and the thread it lives on. Lives on the GUI (or CLI main) thread, which talks to the
// worker only through queued calls; connect to worker()'s signals to hear back.
class ProducerClient : public QObject {
    Q_OBJECT
public:
    explicit ProducerClient(ProducerSettings settings, QObject* parent = nullptr);
    ~ProducerClient() override; // cancels a bulk run and joins the thread (bounded by the purge)

    // Null once retired: the worker's thread deletes it when it finishes.
    ProducerWorker* worker() const { return m_worker; }
    void start();
    void send(const OutgoingMessage& message);
    void sendMany(const QList<OutgoingMessage>& messages);
    void runBulk(const BulkSpec& spec);
    void flush(int timeoutMs);
    void cancel();
    // Cancels, lets the worker finish on its thread, then deletes this object; nothing waits for it. The worker is
    // dropped at once (it may be gone before this object is), so nothing more can be asked of it.
    void retire();

private:
    QThread m_thread;
    ProducerWorker* m_worker; // null once retired
};

} // namespace kafkalab
