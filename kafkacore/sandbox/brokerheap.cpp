#include "kafkacore/sandbox/brokerheap.h"

#include <QRegularExpression>

#include <algorithm>

#include <unistd.h>

namespace kafkalab::sandbox {

qint64 physicalMemoryMb()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || pageSize <= 0)
        return 0;
    return qint64(pages) * qint64(pageSize) / qint64(1024 * 1024);
}

int defaultHeapMb(qint64 physicalMb)
{
    const qint64 eighth = physicalMb / 8 / 128 * 128;
    return int(std::clamp<qint64>(eighth, 512, 2048));
}

std::optional<int> parseHeapSize(const QString& text, qint64 physicalMb, QString* why)
{
    static const QRegularExpression size(QStringLiteral("^([0-9]{1,7})([mMgG])$"));
    const QRegularExpressionMatch m = size.match(text);
    if (!m.hasMatch()) {
        *why = QStringLiteral("'%1' is not a heap size: a whole number and m or g, like 768m or 1g").arg(text);
        return std::nullopt;
    }
    const qint64 n = m.captured(1).toLongLong();
    const bool gb = m.captured(2).compare(QLatin1String("g"), Qt::CaseInsensitive) == 0;
    const qint64 mb = gb ? n * 1024 : n;
    const qint64 max = physicalMb > 0 ? physicalMb : qint64(64) * 1024;
    if (mb < MinHeapMb) {
        *why = QStringLiteral("%1 is too small: a Kafka broker needs at least %2m").arg(text).arg(MinHeapMb);
        return std::nullopt;
    }
    if (mb > max) {
        *why = physicalMb > 0 ? QStringLiteral("%1 is more than this machine's memory (%2m)").arg(text).arg(physicalMb)
                              : QStringLiteral("%1 is more than 64g").arg(text);
        return std::nullopt;
    }
    return int(mb);
}

std::optional<QString> HeapWatch::warn(double atSec, const QString& what, bool always)
{
    if (!always && atSec - m_lastWarningSec < 300)
        return std::nullopt;
    m_lastWarningSec = atSec;
    const QString heap = m_heapMb > 0 ? QStringLiteral("%1 MB").arg(m_heapMb) : QStringLiteral("its heap");
    return QStringLiteral("The sandbox broker is short of heap (%1): %2. It slows down and may stop; start the "
                          "sandbox with a larger heap (kafkalab-cli sandbox --broker-heap, kafkalab --broker-heap).")
        .arg(heap, what);
}

std::optional<QString> HeapWatch::feed(const QString& line)
{
    // "[12.345s] GC(7) Pause Full (G1 Compaction Pause) 500M->480M(512M) 812.345ms"
    static const QRegularExpression uptime(QStringLiteral("^\\[([0-9]+(?:\\.[0-9]+)?)s\\]"));
    static const QRegularExpression occupancy(QStringLiteral("([0-9]+)M->([0-9]+)M\\(([0-9]+)M\\)"));
    if (line.contains(QLatin1String("OutOfMemoryError")))
        return warn(m_lastWarningSec, QStringLiteral("it ran out of memory (OutOfMemoryError)"), true);
    if (!line.contains(QLatin1String("Pause Full")))
        return std::nullopt;
    const QRegularExpressionMatch t = uptime.match(line);
    const double at = t.hasMatch() ? t.captured(1).toDouble() : 0.0;
    ++m_fullCollections;
    m_recentFull.push_back(at);
    while (!m_recentFull.empty() && m_recentFull.front() < at - 60.0)
        m_recentFull.pop_front();
    const QRegularExpressionMatch o = occupancy.match(line);
    if (o.hasMatch()) {
        const double after = o.captured(2).toDouble();
        const double max = o.captured(3).toDouble();
        if (max > 0 && after >= 0.9 * max)
            return warn(at,
                QStringLiteral("a full garbage collection left it %1% full (%2 of %3 MB)")
                    .arg(int(after * 100 / max))
                    .arg(after)
                    .arg(max));
    }
    if (m_recentFull.size() >= 2)
        return warn(at, QStringLiteral("%1 full garbage collections within a minute").arg(m_recentFull.size()));
    return std::nullopt;
}

} // namespace kafkalab::sandbox
