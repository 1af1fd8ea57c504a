#include "kafkacore/schemas/schemaskeleton_p.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace kafkalab::schemas {

using json = nlohmann::ordered_json;

namespace {

constexpr int kMaxDepth = 8; // deeper (a recursive type) a union takes its null branch, an array stays empty

struct AvroSkeleton {
    std::map<std::string, json> named; // full name -> definition, in the order the schema defines them

    static std::string fullName(const json& def, const std::string& ns)
    {
        std::string name = def.value("name", std::string());
        if (name.find('.') != std::string::npos)
            return name;
        const std::string space
            = def.contains("namespace") && def["namespace"].is_string() ? def["namespace"].get<std::string>() : ns;
        return space.empty() ? name : space + "." + name;
    }

    static std::string spaceOf(const std::string& full)
    {
        const auto dot = full.rfind('.');
        return dot == std::string::npos ? std::string() : full.substr(0, dot);
    }

    static json primitive(const std::string& t, const std::string& logical)
    {
        if (t == "null")
            return nullptr;
        if (t == "boolean")
            return false;
        if (t == "int" || t == "long") {
            if (logical == "date")
                return "1970-01-01";
            if (logical == "timestamp-millis" || logical == "timestamp-micros")
                return "1970-01-01T00:00:00+00:00";
            if (logical == "local-timestamp-millis" || logical == "local-timestamp-micros")
                return "1970-01-01T00:00:00";
            return 0;
        }
        if (t == "float" || t == "double")
            return 0.0;
        if (t == "bytes")
            return logical == "decimal" ? "0" : "";
        if (t == "string")
            return logical == "uuid" ? "00000000-0000-0000-0000-000000000000" : "";
        return json(); // not a primitive
    }

    json value(const json& node, const std::string& ns, int depth)
    {
        if (node.is_array()) { // a union: its first non-null branch (null when nested too deep)
            const json* chosen = nullptr;
            bool hasNull = false;
            for (const json& branch : node) {
                if (branch.is_string() && branch.get<std::string>() == "null")
                    hasNull = true;
                else if (!chosen)
                    chosen = &branch;
            }
            if (!chosen || (hasNull && depth > kMaxDepth))
                return nullptr;
            return value(*chosen, ns, depth + 1);
        }
        if (node.is_string()) {
            const std::string t = node.get<std::string>();
            if (t == "null")
                return nullptr;
            json p = primitive(t, {});
            if (!p.is_null())
                return p;
            auto it = named.find(ns.empty() ? t : ns + "." + t);
            if (it == named.end())
                it = named.find(t);
            if (it == named.end() || depth > kMaxDepth)
                return nullptr;
            const json def = it->second; // a copy: value() adds to `named`
            return value(def, spaceOf(it->first), depth + 1);
        }
        if (!node.is_object() || !node.contains("type"))
            return nullptr;
        const json& type = node["type"];
        if (!type.is_string())
            return value(type, ns, depth);
        const std::string t = type.get<std::string>();
        const std::string logical = node.value("logicalType", std::string());
        if (t == "record" || t == "error") {
            const std::string full = fullName(node, ns);
            named[full] = node;
            json out = json::object();
            if (node.contains("fields") && node["fields"].is_array())
                for (const json& f : node["fields"]) {
                    if (!f.is_object() || !f.contains("name"))
                        continue;
                    json v = value(f.value("type", json()), spaceOf(full), depth + 1); // defines the field's types
                    out[f["name"].get<std::string>()] = f.contains("default") ? f["default"] : v;
                }
            return out;
        }
        if (t == "enum") {
            named[fullName(node, ns)] = node;
            if (node.contains("default"))
                return node["default"];
            const json& symbols = node.value("symbols", json::array());
            return symbols.empty() ? json() : symbols[0];
        }
        if (t == "fixed") {
            named[fullName(node, ns)] = node;
            if (logical == "decimal")
                return "0";
            return std::string(size_t(std::max(0, node.value("size", 0))), '\0');
        }
        if (t == "array") {
            json out = json::array();
            if (depth <= kMaxDepth)
                out.push_back(value(node.value("items", json()), ns, depth + 1));
            return out;
        }
        if (t == "map") {
            json out = json::object();
            if (depth <= kMaxDepth)
                out["key"] = value(node.value("values", json()), ns, depth + 1);
            return out;
        }
        json p = primitive(t, logical);
        if (!p.is_null() || t == "null")
            return p;
        return value(json(t), ns, depth); // a named type written as {"type": "Name"}
    }
};

struct JsonSkeleton {
    const json& root;

