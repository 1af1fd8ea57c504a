#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace kafkalab::test {

// Measures how late a 20 ms timer fires: the longest lateness is the longest the event loop was blocked.
class StallWatchdog : public QObject {
public:
    StallWatchdog()
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this,
            [this] { m_maxStallMs = std::max<qint64>(m_maxStallMs, m_clock.restart() - 20); });
        m_clock.start();
        m_timer.start();
    }
    qint64 maxStallMs() const { return m_maxStallMs; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_maxStallMs = 0;
};

} // namespace kafkalab::test
