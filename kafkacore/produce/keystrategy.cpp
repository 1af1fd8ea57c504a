#include "kafkacore/produce/keystrategy.h"

#include <QFile>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace kafkalab {

namespace {
constexpr uint64_t kMaxEntities = 100'000'000;
constexpr double kZipfExponent = 1.0;
} // namespace

std::optional<KeyStrategy> KeyStrategy::parse(const QString& text, QString* error)
{
    const QString kind = text.section(QLatin1Char(':'), 0, 0).trimmed().toLower();
    const bool hasArg = text.contains(QLatin1Char(':'));
    const QString arg = text.section(QLatin1Char(':'), 1);
    KeyStrategy s;
    auto count = [&](Kind k) -> std::optional<KeyStrategy> {
        bool ok = false;
        const qulonglong n = arg.trimmed().toULongLong(&ok);
        if (!hasArg || !ok || n < 1 || n > kMaxEntities) {
            *error
                = QStringLiteral("'%1' needs a number of keys from 1 to %2, as in %1:1000").arg(kind).arg(kMaxEntities);
            return std::nullopt;
        }
        s.kind = k;
        s.k = n;
        return s;
    };
    if (kind == QLatin1String("aggregate"))
        return count(Kind::Aggregate);
    if (kind == QLatin1String("customer"))
        return count(Kind::Customer);
    if (kind == QLatin1String("zipf"))
        return count(Kind::Zipf);
    if (kind == QLatin1String("uuid") || kind == QLatin1String("null")) {
        if (hasArg) {
            *error = QStringLiteral("'%1' takes no argument").arg(kind);
            return std::nullopt;
        }
        s.kind = kind == QLatin1String("uuid") ? Kind::Uuid : Kind::Null;
        return s;
    }
    if (kind == QLatin1String("fixed")) {
        if (!hasArg) {
            *error = QStringLiteral("'fixed' needs the key, as in fixed:order-42");
            return std::nullopt;
        }
        s.kind = Kind::Fixed;
        s.fixedKey = arg;
        return s;
    }
    if (kind == QLatin1String("file")) {
        if (arg.isEmpty()) {
            *error = QStringLiteral("'file' needs a path, as in file:keys.txt");
            return std::nullopt;
        }
        std::optional<std::vector<std::string>> lines = readLines(arg, error);
        if (!lines)
            return std::nullopt;
        s.kind = Kind::File;
        s.filePath = arg;
        s.fileKeys = std::move(*lines);
        if (s.fileKeys.empty()) {
            *error = QStringLiteral("the keys file %1 is empty").arg(arg);
            return std::nullopt;
        }
        return s;
    }
    *error = QStringLiteral("unknown key strategy '%1'; use aggregate:K, customer:K, zipf:K, uuid, null, fixed:KEY or "
                            "file:PATH")
                 .arg(text);
    return std::nullopt;
}

std::optional<std::vector<std::string>> readLines(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the keys file %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    std::vector<std::string> lines;
    while (!f.atEnd()) {
        QByteArray line = f.readLine();
        if (line.endsWith('\n'))
            line.chop(1);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.emplace_back(line.constData(), size_t(line.size()));
    }
    return lines;
}

QString KeyStrategy::describe() const
{
    switch (kind) {
    case Kind::Aggregate:
        return QStringLiteral("aggregate id: order-<i mod %1>").arg(k);
    case Kind::Customer:
        return QStringLiteral("customer id: customer-<n>, n uniform over %1").arg(k);
    case Kind::Zipf:
        return QStringLiteral("customer id: customer-<n>, n Zipf-skewed over %1").arg(k);
    case Kind::Uuid:
        return QStringLiteral("random UUID");
    case Kind::Null:
        return QStringLiteral("null key");
    case Kind::Fixed:
        return QStringLiteral("fixed key '%1'").arg(fixedKey);
    case Kind::File:
        return QStringLiteral("%1 keys from %2").arg(fileKeys.size()).arg(filePath);
    }
    return {};
}

KeyGenerator::KeyGenerator(const KeyStrategy& strategy, uint64_t seed)
    : m_strategy(strategy)
    , m_rng(seed)
    , m_fixed(strategy.fixedKey.toStdString())
{
    if (m_strategy.kind == KeyStrategy::Kind::Zipf) {
        // Cumulative weights 1/n^s, searched with a uniform draw. K is bounded by parse().
        m_zipfCdf.resize(m_strategy.k);
        double sum = 0;
        for (uint64_t n = 0; n < m_strategy.k; ++n) {
            sum += 1.0 / std::pow(double(n + 1), kZipfExponent);
            m_zipfCdf[n] = sum;
        }
        for (double& v : m_zipfCdf)
            v /= sum;
    }
}

void KeyGenerator::appendNumber(std::string& out, const char* prefix, uint64_t n)
{
    out.assign(prefix);
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, res.ptr);
}

bool KeyGenerator::next(uint64_t i, std::string& out)
{
    switch (m_strategy.kind) {
    case KeyStrategy::Kind::Aggregate:
        appendNumber(out, "order-", i % m_strategy.k);
        return true;
    case KeyStrategy::Kind::Customer:
        appendNumber(out, "customer-", m_rng() % m_strategy.k);
        return true;
    case KeyStrategy::Kind::Zipf: {
        const double u = double(m_rng() >> 11) * (1.0 / 9007199254740992.0);
        const auto it = std::lower_bound(m_zipfCdf.begin(), m_zipfCdf.end(), u);
        appendNumber(
            out, "customer-", uint64_t(std::min<ptrdiff_t>(it - m_zipfCdf.begin(), ptrdiff_t(m_strategy.k - 1))));
        return true;
    }
    case KeyStrategy::Kind::Uuid:
        out.clear();
        appendUuid(m_rng, out);
        return true;
    case KeyStrategy::Kind::Null:
        out.clear();
        return false;
    case KeyStrategy::Kind::Fixed:
        out = m_fixed;
        return true;
    case KeyStrategy::Kind::File:
        out = m_strategy.fileKeys[i % m_strategy.fileKeys.size()];
        return true;
    }
    return false;
}

void appendUuid(std::mt19937_64& rng, std::string& out)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t hi = rng();
    uint64_t lo = rng();
    hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL; // version 4
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; // variant 10
    char buf[36];
    int pos = 0;
    for (int b = 0; b < 16; ++b) {
        if (b == 4 || b == 6 || b == 8 || b == 10)
            buf[pos++] = '-';
        const uint64_t word = b < 8 ? hi : lo;
        const auto byte = unsigned((word >> (8 * (7 - (b % 8)))) & 0xff);
        buf[pos++] = hex[byte >> 4];
        buf[pos++] = hex[byte & 0xf];
    }
    out.append(buf, sizeof buf);
}

} // namespace kafkalab
