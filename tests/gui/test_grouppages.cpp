// The Groups and Group lab pages, offscreen, on the ctest fixture's broker.
#include "fixturewindow.h"
#include "mainwindow.h"
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/common/customplot.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/groups/groupresetbox.h"
#include "widgets/groups/groupspage.h"
#include "widgets/groups/rebalancetimeline.h"
#include "widgets/scenarios/lessonsteps.h"
#include "widgets/scenarios/scenariobar.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QUuid>

using namespace kafkalab;

// Partitions (board rows) with exactly one owner among the members (columns).
static int rowsWithOneOwner(QTableWidget* board)
{
    int rows = 0;
    for (int r = 0; r < board->rowCount(); ++r) {
        int owners = 0;
        for (int c = 0; c < board->columnCount(); ++c)
            owners += board->item(r, c) && board->item(r, c)->data(Qt::UserRole).toBool() ? 1 : 0;
        rows += owners == 1 ? 1 : 0;
    }
    return rows;
}

class TestGroupPages : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    QString m_group;

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        m_window->resize(1280, 800); // the size the window takes on a large screen (offscreen's is 800x600)
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session()->snapshot().topic(QStringLiteral("topic1")), 30000);
        // Messages for the members to consume and commit, so that the group keeps offsets after they leave.
        QCOMPARE(test::run(QStringLiteral("kcat"), { "-b", test::fixtureBootstrap(), "-P", "-t", "topic1", "-K:" },
                     30000, "a:1\nb:2\nc:3\nd:4\ne:5\nf:6\n")
                     .exitCode,
            0);
        m_group = QStringLiteral("gui-lab-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    }

    void labMembersSplitTheBoardAndTheTimelineShowsThem()
    {
        GroupLabPage* lab = m_window->groupLabPage();
        m_window->tabs()->setCurrentWidget(lab);
        test::StallWatchdog watchdog;
        lab->groupEdit()->setText(m_group);
        lab->topicsEdit()->setText(QStringLiteral("nope.nope"));
        QTest::mouseClick(lab->addButton(), Qt::LeftButton);
        QVERIFY2(lab->formError()->text().contains(QLatin1String("not a topic")), qPrintable(lab->formError()->text()));
        QCOMPARE(lab->lab()->members().size(), 0);

        lab->topicsEdit()->setText(QStringLiteral("topic1"));
        lab->sessionTimeoutSpin()->setValue(6000);
        QTest::mouseClick(lab->addButton(), Qt::LeftButton);
        QTest::mouseClick(lab->addButton(), Qt::LeftButton);
        QCOMPARE(lab->lab()->members(), QStringList({ "A", "B" }));
        QTRY_COMPARE_WITH_TIMEOUT(lab->board()->rowCount(), 3, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(rowsWithOneOwner(lab->board()), 3, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(lab->timeline()->spanCount() >= 3, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            lab->memberTable()->item(0, 2)->text().startsWith(QLatin1String("running, owns")), 10000);

        lab->memberTable()->selectRow(1);
        QTest::mouseClick(lab->actionButton(QStringLiteral("Crash")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(lab->memberTable()->item(1, 2)->text().startsWith(QLatin1String("crash")), 10000);
        // A takes everything once B's session has expired, and the rebalance is labelled on the timeline.
        QTRY_VERIFY_WITH_TIMEOUT(
            lab->memberTable()->item(0, 2)->text().startsWith(QLatin1String("running, owns 3")), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(lab->timeline()->episodeLabelCount() >= 1, 10000);
        QVERIFY(lab->lab()->doubleOwnership().isEmpty());
        QVERIFY2(watchdog.maxStallMs() < 200, qPrintable(QString::number(watchdog.maxStallMs())));
    }

    void groupsPageDescribesTheGroupAndRefusesResetWhileActive()
    {
        GroupsPage* page = m_window->groupsPage();
        m_window->tabs()->setCurrentWidget(page);
        test::StallWatchdog watchdog;
        QSignalSpy refreshed(page, &GroupsPage::refreshed);
        page->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(
            page->groups()->find(m_group) && page->groups()->find(m_group)->members.size() == 1, 30000);
        QVERIFY(page->selectGroup(m_group));
        QCOMPARE(page->memberTable()->rowCount(), 1);
        QCOMPARE(page->memberTable()->item(0, 1)->text(), QStringLiteral("A"));
        // At 1280×800 every column of the group list is on screen, the lag (the last) included.
        QTableView* list = page->groupView();
        const int lagEnd = list->columnViewportPosition(GroupListModel::Lag) + list->columnWidth(GroupListModel::Lag);
        QVERIFY2(lagEnd <= list->viewport()->width(),
            qPrintable(QStringLiteral("%1 > %2").arg(lagEnd).arg(list->viewport()->width())));
        // The time lag (now the last column) too, and the chart plots it next to the lag: the group has a time lag
        // (A commits what it consumed, so 0 where it caught up), never "unknown" for every partition.
        const int timeLagEnd
            = list->columnViewportPosition(GroupListModel::TimeLag) + list->columnWidth(GroupListModel::TimeLag);
        QVERIFY2(timeLagEnd <= list->viewport()->width(),
            qPrintable(QStringLiteral("%1 > %2").arg(timeLagEnd).arg(list->viewport()->width())));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                page->refresh();
                return page->lagPlot()->graph(1)->dataCount() > 0;
            }(),
            30000);
        GroupResetBox* box = page->resetBox();
        box->kindBox()->setCurrentIndex(box->kindBox()->findData(QStringLiteral("earliest")));
        QSignalSpy reset(page, &GroupsPage::resetFinished);
        QTest::mouseClick(page->previewButton(), Qt::LeftButton);
        QVERIFY(reset.wait(30000));
        QVERIFY2(page->resetMessage()->text().contains(QLatin1String("active member")),
            qPrintable(page->resetMessage()->text()));
        QVERIFY(!page->applyButton()->isEnabled());
        // The refusal was about "earliest": another target drops it.
        box->kindBox()->setCurrentIndex(box->kindBox()->findData(QStringLiteral("latest")));
        QVERIFY(page->resetMessage()->isHidden());

        // Once the lab's members are gone, a preview is offered and applying it commits.
        m_window->groupLabPage()->lab()->stopAll();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                page->refresh();
                const GroupDescription* g = page->groups()->find(m_group);
                return g && g->members.isEmpty();
            }(),
            30000);
        box->kindBox()->setCurrentIndex(box->kindBox()->findData(QStringLiteral("offset")));
        box->numberEdit()->clear();
        QTest::keyClicks(box->numberEdit(), QStringLiteral("sideways"));
        QTest::mouseClick(page->previewButton(), Qt::LeftButton);
        QVERIFY2(page->resetMessage()->text().contains(QLatin1String("not an offset")),
            qPrintable(page->resetMessage()->text()));
        QCOMPARE(box->numberEdit()->text(), QStringLiteral("sideways")); // nothing typed is lost
        box->kindBox()->setCurrentIndex(box->kindBox()->findData(QStringLiteral("earliest")));
        QVERIFY(page->resetMessage()->isHidden());
        reset.clear();
        QTest::mouseClick(page->previewButton(), Qt::LeftButton);
        QVERIFY(reset.wait(30000));
        QVERIFY2(page->resetMessage()->isHidden(), qPrintable(page->resetMessage()->text()));
        QCOMPARE(page->previewTable()->rowCount(), 3);
        QVERIFY(page->applyButton()->isEnabled());

        // A preview is about the group, topic and target it was made for: any change drops it.
        box->kindBox()->setCurrentIndex(box->kindBox()->findData(QStringLiteral("latest")));
        QCOMPARE(page->previewTable()->rowCount(), 0);
        QVERIFY(!page->applyButton()->isEnabled());
        box->kindBox()->setCurrentIndex(box->kindBox()->findData(QStringLiteral("earliest")));
        reset.clear();
        QTest::mouseClick(page->previewButton(), Qt::LeftButton);
        QVERIFY(reset.wait(30000));
        QCOMPARE(page->previewTable()->rowCount(), 3);

        // The confirmation says how many messages the group consumes again: current - new, summed.
        const QLocale locale;
        qlonglong again = 0;
        for (int r = 0; r < 3; ++r) {
            const qlonglong current = locale.toLongLong(page->previewTable()->item(r, 1)->text());
            const qlonglong next = locale.toLongLong(page->previewTable()->item(r, 2)->text());
            again += current - next;
        }
        QVERIFY(again > 0); // the lab's members committed past the six messages sent at the start
        QTest::mouseClick(page->applyButton(), Qt::LeftButton);
        QTRY_VERIFY(box->confirmation());
        const QString expected = QStringLiteral("%1 messages will be consumed again").arg(locale.toString(again));
        QVERIFY2(box->confirmation()->informativeText().contains(expected),
            qPrintable(box->confirmation()->informativeText()));
        reset.clear();
        QTest::mouseClick(box->confirmation()->button(QMessageBox::Yes), Qt::LeftButton);
        QVERIFY(reset.wait(30000));
        QCOMPARE(reset.first().first().toBool(), true);
        // And says it was done.
        QVERIFY2(box->resultLabel()->isVisible() && box->resultLabel()->text().contains(QLatin1String("Done:"))
                && box->resultLabel()->text().contains(expected),
            qPrintable(box->resultLabel()->text()));

        // A date and time from a picker, not milliseconds typed by hand: a day ahead is past every message, so
        // the preview moves every partition to its end and the group would skip what it has not read.
        box->kindBox()->setCurrentIndex(box->kindBox()->findData(QStringLiteral("timestamp")));
        QVERIFY(box->timeEdit()->isVisible());
        QVERIFY(box->resultLabel()->isHidden()); // the success was about the earlier target
        box->timeEdit()->setDateTime(QDateTime::currentDateTime().addDays(1));
        reset.clear();
        QTest::mouseClick(page->previewButton(), Qt::LeftButton);
        QVERIFY(reset.wait(30000));
        QCOMPARE(page->previewTable()->rowCount(), 3);
        qlonglong skipped = 0;
        for (int r = 0; r < 3; ++r)
            skipped += locale.toLongLong(page->previewTable()->item(r, 2)->text())
                - locale.toLongLong(page->previewTable()->item(r, 1)->text());
        QVERIFY(skipped > 0);
        QVERIFY2(box->resultLabel()->text().contains(
                     QStringLiteral("%1 messages will be skipped").arg(locale.toString(skipped))),
            qPrintable(box->resultLabel()->text()));

        // Another selection (here none) drops the preview.
        page->groupView()->clearSelection();
        QCOMPARE(page->previewTable()->rowCount(), 0);
        QVERIFY(!page->applyButton()->isEnabled());
        QVERIFY2(watchdog.maxStallMs() < 200, qPrintable(QString::number(watchdog.maxStallMs())));
    }

    // Reset lab: the members it ran leave, and the board, the member table and the timeline start empty.
    void resetLabLeavesTheLabAsNew()
    {
        GroupLabPage* lab = m_window->groupLabPage();
        m_window->tabs()->setCurrentWidget(lab);
        lab->groupEdit()->setText(m_group + QStringLiteral("-reset"));
        lab->topicsEdit()->setText(QStringLiteral("topic1"));
        QTest::mouseClick(lab->addButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(rowsWithOneOwner(lab->board()), 3, 60000);
        QVERIFY(lab->memberTable()->rowCount() > 0);
        lab->lessonBar()->bar()->resetButton()->click();
        QVERIFY(lab->lab()->members().isEmpty());
        QCOMPARE(lab->memberTable()->rowCount(), 0);
        QCOMPARE(lab->board()->rowCount(), 0);
        QCOMPARE(lab->timeline()->spanCount(), 0);
        QCOMPARE(lab->lessonBar()->bar()->box()->currentIndex(), 0);
        QVERIFY(lab->lessonBar()->steps()->isHidden());
        QVERIFY(lab->addButton()->isEnabled());
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestGroupPages)
#include "test_grouppages.moc"
