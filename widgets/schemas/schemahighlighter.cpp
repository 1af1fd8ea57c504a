#include "widgets/schemas/schemahighlighter.h"

#include <QRegularExpression>
#include <QTextCharFormat>

namespace kafkalab {

namespace {

QTextCharFormat colour(const QColor& c, bool bold = false)
{
    QTextCharFormat f;
    f.setForeground(c);
    if (bold)
        f.setFontWeight(QFont::Bold);
    return f;
}

// Mid-tones that read on white and on a dark grey.
const QColor kKey(0x3b, 0x82, 0xc4);
const QColor kString(0x2e, 0x9a, 0x4a);
const QColor kNumber(0xc0, 0x6a, 0x1a);
const QColor kKeyword(0xa2, 0x4d, 0xc2);
const QColor kComment(0x86, 0x86, 0x86);

} // namespace

SchemaHighlighter::SchemaHighlighter(QTextDocument* document, Language language)
    : QSyntaxHighlighter(document)
    , m_language(language)
{
}

void SchemaHighlighter::setLanguage(Language language)
{
    if (language == m_language)
        return;
    m_language = language;
    rehighlight();
}

void SchemaHighlighter::highlightBlock(const QString& text)
{
    if (m_language == Language::Json)
        highlightJson(text);
    else
        highlightProto(text);
}

void SchemaHighlighter::highlightJson(const QString& text)
{
    // Strings (a key when a colon follows), then numbers and literals outside strings.
    static const QRegularExpression string(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"(\\s*:)?"));
    static const QRegularExpression literal(
        QStringLiteral("\\b(?:true|false|null)\\b|-?\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b"));
    for (auto it = literal.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()),
            colour(m.captured().at(0).isLetter() ? kKeyword : kNumber));
    }
    for (auto it = string.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const bool key = !m.captured(1).isEmpty();
        setFormat(
            int(m.capturedStart()), int(m.capturedLength() - m.capturedLength(1)), colour(key ? kKey : kString, key));
    }
}

void SchemaHighlighter::highlightProto(const QString& text)
{
    static const QRegularExpression keyword(QStringLiteral(
        "\\b(?:syntax|package|import|public|weak|option|message|enum|oneof|map|repeated|optional|required|reserved|"
        "extensions|extend|service|rpc|returns|stream|to|max)\\b"));
    static const QRegularExpression scalar(QStringLiteral(
        "\\b(?:double|float|int32|int64|uint32|uint64|sint32|sint64|fixed32|fixed64|sfixed32|sfixed64|bool|string|"
        "bytes)\\b"));
    static const QRegularExpression number(QStringLiteral("\\b\\d+\\b"));
    static const QRegularExpression string(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'"));
    for (auto it = number.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), colour(kNumber));
    }
    for (auto it = scalar.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), colour(kKey));
    }
    for (auto it = keyword.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), colour(kKeyword, true));
    }
    for (auto it = string.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), colour(kString));
    }
    // A // comment to the end of the line (not inside a string), and /* */ on one line.
    bool inString = false;
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == QLatin1Char('"'))
            inString = !inString;
        if (!inString && text[i] == QLatin1Char('/') && text[i + 1] == QLatin1Char('/')) {
            setFormat(i, int(text.size()) - i, colour(kComment));
            break;
        }
    }
}

} // namespace kafkalab
