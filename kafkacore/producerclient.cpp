#include "producerclient.h"

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
    m_worker->cancel();
    m_thread.quit();
    m_thread.wait();
}

void ProducerClient::retire()
{
    m_worker->cancel();
    connect(&m_thread, &QThread::finished, this, &QObject::deleteLater);
    m_thread.quit();
}

void ProducerClient::start()
{
    QMetaObject::invokeMethod(m_worker, &ProducerWorker::start, Qt::QueuedConnection);
}

void ProducerClient::send(const OutgoingMessage& message)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, message] { w->send(message); }, Qt::QueuedConnection);
}

void ProducerClient::sendMany(const QList<OutgoingMessage>& messages)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, messages] { w->sendMany(messages); }, Qt::QueuedConnection);
}

void ProducerClient::runBulk(const BulkSpec& spec)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, spec] { w->runBulk(spec); }, Qt::QueuedConnection);
}

void ProducerClient::flush(int timeoutMs)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, timeoutMs] { w->flush(timeoutMs); }, Qt::QueuedConnection);
}

} // namespace kafkalab
