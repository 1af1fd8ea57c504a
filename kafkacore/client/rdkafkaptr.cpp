#include "kafkacore/client/rdkafkaptr.h"

#include <librdkafka/rdkafka.h>

namespace kafkalab {

// clang-format off
void RdDeleter::operator()(rd_kafka_t* p) const noexcept { if (p) rd_kafka_destroy(p); }
void RdDeleter::operator()(rd_kafka_conf_t* p) const noexcept { if (p) rd_kafka_conf_destroy(p); }
void RdDeleter::operator()(rd_kafka_topic_conf_t* p) const noexcept { if (p) rd_kafka_topic_conf_destroy(p); }
void RdDeleter::operator()(rd_kafka_queue_t* p) const noexcept { if (p) rd_kafka_queue_destroy(p); }
void RdDeleter::operator()(rd_kafka_event_t* p) const noexcept { if (p) rd_kafka_event_destroy(p); }
void RdDeleter::operator()(rd_kafka_message_t* p) const noexcept { if (p) rd_kafka_message_destroy(p); }
void RdDeleter::operator()(rd_kafka_error_t* p) const noexcept { if (p) rd_kafka_error_destroy(p); }
void RdDeleter::operator()(rd_kafka_topic_partition_list_t* p) const noexcept { if (p) rd_kafka_topic_partition_list_destroy(p); }
void RdDeleter::operator()(rd_kafka_AdminOptions_t* p) const noexcept { if (p) rd_kafka_AdminOptions_destroy(p); }
void RdDeleter::operator()(rd_kafka_NewTopic_t* p) const noexcept { if (p) rd_kafka_NewTopic_destroy(p); }
void RdDeleter::operator()(rd_kafka_ConfigResource_t* p) const noexcept { if (p) rd_kafka_ConfigResource_destroy(p); }
void RdDeleter::operator()(const rd_kafka_metadata_t* p) const noexcept { if (p) rd_kafka_metadata_destroy(p); }
// clang-format on

} // namespace kafkalab
