#include "kafkacore/common/jsontext.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace kafkalab {

namespace {

// Sets check.line and check.column (1-based) for the byte at index `at`.
void locate(const QByteArray& text, qsizetype at, JsonCheck& check)
{
    at = std::clamp<qsizetype>(at, 0, text.size());
    check.line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++check.line;
            lineStart = i + 1;
        }
    }
    check.column = int(at - lineStart) + 1;
}

// Walks a valid JSON text without building it (nothing recurses: any depth is fine).
class JsonWalker {
public:
    explicit JsonWalker(const QByteArray& text)
        : m_s(text.constData())
        , m_n(text.size())
    {
    }
    qsizetype at() const { return m_i; }
    char peek()
    {
        skipSpace();
        return m_i < m_n ? m_s[m_i] : '\0';
    }
    void expect(char c)
    {
        if (peek() == c)
            ++m_i;
    }
    // At '"': the string's text, escapes decoded (through the JSON parser, which knows them all).
    QString readString()
    {
        const qsizetype start = m_i;
        skipString();
        try {
            return QString::fromStdString(nlohmann::json::parse(m_s + start, m_s + m_i).get<std::string>());
        } catch (const nlohmann::json::exception&) {
            return {};
        }
    }
    // Past the value that starts here (a string, a number or literal, an object or an array with all it holds).
    void skipValue()
    {
        int depth = 0;
        do {
            const char c = peek();
            if (c == '"') {
                skipString();
            } else if (c == '{' || c == '[') {
                ++depth;
                ++m_i;
            } else if (c == '}' || c == ']') {
                --depth;
                ++m_i;
            } else if (c == ',' || c == ':') {
                ++m_i;
            } else {
                const qsizetype start = m_i;
                while (m_i < m_n && m_s[m_i] != '\0' && !std::strchr(",:]} \t\r\n", m_s[m_i]))
                    ++m_i;
                m_i += m_i == start ? 1 : 0; // never stuck on a byte no valid JSON has here
            }
        } while (depth > 0 && m_i < m_n);
    }

private:
    void skipSpace()
    {
        while (m_i < m_n && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\r' || m_s[m_i] == '\n'))
            ++m_i;
    }
    void skipString()
    {
        for (++m_i; m_i < m_n && m_s[m_i] != '"'; ++m_i)
            if (m_s[m_i] == '\\')
                ++m_i;
        ++m_i; // the closing quote
    }

    const char* m_s;
    qsizetype m_n;
    qsizetype m_i = 0;
};

// Steps from the value at the walker's place into its member or element `step`; false (the walker anywhere) when
// there is none.
bool stepInto(JsonWalker& w, const QString& step)
{
    const char open = w.peek();
    if (open == '{') {
        w.expect('{');
        while (w.peek() == '"') {
            const QString key = w.readString();
            w.expect(':');
            if (key == step) {
                w.peek(); // to the value's first character
                return true;
            }
            w.skipValue();
            w.expect(',');
        }
        return false;
    }
    if (open == '[') {
        bool number = false;
        const int index = step.toInt(&number);
        if (!number || index < 0)
            return false;
        w.expect('[');
        for (int k = 0; k < index; ++k) {
            if (w.peek() == ']')
                return false;
            w.skipValue();
            w.expect(',');
        }
        return w.peek() != ']';
    }
    return false;
}

} // namespace

JsonPosition locateJsonPath(const QByteArray& text, const QStringList& path)
{
    if (!checkJson(text).ok)
        return {};
    JsonWalker w(text);
    w.peek();
    qsizetype found = w.at();
    for (const QString& step : path) {
        JsonWalker probe = w;
        if (!stepInto(probe, step))
            break;
        w = probe;
        found = w.at();
    }
    JsonPosition pos { 1, 1 };
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < found; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            lineStart = i + 1;
        }
    }
    // Characters, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start one.
    for (qsizetype i = lineStart; i < found; ++i)
        if ((uchar(text[i]) & 0xC0) != 0x80)
            ++pos.column;
    return pos;
}

QString jsonTooDeepReason()
{
    return QStringLiteral("nested deeper than %1 levels").arg(kMaxJsonDepth);
}

qsizetype jsonDepthExceededAt(QByteArrayView text)
{
    const char* s = text.data();
    const qsizetype n = text.size();
    int depth = 0;
    for (qsizetype i = 0; i < n; ++i) {
        switch (s[i]) {
        case '"': // skip the string, escapes included; an unterminated one is the parser's business
            for (++i; i < n && s[i] != '"'; ++i)
                if (s[i] == '\\')
                    ++i;
            break;
        case '[':
        case '{':
            if (++depth > kMaxJsonDepth)
                return i;
            break;
        case ']':
        case '}':
            if (depth > 0)
                --depth;
            break;
        default:
            break;
        }
    }
    return -1;
}

QString JsonCheck::describe() const
{
    return ok ? QString() : QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
}

JsonCheck checkJson(const QByteArray& text)
{
    JsonCheck check;
    if (const qsizetype deep = jsonDepthExceededAt(text); deep >= 0) {
        check.ok = false;
        locate(text, deep, check);
        check.message = jsonTooDeepReason();
        return check;
    }
    try {
        const auto parsed = nlohmann::json::parse(text.constBegin(), text.constEnd());
        Q_UNUSED(parsed);
    } catch (const nlohmann::json::parse_error& e) {
        check.ok = false;
        // e.byte is the 1-based position of the byte where parsing failed.
        locate(text, qsizetype(e.byte) - 1, check);
        QString what = QString::fromUtf8(e.what());
        // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing ..." -> the
        // part after the position, which is the useful bit.
        const qsizetype colon = what.indexOf(QLatin1String(": "), what.indexOf(QLatin1String("column")));
        check.message = colon > 0 ? what.mid(colon + 2) : what;
    } catch (const nlohmann::json::exception& e) {
        // Not a syntax error but a value the parser cannot hold: "[json.exception.out_of_range.406] number overflow
        // parsing '1e400'" (found by the JSON Lines fuzz target). Point at the number.
        check.ok = false;
        const QString what = QString::fromUtf8(e.what());
        const qsizetype open = what.indexOf(QLatin1Char('\''));
        const qsizetype close = what.lastIndexOf(QLatin1Char('\''));
        const QByteArray number
            = open >= 0 && close > open ? what.mid(open + 1, close - open - 1).toUtf8() : QByteArray();
        locate(text, number.isEmpty() ? 0 : text.indexOf(number), check);
        const qsizetype bracket = what.indexOf(QLatin1String("] "));
        check.message = bracket > 0 ? what.mid(bracket + 2) : what;
    }
    return check;
}

QByteArray prettyJson(const QByteArray& text)
{
    if (jsonDepthExceededAt(text) >= 0)
        return text; // dump() would recurse once per level
    try {
        // ordered_json: the keys stay in the order they were typed (nlohmann::json would sort them).
        return QByteArray::fromStdString(nlohmann::ordered_json::parse(text.constBegin(), text.constEnd()).dump(2));
    } catch (const nlohmann::json::exception&) {
        return text;
    }
}

} // namespace kafkalab
