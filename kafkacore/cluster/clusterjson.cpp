#include "kafkacore/cluster/clusterjson.h"

#include <nlohmann/json.hpp>

namespace kafkalab {

QByteArray snapshotToJson(const ClusterSnapshot& s)
{
    using nlohmann::json;
    // High minus low watermark (null if not known): offsets, not a message count.
    auto span = [](int64_t v) { return v >= 0 ? json(v) : json(nullptr); };
    json brokers = json::array();
    for (const BrokerInfo& b : s.brokers)
        brokers.push_back({ { "id", b.id }, { "host", b.host.toStdString() }, { "port", b.port },
            { "rack", b.rack.isEmpty() ? json(nullptr) : json(b.rack.toStdString()) },
            { "controller", b.controller } });
    json topics = json::array();
    for (const TopicInfo& t : s.topics) {
        json partitions = json::array();
        for (const PartitionInfo& p : t.partitions) {
            json part = { { "partition", p.id }, { "leader", p.leader },
                { "replicas", std::vector<int32_t>(p.replicas.begin(), p.replicas.end()) },
                { "isr", std::vector<int32_t>(p.isr.begin(), p.isr.end()) }, { "low_watermark", p.low },
                { "high_watermark", p.high }, { "last_stable_offset", p.lastStable },
                { "offset_span", span(p.offsetSpan()) } };
            if (!p.error.isEmpty())
                part["error"] = p.error.toStdString();
            partitions.push_back(std::move(part));
        }
        topics.push_back({ { "name", t.name.toStdString() }, { "internal", t.internal },
            { "offset_span", span(t.offsetSpan()) }, { "partitions", partitions } });
    }
    // Where the read's time went (for a slow cluster: which request waited).
    const json timing = { { "metadata", s.metadataMs }, { "racks", s.racksMs }, { "internal_flags", s.internalMs },
        { "watermarks", s.watermarksMs }, { "total", s.elapsedMs } };
    const json out = { { "cluster_id", s.clusterId.toStdString() }, { "controller_id", s.controllerId },
        { "brokers", brokers }, { "topics", topics }, { "timing_ms", timing } };
    return QByteArray::fromStdString(out.dump());
}

} // namespace kafkalab
