#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace kafkalab {

// "48 65 6c 6c 6f", "48656c6c6f" or "0x48656c6c6f" -> bytes. Whitespace is ignored. On a mistake returns nothing
// and says where ("odd number of hex digits", "'g' at position 3 is not a hex digit").
std::optional<QByteArray> parseHex(const QString& text, QString* error);

} // namespace kafkalab
