#pragma once

// The Confluent wire format of a serialized key or value: magic byte 0, the schema id (4 bytes, big-endian), for
// Protobuf the message-index list (a zigzag varint count, then that many zigzag varint indexes; a lone 0 byte
// means [0]), then the payload. Pure functions, no registry.

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace kafkalab::schemas {

struct WireHeader {
    int32_t schemaId = -1;
    qsizetype payloadOffset = 0; // after the schema id (Avro, JSON Schema), or after the message indexes
};

// True when the bytes start like a wire-format message (magic 0 and room for the schema id).
bool looksLikeWireFormat(QByteArrayView bytes);

// The header of a wire-format message; nothing and `error` set when it is not one (too short, wrong magic).
std::optional<WireHeader> parseWireHeader(QByteArrayView bytes, QString* error);

// The Protobuf message-index list that starts at `offset`: the path to the message type (an index into the file's
// messages, then into nested messages). `offset` moves past it. Nothing and `error` set on a bad varint, a
// negative count or index, or a list longer than the bytes.
std::optional<QList<int>> parseMessageIndexes(QByteArrayView bytes, qsizetype* offset, QString* error);

// The inverse, for encoders and tests: [0] is written as the single byte 0.
QByteArray encodeMessageIndexes(const QList<int>& indexes);
QByteArray encodeWireHeader(int32_t schemaId);

// A zigzag varint (Avro's int and long, the message indexes) at `offset`; nothing when it runs past the end or
// over 10 bytes.
std::optional<int64_t> readZigZag(QByteArrayView bytes, qsizetype* offset);
void writeZigZag(int64_t value, QByteArray* out);

} // namespace kafkalab::schemas
