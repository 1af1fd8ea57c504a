#include "kafkacore/messages/messagemodel.h"

#include "kafkacore/client/workerthread.h"

#include <QDateTime>
#include <QHash>
#include <QPointer>

#include <algorithm>

namespace kafkalab {

MessageModel::MessageModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    qRegisterMetaType<MessageBatchPtr>();
}

MessageModel::~MessageModel()
{
    m_backgroundStop.requestStop();
}

void MessageModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max<qsizetype>(1, capacity);
    evict();
}

void MessageModel::clear()
{
    beginResetModel();
    m_chunks.clear();
    m_firstSeq = m_nextSeq;
    m_total = 0;
    m_evicted = 0;
    m_view.reset();
    if (!m_filter.isEmpty())
        m_view = std::make_shared<std::vector<int64_t>>();
    ++m_generation;
    m_sortColumn = -1;
    endResetModel();
}

std::pair<const MessageRecord*, const schemas::DecodedRecord*> MessageModel::locate(int64_t seq) const
{
    if (seq < m_firstSeq || seq >= m_nextSeq || m_chunks.empty())
        return { nullptr, nullptr };
    // The chunk whose first sequence number is the last one <= seq.
    auto it = std::upper_bound(
        m_chunks.begin(), m_chunks.end(), seq, [](int64_t s, const Chunk& c) { return s < c.firstSeq; });
    --it;
    const auto i = size_t(seq - it->firstSeq);
    return { &(*it->records)[i], it->decoded ? &(*it->decoded)[i] : nullptr };
}

const schemas::DecodedRecord* MessageModel::decoded(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    return locate(m_view ? (*m_view)[size_t(row)] : m_firstSeq + row).second;
}

void MessageModel::setShowDecoded(bool show)
{
    if (show == m_showDecoded)
        return;
    m_showDecoded = show;
    if (m_total > 0)
        Q_EMIT dataChanged(index(0, Key), index(rowCount() - 1, Value));
    if (!m_filter.isEmpty())
        setFilter(m_filter); // the filter sees what is shown
}

const MessageRecord* MessageModel::record(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    return bySeq(m_view ? (*m_view)[size_t(row)] : m_firstSeq + row);
}

std::vector<MessageRecord> MessageModel::viewRecords() const
{
    std::vector<MessageRecord> out;
    out.reserve(size_t(rowCount()));
    for (int row = 0; row < rowCount(); ++row)
        out.push_back(*record(row));
    return out;
}

MessageModel::ViewSnapshot MessageModel::snapshotView() const
{
    ViewSnapshot s;
    s.m_chunks.reserve(m_chunks.size());
    for (const Chunk& c : m_chunks)
        s.m_chunks.push_back(c);
    if (m_view)
        s.m_seqs = std::make_shared<const std::vector<int64_t>>(*m_view); // a copy: the view changes as rows come
    s.m_firstSeq = m_firstSeq;
    s.m_count = m_total;
    return s;
}

std::pair<const MessageRecord*, const schemas::DecodedRecord*> MessageModel::ViewSnapshot::find(qsizetype i) const
{
    const int64_t seq = sequence(i);
    auto it = std::upper_bound(
        m_chunks.begin(), m_chunks.end(), seq, [](int64_t s, const Chunk& c) { return s < c.firstSeq; });
    --it;
    const auto k = size_t(seq - it->firstSeq);
    return { &(*it->records)[k], it->decoded ? &(*it->decoded)[k] : nullptr };
}

void MessageModel::append(const MessageBatchPtr& batch, const schemas::DecodedBatchPtr& decodedBatch)
{
    if (!batch || batch->empty())
        return;
    const schemas::DecodedBatchPtr decoded
        = decodedBatch && decodedBatch->size() == batch->size() ? decodedBatch : schemas::DecodedBatchPtr();
    const int64_t first = m_nextSeq;
    const auto n = qsizetype(batch->size());
    if (!m_view) {
        beginInsertRows({}, int(m_total), int(m_total + n - 1));
        m_chunks.push_back({ first, batch, decoded });
        m_nextSeq += n;
        m_total += n;
        endInsertRows();
    } else {
        m_chunks.push_back({ first, batch, decoded });
        m_nextSeq += n;
        m_total += n;
        if (m_filter.isEmpty()) {
            // Sorted: new rows go at the end.
            beginInsertRows({}, int(m_view->size()), int(m_view->size() + size_t(n) - 1));
            for (int64_t s = first; s < first + n; ++s)
                m_view->push_back(s);
            endInsertRows();
        } else {
            // Filtered: the new records are matched as they come (a batch at most ~30 times a second; heavy
            // scans belong in the read filter, which runs on the reader's thread).
            std::vector<int64_t> hits;
            for (size_t i = 0; i < batch->size(); ++i)
                if (m_filter.matches((*batch)[i], decoded && m_showDecoded ? &(*decoded)[i] : nullptr))
                    hits.push_back(first + int64_t(i));
            if (!hits.empty()) {
                const int at = int(m_view->size());
                beginInsertRows({}, at, at + int(hits.size()) - 1);
                m_view->insert(m_view->end(), hits.begin(), hits.end());
                endInsertRows();
            }
        }
    }
    evict();
}