    const json* resolve(const std::string& ref) const
    {
        if (ref.empty() || ref[0] != '#')
            return nullptr; // only references into the same document
        try {
            const json& target = root.at(json::json_pointer(ref.substr(1)));
            return &target;
        } catch (const std::exception&) {
            return nullptr;
        }
    }

    static json forString(const json& s)
    {
        const std::string format = s.value("format", std::string());
        if (format == "date-time")
            return "1970-01-01T00:00:00Z";
        if (format == "date")
            return "1970-01-01";
        if (format == "time")
            return "00:00:00Z";
        if (format == "email")
            return "user@example.com";
        if (format == "uuid")
            return "00000000-0000-0000-0000-000000000000";
        if (format == "uri")
            return "https://example.com/";
        const json& minLength = s.value("minLength", json(0));
        return std::string(minLength.is_number_unsigned() ? minLength.get<size_t>() : 0, 'x');
    }

    static json forNumber(const json& s, bool integer)
    {
        for (const char* bound : { "minimum", "exclusiveMinimum" })
            if (s.contains(bound) && s[bound].is_number()) {
                const double lo = s[bound].get<double>() + (std::string(bound) == "exclusiveMinimum" ? 1 : 0);
                return integer ? json(int64_t(std::ceil(lo))) : json(lo);
            }
        return integer ? json(0) : json(0.0);
    }

    json value(const json& s, int depth) const
    {
        if (!s.is_object() || depth > kMaxDepth)
            return nullptr;
        if (s.contains("$ref") && s["$ref"].is_string()) {
            const json* target = resolve(s["$ref"].get<std::string>());
            return target ? value(*target, depth + 1) : json();
        }
        if (s.contains("const"))
            return s["const"];
        if (s.contains("default"))
            return s["default"];
        if (s.contains("examples") && s["examples"].is_array() && !s["examples"].empty())
            return s["examples"][0];
        if (s.contains("enum") && s["enum"].is_array() && !s["enum"].empty())
            return s["enum"][0];
        for (const char* any : { "oneOf", "anyOf", "allOf" })
            if (s.contains(any) && s[any].is_array() && !s[any].empty() && !s.contains("type")
                && !s.contains("properties"))
                return value(s[any][0], depth + 1);
        std::string type;
        if (s.contains("type") && s["type"].is_string())
            type = s["type"].get<std::string>();
        else if (s.contains("type") && s["type"].is_array())
            for (const json& t : s["type"])
                if (t.is_string() && (type.empty() || type == "null"))
                    type = t.get<std::string>();
        if (type.empty())
            type = s.contains("properties") ? "object" : s.contains("items") ? "array" : "null";
        if (type == "object") {
            json out = json::object();
            if (s.contains("properties") && s["properties"].is_object())
                for (const auto& [name, property] : s["properties"].items())
                    out[name] = value(property, depth + 1);
            return out;
        }
        if (type == "array") {
            json out = json::array();
            if (s.contains("items") && s["items"].is_object())
                out.push_back(value(s["items"], depth + 1));
            return out;
        }
        if (type == "string")
            return forString(s);
        if (type == "integer" || type == "number")
            return forNumber(s, type == "integer");
        if (type == "boolean")
            return false;
        return nullptr;
    }
};

} // namespace

std::optional<std::string> avroSkeleton(const QString& schemaText, QString* error)
{
    const json schema = json::parse(schemaText.toStdString(), nullptr, false);
    if (schema.is_discarded()) {
        *error = QStringLiteral("the Avro schema is not JSON");
        return std::nullopt;
    }
    AvroSkeleton s;
    return s.value(schema, std::string(), 0).dump(2, ' ', false, json::error_handler_t::replace);
}

std::optional<std::string> jsonSchemaSkeleton(const QString& schemaText, QString* error)
{
    const json schema = json::parse(schemaText.toStdString(), nullptr, false);
    if (schema.is_discarded()) {
        *error = QStringLiteral("the JSON Schema is not JSON");
        return std::nullopt;
    }
    return JsonSkeleton { schema }.value(schema, 0).dump(2, ' ', false, json::error_handler_t::replace);
}

} // namespace kafkalab::schemas
