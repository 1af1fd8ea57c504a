// test::SignalLog, the tests' spy for signals emitted on other threads: nothing lost, nothing torn, in order, and
// wait() wakes for an emission that happened before it was called.
#include "signallog.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>
#include <vector>

using namespace kafkalab;

namespace {

class Emitter : public QObject {
    Q_OBJECT
public:
    void emitMany(int from, int count)
    {
        for (int i = from; i < from + count; ++i)
            Q_EMIT ping(i, QString::number(i));
    }
Q_SIGNALS:
    void ping(int i, const QString& text);
    void done();
};

// Runs `work` on a thread of its own and joins it.
template <typename F> void onAnotherThread(F work)
{
    std::unique_ptr<QThread> t(QThread::create(work));
    t->start();
    t->wait();
}

} // namespace

class TestSignalLog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void manyEmissionsFromAnotherThreadAreAllKeptInOrder()
    {
        constexpr int kCount = 200000;
        Emitter emitter;
        test::SignalLog log(&emitter, &Emitter::ping);
        QVERIFY(log.isValid());
        std::unique_ptr<QThread> t(QThread::create([&emitter] { emitter.emitMany(0, kCount); }));
        t->start();
        // Read while the other thread is still emitting.
        while (log.count() < kCount && log.wait(30000)) { }
        QVERIFY(t->wait(30000));
        QCOMPARE(int(log.count()), kCount);
        for (int i = 0; i < kCount; ++i) {
            QCOMPARE(log.value<0>(i), i);
            QCOMPARE(log.value<1>(i), QString::number(i));
        }
        QVERIFY(!log.wait(50)); // and nothing more
    }

    void twoThreadsAtOnce()
    {
        constexpr int kEach = 50000;
        Emitter emitter;
        test::SignalLog log(&emitter, &Emitter::ping);
        std::unique_ptr<QThread> a(QThread::create([&emitter] { emitter.emitMany(0, kEach); }));
        std::unique_ptr<QThread> b(QThread::create([&emitter] { emitter.emitMany(kEach, kEach); }));
        a->start();
        b->start();
        QVERIFY(log.waitForCount(qsizetype(2) * kEach, 60000));
        a->wait();
        b->wait();
        std::vector<int> seen;
        for (qsizetype i = 0; i < log.count(); ++i)
            seen.push_back(log.value(i));
        std::sort(seen.begin(), seen.end());
        QCOMPARE(int(seen.size()), 2 * kEach);
        for (int i = 0; i < 2 * kEach; ++i)
            QCOMPARE(seen[size_t(i)], i);
    }

    // The emission happened before wait() was called (the thread is joined), but has not been taken in yet: wait()
    // still sees it. QSignalSpy::wait() would sleep its whole timeout here.
    void waitSeesAnEmissionQueuedBeforeIt()
    {
        Emitter emitter;
        test::SignalLog log(&emitter, &Emitter::done);
        onAnotherThread([&emitter] { Q_EMIT emitter.done(); });
        QCOMPARE(int(log.count()), 0); // queued, not delivered: only the test thread touches the log
        QElapsedTimer clock;
        clock.start();
        QVERIFY(log.wait(10000));
        QVERIFY(clock.elapsed() < 5000);
        QCOMPARE(int(log.count()), 1);
        QVERIFY(!log.wait(100));
    }

    void signalsOfAWorkerObjectOnItsThread()
    {
        QThread thread;
        auto* worker = new Emitter;
        worker->moveToThread(&thread);
        connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
        test::SignalLog log(worker, &Emitter::ping);
        thread.start();
        QMetaObject::invokeMethod(
            worker, [worker] { worker->emitMany(7, 3); }, Qt::QueuedConnection);
        QVERIFY(log.waitForCount(3, 10000));
        QCOMPARE(log.first(), std::make_tuple(7, QStringLiteral("7")));
        QCOMPARE(log.last(), std::make_tuple(9, QStringLiteral("9")));
        thread.quit();
        thread.wait();
    }

    void aLogGoneBeforeItsEmissionsArriveIsNotTouched()
    {
        Emitter emitter;
        {
            test::SignalLog log(&emitter, &Emitter::ping);
            onAnotherThread([&emitter] { emitter.emitMany(0, 1000); });
        } // 1000 queued calls to a receiver that is gone
        QTest::qWait(50);
    }
};

QTEST_GUILESS_MAIN(TestSignalLog)
#include "test_signallog.moc"
