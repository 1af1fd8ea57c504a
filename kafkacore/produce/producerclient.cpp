#include "kafkacore/produce/producerclient.h"

#include <utility>

namespace kafkalab {

ProducerClient::ProducerClient(ProducerSettings settings, QObject* parent)
    : QObject(parent)
    , m_worker(new ProducerWorker(std::move(settings)))
{
    m_thread.setObjectName(QStringLiteral("kafkalab-producer"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

ProducerClient::~ProducerClient()
{
    cancel(); // a retired client's worker may be deleted by now: retire() dropped it
    m_thread.quit();
    m_thread.wait();
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
    // The thread deletes the worker when it finishes, which may be before this object is deleted (the parent can
    // destroy it first): from here on nothing may touch the worker.
    std::exchange(m_worker, nullptr)->cancel();
    connect(&m_thread, &QThread::finished, this, &QObject::deleteLater);
    m_thread.quit();
}

void ProducerClient::start()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &ProducerWorker::start, Qt::QueuedConnection);
}

void ProducerClient::send(const OutgoingMessage& message)
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, message] { w->send(message); }, Qt::QueuedConnection);
}

void ProducerClient::sendMany(const QList<OutgoingMessage>& messages)
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, messages] { w->sendMany(messages); }, Qt::QueuedConnection);
}

void ProducerClient::runBulk(const BulkSpec& spec)
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, spec] { w->runBulk(spec); }, Qt::QueuedConnection);
}

void ProducerClient::flush(int timeoutMs)
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, timeoutMs] { w->flush(timeoutMs); }, Qt::QueuedConnection);
}

} // namespace kafkalab
