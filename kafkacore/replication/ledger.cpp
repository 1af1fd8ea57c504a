#include "kafkacore/replication/ledger.h"

#include <QSet>

#include <algorithm>
#include <map>

namespace kafkalab {

QByteArray ledgerValue(const QByteArray& key, qint64 seq)
{
    return (key.isEmpty() ? QByteArray("-") : key) + '#' + QByteArray::number(seq);
}

std::optional<LedgerEntry> parseLedgerValue(const QByteArray& value)
{
    const qsizetype hash = value.lastIndexOf('#');
    if (hash <= 0 || hash == value.size() - 1)
        return std::nullopt;
    bool ok = false;
    const qint64 seq = value.mid(hash + 1).toLongLong(&ok);
    if (!ok || seq < 0)
        return std::nullopt;
    return LedgerEntry { value.left(hash), seq };
}

QString LedgerReport::summary() const
{
    if (!error.isEmpty())
        return QStringLiteral("Ledger check failed: %1").arg(error);
    return QStringLiteral("%1 acknowledged, %2 read back: %3 missing, %4 duplicates, %5 out of order, %6 written "
                          "although not acknowledged")
        .arg(acknowledged)
        .arg(read)
        .arg(missing)
        .arg(duplicates)
        .arg(orderViolations)
        .arg(unacknowledgedRead);
}

LedgerReport checkLedger(
    const QHash<QByteArray, QList<qint64>>& acknowledged, const QList<LedgerRecord>& readBack, bool checkOrder)
{
    struct Seen {
        QSet<qint64> seqs;
        qint64 highest = -1;
        qint64 read = 0;
        qint64 duplicates = 0;
        qint64 orderViolations = 0;
    };
    std::map<QByteArray, Seen> seen;
    for (const LedgerRecord& r : readBack) {
        Seen& s = seen[r.key];
        ++s.read;
        if (s.seqs.contains(r.seq)) {
            ++s.duplicates;
            continue;
        }
        s.seqs.insert(r.seq);
        if (checkOrder && r.seq < s.highest)
            ++s.orderViolations;
        s.highest = std::max(s.highest, r.seq);
    }
    std::map<QByteArray, KeyLedger> keys;
    for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it) {
        KeyLedger& k = keys[it.key()];
        k.key = it.key();
        QList<qint64> acked = it.value();
        std::sort(acked.begin(), acked.end());
        acked.erase(std::unique(acked.begin(), acked.end()), acked.end());
        k.acknowledged = acked.size();
        const auto s = seen.find(it.key());
        for (qint64 seq : std::as_const(acked)) {
            if (s != seen.end() && s->second.seqs.contains(seq))
                continue;
            ++k.missing;
            if (k.firstMissing.size() < 10)
                k.firstMissing.append(seq);
        }
        if (s != seen.end()) {
            const QSet<qint64> ackedSet(acked.cbegin(), acked.cend());
            for (qint64 seq : std::as_const(s->second.seqs))
                if (!ackedSet.contains(seq))
                    ++k.unacknowledgedRead;
        }
    }
    for (const auto& [key, s] : seen) {
        KeyLedger& k = keys[key];
        k.key = key;
        k.read = s.read;
        k.duplicates = s.duplicates;
        k.orderViolations = s.orderViolations;
        if (!acknowledged.contains(key))
            k.unacknowledgedRead = s.seqs.size();
    }
    LedgerReport report;
    for (auto& [key, k] : keys) {
        report.acknowledged += k.acknowledged;
        report.read += k.read;
        report.missing += k.missing;
        report.duplicates += k.duplicates;
        report.orderViolations += k.orderViolations;
        report.unacknowledgedRead += k.unacknowledgedRead;
        report.keys.append(k);
    }
    return report;
}

} // namespace kafkalab
