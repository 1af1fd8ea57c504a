#pragma once

// Syntax colours for a schema's text: JSON (Avro, JSON Schema: keys, strings, numbers, true/false/null) or .proto
// (keywords, scalar types, strings, numbers, comments). Colours that read on a light and a dark palette.

#include <QSyntaxHighlighter>

namespace kafkalab {

class SchemaHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    enum class Language { Json, Proto };
    SchemaHighlighter(QTextDocument* document, Language language);
    void setLanguage(Language language);
    Language language() const { return m_language; }

protected:
    void highlightBlock(const QString& text) override;

private:
    void highlightJson(const QString& text);
    void highlightProto(const QString& text);

    Language m_language;
};

} // namespace kafkalab
