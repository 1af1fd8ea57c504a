#pragma once

// Owning pointers for librdkafka's C types. Destroy messages, queues, topics and events before the rd_kafka_t they
// came from: declare the handle first so that it is destroyed last.

#include <librdkafka/rdkafka.h>

#include <QThread>

#include <memory>

namespace kafkalab {

template <auto DestroyFn> struct RdDeleter {
    template <typename T> void operator()(T* p) const noexcept
    {
        if (p)
            DestroyFn(p);
    }
};

// The client handle. A handle is made on its worker's thread and used only there (docs/architecture.md): debug
// builds (the sanitizer run) assert it on every get().
class KafkaHandle : public std::unique_ptr<rd_kafka_t, RdDeleter<rd_kafka_destroy>> {
    using Base = std::unique_ptr<rd_kafka_t, RdDeleter<rd_kafka_destroy>>;

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
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, RdDeleter<rd_kafka_conf_destroy>>;
using TopicConfPtr = std::unique_ptr<rd_kafka_topic_conf_t, RdDeleter<rd_kafka_topic_conf_destroy>>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, RdDeleter<rd_kafka_queue_destroy>>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, RdDeleter<rd_kafka_event_destroy>>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, RdDeleter<rd_kafka_message_destroy>>;
using ErrorPtr = std::unique_ptr<rd_kafka_error_t, RdDeleter<rd_kafka_error_destroy>>;
using PartitionListPtr
    = std::unique_ptr<rd_kafka_topic_partition_list_t, RdDeleter<rd_kafka_topic_partition_list_destroy>>;
using AdminOptionsPtr = std::unique_ptr<rd_kafka_AdminOptions_t, RdDeleter<rd_kafka_AdminOptions_destroy>>;
using NewTopicPtr = std::unique_ptr<rd_kafka_NewTopic_t, RdDeleter<rd_kafka_NewTopic_destroy>>;
using ConfigResourcePtr = std::unique_ptr<rd_kafka_ConfigResource_t, RdDeleter<rd_kafka_ConfigResource_destroy>>;

// rd_kafka_metadata() hands out a const pointer that must go back through rd_kafka_metadata_destroy().
struct MetadataDeleter {
    void operator()(const rd_kafka_metadata_t* p) const noexcept
    {
        if (p)
            rd_kafka_metadata_destroy(p);
    }
};
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;

} // namespace kafkalab
