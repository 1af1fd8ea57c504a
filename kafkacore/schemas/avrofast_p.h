#pragma once

#include <cstdint>

// The message browser's fast path for Avro → JSON (issue 19 item 7): the schema compiled once into a flat program of
// nodes, each value written straight into the JSON text (no JSON tree, no type names compared per value). It covers
// the schemas most topics carry: records, enums, arrays, unions and the primitive types but bytes, with no logical
// type, no map and no recursive type; a schema with any of those is not compiled, and AvroSchema::toJson keeps its
// full decoder for it. Where it applies it writes exactly what the full decoder writes (the same number and string
// forms as nlohmann::json's dump); when the bytes do not fit, it gives up and the full decoder says why.

#include "kafkacore/schemas/jsonout.h"

#include <nlohmann/json.hpp>

#include <QByteArrayView>

#include <map>
#include <memory>
#include <string>

namespace kafkalab::schemas::avrofast {

// Items an array or map may hold over all its blocks beyond one per byte of the payload: items that take no bytes
// (nulls, empty records) could otherwise be claimed by the billion in a few bytes of block counts and hold the reader
// for minutes (fuzz_wireformat found it). Both decoders refuse more, with the same words.
constexpr int64_t kMaxZeroWidthItems = 100000;

struct Program;

// Nothing when the schema uses something only the full decoder handles. `named`: full name → definition with
// "__ns" (AvroSchema::Impl::named).
std::shared_ptr<const Program> compile(const nlohmann::json& root, const std::map<std::string, nlohmann::json>& named);

// Appends the value's compact JSON to `out`; false (and `out` in any state) when the bytes do not fit the schema.
bool decode(const Program& program, QByteArrayView payload, JsonOut* out);

} // namespace kafkalab::schemas::avrofast
