#pragma once

// Owning pointers for librdkafka's C types. Destroy messages, queues, topics and events before the rd_kafka_t they
// came from: declare the handle first so that it is destroyed last.
//
// This header does not include librdkafka's: the types are declared opaque (as rdkafka.h declares them) and the
// deleters are defined in rdkafkaptr.cpp. So a kafkacore header may hold a KafkaHandle member or take an
// rd_kafka_t* and still be included above kafkacore, where librdkafka's headers are not on the include path
// (librdkafka is linked PRIVATE to kafkacore) and no librdkafka function can be called.

#include <QThread>

#include <memory>

extern "C" {
typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_topic_s rd_kafka_topic_t;
typedef struct rd_kafka_conf_s rd_kafka_conf_t;
typedef struct rd_kafka_topic_conf_s rd_kafka_topic_conf_t;
typedef struct rd_kafka_queue_s rd_kafka_queue_t;
typedef struct rd_kafka_op_s rd_kafka_event_t;
typedef struct rd_kafka_error_s rd_kafka_error_t;
typedef struct rd_kafka_message_s rd_kafka_message_t;
typedef struct rd_kafka_topic_partition_list_s rd_kafka_topic_partition_list_t;
typedef struct rd_kafka_AdminOptions_s rd_kafka_AdminOptions_t;
typedef struct rd_kafka_NewTopic_s rd_kafka_NewTopic_t;
typedef struct rd_kafka_ConfigResource_s rd_kafka_ConfigResource_t;
typedef struct rd_kafka_metadata rd_kafka_metadata_t;
}

namespace kafkalab {

struct RdDeleter {
    void operator()(rd_kafka_t* p) const noexcept;
    void operator()(rd_kafka_conf_t* p) const noexcept;
    void operator()(rd_kafka_topic_conf_t* p) const noexcept;
    void operator()(rd_kafka_queue_t* p) const noexcept;
    void operator()(rd_kafka_event_t* p) const noexcept;
    void operator()(rd_kafka_message_t* p) const noexcept;
    void operator()(rd_kafka_error_t* p) const noexcept;
    void operator()(rd_kafka_topic_partition_list_t* p) const noexcept;
    void operator()(rd_kafka_AdminOptions_t* p) const noexcept;
    void operator()(rd_kafka_NewTopic_t* p) const noexcept;
    void operator()(rd_kafka_ConfigResource_t* p) const noexcept;
    // rd_kafka_metadata() hands out a const pointer that must go back through rd_kafka_metadata_destroy().
    void operator()(const rd_kafka_metadata_t* p) const noexcept;
};

// The client handle. A handle is made on its worker's thread and used only there (docs/architecture.md): debug
// builds (the sanitizer run) assert it on every get().
class KafkaHandle : public std::unique_ptr<rd_kafka_t, RdDeleter> {
    using Base = std::unique_ptr<rd_kafka_t, RdDeleter>;

public:
    KafkaHandle() = default;
    explicit KafkaHandle(rd_kafka_t* handle)
        : Base(handle)
    {
    }
    rd_kafka_t* get() const
    {
        Q_ASSERT_X(!Base::get() || m_owner == QThread::currentThread(), "KafkaHandle",
            "a librdkafka handle used on a thread other than the one that made it");
        return Base::get();
    }
    void reset(rd_kafka_t* handle = nullptr)
    {
        m_owner = QThread::currentThread();
        Base::reset(handle);
    }
    rd_kafka_t* release() { return Base::release(); }

private:
    QThread* m_owner = QThread::currentThread();
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, RdDeleter>;
using TopicConfPtr = std::unique_ptr<rd_kafka_topic_conf_t, RdDeleter>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, RdDeleter>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, RdDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, RdDeleter>;
using ErrorPtr = std::unique_ptr<rd_kafka_error_t, RdDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, RdDeleter>;
using AdminOptionsPtr = std::unique_ptr<rd_kafka_AdminOptions_t, RdDeleter>;
using NewTopicPtr = std::unique_ptr<rd_kafka_NewTopic_t, RdDeleter>;
using ConfigResourcePtr = std::unique_ptr<rd_kafka_ConfigResource_t, RdDeleter>;
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, RdDeleter>;

} // namespace kafkalab
