#include "kafkacore/client/workerthread.h"

#include <QCoreApplication>
#include <QMutex>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <vector>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

// ThreadSanitizer builds (preset tsan): QThread::wait() on a thread that has already finished returns on a flag
// guarded by Qt's futex-based QMutex, which TSAN does not see, so everything the thread did (its last touch of the
// `finished` handler, say) looks raced with its deletion. The ending thread releases its entry; whoever deletes
// the thread acquires it. No code in other builds.
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#define KAFKALAB_TSAN_ACQUIRE(p) __tsan_acquire(p)
#define KAFKALAB_TSAN_RELEASE(p) __tsan_release(p)
#else
#define KAFKALAB_TSAN_ACQUIRE(p) static_cast<void>(p)
#define KAFKALAB_TSAN_RELEASE(p) static_cast<void>(p)
#endif

namespace kafkalab {

// One per thread made here. `thread` is touched only on the thread that made it (the application's main thread in
// practice); `finished` is set by the thread itself as it ends.
struct WorkerThread::Entry {
    QThread* thread = nullptr;
    StopToken stop;
    std::function<void()> onStop; // set flags on the worker; called at most once at exit or on retire
    std::atomic_bool finished = false;
    bool retired = false;
};

namespace {

struct Registry {
    QMutex mutex;
    std::vector<std::shared_ptr<WorkerThread::Entry>> entries;
    bool postRoutineAdded = false;
};

Registry& registry()
{
    static Registry r;
    return r;
}

void removeEntry(const std::shared_ptr<WorkerThread::Entry>& entry)
{
    Registry& r = registry();
    QMutexLocker lock(&r.mutex);
    std::erase(r.entries, entry);
}

// Deletes a finished thread on the thread that made it.
void reap(const std::shared_ptr<WorkerThread::Entry>& entry)
{
    if (!entry->thread)
        return; // joinAll() got there first
    // finished() is emitted before the thread deletes its worker (a deferred delete, run after it): that can take a
    // while (a producer's last flush, librdkafka's destroy), so the GUI thread comes back later rather than wait.
    if (!entry->thread->isFinished()) {
        QTimer::singleShot(20, QCoreApplication::instance(), [entry] { reap(entry); });
        return;
    }
    removeEntry(entry);
    entry->thread->wait(); // it has emitted finished(): returns at once
    KAFKALAB_TSAN_ACQUIRE(entry.get());
    delete std::exchange(entry->thread, nullptr);
}

void registerThread(const std::shared_ptr<WorkerThread::Entry>& entry)
{
    QThread* thread = entry->thread;
    // Runs on the ending thread itself; the deletion is queued back to the thread that made it.
    QObject::connect(
        thread, &QThread::finished, thread,
        [weak = std::weak_ptr<WorkerThread::Entry>(entry), owner = QThread::currentThread()] {
            auto e = weak.lock();
            if (!e)
                return;
            e->finished = true;
            if (auto* app = QCoreApplication::instance(); app && app->thread() == owner)
                QMetaObject::invokeMethod(
                    app, [e] { reap(e); }, Qt::QueuedConnection);
            KAFKALAB_TSAN_RELEASE(e.get()); // last: nothing of this handler is touched after it
        },
        Qt::DirectConnection);
    Registry& r = registry();
    QMutexLocker lock(&r.mutex);
    r.entries.push_back(entry);
    if (!r.postRoutineAdded && QCoreApplication::instance()) {
        r.postRoutineAdded = true;
        qAddPostRoutine(&WorkerThread::joinAll);
    }
}

// Runs on the thread itself, first thing: a few steps nicer than the thread that made it. Best effort (a failure
// leaves the thread at normal priority, which is only slower to yield). QThread::setPriority cannot do this on Linux:
// under SCHED_OTHER it has one priority level (and IdlePriority, SCHED_IDLE, would starve the read on a busy machine).
void lowerOwnPriority()
{
#if defined(Q_OS_LINUX)
    constexpr int kBackgroundNiceness = 5; // about a third of a normal thread's CPU share when both want a core
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0)
        ::setpriority(PRIO_PROCESS, tid, std::min(current + kBackgroundNiceness, 19));
#endif
}

} // namespace

WorkerThread::WorkerThread(const QString& name, Priority priority)
    : m_entry(std::make_shared<Entry>())
{
    m_entry->stop = m_stop;
    m_entry->thread = new QThread;
    m_entry->thread->setObjectName(name);
    if (priority == Priority::Background)
        QObject::connect(m_entry->thread, &QThread::started, m_entry->thread, &lowerOwnPriority, Qt::DirectConnection);
    registerThread(m_entry);
    m_entry->thread->start();
}

WorkerThread::~WorkerThread()
{
    retire();
}

QThread* WorkerThread::thread() const
{
    return m_entry->thread;
}

bool WorkerThread::isRunning() const
{
    return m_entry->thread && !m_entry->finished && !m_entry->retired;
}

void WorkerThread::adoptObject(QObject* worker, std::function<void()> onStop)
{
    Q_ASSERT(!m_worker && worker && !worker->parent());
    if (!m_entry->thread || m_entry->retired) {
        delete worker;
        return;
    }
    m_worker = worker;
    m_entry->onStop = std::move(onStop);
    worker->moveToThread(m_entry->thread);
    QObject::connect(m_entry->thread, &QThread::finished, worker, &QObject::deleteLater);
}

void WorkerThread::requestStop()
{
    m_stop.requestStop();
    if (m_worker && m_entry->onStop)
        m_entry->onStop();
}

void WorkerThread::retire()
{
    if (m_entry->retired)
        return;
    requestStop();
    m_entry->retired = true;
    m_entry->onStop = {};
    m_worker = nullptr;
    if (m_entry->thread)
        m_entry->thread->quit();
}

void WorkerThread::joinAll()
{
    for (;;) {
        std::vector<std::shared_ptr<Entry>> entries;
        {
            Registry& r = registry();
            QMutexLocker lock(&r.mutex);
            entries.swap(r.entries);
        }
        if (entries.empty())
            return;
        for (const auto& e : entries) {
            e->stop.requestStop();
            if (e->onStop)
                std::exchange(e->onStop, {})();
            if (e->thread)
                e->thread->quit();
        }
        for (const auto& e : entries) {
            if (!e->thread)
                continue;
            e->thread->wait();
            KAFKALAB_TSAN_ACQUIRE(e.get());
            delete std::exchange(e->thread, nullptr);
        }
    }
}

int WorkerThread::liveThreadCount()
{
    Registry& r = registry();
    QMutexLocker lock(&r.mutex);
    return int(r.entries.size());
}

void WorkerThread::runDetached(const QString& name, std::function<void(const StopToken&)> fn, StopToken stop)
{
    auto entry = std::make_shared<Entry>();
    entry->stop = stop;
    entry->retired = true;
    entry->thread = QThread::create([fn = std::move(fn), stop = std::move(stop)] { fn(stop); });
    entry->thread->setObjectName(name);
    registerThread(entry);
    entry->thread->start();
}

} // namespace kafkalab
