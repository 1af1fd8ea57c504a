#pragma once

// One Kafka message as the message browser keeps it: compact (key and value lie next to each other in a block
// shared by the records of one batch, a RecordArena; headers only when there are any), display strings are made on
// demand. A million 100-byte records cost 56 bytes of struct each plus their bytes, not a heap block each.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QSharedData>
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

// The memory the records of one batch share: their key and value bytes, and their headers.
struct RecordBlock : QSharedData {
    std::unique_ptr<char[]> bytes;
    std::vector<std::unique_ptr<const std::vector<MessageHeader>>> headers;
};

struct MessageRecord {
    int64_t offset = -1;
    int64_t timestampMs = -1; // -1: none
    int32_t partition = -1;
    int32_t keySize = -1; // -1: null key
    int32_t valueSize = -1; // -1: null value (a tombstone); the full size even when `data` holds less
    int32_t storedValueSize = 0; // bytes of the value kept (values over the browser's limit are cut)
    QExplicitlySharedDataPointer<RecordBlock> block; // keeps `bytes` and `headers` alive
    const char* bytes = nullptr; // key bytes, then the stored value bytes (in `block`)
    const std::vector<MessageHeader>* headers = nullptr; // null when the message has none (in `block`)

    bool keyIsNull() const { return keySize < 0; }
    bool valueIsNull() const { return valueSize < 0; }
    bool valueTruncated() const { return valueSize > storedValueSize; }
    // Views of the bytes, valid while this record (or a copy) lives.
    QByteArrayView keyView() const { return keySize < 0 ? QByteArrayView() : QByteArrayView(bytes, keySize); }
    QByteArrayView valueView() const { return QByteArrayView(bytes + std::max(0, keySize), storedValueSize); }
    QByteArrayView dataView() const { return QByteArrayView(bytes, std::max(0, keySize) + storedValueSize); }
    QByteArray key() const { return keyView().toByteArray(); }
    QByteArray value() const { return valueView().toByteArray(); }
    int headerCount() const { return headers ? int(headers->size()) : 0; }
    // Key, value and headers as Kafka counts them (the full value size).
    int64_t size() const;
};

// Where the records of one batch keep their bytes: blocks of 256 KB (or one of a record's size when it is larger),
// each freed when the last record in it goes (the message table evicts a batch whole, so a batch's blocks go
// together).
class RecordArena {
public:
    explicit RecordArena(qsizetype blockSize = qsizetype(256) * 1024)
        : m_blockSize(blockSize)
    {
    }
    // Space for `size` bytes; sets `block` to the block that holds it.
    char* allocate(qsizetype size, QExplicitlySharedDataPointer<RecordBlock>* block);
    // Keeps `headers` in the block of the last allocate().
    const std::vector<MessageHeader>* keep(std::vector<MessageHeader> headers);

private:
    qsizetype m_blockSize;
    QExplicitlySharedDataPointer<RecordBlock> m_block;
    qsizetype m_used = 0;
    qsizetype m_size = 0;
};

// Builds a record (copies the bytes into `arena`; keeps at most `valueLimit` bytes of the value).
MessageRecord makeRecord(RecordArena& arena, int32_t partition, int64_t offset, int64_t timestampMs, const char* key,
    int keySize, const char* value, int valueSize, std::vector<MessageHeader> headers, int valueLimit = 1 << 20);
// The same in a block of its own (tests, single records).
MessageRecord makeRecord(int32_t partition, int64_t offset, int64_t timestampMs, const char* key, int keySize,
    const char* value, int valueSize, std::vector<MessageHeader> headers, int valueLimit = 1 << 20);

// 56 bytes: a million records cost 56 MB besides their bytes (issue 13 item 22).
static_assert(sizeof(MessageRecord) <= 56);

} // namespace kafkalab
