#include "kafkacore/schemas/avroencode_p.h"

#include <QString>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace kafkalab::schemas::avro {

using json = nlohmann::json;

namespace {

// Where in the value a mistake is: its steps from the top, written "a.b[2].c" in messages.
using Path = std::vector<std::string>;

Path joinPath(const Path& path, const std::string& key)
{
    Path out = path;
    out.push_back(key);
    return out;
}

std::string pathText(const Path& path)
{
    std::string out;
    for (const std::string& step : path) {
        const bool index
            = !step.empty() && std::all_of(step.begin(), step.end(), [](char c) { return std::isdigit(uint8_t(c)); });
        if (index && !out.empty())
            out += "[" + step + "]";
        else
            out += (out.empty() ? "" : ".") + step;
    }
    return out;
}

// A value that does not fit, and where it is (`path` empty: not known yet; write() gives the place it was at).
struct Misfit : std::runtime_error {
    explicit Misfit(const std::string& text)
        : std::runtime_error(text)
    {
    }
    Misfit(const Path& at, const std::string& text)
        : std::runtime_error(at.empty() ? text : pathText(at) + ": " + text)
        , path(at)
        , placed(true)
    {
    }
    Path path;
    bool placed = false;
};

void zigzag(int64_t v, std::string* out)
{
    auto raw = (uint64_t(v) << 1) ^ uint64_t(v >> 63);
    while (raw >= 0x80) {
        out->push_back(char((raw & 0x7f) | 0x80));
        raw >>= 7;
    }
    out->push_back(char(raw));
}

// "YYYY-MM-DD[THH:MM:SS[.ffffff]][+00:00|Z]" → microseconds since the epoch (UTC); throws when it is not that.
int64_t parseIsoMicros(const std::string& s, bool dateOnly)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, used = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3)
        throw Misfit("'" + s + "' is not a date (YYYY-MM-DD)");
    auto at = size_t(used);
    int64_t micros = 0;
    if (!dateOnly && at < s.size() && (s[at] == 'T' || s[at] == ' ')) {
        if (std::sscanf(s.c_str() + at + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &used) != 3)
            throw Misfit("'" + s + "' is not a timestamp (YYYY-MM-DDTHH:MM:SS)");
        at += 1 + size_t(used);
        if (at < s.size() && s[at] == '.') {
            int digits = 0;
            ++at;
            while (at < s.size() && std::isdigit(uint8_t(s[at]))) {
                if (digits < 6) {
                    micros = micros * 10 + (s[at] - '0');
                    ++digits;
                }
                ++at;
            }
            while (digits++ < 6)
                micros *= 10;
        }
        const std::string zone = s.substr(at);
        if (!zone.empty() && zone != "Z" && zone != "+00:00")
            throw Misfit("'" + s + "': only UTC (Z or +00:00) is accepted");
    } else if (at != s.size()) {
        throw Misfit("'" + s + "' is not a date (YYYY-MM-DD)");
    }
    tm parts {};
    parts.tm_year = y - 1900;
    parts.tm_mon = mo - 1;
    parts.tm_mday = d;
    parts.tm_hour = h;
    parts.tm_min = mi;
    parts.tm_sec = sec;
    return int64_t(timegm(&parts)) * 1000000 + micros;
}

