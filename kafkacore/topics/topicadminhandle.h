#pragma once

// TopicAdmin: the GUI's handle on a cluster's topic administration (create, delete, add partitions, delete records,
// configs, the add-partitions preview). It owns a WorkerThread whose worker makes its TopicAdminClient on that
// thread, at its first operation; every operation is queued there and answers with a signal of this object, on the
// thread that owns it. Nothing here waits for the worker: cancel() and the destructor retire it, and an operation
// under way finishes (or gives up at its next slice) on its own thread, its answer dropped.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/produce/partitioner.h"
#include "kafkacore/topics/topicoperations.h"

#include <QMap>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace kafkalab {

class TopicAdminWorker;

// Config changes (name -> new value, or nothing to go back to the default) applied one by one, then the topic's
// configs read again until the changes show (2 s at most). No changes: the configs are only read.
using TopicConfigChanges = QList<QPair<QString, std::optional<QString>>>;
struct TopicConfigResult {
    QStringList failures; // "name: error" of each refused change
    QMap<QString, QString> failedEdits; // refused changes that set a value
    std::optional<QList<TopicConfigEntry>> entries; // nothing when they could not be read
    QString loadError;
};

// The add-partitions preview: keys from a file (one a line), or sampled from the topic's newest messages, or the
// keys given (needKeys false); then where each key moves from `current` to `count` partitions.
struct PartitionPreviewRequest {
    bool needKeys = true;
    bool fromFile = false;
    QString file;
    int perPartition = 0;
    QList<QByteArray> keys; // used when !needKeys
    int current = 0;
    int count = 0;
    Partitioner partitioner = Partitioner::Murmur2Random;
};
struct PartitionPreviewResult {
    QList<QByteArray> keys;
    PartitionChangePreview preview;
    qint64 movedMessages = 0; // sampled keyed messages whose key moves
    QString error;
};

struct DeleteRecordsResult {
    std::optional<QMap<int32_t, int64_t>> lows; // each partition's new low watermark; nothing on failure
    QString error;
};

class TopicAdmin : public QObject {
    Q_OBJECT
public:
    explicit TopicAdmin(QList<ClientProperty> connection, QObject* parent = nullptr);
    ~TopicAdmin() override; // retires the worker; never waits

    const QList<ClientProperty>& connection() const { return m_connection; }

    void createTopic(const QString& name, int partitions, int replication, const QMap<QString, QString>& configs);
    void deleteTopic(const QString& topic);
    void addPartitions(const QString& topic, int total);
    void deleteRecords(const QString& topic, const QMap<int32_t, int64_t>& before);
    void applyConfigs(const QString& topic, const TopicConfigChanges& changes);
    void previewAddPartitions(const QString& topic, const PartitionPreviewRequest& request);
    // Abandons every operation queued or under way: their answers never arrive. The next operation starts a fresh
    // worker (and client).
    void cancel();
    // Operations sent whose answer has not arrived yet.
    int pending() const { return m_pending; }

    // One operation's answer, applied on the handle's thread (internal: the worker sends these).
    using Answer = std::function<void(TopicAdmin*)>;

Q_SIGNALS:
    void topicCreated(QString name, QString error); // error empty: created
    void topicDeleted(QString topic, QString error);
    void partitionsAdded(QString topic, int total, QString error);
    void recordsDeleted(QString topic, kafkalab::DeleteRecordsResult result);
    void configsApplied(QString topic, kafkalab::TopicConfigResult result);
    void partitionPreviewReady(QString topic, kafkalab::PartitionPreviewResult result);

private:
    // Runs `job(worker)` on the worker's thread; what it returns is applied here.
    void run(std::function<Answer(TopicAdminWorker*)> job);

    QList<ClientProperty> m_connection;
    std::unique_ptr<WorkerThread> m_thread; // made at the first operation, dropped by cancel()
    TopicAdminWorker* m_worker = nullptr; // lives on m_thread
    int m_pending = 0;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::TopicAdmin::Answer)
