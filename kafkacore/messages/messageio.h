#pragma once

// Export and import of messages. JSON Lines, one message per line:
//   {"topic":"t","partition":0,"offset":5,"timestamp":1764150000000,"key":"k","value":"v",
//    "headers":[{"name":"h","value":"x"}]}
// key, value and header values are a JSON string when the bytes are valid UTF-8, null when null, else
// {"base64":"..."}. Replay reads the same format (topic, partition, offset and timestamp are optional there). A key or
// value exported decoded (with "key_schema_type" / "value_schema_type") is any JSON value, and replay encodes it again
// with the schema of its "key_schema_id" / "value_schema_id".

#include "kafkacore/messages/messagerecord.h"
#include "kafkacore/schemas/schemadecoder.h"

#include <QIODevice>
#include <QList>
#include <QString>

#include <optional>

namespace kafkalab {

// With `decoded` (consume --decode): a key or value in the schema-registry wire format that decoded is written as
// its JSON (an object for records and messages), with "key_schema_id" / "value_schema_id"; one that did not keeps
// its bytes and says why in "key_error" / "value_error" (with the schema id when the header was readable).
QByteArray toJsonLine(
    const QString& topic, const MessageRecord& record, const schemas::DecodedRecord* decoded = nullptr);
QByteArray csvHeader();
QByteArray toCsvLine(const MessageRecord& record);

// A key or value a decoded export wrote as JSON ("value_schema_id", "value_schema_type" beside it): replay encodes it
// in the wire format again with the schema of that id (encodeSchemaValues, replayencode.h).
struct SchemaJson {
    int32_t schemaId = -1;
    QByteArray json; // compact
    QString messageType; // Protobuf: the message type's full name ("value_message_type"); empty: the file's first
};

struct ReplayMessage {
    std::optional<QByteArray> key;
    std::optional<QByteArray> value;
    std::vector<MessageHeader> headers;
    int32_t partition = -1;
    int64_t timestampMs = -1;
    // Set for a key or value that was exported decoded; `key` / `value` are filled when it is encoded again.
    std::optional<SchemaJson> keySchema;
    std::optional<SchemaJson> valueSchema;
    int line = 0; // in its file (readJsonLines), for messages about it
};

struct ReplayFile {
    QList<ReplayMessage> messages;
    QStringList errors; // "FILE:LINE: reason"
    int lines = 0;
};
// Reads a JSON Lines file. Bad lines are listed in `errors`; the caller decides whether to go on without them.
ReplayFile readJsonLines(const QString& path);
std::optional<ReplayMessage> parseJsonLine(const QByteArray& line, QString* error);

bool isValidUtf8(const QByteArray& bytes);

} // namespace kafkalab
