#include "kafkacore/client/listoffsets.h"

#include "kafkacore/client/clientfactory.h"

#include <QElapsedTimer>

#include <algorithm>
#include <vector>

namespace kafkalab {

QList<ListedOffsets> listOffsets(rd_kafka_t* rk, const QList<TopicPartitionKey>& partitions,
    const QList<OffsetQuery>& queries, int timeoutMs, const std::function<bool()>& stopping, QString* error)
{
    QList<ListedOffsets> out(queries.size());
    if (partitions.isEmpty() || queries.isEmpty())
        return out;
    // librdkafka makes each call quadratic in its own partitions: it finds every leader's answer, and every error of
    // the leader look-up, by searching the call's whole result list (rd_kafka_ListOffsets_response_merge and
    // rd_kafka_ListOffsets_leaders_queried_cb, 2.14). Calls of at most kChunk partitions keep that linear overall;
    // they all go out at once, one queue each, and the broker answers them in about one round trip. Measured at 10k
    // partitions (one broker, load 10): chunks of 10,000 took 6.7-9.3 s, 1,000 0.9-1.4 s, 100-250 0.3-0.7 s, 50
    // 0.5-1.2 s (the per-call overhead wins again).
    constexpr qsizetype kChunk = 200;
    struct Call {
        qsizetype query;
        QueuePtr queue;
    };
    std::vector<Call> calls;
    for (qsizetype qi = 0; qi < queries.size(); ++qi) {
        const OffsetQuery& q = queries[qi];
        for (qsizetype from = 0; from < partitions.size(); from += kChunk) {
            const qsizetype n = std::min(kChunk, partitions.size() - from);
            PartitionListPtr list(rd_kafka_topic_partition_list_new(int(n)));
            for (qsizetype k = from; k < from + n; ++k)
                rd_kafka_topic_partition_list_add(list.get(), partitions[k].first.constData(), partitions[k].second)
                    ->offset
                    = q.spec;
            AdminOptionsPtr options(rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_LISTOFFSETS));
            char err[256];
            rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, err, sizeof err);
            if (ErrorPtr e { rd_kafka_AdminOptions_set_isolation_level(options.get(), q.isolation) }) {
                *error = QString::fromUtf8(rd_kafka_error_string(e.get()));
                return {};
            }
            calls.push_back({ qi, QueuePtr(rd_kafka_queue_new(rk)) });
            rd_kafka_ListOffsets(rk, list.get(), options.get(), calls.back().queue.get());
        }
    }
    for (ListedOffsets& answers : out)
        answers.reserve(partitions.size());
    QElapsedTimer clock;
    clock.start();
    for (const Call& call : calls) {
        EventPtr ev;
        // librdkafka times the request out itself after timeoutMs; the margin only covers its bookkeeping.
        while (!ev && clock.elapsed() < timeoutMs + 5000) {
            if (stopping && stopping()) {
                *error = QStringLiteral("stopped");
                return {};
            }
            ev.reset(rd_kafka_queue_poll(call.queue.get(), 200));
        }
        if (!ev) {
            *error = QStringLiteral("no answer to ListOffsets within %1 s").arg((timeoutMs + 5000) / 1000);
            return {};
        }
        if (const rd_kafka_resp_err_t e = rd_kafka_event_error(ev.get())) {
            *error = kafkaErrorText(e, QString::fromUtf8(rd_kafka_event_error_string(ev.get())));
            return {};
        }
        const rd_kafka_ListOffsets_result_t* result = rd_kafka_event_ListOffsets_result(ev.get());
        size_t n = 0;
        const rd_kafka_ListOffsetsResultInfo_t** infos
            = result ? rd_kafka_ListOffsets_result_infos(result, &n) : nullptr;
        ListedOffsets& answers = out[call.query];
        for (size_t k = 0; k < n; ++k) {
            const rd_kafka_topic_partition_t* tp = rd_kafka_ListOffsetsResultInfo_topic_partition(infos[k]);
            answers.insert({ QByteArray(tp->topic), tp->partition }, { tp->offset, tp->err });
        }
    }
    return out;
}

std::map<PartitionKey, int64_t> listOffsets(rd_kafka_t* rk, const QList<PartitionKey>& partitions, int64_t spec,
    rd_kafka_IsolationLevel_t isolation, int timeoutMs, QString* error, const StopToken* stop)
{
    std::map<PartitionKey, int64_t> out;
    QList<TopicPartitionKey> keys;
    keys.reserve(partitions.size());
    for (const PartitionKey& p : partitions)
        keys.append({ p.first.toUtf8(), p.second });
    QString callError;
    const QList<ListedOffsets> answers = listOffsets(
        rk, keys, { OffsetQuery { spec, isolation } }, timeoutMs, [stop] { return stop && stop->stopRequested(); },
        &callError);
    auto fail = [error](const QString& text) {
        if (error && error->isEmpty())
            *error = text;
    };
    if (answers.isEmpty()) {
        fail(QStringLiteral("Reading offsets failed: %1").arg(callError));
        return out;
    }
    for (auto it = answers.first().cbegin(); it != answers.first().cend(); ++it) {
        const QString topic = QString::fromUtf8(it.key().first);
        if (it.value().err) {
            fail(QStringLiteral("Reading offsets of %1[%2] failed: %3")
                     .arg(topic)
                     .arg(it.key().second)
                     .arg(QString::fromUtf8(rd_kafka_err2str(it.value().err))));
            continue;
        }
        out[{ topic, it.key().second }] = it.value().offset;
    }
    return out;
}

bool isPassingLeaderError(rd_kafka_resp_err_t e)
{
    switch (e) {
    case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION: // NOT_LEADER_OR_FOLLOWER
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH:
    case RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH: // the broker is behind the epoch the client saw in metadata
        return true;
    default:
        return false;
    }
}

} // namespace kafkalab
