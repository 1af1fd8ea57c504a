#pragma once

// The message browser's table: up to `capacity` records in immutable chunks (one per arriving batch), the oldest
// chunks evicted whole when the capacity is passed. Display strings are made in data(). Sorting and filtering
// run on the thread pool over a snapshot of the chunks; the GUI thread only applies the resulting row order.

#include "kafkacore/client/workerthread.h"
#include "kafkacore/messages/messagefilter.h"
#include "kafkacore/messages/messagerecord.h"
#include "kafkacore/schemas/schemadecoder.h"

#include <QAbstractTableModel>

#include <deque>
#include <memory>
#include <vector>

namespace kafkalab {

using MessageBatch = std::vector<MessageRecord>;
using MessageBatchPtr = std::shared_ptr<const MessageBatch>;

// "schema id 7, subject orders-value version 2, AVRO" (Protobuf: the message type in brackets).
QString describeSchema(const schemas::DecodedValue& v);

class MessageModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Partition, Offset, Timestamp, Key, Value, Headers, Size, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;

    explicit MessageModel(QObject* parent = nullptr);
    // Stops a sort or filter still running on its one-shot thread (not waited for).
    ~MessageModel() override;

    void setCapacity(qsizetype capacity); // default 1,000,000
    qsizetype capacity() const { return m_capacity; }
    // `decoded` (a read through a schema registry): the batch's keys and values decoded, one per record, in order.
    void append(const MessageBatchPtr& batch, const schemas::DecodedBatchPtr& decoded = {});
    void clear();

    qsizetype loadedCount() const { return m_total; } // all loaded records, whatever the filter
    qsizetype evictedCount() const { return m_evicted; }
    // The record behind a row of the current view.
    const MessageRecord* record(int row) const;
    // The decoded key and value behind a row, null when its batch was not decoded.
    const schemas::DecodedRecord* decoded(int row) const;
    // Decoded keys and values shown (and sorted and filtered on) as their compact JSON (default), or the bytes
    // (a row whose key or value could not be decoded shows its bytes either way, marked, its reason as tooltip).
    void setShowDecoded(bool show);
    bool showDecoded() const { return m_showDecoded; }
    // Every record in the current view (filtered, in the current order).
    std::vector<MessageRecord> viewRecords() const;

    // The current view, taken in O(batches) on the GUI thread and read anywhere afterwards (the batches are
    // immutable and shared; later changes to the model do not reach it): for exports of a million rows.
    class ViewSnapshot {
    public:
        qsizetype size() const { return m_seqs ? qsizetype(m_seqs->size()) : m_count; }
        const MessageRecord& at(qsizetype i) const { return *find(i).first; }
        // The decoded key and value of row i, null when not decoded.
        const schemas::DecodedRecord* decodedAt(qsizetype i) const { return find(i).second; }
        int64_t sequence(qsizetype i) const { return m_seqs ? (*m_seqs)[size_t(i)] : m_firstSeq + i; }

        struct Chunk {
            int64_t firstSeq = 0;
            MessageBatchPtr records;
            schemas::DecodedBatchPtr decoded; // null: not decoded
        };

    private:
        friend class MessageModel;
        std::pair<const MessageRecord*, const schemas::DecodedRecord*> find(qsizetype i) const;
        std::vector<Chunk> m_chunks;
        std::shared_ptr<const std::vector<int64_t>> m_seqs; // null: every record in arrival order
        int64_t m_firstSeq = 0;
        qsizetype m_count = 0;
    };
    ViewSnapshot snapshotView() const;

    // Shows only what matches (empty filter: everything). Runs off the GUI thread; filterApplied() follows.
    void setFilter(const MessageFilter& filter);
    const MessageFilter& filter() const { return m_filter; }
    bool filtering() const { return m_pendingFilter > 0; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Off the GUI thread; sorted() follows. Messages arriving later are added at the end.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Text shown for bytes: UTF-8 when valid, with control characters and invalid bytes escaped (\xNN).
    static QString displayText(const QByteArray& bytes, int maxChars = 200);

Q_SIGNALS:
    void filterApplied(qsizetype matching);
    void sorted();

private:
    // Stops the sort or filter running in the background (WorkerThread::runDetached) and returns the next one's
    // stop flag: a newer sort or filter cancels an older one.
    StopToken restartBackground();
    StopToken m_backgroundStop;
    using Chunk = ViewSnapshot::Chunk;
    const MessageRecord* bySeq(int64_t seq) const { return locate(seq).first; }
    std::pair<const MessageRecord*, const schemas::DecodedRecord*> locate(int64_t seq) const;
    QVariant bytesData(const MessageRecord& r, const schemas::DecodedValue* d, bool key, int role) const;
    std::vector<Chunk> snapshot() const { return { m_chunks.begin(), m_chunks.end() }; }
    void evict();
    void rebuildView(std::vector<int64_t> seqs);

    std::deque<Chunk> m_chunks;
    int64_t m_nextSeq = 0;
    int64_t m_firstSeq = 0;
    qsizetype m_total = 0;
    qsizetype m_evicted = 0;
    qsizetype m_capacity = 1000000;
    // The view: null = every record in arrival order; else these sequence numbers in this order.
    std::shared_ptr<std::vector<int64_t>> m_view;
    MessageFilter m_filter;
    int m_generation = 0; // bumped when a background result would no longer fit
    int m_pendingFilter = 0;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_showDecoded = true;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::MessageBatchPtr)