// A decimal string ("-12.5") at `scale` → big-endian two's complement, minimal (or `size` bytes for fixed).
std::string decimalBytes(const std::string& text, int scale, int size)
{
    std::string s = text;
    const bool negative = !s.empty() && s[0] == '-';
    if (negative || (!s.empty() && s[0] == '+'))
        s.erase(0, 1);
    std::string digits;
    int fraction = -1;
    for (char c : s) {
        if (c == '.' && fraction < 0) {
            fraction = 0;
        } else if (std::isdigit(uint8_t(c))) {
            digits.push_back(c);
            if (fraction >= 0)
                ++fraction;
        } else {
            throw Misfit("'" + text + "' is not a decimal number");
        }
    }
    if (digits.empty())
        throw Misfit("'" + text + "' is not a decimal number");
    fraction = std::max(fraction, 0);
    if (fraction > scale)
        throw Misfit("'" + text + "' has more than " + std::to_string(scale) + " decimal places");
    digits.append(size_t(scale - fraction), '0');
    std::vector<uint8_t> mag { 0 }; // big-endian magnitude, built by multiply-and-add
    for (char c : digits) {
        auto carry = unsigned(c - '0');
        for (size_t i = mag.size(); i-- > 0;) {
            const unsigned cur = mag[i] * 10u + carry;
            mag[i] = uint8_t(cur & 0xff);
            carry = cur >> 8;
        }
        while (carry) {
            mag.insert(mag.begin(), uint8_t(carry & 0xff));
            carry >>= 8;
        }
    }
    mag.insert(mag.begin(), 0); // room for the sign bit
    if (negative) {
        for (auto& b : mag)
            b = uint8_t(~b);
        for (size_t i = mag.size(); i-- > 0;)
            if (++mag[i] != 0)
                break;
    }
    const uint8_t pad = negative ? 0xff : 0x00;
    while (mag.size() > 1 && mag[0] == pad && ((mag[1] & 0x80) == (pad & 0x80)))
        mag.erase(mag.begin());
    if (size > 0) {
        if (int(mag.size()) > size)
            throw Misfit("'" + text + "' does not fit in " + std::to_string(size) + " bytes");
        mag.insert(mag.begin(), size_t(size) - mag.size(), pad);
    }
    return std::string(mag.begin(), mag.end());
}

std::string fromLatin1(const std::string& utf8, const Path& path)
{
    const QString s = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
    std::string out;
    for (QChar c : s) {
        if (c.unicode() > 0xff)
            throw Misfit(path, "bytes are written one character U+0000..U+00FF per byte");
        out.push_back(char(c.unicode()));
    }
    return out;
}

struct Encoder {
    const std::map<std::string, json>& named;

    const json& resolve(const std::string& name, const std::string& ns) const
    {
        if (auto it = named.find(ns.empty() ? name : ns + "." + name); it != named.end())
            return it->second;
        if (auto it = named.find(name); it != named.end())
            return it->second;
        throw Misfit("the schema uses the type " + name + ", which it does not define");
    }

    void write(const json& node, const std::string& ns, const json& v, const Path& path, std::string* out) const
    {
        try {
            writeHere(node, ns, v, path, out);
        } catch (const Misfit& e) {
            if (e.placed)
                throw;
            throw Misfit(path, e.what()); // a logical type's or a type name's mistake, placed here
        }
    }

