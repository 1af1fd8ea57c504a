#pragma once

// One Kafka message as the message browser keeps it: compact (key and value share one buffer; headers only when
// there are any), display strings are made on demand.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace kafkalab {

struct MessageHeader {
    QByteArray name;
    QByteArray value;
    bool isNull = false;
};

struct MessageRecord {
    int64_t offset = -1;
    int64_t timestampMs = -1; // -1: none
    int32_t partition = -1;
    int32_t keySize = -1; // -1: null key
    int32_t valueSize = -1; // -1: null value (a tombstone); the full size even when `data` holds less
    int32_t storedValueSize = 0; // bytes of the value kept in `data` (values over the browser's limit are cut)
    QByteArray data; // key bytes, then the stored value bytes
    std::shared_ptr<const std::vector<MessageHeader>> headers; // null when the message has none

    bool keyIsNull() const { return keySize < 0; }
    bool valueIsNull() const { return valueSize < 0; }
    bool valueTruncated() const { return valueSize > storedValueSize; }
    QByteArray key() const { return keySize < 0 ? QByteArray() : data.left(keySize); }
    QByteArray value() const { return data.mid(std::max(0, keySize), storedValueSize); }
    int headerCount() const { return headers ? int(headers->size()) : 0; }
    // Key, value and headers as Kafka counts them (the full value size).
    int64_t size() const;
};

// Builds a record (copies the bytes; keeps at most `valueLimit` bytes of the value).
MessageRecord makeRecord(int32_t partition, int64_t offset, int64_t timestampMs, const char* key, int keySize,
    const char* value, int valueSize, std::vector<MessageHeader> headers, int valueLimit = 1 << 20);

} // namespace kafkalab
