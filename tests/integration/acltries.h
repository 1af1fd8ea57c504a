#pragma once

// Trying an operation as a principal, with librdkafka itself, to read the broker's verdict (test_acls checks
// kafkalab's effective access against it): produce one message, ask for a topic's metadata, consume with a group.

#include "kafkacore/client/clientproperties.h"

#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <librdkafka/rdkafka.h>

namespace kafkalab::test {

inline rd_kafka_conf_t* confOf(const QList<ClientProperty>& props)
{
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    for (const ClientProperty& p : props)
        rd_kafka_conf_set(conf, p.key.toUtf8().constData(), p.value.toUtf8().constData(), err, sizeof err);
    rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err);
    return conf;
}

// Produces one message as the properties' user: the delivery's error (NO_ERROR when written).
inline rd_kafka_resp_err_t tryProduce(const QList<ClientProperty>& props, const QString& topic)
{
    rd_kafka_conf_t* conf = confOf(props);
    char err[512];
    rd_kafka_conf_set(conf, "message.timeout.ms", "15000", err, sizeof err);
    static rd_kafka_resp_err_t delivered;
    delivered = RD_KAFKA_RESP_ERR__TIMED_OUT;
    rd_kafka_conf_set_dr_msg_cb(conf, [](rd_kafka_t*, const rd_kafka_message_t* m, void*) { delivered = m->err; });
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    const QByteArray t = topic.toUtf8();
    rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(t.constData()), RD_KAFKA_V_VALUE(const_cast<char*>("x"), 1),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    rd_kafka_flush(rk, 20000);
    rd_kafka_destroy(rk);
    return delivered;
}

// Asks for the topic's metadata: the topic's error (NO_ERROR when the principal may describe it).
inline rd_kafka_resp_err_t tryDescribe(const QList<ClientProperty>& props, const QString& topic)
{
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, confOf(props), err, sizeof err);
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.toUtf8().constData(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
    if (!e)
        e = md->topic_cnt == 1 ? md->topics[0].err : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
    if (md)
        rd_kafka_metadata_destroy(md);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    return e;
}

// Subscribes with the group and reads from the beginning: NO_ERROR once a message arrived, else the first error the
// consumer reports (GROUP_AUTHORIZATION_FAILED, TOPIC_AUTHORIZATION_FAILED), or _TIMED_OUT after 20 s.
inline rd_kafka_resp_err_t tryConsume(const QList<ClientProperty>& props, const QString& topic, const QString& group)
{
    rd_kafka_conf_t* conf = confOf(props);
    char err[512];
    rd_kafka_conf_set(conf, "group.id", group.toUtf8().constData(), err, sizeof err);
    rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", err, sizeof err);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(list, topic.toUtf8().constData(), RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(rk, list);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_resp_err_t result = RD_KAFKA_RESP_ERR__TIMED_OUT;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 20000) {
        rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 200);
        if (!m)
            continue;
        const rd_kafka_resp_err_t e = m->err;
        rd_kafka_message_destroy(m);
        if (e == RD_KAFKA_RESP_ERR__PARTITION_EOF)
            continue;
        result = e;
        break;
    }
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return result;
}

} // namespace kafkalab::test
