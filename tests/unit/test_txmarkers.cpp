// The transaction stepper's marker column as a pure function: offsets below the LSO that the read_uncommitted
// consumer never saw are markers; offsets at or beyond the LSO (an open transaction) and before where the stepper
// started looking are not. And the scenario vocabulary: every action and state reads back as it is spelt.
#include "kafkacore/scenarios/txmarkers.h"

#include <QTest>

using namespace kafkalab;

namespace {

SeenMessage at(const QString& topic, int32_t partition, int64_t offset)
{
    return { topic, partition, offset, QString(), QStringLiteral("v%1").arg(offset) };
}

} // namespace

class TestTxMarkers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void committedTransactionLeavesOneMarker()
    {
        // msg at 0 and 1, the commit marker at 2; LSO = high watermark = 3.
        const QList<PartitionState> partitions { { QStringLiteral("t"), 0, 3, 3 } };
        const auto markers = transactionMarkers(partitions,
            { at(QStringLiteral("t"), 0, 0), at(QStringLiteral("t"), 0, 1) }, { { QStringLiteral("t[0]"), 0 } });
        QCOMPARE(markers.value(QStringLiteral("t[0]")), QList<int64_t>({ 2 }));
    }

    void openTransactionShowsNothingBeyondTheLso()
    {
        // An aborted transaction (0, marker 1), then an open one from 2: LSO 2, high watermark 4, nothing fetched at 3.
        const QList<PartitionState> partitions { { QStringLiteral("t"), 0, 4, 2 } };
        const auto markers = transactionMarkers(partitions,
            { at(QStringLiteral("t"), 0, 0), at(QStringLiteral("t"), 0, 2) }, { { QStringLiteral("t[0]"), 0 } });
        QCOMPARE(markers.value(QStringLiteral("t[0]")), QList<int64_t>({ 1 }));
    }

    void countsFromWhereTheStepperStarted()
    {
        // Offsets 0..9 are older than this run: not this run's markers even though the consumer never saw them.
        const QList<PartitionState> partitions { { QStringLiteral("t"), 0, 12, 12 }, { QStringLiteral("t"), 1, 5, 5 } };
        const auto markers = transactionMarkers(partitions, { at(QStringLiteral("t"), 0, 10) },
            { { QStringLiteral("t[0]"), 10 }, { QStringLiteral("t[1]"), 5 } });
        QCOMPARE(markers.value(QStringLiteral("t[0]")), QList<int64_t>({ 11 }));
        QVERIFY(markers.value(QStringLiteral("t[1]")).isEmpty());
        QCOMPARE(markers.size(), 2);
    }

    void partitionsAreKeptApart()
    {
        // The same offset seen on another partition or topic does not hide a marker here.
        const QList<PartitionState> partitions { { QStringLiteral("a"), 0, 2, 2 }, { QStringLiteral("b"), 0, 2, 2 } };
        const auto markers = transactionMarkers(partitions,
            { at(QStringLiteral("a"), 0, 0), at(QStringLiteral("a"), 1, 1), at(QStringLiteral("b"), 0, 1) },
            { { QStringLiteral("a[0]"), 0 }, { QStringLiteral("b[0]"), 0 } });
        QCOMPARE(markers.value(QStringLiteral("a[0]")), QList<int64_t>({ 1 }));
        QCOMPARE(markers.value(QStringLiteral("b[0]")), QList<int64_t>({ 0 }));
    }

    void unknownWatermarksOrStartShowNone()
    {
        // A partition first seen now starts at its high watermark; -1 (unknown) LSO or watermark gives nothing.
        const QList<PartitionState> partitions { { QStringLiteral("t"), 0, 7, 7 }, { QStringLiteral("t"), 1, -1, -1 },
            { QStringLiteral("t"), 2, 4, -1 } };
        const auto markers
            = transactionMarkers(partitions, {}, { { QStringLiteral("t[1]"), -1 }, { QStringLiteral("t[2]"), 0 } });
        QVERIFY(markers.value(QStringLiteral("t[0]")).isEmpty());
        QVERIFY(markers.value(QStringLiteral("t[1]")).isEmpty());
        QVERIFY(markers.value(QStringLiteral("t[2]")).isEmpty());
    }

    void vocabularyReadsBack()
    {
        for (ScenarioAction a : { ScenarioAction::InitTransactions, ScenarioAction::Begin, ScenarioAction::Send,
                 ScenarioAction::SendOffsets, ScenarioAction::Commit, ScenarioAction::Abort, ScenarioAction::Flush,
                 ScenarioAction::Close, ScenarioAction::Poll, ScenarioAction::Process, ScenarioAction::Seek,
                 ScenarioAction::Crash, ScenarioAction::Restart, ScenarioAction::Wait, ScenarioAction::Expect })
            QVERIFY2(parseAction(actionName(a)) == a, qPrintable(actionName(a)));
        QCOMPARE(actionName(ScenarioAction::InitTransactions), QStringLiteral("init_transactions"));
        QVERIFY(!parseAction(QStringLiteral("teleport")));
        QVERIFY(!parseAction(QStringLiteral("Begin"))); // spelt as in the files, no more
        for (ProducerState s : allProducerStates())
            QVERIFY2(parseProducerState(producerStateName(s)) == s, qPrintable(producerStateName(s)));
        QCOMPARE(producerStateName(ProducerState::InTransaction), QStringLiteral("in_transaction"));
        QVERIFY(!parseProducerState(QStringLiteral("running")));
        QCOMPARE(parseConsumerState(QStringLiteral("crashed")), std::optional(ConsumerState::Crashed));
    }

    void producerStatesAllowTheirActions()
    {
        QVERIFY(producerAllows(ProducerState::Uninitialised, ScenarioAction::InitTransactions));
        QVERIFY(!producerAllows(ProducerState::Uninitialised, ScenarioAction::Begin));
        QVERIFY(producerAllows(ProducerState::Ready, ScenarioAction::Begin));
        QVERIFY(!producerAllows(ProducerState::Ready, ScenarioAction::Commit));
        for (ScenarioAction a :
            { ScenarioAction::Send, ScenarioAction::SendOffsets, ScenarioAction::Commit, ScenarioAction::Abort })
            QVERIFY(producerAllows(ProducerState::InTransaction, a));
        QVERIFY(producerAllows(ProducerState::AbortableError, ScenarioAction::Abort));
        QVERIFY(!producerAllows(ProducerState::AbortableError, ScenarioAction::Commit));
        for (ScenarioAction a : { ScenarioAction::InitTransactions, ScenarioAction::Begin, ScenarioAction::Send,
                 ScenarioAction::Commit, ScenarioAction::Abort })
            QVERIFY(!producerAllows(ProducerState::Fenced, a));
    }
};

QTEST_MAIN(TestTxMarkers)
#include "test_txmarkers.moc"
