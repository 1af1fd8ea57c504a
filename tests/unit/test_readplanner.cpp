// The message browser's read planner: for each start mode (oldest, newest:N, offset, timestamp, live tail), with
// partition filters, empty partitions (low == high), a partition added after the watermarks were read, and the
// newest:N count back past gaps (transaction markers, aborted and compacted-away records).
#include "kafkacore/messages/readplanner.h"

#include <QTest>

#include <set>

using namespace kafkalab;

namespace {

ReadRequest request(ReadRequest::Start start)
{
    ReadRequest r;
    r.topic = QStringLiteral("t");
    r.start = start;
    r.isolation = QStringLiteral("read_uncommitted");
    return r;
}

const PartitionProgress* find(const ReadPlan& plan, int32_t partition)
{
    for (const PartitionProgress& p : plan.partitions)
        if (p.partition == partition)
            return &p;
    return nullptr;
}

// Runs a count back over a partition holding messages at `offsets` (the others are gaps) whose watermarks are
// [low, end), as the worker does: it reads each window the counter asks for. Returns the start and the windows.
int64_t countBack(const std::set<int64_t>& offsets, int64_t low, int64_t end, int64_t n, int* windows)
{
    NewestCountBack c(low, end, n);
    *windows = 0;
    while (!c.settled() && *windows < 100) {
        ++*windows;
        std::vector<int64_t> seen;
        for (int64_t o : offsets)
            if (o >= c.windowStart() && o < c.windowEnd())
                seen.push_back(o);
        c.windowRead(seen);
    }
    return c.start();
}

} // namespace

class TestReadPlanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void choosesAllPartitionsSortedOrTheNamedOnes()
    {
        QString error;
        const auto all = choosePartitions(request(ReadRequest::Start::Beginning), { 2, 0, 1 }, &error);
        QVERIFY(all);
        QCOMPARE(*all, (QList<int32_t> { 0, 1, 2 }));
        ReadRequest r = request(ReadRequest::Start::Beginning);
        r.partitions = { 2, 0 };
        const auto some = choosePartitions(r, { 0, 1, 2 }, &error);
        QVERIFY(some);
        QCOMPARE(*some, (QList<int32_t> { 2, 0 }));
        r.partitions = { 1, 5 };
        QVERIFY(!choosePartitions(r, { 0, 1, 2 }, &error));
        QCOMPARE(error, QStringLiteral("topic 't' has no partition 5 (it has 3)"));
    }

    void oldestStartsAtEachPartitionsLowWatermark()
    {
        const ReadPlan plan = planRead(request(ReadRequest::Start::Beginning), { 0, 1, 2 },
            { { 0, { 0, 10 } }, { 1, { 5, 7 } }, { 2, { 3, 3 } } });
        QVERIFY(plan.error.isEmpty());
        QVERIFY(plan.untilEnd);
        QVERIFY(!plan.countBack);
        QCOMPARE(plan.partitions.size(), 3);
        QCOMPARE(find(plan, 0)->start, 0);
        QCOMPARE(find(plan, 0)->end, 10);
        QCOMPARE(find(plan, 0)->next, 0);
        QVERIFY(!find(plan, 0)->done);
        QCOMPARE(find(plan, 1)->start, 5);
        QCOMPARE(find(plan, 1)->end, 7);
        // Empty (low == high): nothing to read, done from the start.
        QCOMPARE(find(plan, 2)->start, 3);
        QVERIFY(find(plan, 2)->done);
    }

    void emptyPartitionsAreNotDoneWhenTheReadWaitsForMore()
    {
        ReadRequest r = request(ReadRequest::Start::Beginning);
        r.stopAtEnd = false;
        const ReadPlan plan = planRead(r, { 0 }, { { 0, { 4, 4 } } });
        QVERIFY(!plan.untilEnd);
        QVERIFY(!find(plan, 0)->done);
    }

    void newestPlansAnUpperBoundAndACountBack()
    {
        ReadRequest r = request(ReadRequest::Start::Newest);
        r.newest = 5;
        const ReadPlan plan = planRead(r, { 0, 1, 2 }, { { 0, { 0, 100 } }, { 1, { 0, 3 } }, { 2, { 9, 9 } } });
        QVERIFY(plan.error.isEmpty());
        QVERIFY(plan.countBack);
        QCOMPARE(find(plan, 0)->start, 95);
        QCOMPARE(find(plan, 1)->start, 0); // fewer than N: all of it
        QCOMPARE(find(plan, 2)->start, 9);
        QVERIFY(find(plan, 2)->done);
        QVERIFY(!find(plan, 0)->done);
    }

    void countBackWithoutGapsTakesOneWindow()
    {
        std::set<int64_t> offsets;
        for (int64_t o = 0; o < 100; ++o)
            offsets.insert(o);
        int windows = 0;
        QCOMPARE(countBack(offsets, 0, 100, 10, &windows), 90);
        QCOMPARE(windows, 1);
    }

    void countBackReadsPastTransactionMarkers()
    {
        // Transactions of 4 records each followed by a commit marker: offsets 4, 9, 14, ... hold no message.
        std::set<int64_t> offsets;
        for (int64_t o = 0; o < 100; ++o)
            if (o % 5 != 4)
                offsets.insert(o);
        int windows = 0;
        const int64_t start = countBack(offsets, 0, 100, 10, &windows);
        // The 10 newest messages: 99 is a marker, so 98..95, 93..90, 88, 87.
        QCOMPARE(start, 87);
        QVERIFY(windows >= 2);
        int64_t counted = 0;
        for (int64_t o : offsets)
            counted += o >= start ? 1 : 0;
        QCOMPARE(counted, 10);
    }

    void countBackPastAbortedOrCompactedRanges()
    {
        // A long gap (an aborted transaction under read_committed, or compacted-away records) before the newest 3.
        std::set<int64_t> offsets { 0, 1, 2, 3, 4, 5, 500, 501, 502 };
        int windows = 0;
        QCOMPARE(countBack(offsets, 0, 503, 5, &windows), 4);
        QCOMPARE(windows, 7); // 5, 10, 20, ... offsets back: a gap of 490 offsets in 7 windows
    }

    void countBackStopsAtTheLowWatermark()
    {
        std::set<int64_t> offsets { 20, 25, 30 }; // fewer messages than asked for
        int windows = 0;
        QCOMPARE(countBack(offsets, 20, 40, 10, &windows), 20);
        QVERIFY(windows < 100);
        // A window that saw nothing settles at low too.
        NewestCountBack c(0, 1000, 10);
        QVERIFY(!c.settled());
        QCOMPARE(c.windowStart(), 990);
        QCOMPARE(c.windowEnd(), 1000);
        c.windowRead({});
        QVERIFY(!c.settled());
        QCOMPARE(c.windowEnd(), 990);
        QCOMPARE(c.windowStart(), 970); // twice the last window (and the remaining need)
        c.windowRead({ 975, 5000, 3 }); // offsets outside the window are ignored
        QVERIFY(!c.settled());
        QCOMPARE(c.windowEnd(), 970);
        QCOMPARE(c.windowStart(), 930); // 9 still needed, but the last window was 20: 40
    }

    void countBackOfAPartitionWithinNIsSettledAtOnce()
    {
        NewestCountBack c(7, 12, 5);
        QVERIFY(c.settled());
        QCOMPARE(c.start(), 7);
        NewestCountBack empty(3, 3, 5);
        QVERIFY(empty.settled());
        QCOMPARE(empty.start(), 3);
    }

    void offsetStartsThereOnEveryPartition()
    {
        ReadRequest r = request(ReadRequest::Start::Offset);
        r.offset = 5;
        const ReadPlan plan = planRead(r, { 0, 1 }, { { 0, { 0, 10 } }, { 1, { 5, 5 } } });
        QVERIFY(plan.error.isEmpty());
        QCOMPARE(find(plan, 0)->start, 5);
        QCOMPARE(find(plan, 1)->start, 5); // the end itself: nothing to read there
        QVERIFY(find(plan, 1)->done);
    }

    void offsetOutOfRangeIsAnError()
    {
        ReadRequest r = request(ReadRequest::Start::Offset);
        r.offset = 20;
        ReadPlan plan = planRead(r, { 0 }, { { 0, { 0, 10 } } });
        QCOMPARE(plan.error, QStringLiteral("offset 20 is out of range on partition 0: it holds offsets 0 to 9"));
        QVERIFY(plan.partitions.isEmpty());
        r.offset = 2;
        plan = planRead(r, { 0 }, { { 0, { 4, 4 } } });
        QCOMPARE(plan.error,
            QStringLiteral("offset 2 is out of range on partition 0: it holds no messages (the next offset written "
                           "will be 4)"));
    }

    void timestampStartsAtTheOffsetForTheTime()
    {
        ReadRequest r = request(ReadRequest::Start::Timestamp);
        r.timestampMs = 1000;
        const ReadPlan plan = planRead(r, { 0, 1 }, { { 0, { 0, 10 } }, { 1, { 0, 8 } } }, { { 0, 6 }, { 1, -1 } });
        QVERIFY(plan.error.isEmpty());
        QCOMPARE(find(plan, 0)->start, 6);
        QCOMPARE(find(plan, 1)->start, 8); // nothing at or after the time: at the end
        QVERIFY(find(plan, 1)->done);
        QVERIFY(plan.notes.join(QString()).indexOf(QLatin1String("no message at or after")) < 0);
    }

    void timestampAfterEveryMessageSaysSo()
    {
        ReadRequest r = request(ReadRequest::Start::Timestamp);
        const ReadPlan plan = planRead(r, { 0 }, { { 0, { 0, 10 } } }, { { 0, -1 } });
        QCOMPARE(find(plan, 0)->start, 10);
        QCOMPARE(plan.notes.size(), 1);
        QVERIFY(plan.notes.first().startsWith(QLatin1String("no message at or after that time")));
    }

    void tailStartsAtTheEndAndNeverIsDone()
    {
        const ReadPlan plan
            = planRead(request(ReadRequest::Start::Tail), { 0, 1 }, { { 0, { 0, 10 } }, { 1, { 2, 2 } } });
        QVERIFY(!plan.untilEnd);
        QCOMPARE(find(plan, 0)->start, 10);
        QVERIFY(!find(plan, 0)->done);
        QVERIFY(!find(plan, 1)->done);
    }

    void aPartitionWithoutWatermarksIsLeftOutWithANote()
    {
        // Partition 3 was added between reading the metadata and reading the watermarks (or the other way round).
        const ReadPlan plan = planRead(request(ReadRequest::Start::Beginning), { 0, 3 }, { { 0, { 0, 10 } } });
        QVERIFY(plan.error.isEmpty());
        QCOMPARE(plan.partitions.size(), 1);
        QVERIFY(find(plan, 3) == nullptr);
        QCOMPARE(plan.notes, QStringList { QStringLiteral("partition(s) 3 appeared after the read began: not read") });
    }

    void partitionFilterPlansOnlyThoseInTheirOrder()
    {
        ReadRequest r = request(ReadRequest::Start::Beginning);
        r.partitions = { 2, 0 };
        QString error;
        const auto chosen = choosePartitions(r, { 0, 1, 2 }, &error);
        QVERIFY(chosen);
        const ReadPlan plan = planRead(r, *chosen, { { 0, { 0, 1 } }, { 1, { 0, 1 } }, { 2, { 0, 1 } } });
        QCOMPARE(plan.partitions.size(), 2);
        QCOMPARE(plan.partitions[0].partition, 2);
        QCOMPARE(plan.partitions[1].partition, 0);
    }

    void readCommittedIsNoted()
    {
        ReadRequest r = request(ReadRequest::Start::Beginning);
        r.isolation = QStringLiteral("read_committed");
        const ReadPlan plan = planRead(r, { 0 }, { { 0, { 0, 1 } } });
        QCOMPARE(plan.notes.size(), 1);
        QVERIFY(plan.notes.first().startsWith(QLatin1String("read_committed")));
    }
};

QTEST_GUILESS_MAIN(TestReadPlanner)
#include "test_readplanner.moc"
