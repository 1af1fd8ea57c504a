// WorkerThread, the one place kafkalab makes threads: work runs on the worker's thread, retiring never waits for
// the worker, the worker is deleted on its own thread, and joinAll() leaves no thread behind. guarded() logs what
// a callback throws instead of letting it unwind into C code.
#include "kafkacore/client/guardedcallback.h"
#include "kafkacore/client/workerthread.h"

#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>
#include <cerrno>
#include <stdexcept>
#include <thread>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace kafkalab;

namespace {

class Worker : public QObject {
    Q_OBJECT
public:
    explicit Worker(std::atomic<QThread*>* deletedOn)
        : m_deletedOn(deletedOn)
    {
    }
    ~Worker() override { m_deletedOn->store(QThread::currentThread()); }

private:
    std::atomic<QThread*>* m_deletedOn;
};

} // namespace

class TestWorkerThread : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void postedWorkRunsOnTheWorkersThread()
    {
        std::atomic<QThread*> deletedOn = nullptr;
        std::atomic<QThread*> ranOn = nullptr;
        QThread* workerThread = nullptr;
        {
            WorkerThread host(QStringLiteral("test-worker"));
            QVERIFY(host.isRunning());
            workerThread = host.thread();
            Worker* w = host.adopt(new Worker(&deletedOn));
            QCOMPARE(w->thread(), workerThread);
            host.post(w, [&ranOn](Worker*) { ranOn.store(QThread::currentThread()); });
            QTRY_VERIFY(ranOn.load() != nullptr);
            QCOMPARE(ranOn.load(), workerThread);
            QVERIFY(ranOn.load() != QThread::currentThread());
        } // the host retires here
        QTRY_VERIFY(deletedOn.load() != nullptr);
        QCOMPARE(deletedOn.load(), workerThread); // deleted on its own thread, as the thread ended
        QTRY_COMPARE(WorkerThread::liveThreadCount(), 0); // and the finished thread was reaped
    }

    void backgroundThreadsAndTheirChildrenYieldToTheGuiThread()
    {
        const auto niceOfThisThread = [] {
            errno = 0;
            return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
        };
        const int mine = niceOfThisThread();
        if (mine > 14)
            QSKIP("this test already runs at niceness 15 or more: nothing left to lower");
        std::atomic_int normal = -100;
        std::atomic_int background = -100;
        std::atomic_int child = -100; // a thread the worker starts, as librdkafka starts its own
        {
            WorkerThread n(QStringLiteral("test-normal"));
            WorkerThread b(QStringLiteral("test-background"), WorkerThread::Priority::Background);
            auto* wn = n.adopt(new QObject);
            auto* wb = b.adopt(new QObject);
            n.post(wn, [&](QObject*) { normal = niceOfThisThread(); });
            b.post(wb, [&](QObject*) {
                background = niceOfThisThread();
                std::thread t([&] { child = niceOfThisThread(); });
                t.join();
            });
            QTRY_VERIFY(normal != -100 && background != -100 && child != -100);
        }
        QCOMPARE(normal.load(), mine);
        QCOMPARE(background.load(), mine + 5);
        QCOMPARE(child.load(), mine + 5);
        QTRY_COMPARE(WorkerThread::liveThreadCount(), 0);
    }

    void retiringNeverWaitsForTheWorker()
    {
        QSemaphore started;
        QSemaphore release;
        std::atomic<QThread*> deletedOn = nullptr;
        auto host = std::make_unique<WorkerThread>(QStringLiteral("test-busy"));
        StopToken stop = host->stopToken();
        Worker* w = host->adopt(new Worker(&deletedOn), [&release] { release.release(); });
        std::atomic_bool sawStop = false;
        host->post(w, [&started, &release, &sawStop, stop](Worker*) {
            started.release();
            release.acquire(); // a long call, ended only by the stop request
            sawStop = stop.stopRequested();
        });
        started.acquire();
        host.reset(); // would deadlock if retiring waited for the call above
        QTRY_VERIFY(deletedOn.load() != nullptr);
        QVERIFY(sawStop.load());
        QTRY_COMPARE(WorkerThread::liveThreadCount(), 0);
    }

    void postAfterRetireDoesNothing()
    {
        std::atomic<QThread*> deletedOn = nullptr;
        WorkerThread host(QStringLiteral("test-retired"));
        Worker* w = host.adopt(new Worker(&deletedOn));
        host.retire();
        QVERIFY(!host.isRunning());
        QVERIFY(host.worker() == nullptr);
        bool ran = false;
        host.post(w, [&ran](Worker*) { ran = true; }); // w may be gone: must not be touched
        QTRY_VERIFY(deletedOn.load() != nullptr);
        QVERIFY(!ran);
    }

    void joinAllStopsAndJoinsWhatIsStillRunning()
    {
        std::atomic<QThread*> deletedOn = nullptr;
        std::atomic_int detachedDone = 0;
        WorkerThread host(QStringLiteral("test-live"));
        StopToken stop = host.stopToken();
        Worker* w = host.adopt(new Worker(&deletedOn));
        host.post(w, [stop](Worker*) {
            while (!stop.stopRequested())
                QThread::msleep(5);
        });
        WorkerThread::runDetached(QStringLiteral("test-detached"), [&detachedDone](const StopToken& s) {
            while (!s.stopRequested())
                QThread::msleep(5);
            detachedDone = 1;
        });
        QCOMPARE(WorkerThread::liveThreadCount(), 2);
        WorkerThread::joinAll(); // returns only when both have ended
        QCOMPARE(WorkerThread::liveThreadCount(), 0);
        QCOMPARE(detachedDone.load(), 1);
        QVERIFY(deletedOn.load() != nullptr);
        QVERIFY(host.thread() == nullptr); // the host notices its thread is gone
        host.retire(); // and retiring it afterwards is harmless
    }

    void detachedWorkIsReapedWhenItEnds()
    {
        std::atomic_bool ran = false;
        WorkerThread::runDetached(QStringLiteral("test-oneshot"), [&ran](const StopToken&) { ran = true; });
        QTRY_VERIFY(ran.load());
        QTRY_COMPARE(WorkerThread::liveThreadCount(), 0);
    }

    void guardedLogsWhatItCatches()
    {
        QTest::ignoreMessage(QtCriticalMsg, "kafkalab: exception in test callback: boom");
        const int r = guarded(
            "test callback", []() -> int { throw std::runtime_error("boom"); }, -1);
        QCOMPARE(r, -1);
        QTest::ignoreMessage(QtCriticalMsg, "kafkalab: exception in void callback: unknown exception");
        guarded("void callback", [] { throw 42; });
        QCOMPARE(guarded(
                     "fine", [] { return 7; }, -1),
            7);
    }
};

QTEST_GUILESS_MAIN(TestWorkerThread)
#include "test_workerthread.moc"
