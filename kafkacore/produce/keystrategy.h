#pragma once

// The key strategies of the publishing lessons: aggregate id (all events of one entity on one partition),
// customer id (uniform or Zipf-skewed), random UUID (spread, no order), null key, one hot key, or keys from a file.

#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace kafkalab {

struct KeyStrategy {
    enum class Kind { Aggregate, Customer, Zipf, Uuid, Null, Fixed, File } kind = Kind::Aggregate;
    uint64_t k = 1000; // entities for aggregate, customer, zipf
    QString fixedKey;
    QString filePath;
    std::vector<std::string> fileKeys; // loaded by parse()

    // "aggregate:K", "customer:K", "zipf:K", "uuid", "null", "fixed:KEY", "file:PATH". On failure returns nothing
    // and sets `error` to a sentence that names the mistake.
    static std::optional<KeyStrategy> parse(const QString& text, QString* error);
    QString describe() const;
};

// The lines of a file, without their line ends ("\n" or "\r\n"); nothing, with `error` set, if it cannot be read.
std::optional<std::vector<std::string>> readLines(const QString& path, QString* error);

// Makes the i-th key of a run; reuses its buffer so that the hot path does not allocate.
class KeyGenerator {
public:
    explicit KeyGenerator(const KeyStrategy& strategy, uint64_t seed = std::random_device {}());
    // Writes the key for message i into `out`; returns false for a null key.
    bool next(uint64_t i, std::string& out);

private:
    void appendNumber(std::string& out, const char* prefix, uint64_t n);
    KeyStrategy m_strategy;
    std::mt19937_64 m_rng;
    std::vector<double> m_zipfCdf;
    std::string m_fixed;
};

// A version 4 UUID, e.g. 1b4e28ba-2fa1-41d2-883f-0016d3cca427.
void appendUuid(std::mt19937_64& rng, std::string& out);

} // namespace kafkalab
