#include "kafkacore/messages/replayworker.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/client/guardedcallback.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/messages/replayencode.h"

#include <QElapsedTimer>

namespace kafkalab {

namespace {

struct Counts {
    int64_t delivered = 0;
    int64_t failed = 0; // not written
    int64_t unknown = 0; // in flight when purged or timed out: may have been written
    QString firstError;
};

// librdkafka's delivery report callback, called from rd_kafka_poll() on the worker's thread.
void onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque)
{
    guarded("replay delivery report", [&] {
        auto* c = static_cast<Counts*>(opaque);
        if (!msg->err) {
            ++c->delivered;
            return;
        }
        if (rd_kafka_message_status(msg) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED)
            ++c->unknown;
        else
            ++c->failed;
        // A purge is what a cancel does, not a failure to report.
        const bool purged = msg->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE || msg->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT;
        if (c->firstError.isEmpty() && !purged)
            c->firstError = kafkaErrorText(msg->err);
    });
}

} // namespace

ReplayWorker::ReplayWorker(QList<ClientProperty> connection)
    : m_connection(std::move(connection))
{
    qRegisterMetaType<ReplaySummary>();
    qRegisterMetaType<QList<ReplayMessage>>();
}

void ReplayWorker::replay(const QString& topic, const QList<ReplayMessage>& input, bool keepPartitions,
    bool keepTimestamps, const std::shared_ptr<schemas::SchemaRegistryClient>& registry)
{
    ReplaySummary summary;
    QList<ReplayMessage> messages = input;
    if (needsSchemaEncoding(messages)) {
        QStringList errors;
        if (!encodeSchemaValues(&messages, registry.get(), &errors)) {
            summary.error = QStringLiteral("nothing sent: not every key and value exported decoded could be encoded "
                                           "again:\n%1")
                                .arg(errors.join(QLatin1Char('\n')));
            Q_EMIT finished(summary);
            return;
        }
    }
    Counts counts;
    QList<ClientProperty> props = m_connection;
    props.append(ClientProperty::of(QStringLiteral("enable.idempotence"), QStringLiteral("true")));
    props.append(ClientProperty::of(QStringLiteral("linger.ms"), QStringLiteral("20")));
    props.append(ClientProperty::of(QStringLiteral("message.timeout.ms"), QStringLiteral("30000")));
    // Keys land where a Java producer would put them.
    props.append(ClientProperty::of(QStringLiteral("partitioner"), QStringLiteral("murmur2_random")));
    QString error;
    KafkaHandle rk = newClient(props, RD_KAFKA_PRODUCER, &error, [&counts](rd_kafka_conf_t* conf) {
        rd_kafka_conf_set_dr_msg_cb(conf, &onDelivery);
        rd_kafka_conf_set_opaque(conf, &counts);
    });
    if (!rk) {
        summary.error = error;
        Q_EMIT finished(summary);
        return;
    }
    const QByteArray name = topic.toUtf8();
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    for (const ReplayMessage& m : messages) {
        if (m_cancel || !counts.firstError.isEmpty())
            break;
        rd_kafka_headers_t* headers = nullptr;
        if (!m.headers.empty()) {
            headers = rd_kafka_headers_new(m.headers.size());
            for (const MessageHeader& h : m.headers)
                rd_kafka_header_add(headers, h.name.constData(), h.name.size(),
                    h.isNull ? nullptr : h.value.constData(), h.isNull ? 0 : h.value.size());
        }
        const char* key = m.key ? m.key->constData() : nullptr;
        const size_t keySize = m.key ? size_t(m.key->size()) : 0;
        char* value = m.value ? const_cast<char*>(m.value->constData()) : nullptr;
        const size_t valueSize = m.value ? size_t(m.value->size()) : 0;
        const int32_t partition = keepPartitions && m.partition >= 0 ? m.partition : RD_KAFKA_PARTITION_UA;
        const int64_t timestamp = keepTimestamps && m.timestampMs >= 0 ? m.timestampMs : 0; // 0: now
        for (;;) {
            const rd_kafka_resp_err_t e
                = rd_kafka_producev(rk.get(), RD_KAFKA_V_TOPIC(name.constData()), RD_KAFKA_V_PARTITION(partition),
                    RD_KAFKA_V_TIMESTAMP(timestamp), RD_KAFKA_V_KEY(key, keySize), RD_KAFKA_V_VALUE(value, valueSize),
                    RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL && !m_cancel) {
                rd_kafka_poll(rk.get(), 50);
                continue;
            }
            if (e) {
                if (headers)
                    rd_kafka_headers_destroy(headers);
                counts.firstError = kafkaErrorText(e);
                ++counts.failed;
            } else {
                ++summary.sent;
            }
            break;
        }
        rd_kafka_poll(rk.get(), 0);
        if (sinceProgress.elapsed() > 100) {
            Q_EMIT progress(counts.delivered, messages.size());
            sinceProgress.restart();
        }
    }
    // What was handed over is delivered (or fails) before the summary; a cancel stops waiting.
    QElapsedTimer wait;
    wait.start();
    while (rd_kafka_outq_len(rk.get()) > 0 && wait.elapsed() < 60000 && !m_cancel) {
        rd_kafka_poll(rk.get(), 100);
        Q_EMIT progress(counts.delivered, messages.size());
    }
    if (m_cancel)
        rd_kafka_purge(rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(rk.get(), 5000);
    summary.delivered = counts.delivered;
    summary.failed = counts.failed;
    summary.unknown = counts.unknown;
    summary.cancelled = m_cancel;
    summary.error = counts.firstError;
    Q_EMIT progress(counts.delivered, messages.size());
    Q_EMIT finished(summary);
}

} // namespace kafkalab
