#pragma once

#include <QByteArray>
#include <QString>

namespace kafkalab {

struct JsonCheck {
    bool ok = true;
    int line = 0; // 1-based, where the parser gave up
    int column = 0;
    QString message;
    QString describe() const; // "line 3, column 14: ..."
};

JsonCheck checkJson(const QByteArray& text);
// Indented with 2 spaces; the input unchanged if it is not JSON.
QByteArray prettyJson(const QByteArray& text);

} // namespace kafkalab
