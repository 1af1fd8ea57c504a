#include "kafkacore/schemas/avrodecode.h"

#include "kafkacore/schemas/avroencode_p.h"
#include "kafkacore/schemas/avrofast_p.h"
#include "kafkacore/schemas/wireformat.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <ctime>
#include <limits>
#include <map>
#include <stdexcept>

namespace kafkalab::schemas {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

struct DecodeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const char* const kPrimitives[] = { "null", "boolean", "int", "long", "float", "double", "bytes", "string" };

bool isPrimitive(const std::string& name)
{
    for (const char* p : kPrimitives)
        if (name == p)
            return true;
    return false;
}

std::string fullName(const json& node, const std::string& enclosingNamespace, std::string* ns)
{
    std::string name = node.at("name").get<std::string>();
    if (name.find('.') != std::string::npos) {
        *ns = name.substr(0, name.rfind('.'));
        return name;
    }
    *ns = node.contains("namespace") && node["namespace"].is_string() ? node["namespace"].get<std::string>()
                                                                      : enclosingNamespace;
    return ns->empty() ? name : *ns + "." + name;
}

std::string latin1(const char* data, size_t size)
{
    std::string out;
    out.reserve(size);
    for (size_t i = 0; i < size; ++i) {
        const auto c = uint8_t(data[i]);
        if (c < 0x80) {
            out.push_back(char(c));
        } else {
            out.push_back(char(0xc0 | (c >> 6)));
            out.push_back(char(0x80 | (c & 0x3f)));
        }
    }
    return out;
}

std::string two(int v)
{
    return v < 10 ? "0" + std::to_string(v) : std::to_string(v);
}

std::string fraction(int64_t micros)
{
    if (micros == 0)
        return {};
    char buf[16];
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(micros));
    return buf;
}

std::string isoDate(int64_t days)
{
    const time_t t = time_t(days) * 86400;
    tm parts {};
    gmtime_r(&t, &parts);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
    return buf;
}

std::string isoTimestamp(int64_t micros, bool utc)
{
    int64_t secs = micros / 1000000;
    int64_t rest = micros % 1000000;
    if (rest < 0) {
        rest += 1000000;
        --secs;
    }
    const auto t = time_t(secs);
    tm parts {};
    gmtime_r(&t, &parts);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1,
        parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
    return std::string(buf) + fraction(rest) + (utc ? "+00:00" : "");
}

std::string isoTime(int64_t micros)
{
    const int64_t secs = micros / 1000000;
    return two(int(secs / 3600)) + ":" + two(int(secs / 60 % 60)) + ":" + two(int(secs % 60))
        + fraction(micros % 1000000);
}

// A big-endian two's complement integer, scaled: the plain decimal string.
std::string decimalString(const unsigned char* bytes, size_t size, int scale)
{
    if (size == 0)
        return "0";
    const bool negative = bytes[0] & 0x80;
    std::vector<unsigned char> mag(bytes, bytes + size);
    if (negative) { // two's complement → magnitude
        for (auto& b : mag)
            b = uint8_t(~b);
        for (size_t i = mag.size(); i-- > 0;)
            if (++mag[i] != 0)
                break;
    }
    std::string digits; // repeated division by 10 of the big-endian magnitude
    while (true) {
        bool zero = true;
        unsigned remainder = 0;
        for (auto& b : mag) {
            const unsigned cur = (remainder << 8) | b;
            b = uint8_t(cur / 10);
            remainder = cur % 10;
            zero = zero && b == 0;
        }
        digits.insert(digits.begin(), char('0' + remainder));
        if (zero)
            break;
    }
    if (scale > 0) {
        if (int(digits.size()) <= scale)
            digits.insert(0, size_t(scale) + 1 - digits.size(), '0');
        digits.insert(digits.size() - size_t(scale), ".");
    }
    return negative ? "-" + digits : digits;
}

} // namespace

