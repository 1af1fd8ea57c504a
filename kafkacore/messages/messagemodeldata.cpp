#include "kafkacore/messages/messagemodel.h"

#include <QDateTime>

// The message table's cells: display text, tooltips and sort keys (messagemodel.cpp keeps the chunks, the view,
// sorting and filtering).

namespace kafkalab {

QString MessageModel::displayText(const QByteArray& bytes, int maxChars)
{
    // Text shows as text (with the odd invalid byte escaped). Binary data — a value whose bytes are mostly not text,
    // such as random bytes or a serialized record — shows every byte outside ASCII escaped: decoding it would show
    // the scattered sequences that happen to be valid UTF-8 as characters of random scripts, which is unreadable
    // and makes every repaint look for fallback fonts (hundreds of milliseconds on the GUI thread).
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    auto render = [&](bool binary, qsizetype* escapes) {
        QString out;
        out.reserve(int(std::min<qsizetype>(n, maxChars) + 8));
        qsizetype i = 0;
        for (; i < n && out.size() < maxChars;) {
            const unsigned char c = s[i];
            if (c >= 0x20 && c < 0x7F) {
                out.append(QLatin1Char(char(c)));
                ++i;
                continue;
            }
            if (c < 0x80) {
                if (c == '\n')
                    out.append(QLatin1String("\\n"));
                else if (c == '\t')
                    out.append(QLatin1String("\\t"));
                else {
                    out.append(QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0')));
                    ++*escapes;
                }
                ++i;
                continue;
            }
            // A multi-byte sequence: shown as text when it is valid UTF-8, else its first byte escaped.
            const int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
            bool ok = !binary && len > 1 && i + len <= n;
            for (int k = 1; ok && k < len; ++k)
                ok = (s[i + k] & 0xC0) == 0x80;
            if (ok) {
                const QString part = QString::fromUtf8(bytes.constData() + i, len);
                ok = !part.contains(QChar::ReplacementCharacter);
                if (ok) {
                    out.append(part);
                    i += len;
                    continue;
                }
            }
            out.append(QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0')));
            ++*escapes;
            ++i;
        }
        if (out.size() >= maxChars && n > i)
            out.append(QChar(0x2026));
        return std::make_pair(out, i);
    };
    qsizetype escapes = 0;
    auto [text, consumed] = render(false, &escapes);
    if (escapes > std::max<qsizetype>(1, consumed / 32)) { // more than one byte in 32 is not text: binary
        qsizetype ignored = 0;
        return render(true, &ignored).first;
    }
    return text;
}

QString describeSchema(const schemas::DecodedValue& v)
{
    QString s = QStringLiteral("schema id %1").arg(v.schemaId);
    if (!v.subject().isEmpty())
        s += QStringLiteral(", subject %1").arg(v.subject());
    if (v.version() > 0)
        s += QStringLiteral(" version %1").arg(v.version());
    s += QStringLiteral(", ") + schemas::schemaTypeName(v.type());
    if (!v.messageType().isEmpty())
        s += QStringLiteral(" (%1)").arg(v.messageType());
    return s;
}

QVariant MessageModel::bytesData(const MessageRecord& r, const schemas::DecodedValue* d, bool key, int role) const
{
    const bool tip = role == Qt::ToolTipRole;
    if (key ? r.keyIsNull() : r.valueIsNull())
        return key ? QStringLiteral("(null)") : QStringLiteral("(null: tombstone)");
    const int maxChars = tip ? 2000 : key ? 100 : 200;
    if (d && d->decoded() && m_showDecoded) {
        QString json = QString::fromUtf8(d->json());
        if (json.size() > maxChars) {
            json.truncate(maxChars);
            json.append(QChar(0x2026));
        }
        return tip ? describeSchema(*d) + QLatin1Char('\n') + json : json;
    }
    if (d && d->failed()) {
        // Marked, with the bytes; the reason as tooltip.
        if (tip)
            return tr("Not decoded: %1").arg(d->reason());
        return QChar(0x26A0) + QLatin1Char(' ') + displayText(key ? r.key() : r.value(), maxChars);
    }
    return displayText(key ? r.key() : r.value(), maxChars);
}

QVariant MessageModel::data(const QModelIndex& index, int role) const
{
    const MessageRecord* r = record(index.row());
    if (!r || (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole))
        return {};
    switch (index.column()) {
    case Partition:
        return r->partition;
    case Offset:
        return qint64(r->offset);
    case Timestamp: {
        if (role == SortRole)
            return qint64(r->timestampMs);
        if (r->timestampMs < 0)
            return QString();
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(r->timestampMs);
        return role == Qt::ToolTipRole ? t.toUTC().toString(Qt::ISODateWithMs)
                                       : t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    }
    case Key:
    case Value: {
        const schemas::DecodedRecord* d = decoded(index.row());
        const bool key = index.column() == Key;
        return bytesData(*r, d ? (key ? &d->key : &d->value) : nullptr, key, role);
    }
    case Headers:
        return r->headerCount();
    case Size:
        return qint64(r->size());
    }
    return {};
}

QVariant MessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const names[] = { "Partition", "Offset", "Timestamp", "Key", "Value", "Headers", "Size" };
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace kafkalab
