#include "kafkacore/messages/messageio.h"

#include "kafkacore/common/jsontext.h"

#include <QFile>
#include <QStringList>

#include <limits>
#include <nlohmann/json.hpp>

namespace kafkalab {

using nlohmann::json;

bool isValidUtf8(const QByteArray& bytes)
{
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= n)
            return false;
        for (int k = 1; k <= extra; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and code points beyond U+10FFFF are not UTF-8.
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10FFFF
            || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

namespace {

json bytesJson(const QByteArray& bytes, bool isNull)
{
    if (isNull)
        return nullptr;
    if (isValidUtf8(bytes))
        return std::string(bytes.constData(), size_t(bytes.size()));
    return { { "base64", bytes.toBase64().toStdString() } };
}

// A JSON string, null, or {"base64": "..."}; anything else is an error.
bool bytesFrom(const json& j, std::optional<QByteArray>* out, QString* error, const char* what)
{
    if (j.is_null()) {
        out->reset();
        return true;
    }
    if (j.is_string()) {
        const auto& s = j.get_ref<const std::string&>();
        *out = QByteArray(s.data(), qsizetype(s.size()));
        return true;
    }
    if (j.is_object() && j.size() == 1 && j.contains("base64") && j["base64"].is_string()) {
        const QByteArray text = QByteArray::fromStdString(j["base64"].get<std::string>());
        const auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            *error = QStringLiteral("%1: the base64 text does not decode").arg(QLatin1String(what));
            return false;
        }
        *out = *decoded;
        return true;
    }
    *error = QStringLiteral("%1 must be a string, null or {\"base64\": \"...\"}").arg(QLatin1String(what));
    return false;
}

// A key or value that toJsonLine wrote decoded ("NAME_schema_type" beside it): its JSON and schema id.
bool schemaJsonFrom(const json& j, const std::string& name, std::optional<SchemaJson>* out, QString* error)
{
    if (!j.contains(name + "_schema_type"))
        return true;
    const json& id = j.contains(name + "_schema_id") ? j[name + "_schema_id"] : json();
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > std::numeric_limits<int32_t>::max()) {
        *error = QStringLiteral("'%1_schema_type' says the %1 was exported decoded, but '%1_schema_id' is not a schema "
                                "id (a whole number from 0)")
                     .arg(QString::fromStdString(name));
        return false;
    }
    if (!j.contains(name) || j[name].is_null()) {
        *error = QStringLiteral("'%1_schema_type' says the %1 was exported decoded, but there is no %1")
                     .arg(QString::fromStdString(name));
        return false;
    }
    SchemaJson s;
    s.schemaId = id.get<int32_t>();
    s.json = QByteArray::fromStdString(j[name].dump(-1, ' ', false, json::error_handler_t::replace));
    const std::string typeKey = name + "_message_type";
    if (j.contains(typeKey) && j[typeKey].is_string())
        s.messageType = QString::fromStdString(j[typeKey].get<std::string>());
    *out = std::move(s);
    return true;
}

QByteArray csvField(const QByteArray& text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n') && !text.contains('\r'))
        return text;
    QByteArray out = text;
    out.replace('"', "\"\"");
    return '"' + out + '"';
}

QByteArray csvBytes(const QByteArray& bytes, bool isNull)
{
    if (isNull)
        return {};
    return csvField(isValidUtf8(bytes) ? bytes : "base64:" + bytes.toBase64());
}

} // namespace

