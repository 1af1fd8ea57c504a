#include "kafkacore/common/jsontext.h"

#include <nlohmann/json.hpp>

#include <algorithm>

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

} // namespace

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
