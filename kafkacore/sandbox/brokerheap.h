#pragma once

// The sandbox broker's heap: its size (a setting, with a default from the machine's memory) and whether the broker
// is short of it (read from the JVM's GC log). Pure logic, no process.

#include <QString>
#include <QStringList>

#include <deque>
#include <optional>

namespace kafkalab::sandbox {

// The machine's physical memory in MB (0 when unknown).
qint64 physicalMemoryMb();

// The default heap of the sandbox broker: an eighth of the machine's memory, at least 512 MB and at most 2 GB, in
// steps of 128 MB. The JVM's own default (a quarter) is too greedy for a broker that shares a laptop with the GUI,
// an IDE and a build; 512 MB is what kafkalab always used (enough for ~10k partitions), and one sandbox broker
// full at ~19k partitions with 512 MB (issue 16) needs about 1 GB at 20k; 2 GB leaves room for more.
int defaultHeapMb(qint64 physicalMb);
inline int defaultHeapMb()
{
    return defaultHeapMb(physicalMemoryMb());
}

constexpr int MinHeapMb = 256;
// "1g", "768m", "1536M", "2G" (a whole number and a unit, m or g): the heap in MB, at least MinHeapMb and at most the
// machine's memory (`physicalMb`, 0: unknown, no upper check but 64 GB); else nothing, with `why` set.
std::optional<int> parseHeapSize(const QString& text, qint64 physicalMb, QString* why);

// Reads the JVM's GC log (-Xlog:gc with uptime decorations, G1) line by line and says when the broker is short of
// heap: a full collection that leaves the heap at least 90% full, two full collections within a minute, or an
// OutOfMemoryError. G1 collects young generations all the time; a full collection means it ran out of room.
class HeapWatch {
public:
    explicit HeapWatch(int heapMb = 0)
        : m_heapMb(heapMb)
    {
    }
    // Feeds one line; returns a warning the first time (and every 5 minutes after) the heap is short.
    std::optional<QString> feed(const QString& line);
    int fullCollections() const { return m_fullCollections; }

private:
    std::optional<QString> warn(double atSec, const QString& what, bool always = false);
    int m_heapMb;
    int m_fullCollections = 0;
    std::deque<double> m_recentFull; // uptimes (s) of full collections in the last minute
    double m_lastWarningSec = -1e9;
};

} // namespace kafkalab::sandbox
