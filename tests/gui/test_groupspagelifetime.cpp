// The groups page owns no thread: its GroupsMonitor's WorkerThread is retired at a reconnect and at destruction,
// never waited for and never parented to the page. Destroying the page right after a reconnect to an unreachable
// cluster (the old worker still inside its ListGroups wait) used to abort: "QThread: Destroyed while thread is still
// running".
#include "kafkacore/client/workerthread.h"
#include "kafkacore/groups/groupsmonitor.h"
#include "widgets/groups/groupspage.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace kafkalab;

namespace {
// Nothing listens on the discard port: every request of the groups worker waits for its timeout.
QList<ClientProperty> unreachable(int port)
{
    return { ClientProperty::of(QStringLiteral("bootstrap.servers"), QStringLiteral("127.0.0.1:%1").arg(port)),
        ClientProperty::of(QStringLiteral("reconnect.backoff.max.ms"), QStringLiteral("100")) };
}
} // namespace

class TestGroupsPageLifetime : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void destroyThePageRightAfterAReconnect()
    {
        QCOMPARE(WorkerThread::liveThreadCount(), 0);
        auto* page = new GroupsPage;
        page->setConnection(unreachable(9));
        QTest::qWait(500); // the first worker is inside its ListGroups wait now
        QCOMPARE(WorkerThread::liveThreadCount(), 1);
        page->setConnection(unreachable(19));
        QCOMPARE(WorkerThread::liveThreadCount(), 2); // the retired one is still in its call
        delete page;
        // Both workers see their stop flag and give up their wait; their threads end on their own.
        QTRY_COMPARE_WITH_TIMEOUT(WorkerThread::liveThreadCount(), 0, 30000);
    }

    // A retired monitor's answer never arrives; a live one answers (here: with the error of an unreachable cluster).
    void aRetiredMonitorStaysSilent()
    {
        GroupsMonitor live(unreachable(9));
        GroupsMonitor retired(unreachable(9));
        QSignalSpy liveAnswers(&live, &GroupsMonitor::refreshed);
        QSignalSpy retiredAnswers(&retired, &GroupsMonitor::refreshed);
        live.refresh();
        retired.refresh();
        retired.retire();
        QVERIFY(retired.isRetired());
        retired.refresh(); // ignored
        QVERIFY(liveAnswers.wait(60000));
        QVERIFY(!liveAnswers.first().at(2).toString().isEmpty());
        QCOMPARE(retiredAnswers.count(), 0);
    }

    void cleanupTestCase() { WorkerThread::joinAll(); }
};

QTEST_MAIN(TestGroupsPageLifetime)
#include "test_groupspagelifetime.moc"
