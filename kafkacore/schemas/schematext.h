#pragma once

// A registered schema's text as a person reads it: Avro and JSON Schema indented (keys in their order), a Protobuf
// schema as .proto text. Apicurio returns a Protobuf schema registered as a base64 FileDescriptorProto unchanged;
// it is rendered as .proto text by libprotobuf (FileDescriptor::DebugString; imports need not be known). Pure.

#include "kafkacore/schemas/schemaregistry.h"

#include <QString>

namespace kafkalab::schemas {

struct ReadableSchema {
    QString text;
    QString note; // how the text was made from what the registry returned, when it was not shown as it came
};

ReadableSchema readableSchema(SchemaType type, const QString& registryText);

} // namespace kafkalab::schemas
