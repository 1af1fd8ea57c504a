#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace kafkalab {

// The value of each generated message: a JSON template with placeholders ({{i}}, {{key}}, {{uuid}}, {{ts}}), a
// fixed text, or a fixed size of random bytes.
class ValueTemplate {
public:
    // Checks that every rendering is valid JSON; `error` says where it is not ("line 2, column 7: ...").
    static std::optional<ValueTemplate> json(const QString& text, QString* error);
    static ValueTemplate text(const QByteArray& bytes); // placeholders are filled in, no JSON check
    static ValueTemplate randomBytes(size_t size);

    // The value of message i. The view stays valid until the next call.
    std::string_view render(uint64_t i, std::string_view key, bool nullKey, std::mt19937_64& rng);
    bool isRandomBytes() const { return m_randomSize > 0; }
    // Values through a schema (produce --value-subject): every rendering is passed through `encoder` (JSON in,
    // wire-format bytes out). A rendering it refuses makes render() return an empty view and sets error().
    using Encoder = std::function<std::optional<QByteArray>(const QByteArray& json, QString* error)>;
    void setEncoder(Encoder encoder) { m_encoder = std::move(encoder); }
    const QString& error() const { return m_error; }

private:
    struct Part {
        enum Kind { Literal, Index, Key, Uuid, Timestamp } kind;
        std::string literal;
    };
    static std::vector<Part> split(const std::string& text);

    std::vector<Part> m_parts;
    std::string m_out;
    Encoder m_encoder;
    QByteArray m_encoded;
    QString m_error;
    size_t m_randomSize = 0;
    std::string m_randomPool;
};

} // namespace kafkalab
