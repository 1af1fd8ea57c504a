// The Groups and Group lab pages, offscreen, on the ctest fixture's broker.
#include "fixturewindow.h"
#include "grouplabpage.h"
#include "groupspage.h"
#include "mainwindow.h"
#include "rebalancetimeline.h"
#include "stallwatchdog.h"
#include "testsupport.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
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
        page->resetTarget()->setText(QStringLiteral("earliest"));
        QSignalSpy reset(page, &GroupsPage::resetFinished);
        QTest::mouseClick(page->previewButton(), Qt::LeftButton);
        QVERIFY(reset.wait(30000));
        QVERIFY2(page->resetMessage()->text().contains(QLatin1String("active member")),
            qPrintable(page->resetMessage()->text()));
        QVERIFY(!page->applyButton()->isEnabled());

        // Once the lab's members are gone, a preview is offered and applying it commits.
        m_window->groupLabPage()->lab()->stopAll();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                page->refresh();
                const GroupDescription* g = page->groups()->find(m_group);
                return g && g->members.isEmpty();
            }(),
            30000);
        page->resetTarget()->setText(QStringLiteral("sideways"));
        QTest::mouseClick(page->previewButton(), Qt::LeftButton);
        QVERIFY(page->resetMessage()->text().contains(QLatin1String("not a reset target")));
        page->resetTarget()->setText(QStringLiteral("earliest"));
        reset.clear();
        QTest::mouseClick(page->previewButton(), Qt::LeftButton);
        QVERIFY(reset.wait(30000));
        QVERIFY2(page->resetMessage()->isHidden(), qPrintable(page->resetMessage()->text()));
        QCOMPARE(page->previewTable()->rowCount(), 3);
        QVERIFY(page->applyButton()->isEnabled());
        page->confirmResets = false;
        reset.clear();
        QTest::mouseClick(page->applyButton(), Qt::LeftButton);
        QVERIFY(reset.wait(30000));
        QCOMPARE(reset.first().first().toBool(), true);
        QVERIFY2(watchdog.maxStallMs() < 200, qPrintable(QString::number(watchdog.maxStallMs())));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestGroupPages)
#include "test_grouppages.moc"
