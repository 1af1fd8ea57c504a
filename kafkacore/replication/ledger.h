#pragma once

// The ledger check after a replication drill (pure): what the drill's producer had acknowledged, per key, against
// what a read of the topic gave back. The producer writes each message's key and its per-key sequence number into
// the value (ledgerValue), so the check can tell a missing message from a duplicate or one out of order.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

#include <cstdint>
#include <optional>

namespace kafkalab {

// The value a drill producer writes: "<key>#<seq>" (the key is "-" for unkeyed messages).
QByteArray ledgerValue(const QByteArray& key, qint64 seq);
struct LedgerEntry {
    QByteArray key;
    qint64 seq = -1;
};
// The key and sequence number of a drill message's value; nullopt for anything else.
std::optional<LedgerEntry> parseLedgerValue(const QByteArray& value);

// One message read back, in the order its partition returned it.
struct LedgerRecord {
    QByteArray key;
    qint64 seq = -1;
    int32_t partition = -1;
    int64_t offset = -1;
};

struct KeyLedger {
    QByteArray key;
    qint64 acknowledged = 0; // distinct sequence numbers the producer had acknowledged
    qint64 read = 0; // messages read back with this key
    qint64 missing = 0; // acknowledged but not read back
    qint64 duplicates = 0; // read more than once (each extra copy counts one)
    qint64 orderViolations = 0; // read after a higher sequence number of the same key (duplicates not counted)
    qint64 unacknowledgedRead = 0; // read back although never acknowledged (failed or unknown, yet written)
    QList<qint64> firstMissing; // up to 10 of the missing sequence numbers
    bool clean() const { return missing == 0 && duplicates == 0 && orderViolations == 0; }
};

struct LedgerReport {
    QList<KeyLedger> keys; // sorted by key
    qint64 acknowledged = 0;
    qint64 read = 0;
    qint64 missing = 0;
    qint64 duplicates = 0;
    qint64 orderViolations = 0;
    qint64 unacknowledgedRead = 0;
    qint64 foreign = 0; // records in the range that are not drill messages
    QString error; // the read-back failed: the counts are not a verdict
    bool clean() const { return error.isEmpty() && missing == 0 && duplicates == 0 && orderViolations == 0; }
    QString summary() const; // one line
};

// `acknowledged`: per key, the sequence numbers the producer's delivery reports confirmed. `readBack`: every drill
// message read back, partition by partition in offset order (a key's messages all go to one partition when the
// drill is keyed). `checkOrder`: false for unkeyed runs, whose messages spread over partitions.
LedgerReport checkLedger(
    const QHash<QByteArray, QList<qint64>>& acknowledged, const QList<LedgerRecord>& readBack, bool checkOrder = true);

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::LedgerReport)
