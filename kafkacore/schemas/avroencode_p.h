#pragma once

// JSON → Avro binary, the inverse of avrodecode's mapping (the same JSON forms are accepted, and numbers where a
// logical type's string is written). Private to avrodecode.cpp and avroencode.cpp.

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace kafkalab::schemas::avro {

// Throws std::runtime_error with the path of the value that does not fit ("customer.address.zip: ..."); `where`
// (when given) is then set to that path's steps from the top: object keys and array indexes ({"customer",
// "items", "2"}; empty: the value itself).
void encode(const nlohmann::json& schema, const std::map<std::string, nlohmann::json>& named,
    const nlohmann::json& value, std::string* out, std::vector<std::string>* where = nullptr);

} // namespace kafkalab::schemas::avro
