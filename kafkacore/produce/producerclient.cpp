#include "kafkacore/produce/producerclient.h"

#include <utility>

namespace kafkalab {

ProducerClient::ProducerClient(ProducerSettings settings, QObject* parent)
    : QObject(parent)
    , m_thread(QStringLiteral("kafkalab-producer"))
{
    auto* worker = new ProducerWorker(std::move(settings), m_thread.stopToken());
    // onStop only sets the worker's cancel flag (an atomic); the worker is alive until its thread ends, which only
    // retire() starts, after onStop has run.
    m_worker = m_thread.adopt(worker, [worker] { worker->cancel(); });
}

ProducerClient::~ProducerClient()
{
    // A retired client's worker may be deleted by now: retire() dropped it, and WorkerThread calls onStop only
    // while the worker is still its own.
    m_worker = nullptr;
    m_thread.retire();
}

void ProducerClient::cancel()
{
    if (m_worker)
        m_worker->cancel();
}

void ProducerClient::retire()
{
    if (!m_worker)
        return;
    if (!m_thread.isRunning()) { // joinAll() (application exit) has ended the thread and deleted the worker
        m_worker = nullptr;
        deleteLater();
        return;
    }
    // The thread deletes the worker when it finishes, which may be before this object is deleted (the parent can
    // destroy it first): from here on nothing may touch the worker. This object follows once the worker is gone.
    connect(std::exchange(m_worker, nullptr), &QObject::destroyed, this, &QObject::deleteLater, Qt::QueuedConnection);
    m_thread.retire(); // cancels (onStop) and sets the stop flag the worker's loops poll
}

void ProducerClient::start()
{
    m_thread.post(m_worker, [](ProducerWorker* w) { w->start(); });
}

void ProducerClient::send(const OutgoingMessage& message)
{
    m_thread.post(m_worker, [message](ProducerWorker* w) { w->send(message); });
}

void ProducerClient::sendMany(const QList<OutgoingMessage>& messages)
{
    m_thread.post(m_worker, [messages](ProducerWorker* w) { w->sendMany(messages); });
}

void ProducerClient::runBulk(const BulkSpec& spec)
{
    m_thread.post(m_worker, [spec](ProducerWorker* w) { w->runBulk(spec); });
}

void ProducerClient::flush(int timeoutMs)
{
    m_thread.post(m_worker, [timeoutMs](ProducerWorker* w) { w->flush(timeoutMs); });
}

} // namespace kafkalab
