#pragma once

// The browser's decoded keys and values (issue 19 item 7), compact: a million decoded records must not cost a
// million heap blocks. A value is 32 bytes: its status, schema id, a pointer to its schema's description (one per
// schema id and Protobuf message type, shared by every value decoded with it) and a view of its text (the JSON, or
// why it failed) in the text blocks of the batch it belongs to. A value and its record are valid while that batch
// lives; DecodedBatch::copy() makes a record of another batch this batch's own.

#include "kafkacore/schemas/schemaregistry.h"

#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace kafkalab::schemas {

// What a schema id stands for, as the registry says it.
struct SchemaInfo : std::enable_shared_from_this<SchemaInfo> {
    int32_t id = -1;
    SchemaType type = SchemaType::Avro;
    QString subject; // when the registry says it
    int version = -1; // the subject's version, when the registry says it
    QString messageType; // Protobuf: the message's full name
};

struct DecodedValue {
    enum class Status : uint8_t {
        Plain, // not in the wire format (or null): shown as bytes
        Decoded,
        Failed, // in the wire format, but the schema could not be had or the bytes do not fit it: reason() says why
    };
    Status status = Status::Plain;
    int32_t schemaId = -1;
    const SchemaInfo* schema = nullptr; // Decoded; Failed once the schema was had (kept by the batch)
    QByteArrayView text; // Decoded: the compact JSON; Failed: why, in UTF-8 (kept by the batch)

    bool decoded() const { return status == Status::Decoded; }
    bool failed() const { return status == Status::Failed; }
    QByteArrayView json() const { return decoded() ? text : QByteArrayView(); }
    QString reason() const { return failed() ? QString::fromUtf8(text) : QString(); }
    SchemaType type() const { return schema ? schema->type : SchemaType::Avro; }
    QString subject() const { return schema ? schema->subject : QString(); }
    int version() const { return schema ? schema->version : -1; }
    QString messageType() const { return schema ? schema->messageType : QString(); }
};
static_assert(sizeof(DecodedValue) <= 32);

// A message's key and value, decoded (the browser's read gives one per record of a batch, in the same order).
struct DecodedRecord {
    DecodedValue key;
    DecodedValue value;
};

// The decoded records of one batch with everything their values point to: the JSON texts and reasons in blocks of
// 64 KB (a larger text in one of its own), and the schemas' descriptions. Move-only: a copy would point into
// the blocks of the original.
class DecodedBatch {
public:
    DecodedBatch() = default;
    DecodedBatch(const DecodedBatch&) = delete;
    DecodedBatch& operator=(const DecodedBatch&) = delete;
    // The texts stay where they are (the records' views hold); the batch moved from is empty and can be used again.
    DecodedBatch(DecodedBatch&& other) noexcept;
    DecodedBatch& operator=(DecodedBatch&& other) noexcept;
    ~DecodedBatch();

    size_t size() const { return m_records.size(); }
    bool empty() const { return m_records.empty(); }
    const DecodedRecord& operator[](size_t i) const { return m_records[i]; }
    std::vector<DecodedRecord>::const_iterator begin() const { return m_records.cbegin(); }
    std::vector<DecodedRecord>::const_iterator end() const { return m_records.cend(); }
    void reserve(size_t records) { m_records.reserve(records); }
    void shrinkToFit() { m_records.shrink_to_fit(); }
    // Empty again; the text block being filled is used again.
    void clear();

    // Values whose text and schema this batch keeps (`schema` may be null for a failure before the schema was had).
    DecodedValue decodedValue(const std::shared_ptr<const SchemaInfo>& schema, QByteArrayView json);
    DecodedValue failedValue(int32_t schemaId, const std::shared_ptr<const SchemaInfo>& schema, QStringView reason);
    // Adds a record whose values this batch made (decodedValue(), failedValue(), SchemaDecoder::decode into it, or
    // plain ones).
    void add(const DecodedRecord& record) { m_records.push_back(record); }
    // Adds a copy of a record of any batch: its texts are copied here, its schemas kept.
    void copy(const DecodedRecord& record);
    // Texts and schemas kept so far (the tests check that records share them).
    size_t textBlockCount() const { return m_blocks.size(); }
    size_t schemaCount() const { return m_schemas.size(); }

private:
    QByteArrayView keep(QByteArrayView text);
    const SchemaInfo* keep(const std::shared_ptr<const SchemaInfo>& schema);
    DecodedValue copied(const DecodedValue& v);

    std::vector<DecodedRecord> m_records;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    char* m_current = nullptr; // the block being filled (one of m_blocks)
    qsizetype m_used = 0; // of m_current
    std::vector<std::shared_ptr<const SchemaInfo>> m_schemas;
};
using DecodedBatchPtr = std::shared_ptr<const DecodedBatch>;

} // namespace kafkalab::schemas
