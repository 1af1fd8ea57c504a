#pragma once

// Avro binary → JSON, driven by the writer's schema (the registry's schema for the message's id). The JSON is what
// confluent-kafka's AvroDeserializer gives, written as JSON:
//   records as objects (fields in schema order), unions as the chosen branch's value (no type wrapper), enums as
//   their symbol, arrays and maps as arrays and objects, bytes and fixed as Avro's JSON encoding of bytes (one
//   character U+0000..U+00FF per byte), decimal as its plain decimal string ("-12.50"), date as "YYYY-MM-DD",
//   time-millis/-micros as "HH:MM:SS[.ffffff]", timestamp-millis/-micros as ISO 8601 in UTC
//   ("2024-05-01T12:30:00.250000+00:00", the fraction only when not zero; local-timestamp-* without the offset),
//   uuid as its string.
// avro-c 1.11 (Debian 12) drops logicalType when it parses a schema, so it cannot present decimals and timestamps;
// this decoder reads the schema with nlohmann_json instead.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <string>

namespace kafkalab::schemas {

class JsonOut;

class AvroSchema {
public:
    // Parses an Avro schema (.avsc text); nothing and `error` set when it is not a valid schema.
    static std::shared_ptr<const AvroSchema> parse(const QString& text, QString* error);
    ~AvroSchema();

    // Decodes one datum that fills `payload` exactly; nothing and `error` set when it does not. Schemas without
    // logical types, bytes, fixed, maps and recursion take a fast path (avrofast_p.h) that writes the same JSON;
    // `fastPath` false: the full decoder only (tests compare the two).
    std::optional<std::string> toJson(QByteArrayView payload, QString* error, bool fastPath = true) const;
    // True when this schema takes the fast path.
    bool hasFastPath() const;
    // The fast path alone, into `out` (cleared first; the reader's decoder reuses one buffer); false when the schema
    // has none or the bytes do not fit (then toJson says why).
    bool toJsonFast(QByteArrayView payload, JsonOut* out) const;
    // Schema resolution: `payload`, written with this (the writer's) schema, as `reader` (say an older version of
    // the subject) reads it, as JSON: fields the reader lacks dropped, fields the writer lacks at their defaults
    // (avroresolve.cpp). Nothing and `error` set, with the reason, when the reader cannot read it.
    std::optional<std::string> toJsonAs(const AvroSchema& reader, QByteArrayView payload, QString* error) const;
    // Encodes a JSON value (the forms toJson writes; numbers for logical types too) as Avro binary; nothing and
    // `error` set, with the path of the value, when it does not fit the schema.
    std::optional<std::string> fromJson(const QByteArray& json, QString* error, QStringList* where = nullptr) const;

    struct Impl;

private:
    AvroSchema();
    std::unique_ptr<Impl> d;
};

} // namespace kafkalab::schemas
