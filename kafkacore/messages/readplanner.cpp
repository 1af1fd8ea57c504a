#include "kafkacore/messages/readplanner.h"

#include <algorithm>

namespace kafkalab {

std::optional<QList<int32_t>> choosePartitions(
    const ReadRequest& request, const QList<int32_t>& topicPartitions, QString* error)
{
    QList<int32_t> all = topicPartitions;
    std::sort(all.begin(), all.end());
    if (request.partitions.isEmpty())
        return all;
    for (int32_t p : request.partitions)
        if (!all.contains(p)) {
            *error = QStringLiteral("topic '%1' has no partition %2 (it has %3)")
                         .arg(request.topic)
                         .arg(p)
                         .arg(all.size());
            return std::nullopt;
        }
    return request.partitions;
}

ReadPlan planRead(const ReadRequest& request, const QList<int32_t>& partitions, const QHash<int32_t, Watermarks>& marks,
    const QHash<int32_t, int64_t>& timeOffsets)
{
    ReadPlan plan;
    const bool tail = request.start == ReadRequest::Start::Tail;
    plan.untilEnd = !tail && request.stopAtEnd;
    plan.countBack = request.start == ReadRequest::Start::Newest && request.newest > 0;
    int afterTime = 0;
    QList<int32_t> unknown;
    for (int32_t partition : partitions) {
        const auto m = marks.constFind(partition);
        if (m == marks.constEnd()) {
            unknown.append(partition);
            continue;
        }
        const int64_t lo = m->low;
        const int64_t hi = m->high;
        PartitionProgress pp;
        pp.partition = partition;
        pp.end = hi;
        switch (request.start) {
        case ReadRequest::Start::Newest:
            // The start counted back from the end replaces this (countBack); offsets are its upper bound.
            pp.start = std::max(lo, hi - std::max<int64_t>(0, request.newest));
            break;
        case ReadRequest::Start::Beginning:
            pp.start = lo;
            break;
        case ReadRequest::Start::Offset:
            if (request.offset < lo || request.offset > hi) {
                plan.error = lo >= hi ? QStringLiteral("offset %1 is out of range on partition %2: it holds no "
                                                       "messages (the next offset written will be %3)")
                                            .arg(request.offset)
                                            .arg(partition)
                                            .arg(hi)
                                      : QStringLiteral("offset %1 is out of range on partition %2: it holds offsets "
                                                       "%3 to %4")
                                            .arg(request.offset)
                                            .arg(partition)
                                            .arg(lo)
                                            .arg(hi - 1);
                plan.partitions.clear();
                return plan;
            }
            pp.start = request.offset;
            break;
        case ReadRequest::Start::Timestamp: {
            const int64_t at = timeOffsets.value(partition, -1);
            pp.start = at >= 0 ? at : hi;
            afterTime += at >= 0 ? 1 : 0;
            break;
        }
        case ReadRequest::Start::Tail:
            pp.start = hi;
            break;
        }
        pp.next = pp.start;
        pp.done = plan.untilEnd && pp.start >= pp.end;
        plan.partitions.append(pp);
    }
    if (!unknown.isEmpty()) {
        QStringList names;
        for (int32_t p : std::as_const(unknown))
            names.append(QString::number(p));
        plan.notes.append(QStringLiteral("partition(s) %1 appeared after the read began: not read")
                              .arg(names.join(QLatin1String(", "))));
    }
    if (request.start == ReadRequest::Start::Timestamp && afterTime == 0)
        plan.notes.append(QStringLiteral("no message at or after that time (is it in the future?): nothing to read%1")
                              .arg(request.stopAtEnd ? QString() : QStringLiteral("; waiting for new messages")));
    if (request.isolation == QLatin1String("read_committed"))
        plan.notes.append(
            QStringLiteral("read_committed: messages of aborted or still open transactions are not shown"));
    return plan;
}

NewestCountBack::NewestCountBack(int64_t low, int64_t end, int64_t n)
    : m_low(low)
    , m_windowStart(std::max(low, end - n))
    , m_windowEnd(end)
    , m_need(n)
    , m_start(std::max(low, end - n))
    , m_settled(end - low <= n) // the whole partition is within N offsets: read it all
{
    if (m_settled)
        m_start = low;
}

void NewestCountBack::windowRead(std::vector<int64_t> offsets)
{
    if (m_settled)
        return;
    std::erase_if(offsets, [this](int64_t o) { return o < m_windowStart || o >= m_windowEnd; });
    std::sort(offsets.begin(), offsets.end());
    offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
    const auto got = int64_t(offsets.size());
    if (got >= m_need) {
        m_start = offsets[size_t(got - m_need)];
        m_settled = true;
    } else if (m_windowStart <= m_low) {
        m_start = m_low;
        m_settled = true;
    } else {
        // The next window: twice the remaining need, and at least twice the last window, so that a long gap
        // (an aborted transaction, a compacted range) is crossed in a few windows, not thousands.
        m_need -= got;
        const int64_t size = std::max(2 * m_need, 2 * (m_windowEnd - m_windowStart));
        m_windowEnd = m_windowStart;
        m_windowStart = std::max(m_low, m_windowStart - size);
    }
}

} // namespace kafkalab
