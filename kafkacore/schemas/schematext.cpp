#include "kafkacore/schemas/schematext.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <nlohmann/json.hpp>

namespace kafkalab::schemas {

namespace gp = google::protobuf;

namespace {

// protoc's default JSON name of a field (lowerCamelCase, as FieldDescriptor::json_name makes it).
std::string defaultJsonName(const std::string& name)
{
    std::string out;
    bool upper = false;
    for (const char c : name) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper && c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
        upper = false;
    }
    return out;
}

// protoc writes every field's json_name into a descriptor; DebugString would show each as an option. Dropped where
// it is the default, so the text reads as the .proto was written.
void dropDefaultJsonNames(gp::DescriptorProto* message)
{
    for (gp::FieldDescriptorProto& f : *message->mutable_field())
        if (f.has_json_name() && f.json_name() == defaultJsonName(f.name()))
            f.clear_json_name();
    for (gp::DescriptorProto& nested : *message->mutable_nested_type())
        dropDefaultJsonNames(&nested);
}

} // namespace

ReadableSchema readableSchema(SchemaType type, const QString& registryText)
{
    if (type == SchemaType::Protobuf) {
        const QByteArray trimmed = registryText.toUtf8().trimmed();
        auto decoded = QByteArray::fromBase64Encoding(trimmed, QByteArray::AbortOnBase64DecodingErrors);
        gp::FileDescriptorProto proto;
        if (!decoded || trimmed.isEmpty() || trimmed.contains(' ')
            || !proto.ParseFromArray(decoded.decoded.constData(), int(decoded.decoded.size()))
            || (proto.message_type_size() == 0 && proto.enum_type_size() == 0))
            return { registryText, {} }; // .proto text already
        if (!proto.has_name())
            proto.set_name("schema.proto");
        for (gp::DescriptorProto& message : *proto.mutable_message_type())
            dropDefaultJsonNames(&message);
        gp::DescriptorPool pool(gp::DescriptorPool::generated_pool());
        pool.AllowUnknownDependencies(); // imports that are references are shown by name, not resolved
        const gp::FileDescriptor* file = pool.BuildFile(proto);
        if (!file)
            return { registryText,
                QStringLiteral(
                    "The registry returned a base64 FileDescriptorProto that libprotobuf could not turn into "
                    "a .proto file; shown as it came.") };
        return { QString::fromStdString(file->DebugString()),
            QStringLiteral(
                "The registry returned this schema as a base64 FileDescriptorProto (as Apicurio does); shown "
                "as .proto text rendered by libprotobuf.") };
    }
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(registryText.toStdString(), nullptr, false);
    if (j.is_discarded())
        return { registryText, {} };
    return { QString::fromStdString(j.dump(2)), {} };
}

} // namespace kafkalab::schemas
