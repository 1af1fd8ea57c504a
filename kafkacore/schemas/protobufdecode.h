#pragma once

// Protobuf → JSON through a DynamicMessage. The schema comes as .proto text (Confluent's registry) or as a base64
// FileDescriptorProto (Apicurio returns a schema registered that way unchanged): both are accepted. Imports are the
// registry's references (fetched by the caller) or Google's well-known types, which are compiled into kafkalab.
// The JSON is the proto3 JSON mapping (util::MessageToJsonString with its defaults: lowerCamelCase names, fields
// with their default value left out, 64-bit integers as strings, enums by name), which is what confluent-kafka's
// ProtobufDeserializer followed by json_format.MessageToDict gives.

#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QString>

#include <memory>
#include <optional>
#include <string>

namespace kafkalab::schemas {

class ProtobufSchema {
public:
    // `text` is the schema's own file; `imports` maps every import name the file (or an import) uses that is not a
    // well-known type to that file's schema text.
    static std::shared_ptr<const ProtobufSchema> parse(
        const QString& text, const QMap<QString, QString>& imports, QString* error);
    ~ProtobufSchema();

    // The message type the index path picks ([0]: the file's first message; [1, 0]: the first nested message of
    // the second), by its full name; empty and `error` set when the path leads nowhere.
    QString messageName(const QList<int>& indexes, QString* error) const;
    // Decodes `payload` (after the wire header and the message indexes) as that message type.
    std::optional<std::string> toJson(const QList<int>& indexes, QByteArrayView payload, QString* error) const;
    // The message type at `indexes` from JSON (util::JsonStringToMessage: field names as in JSON or in the .proto),
    // serialized; nothing and `error` set when the JSON does not fit.
    // `where` (when given): the path protobuf's JSON parser names for the mistake ("customer.items[2].sku" ->
    // {"customer", "items", "2", "sku"}), empty when it names none.
    std::optional<std::string> fromJson(
        const QList<int>& indexes, const QByteArray& json, QString* error, QStringList* where = nullptr) const;
    // The index path of the message type with this full name ("shop.Order.Line"); nothing and `error` set when
    // the file has no such type. The inverse of messageName().
    std::optional<QList<int>> indexesOf(const QString& fullName, QString* error) const;
    // A JSON value of the message type at `indexes` with every field at its default (proto3 JSON mapping, fields
    // printed even when default; nested messages filled in a few levels deep, oneofs left unset): a starting point.
    std::optional<std::string> skeleton(const QList<int>& indexes, QString* error) const;
    // The import names of a schema text (to fetch its references); empty on a parse error.
    static QList<QString> importsOf(const QString& text);

    struct Impl;

private:
    ProtobufSchema();
    std::unique_ptr<Impl> d;
};

} // namespace kafkalab::schemas
