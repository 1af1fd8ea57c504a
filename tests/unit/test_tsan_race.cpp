// The ThreadSanitizer build's proof that it sees our threads: a deliberate data race between the main thread and
// a thread made by WorkerThread::runDetached (a QThread). Built and run only in the tsan build (preset tsan); ctest
// passes it only when TSAN's report "WARNING: ThreadSanitizer: data race" is in its output, so a TSAN that has gone
// blind fails it. Never built in the other builds: the race is undefined behaviour on purpose.
#include "kafkacore/client/workerthread.h"

#include <QTest>

using namespace kafkalab;

namespace {

int g_unguarded = 0; // written by two threads with nothing ordering the writes: the race TSAN must report

} // namespace

class TestTsanRace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tsanReportsAnUnguardedCounter()
    {
        WorkerThread::runDetached(QStringLiteral("tsan-race"), [](const StopToken&) {
            for (int i = 0; i < 100000; ++i)
                ++g_unguarded;
        });
        for (int i = 0; i < 100000; ++i)
            ++g_unguarded;
        WorkerThread::joinAll();
        QVERIFY(g_unguarded > 0);
    }
};

QTEST_GUILESS_MAIN(TestTsanRace)
#include "test_tsan_race.moc"
