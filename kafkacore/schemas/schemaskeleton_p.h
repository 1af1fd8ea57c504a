#pragma once

// A starting point for a value of a schema (the Publish tab's "Template from schema"): a JSON value with every field
// present at a plain default (its declared default where the schema has one), the first enum symbol, a union's first
// non-null branch, one item in each array and map. Private to kafkacore/schemas (SchemaEncoder::skeleton()).

#include <QString>

#include <optional>
#include <string>

namespace kafkalab::schemas {

// From an Avro schema's text (.avsc); nothing and `error` set when it is not JSON.
std::optional<std::string> avroSkeleton(const QString& schemaText, QString* error);
// From a JSON Schema's text (local $refs followed; const, default, examples and enum preferred; formats filled).
std::optional<std::string> jsonSchemaSkeleton(const QString& schemaText, QString* error);

} // namespace kafkalab::schemas