// The implicit destructor destroys nlohmann::json values, whose destructor clang-tidy follows into an assertion
// helper that can throw in theory; it does not in practice.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct AvroSchema::Impl {
    json root;
    std::map<std::string, json> named; // full name → definition (with "__ns": its namespace)
    std::shared_ptr<const avrofast::Program> fast; // the schema compiled for the fast path, when it applies

    void collect(const json& node, const std::string& ns, int depth)
    {
        if (depth > 64)
            throw DecodeError("the schema nests deeper than 64 levels");
        if (node.is_array()) {
            if (node.empty())
                throw DecodeError("a union without branches");
            for (const json& b : node)
                collect(b, ns, depth + 1);
            return;
        }
        if (node.is_string())
            return; // a primitive or a reference, resolved when used
        if (!node.is_object() || !node.contains("type"))
            throw DecodeError("a type must be a name, an object with \"type\" or a union (array): " + node.dump());
        const json& type = node["type"];
        if (!type.is_string()) {
            collect(type, ns, depth + 1);
            return;
        }
        const std::string t = type.get<std::string>();
        if (t == "record" || t == "error" || t == "enum" || t == "fixed") {
            if (!node.contains("name") || !node["name"].is_string())
                throw DecodeError("a " + t + " needs a name");
            std::string inner;
            const std::string name = fullName(node, ns, &inner);
            json def = node;
            def["__ns"] = inner;
            named[name] = def;
            if (t == "enum" && (!node.contains("symbols") || !node["symbols"].is_array()))
                throw DecodeError("enum " + name + " has no symbols");
            if (t == "fixed" && (!node.contains("size") || !node["size"].is_number_integer()))
                throw DecodeError("fixed " + name + " has no size");
            if (t == "record" || t == "error") {
                if (!node.contains("fields") || !node["fields"].is_array())
                    throw DecodeError("record " + name + " has no fields");
                for (const json& f : node["fields"]) {
                    if (!f.is_object() || !f.contains("name") || !f.contains("type"))
                        throw DecodeError("a field of record " + name + " has no name or type");
                    collect(f["type"], inner, depth + 1);
                }
            }
        } else if (t == "array") {
            if (!node.contains("items"))
                throw DecodeError("an array without items");
            collect(node["items"], ns, depth + 1);
        } else if (t == "map") {
            if (!node.contains("values"))
                throw DecodeError("a map without values");
            collect(node["values"], ns, depth + 1);
        } else if (!isPrimitive(t) && !named.count(t) && !named.count(ns.empty() ? t : ns + "." + t)) {
            throw DecodeError("unknown type " + t);
        }
    }

    const json& resolve(const std::string& name, const std::string& ns) const
    {
        if (auto it = named.find(ns.empty() ? name : ns + "." + name); it != named.end())
            return it->second;
        if (auto it = named.find(name); it != named.end())
            return it->second;
        throw DecodeError("the schema uses the type " + name + ", which it does not define");
    }

    using Reader = avro::BinaryReader;

    ojson read(Reader& r, const json& node, const std::string& ns, int depth) const
    {
        if (depth > 200)
            throw DecodeError("the value nests deeper than 200 levels");
        if (node.is_array()) { // union
            const int64_t branch = r.varint();
            if (branch < 0 || branch >= int64_t(node.size()))
                throw DecodeError("union branch " + std::to_string(branch) + " does not exist");
            return read(r, node[size_t(branch)], ns, depth + 1);
        }
        std::string t;
        const json* def = &node;
        if (node.is_string()) {
            t = node.get<std::string>();
        } else {
            const json& type = node["type"];
            if (!type.is_string())
                return read(r, type, ns, depth + 1);
            t = type.get<std::string>();
        }
        if (!isPrimitive(t) && t != "record" && t != "error" && t != "enum" && t != "fixed" && t != "array"
            && t != "map") {
            def = &resolve(t, ns);
            t = (*def)["type"].get<std::string>();
        } else if (t == "record" || t == "error" || t == "enum" || t == "fixed") {
            std::string unused;
            def = &named.at(fullName(node, ns, &unused)); // an inline definition: the one with its namespace
        }
        const std::string logical
            = def->is_object() && def->contains("logicalType") && (*def)["logicalType"].is_string()
            ? (*def)["logicalType"].get<std::string>()
            : std::string();
        if (t == "null")
            return nullptr;
        if (t == "boolean")
            return *r.take(1) != 0;
        if (t == "int" || t == "long") {
            const int64_t v = r.varint();
            if (t == "int" && (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()))
                throw DecodeError("an int outside the 32-bit range: " + std::to_string(v));
            // Dates and timestamps are shown as confluent-kafka shows them (Python's date and datetime), which hold
            // the years 1 to 9999: outside them the value cannot be shown, as there.
            constexpr int64_t kFirstDay = -719162; // 0001-01-01, in days from 1970-01-01
            constexpr int64_t kLastDay = 2932896; // 9999-12-31
            const auto checkedMicros = [](int64_t micros) {
                if (micros < kFirstDay * 86400 * 1000000 || micros >= (kLastDay + 1) * 86400 * 1000000)
                    throw DecodeError("a timestamp outside the years 1 to 9999");
                return micros;
            };
            if (logical == "date" && t == "int") {
                if (v < kFirstDay || v > kLastDay)
                    throw DecodeError("a date outside the years 1 to 9999: " + std::to_string(v) + " days from 1970");
                return isoDate(v);
            }
            if (logical == "time-millis" && t == "int")
                return isoTime(v * 1000);
            if (logical == "time-micros" && t == "long")
                return isoTime(v);
            if ((logical == "timestamp-millis" || logical == "local-timestamp-millis") && t == "long") {
                if (v < kFirstDay * 86400 * 1000 || v >= (kLastDay + 1) * 86400 * 1000)
                    throw DecodeError("a timestamp outside the years 1 to 9999");
                return isoTimestamp(v * 1000, logical == "timestamp-millis");
            }
            if ((logical == "timestamp-micros" || logical == "local-timestamp-micros") && t == "long")
                return isoTimestamp(checkedMicros(v), logical == "timestamp-micros");
            return v;
        }
        if (t == "float") {
            float f;
            std::memcpy(&f, r.take(4), 4);
            return double(f);
        }
        if (t == "double") {
            double d;
            std::memcpy(&d, r.take(8), 8);
            return d;
        }
        if (t == "bytes" || t == "string" || t == "fixed") {
            const int64_t n = t == "fixed" ? (*def)["size"].get<int64_t>() : r.varint();
            const char* p = r.take(n);
            if (logical == "decimal" && t != "string")
                return decimalString(reinterpret_cast<const unsigned char*>(p), size_t(n), def->value("scale", 0));
            if (t == "string") {
                const std::string s(p, size_t(n));
                ojson j = s; // validated when dumped
                return j;
            }
            return latin1(p, size_t(n));
        }
        if (t == "enum") {
            const int64_t i = r.varint();
            const json& symbols = (*def)["symbols"];
            if (i < 0 || i >= int64_t(symbols.size()))
                throw DecodeError("enum symbol " + std::to_string(i) + " does not exist");
            return symbols[size_t(i)].get<std::string>();
        }
        const std::string inner = def->is_object() && def->contains("__ns") ? (*def)["__ns"].get<std::string>() : ns;
        if (t == "record" || t == "error") {
            ojson out = ojson::object();
            for (const json& f : (*def)["fields"])
                out[f["name"].get<std::string>()] = read(r, f["type"], inner, depth + 1);
            return out;
        }
        if (t == "array" || t == "map") {
            ojson out = t == "array" ? ojson::array() : ojson::object();
            const json& item = t == "array" ? (*def)["items"] : (*def)["values"];
            int64_t total = 0;
            // Every item takes a byte at least, except nulls (an array of nulls is bounded by the item limit).
            const bool zeroWidth = item.is_string() && item.get<std::string>() == "null";
            while (true) {
                const int64_t count = r.blockCount(zeroWidth, &total);
                if (count == 0)
                    break;
                for (int64_t i = 0; i < count; ++i) {
                    if (t == "array") {
                        out.push_back(read(r, item, ns, depth + 1));
                    } else {
                        const int64_t n = r.varint();
                        const std::string key(r.take(n), size_t(n));
                        out[key] = read(r, item, ns, depth + 1);
                    }
                }
            }
            return out;
        }
        throw DecodeError("unknown type " + t);
    }
};

