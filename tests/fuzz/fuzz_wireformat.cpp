// libFuzzer target: the schema-registry wire format (kafkacore/schemas/wireformat.*) and the Avro decoder
// (avrodecode.*). The input is a message as it comes off a topic: its header and Protobuf message indexes are parsed,
// and what follows the header is decoded against a schema with every Avro type (records, unions, enums, arrays,
// maps, fixed, logical types), so that no byte sequence makes the decoder read out of bounds, loop or throw; and
// against a schema of the fast path's types (avrofast_p.h), where the fast path and the full decoder must agree on
// every input: the same JSON, or both refuse; and resolved into a later reader's schema (avroresolve.cpp), which
// reads every value the writer's schema reads.
#include "kafkacore/schemas/avrodecode.h"
#include "kafkacore/schemas/wireformat.h"

#include <cstddef>
#include <cstdint>

namespace {

const char* const kSchema = R"({"type":"record","name":"R","fields":[
  {"name":"i","type":"int"},{"name":"l","type":"long"},{"name":"s","type":["null","string"]},
  {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}},
  {"name":"a","type":{"type":"array","items":"double"}},{"name":"m","type":{"type":"map","values":"R2"}},
  {"name":"f","type":{"type":"fixed","name":"F","size":3}},
  {"name":"d","type":{"type":"bytes","logicalType":"decimal","precision":20,"scale":3}},
  {"name":"t","type":{"type":"long","logicalType":"timestamp-micros"}},{"name":"day","type":{"type":"int","logicalType":"date"}},
  {"name":"tm","type":{"type":"int","logicalType":"time-millis"}},{"name":"b","type":"boolean"},{"name":"x","type":"float"}
]})";

// Records, unions, enums, arrays, strings and numbers only: the fast path's.
const char* const kFastSchema = R"({"type":"record","name":"Q","namespace":"n","fields":[
  {"name":"i","type":"int"},{"name":"l","type":"long"},{"name":"s","type":["null","string"]},
  {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B","C"]}},{"name":"f","type":"float"},
  {"name":"a","type":{"type":"array","items":{"type":"record","name":"In","fields":[{"name":"d","type":"double"},
    {"name":"b","type":"boolean"},{"name":"again","type":["null","E"]}]}}},
  {"name":"n","type":{"type":"array","items":"null"}},{"name":"u","type":["string","long","In"]}
]})";

// kSchema's reader in a later version (schema resolution, avroresolve.cpp): promotions, a union grown, an enum
// with a default for the symbol it lost, a field dropped, one added with a default, fields in another order.
const char* const kReaderSchema = R"({"type":"record","name":"R","fields":[
  {"name":"x","type":"double"},{"name":"i","type":"long"},{"name":"l","type":"double"},
  {"name":"s","type":["null","bytes","string"]},
  {"name":"e","type":{"type":"enum","name":"E","symbols":["B","Z"],"default":"Z"}},
  {"name":"a","type":{"type":"array","items":"double"}},
  {"name":"f","type":{"type":"fixed","name":"F","size":3}},{"name":"d","type":"string"},
  {"name":"added","type":["null","string"],"default":null},{"name":"b","type":"boolean"}
]})";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const auto schema = [] {
        QString error;
        auto s = kafkalab::schemas::AvroSchema::parse(QString::fromUtf8(kSchema), &error);
        if (!s)
            __builtin_trap(); // the schema itself must parse
        // A named type used before it is defined is refused, not crashed on.
        (void)kafkalab::schemas::AvroSchema::parse(QStringLiteral("{\"type\":\"array\",\"items\":\"Nope\"}"), &error);
        return s;
    }();
    const QByteArrayView bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString error;
    const auto header = kafkalab::schemas::parseWireHeader(bytes, &error);
    qsizetype offset = header ? header->payloadOffset : 0;
    (void)kafkalab::schemas::parseMessageIndexes(bytes, &offset, &error);
    (void)schema->toJson(bytes.sliced(header ? header->payloadOffset : 0), &error);
    static const auto reader = [] {
        QString error;
        auto s = kafkalab::schemas::AvroSchema::parse(QString::fromUtf8(kReaderSchema), &error);
        if (!s)
            __builtin_trap();
        return s;
    }();
    // Resolved as a later reader reads it: never out of bounds; what the writer's schema reads, the reader's does.
    const bool written = schema->toJson(bytes, &error).has_value();
    const bool read = schema->toJsonAs(*reader, bytes, &error).has_value();
    if (written && !read)
        __builtin_trap();

    static const auto fast = [] {
        QString error;
        auto s = kafkalab::schemas::AvroSchema::parse(QString::fromUtf8(kFastSchema), &error);
        if (!s || !s->hasFastPath())
            __builtin_trap(); // it must parse, and take the fast path
        return s;
    }();
    const auto quick = fast->toJson(bytes, &error, true);
    const auto full = fast->toJson(bytes, &error, false);
    if (quick != full)
        __builtin_trap(); // the fast path wrote something the full decoder does not (or refused what it takes)
    return 0;
}
