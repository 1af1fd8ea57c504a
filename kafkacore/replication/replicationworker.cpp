#include "kafkacore/replication/replicationworker.h"

#include "kafkacore/client/clientfactory.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <algorithm>
#include <tuple>

namespace kafkalab {

void ReplicationWorker::poll()
{
    if (!client() || stopping())
        return;
    QElapsedTimer clock;
    clock.start();
    ClusterSnapshot snap;
    QString error;
    const bool read = readMetadata(snap, &error);
    if (stopping())
        return;
    if (!read) {
        Q_EMIT pollFailed(error);
        return;
    }
    snap.takenAt = QDateTime::currentDateTime();
    snap.elapsedMs = clock.elapsed();
    Q_EMIT polled(snap);
}

void ReplicationWorker::electPreferred(const QString& topic, const QList<int32_t>& partitions)
{
    if (!client() || stopping())
        return;
    PartitionListPtr list;
    if (!topic.isEmpty()) {
        list.reset(rd_kafka_topic_partition_list_new(int(partitions.size())));
        const QByteArray name = topic.toUtf8();
        for (int32_t p : partitions)
            rd_kafka_topic_partition_list_add(list.get(), name.constData(), p);
    }
    std::unique_ptr<rd_kafka_ElectLeaders_t, decltype(&rd_kafka_ElectLeaders_destroy)> request(
        rd_kafka_ElectLeaders_new(RD_KAFKA_ELECTION_TYPE_PREFERRED, list.get()), &rd_kafka_ElectLeaders_destroy);
    QueuePtr queue(rd_kafka_queue_new(client()));
    AdminOptionsPtr options = adminOptions(client(), RD_KAFKA_ADMIN_OP_ELECTLEADERS, connectTimeoutMs());
    char err[256];
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), connectTimeoutMs(), err, sizeof err);
    rd_kafka_ElectLeaders(client(), request.get(), options.get(), queue.get());
    EventPtr ev = awaitEvent(queue.get(), connectTimeoutMs() + 5000, stopToken());
    if (stopping())
        return;
    if (!ev) {
        Q_EMIT electionDone({}, QStringLiteral("no answer within %1 s").arg(connectTimeoutMs() / 1000 + 5));
        return;
    }
    if (rd_kafka_event_error(ev.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        Q_EMIT electionDone({}, eventErrorText(ev.get()));
        return;
    }
    QList<ElectionResult> results;
    if (const rd_kafka_ElectLeaders_result_t* result = rd_kafka_event_ElectLeaders_result(ev.get())) {
        size_t n = 0;
        const rd_kafka_topic_partition_result_t** parts = rd_kafka_ElectLeaders_result_partitions(result, &n);
        for (size_t i = 0; i < n; ++i) {
            const rd_kafka_topic_partition_t* tp = rd_kafka_topic_partition_result_partition(parts[i]);
            const rd_kafka_error_t* e = rd_kafka_topic_partition_result_error(parts[i]);
            ElectionResult r;
            r.topic = QString::fromUtf8(tp->topic);
            r.partition = tp->partition;
            if (e && rd_kafka_error_code(e) != RD_KAFKA_RESP_ERR_NO_ERROR)
                r.error = kafkaErrorText(rd_kafka_error_code(e), QString::fromUtf8(rd_kafka_error_string(e)));
            results.append(r);
        }
    }
    std::sort(results.begin(), results.end(), [](const ElectionResult& a, const ElectionResult& b) {
        return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
    });
    Q_EMIT electionDone(results, {});
}

} // namespace kafkalab
