#include "kafkacore/schemas/protobufdecode.h"

#include <QRegularExpression>

#include <google/protobuf/any.pb.h>
#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/empty.pb.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/wrappers.pb.h>

#include <set>

namespace kafkalab::schemas {

namespace gp = google::protobuf;

namespace {

// The well-known types, so that the generated pool (the underlay of every schema's pool) has their files.
const gp::DescriptorPool* wellKnownPool()
{
    static const gp::DescriptorPool* pool = [] {
        (void)gp::Timestamp::descriptor();
        (void)gp::Duration::descriptor();
        (void)gp::Any::descriptor();
        (void)gp::Struct::descriptor();
        (void)gp::Empty::descriptor();
        (void)gp::FieldMask::descriptor();
        (void)gp::Int32Value::descriptor();
        return gp::DescriptorPool::generated_pool();
    }();
    return pool;
}

class Collector : public gp::io::ErrorCollector, public gp::DescriptorPool::ErrorCollector {
public:
    QString first;
    void AddError(int line, int column, const std::string& message) override
    {
        if (first.isEmpty())
            first = QStringLiteral("line %1, column %2: %3")
                        .arg(line + 1)
                        .arg(column + 1)
                        .arg(QString::fromStdString(message));
    }
    void AddError(const std::string& filename, const std::string& element, const gp::Message*, ErrorLocation,
        const std::string& message) override
    {
        if (first.isEmpty())
            first = QStringLiteral("%1 (%2): %3")
                        .arg(QString::fromStdString(filename), QString::fromStdString(element),
                            QString::fromStdString(message));
    }
};

// .proto text or a base64 FileDescriptorProto.
bool toFileProto(const QString& text, const QString& name, gp::FileDescriptorProto* out, QString* error)
{
    const QByteArray utf8 = text.toUtf8();
    const QByteArray trimmed = utf8.trimmed();
    auto decoded = QByteArray::fromBase64Encoding(trimmed, QByteArray::AbortOnBase64DecodingErrors);
    if (decoded && !trimmed.isEmpty() && out->ParseFromArray(decoded.decoded.constData(), int(decoded.decoded.size()))
        && (out->message_type_size() > 0 || out->enum_type_size() > 0 || out->has_name())) {
        out->set_name(name.toStdString());
        return true;
    }
    out->Clear();
    gp::io::ArrayInputStream input(utf8.constData(), int(utf8.size()));
    Collector collector;
    gp::io::Tokenizer tokenizer(&input, &collector);
    gp::compiler::Parser parser;
    parser.RecordErrorsTo(&collector);
    if (!parser.Parse(&tokenizer, out)) {
        *error = QStringLiteral("the Protobuf schema %1 is neither .proto text nor a base64 FileDescriptorProto: %2")
                     .arg(name, collector.first.isEmpty() ? QStringLiteral("it does not parse") : collector.first);
        return false;
    }
    out->set_name(name.toStdString());
    return true;
}

} // namespace

struct ProtobufSchema::Impl {
    gp::DescriptorPool pool { wellKnownPool() };
    gp::DynamicMessageFactory factory { &pool };
    const gp::FileDescriptor* file = nullptr;

    bool build(const QString& name, const QString& text, const QMap<QString, QString>& imports,
        std::set<QString>& building, QString* error)
    {
        if (pool.FindFileByName(name.toStdString()))
            return true;
        if (building.count(name)) {
            *error = QStringLiteral("the Protobuf imports go round in a circle through %1").arg(name);
            return false;
        }
        building.insert(name);
        gp::FileDescriptorProto proto;
        if (!toFileProto(text, name, &proto, error))
            return false;
        for (const std::string& dep : proto.dependency()) {
            const QString depName = QString::fromStdString(dep);
            if (pool.FindFileByName(dep))
                continue; // built already, or a well-known type
            if (!imports.contains(depName)) {
                *error = QStringLiteral("the Protobuf schema imports %1, which is neither a well-known type nor among "
                                        "the schema's references")
                             .arg(depName);
                return false;
            }
            if (!build(depName, imports.value(depName), imports, building, error))
                return false;
        }
        Collector collector;
        const gp::FileDescriptor* f = pool.BuildFileCollectingErrors(proto, &collector);
        if (!f) {
            *error = QStringLiteral("the Protobuf schema is not valid: %1").arg(collector.first);
            return false;
        }
        file = f;
        return true;
    }

    const gp::Descriptor* message(const QList<int>& indexes, QString* error) const
    {
        const gp::Descriptor* d = nullptr;
        for (int i = 0; i < indexes.size(); ++i) {
            const int n = i == 0 ? file->message_type_count() : d->nested_type_count();
            if (indexes[i] < 0 || indexes[i] >= n) {
                *error = QStringLiteral("the message index path [%1] leads nowhere in the schema (%2 has %3 message "
                                        "type(s) at that level)")
                             .arg(pathText(indexes),
                                 i == 0 ? QStringLiteral("the file") : QString::fromStdString(d->full_name()))
                             .arg(n);
                return nullptr;
            }
            d = i == 0 ? file->message_type(indexes[i]) : d->nested_type(indexes[i]);
        }
        if (!d)
            *error = QStringLiteral("an empty message index path");
        return d;
    }

