#include "kafkacore/produce/partitioner.h"

#include <QStringList>

#include <array>

namespace kafkalab {

const QList<PartitionerInfo>& partitioners()
{
    static const QList<PartitionerInfo> all {
        { Partitioner::Murmur2Random, QStringLiteral("murmur2_random"),
            QStringLiteral("murmur2_random — Java-compatible") },
        { Partitioner::Murmur2, QStringLiteral("murmur2"),
            QStringLiteral("murmur2 — Java-compatible, null keys sticky") },
        { Partitioner::ConsistentRandom, QStringLiteral("consistent_random"),
            QStringLiteral("consistent_random — librdkafka default (CRC32)") },
        { Partitioner::Consistent, QStringLiteral("consistent"), QStringLiteral("consistent — CRC32") },
        { Partitioner::Fnv1aRandom, QStringLiteral("fnv1a_random"), QStringLiteral("fnv1a_random — FNV-1a (Sarama)") },
        { Partitioner::Fnv1a, QStringLiteral("fnv1a"), QStringLiteral("fnv1a — FNV-1a") },
        { Partitioner::Random, QStringLiteral("random"), QStringLiteral("random — ignores the key") },
    };
    return all;
}

std::optional<Partitioner> partitionerFromName(const QString& name)
{
    for (const PartitionerInfo& p : partitioners())
        if (p.name == name)
            return p.id;
    return std::nullopt;
}

QString partitionerName(Partitioner p)
{
    for (const PartitionerInfo& i : partitioners())
        if (i.id == p)
            return i.name;
    return {};
}

QString partitionerLabel(Partitioner p)
{
    for (const PartitionerInfo& i : partitioners())
        if (i.id == p)
            return i.label;
    return {};
}

QString partitionerNames()
{
    QStringList names;
    for (const PartitionerInfo& i : partitioners())
        names.append(i.name);
    return names.join(QLatin1String(", "));
}

uint32_t murmur2(const void* data, size_t len)
{
    constexpr uint32_t seed = 0x9747b28c;
    constexpr uint32_t m = 0x5bd1e995;
    constexpr int r = 24;
    const auto* bytes = static_cast<const unsigned char*>(data);
    uint32_t h = seed ^ uint32_t(len);
    size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        uint32_t k = uint32_t(bytes[i]) | uint32_t(bytes[i + 1]) << 8 | uint32_t(bytes[i + 2]) << 16
            | uint32_t(bytes[i + 3]) << 24;
        k *= m;
        k ^= k >> r;
        k *= m;
        h *= m;
        h ^= k;
    }
    switch (len - i) {
    case 3:
        h ^= uint32_t(bytes[i + 2]) << 16;
        [[fallthrough]];
    case 2:
        h ^= uint32_t(bytes[i + 1]) << 8;
        [[fallthrough]];
    case 1:
        h ^= uint32_t(bytes[i]);
        h *= m;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return h;
}

uint32_t crc32(const void* data, size_t len)
{
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t {};
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    const auto* bytes = static_cast<const unsigned char*>(data);
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < len; ++i)
        c = table[(c ^ bytes[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

uint32_t fnv1a(const void* data, size_t len)
{
    const auto* bytes = static_cast<const unsigned char*>(data);
    uint32_t h = 0x811c9dc5u;
    for (size_t i = 0; i < len; ++i) {
        h ^= bytes[i];
        h *= 0x01000193u;
    }
    return h;
}

QString Prediction::explain() const
{
    switch (kind) {
    case Kind::Hashed:
        return QString::number(partition);
    case Kind::Sticky:
        return QStringLiteral("sticky random");
    case Kind::Random:
        return QStringLiteral("random");
    }
    return {};
}

Prediction predictPartition(Partitioner p, const char* key, size_t keyLen, int32_t partitionCount)
{
    Prediction out;
    if (partitionCount < 1)
        return out;
    if (p == Partitioner::Random) {
        out.kind = Prediction::Kind::Random;
        return out;
    }
    if (!key || (keyLen == 0 && p == Partitioner::ConsistentRandom)) {
        out.kind = Prediction::Kind::Sticky;
        return out;
    }
    const auto n = uint32_t(partitionCount);
    switch (p) {
    case Partitioner::Murmur2Random:
    case Partitioner::Murmur2:
        out.partition = int32_t((murmur2(key, keyLen) & 0x7fffffffu) % n);
        break;
    case Partitioner::ConsistentRandom:
    case Partitioner::Consistent:
        out.partition = int32_t(crc32(key, keyLen) % n);
        break;
    case Partitioner::Fnv1aRandom:
    case Partitioner::Fnv1a: {
        // librdkafka matches Sarama's NewHashPartitioner: the absolute value of the hash read as a signed 32-bit
        // number (with -INT32_MIN staying INT32_MIN).
        uint32_t h = fnv1a(key, keyLen);
        if (h & 0x80000000u)
            h = 0u - h;
        out.partition = int32_t(h % n);
        break;
    }
    case Partitioner::Random:
        break;
    }
    return out;
}

} // namespace kafkalab