AvroSchema::AvroSchema()
    : d(std::make_unique<Impl>())
{
}

AvroSchema::~AvroSchema() = default;

std::shared_ptr<const AvroSchema> AvroSchema::parse(const QString& text, QString* error)
{
    const std::string utf8 = text.toStdString();
    json root = json::parse(utf8, nullptr, false);
    if (root.is_discarded()) {
        // A bare primitive name is a schema too ("string" is JSON, string is not).
        const std::string bare = text.trimmed().toStdString();
        if (!isPrimitive(bare)) {
            *error = QStringLiteral("the Avro schema is not JSON");
            return nullptr;
        }
        root = bare;
    }
    std::shared_ptr<AvroSchema> s(new AvroSchema);
    s->d->root = root;
    try {
        s->d->collect(root, std::string(), 0);
        s->d->fast = avrofast::compile(s->d->root, s->d->named);
    } catch (const std::exception& e) {
        *error = QStringLiteral("the Avro schema is not valid: %1").arg(QString::fromStdString(e.what()));
        return nullptr;
    }
    return s;
}

std::optional<std::string> AvroSchema::toJson(QByteArrayView payload, QString* error, bool fastPath) const
{
    if (d->fast && fastPath) {
        JsonOut out;
        if (toJsonFast(payload, &out))
            return out.str();
        // The bytes do not fit: the full decoder says why.
    }
    Impl::Reader r { payload, 0 };
    try {
        const ojson value = d->read(r, d->root, std::string(), 0);
        if (r.at != payload.size()) {
            *error = QStringLiteral("the Avro value ends at byte %1 of %2: the schema does not fit the bytes")
                         .arg(r.at)
                         .arg(payload.size());
            return std::nullopt;
        }
        return value.dump(-1, ' ', false, ojson::error_handler_t::replace);
    } catch (const std::exception& e) {
        *error = QStringLiteral("the Avro value does not decode: %1").arg(QString::fromStdString(e.what()));
        return std::nullopt;
    }
}