    static QString pathText(const QList<int>& indexes)
    {
        QStringList parts;
        for (int i : indexes)
            parts.append(QString::number(i));
        return parts.join(QLatin1String(", "));
    }
};

ProtobufSchema::ProtobufSchema()
    : d(std::make_unique<Impl>())
{
}

ProtobufSchema::~ProtobufSchema() = default;

std::shared_ptr<const ProtobufSchema> ProtobufSchema::parse(
    const QString& text, const QMap<QString, QString>& imports, QString* error)
{
    std::shared_ptr<ProtobufSchema> s(new ProtobufSchema);
    std::set<QString> building;
    if (!s->d->build(QStringLiteral("kafkalab-schema.proto"), text, imports, building, error))
        return nullptr;
    return s;
}

QList<QString> ProtobufSchema::importsOf(const QString& text)
{
    gp::FileDescriptorProto proto;
    QString error;
    QList<QString> out;
    if (toFileProto(text, QStringLiteral("imports.proto"), &proto, &error))
        for (const std::string& dep : proto.dependency())
            out.append(QString::fromStdString(dep));
    return out;
}

QString ProtobufSchema::messageName(const QList<int>& indexes, QString* error) const
{
    const gp::Descriptor* m = d->message(indexes, error);
    return m ? QString::fromStdString(m->full_name()) : QString();
}

std::optional<std::string> ProtobufSchema::toJson(
    const QList<int>& indexes, QByteArrayView payload, QString* error) const
{
    const gp::Descriptor* type = d->message(indexes, error);
    if (!type)
        return std::nullopt;
    std::unique_ptr<gp::Message> message(d->factory.GetPrototype(type)->New());
    if (!message->ParseFromArray(payload.data(), int(payload.size()))) {
        *error = QStringLiteral("the bytes are not a valid %1 message").arg(QString::fromStdString(type->full_name()));
        return std::nullopt;
    }
    std::string out;
    const auto status = gp::util::MessageToJsonString(*message, &out, gp::util::JsonPrintOptions());
    if (!status.ok()) {
        *error = QStringLiteral("the %1 message has no JSON form: %2")
                     .arg(QString::fromStdString(type->full_name()),
                         QString::fromStdString(std::string(status.message())));
        return std::nullopt;
    }
    return out;
}

std::optional<std::string> ProtobufSchema::fromJson(
    const QList<int>& indexes, const QByteArray& json, QString* error, QStringList* where) const
{
    const gp::Descriptor* type = d->message(indexes, error);
    if (!type)
        return std::nullopt;
    std::unique_ptr<gp::Message> message(d->factory.GetPrototype(type)->New());
    const auto status = gp::util::JsonStringToMessage(
        gp::StringPiece(json.constData(), size_t(json.size())), message.get(), gp::util::JsonParseOptions());
    if (!status.ok()) {
        const QString words = QString::fromStdString(std::string(status.message()));
        *error = QStringLiteral("the value does not fit %1: %2").arg(QString::fromStdString(type->full_name()), words);
        // The parser starts its words with the place it was at: "customer.items[2].sku: ...".
        static const QRegularExpression place(QStringLiteral(
            "^([A-Za-z_][A-Za-z0-9_]*(?:\\[[0-9]+\\])*(?:\\.[A-Za-z_][A-Za-z0-9_]*(?:\\[[0-9]+\\])*)*): "));
        if (const QRegularExpressionMatch m = place.match(words); where && m.hasMatch()) {
            where->clear();
            for (const QString& step : m.captured(1).split(QLatin1Char('.'))) {
                const qsizetype bracket = step.indexOf(QLatin1Char('['));
                where->append(step.left(bracket));
                if (bracket >= 0)
                    for (const QString& index : step.mid(bracket + 1).chopped(1).split(QStringLiteral("][")))
                        where->append(index);
            }
        }
        return std::nullopt;
    }
    return message->SerializeAsString();
}

namespace {

bool findIndexes(const gp::Descriptor* d, int index, const std::string& name, QList<int>* path)
{
    path->append(index);
    if (d->full_name() == name)
        return true;
    for (int i = 0; i < d->nested_type_count(); ++i)
        if (findIndexes(d->nested_type(i), i, name, path))
            return true;
    path->removeLast();
    return false;
}

// Sets every singular message field (not in a oneof, not a map) so that the JSON shows its fields too.
void fillMessages(gp::Message* m, int depth)
{
    if (depth > 6)
        return;
    const gp::Descriptor* d = m->GetDescriptor();
    const gp::Reflection* r = m->GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
        const gp::FieldDescriptor* f = d->field(i);
        if (f->is_repeated() || f->cpp_type() != gp::FieldDescriptor::CPPTYPE_MESSAGE || f->containing_oneof())
            continue;
        // Of the well-known types only Timestamp and Duration have a default JSON form (an empty Value has none).
        const std::string& type = f->message_type()->full_name();
        if (type.rfind("google.protobuf.", 0) == 0 && type != "google.protobuf.Timestamp"
            && type != "google.protobuf.Duration")
            continue;
        fillMessages(r->MutableMessage(m, f), depth + 1);
    }
}

} // namespace

std::optional<QList<int>> ProtobufSchema::indexesOf(const QString& fullName, QString* error) const
{
    const std::string name = fullName.toStdString();
    QList<int> path;
    for (int i = 0; i < d->file->message_type_count(); ++i)
        if (findIndexes(d->file->message_type(i), i, name, &path))
            return path;
    *error = QStringLiteral("the schema has no message type %1").arg(fullName);
    return std::nullopt;
}

std::optional<std::string> ProtobufSchema::skeleton(const QList<int>& indexes, QString* error) const
{
    const gp::Descriptor* type = d->message(indexes, error);
    if (!type)
        return std::nullopt;
    std::unique_ptr<gp::Message> message(d->factory.GetPrototype(type)->New());
    fillMessages(message.get(), 0);
    gp::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    options.add_whitespace = true;
    std::string out;
    const auto status = gp::util::MessageToJsonString(*message, &out, options);
    if (!status.ok()) {
        *error = QString::fromStdString(std::string(status.message()));
        return std::nullopt;
    }
    return out;
}

} // namespace kafkalab::schemas
