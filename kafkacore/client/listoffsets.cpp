#include "kafkacore/client/listoffsets.h"

#include "kafkacore/client/rdkafkaptr.h"

#include <QElapsedTimer>

namespace kafkalab {

std::map<PartitionKey, int64_t> listOffsets(rd_kafka_t* rk, const QList<PartitionKey>& partitions, int64_t spec,
    rd_kafka_IsolationLevel_t isolation, int timeoutMs, QString* error, const StopToken* stop)
{
    std::map<PartitionKey, int64_t> out;
    if (partitions.isEmpty())
        return out;
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(partitions.size())));
    for (const PartitionKey& p : partitions)
        rd_kafka_topic_partition_list_add(list.get(), p.first.toUtf8().constData(), p.second)->offset = spec;
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_LISTOFFSETS));
    char err[256];
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, err, sizeof err);
    ErrorPtr optionError(rd_kafka_AdminOptions_set_isolation_level(options.get(), isolation));
    QueuePtr queue(rd_kafka_queue_new(rk));
    rd_kafka_ListOffsets(rk, list.get(), options.get(), queue.get());
    EventPtr ev;
    QElapsedTimer clock;
    clock.start();
    while (!ev && clock.elapsed() < timeoutMs + 2000 && !(stop && stop->stopRequested()))
        ev.reset(rd_kafka_queue_poll(queue.get(), 200));
    auto fail = [error](const QString& text) {
        if (error && error->isEmpty())
            *error = text;
    };
    if (!ev) {
        fail(QStringLiteral("Reading offsets: no answer within %1 s").arg(timeoutMs / 1000));
        return out;
    }
    if (rd_kafka_event_error(ev.get())) {
        fail(
            QStringLiteral("Reading offsets failed: %1").arg(QString::fromUtf8(rd_kafka_event_error_string(ev.get()))));
        return out;
    }
    size_t n = 0;
    const rd_kafka_ListOffsetsResultInfo_t** infos
        = rd_kafka_ListOffsets_result_infos(rd_kafka_event_ListOffsets_result(ev.get()), &n);
    for (size_t i = 0; i < n; ++i) {
        const rd_kafka_topic_partition_t* tp = rd_kafka_ListOffsetsResultInfo_topic_partition(infos[i]);
        if (tp->err) {
            fail(QStringLiteral("Reading offsets of %1[%2] failed: %3")
                     .arg(QString::fromUtf8(tp->topic))
                     .arg(tp->partition)
                     .arg(QString::fromUtf8(rd_kafka_err2str(tp->err))));
            continue;
        }
        out[{ QString::fromUtf8(tp->topic), tp->partition }] = tp->offset;
    }
    return out;
}

} // namespace kafkalab
