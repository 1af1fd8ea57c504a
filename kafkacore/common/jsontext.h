#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace kafkalab {

// JSON from a topic can nest arrays and objects arbitrarily deep (a 120 KB message nests 60,000 levels), and
// nlohmann_json's dump(), copy and comparison recurse once per level: such a document would overflow the stack.
// kafkalab treats anything nested deeper than this as not JSON (text), with the reason jsonTooDeepReason().
constexpr int kMaxJsonDepth = 512;
QString jsonTooDeepReason(); // "nested deeper than 512 levels"

// A cheap scan (no parsing, strings skipped): the index of the '[' or '{' that opens level kMaxJsonDepth + 1, or -1
// when `text` nests no deeper than kMaxJsonDepth. Check this before handing text from outside to a JSON parser.
qsizetype jsonDepthExceededAt(QByteArrayView text);

struct JsonCheck {
    bool ok = true;
    int line = 0; // 1-based, where the parser gave up
    int column = 0;
    QString message;
    QString describe() const; // "line 3, column 14: ..."
};

// Text nested deeper than kMaxJsonDepth is not JSON: "line 1, column 513: nested deeper than 512 levels".
JsonCheck checkJson(const QByteArray& text);
// Where a value lies in a JSON text: the line and column (1-based; the column counts characters, not bytes) of the
// first character of the value at `path` — object keys and array indices from the top, {"steps", "2", "ms"} for
// the "ms" of the third step. Where the path leads nowhere (a missing key, an index past the end, a step into a
// number), the place of the last value on the path that exists: a missing field is reported at its object. The
// text must be valid JSON (checkJson first); {0, 0} when it is not.
struct JsonPosition {
    int line = 0;
    int column = 0;
};
JsonPosition locateJsonPath(const QByteArray& text, const QStringList& path);

// Indented with 2 spaces; the input unchanged if it is not JSON (or nested too deep).
QByteArray prettyJson(const QByteArray& text);

} // namespace kafkalab
