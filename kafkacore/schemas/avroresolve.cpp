// Avro schema resolution: a value written with one schema, read with another (the specification's "Schema
// Resolution"), done on the binary: the writer's bytes are walked with both schemas and the reader's bytes written,
// which avrodecode then turns into JSON as for any value. An "old consumer" (the reader's schema an older version of
// the subject) reads a newer producer's messages this way, as the Java and Python deserializers do with a reader
// schema.
#include "kafkacore/schemas/avroencode_p.h"
#include "kafkacore/schemas/wireformat.h"

#include <QByteArray>

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace kafkalab::schemas::avro {

using json = nlohmann::json;
using Named = std::map<std::string, json>;

namespace {

struct Unreadable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

bool isPrimitiveType(const std::string& t)
{
    static const char* const primitives[] = { "null", "boolean", "int", "long", "float", "double", "bytes", "string" };
    return std::any_of(std::begin(primitives), std::end(primitives), [&t](const char* p) { return t == p; });
}

// A schema node seen through its references: its type ("union" for a union), the definition (the union's array, a
// named type's definition, an array's or map's object, a primitive's node) and the namespace names inside it are
// relative to.
struct View {
    std::string type;
    const json* def = nullptr;
    std::string ns;
    std::string shortName() const
    {
        const std::string name = def->is_object() && def->contains("name") ? (*def)["name"].get<std::string>() : type;
        return name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
    }
};

View named(const Named& all, const std::string& name, const std::string& ns)
{
    auto it = all.find(ns.empty() || name.find('.') != std::string::npos ? name : ns + "." + name);
    if (it == all.end())
        it = all.find(name);
    if (it == all.end())
        throw Unreadable("the schema uses the type " + name + ", which it does not define");
    return { it->second["type"].get<std::string>(), &it->second, it->second.value("__ns", std::string()) };
}

View view(const json& node, const std::string& ns, const Named& all)
{
    if (node.is_array())
        return { "union", &node, ns };
    if (node.is_string()) {
        const std::string t = node.get<std::string>();
        return isPrimitiveType(t) ? View { t, &node, ns } : named(all, t, ns);
    }
    const json& type = node.at("type");
    if (!type.is_string())
        return view(type, ns, all);
    const std::string t = type.get<std::string>();
    if (t == "record" || t == "error" || t == "enum" || t == "fixed") {
        // An inline definition: the collected one (it carries its own namespace).
        const std::string name = node.at("name").get<std::string>();
        const std::string own = name.find('.') != std::string::npos ? name
            : node.contains("namespace")                            ? node["namespace"].get<std::string>() + "." + name
                                                                    : (ns.empty() ? name : ns + "." + name);
        return named(all, own, {});
    }
    if (t == "array" || t == "map" || isPrimitiveType(t))
        return { t, &node, ns };
    return named(all, t, ns);
}

bool isRecord(const std::string& t)
{
    return t == "record" || t == "error";
}

// Whether a writer's type can be read as the reader's (the same kind and name, or a promotion).
bool matches(const View& w, const View& r)
{
    if (isRecord(w.type) && isRecord(r.type))
        return w.shortName() == r.shortName();
    if (w.type == "enum" || w.type == "fixed")
        return w.type == r.type && w.shortName() == r.shortName()
            && (w.type != "fixed" || (*w.def)["size"] == (*r.def)["size"]);
    if (w.type == r.type)
        return true;
    if (w.type == "int")
        return r.type == "long" || r.type == "float" || r.type == "double";
    if (w.type == "long")
        return r.type == "float" || r.type == "double";
    if (w.type == "float")
        return r.type == "double";
    return (w.type == "string" && r.type == "bytes") || (w.type == "bytes" && r.type == "string");
}

// "customer.address: " (nothing at the top).
std::string where(const std::string& path)
{
    return path.empty() ? std::string() : path + ": ";
}

std::string describe(const View& v)
{
    return v.def->is_object() && v.def->contains("name") ? v.type + " " + (*v.def)["name"].get<std::string>() : v.type;
}

struct Resolver : BinaryReader {
    const Named& writerNamed;
    const Named& readerNamed;

    Resolver(const Named& writer, const Named& reader, QByteArrayView payload)
        : BinaryReader { payload }
        , writerNamed(writer)
        , readerNamed(reader)
    {
    }
    static void zigzag(int64_t v, std::string* out)
    {
        QByteArray b;
        writeZigZag(v, &b);
        out->append(b.constData(), size_t(b.size()));
    }
    template <class T> static void raw(T v, std::string* out)
    {
        out->append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    template <class T> T fixedWidth()
    {
        T v;
        std::memcpy(&v, take(sizeof v), sizeof v); // Avro's float and double are little-endian, as this machine
        return v;
    }

    // Reads one value written as `w` and writes it as `r` reads it.
    void value(const View& w, const View& r, const std::string& path, std::string* out, int depth)
    {
        if (depth > 200)
            throw Unreadable("the value nests deeper than 200 levels");
        if (w.type == "union") {
            const int64_t branch = varint();
            if (branch < 0 || branch >= int64_t(w.def->size()))
                throw Unreadable("union branch " + std::to_string(branch) + " does not exist");
            return value(view((*w.def)[size_t(branch)], w.ns, writerNamed), r, path, out, depth + 1);
        }
        if (r.type == "union") {
            // The reader's first branch that the writer's type matches (an exact match first).
            for (const bool exact : { true, false }) {
                for (size_t i = 0; i < r.def->size(); ++i) {
                    const View b = view((*r.def)[i], r.ns, readerNamed);
                    if (b.type != "union" && matches(w, b) && (!exact || b.type == w.type)) {
                        zigzag(int64_t(i), out);
                        return value(w, b, path, out, depth + 1);
                    }
                }
            }
            throw Unreadable(where(path) + "the writer's " + describe(w) + " is none of the reader's union's types");
        }
        if (!matches(w, r))
            throw Unreadable(
                where(path) + "the writer's " + describe(w) + " cannot be read as the reader's " + describe(r));
        if (w.type == "null")
            return;
        if (w.type == "boolean")
            return out->push_back(*take(1));
        if (w.type == "int" || w.type == "long") {
            const int64_t v = varint();
            if (r.type == "float")
                return raw(float(v), out);
            if (r.type == "double")
                return raw(double(v), out);
            return zigzag(v, out);
        }
        if (w.type == "float") {
            const auto v = fixedWidth<float>();
            return r.type == "double" ? raw(double(v), out) : raw(v, out);
        }
        if (w.type == "double")
            return raw(fixedWidth<double>(), out);
        if (w.type == "string" || w.type == "bytes") {
            const int64_t n = varint();
            const char* p = take(n);
            zigzag(n, out);
            out->append(p, size_t(n));
            return;
        }
        if (w.type == "fixed") {
            const int64_t n = (*w.def)["size"].get<int64_t>();
            out->append(take(n), size_t(n));
            return;
        }
        if (w.type == "enum")
            return enumeration(w, r, path, out);
        if (w.type == "array" || w.type == "map")
            return blocks(w, r, path, out, depth);
        return record(w, r, path, out, depth);
    }

    void enumeration(const View& w, const View& r, const std::string& path, std::string* out)
    {
        const int64_t index = varint();
        const json& symbols = (*w.def)["symbols"];
        if (index < 0 || index >= int64_t(symbols.size()))
            throw Unreadable(where(path) + "enum index " + std::to_string(index) + " does not exist");
        const json& readerSymbols = (*r.def)["symbols"];
        auto it = std::find(readerSymbols.begin(), readerSymbols.end(), symbols[size_t(index)]);
        if (it == readerSymbols.end() && r.def->contains("default"))
            it = std::find(readerSymbols.begin(), readerSymbols.end(), (*r.def)["default"]);
        if (it == readerSymbols.end())
            throw Unreadable(where(path) + "the reader's enum has no symbol "
                + symbols[size_t(index)].get<std::string>() + " and no default");
        zigzag(int64_t(it - readerSymbols.begin()), out);
    }

    // Arrays and maps: the writer's blocks, written as one block.
    void blocks(const View& w, const View& r, const std::string& path, std::string* out, int depth)
    {
        const char* const inner = w.type == "array" ? "items" : "values";
        std::optional<std::pair<View, View>> types; // looked up at the first item, as the decoder does
        std::string items;
        int64_t count = 0;
        const json& item = (*w.def)[inner];
        const bool zeroWidth = item.is_string() && item.get<std::string>() == "null"; // as the decoder bounds them
        int64_t total = 0;
        for (int64_t n = blockCount(zeroWidth, &total); n != 0; n = blockCount(zeroWidth, &total)) {
            for (int64_t i = 0; i < n; ++i, ++count) {
                if (w.type == "map") {
                    const int64_t len = varint();
                    zigzag(len, &items);
                    items.append(take(len), size_t(len));
                }
                if (!types)
                    types.emplace(view((*w.def)[inner], w.ns, writerNamed), view((*r.def)[inner], r.ns, readerNamed));
                value(types->first, types->second, path + "[" + std::to_string(count) + "]", &items, depth + 1);
            }
        }
        if (count > 0) {
            zigzag(count, out);
            out->append(items);
        }
        zigzag(0, out);
    }

    void record(const View& w, const View& r, const std::string& path, std::string* out, int depth)
    {
        const json& readerFields = (*r.def)["fields"];
        std::vector<std::optional<std::string>> written(readerFields.size());
        for (const json& wf : (*w.def)["fields"]) {
            const json& name = wf["name"];
            const auto rf = std::find_if(readerFields.begin(), readerFields.end(), [&name](const json& f) {
                const json aliases = f.value("aliases", json::array());
                return f["name"] == name || std::find(aliases.begin(), aliases.end(), name) != aliases.end();
            });
            const std::string at = path.empty() ? name.get<std::string>() : path + "." + name.get<std::string>();
            const View wt = view(wf["type"], w.ns, writerNamed);
            std::string bytesOut;
            if (rf == readerFields.end()) {
                value(wt, wt, at, &bytesOut, depth + 1); // the reader has no such field: read and dropped
                continue;
            }
            value(wt, view((*rf)["type"], r.ns, readerNamed), at, &bytesOut, depth + 1);
            written[size_t(rf - readerFields.begin())] = std::move(bytesOut);
        }
        for (size_t i = 0; i < readerFields.size(); ++i) {
            const json& rf = readerFields[i];
            if (written[i]) {
                out->append(*written[i]);
                continue;
            }
            if (!rf.contains("default")) {
                std::string why = path.empty() ? std::string() : path + ".";
                why += rf["name"].get<std::string>();
                why += ": the reader's field has no default and the writer's record has no such field";
                throw Unreadable(why);
            }
            encode(rf["type"], readerNamed, rf["default"], out, r.ns);
        }
    }
};

} // namespace

std::string resolve(const json& writer, const Named& writerNamed, const json& reader, const Named& readerNamed,
    const std::string& payload)
{
    Resolver r(writerNamed, readerNamed, QByteArrayView(payload.data(), qsizetype(payload.size())));
    std::string out;
    r.value(view(writer, {}, writerNamed), view(reader, {}, readerNamed), std::string(), &out, 0);
    if (r.at != qsizetype(payload.size()))
        throw Unreadable("the value ends at byte " + std::to_string(r.at) + " of " + std::to_string(payload.size())
            + ": the writer's schema does not fit the bytes");
    return out;
}

} // namespace kafkalab::schemas::avro
