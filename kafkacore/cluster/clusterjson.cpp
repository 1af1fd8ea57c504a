#include "kafkacore/cluster/clusterjson.h"

#include <nlohmann/json.hpp>

#include <string>

namespace kafkalab {

namespace {

// Writes the document as text straight away: a cluster of 20,000 partitions is 2.5 MB of JSON, and building it as a
// tree of nlohmann objects first (a std::map per partition) took longer than reading the cluster's watermarks. Keys in
// alphabetical order, as nlohmann writes an object; strings escaped by nlohmann.
class Writer {
public:
    explicit Writer(std::string& out)
        : m_out(out)
    {
    }
    void key(const char* name)
    {
        m_out += '"';
        m_out += name;
        m_out += "\":";
    }
    void string(const QString& text) { m_out += nlohmann::json(text.toStdString()).dump(); }
    void number(int64_t value) { m_out += std::to_string(value); }
    void boolean(bool value) { m_out += value ? "true" : "false"; }
    void numbers(const QList<int32_t>& values)
    {
        m_out += '[';
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i)
                m_out += ',';
            number(values[i]);
        }
        m_out += ']';
    }
    // High minus low watermark (null if not known): offsets, not a message count.
    void span(int64_t value)
    {
        if (value >= 0)
            number(value);
        else
            m_out += "null";
    }
    void raw(char c) { m_out += c; }

private:
    std::string& m_out;
};

void writePartition(Writer& w, const PartitionInfo& p)
{
    w.raw('{');
    if (!p.error.isEmpty()) {
        w.key("error");
        w.string(p.error);
        w.raw(',');
    }
    w.key("high_watermark");
    w.number(p.high);
    w.raw(',');
    w.key("isr");
    w.numbers(p.isr);
    w.raw(',');
    w.key("last_stable_offset");
    w.number(p.lastStable);
    w.raw(',');
    w.key("leader");
    w.number(p.leader);
    w.raw(',');
    w.key("low_watermark");
    w.number(p.low);
    w.raw(',');
    w.key("offset_span");
    w.span(p.offsetSpan());
    w.raw(',');
    w.key("partition");
    w.number(p.id);
    w.raw(',');
    w.key("replicas");
    w.numbers(p.replicas);
    w.raw('}');
}

} // namespace

QByteArray snapshotToJson(const ClusterSnapshot& s)
{
    qsizetype partitions = 0;
    for (const TopicInfo& t : s.topics)
        partitions += t.partitions.size();
    std::string out;
    out.reserve(size_t(512 + s.brokers.size() * 100 + s.topics.size() * 100 + partitions * 180));
    Writer w(out);
    w.raw('{');
    w.key("brokers");
    w.raw('[');
    for (qsizetype i = 0; i < s.brokers.size(); ++i) {
        const BrokerInfo& b = s.brokers[i];
        if (i)
            w.raw(',');
        w.raw('{');
        w.key("controller");
        w.boolean(b.controller);
        w.raw(',');
        w.key("host");
        w.string(b.host);
        w.raw(',');
        w.key("id");
        w.number(b.id);
        w.raw(',');
        w.key("port");
        w.number(b.port);
        w.raw(',');
        w.key("rack");
        if (b.rack.isEmpty())
            out += "null";
        else
            w.string(b.rack);
        w.raw('}');
    }
    w.raw(']');
    w.raw(',');
    w.key("cluster_id");
    w.string(s.clusterId);
    w.raw(',');
    w.key("controller_id");
    w.number(s.controllerId);
    w.raw(',');
    // Where the read's time went (for a slow cluster: which request waited).
    w.key("timing_ms");
    w.raw('{');
    const std::pair<const char*, int64_t> timing[] = { { "internal_flags", s.internalMs }, { "metadata", s.metadataMs },
        { "racks", s.racksMs }, { "total", s.elapsedMs }, { "watermarks", s.watermarksMs } };
    for (size_t i = 0; i < std::size(timing); ++i) {
        if (i)
            w.raw(',');
        w.key(timing[i].first);
        w.number(timing[i].second);
    }
    w.raw('}');
    w.raw(',');
    w.key("topics");
    w.raw('[');
    for (qsizetype i = 0; i < s.topics.size(); ++i) {
        const TopicInfo& t = s.topics[i];
        if (i)
            w.raw(',');
        w.raw('{');
        w.key("internal");
        w.boolean(t.internal);
        w.raw(',');
        w.key("name");
        w.string(t.name);
        w.raw(',');
        w.key("offset_span");
        w.span(t.offsetSpan());
        w.raw(',');
        w.key("partitions");
        w.raw('[');
        for (qsizetype k = 0; k < t.partitions.size(); ++k) {
            if (k)
                w.raw(',');
            writePartition(w, t.partitions[k]);
        }
        w.raw(']');
        w.raw('}');
    }
    w.raw(']');
    w.raw('}');
    return QByteArray::fromStdString(out);
}

} // namespace kafkalab