    void writeHere(const json& node, const std::string& ns, const json& v, const Path& path, std::string* out) const
    {
        if (node.is_array()) { // union: the first branch the value fits
            std::string why;
            for (size_t b = 0; b < node.size(); ++b) {
                std::string attempt;
                try {
                    zigzag(int64_t(b), &attempt);
                    write(node[b], ns, v, path, &attempt);
                    *out += attempt;
                    return;
                } catch (const Misfit& e) {
                    why = e.what();
                }
            }
            throw Misfit(path, "the value fits no branch of the union (" + why + ")");
        }
        std::string t;
        const json* def = &node;
        if (node.is_string()) {
            t = node.get<std::string>();
        } else {
            const json& type = node.at("type");
            if (!type.is_string())
                return write(type, ns, v, path, out);
            t = type.get<std::string>();
        }
        static const char* const structural[] = { "null", "boolean", "int", "long", "float", "double", "bytes",
            "string", "record", "error", "enum", "fixed", "array", "map" };
        if (std::none_of(std::begin(structural), std::end(structural), [&](const char* s) { return t == s; })) {
            def = &resolve(t, ns);
            t = (*def)["type"].get<std::string>();
        } else if (t == "record" || t == "error" || t == "enum" || t == "fixed") {
            const std::string name = node.at("name").get<std::string>();
            const std::string space = name.find('.') != std::string::npos ? std::string()
                : node.contains("namespace")                              ? node["namespace"].get<std::string>()
                                                                          : ns;
            def = &named.at(space.empty() ? name : space + "." + name);
        }
        const std::string logical = def->is_object() ? def->value("logicalType", std::string()) : std::string();
        const auto misfit
            = [&](const char* wanted) { return Misfit(path, std::string(wanted) + " expected, not " + v.dump()); };
        if (t == "null") {
            if (!v.is_null())
                throw misfit("null");
        } else if (t == "boolean") {
            if (!v.is_boolean())
                throw misfit("true or false");
            out->push_back(v.get<bool>() ? 1 : 0);
        } else if (t == "int" || t == "long") {
            int64_t n = 0;
            if (v.is_string() && (logical == "date" || logical.find("timestamp") != std::string::npos)) {
                const int64_t micros = parseIsoMicros(v.get<std::string>(), logical == "date");
                n = logical == "date"                             ? micros / 86400000000
                    : logical.find("millis") != std::string::npos ? micros / 1000
                                                                  : micros;
            } else if (v.is_number_integer()) {
                n = v.get<int64_t>();
            } else {
                throw misfit(logical.empty() ? "an integer" : "an integer or an ISO 8601 string");
            }
            if (t == "int" && (n < INT32_MIN || n > INT32_MAX))
                throw Misfit(path, std::to_string(n) + " does not fit in an Avro int");
            zigzag(n, out);
        } else if (t == "float" || t == "double") {
            if (!v.is_number())
                throw misfit("a number");
            if (t == "float") {
                const auto f = v.get<float>();
                out->append(reinterpret_cast<const char*>(&f), 4);
            } else {
                const auto d = v.get<double>();
                out->append(reinterpret_cast<const char*>(&d), 8);
            }
        } else if (t == "string") {
            if (!v.is_string())
                throw misfit("a string");
            const std::string s = v.get<std::string>();
            zigzag(int64_t(s.size()), out);
            *out += s;
        } else if (t == "bytes" || t == "fixed") {
            const int size = t == "fixed" ? (*def)["size"].get<int>() : 0;
            std::string bytes;
            if (logical == "decimal" && (v.is_string() || v.is_number()))
                bytes = decimalBytes(v.is_string() ? v.get<std::string>() : v.dump(), def->value("scale", 0), size);
            else if (v.is_string())
                bytes = fromLatin1(v.get<std::string>(), path);
            else
                throw misfit("a string");
            if (t == "fixed" && int(bytes.size()) != size)
                throw Misfit(path, "fixed " + std::to_string(size) + " bytes, not " + std::to_string(bytes.size()));
            if (t == "bytes")
                zigzag(int64_t(bytes.size()), out);
            *out += bytes;
        } else if (t == "enum") {
            const json& symbols = (*def)["symbols"];
            for (size_t i = 0; v.is_string() && i < symbols.size(); ++i)
                if (symbols[i] == v) {
                    zigzag(int64_t(i), out);
                    return;
                }
            throw Misfit(path, "one of the symbols " + symbols.dump() + " expected, not " + v.dump());
        } else if (t == "array") {
            if (!v.is_array())
                throw misfit("an array");
            if (!v.empty())
                zigzag(int64_t(v.size()), out);
            for (size_t i = 0; i < v.size(); ++i)
                write((*def)["items"], ns, v[i], joinPath(path, std::to_string(i)), out);
            out->push_back(0);
        } else if (t == "map") {
            if (!v.is_object())
                throw misfit("an object");
            if (!v.empty())
                zigzag(int64_t(v.size()), out);
            for (const auto& [k, item] : v.items()) {
                zigzag(int64_t(k.size()), out);
                *out += k;
                write((*def)["values"], ns, item, joinPath(path, k), out);
            }
            out->push_back(0);
        } else { // record
            if (!v.is_object())
                throw misfit("an object");
            const std::string inner = def->value("__ns", ns);
            for (const json& f : (*def)["fields"]) {
                const std::string name = f["name"].get<std::string>();
                const Path at = joinPath(path, name);
                if (v.contains(name))
                    write(f["type"], inner, v[name], at, out);
                else if (f.contains("default"))
                    write(f["type"], inner, f["default"], at, out); // a union's default fits its first branch
                else
                    throw Misfit(at, "missing, and the field has no default");
            }
            for (const auto& item : v.items()) {
                const std::string& k = item.key();
                if (std::none_of((*def)["fields"].begin(), (*def)["fields"].end(),
                        [&k](const json& f) { return f["name"] == k; }))
                    throw Misfit(joinPath(path, k), "the record has no such field");
            }
        }
    }
};

} // namespace

void encode(const json& schema, const std::map<std::string, json>& named, const json& value, std::string* out,
    const std::string& ns, std::vector<std::string>* where)
{
    try {
        Encoder { named }.write(schema, ns, value, Path(), out);
    } catch (const Misfit& e) {
        if (where)
            *where = e.path;
        throw;
    }
}

} // namespace kafkalab::schemas::avro
