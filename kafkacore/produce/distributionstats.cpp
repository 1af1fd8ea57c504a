#include "kafkacore/produce/distributionstats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kafkalab {

DistributionStats computeStats(const std::vector<int64_t>& counts)
{
    DistributionStats s;
    if (counts.empty())
        return s;
    s.min = *std::min_element(counts.begin(), counts.end());
    s.max = *std::max_element(counts.begin(), counts.end());
    for (int64_t c : counts)
        s.total += c;
    s.mean = double(s.total) / double(counts.size());
    s.degreesOfFreedom = int(counts.size()) - 1;
    if (s.total == 0)
        return s;
    double variance = 0;
    for (int64_t c : counts) {
        const double d = double(c) - s.mean;
        variance += d * d;
    }
    variance /= double(counts.size());
    s.skew = double(s.max) / s.mean;
    s.cv = std::sqrt(variance) / s.mean;
    // Expected count per partition is the mean, so chi-square = sum (c - mean)^2 / mean.
    s.chiSquare = variance * double(counts.size()) / s.mean;
    s.pValue = s.degreesOfFreedom > 0 ? chiSquarePValue(s.chiSquare, s.degreesOfFreedom) : 1.0;
    return s;
}

// Regularized upper incomplete gamma Q(a, x): the series for x < a + 1, Lentz's continued fraction beyond.
static double gammaQ(double a, double x)
{
    if (x <= 0)
        return 1.0;
    int sign = 0; // lgamma_r: std::lgamma writes the global signgam (not thread-safe)
    const double lnPrefix = -x + a * std::log(x) - ::lgamma_r(a, &sign);
    constexpr double eps = 1e-15;
    if (x < a + 1) {
        double sum = 1.0 / a;
        double term = sum;
        for (int n = 1; n < 10000; ++n) {
            term *= x / (a + n);
            sum += term;
            if (std::fabs(term) < std::fabs(sum) * eps)
                break;
        }
        return std::max(0.0, 1.0 - sum * std::exp(lnPrefix));
    }
    constexpr double tiny = std::numeric_limits<double>::min() / eps;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10000; ++i) {
        const double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (std::fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (std::fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1) < eps)
            break;
    }
    return std::exp(lnPrefix) * h;
}

double chiSquarePValue(double x, int df)
{
    if (df <= 0)
        return 1.0;
    return gammaQ(df / 2.0, x / 2.0);
}

KeyTally::Slot& KeyTally::slot(int32_t partition)
{
    if (partition < 0)
        partition = 0;
    if (size_t(partition) >= m_slots.size())
        m_slots.resize(size_t(partition) + 1);
    return m_slots[size_t(partition)];
}

void KeyTally::add(int32_t partition, std::string_view key)
{
    Slot& s = slot(partition);
    auto it = s.counts.find(key);
    if (it != s.counts.end()) {
        ++it->second;
        return;
    }
    if (m_known >= m_maxKeys) {
        ++m_untracked;
        return;
    }
    s.counts.emplace(std::string(key), 1);
    ++m_known;
}

void KeyTally::addNull(int32_t partition)
{
    ++slot(partition).nullKeys;
}

QList<KeyTally::KeyCount> KeyTally::topKeys(int32_t partition, int n) const
{
    QList<KeyCount> out;
    if (partition < 0 || size_t(partition) >= m_slots.size())
        return out;
    std::vector<std::pair<const std::string*, int64_t>> all;
    all.reserve(m_slots[size_t(partition)].counts.size());
    for (const auto& [k, c] : m_slots[size_t(partition)].counts)
        all.emplace_back(&k, c);
    const size_t take = std::min<size_t>(size_t(std::max(0, n)), all.size());
    std::partial_sort(all.begin(), all.begin() + long(take), all.end(),
        [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : *a.first < *b.first; });
    for (size_t i = 0; i < take; ++i)
        out.append({ QString::fromUtf8(all[i].first->data(), qsizetype(all[i].first->size())), all[i].second });
    return out;
}

int64_t KeyTally::distinctKeys(int32_t partition) const
{
    return (partition >= 0 && size_t(partition) < m_slots.size()) ? int64_t(m_slots[size_t(partition)].counts.size())
                                                                  : 0;
}

int64_t KeyTally::nullKeys(int32_t partition) const
{
    return (partition >= 0 && size_t(partition) < m_slots.size()) ? m_slots[size_t(partition)].nullKeys : 0;
}

std::vector<int32_t> KeyTally::partitions() const
{
    std::vector<int32_t> out;
    for (size_t i = 0; i < m_slots.size(); ++i)
        out.push_back(int32_t(i));
    return out;
}

} // namespace kafkalab
