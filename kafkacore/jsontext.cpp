#include "jsontext.h"

#include <nlohmann/json.hpp>

namespace kafkalab {

QString JsonCheck::describe() const
{
    return ok ? QString() : QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
}

JsonCheck checkJson(const QByteArray& text)
{
    JsonCheck check;
    try {
        const auto parsed = nlohmann::json::parse(text.constBegin(), text.constEnd());
        Q_UNUSED(parsed);
    } catch (const nlohmann::json::parse_error& e) {
        check.ok = false;
        // e.byte is the 1-based position of the byte where parsing failed.
        const qsizetype at = std::min<qsizetype>(qsizetype(e.byte) - 1, text.size());
        check.line = 1;
        qsizetype lineStart = 0;
        for (qsizetype i = 0; i < at; ++i) {
            if (text[i] == '\n') {
                ++check.line;
                lineStart = i + 1;
            }
        }
        check.column = int(at - lineStart) + 1;
        QString what = QString::fromUtf8(e.what());
        // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing ..." -> the
        // part after the position, which is the useful bit.
        const qsizetype colon = what.indexOf(QLatin1String(": "), what.indexOf(QLatin1String("column")));
        check.message = colon > 0 ? what.mid(colon + 2) : what;
    }
    return check;
}

QByteArray prettyJson(const QByteArray& text)
{
    try {
        // ordered_json: the keys stay in the order they were typed (nlohmann::json would sort them).
        return QByteArray::fromStdString(nlohmann::ordered_json::parse(text.constBegin(), text.constEnd()).dump(2));
    } catch (const nlohmann::json::exception&) {
        return text;
    }
}

} // namespace kafkalab
