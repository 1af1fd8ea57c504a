// The transaction stepper, offscreen, on the ctest fixture's broker: by hand (buttons enabled only when valid,
// the two consumer panes, the LSO, fencing) and a shipped scenario stepped to its end.
#include "fixturewindow.h"
#include "mainwindow.h"
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/scenarios/transactionpage.h"
#include "widgets/scenarios/txstatediagram.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace kafkalab;

static QStringList texts(QListWidget* list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        out.append(list->item(i)->text());
    return out;
}

class TestTransactionPage : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    TransactionPage* m_page = nullptr;

    // Clicks a hand button and waits for its observation.
    bool click(const QString& button)
    {
        QPushButton* b = m_page->button(button);
        if (!b || !b->isEnabled())
            return false;
        QSignalSpy observed(m_page, &TransactionPage::stepObserved);
        QTest::mouseClick(b, Qt::LeftButton);
        return observed.wait(30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->state(), ClusterSession::State::Connected, 30000);
        m_page = m_window->transactionPage();
        QSignalSpy prepared(m_page, &TransactionPage::prepared);
        m_window->tabs()->setCurrentWidget(m_page);
        QVERIFY(prepared.wait(60000));
        QVERIFY(prepared.first().first().toBool());
    }

    void byHandCommitShowsWhatEachIsolationLevelSees()
    {
        test::StallWatchdog watchdog;
        // Only Init is possible before init_transactions.
        QVERIFY(m_page->button(QStringLiteral("Init"))->isEnabled());
        for (const char* b : { "Begin", "Send", "Commit", "Abort", "Send offsets" })
            QVERIFY2(!m_page->button(QString::fromLatin1(b))->isEnabled(), b);
        QVERIFY(click(QStringLiteral("Init")));
        QCOMPARE(producerStateName(m_page->diagram()->state()), QStringLiteral("ready"));
        QVERIFY(!m_page->button(QStringLiteral("Commit"))->isEnabled());
        QVERIFY(click(QStringLiteral("Begin")));
        QCOMPARE(producerStateName(m_page->diagram()->state()), QStringLiteral("in_transaction"));
        const QString value = QStringLiteral("hand-%1").arg(QDateTime::currentMSecsSinceEpoch());
        m_page->topicBox()->setCurrentText(QStringLiteral("topic1"));
        m_page->valueEdit()->setText(value);
        QVERIFY(click(QStringLiteral("Send")));
        // read_uncommitted sees it at once, read_committed does not, and the LSO holds back.
        QTRY_VERIFY_WITH_TIMEOUT(texts(m_page->uncommittedPane()).join('\n').contains(value), 10000);
        QVERIFY(!texts(m_page->committedPane()).join('\n').contains(value));
        bool open = false;
        for (int r = 0; r < m_page->partitionTable()->rowCount(); ++r)
            open |= m_page->partitionTable()->item(r, 4)->text().startsWith(QLatin1String("yes"));
        QVERIFY(open);
        QVERIFY(click(QStringLiteral("Commit")));
        QCOMPARE(producerStateName(m_page->diagram()->state()), QStringLiteral("ready"));
        // The committed pane shows it once the commit markers are written (the next step's poll, at the latest).
        if (!texts(m_page->committedPane()).join('\n').contains(value)) {
            QVERIFY(click(QStringLiteral("Begin")));
            QVERIFY(click(QStringLiteral("Abort")));
        }
        QVERIFY(texts(m_page->committedPane()).join('\n').contains(value));
        QVERIFY2(watchdog.maxStallMs() < 200, qPrintable(QString::number(watchdog.maxStallMs())));
    }

    void aSecondProducerFencesTheFirst()
    {
        if (m_page->diagram()->state() != ProducerState::Ready)
            QVERIFY(click(QStringLiteral("Abort")));
        QVERIFY(click(QStringLiteral("Begin")));
        QVERIFY(click(QStringLiteral("Send")));
        QVERIFY(click(QStringLiteral("Start a second producer with the same transactional.id")));
        QVERIFY(click(QStringLiteral("Commit")));
        QCOMPARE(producerStateName(m_page->diagram()->state()), QStringLiteral("fenced"));
        const QString last = m_page->stepLog()->item(m_page->stepLog()->count() - 1)->text();
        QVERIFY2(last.contains(QLatin1String("FENCED")), qPrintable(last));
        for (const char* b : { "Init", "Begin", "Send", "Commit", "Abort" })
            QVERIFY2(!m_page->button(QString::fromLatin1(b))->isEnabled(), b);
    }

    void aShippedScenarioStepsToItsEnd()
    {
        const int index = m_page->scenarioBox()->findText(QStringLiteral("exactly-once-abort"));
        QVERIFY(index > 0);
        m_page->scenarioBox()->setCurrentIndex(index);
        QSignalSpy prepared(m_page, &TransactionPage::prepared);
        m_page->load();
        QVERIFY(prepared.wait(60000));
        QVERIFY(!m_page->button(QStringLiteral("Begin"))->isEnabled()); // hand buttons are off for a scenario
        QSignalSpy observed(m_page, &TransactionPage::stepObserved);
        QTest::mouseClick(m_page->button(QStringLiteral("Step (F10)")), Qt::LeftButton);
        QVERIFY(observed.wait(30000));
        QCOMPARE(m_page->stepLog()->count(), 1);
        QSignalSpy finished(m_page, &TransactionPage::finished);
        QTest::mouseClick(m_page->button(QStringLiteral("Run to end")), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QVERIFY(finished.first().first().toBool());
        QVERIFY(texts(m_page->committedPane()).isEmpty()); // aborted: read_committed never sees them
        QCOMPARE(m_page->uncommittedPane()->count(), 2);
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestTransactionPage)
#include "test_transactionpage.moc"
