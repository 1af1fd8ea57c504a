#include "kafkacore/messages/messagereader.h"

#include "kafkacore/client/clientfactory.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace kafkalab {

MessageReader::MessageReader(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ReadRequest>();
    qRegisterMetaType<ReadSummary>();
    qRegisterMetaType<PartitionProgress>();
    qRegisterMetaType<QList<PartitionProgress>>();
    qRegisterMetaType<MessageBatchPtr>();
    qRegisterMetaType<schemas::DecodedBatchPtr>();
    qRegisterMetaType<ReplaySummary>();
    qRegisterMetaType<QList<ReplayMessage>>();
}

MessageReader::~MessageReader()
{
    cancelRead();
    abandonReplay();
    cancelFetch();
    m_oneShotStop.requestStop();
}

void MessageReader::deliver(const std::weak_ptr<int>& alive, std::function<void()> fn)
{
    QCoreApplication* app = QCoreApplication::instance();
    if (!app)
        return;
    QMetaObject::invokeMethod(
        app,
        [alive, fn = std::move(fn)] {
            if (alive.lock())
                fn();
        },
        Qt::QueuedConnection);
}

void MessageReader::setConnection(const QList<ClientProperty>& connection)
{
    m_connection = connection;
}

void MessageReader::read(const ReadRequest& request)
{
    cancelRead();
    if (m_connection.isEmpty())
        return;
    const int generation = ++m_readGeneration;
    m_readThread
        = std::make_unique<WorkerThread>(QStringLiteral("kafkalab-browser"), WorkerThread::Priority::Background);
    // Made here, but its librdkafka handle is made in read(), on the worker's thread.
    auto* worker = new BrowserWorker(m_connection);
    m_readWorker = m_readThread->adopt(worker, [worker] { worker->cancel(); });
    connect(worker, &BrowserWorker::started, this,
        [this, generation](const QList<PartitionProgress>& partitions, const QString& note) {
            if (generation == m_readGeneration)
                Q_EMIT readStarted(partitions, note);
        });
    connect(worker, &BrowserWorker::decoded, this,
        [this, generation](const MessageBatchPtr& records, const schemas::DecodedBatchPtr& decoded) {
            if (generation == m_readGeneration)
                Q_EMIT this->decoded(records, decoded);
        });
    connect(worker, &BrowserWorker::batch, this, [this, generation](const MessageBatchPtr& records) {
        if (generation == m_readGeneration)
            Q_EMIT batch(records);
    });
    connect(worker, &BrowserWorker::progress, this,
        [this, generation](const QList<PartitionProgress>& partitions, qint64 scanned, qint64 matched) {
            if (generation == m_readGeneration)
                Q_EMIT progress(partitions, scanned, matched);
        });
    connect(worker, &BrowserWorker::finished, this, [this, generation](const ReadSummary& summary) {
        if (generation != m_readGeneration)
            return;
        cancelRead(); // retires the finished read's thread
        Q_EMIT readFinished(summary);
    });
    m_readThread->post(worker, [request](BrowserWorker* w) { w->read(request); });
}

void MessageReader::stopReading()
{
    if (m_readThread)
        m_readThread->requestStop();
}

void MessageReader::cancelRead()
{
    ++m_readGeneration;
    if (m_readWorker)
        disconnect(m_readWorker, nullptr, this, nullptr);
    m_readWorker = nullptr;
    m_readThread.reset(); // retires: the worker sees its flag, returns, and its thread ends on its own
}

void MessageReader::replay(const QString& topic, const QList<ReplayMessage>& messages, bool keepPartitions,
    bool keepTimestamps, std::shared_ptr<schemas::SchemaRegistryClient> registry)
{
    if (m_replayWorker || m_connection.isEmpty())
        return;
    const int generation = ++m_replayGeneration;
    m_replayThread = std::make_unique<WorkerThread>(QStringLiteral("kafkalab-replay"));
    auto* worker = new ReplayWorker(m_connection);
    m_replayWorker = m_replayThread->adopt(worker, [worker] { worker->cancel(); });
    connect(worker, &ReplayWorker::progress, this, [this, generation](qint64 delivered, qint64 total) {
        if (generation == m_replayGeneration)
            Q_EMIT replayProgress(delivered, total);
    });
    connect(worker, &ReplayWorker::finished, this, [this, generation](const ReplaySummary& summary) {
        if (generation != m_replayGeneration)
            return;
        abandonReplay(); // retires the finished replay's thread
        Q_EMIT replayFinished(summary);
    });
    m_replayThread->post(
        worker, [topic, messages, keepPartitions, keepTimestamps, registry = std::move(registry)](ReplayWorker* w) {
            w->replay(topic, messages, keepPartitions, keepTimestamps, registry);
        });
}

