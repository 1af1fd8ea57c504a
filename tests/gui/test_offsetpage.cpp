// The offset stepper, offscreen, on the ctest fixture's broker: commit-after-processing driven by hand with clicks
// (produce, poll, process OK, commit this message, poll, process FAIL, crash, restart, poll), checking the
// partition table and the message log after each step.
#include "fixturewindow.h"
#include "mainwindow.h"
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/scenarios/offsetpage.h"

#include <QComboBox>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

using namespace kafkalab;

class TestOffsetPage : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    OffsetPage* m_page = nullptr;

    bool click(const QString& button)
    {
        QPushButton* b = m_page->button(button);
        if (!b || !b->isEnabled())
            return false;
        QSignalSpy observed(m_page, &OffsetPage::stepObserved);
        QTest::mouseClick(b, Qt::LeftButton);
        return observed.wait(60000) && observed.first().first().value<ScenarioObservation>().ok;
    }
    QString partitionCell(int column) const { return m_page->partitionTable()->item(0, column)->text(); }
    // The message log's row for a value: {delivered, fate}.
    QStringList messageRow(const QString& value) const
    {
        QTableWidget* t = m_page->messageTable();
        for (int r = 0; r < t->rowCount(); ++r)
            if (t->item(r, 4)->text() == value)
                return { t->item(r, 5)->text(), t->item(r, 6)->text() };
        return {};
    }
    bool enabled(const char* button) const { return m_page->button(QString::fromLatin1(button))->isEnabled(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->state(), ClusterSession::State::Connected, 30000);
        m_page = m_window->offsetPage();
        m_page->partitionCountBox()->setValue(1); // one partition: offsets in the order of sending
        QSignalSpy prepared(m_page, &OffsetPage::prepared);
        QSignalSpy observed(m_page, &OffsetPage::stepObserved);
        m_window->tabs()->setCurrentWidget(m_page);
        QVERIFY(prepared.wait(60000));
        QVERIFY(prepared.first().first().toBool());
        QVERIFY(observed.count() > 0 || observed.wait(30000)); // the first look
    }

    // Before anything is produced: no step in the log that nobody took, and no -1 posing as a watermark or a lag.
    void firstLookIsTruthful()
    {
        QCOMPARE(m_page->stepLog()->count(), 0);
        const QString high = partitionCell(4);
        const QString lag = partitionCell(5);
        QVERIFY2(high == QStringLiteral("0") || high == QStringLiteral("unknown"), qPrintable(high));
        QCOMPARE(lag, high == QStringLiteral("0") ? QStringLiteral("nothing to read") : QStringLiteral("unknown"));
    }

    void commitAfterProcessingByHand()
    {
        test::StallWatchdog watchdog;
        QVERIFY(enabled("Poll"));
        QVERIFY(!enabled("Process OK")); // nothing polled yet
        QVERIFY(!enabled("Restart")); // it runs
        m_page->produceCountBox()->setValue(3);
        QVERIFY(click(QStringLiteral("Produce")));
        QCOMPARE(m_page->stepLog()->count(), 1);
        QVERIFY2(m_page->stepLog()->item(0)->text().startsWith(QStringLiteral("1. source send")),
            qPrintable(m_page->stepLog()->item(0)->text()));
        QTRY_COMPARE(partitionCell(4), QStringLiteral("3")); // high watermark
        QCOMPARE(partitionCell(5), QStringLiteral("all (3)"));
        QCOMPARE(partitionCell(3), QStringLiteral("none")); // nothing committed yet

        QVERIFY(click(QStringLiteral("Poll")));
        QCOMPARE(messageRow(QStringLiteral("payment-1")), QStringList({ "once", "delivered" }));
        QVERIFY(enabled("Process OK"));
        QVERIFY(click(QStringLiteral("Process OK")));
        QCOMPARE(messageRow(QStringLiteral("payment-1")).value(1), QStringLiteral("processed"));
        m_page->commitScopeBox()->setCurrentIndex(1); // just this message
        QVERIFY(click(QStringLiteral("Commit")));
        // Committed = last processed + 1.
        QCOMPARE(partitionCell(3), QStringLiteral("1"));
        QCOMPARE(partitionCell(5), QStringLiteral("2")); // lag
        QCOMPARE(messageRow(QStringLiteral("payment-1")).value(1), QStringLiteral("committed"));

        QVERIFY(click(QStringLiteral("Poll")));
        QVERIFY(click(QStringLiteral("Process FAIL")));
        QCOMPARE(messageRow(QStringLiteral("payment-2")).value(1), QStringLiteral("failed"));
        QVERIFY(click(QStringLiteral("Crash")));
        QVERIFY(enabled("Restart"));
        QVERIFY(!enabled("Poll"));
        QCOMPARE(partitionCell(3), QStringLiteral("1")); // the failure was not committed
        QVERIFY(click(QStringLiteral("Restart")));
        QVERIFY(click(QStringLiteral("Poll")));
        const QStringList again = messageRow(QStringLiteral("payment-2"));
        QCOMPARE(again.value(0), QStringLiteral("2 times"));
        // Two deliveries: the first and one redelivery (never "redelivered ×2" beside "2 times").
        QVERIFY2(again.value(1).startsWith(QStringLiteral("redelivered once")), qPrintable(again.value(1)));
        QCOMPARE(messageRow(QStringLiteral("payment-1")).value(0), QStringLiteral("once"));
        QVERIFY(click(QStringLiteral("Process OK")));
        m_page->commitScopeBox()->setCurrentIndex(0); // all consumed
        m_page->commitModeBox()->setCurrentIndex(1); // async: the next look shows it
        QVERIFY(click(QStringLiteral("Commit")));
        QVERIFY(click(QStringLiteral("Wait")));
        QCOMPARE(partitionCell(2), QStringLiteral("2")); // position: the next to read
        QCOMPARE(partitionCell(3), QStringLiteral("2"));
        QCOMPARE(partitionCell(5), QStringLiteral("1"));
        QVERIFY(watchdog.maxStallMs() < 200);
    }
};

QTEST_MAIN(TestOffsetPage)
#include "test_offsetpage.moc"
