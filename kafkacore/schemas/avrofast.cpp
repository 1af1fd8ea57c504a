#include "kafkacore/schemas/avrofast_p.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <vector>

namespace kafkalab::schemas::avrofast {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

enum class Kind { Null, Boolean, Int, Long, Float, Double, String, Enum, Record, Array, Union };

bool isPrimitiveName(const std::string& t)
{
    return t == "null" || t == "boolean" || t == "int" || t == "long" || t == "float" || t == "double" || t == "bytes"
        || t == "string";
}

} // namespace

struct Node {
    Kind kind = Kind::Null;
    std::vector<std::string> texts; // Record: "\"field\":" per field; Enum: each symbol as JSON
    std::vector<int> children; // Record: per field; Union: per branch; Array: the items
    bool zeroWidthItems = false; // Array of null
};

struct Program {
    std::vector<Node> nodes;
    int root = -1;
};

namespace {

struct Compiler {
    const std::map<std::string, json>& named;
    Program program;
    std::set<const json*> open; // named definitions being compiled (a recursive type is not compiled)

    const json* resolve(const std::string& name, const std::string& ns) const
    {
        if (auto it = named.find(ns.empty() ? name : ns + "." + name); it != named.end())
            return &it->second;
        if (auto it = named.find(name); it != named.end())
            return &it->second;
        return nullptr;
    }

    static std::string fullName(const json& node, const std::string& enclosing)
    {
        std::string name = node.at("name").get<std::string>();
        if (name.find('.') != std::string::npos)
            return name;
        const std::string ns = node.contains("namespace") && node["namespace"].is_string()
            ? node["namespace"].get<std::string>()
            : enclosing;
        return ns.empty() ? name : ns + "." + name;
    }

    int add(Node n)
    {
        program.nodes.push_back(std::move(n));
        return int(program.nodes.size()) - 1;
    }

    // The same resolution as AvroSchema::Impl::read, once. -1: not for the fast path.
    int compile(const json& node, const std::string& ns, int depth)
    {
        if (depth > 64)
            return -1;
        if (node.is_array()) {
            Node u;
            u.kind = Kind::Union;
            for (const json& b : node) {
                const int c = compile(b, ns, depth + 1);
                if (c < 0)
                    return -1;
                u.children.push_back(c);
            }
            return add(std::move(u));
        }
        std::string t;
        const json* def = &node;
        if (node.is_string()) {
            t = node.get<std::string>();
        } else if (node.is_object() && node.contains("type")) {
            const json& type = node["type"];
            if (!type.is_string())
                return compile(type, ns, depth + 1);
            t = type.get<std::string>();
        } else {
            return -1;
        }
        if (!isPrimitiveName(t) && t != "record" && t != "error" && t != "enum" && t != "fixed" && t != "array"
            && t != "map") {
            def = resolve(t, ns);
            if (!def || !(*def)["type"].is_string())
                return -1;
            t = (*def)["type"].get<std::string>();
        } else if (t == "record" || t == "error" || t == "enum" || t == "fixed") {
            auto it = named.find(fullName(node, ns));
            if (it == named.end())
                return -1;
            def = &it->second;
        }
        if (def->is_object() && def->contains("logicalType"))
            return -1; // dates, times, decimals, uuids: the full decoder
        Node n;
        if (t == "null")
            n.kind = Kind::Null;
        else if (t == "boolean")
            n.kind = Kind::Boolean;
        else if (t == "int")
            n.kind = Kind::Int;
        else if (t == "long")
            n.kind = Kind::Long;
        else if (t == "float")
            n.kind = Kind::Float;
        else if (t == "double")
            n.kind = Kind::Double;
        else if (t == "string")
            n.kind = Kind::String;
        else if (t == "enum") {
            n.kind = Kind::Enum;
            for (const json& s : (*def)["symbols"]) {
                if (!s.is_string())
                    return -1;
                n.texts.push_back(ojson(s.get<std::string>()).dump(-1, ' ', false, ojson::error_handler_t::replace));
            }
        } else if (t == "record" || t == "error") {
            if (open.count(def))
                return -1; // recursive
            open.insert(def);
            const std::string inner = def->contains("__ns") ? (*def)["__ns"].get<std::string>() : ns;
            n.kind = Kind::Record;
            std::set<std::string> seen;
            for (const json& f : (*def)["fields"]) {
                const std::string name = f["name"].get<std::string>();
                if (!seen.insert(name).second)
                    return -1; // a repeated field name: the full decoder keeps the last
                n.texts.push_back(ojson(name).dump(-1, ' ', false, ojson::error_handler_t::replace) + ":");
                const int c = compile(f["type"], inner, depth + 1);
                if (c < 0)
                    return -1;
                n.children.push_back(c);
            }
            open.erase(def);
        } else if (t == "array") {
            n.kind = Kind::Array;
            const json& item = (*def)["items"];
            n.zeroWidthItems = item.is_string() && item.get<std::string>() == "null";
            const int c = compile(item, ns, depth + 1);
            if (c < 0)
                return -1;
            n.children.push_back(c);
        } else {
            return -1; // bytes, fixed, map: the full decoder
        }
        return add(std::move(n));
    }
};

struct Reader {
    const char* data;
    qsizetype size;
    qsizetype at = 0;