std::optional<std::string> AvroSchema::toJsonAs(const AvroSchema& reader, QByteArrayView payload, QString* error) const
{
    std::string resolved;
    try {
        resolved
            = avro::resolve(d->root, d->named, reader.d->root, reader.d->named, payload.toByteArray().toStdString());
    } catch (const std::exception& e) {
        *error = QStringLiteral("the reader's schema cannot read the value: %1").arg(QString::fromStdString(e.what()));
        return std::nullopt;
    }
    return reader.toJson(QByteArrayView(resolved.data(), qsizetype(resolved.size())), error);
}

bool AvroSchema::hasFastPath() const
{
    return d->fast != nullptr;
}

bool AvroSchema::toJsonFast(QByteArrayView payload, JsonOut* out) const
{
    if (!d->fast)
        return false;
    out->clear(); // its capacity stays: a reader's scratch buffer allocates once
    return avrofast::decode(*d->fast, payload, out);
}

std::optional<std::string> AvroSchema::fromJson(const QByteArray& text, QString* error, QStringList* where) const
{
    const json value = json::parse(text.constBegin(), text.constEnd(), nullptr, false);
    if (value.is_discarded()) {
        *error = QStringLiteral("the value is not JSON");
        return std::nullopt;
    }
    std::string out;
    std::vector<std::string> path;
    try {
        avro::encode(d->root, d->named, value, &out, {}, &path);
    } catch (const std::exception& e) {
        *error = QStringLiteral("the value does not fit the Avro schema: %1").arg(QString::fromUtf8(e.what()));
        if (where) {
            where->clear();
            for (const std::string& step : path)
                where->append(QString::fromStdString(step));
        }
        return std::nullopt;
    }
    return out;
}

} // namespace kafkalab::schemas
