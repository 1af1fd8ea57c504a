#include "kafkacore/common/bytesinput.h"

namespace kafkalab {

std::optional<QByteArray> parseHex(const QString& text, QString* error)
{
    QString digits;
    QString t = text.trimmed();
    if (t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
        t = t.mid(2);
    for (qsizetype i = 0; i < t.size(); ++i) {
        const QChar c = t[i];
        if (c.isSpace())
            continue;
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
                || (c >= QLatin1Char('A') && c <= QLatin1Char('F')))) {
            *error = QStringLiteral("'%1' at position %2 is not a hex digit").arg(c).arg(i + 1);
            return std::nullopt;
        }
        digits += c;
    }
    if (digits.size() % 2) {
        *error = QStringLiteral("odd number of hex digits (%1): each byte takes two").arg(digits.size());
        return std::nullopt;
    }
    return QByteArray::fromHex(digits.toLatin1());
}

} // namespace kafkalab
