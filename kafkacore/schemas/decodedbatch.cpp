#include "kafkacore/schemas/decodedbatch.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace kafkalab::schemas {

namespace {

// A batch holds ~30 ms of a read: at 500,000 messages a second some 2.5 MB of JSON, so its last, partly used block
// is a small share.
constexpr qsizetype kTextBlockBytes = qsizetype(64) * 1024;

} // namespace

DecodedBatch::~DecodedBatch() = default;

DecodedBatch::DecodedBatch(DecodedBatch&& other) noexcept
    : m_records(std::exchange(other.m_records, {}))
    , m_blocks(std::exchange(other.m_blocks, {}))
    , m_current(std::exchange(other.m_current, nullptr))
    , m_used(std::exchange(other.m_used, 0))
    , m_schemas(std::exchange(other.m_schemas, {}))
{
}

DecodedBatch& DecodedBatch::operator=(DecodedBatch&& other) noexcept
{
    if (this != &other) {
        m_records = std::exchange(other.m_records, {});
        m_blocks = std::exchange(other.m_blocks, {});
        m_current = std::exchange(other.m_current, nullptr);
        m_used = std::exchange(other.m_used, 0);
        m_schemas = std::exchange(other.m_schemas, {});
    }
    return *this;
}

void DecodedBatch::clear()
{
    m_records.clear();
    m_schemas.clear();
    std::erase_if(m_blocks, [this](const std::unique_ptr<char[]>& b) { return b.get() != m_current; });
    m_used = 0;
}

QByteArrayView DecodedBatch::keep(QByteArrayView text)
{
    if (text.isEmpty())
        return {};
    if (text.size() > kTextBlockBytes) {
        // A block of its own; the one being filled goes on.
        m_blocks.push_back(std::make_unique_for_overwrite<char[]>(size_t(text.size())));
        std::memcpy(m_blocks.back().get(), text.data(), size_t(text.size()));
        return { m_blocks.back().get(), text.size() };
    }
    if (!m_current || kTextBlockBytes - m_used < text.size()) {
        m_blocks.push_back(std::make_unique_for_overwrite<char[]>(size_t(kTextBlockBytes)));
        m_current = m_blocks.back().get();
        m_used = 0;
    }
    char* at = m_current + m_used;
    std::memcpy(at, text.data(), size_t(text.size()));
    m_used += text.size();
    return { at, text.size() };
}

const SchemaInfo* DecodedBatch::keep(const std::shared_ptr<const SchemaInfo>& schema)
{
    if (!schema)
        return nullptr;
    // A batch sees one or a few schemas: the last one kept is almost always the one.
    if (std::find(m_schemas.rbegin(), m_schemas.rend(), schema) == m_schemas.rend())
        m_schemas.push_back(schema);
    return schema.get();
}

DecodedValue DecodedBatch::decodedValue(const std::shared_ptr<const SchemaInfo>& schema, QByteArrayView json)
{
    DecodedValue v;
    v.status = DecodedValue::Status::Decoded;
    v.schemaId = schema ? schema->id : -1;
    v.schema = keep(schema);
    v.text = keep(json);
    return v;
}

DecodedValue DecodedBatch::failedValue(
    int32_t schemaId, const std::shared_ptr<const SchemaInfo>& schema, QStringView reason)
{
    DecodedValue v;
    v.status = DecodedValue::Status::Failed;
    v.schemaId = schemaId;
    v.schema = keep(schema);
    v.text = keep(reason.toUtf8());
    return v;
}

DecodedValue DecodedBatch::copied(const DecodedValue& v)
{
    DecodedValue out = v;
    out.schema = v.schema ? keep(v.schema->shared_from_this()) : nullptr;
    out.text = keep(v.text);
    return out;
}

void DecodedBatch::copy(const DecodedRecord& record)
{
    m_records.push_back({ copied(record.key), copied(record.value) });
}

} // namespace kafkalab::schemas
