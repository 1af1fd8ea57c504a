#pragma once

// The librdkafka side of client properties: configurations, clients and error text. kafkacore only: librdkafka is
// linked PRIVATE to kafkacore, so nothing above it can include this header.

#include <functional>

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"

#include <librdkafka/rdkafka.h>

namespace kafkalab {

// Builds a librdkafka configuration from the properties. On failure returns null and fills `problems`.
ConfPtr buildConf(const QList<ClientProperty>& properties, QList<PropertyProblem>* problems);

// Creates a client from the properties with librdkafka's logging silenced; `tweak` may set callbacks on the
// configuration first. On failure returns null and sets `error` (the rejected property, or librdkafka's reason).
KafkaHandle newClient(const QList<ClientProperty>& properties, rd_kafka_type_t type, QString* error,
    const std::function<void(rd_kafka_conf_t*)>& tweak = {});

// "reason (ERR_NAME)", or librdkafka's text for the error when there is no reason.
QString kafkaErrorText(rd_kafka_resp_err_t err, const QString& reason = {});

} // namespace kafkalab
