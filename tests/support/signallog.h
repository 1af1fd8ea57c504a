#pragma once

// test::SignalLog: records a signal's emissions for a test, like QSignalSpy, but safe for signals emitted on another
// thread. Qt 6.4's QSignalSpy appends on the emitting thread while the test thread reads it in wait() without a
// lock: torn reads, and lost wake-ups that make wait() sleep its whole timeout. A SignalLog receives every
// emission through a queued connection on the thread that created it (the test thread), so the log is only ever
// touched there; wait() runs that thread's event loop until a new emission has arrived.
//
//   test::SignalLog done(worker, &BrowserWorker::finished);
//   ... start the work ...
//   QVERIFY(done.wait(120000));
//   const ReadSummary summary = done.value(0);
//
// The signal's argument types must be known to Qt's meta-type system (as for any queued connection).

#include <QObject>
#include <QTest>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <vector>

namespace kafkalab::test {

template <typename... Args> class SignalLog {
public:
    using Call = std::tuple<Args...>;

    template <typename Sender, typename Owner, typename... SignalArgs>
    SignalLog(const Sender* sender, void (Owner::*signal)(SignalArgs...))
    {
        static_assert(std::is_base_of_v<Owner, Sender>, "the signal must belong to the sender");
        m_connected = bool(QObject::connect(
            sender, signal, &m_receiver, [this](const SignalArgs&... args) { m_calls.emplace_back(args...); },
            Qt::QueuedConnection));
    }
    SignalLog(const SignalLog&) = delete;
    SignalLog& operator=(const SignalLog&) = delete;

    bool isValid() const { return m_connected; }
    // Emissions delivered to this thread so far; call wait() (or run the event loop) to take in later ones.
    qsizetype count() const { return qsizetype(m_calls.size()); }
    bool isEmpty() const { return m_calls.empty(); }
    const Call& at(qsizetype i) const { return m_calls.at(size_t(i)); }
    const Call& first() const { return m_calls.front(); }
    const Call& last() const { return m_calls.back(); }
    // Argument N of emission i.
    template <std::size_t N = 0> const auto& value(qsizetype i) const { return std::get<N>(at(i)); }
    void clear() { m_calls.clear(); }

    // Waits up to `timeoutMs` for an emission after those already taken in (one queued before the call counts):
    // true when one has arrived.
    bool wait(int timeoutMs = 5000) { return waitForCount(count() + 1, timeoutMs); }
    // Waits up to `timeoutMs` until at least `n` emissions have arrived.
    bool waitForCount(qsizetype n, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return count() >= n; }, timeoutMs);
    }

private:
    std::vector<Call> m_calls; // declared before m_receiver: the connection goes first
    QObject m_receiver; // lives on the creating thread: the queued calls run there
    bool m_connected = false;
};

template <typename Sender, typename Owner, typename... SignalArgs>
SignalLog(const Sender*, void (Owner::*)(SignalArgs...)) -> SignalLog<std::decay_t<SignalArgs>...>;

} // namespace kafkalab::test