void MessageModel::evict()
{
    // Whole chunks, oldest first, while the rest still holds at least `capacity` records.
    qsizetype drop = 0;
    size_t chunks = 0;
    while (chunks < m_chunks.size() && m_total - drop - qsizetype(m_chunks[chunks].records->size()) >= m_capacity) {
        drop += qsizetype(m_chunks[chunks].records->size());
        ++chunks;
    }
    // A single chunk larger than the capacity is kept whole until the next one arrives; beyond that, cut it.
    if (chunks == 0 && m_total > m_capacity && m_chunks.size() > 1)
        chunks = 0;
    if (chunks == 0)
        return;
    const int64_t newFirst = m_chunks[chunks].firstSeq;
    if (!m_view) {
        beginRemoveRows({}, 0, int(drop - 1));
        m_chunks.erase(m_chunks.begin(), m_chunks.begin() + qsizetype(chunks));
        m_firstSeq = newFirst;
        m_total -= drop;
        m_evicted += drop;
        endRemoveRows();
        return;
    }
    // A sorted or filtered view: the evicted rows are wherever they are; the view is rebuilt without them.
    std::vector<int64_t> kept;
    kept.reserve(m_view->size());
    for (int64_t s : *m_view)
        if (s >= newFirst)
            kept.push_back(s);
    m_chunks.erase(m_chunks.begin(), m_chunks.begin() + qsizetype(chunks));
    m_firstSeq = newFirst;
    m_total -= drop;
    m_evicted += drop;
    rebuildView(std::move(kept));
}

void MessageModel::rebuildView(std::vector<int64_t> seqs)
{
    Q_EMIT layoutAboutToBeChanged();
    const bool shrink = seqs.size() < m_view->size();
    if (shrink) {
        Q_EMIT layoutChanged();
        beginResetModel();
        *m_view = std::move(seqs);
        endResetModel();
        return;
    }
    *m_view = std::move(seqs);
    Q_EMIT layoutChanged();
}

void MessageModel::setFilter(const MessageFilter& filter)
{
    m_filter = filter;
    ++m_generation;
    if (filter.isEmpty()) {
        m_sortColumn = -1;
        beginResetModel();
        m_view.reset();
        endResetModel();
        Q_EMIT filterApplied(m_total);
        return;
    }
    ++m_pendingFilter;
    QPointer<MessageModel> self(this);
    const int generation = m_generation;
    // A new filter shows the matches in arrival order (sort again afterwards).
    m_sortColumn = -1;
    const bool sorted = false;
    std::vector<int64_t> order;
    auto chunks = std::make_shared<std::vector<Chunk>>(snapshot());
    const int64_t snapshotEnd = m_nextSeq;
    const StopToken stop = restartBackground();
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-filter"),
        [self, generation, filter, chunks, order = std::move(order), snapshotEnd, useDecoded = m_showDecoded](
            const StopToken& stop) {
            std::vector<int64_t> hits;
            auto matches = [&](const Chunk& c, size_t i) {
                return filter.isEmpty()
                    || filter.matches((*c.records)[i], useDecoded && c.decoded ? &(*c.decoded)[i] : nullptr);
            };
            if (sorted) {
                for (int64_t s : order) {
                    auto it = std::upper_bound(
                        chunks->begin(), chunks->end(), s, [](int64_t q, const Chunk& c) { return q < c.firstSeq; });
                    --it;
                    if (matches(*it, size_t(s - it->firstSeq)))
                        hits.push_back(s);
                }
            } else {
                for (const Chunk& c : *chunks)
                    for (size_t i = 0; i < c.records->size() && !stop.stopRequested(); ++i)
                        if (matches(c, i))
                            hits.push_back(c.firstSeq + int64_t(i));
            }
            QMetaObject::invokeMethod(
                self,
                [self, generation, hits = std::move(hits), snapshotEnd, filter]() mutable {
                    if (!self)
                        return;
                    --self->m_pendingFilter;
                    if (generation != self->m_generation)
                        return;
                    std::erase_if(hits, [&](int64_t s) { return s < self->m_firstSeq; });
                    // Records that arrived while the filter ran (few: at most a few batches).
                    for (int64_t s = std::max(snapshotEnd, self->m_firstSeq); s < self->m_nextSeq; ++s) {
                        const auto [r, d] = self->locate(s);
                        if (filter.isEmpty() || filter.matches(*r, self->m_showDecoded ? d : nullptr))
                            hits.push_back(s);
                    }
                    self->beginResetModel();
                    self->m_view = std::make_shared<std::vector<int64_t>>(std::move(hits));
                    self->endResetModel();
                    Q_EMIT self->filterApplied(qsizetype(self->m_view->size()));
                },
                Qt::QueuedConnection);
        },
        stop);
}

void MessageModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    ++m_generation;
    const int generation = m_generation;
    // A row and what it sorts by.
    struct Entry {
        int64_t seq;
        int64_t number;
        QByteArrayView bytes; // into the snapshot's records, which outlive the entries
    };
    // What each row sorts by is read on the thread pool, from a snapshot of the view.
    auto view = std::make_shared<ViewSnapshot>(snapshotView());
    const int64_t snapshotEnd = m_nextSeq;
    const bool byBytes = column == Key || column == Value;
    QPointer<MessageModel> self(this);
    const StopToken stop = restartBackground();
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-sort"),
        [self, view, column, byBytes, order, generation, snapshotEnd, useDecoded = m_showDecoded](
            const StopToken& stop) {
            auto entries = std::make_shared<std::vector<Entry>>();
            entries->reserve(size_t(view->size()));
            for (qsizetype i = 0; i < view->size(); ++i) {
                if (stop.stopRequested())
                    return; // a newer sort or filter replaces this one (its result would be dropped anyway)
                const MessageRecord& r = view->at(i);
                Entry e { view->sequence(i), 0, {} };
                switch (column) {
                case Partition:
                    e.number = (int64_t(r.partition) << 40) + r.offset;
                    break;
                case Offset:
                    e.number = r.offset;
                    break;
                case Timestamp:
                    e.number = r.timestampMs;
                    break;
                case Key:
                case Value: {
                    // Decoded values sort by their JSON text, as shown.
                    const schemas::DecodedRecord* d = useDecoded ? view->decodedAt(i) : nullptr;
                    const schemas::DecodedValue* v = d ? (column == Key ? &d->key : &d->value) : nullptr;
                    e.bytes = v && v->decoded() ? v->json() : column == Key ? r.keyView() : r.valueView();
                    break;
                }
                case Headers:
                    e.number = r.headerCount();
                    break;
                default:
                    e.number = r.size();
                }
                entries->push_back(e);
            }
            auto less = [byBytes](const Entry& a, const Entry& b) {
                if (byBytes)
                    return a.bytes < b.bytes;
                return a.number < b.number;
            };
            if (order == Qt::AscendingOrder)
                std::stable_sort(entries->begin(), entries->end(), less);
            else
                std::stable_sort(
                    entries->begin(), entries->end(), [&less](const Entry& a, const Entry& b) { return less(b, a); });
            std::vector<int64_t> seqs;
            seqs.reserve(entries->size());
            for (const Entry& e : *entries)
                seqs.push_back(e.seq);
            QMetaObject::invokeMethod(
                self,
                [self, generation, seqs = std::move(seqs), snapshotEnd]() mutable {
                    if (!self || generation != self->m_generation)
                        return;
                    std::erase_if(seqs, [&](int64_t s) { return s < self->m_firstSeq; });
                    // Rows that arrived while sorting (sequence numbers from snapshotEnd on) go at the end, as later
                    // arrivals do.
                    std::vector<int64_t> tail;
                    if (self->m_view) {
                        auto first = self->m_view->end();
                        while (first != self->m_view->begin() && *(first - 1) >= snapshotEnd)
                            --first;
                        tail.assign(first, self->m_view->end());
                    } else {
                        for (int64_t s = std::max(snapshotEnd, self->m_firstSeq); s < self->m_nextSeq; ++s)
                            tail.push_back(s);
                    }
                    seqs.insert(seqs.end(), tail.begin(), tail.end());
                    Q_EMIT self->layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
                    const QModelIndexList before = self->persistentIndexList();
                    std::vector<int64_t> beforeSeqs;
                    for (const QModelIndex& i : before)
                        beforeSeqs.push_back(
                            self->m_view ? (*self->m_view)[size_t(i.row())] : self->m_firstSeq + i.row());
                    self->m_view = std::make_shared<std::vector<int64_t>>(std::move(seqs));
                    // Selections and the current row follow their records.
                    QHash<int64_t, int> rowOf;
                    if (!before.isEmpty())
                        for (int r = 0; r < int(self->m_view->size()); ++r)
                            rowOf.insert((*self->m_view)[size_t(r)], r);
                    QModelIndexList after;
                    for (size_t k = 0; k < beforeSeqs.size(); ++k)
                        after.append(self->index(rowOf.value(beforeSeqs[k], 0), before[qsizetype(k)].column()));
                    self->changePersistentIndexList(before, after);
                    Q_EMIT self->layoutChanged({}, QAbstractItemModel::VerticalSortHint);
                    Q_EMIT self->sorted();
                },
                Qt::QueuedConnection);
        },
        stop);
}

StopToken MessageModel::restartBackground()
{
    m_backgroundStop.requestStop(); // the sort or filter running now: its result would be dropped anyway
    m_backgroundStop = StopToken();
    return m_backgroundStop;
}

int MessageModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_view ? qsizetype(m_view->size()) : m_total);
}

int MessageModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

} // namespace kafkalab