QByteArray toJsonLine(const QString& topic, const MessageRecord& r, const schemas::DecodedRecord* decoded)
{
    json headers = json::array();
    if (r.headers)
        for (const MessageHeader& h : *r.headers)
            headers.push_back({ { "name", bytesJson(h.name, false) }, { "value", bytesJson(h.value, h.isNull) } });
    json j = { { "topic", topic.toStdString() }, { "partition", r.partition }, { "offset", r.offset },
        { "timestamp", r.timestampMs }, { "key", bytesJson(r.key(), r.keyIsNull()) },
        { "value", bytesJson(r.value(), r.valueIsNull()) }, { "headers", headers } };
    if (r.valueTruncated())
        j["value_size"] = r.valueSize; // the value was cut when it was read; the full size is this
    if (decoded) {
        const auto put = [&j](const char* name, const schemas::DecodedValue& d) {
            if (d.status == schemas::DecodedValue::Status::Plain)
                return;
            const std::string n(name);
            if (d.schemaId >= 0)
                j[n + "_schema_id"] = d.schemaId;
            if (d.decoded()) {
                const QByteArrayView text = d.json();
                j[n] = json::parse(text.begin(), text.end());
                j[n + "_schema_type"] = schemas::schemaTypeName(d.type()).toStdString();
                if (!d.messageType().isEmpty())
                    j[n + "_message_type"] = d.messageType().toStdString();
            } else {
                j[n + "_error"] = d.reason().toStdString();
            }
        };
        put("key", decoded->key);
        put("value", decoded->value);
    }
    return QByteArray::fromStdString(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

QByteArray csvHeader()
{
    return "partition,offset,timestamp,key,value,headers\n";
}

QByteArray toCsvLine(const MessageRecord& r)
{
    json headers = json::array();
    if (r.headers)
        for (const MessageHeader& h : *r.headers)
            headers.push_back({ { "name", bytesJson(h.name, false) }, { "value", bytesJson(h.value, h.isNull) } });
    return QByteArray::number(r.partition) + ',' + QByteArray::number(r.offset) + ','
        + QByteArray::number(r.timestampMs) + ',' + csvBytes(r.key(), r.keyIsNull()) + ','
        + csvBytes(r.value(), r.valueIsNull()) + ','
        + (r.headers ? csvField(QByteArray::fromStdString(headers.dump())) : QByteArray()) + '\n';
}

std::optional<ReplayMessage> parseJsonLine(const QByteArray& line, QString* error)
{
    const JsonCheck check = checkJson(line);
    if (!check.ok) {
        *error = QStringLiteral("not JSON: %1").arg(check.describe());
        return std::nullopt;
    }
    const json j = json::parse(line.constBegin(), line.constEnd());
    if (!j.is_object()) {
        *error = QStringLiteral("a line must be a JSON object");
        return std::nullopt;
    }
    if (!j.contains("value")) {
        *error = QStringLiteral("missing field 'value'");
        return std::nullopt;
    }
    ReplayMessage m;
    if (!schemaJsonFrom(j, "value", &m.valueSchema, error))
        return std::nullopt;
    if (!schemaJsonFrom(j, "key", &m.keySchema, error))
        return std::nullopt;
    if (!m.valueSchema && !bytesFrom(j["value"], &m.value, error, "value"))
        return std::nullopt;
    if (!m.keySchema && j.contains("key") && !bytesFrom(j["key"], &m.key, error, "key"))
        return std::nullopt;
    // Whole numbers in range only: 4294967296 is no partition (it would wrap to 0), and 1.5 is no timestamp.
    auto integerIn = [](const json& v, int64_t lo, int64_t hi, int64_t* out) {
        if (v.is_number_unsigned()) {
            const auto u = v.get<uint64_t>();
            if (u > uint64_t(hi))
                return false;
            *out = int64_t(u);
            return int64_t(u) >= lo;
        }
        if (!v.is_number_integer())
            return false;
        *out = v.get<int64_t>();
        return *out >= lo && *out <= hi;
    };
    int64_t n = 0;
    if (j.contains("partition") && !j["partition"].is_null()) {
        if (!integerIn(j["partition"], 0, std::numeric_limits<int32_t>::max(), &n)) {
            *error = QStringLiteral("'partition' must be a whole number from 0 to %1, not %2")
                         .arg(std::numeric_limits<int32_t>::max())
                         .arg(QString::fromStdString(j["partition"].dump()));
            return std::nullopt;
        }
        m.partition = int32_t(n);
    }
    if (j.contains("timestamp") && !j["timestamp"].is_null()) {
        if (!integerIn(j["timestamp"], -1, std::numeric_limits<int64_t>::max(), &n)) {
            *error = QStringLiteral("'timestamp' must be milliseconds since the epoch (a whole number; -1 for none), "
                                    "not %1")
                         .arg(QString::fromStdString(j["timestamp"].dump()));
            return std::nullopt;
        }
        m.timestampMs = n;
    }
    if (j.contains("headers")) {
        const json& hs = j["headers"];
        if (!hs.is_array()) {
            *error = QStringLiteral("'headers' must be a list of {\"name\": ..., \"value\": ...}");
            return std::nullopt;
        }
        for (const json& h : hs) {
            std::optional<QByteArray> name;
            std::optional<QByteArray> value;
            if (!h.is_object() || !h.contains("name") || !bytesFrom(h["name"], &name, error, "header name") || !name) {
                if (error->isEmpty())
                    *error = QStringLiteral("a header needs a 'name'");
                return std::nullopt;
            }
            if (h.contains("value") && !bytesFrom(h["value"], &value, error, "header value"))
                return std::nullopt;
            m.headers.push_back({ *name, value.value_or(QByteArray()), !value.has_value() });
        }
    }
    return m;
}

ReplayFile readJsonLines(const QString& path)
{
    ReplayFile out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        out.errors.append(QStringLiteral("%1: cannot read: %2").arg(path, f.errorString()));
        return out;
    }
    while (!f.atEnd()) {
        QByteArray line = f.readLine();
        ++out.lines;
        if (line.endsWith('\n'))
            line.chop(1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        QString error;
        if (auto m = parseJsonLine(line, &error)) {
            m->line = out.lines;
            out.messages.append(std::move(*m));
        } else
            out.errors.append(QStringLiteral("%1:%2: %3").arg(path).arg(out.lines).arg(error));
    }
    return out;
}

} // namespace kafkalab