    // As readZigZag (wireformat.h), inline: the hot loop of the decode.
    bool varint(int64_t* v)
    {
        uint64_t raw = 0;
        int shift = 0;
        qsizetype i = at;
        while (true) {
            if (i >= size || shift > 63)
                return false;
            const auto byte = uint8_t(data[i++]);
            raw |= uint64_t(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                break;
            shift += 7;
        }
        at = i;
        *v = int64_t(raw >> 1) ^ -int64_t(raw & 1);
        return true;
    }
    const char* take(int64_t n)
    {
        if (n < 0 || n > size - at)
            return nullptr;
        const char* p = data + at;
        at += qsizetype(n);
        return p;
    }
};

void appendInteger(int64_t v, JsonOut* out)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out->put(buf, size_t(r.ptr - buf));
}

// As nlohmann::json dumps a double: "null" when not finite, else its shortest form with ".0" on whole numbers.
void appendDouble(double v, JsonOut* out)
{
    if (!std::isfinite(v)) {
        out->put("null");
        return;
    }
    std::array<char, 64> buf {};
    char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), v);
    out->put(buf.data(), size_t(end - buf.data()));
}

// True when the bytes are printable ASCII without '"' and '\\' (JSON as they are): eight at a time.
bool plainAscii(const char* p, size_t n)
{
    constexpr uint64_t ones = 0x0101010101010101ULL;
    constexpr uint64_t highs = 0x8080808080808080ULL;
    // A byte below `c` sets its high bit in (w - ones * c) & ~w (exact once no byte of w has its high bit set).
    const auto below = [](uint64_t w, uint64_t c) { return (w - ones * c) & ~w; };
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = 0;
        std::memcpy(&w, p + i, 8);
        if (((below(w, 0x20) | below(w ^ (ones * '"'), 1) | below(w ^ (ones * '\\'), 1) | w) & highs) != 0)
            return false;
    }
    for (; i < n; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
            return false;
    }
    return true;
}

// As nlohmann::json dumps a string (ensure_ascii off, invalid UTF-8 replaced): plain ASCII here, anything else by it.
void appendString(const char* p, size_t n, JsonOut* out)
{
    if (!plainAscii(p, n)) {
        out->put(ojson(std::string(p, n)).dump(-1, ' ', false, ojson::error_handler_t::replace));
        return;
    }
    out->put('"');
    out->put(p, n);
    out->put('"');
}

bool write(const Program& program, int index, Reader& r, JsonOut* out, int depth)
{
    if (depth > 200)
        return false;
    const Node& n = program.nodes[size_t(index)];
    switch (n.kind) {
    case Kind::Null:
        out->put("null");
        return true;
    case Kind::Boolean: {
        const char* b = r.take(1);
        if (!b)
            return false;
        out->put(*b != 0 ? "true" : "false");
        return true;
    }
    case Kind::Int:
    case Kind::Long: {
        int64_t v = 0;
        if (!r.varint(&v))
            return false;
        if (n.kind == Kind::Int && (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()))
            return false;
        appendInteger(v, out);
        return true;
    }
    case Kind::Float: {
        const char* b = r.take(4);
        if (!b)
            return false;
        float f;
        std::memcpy(&f, b, 4);
        appendDouble(double(f), out);
        return true;
    }
    case Kind::Double: {
        const char* b = r.take(8);
        if (!b)
            return false;
        double d;
        std::memcpy(&d, b, 8);
        appendDouble(d, out);
        return true;
    }
    case Kind::String: {
        int64_t len = 0;
        if (!r.varint(&len))
            return false;
        const char* p = r.take(len);
        if (!p)
            return false;
        appendString(p, size_t(len), out);
        return true;
    }
    case Kind::Enum: {
        int64_t i = 0;
        if (!r.varint(&i) || i < 0 || i >= int64_t(n.texts.size()))
            return false;
        out->put(n.texts[size_t(i)]);
        return true;
    }
    case Kind::Record:
        out->put('{');
        for (size_t f = 0; f < n.children.size(); ++f) {
            if (f > 0)
                out->put(',');
            out->put(n.texts[f]);
            if (!write(program, n.children[f], r, out, depth + 1))
                return false;
        }
        out->put('}');
        return true;
    case Kind::Union: {
        int64_t branch = 0;
        if (!r.varint(&branch) || branch < 0 || branch >= int64_t(n.children.size()))
            return false;
        return write(program, n.children[size_t(branch)], r, out, depth + 1);
    }
    case Kind::Array: {
        out->put('[');
        bool first = true;
        int64_t total = 0;
        while (true) {
            int64_t count = 0;
            if (!r.varint(&count))
                return false;
            if (count == 0)
                break;
            if (count < 0) {
                if (count == std::numeric_limits<int64_t>::min())
                    return false;
                count = -count;
                int64_t blockBytes = 0;
                if (!r.varint(&blockBytes))
                    return false;
            }
            if ((!n.zeroWidthItems && count > r.size - r.at + 1)
                || count > kMaxZeroWidthItems + int64_t(r.size) - total)
                return false;
            total += count;
            for (int64_t i = 0; i < count; ++i) {
                if (!first)
                    out->put(',');
                first = false;
                if (!write(program, n.children[0], r, out, depth + 1))
                    return false;
            }
        }
        out->put(']');
        return true;
    }
    }
    return false;
}

} // namespace

std::shared_ptr<const Program> compile(const json& root, const std::map<std::string, json>& named)
{
    try {
        Compiler c { named, {}, {} };
        c.program.root = c.compile(root, std::string(), 0);
        if (c.program.root < 0)
            return nullptr;
        return std::make_shared<const Program>(std::move(c.program));
    } catch (const std::exception&) {
        return nullptr; // anything unexpected in the schema: the full decoder
    }
}

bool decode(const Program& program, QByteArrayView payload, JsonOut* out)
{
    Reader r { payload.data(), payload.size() };
    return write(program, program.root, r, out, 0) && r.at == payload.size();
}

} // namespace kafkalab::schemas::avrofast
