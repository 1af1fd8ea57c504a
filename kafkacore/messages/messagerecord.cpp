#include "kafkacore/messages/messagerecord.h"

#include <algorithm>

namespace kafkalab {

int64_t MessageRecord::size() const
{
    int64_t n = std::max(0, keySize) + std::max(0, valueSize);
    if (headers)
        for (const MessageHeader& h : *headers)
            n += h.name.size() + h.value.size();
    return n;
}

MessageRecord makeRecord(int32_t partition, int64_t offset, int64_t timestampMs, const char* key, int keySize,
    const char* value, int valueSize, std::vector<MessageHeader> headers, int valueLimit)
{
    MessageRecord r;
    r.partition = partition;
    r.offset = offset;
    r.timestampMs = timestampMs;
    r.keySize = key ? keySize : -1;
    r.valueSize = value ? valueSize : -1;
    r.storedValueSize = value ? std::min(valueSize, valueLimit) : 0;
    r.data.reserve(std::max(0, r.keySize) + r.storedValueSize);
    if (key)
        r.data.append(key, keySize);
    if (value)
        r.data.append(value, r.storedValueSize);
    if (!headers.empty())
        r.headers = std::make_shared<const std::vector<MessageHeader>>(std::move(headers));
    return r;
}

} // namespace kafkalab
