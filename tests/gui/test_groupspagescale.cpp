// The Groups page at scale, offscreen (issue 16): 2,000 groups whose lag changes at every refresh keep the event loop
// responsive, a refresh announces its changes in a bounded number of ranges (it was one dataChanged per group, and
// each one fitted the columns again), and a page nobody sees does not poll its cluster.
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/groups/groupspage.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace kafkalab;

namespace {

// 2,000 groups of 4 partitions each; the lag of every group changes with `round`.
std::vector<GroupDescription> groupsAt(int round)
{
    std::vector<GroupDescription> out;
    out.reserve(2000);
    for (int i = 0; i < 2000; ++i) {
        GroupDescription g;
        g.id = QStringLiteral("bench.group-%1").arg(i, 4, 10, QLatin1Char('0'));
        g.type = QStringLiteral("classic");
        g.state = i % 5 == 0 ? QStringLiteral("Empty") : QStringLiteral("Stable");
        g.protocol = QStringLiteral("consumer");
        g.assignor = QStringLiteral("range");
        g.coordinatorId = 1;
        for (int p = 0; p < 4; ++p) {
            GroupOffset o;
            o.topic = QStringLiteral("orders");
            o.partition = p;
            o.committed = 1000 + 10 * round;
            o.highWatermark = o.committed + (i * 7 + round * 13 + p) % 5000;
            o.timeLagMs = int64_t((i + round) % 90) * 1000;
            g.offsets.append(o);
        }
        out.push_back(g);
    }
    return out;
}

} // namespace

class TestGroupsPageScale : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void twoThousandChangingGroupsNeverStallTheLoop()
    {
        GroupsPage page;
        page.resize(1280, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTableView* view = page.groupView();
        // Sorted by lag, descending: every refresh moves rows in the sorted view too.
        view->sortByColumn(GroupListModel::Lag, Qt::DescendingOrder);
        page.groups()->merge(groupsAt(0));
        QCOMPARE(page.groups()->rowCount(), 2000);
        // The columns were fitted once, at the first fill; a refresh leaves the user's widths alone.
        const int stateWidth = view->columnWidth(GroupListModel::State);
        QVERIFY(stateWidth > 0);
        view->setColumnWidth(GroupListModel::Members, 333);
        QTest::qWait(50);

        // Select one group: the selection follows it through the refreshes, and so does the detail pane.
        const QString chosen = QStringLiteral("bench.group-0042");
        QVERIFY(page.selectGroup(chosen));

        test::StallWatchdog watchdog;
        QSignalSpy changes(page.groups(), &QAbstractItemModel::dataChanged);
        int maxSignals = 0;
        for (int round = 1; round <= 12; ++round) {
            changes.clear();
            page.groups()->merge(groupsAt(round));
            maxSignals = std::max(maxSignals, int(changes.size()));
            QVERIFY(changes.size() >= 1);
            QTest::qWait(150); // the view repaints, the proxy re-sorts, the timer is served
        }
        qInfo("longest stall %lld ms over 12 refreshes of 2,000 changing groups, at most %d dataChanged a refresh",
            qlonglong(watchdog.maxStallMs()), maxSignals);
        QVERIFY2(maxSignals <= int(GroupListModel::MaxChangedRanges),
            qPrintable(QStringLiteral("%1 dataChanged signals in one refresh").arg(maxSignals)));
        QVERIFY2(watchdog.maxStallMs() < 200, qPrintable(QStringLiteral("stall %1 ms").arg(watchdog.maxStallMs())));

        QCOMPARE(view->columnWidth(GroupListModel::Members), 333);
        const QModelIndexList selected = view->selectionModel()->selectedRows(GroupListModel::Group);
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data().toString(), chosen);
        // The view is sorted by the new lags: descending down the column.
        qlonglong previous = std::numeric_limits<qlonglong>::max();
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            const qlonglong lag
                = view->model()->index(r, GroupListModel::Lag).data(GroupListModel::SortRole).toLongLong();
            QVERIFY2(lag <= previous, qPrintable(QStringLiteral("row %1").arg(r)));
            previous = lag;
        }
    }

    // A page on another tab or in a minimized window reads nothing; shown again, it reads at once.
    void aHiddenPageDoesNotPoll()
    {
        const QString bootstrap = test::fixtureBootstrap();
        QVERIFY2(!bootstrap.isEmpty(), "no fixture broker: run through ctest");
        GroupsPage page;
        page.setRefreshInterval(300);
        page.resize(1000, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy requests(&page, &GroupsPage::refreshRequested);
        QSignalSpy answers(&page, &GroupsPage::refreshed);
        page.setConnection({ ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) });
        QTRY_VERIFY_WITH_TIMEOUT(answers.size() >= 3, 60000); // polling while shown
        QVERIFY(page.polling());

        page.hide();
        QVERIFY(!page.polling());
        QTRY_VERIFY_WITH_TIMEOUT(answers.size() == requests.size(), 30000); // the read under way comes in
        const qsizetype asked = requests.size();
        QTest::qWait(1500); // five intervals
        QCOMPARE(requests.size(), asked);

        page.show();
        QVERIFY(page.polling());
        QCOMPARE(requests.size(), asked + 1); // at once, not an interval later
        QTRY_VERIFY_WITH_TIMEOUT(answers.size() > asked, 30000);

        page.showMinimized();
        QTRY_VERIFY_WITH_TIMEOUT(answers.size() == requests.size(), 30000);
        if (page.isMinimized()) { // the offscreen platform may not minimize
            const qsizetype minimized = requests.size();
            QTest::qWait(1500);
            QCOMPARE(requests.size(), minimized);
            page.showNormal();
            QTRY_VERIFY_WITH_TIMEOUT(requests.size() > minimized, 5000);
        }
    }
};

QTEST_MAIN(TestGroupsPageScale)
#include "test_groupspagescale.moc"
