#include "kafkacore/schemas/wireformat.h"

namespace kafkalab::schemas {

bool looksLikeWireFormat(QByteArrayView bytes)
{
    return bytes.size() >= 5 && bytes[0] == '\0';
}

std::optional<WireHeader> parseWireHeader(QByteArrayView bytes, QString* error)
{
    if (bytes.isEmpty()) {
        *error = QStringLiteral("empty: no schema registry header");
        return std::nullopt;
    }
    if (bytes[0] != '\0') {
        *error = QStringLiteral("not the schema registry wire format: the first byte is 0x%1, not 0x00")
                     .arg(uint(uint8_t(bytes[0])), 2, 16, QLatin1Char('0'));
        return std::nullopt;
    }
    if (bytes.size() < 5) {
        *error = QStringLiteral("%1 byte(s): shorter than the 5-byte schema registry header (magic byte, schema id)")
                     .arg(bytes.size());
        return std::nullopt;
    }
    const auto b = [&](int i) { return uint32_t(uint8_t(bytes[i])); };
    WireHeader h;
    h.schemaId = int32_t((b(1) << 24) | (b(2) << 16) | (b(3) << 8) | b(4));
    h.payloadOffset = 5;
    return h;
}

std::optional<int64_t> readZigZag(QByteArrayView bytes, qsizetype* offset)
{
    uint64_t raw = 0;
    int shift = 0;
    qsizetype i = *offset;
    while (true) {
        if (i >= bytes.size() || shift > 63)
            return std::nullopt;
        const auto byte = uint8_t(bytes[i++]);
        raw |= uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            break;
        shift += 7;
    }
    *offset = i;
    return int64_t(raw >> 1) ^ -int64_t(raw & 1);
}

void writeZigZag(int64_t value, QByteArray* out)
{
    auto raw = (uint64_t(value) << 1) ^ uint64_t(value >> 63);
    while (raw >= 0x80) {
        out->append(char((raw & 0x7f) | 0x80));
        raw >>= 7;
    }
    out->append(char(raw));
}

std::optional<QList<int>> parseMessageIndexes(QByteArrayView bytes, qsizetype* offset, QString* error)
{
    qsizetype at = *offset;
    const auto count = readZigZag(bytes, &at);
    if (!count) {
        *error = QStringLiteral("the Protobuf message-index list is cut short or its count is not a valid varint");
        return std::nullopt;
    }
    if (*count == 0) { // the common case [0], written as one byte
        *offset = at;
        return QList<int> { 0 };
    }
    if (*count < 0 || *count > bytes.size() - at) {
        *error = QStringLiteral("the Protobuf message-index list claims %1 index(es), which cannot be").arg(*count);
        return std::nullopt;
    }
    QList<int> indexes;
    for (int64_t i = 0; i < *count; ++i) {
        const auto index = readZigZag(bytes, &at);
        if (!index || *index < 0 || *index > 1000000) {
            *error = QStringLiteral("message index %1 of the Protobuf message-index list is not a valid index").arg(i);
            return std::nullopt;
        }
        indexes.append(int(*index));
    }
    *offset = at;
    return indexes;
}

QByteArray encodeMessageIndexes(const QList<int>& indexes)
{
    QByteArray out;
    if (indexes == QList<int> { 0 }) {
        out.append('\0');
        return out;
    }
    writeZigZag(indexes.size(), &out);
    for (int i : indexes)
        writeZigZag(i, &out);
    return out;
}

QByteArray encodeWireHeader(int32_t schemaId)
{
    QByteArray out(5, '\0');
    const auto id = uint32_t(schemaId);
    out[1] = char(id >> 24);
    out[2] = char(id >> 16);
    out[3] = char(id >> 8);
    out[4] = char(id);
    return out;
}

} // namespace kafkalab::schemas
