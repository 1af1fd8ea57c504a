#pragma once

// The one place kafkalab makes threads (docs/architecture.md, "Threads and handles").
//
// A WorkerThread owns a QThread and the one worker object that lives on it. Its owner (a handle on the GUI or the
// CLI's main thread) posts work to the worker, asks it to stop, and retires it; nothing on the owner's thread ever
// waits for the worker. A retired thread finishes on its own (the worker's current call returns once it sees its
// stop flag), deletes its worker on the way out and is deleted afterwards. Threads still running when the
// application quits are joined once, at QCoreApplication's destruction, after their workers were told to stop.
//
// Work that is not a long-lived worker (an export, a file read, a sort) goes through runDetached(): a one-shot
// thread registered in the same place, with the same cancel and join rules.

#include <QMetaObject>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace kafkalab {

// A stop flag a worker polls between slices of its work; shared with its owner so that asking to stop never
// touches the worker object itself (which its thread may already have deleted).
class StopToken {
public:
    StopToken()
        : m_flag(std::make_shared<std::atomic_bool>(false))
    {
    }
    void requestStop() const { m_flag->store(true, std::memory_order_relaxed); }
    bool stopRequested() const { return m_flag->load(std::memory_order_relaxed); }
    // The flag itself, for calls that poll a plain atomic (valid while any copy of this token lives).
    const std::atomic_bool* flag() const { return m_flag.get(); }

private:
    std::shared_ptr<std::atomic_bool> m_flag;
};

class WorkerThread {
public:
    struct Entry; // one per thread made here (workerthread.cpp)

    // How the thread competes for the CPU. Background work that can take every cycle it gets (a bulk read of a
    // topic) yields to the GUI thread: on a machine with few cores the reader and librdkafka's own threads would
    // otherwise keep the event loop waiting for a core. Threads librdkafka starts from a worker inherit its niceness
    // (Linux niceness is per thread), so the handle's threads yield too.
    enum class Priority { Normal, Background };

    // `name` names the thread (visible in debuggers and crash reports). The thread starts at once.
    explicit WorkerThread(const QString& name, Priority priority = Priority::Normal);
    // Retires the thread: never blocks.
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    // Moves `worker` onto the thread, which then owns it (it is deleted on the thread when the thread finishes).
    // `onStop` is called on the owner's thread by requestStop() and retire(); it must only set flags.
    template <class W> W* adopt(W* worker, const std::function<void()>& onStop = {})
    {
        adoptObject(worker, onStop);
        return worker;
    }
    QObject* worker() const { return m_worker; }
    QThread* thread() const;
    bool isRunning() const;

    // Queues `fn(worker)` on the worker's thread. Does nothing once retired.
    template <class W, class F> void post(W* worker, F&& fn)
    {
        if (!m_worker || worker != m_worker || !thread()) // retired, or joined at exit
            return;
        QMetaObject::invokeMethod(
            worker, [worker, f = std::forward<F>(fn)]() mutable { f(worker); }, Qt::QueuedConnection);
    }

    // The shared stop flag: hand it to the worker so it can poll it.
    StopToken stopToken() const { return m_stop; }
    // Sets the stop flag and calls onStop. The worker stays usable (a cancelled bulk run, say).
    void requestStop();
    // Stops the worker and lets the thread end on its own; the worker pointer is dropped at once.
    void retire();

    // Joins every thread still running: called once at application exit (registered automatically with
    // qAddPostRoutine) and by tests. Each running worker is first told to stop.
    static void joinAll();
    // How many threads made here are still alive (running or not yet deleted).
    static int liveThreadCount();

    // Runs `fn` once on a thread of its own (registered like the others; `stop` is requested at application exit).
    // `fn` must poll `stop` if it can take long. Use for one-shot work; results go back through queued calls.
    static void runDetached(
        const QString& name, std::function<void(const StopToken& stop)> fn, StopToken stop = StopToken());

private:
    void adoptObject(QObject* worker, std::function<void()> onStop);

    std::shared_ptr<Entry> m_entry;
    QObject* m_worker = nullptr; // lives until its thread finishes, which only retire() or joinAll() start
    StopToken m_stop;
};

} // namespace kafkalab
