// The main window, offscreen, on the ctest fixture's sandbox broker.
#include "clusterbrowser.h"
#include "mainwindow.h"
#include "sandboxprobe.h"
#include "stallwatchdog.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

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