void MessageReader::cancelReplay()
{
    if (m_replayThread)
        m_replayThread->requestStop();
}

void MessageReader::abandonReplay()
{
    ++m_replayGeneration;
    if (m_replayWorker)
        disconnect(m_replayWorker, nullptr, this, nullptr);
    m_replayWorker = nullptr;
    m_replayThread.reset();
}

bool MessageReader::exportTo(const QString& path, const QString& topic, std::vector<MessageRecord> records,
    std::shared_ptr<MessageModel::ViewSnapshot> view, bool writeDecoded, schemas::DecodedBatch decodedRecords)
{
    if (m_exporting)
        return false;
    m_exporting = true;
    auto shared = std::make_shared<std::vector<MessageRecord>>(std::move(records));
    auto sharedDecoded = std::make_shared<schemas::DecodedBatch>(std::move(decodedRecords));
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-export"),
        [this, alive = std::weak_ptr<int>(m_alive), records = std::move(shared),
            decodedRecords = std::move(sharedDecoded), view = std::move(view), path, topic,
            writeDecoded](const StopToken& stop) {
            qint64 written = 0;
            QString error;
            const bool csv = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly)) {
                error = file.errorString();
            } else {
                auto writeLine = [&file](QByteArray line) {
                    if (!line.endsWith('\n'))
                        line.append('\n');
                    return file.write(line) == line.size();
                };
                bool ok = !csv || writeLine(csvHeader());
                const bool selection = !records->empty();
                const qsizetype n = selection ? qsizetype(records->size()) : (view ? view->size() : 0);
                for (qsizetype i = 0; i < n && ok && !stop.stopRequested(); ++i) {
                    const MessageRecord& r = selection ? (*records)[size_t(i)] : view->at(i);
                    const schemas::DecodedRecord* d = nullptr;
                    if (writeDecoded && selection && size_t(i) < decodedRecords->size())
                        d = &(*decodedRecords)[size_t(i)];
                    else if (writeDecoded && !selection)
                        d = view->decodedAt(i);
                    ok = writeLine(csv ? toCsvLine(r) : toJsonLine(topic, r, d));
                    if (ok)
                        ++written;
                }
                if (stop.stopRequested()) {
                    error = QStringLiteral("cancelled"); // the file is left as it was (QSaveFile not committed)
                    written = 0;
                } else if (!ok || !file.commit()) {
                    error = file.errorString();
                    written = 0;
                }
            }
            deliver(alive, [this, written, error] {
                m_exporting = false;
                Q_EMIT exported(written, error);
            });
        },
        m_oneShotStop);
    return true;
}

void MessageReader::readFile(const QString& path, std::function<void(std::shared_ptr<ReplayFile>)> done)
{
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-file"),
        [alive = std::weak_ptr<int>(m_alive), path, done = std::move(done)](const StopToken& stop) {
            auto file = std::make_shared<ReplayFile>(readJsonLines(path));
            if (!stop.stopRequested())
                deliver(alive, [done, file] { done(file); });
        },
        m_oneShotStop);
}

void MessageReader::fetchValue(
    const QString& topic, int32_t partition, int64_t offset, std::function<void(QByteArray value, QString error)> done)
{
    cancelFetch();
    if (m_connection.isEmpty()) {
        deliver(m_alive, [done] { done({}, QStringLiteral("not connected")); });
        return;
    }
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-fetch"),
        [this, alive = std::weak_ptr<int>(m_alive), connection = m_connection, topic, partition, offset,
            done = std::move(done)](const StopToken& stop) {
            QString error;
            QByteArray value = BrowserWorker::fetchValue(connection, topic, partition, offset, &error, stop);
            if (stop.stopRequested())
                return; // cancelled: nobody waits for it
            deliver(alive, [this, stop, done, value = std::move(value), error] {
                if (stop.stopRequested())
                    return;
                m_fetching = false;
                done(value, error);
            });
        },
        m_fetchStop);
    m_fetching = true;
}

void MessageReader::cancelFetch()
{
    m_fetching = false;
    m_fetchStop.requestStop();
    m_fetchStop = StopToken();
}

} // namespace kafkalab
