#pragma once

#include <QList>
#include <QString>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kafkalab {

// How evenly messages spread over partitions.
struct DistributionStats {
    int64_t total = 0;
    int64_t min = 0;
    int64_t max = 0;
    double mean = 0;
    double skew = 0; // max / mean: 1.0 is perfectly even
    double cv = 0; // coefficient of variation: standard deviation / mean
    double chiSquare = 0; // against a uniform spread
    int degreesOfFreedom = 0;
    double pValue = 1; // chance of a spread at least this uneven if keys were uniform
};

DistributionStats computeStats(const std::vector<int64_t>& perPartition);

// Upper tail of the chi-square distribution: P(X >= x) for `df` degrees of freedom.
double chiSquarePValue(double x, int df);

// Which keys went to which partition. Counts every key until `maxKeys` distinct keys are known; after that, new
// keys are only counted as untracked (a UUID run would otherwise hold every key in memory).
class KeyTally {
public:
    explicit KeyTally(size_t maxKeys = 200000)
        : m_maxKeys(maxKeys)
    {
    }
    void add(int32_t partition, std::string_view key);
    void addNull(int32_t partition);

    struct KeyCount {
        QString key;
        int64_t count = 0;
    };
    QList<KeyCount> topKeys(int32_t partition, int n) const;
    int64_t distinctKeys(int32_t partition) const; // tracked ones
    int64_t nullKeys(int32_t partition) const;
    int64_t untracked() const { return m_untracked; }
    bool capped() const { return m_untracked > 0; }
    std::vector<int32_t> partitions() const;

private:
    // Lets find() take a string_view, so that counting a known key allocates nothing.
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view> {}(s); }
    };
    struct Slot {
        std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> counts;
        int64_t nullKeys = 0;
    };
    Slot& slot(int32_t partition);
    size_t m_maxKeys;
    size_t m_known = 0;
    int64_t m_untracked = 0;
    std::vector<Slot> m_slots;
};

} // namespace kafkalab
