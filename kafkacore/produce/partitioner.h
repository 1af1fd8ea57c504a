#pragma once

// Where a key lands, computed without sending it: the key hashes of librdkafka's partitioners and librdkafka's own
// rules for null and empty keys (rd_kafka_msg_partitioner() in librdkafka 2.0.2):
//   - a null key never reaches the hash: every partitioner but `random` uses the sticky partition (a random
//     partition kept for sticky.partitioning.linger.ms);
//   - an empty key is hashed like any other key, except by consistent_random, which treats it like a null key;
//   - `random` picks a random partition for every message.

#include <QList>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace kafkalab {

enum class Partitioner { Murmur2Random, Murmur2, ConsistentRandom, Consistent, Fnv1aRandom, Fnv1a, Random };

struct PartitionerInfo {
    Partitioner id;
    QString name; // librdkafka's `partitioner` value
    QString label; // for people
};

// In the order the UI offers them; murmur2_random first, kafkalab's default.
const QList<PartitionerInfo>& partitioners();
std::optional<Partitioner> partitionerFromName(const QString& name);
QString partitionerName(Partitioner p);
QString partitionerLabel(Partitioner p);
QString partitionerNames(); // "murmur2_random, murmur2, ..." for error messages

// Java's Utils.murmur2 (seed 0x9747b28c), as an unsigned 32-bit value.
uint32_t murmur2(const void* data, size_t len);
// CRC-32 (IEEE 802.3, as zlib), used by the consistent partitioners.
uint32_t crc32(const void* data, size_t len);
// 32-bit FNV-1a (the partitioners then take its absolute value as a signed number, as Sarama does).
uint32_t fnv1a(const void* data, size_t len);

struct Prediction {
    int32_t partition = -1; // -1: not decided by the key
    enum class Kind { Hashed, Sticky, Random } kind = Kind::Hashed;
    QString explain() const; // "3", "sticky random (null key)", ...
};

// `key` null means a null key (as opposed to an empty one). partitionCount must be at least 1.
Prediction predictPartition(Partitioner p, const char* key, size_t keyLen, int32_t partitionCount);
inline Prediction predictPartition(Partitioner p, const QByteArray* key, int32_t partitionCount)
{
    return key ? predictPartition(p, key->constData(), size_t(key->size()), partitionCount)
               : predictPartition(p, nullptr, 0, partitionCount);
}

} // namespace kafkalab
