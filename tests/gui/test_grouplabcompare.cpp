// The Group lab's compare run, offscreen, on the ctest fixture's broker: the three groups' members appear on the
// board and the timeline, the table fills with each group's metrics, and the event loop never stalls 200 ms or more
// while twelve members rebalance under traffic. Also: a consumer-protocol member with an assignor its protocol
// lacks is an error on its row.
#include "fixturewindow.h"
#include "kafkacore/groups/groupcompare.h"
#include "mainwindow.h"
#include "signallog.h"
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/groups/comparepanel.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/groups/rebalancetimeline.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/scenariobar.h"
#include "widgets/scenarios/transactionpage.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <QUuid>

using namespace kafkalab;

class TestGroupLabCompare : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    QString m_topic;

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        m_topic = QStringLiteral("kafkalab.gui.compare-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
        QCOMPARE(test::createTopics(test::fixtureBootstrap(), { { m_topic, 6 } }), QString());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session()->snapshot().topic(m_topic), 30000);
    }

    // Lessons with group members are listed in the Group lab only (the steppers have no view of members); one runs
    // to its end there and its members appear on the member table and the timeline.
    void groupLessonsLoadInTheGroupLab()
    {
        auto lessons = [](QWidget* page) {
            QStringList names;
            const ScenarioBar* bar = page->findChild<ScenarioBar*>();
            for (int i = 1; bar && i < bar->box()->count(); ++i)
                names.append(bar->box()->itemText(i));
            return names;
        };
        const QStringList group { QStringLiteral("rebalance-consumer-protocol"),
            QStringLiteral("rebalance-eager-vs-cooperative"), QStringLiteral("static-membership") };
        GroupLabPage* lab = m_window->groupLabPage();
        QCOMPARE(lessons(lab), group);
        for (const QString& g : group) {
            QVERIFY(!lessons(m_window->transactionPage()).contains(g));
            QVERIFY(!lessons(m_window->offsetPage()).contains(g));
        }
        QVERIFY(lessons(m_window->transactionPage()).contains(QStringLiteral("zombie-fencing")));
        GroupLessonBar* bar = lab->lessonBar();
        bar->bar()->box()->setCurrentText(QStringLiteral("static-membership"));
        QTest::mouseClick(bar->bar()->loadButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(bar->status()->text().startsWith(QLatin1String("Ready")), 30000);
        QTest::mouseClick(bar->bar()->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(bar->status()->text().contains(QLatin1String("Lesson done")), 120000);
        QVERIFY2(
            bar->status()->text().contains(QLatin1String("every expectation held")), qPrintable(bar->status()->text()));
        QTRY_COMPARE_WITH_TIMEOUT(lab->memberTable()->rowCount(), 3, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(lab->timeline()->spanCount() >= 6, 5000);
        // Back to the lab by hand: an empty lab.
        bar->bar()->box()->setCurrentIndex(0);
        QTest::mouseClick(bar->bar()->loadButton(), Qt::LeftButton);
        QCOMPARE(lab->lab()->members().size(), 0);
    }

    void aBadTopicIsRefusedBesideTheField()
    {
        ComparePanel* panel = m_window->groupLabPage()->comparePanel();
        m_window->tabs()->setCurrentWidget(m_window->groupLabPage());
        m_window->groupLabPage()->views()->setCurrentWidget(panel); // the board's tab is the first
        panel->topicEdit()->setText(QStringLiteral("no.such.topic"));
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY2(panel->error()->text().contains(QLatin1String("not a topic")), qPrintable(panel->error()->text()));
        QVERIFY(!panel->compare()->isRunning());
    }

    void anAssignorTheProtocolLacksIsAnErrorOnTheRow()
    {
        GroupLabPage* lab = m_window->groupLabPage();
        lab->groupEdit()->setText(QStringLiteral("gui-bad-") + QUuid::createUuid().toString(QUuid::Id128).left(8));
        lab->topicsEdit()->setText(m_topic);
        lab->assignorBox()->setCurrentText(QStringLiteral("roundrobin"));
        lab->protocolBox()->setCurrentText(QStringLiteral("consumer"));
        QCOMPARE(lab->assignorBox()->currentText(), QStringLiteral("uniform")); // switched to one the protocol has
        QVERIFY(!lab->sessionTimeoutSpin()->isEnabled()); // the broker's, for this protocol
        lab->assignorBox()->setCurrentText(QStringLiteral("roundrobin"));
        QTest::mouseClick(lab->addButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(lab->memberTable()->rowCount() == 1 && lab->memberTable()->item(0, 2)
                && lab->memberTable()->item(0, 2)->text().startsWith(QLatin1String("error: the consumer protocol")),
            10000);
        lab->protocolBox()->setCurrentText(QStringLiteral("classic"));
    }

    void compareRunFillsTheTableWithoutStallingTheEventLoop()
    {
        GroupLabPage* lab = m_window->groupLabPage();
        m_window->tabs()->setCurrentWidget(lab);
        ComparePanel* panel = lab->comparePanel();
        lab->views()->setCurrentWidget(panel);
        panel->topicEdit()->setText(m_topic);
        test::SignalLog finished(panel->compare(), &GroupCompare::finished);
        test::StallWatchdog watchdog;
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY2(panel->error()->text().isEmpty(), qPrintable(panel->error()->text()));
        QVERIFY(panel->compare()->isRunning());
        QVERIFY(finished.waitForCount(1, 180000));
        QVERIFY2(finished.value(0).isEmpty(), qPrintable(finished.value(0)));
        QCOMPARE(panel->results()->rowCount(), 3);
        const QList<CompareLane> lanes = panel->compare()->lanes();
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(panel->results()->item(r, 2)->text(), QString::number(lanes[r].metrics.revoked));
            QCOMPARE(panel->results()->item(r, 3)->text(), QString::number(lanes[r].metrics.delayed));
        }
        // 1 bad member from the test before, and 4 members in each of the three groups.
        QCOMPARE(lab->lab()->members().size(), 13);
        QTRY_VERIFY_WITH_TIMEOUT(lab->timeline()->targetOutlineCount() > 0, 5000); // the consumer protocol's targets
        QVERIFY(lab->timeline()->spanCount() >= 12);
        QVERIFY2(watchdog.maxStallMs() < 200, qPrintable(QString::number(watchdog.maxStallMs())));
    }
};

QTEST_MAIN(TestGroupLabCompare)
#include "test_grouplabcompare.moc"
