#include "kafkacore/produce/valuetemplate.h"

#include "kafkacore/common/jsontext.h"
#include "kafkacore/produce/keystrategy.h"

#include <QDateTime>

#include <charconv>

namespace kafkalab {

std::vector<ValueTemplate::Part> ValueTemplate::split(const std::string& text)
{
    static const std::pair<const char*, Part::Kind> names[] = { { "{{i}}", Part::Index }, { "{{key}}", Part::Key },
        { "{{uuid}}", Part::Uuid }, { "{{ts}}", Part::Timestamp } };
    std::vector<Part> parts;
    std::string literal;
    size_t pos = 0;
    while (pos < text.size()) {
        bool matched = false;
        if (text[pos] == '{') {
            for (const auto& [name, kind] : names) {
                if (text.compare(pos, std::char_traits<char>::length(name), name) == 0) {
                    if (!literal.empty())
                        parts.push_back({ Part::Literal, std::move(literal) });
                    literal.clear();
                    parts.push_back({ kind, {} });
                    pos += std::char_traits<char>::length(name);
                    matched = true;
                    break;
                }
            }
        }
        if (!matched)
            literal += text[pos++];
    }
    if (!literal.empty())
        parts.push_back({ Part::Literal, std::move(literal) });
    return parts;
}

std::optional<ValueTemplate> ValueTemplate::json(const QString& text, QString* error)
{
    // Each placeholder is swapped for a stand-in of the same length, so that the parser's line and column point
    // into the template as typed: numbers for {{i}} and {{ts}}, letters for {{key}} and {{uuid}}, which are
    // string contents (a key is JSON-escaped when it is put in).
    QString probe = text;
    probe.replace(QLatin1String("{{i}}"), QLatin1String("10000"));
    probe.replace(QLatin1String("{{ts}}"), QLatin1String("100000"));
    probe.replace(QLatin1String("{{key}}"), QLatin1String("keykeyk"));
    probe.replace(QLatin1String("{{uuid}}"), QLatin1String("uuidxxxx"));
    const JsonCheck check = checkJson(probe.toUtf8());
    if (!check.ok) {
        *error = QStringLiteral("the value template is not valid JSON at %1").arg(check.describe());
        return std::nullopt;
    }
    ValueTemplate t;
    t.m_parts = split(text.toStdString());
    return t;
}

ValueTemplate ValueTemplate::text(const QByteArray& bytes)
{
    ValueTemplate t;
    t.m_parts = split(bytes.toStdString());
    return t;
}

ValueTemplate ValueTemplate::randomBytes(size_t size)
{
    ValueTemplate t;
    t.m_randomSize = size;
    // One pool of random bytes, read through a moving window: no random numbers on the hot path.
    std::mt19937_64 rng(std::random_device {}());
    t.m_randomPool.resize(std::max<size_t>(size * 2, 1 << 20));
    for (char& c : t.m_randomPool)
        c = char(rng() & 0xff);
    return t;
}

static void appendJsonEscaped(std::string& out, std::string_view s)
{
    static const char hex[] = "0123456789abcdef";
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xf];
        } else {
            out += c;
        }
    }
}

std::string_view ValueTemplate::render(uint64_t i, std::string_view key, bool nullKey, std::mt19937_64& rng)
{
    if (m_randomSize > 0) {
        const auto offset = size_t((i * 7919) % (m_randomPool.size() - m_randomSize + 1));
        return std::string_view(m_randomPool).substr(offset, m_randomSize);
    }
    m_out.clear();
    char buf[24];
    for (const Part& p : m_parts) {
        switch (p.kind) {
        case Part::Literal:
            m_out += p.literal;
            break;
        case Part::Index:
            m_out.append(buf, std::to_chars(buf, buf + sizeof buf, i).ptr);
            break;
        case Part::Key:
            if (!nullKey)
                appendJsonEscaped(m_out, key);
            break;
        case Part::Uuid:
            appendUuid(rng, m_out);
            break;
        case Part::Timestamp:
            m_out.append(buf, std::to_chars(buf, buf + sizeof buf, QDateTime::currentMSecsSinceEpoch()).ptr);
            break;
        }
    }
    if (!m_encoder)
        return m_out;
    auto encoded = m_encoder(QByteArray::fromRawData(m_out.data(), qsizetype(m_out.size())), &m_error);
    if (!encoded)
        return {};
    m_error.clear();
    m_encoded = std::move(*encoded);
    return std::string_view(m_encoded.constData(), size_t(m_encoded.size()));
}

} // namespace kafkalab
