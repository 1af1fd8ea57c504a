#include "kafkacore/messages/messagerecord.h"

#include <algorithm>
#include <cstring>

namespace kafkalab {

int64_t MessageRecord::size() const
{
    int64_t n = std::max(0, keySize) + std::max(0, valueSize);
    if (headers)
        for (const MessageHeader& h : *headers)
            n += h.name.size() + h.value.size();
    return n;
}

char* RecordArena::allocate(qsizetype size, QExplicitlySharedDataPointer<RecordBlock>* block)
{
    if (!m_block || m_size - m_used < size) {
        m_size = std::max({ m_blockSize, size, qsizetype(1) });
        m_block = new RecordBlock;
        m_block->bytes = std::make_unique_for_overwrite<char[]>(size_t(m_size));
        m_used = 0;
    }
    char* at = m_block->bytes.get() + m_used;
    m_used += size;
    *block = m_block;
    return at;
}

const std::vector<MessageHeader>* RecordArena::keep(std::vector<MessageHeader> headers)
{
    if (!m_block)
        allocate(0, &m_block);
    m_block->headers.push_back(std::make_unique<const std::vector<MessageHeader>>(std::move(headers)));
    return m_block->headers.back().get();
}

MessageRecord makeRecord(RecordArena& arena, int32_t partition, int64_t offset, int64_t timestampMs, const char* key,
    int keySize, const char* value, int valueSize, std::vector<MessageHeader> headers, int valueLimit)
{
    MessageRecord r;
    r.partition = partition;
    r.offset = offset;
    r.timestampMs = timestampMs;
    r.keySize = key ? keySize : -1;
    r.valueSize = value ? valueSize : -1;
    r.storedValueSize = value ? std::min(valueSize, valueLimit) : 0;
    const qsizetype total = std::max(0, r.keySize) + r.storedValueSize;
    char* at = arena.allocate(total, &r.block);
    r.bytes = at;
    if (key && keySize > 0)
        std::memcpy(at, key, size_t(keySize));
    if (value && r.storedValueSize > 0)
        std::memcpy(at + std::max(0, r.keySize), value, size_t(r.storedValueSize));
    if (!headers.empty())
        r.headers = arena.keep(std::move(headers));
    return r;
}

MessageRecord makeRecord(int32_t partition, int64_t offset, int64_t timestampMs, const char* key, int keySize,
    const char* value, int valueSize, std::vector<MessageHeader> headers, int valueLimit)
{
    RecordArena own(0); // a block of the record's own size
    return makeRecord(
        own, partition, offset, timestampMs, key, keySize, value, valueSize, std::move(headers), valueLimit);
}

} // namespace kafkalab
