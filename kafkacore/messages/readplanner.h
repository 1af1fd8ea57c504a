#pragma once

// The message browser's read planner: pure functions from a request and what the cluster said (the topic's
// partitions, each partition's watermarks, the offsets for a time) to a per-partition plan (where to start, where
// to stop). No librdkafka here: BrowserWorker asks the cluster, then executes the plan (browserworker.cpp).

#include "kafkacore/messages/browserworker.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace kafkalab {

struct Watermarks {
    int64_t low = 0; // the first offset still held
    int64_t high = 0; // the end: the next offset to be written (the LSO under read_committed)
};

struct ReadPlan {
    QString error; // the request cannot be planned (the read fails with this)
    QList<PartitionProgress> partitions; // start, end, next (= start) and done (nothing to read) per partition
    bool untilEnd = true; // each partition is done at its end as it was when the watermarks were read
    // Newest N: each partition's start is found by counting back from its end (NewestCountBack), then set.
    bool countBack = false;
    QStringList notes; // said to the user with the read's status
};

// The partitions a request reads: all of the topic's (sorted) or the ones it names; nothing and `error` set when
// it names one the topic does not have.
std::optional<QList<int32_t>> choosePartitions(
    const ReadRequest& request, const QList<int32_t>& topicPartitions, QString* error);

// Plans a read of `partitions` (from choosePartitions). `marks` holds each partition's watermarks; a partition
// without any (added after they were read) is left out of the read with a note. `timeOffsets` (Start::Timestamp
// only) holds each partition's first offset at or after the time, or a negative value when there is none.
ReadPlan planRead(const ReadRequest& request, const QList<int32_t>& partitions, const QHash<int32_t, Watermarks>& marks,
    const QHash<int32_t, int64_t>& timeOffsets = {});

// Newest N of one partition. Offsets are not messages (transaction markers, aborted records under read_committed
// and compacted-away records leave gaps), so the offset of the N-th newest message is found by reading backwards
// in windows: [end - N, end), then windows before it (twice the remaining need, and at least twice the last window,
// each time), until N messages are counted or the partition's start is reached.
class NewestCountBack {
public:
    NewestCountBack(int64_t low, int64_t end, int64_t n);

    bool settled() const { return m_settled; }
    int64_t start() const { return m_start; } // once settled: the first offset to read
    // The window to read next (when not settled): the messages at offsets in [windowStart, windowEnd).
    int64_t windowStart() const { return m_windowStart; }
    int64_t windowEnd() const { return m_windowEnd; }
    // The offsets of the messages found in the window (any order; offsets outside it are ignored).
    void windowRead(std::vector<int64_t> offsets);

private:
    int64_t m_low, m_windowStart, m_windowEnd, m_need, m_start;
    bool m_settled;
};

} // namespace kafkalab
