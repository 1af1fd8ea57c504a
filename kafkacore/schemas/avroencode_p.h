#pragma once

// JSON → Avro binary, the inverse of avrodecode's mapping (the same JSON forms are accepted, and numbers where a
// logical type's string is written). Private to avrodecode.cpp, avroencode.cpp and avroresolve.cpp.

#include "kafkacore/schemas/avrofast_p.h"
#include "kafkacore/schemas/wireformat.h"

#include <QByteArrayView>

#include <nlohmann/json.hpp>

#include <limits>
#include <stdexcept>

#include <map>
#include <string>
#include <vector>

namespace kafkalab::schemas::avro {

// Reads Avro's binary (the decoder's and the resolver's): zigzag varints and runs of bytes; throws
// std::runtime_error with the place when the payload ends too soon.
struct BinaryReader {
    QByteArrayView bytes;
    qsizetype at = 0;

    int64_t varint()
    {
        const auto v = readZigZag(bytes, &at);
        if (!v)
            throw std::runtime_error("the payload ends inside a number at byte " + std::to_string(at));
        return *v;
    }
    const char* take(int64_t n)
    {
        if (n < 0 || n > bytes.size() - at)
            throw std::runtime_error("the payload ends at byte " + std::to_string(bytes.size()) + ", "
                + std::to_string(n) + " byte(s) are needed at byte " + std::to_string(at));
        const char* p = bytes.data() + at;
        at += qsizetype(n);
        return p;
    }
    // The item count of an array's or map's next block (0: its end), the block's byte size skipped. A count the bytes
    // left cannot hold is refused: every item takes a byte at least, but items of no width (`zeroWidth`: nulls) only
    // up to avrofast::kMaxZeroWidthItems over the whole array (`total`: the items of its blocks so far).
    int64_t blockCount(bool zeroWidth, int64_t* total)
    {
        int64_t count = varint();
        if (count < 0) {
            if (count == std::numeric_limits<int64_t>::min())
                throw std::runtime_error("a block claims " + std::to_string(count) + " items");
            count = -count;
            varint(); // the block's size in bytes
        }
        if ((!zeroWidth && count > bytes.size() - at + 1)
            || count > avrofast::kMaxZeroWidthItems + int64_t(bytes.size()) - *total)
            throw std::runtime_error("a block claims " + std::to_string(count) + " items, more than the bytes left");
        *total += count;
        return count;
    }
};

// Throws std::runtime_error with the path of the value that does not fit ("customer.address.zip: ..."); `where`
// (when given) is then set to that path's steps from the top: object keys and array indexes ({"customer",
// "items", "2"}; empty: the value itself). `ns`: the namespace that names in `schema` are relative to (a record
// field's type: its record's namespace).
void encode(const nlohmann::json& schema, const std::map<std::string, nlohmann::json>& named,
    const nlohmann::json& value, std::string* out, const std::string& ns = {},
    std::vector<std::string>* where = nullptr);

// Avro schema resolution (avroresolve.cpp, the specification's "Schema Resolution"): `payload`, written with the
// writer's schema, rewritten as the Avro binary of the reader's schema (fields the reader lacks dropped, fields the
// writer lacks filled from the reader's defaults, promotions int -> long -> float -> double and string <-> bytes,
// enum symbols by name, union branches by type). Throws std::runtime_error with the reason when the reader cannot
// read it (a reader field without a default that the writer lacks, a type that matches no reader branch, ...).
std::string resolve(const nlohmann::json& writer, const std::map<std::string, nlohmann::json>& writerNamed,
    const nlohmann::json& reader, const std::map<std::string, nlohmann::json>& readerNamed, const std::string& payload);

} // namespace kafkalab::schemas::avro
