// The main window, offscreen, on the ctest fixture's sandbox broker.
#include "kafkacore/sandbox/sandboxprobe.h"
#include "mainwindow.h"
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/cluster/clusterbrowser.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/groupspage.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include "widgets/common/customplot.h"

using namespace kafkalab;

static QStringList column(QAbstractItemModel* model, int col)
{
    QStringList out;
    for (int r = 0; r < model->rowCount(); ++r)
        out.append(model->index(r, col).data().toString());
    return out;
}

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("kafkalab-tests"));
        QSettings().clear();
    }

    void showsTheSandboxTopics()
    {
        const QString bootstrap = test::fixtureBootstrap();
        QVERIFY(!bootstrap.isEmpty());
        MainWindowOptions options;
        options.bootstrap = bootstrap;
        MainWindow window(options);
        test::StallWatchdog watchdog;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTableView* topics = window.browser()->topicView();
        QTRY_VERIFY_WITH_TIMEOUT(topics->model()->rowCount() >= int(demoTopics().size()), 30000);
        const QStringList names = column(topics->model(), 0);
        for (const TopicSpec& t : demoTopics())
            QVERIFY2(names.contains(t.name), qPrintable(t.name));
        QVERIFY(window.bannerText().isEmpty());

        // Selecting a topic shows its partitions; the selection survives refreshes.
        QVERIFY(window.browser()->selectTopic(QStringLiteral("orders")));
        QTRY_COMPARE(window.browser()->partitionView()->model()->rowCount(), 6);
        for (int i = 0; i < 3; ++i) {
            QSignalSpy applied(window.session(), &ClusterSession::snapshotApplied);
            QTest::keyClick(&window, Qt::Key_F5);
            QVERIFY(applied.wait(30000));
        }
        QCOMPARE(window.browser()->selectedTopic(), QStringLiteral("orders"));

        // The filter narrows the list.
        QTest::keyClicks(window.browser()->topicFilter(), QStringLiteral("orders.order"));
        // (Other tests on the same broker add orders.order.* topics of their own.)
        const QStringList shown = column(topics->model(), 0);
        QVERIFY(shown.contains(QStringLiteral("orders.order.created"))
            && shown.contains(QStringLiteral("orders.order.shipped")));
        for (const QString& name : shown)
            QVERIFY2(name.contains(QLatin1String("orders.order")), qPrintable(name));
        QVERIFY(shown.size() < names.size());
        QVERIFY2(watchdog.maxStallMs() < 200, qPrintable(QString::number(watchdog.maxStallMs())));
    }

    void unreachableClusterIsShownInTheBannerAndTheWindowStaysResponsive()
    {
        MainWindowOptions options;
        options.bootstrap = QStringLiteral("127.0.0.1:1");
        MainWindow window(options);
        test::StallWatchdog watchdog;
        window.show();
        QVERIFY(window.bannerText().contains(QLatin1String("Connecting")));
        QTRY_VERIFY_WITH_TIMEOUT(window.bannerText().contains(QLatin1String("Connection refused")), 20000);
        QVERIFY(window.bannerText().contains(QLatin1String("unreachable")));
        QCOMPARE(window.session()->state(), ClusterSession::State::Failed);
        QVERIFY2(watchdog.maxStallMs() < 200, qPrintable(QString::number(watchdog.maxStallMs())));
    }

    // The broker log follows its tail, also for lines that came while the window was hidden and for lines long
    // enough to bring the horizontal scroll bar, unless the user scrolled up; scrolled back down, it follows again.
    void brokerLogFollowsTheTail()
    {
        MainWindowOptions options;
        options.bootstrap = QStringLiteral("127.0.0.1:1");
        MainWindow window(options);
        QPlainTextEdit* log = window.brokerLog();
        QScrollBar* bar = log->verticalScrollBar();
        int n = 0;
        auto lines = [&n](int count, int width) {
            QStringList out;
            for (int i = 0; i < count; ++i, ++n)
                out.append(QStringLiteral("[broker] line %1 ").arg(n) + QString(width, QLatin1Char('x')));
            return out;
        };
        window.appendLog(lines(300, 20)); // before the window is shown
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        for (int i = 0; i < 10; ++i) {
            window.appendLog(lines(5, i % 3 == 0 ? 400 : 20));
            QCoreApplication::processEvents();
            QCOMPARE(bar->value(), bar->maximum());
        }
        bar->triggerAction(QAbstractSlider::SliderPageStepSub); // the user scrolls up to read
        QCoreApplication::processEvents();
        const int reading = bar->value();
        QVERIFY(reading < bar->maximum());
        window.appendLog(lines(20, 20));
        QCoreApplication::processEvents();
        QCOMPARE(bar->value(), reading);
        bar->triggerAction(QAbstractSlider::SliderToMaximum);
        QCoreApplication::processEvents();
        window.appendLog(lines(20, 400));
        QCoreApplication::processEvents();
        QCOMPARE(bar->value(), bar->maximum());
    }

    // Connecting elsewhere asks before it stops what runs (here a Group lab member), and Cancel keeps everything;
    // once it goes ahead and the connection fails, nothing of the old cluster is left on screen.
    void switchingClustersAsksAndForgetsTheOldCluster()
    {
        const QString bootstrap = test::fixtureBootstrap();
        QVERIFY(!bootstrap.isEmpty());
        MainWindowOptions options;
        options.bootstrap = bootstrap;
        MainWindow window(options);
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), ClusterSession::State::Connected, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->snapshot().topic(QStringLiteral("topic1")), 30000);
        QTRY_VERIFY(!window.refreshLabel()->text().isEmpty());
        QVERIFY2(window.refreshLabel()->text().contains(QRegularExpression(QStringLiteral("^1 broker, "))),
            qPrintable(window.refreshLabel()->text())); // the fixture has one broker: not "1 brokers"

        GroupLabPage* lab = window.groupLabPage();
        const QString group = QStringLiteral("switch-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
        lab->groupEdit()->setText(group);
        lab->topicsEdit()->setText(QStringLiteral("topic1"));
        QTest::mouseClick(lab->addButton(), Qt::LeftButton);
        QCOMPARE(lab->lab()->members(), QStringList({ "A" }));
        GroupsPage* groups = window.groupsPage();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                groups->refresh();
                return groups->groups()->find(group) != nullptr;
            }(),
            30000);
        QVERIFY(groups->selectGroup(group));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                groups->refresh();
                return groups->memberTable()->rowCount() == 1;
            }(),
            30000);
        QVERIFY(groups->lagPlot()->graph(0)->dataCount() > 0);

        window.connectToBootstrap(QStringLiteral("nowhere"), QStringLiteral("127.0.0.1:1"));
        QVERIFY(window.switchConfirmation());
        QVERIFY2(window.switchConfirmation()->informativeText().contains(QLatin1String("Group lab's member A")),
            qPrintable(window.switchConfirmation()->informativeText()));
        QTest::mouseClick(window.switchConfirmation()->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!window.switchConfirmation());
        QCOMPARE(window.session()->state(), ClusterSession::State::Connected); // nothing changed
        QCOMPARE(lab->lab()->members(), QStringList({ "A" }));

        window.connectToBootstrap(QStringLiteral("nowhere"), QStringLiteral("127.0.0.1:1"));
        QVERIFY(window.switchConfirmation());
        QTest::mouseClick(window.switchConfirmation()->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), ClusterSession::State::Failed, 20000);
        QVERIFY(window.bannerText().contains(QLatin1String("nowhere")));
        QVERIFY(lab->lab()->members().isEmpty());
        // Under the error banner: none of the old cluster's groups, lag, topics, partitions or counts.
        QCOMPARE(groups->groups()->rowCount(), 0);
        QCOMPARE(groups->memberTable()->rowCount(), 0);
        QCOMPARE(groups->offsetTable()->rowCount(), 0);
        QCOMPARE(groups->lagPlot()->graph(0)->dataCount(), 0);
        QCOMPARE(window.browser()->topicView()->model()->rowCount(), 0);
        QCOMPARE(window.browser()->partitionView()->model()->rowCount(), 0);
        QVERIFY2(window.refreshLabel()->text().isEmpty(), qPrintable(window.refreshLabel()->text()));
    }

    void connectingCanBeCancelled()
    {
        MainWindowOptions options;
        options.bootstrap = QStringLiteral("127.0.0.1:1");
        MainWindow window(options);
        window.show();
        QCOMPARE(window.session()->state(), ClusterSession::State::Connecting);
        QPushButton* cancel = nullptr;
        for (QPushButton* b : window.findChildren<QPushButton*>())
            if (b->text() == QLatin1String("Cancel") && b->isVisible())
                cancel = b;
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QCOMPARE(window.session()->state(), ClusterSession::State::Idle);
        QVERIFY2(window.bannerText().contains(QLatin1String("cancelled")), qPrintable(window.bannerText()));
        // The abandoned attempt reports nothing afterwards.
        QTest::qWait(1000);
        QCOMPARE(window.session()->state(), ClusterSession::State::Idle);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
