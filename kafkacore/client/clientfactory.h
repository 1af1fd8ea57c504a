#pragma once

// The librdkafka side of client properties: configurations, clients and error text. kafkacore only: librdkafka is
// linked PRIVATE to kafkacore, so nothing above it can include this header.

#include <functional>

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/client/workerthread.h"

#include <librdkafka/rdkafka.h>

namespace kafkalab {

// Builds a librdkafka configuration from the properties. On failure returns null and fills `problems`.
ConfPtr buildConf(const QList<ClientProperty>& properties, QList<PropertyProblem>* problems);

// Silences librdkafka's log lines (errors reach kafkalab through error callbacks and results, and the log would only
// repeat them on stderr) — unless the properties ask for its debug contexts (`-X debug=protocol,admin`), whose lines
// then go to stderr as librdkafka writes them.
void quietLogsUnlessDebugging(rd_kafka_conf_t* conf);

// Creates a client from the properties with librdkafka's logging silenced (quietLogsUnlessDebugging); `tweak` may set
// callbacks on the configuration first. On failure returns null and sets `error` (the rejected property, or
// librdkafka's reason).
KafkaHandle newClient(const QList<ClientProperty>& properties, rd_kafka_type_t type, QString* error,
    const std::function<void(rd_kafka_conf_t*)>& tweak = {});

// The properties with reconnect.backoff.ms 10 put first (the user's own value, later in the list, still wins), for
// the clients that read the cluster (the cluster and groups reads). librdkafka 2.14 drops the bootstrap connection
// once the first metadata names the brokers; the metadata request then in flight fails and the next connection
// waits for its sparse-connect interval, half of reconnect.backoff.ms (default 100): 50 ms of every connect, most
// of a small cluster's read (measured: cluster --json 0.09 s, 0.04 s with this).
QList<ClientProperty> withQuickFirstConnect(QList<ClientProperty> properties);

// Admin options for `op` with librdkafka's request timeout set.
AdminOptionsPtr adminOptions(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeoutMs);

// An admin event's error as kafkaErrorText() gives it.
QString eventErrorText(rd_kafka_event_t* ev);

// Waits for the queue's next event (an admin call's answer) up to `timeoutMs`, in slices of at most 200 ms, giving
// up (null) once `stop` is requested.
EventPtr awaitEvent(rd_kafka_queue_t* queue, int timeoutMs, const StopToken* stop = nullptr);

// "reason (ERR_NAME)", or librdkafka's text for the error when there is no reason.
QString kafkaErrorText(rd_kafka_resp_err_t err, const QString& reason = {});

} // namespace kafkalab
