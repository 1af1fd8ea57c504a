// The Start page and the window's layout memory, offscreen, on the ctest fixture's broker, with settings in a
// temporary XDG_CONFIG_HOME: the window opens on the Start page; its cluster text follows a real connection (the
// broker count cross-checked with kcat) and a disconnection; each step's button goes to its tab; "Show this page at
// start" is remembered; a splitter the user dragged and a column the user widened come back in a second window (the
// width wins over the table's fit when it fills, an untouched column is still fitted, presentation mode scales the
// width and gives it back); a header whose column count changed is not restored and its entry is dropped.
#include "helpmenu.h"
#include "kafkacore/cluster/brokermodel.h"
#include "layoutmemory.h"
#include "mainwindow.h"
#include "presentationmode.h"
#include "startpage.h"
#include "testsupport.h"
#include "widgets/cluster/clusterbrowser.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/messages/messagebrowser.h"
#include "widgets/produce/messagecomposer.h"
#include "widgets/produce/producepage.h"
#include "widgets/replication/replicationpage.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/scenariobar.h"
#include "widgets/scenarios/transactionpage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace kafkalab;

namespace {

std::unique_ptr<MainWindow> openWindow()
{
    MainWindowOptions options;
    options.bootstrap = test::fixtureBootstrap();
    auto window = std::make_unique<MainWindow>(options);
    window->show();
    return window;
}

// What kcat says of the cluster's brokers: "N brokers:" in its metadata listing.
int kcatBrokerCount()
{
    const test::ProcessResult r = test::run(QStringLiteral("kcat"), { "-b", test::fixtureBootstrap(), "-L" });
    const QRegularExpressionMatch m
        = QRegularExpression(QStringLiteral("^\\s*(\\d+) brokers:"), QRegularExpression::MultilineOption)
              .match(QString::fromUtf8(r.out));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

void mouse(QWidget* w, QEvent::Type type, QPoint at, Qt::MouseButtons held)
{
    QMouseEvent e(
        type, at, w->mapToGlobal(at), type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton, held, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

// A drag with the left button, as a user's hand does it: press, two moves, release.
void drag(QWidget* w, QPoint from, int dx, int dy)
{
    mouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton);
    mouse(w, QEvent::MouseMove, from + QPoint(dx / 2, dy / 2), Qt::LeftButton);
    mouse(w, QEvent::MouseMove, from + QPoint(dx, dy), Qt::LeftButton);
    mouse(w, QEvent::MouseButtonRelease, from + QPoint(dx, dy), Qt::NoButton);
    QCoreApplication::processEvents();
}

QTableView* brokers(MainWindow* w)
{
    return w->browser()->brokerView();
}

// What QTableView::resizeColumnToContents makes of a column: the widest of its cells and its title.
int fitted(QTableView* view, int column)
{
    const QAbstractItemView* v = view; // sizeHintForColumn is public here, protected in QTableView
    return std::max(v->sizeHintForColumn(column), view->horizontalHeader()->sectionSizeHint(column));
}

QSplitter* clusterSplit(MainWindow* w)
{
    return w->browser()->findChild<QSplitter*>(QStringLiteral("clusterSplit"));
}

} // namespace

class TestStartPage : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    QList<int> m_splitSizes;
    int m_idWidth = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!test::fixtureBootstrap().isEmpty(), "no fixture broker: run through ctest");
        QCoreApplication::setOrganizationName(QStringLiteral("kafkalab-tests"));
        QVERIFY2(QSettings().fileName().startsWith(qEnvironmentVariable("XDG_CONFIG_HOME")),
            qPrintable(QSettings().fileName()));
        QSettings().clear();
        m_window = openWindow();
    }

    void opensOnTheStartPage()
    {
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->startPage());
        QVERIFY(m_window->startPage()->showAtStartBox()->isChecked());
    }

    void clusterTextFollowsTheConnection()
    {
        StartPage* page = m_window->startPage();
        const QString bootstrap = test::fixtureBootstrap();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session()->snapshot().takenAt.isValid(), 30000);
        const int brokerCount = kcatBrokerCount();
        QVERIFY(brokerCount > 0);
        const QString brokersText
            = brokerCount == 1 ? QStringLiteral("1 broker") : QStringLiteral("%1 brokers").arg(brokerCount);
        // The fixture's broker is not this window's own sandbox: the page says so.
        QString text = page->clusterLabel()->text();
        QVERIFY2(text.contains(bootstrap) && text.contains(brokersText) && text.contains("not the local sandbox"),
            qPrintable(text));
        QVERIFY2(page->replicationLabel()->text().contains(QStringLiteral("This cluster has %1.").arg(brokersText)),
            qPrintable(page->replicationLabel()->text()));

        m_window->session()->disconnectCluster();
        QTRY_VERIFY(page->clusterLabel()->text().contains("Not connected"));
        text = page->clusterLabel()->text();
        QVERIFY2(!text.contains(bootstrap), qPrintable(text));
        QVERIFY(!page->replicationLabel()->text().contains("This cluster has"));

        m_window->connectToBootstrap(bootstrap, bootstrap);
        QVERIFY2(page->clusterLabel()->text().contains("Connecting"), qPrintable(page->clusterLabel()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session()->state() == ClusterSession::State::Connected
                && m_window->session()->snapshot().takenAt.isValid(),
            30000);
        QTRY_VERIFY(page->clusterLabel()->text().contains(brokersText));
    }

    void buttonsGoWhereTheySay()
    {
        StartPage* page = m_window->startPage();
        QTabWidget* tabs = m_window->tabs();
        const QList<std::pair<QString, QWidget*>> steps { { QStringLiteral("publish"), m_window->producePage() },
            { QStringLiteral("messages"), m_window->messageBrowser() },
            { QStringLiteral("grouplab"), m_window->groupLabPage() },
            { QStringLiteral("transactions"), m_window->transactionPage() },
            { QStringLiteral("offsets"), m_window->offsetPage() },
            { QStringLiteral("replication"), m_window->replicationPage() } };
        for (const auto& [name, target] : steps) {
            tabs->setCurrentWidget(page);
            QAbstractButton* b = page->stepButton(name);
            QVERIFY2(b && b->isEnabled(), qPrintable(name));
            QTest::mouseClick(b, Qt::LeftButton);
            QCOMPARE(tabs->currentWidget(), target);
        }
        // The demo topic, when the cluster has it, is the one to publish to.
        if (m_window->session()->snapshot().topic(QStringLiteral("orders")))
            QCOMPARE(m_window->producePage()->composer()->topicBox()->currentText(), QStringLiteral("orders"));

        // Help → Start page comes back.
        QAction* back = nullptr;
        for (QAction* a : m_window->menuBar()->findChildren<QAction*>())
            if (a->text() == QLatin1String("&Start page"))
                back = a;
        QVERIFY(back);
        back->trigger();
        QCOMPARE(tabs->currentWidget(), page);

        // Every lesson: the Lessons dialog; the command line: its note. Neither blocks.
        QTest::mouseClick(page->stepButton(QStringLiteral("lessons")), Qt::LeftButton);
        QDialog* lessons = nullptr;
        for (QDialog* d : m_window->findChildren<QDialog*>())
            if (d->isVisible() && d->findChild<QWidget*>(QStringLiteral("lessons")))
                lessons = d;
        QVERIFY(lessons);
        lessons->close();
        QTest::mouseClick(page->stepButton(QStringLiteral("cli")), Qt::LeftButton);
        auto* cli = m_window->findChild<QMessageBox*>(QStringLiteral("commandLine"));
        QVERIFY(cli && cli->isVisible() && cli->text().contains("kafkalab-cli"));
        cli->close();

        // The rebalance lesson: the Group lab, with the lesson loaded.
        QTest::mouseClick(page->stepButton(QStringLiteral("lesson")), Qt::LeftButton);
        QCOMPARE(tabs->currentWidget(), m_window->groupLabPage());
        QCOMPARE(m_window->groupLabPage()->lessonBar()->bar()->box()->currentText(),
            QStringLiteral("rebalance-eager-vs-cooperative"));
    }

    void everySplitterAndTableIsNamed()
    {
        QStringList unnamed;
        for (QWidget* w : m_window->findChildren<QWidget*>()) {
            if (!qobject_cast<QSplitter*>(w) && !qobject_cast<QTableView*>(w) && !qobject_cast<QTreeView*>(w))
                continue;
            if (w->objectName().isEmpty() && !qobject_cast<QDialog*>(w->window()))
                unnamed.append(LayoutMemory::pathOf(w, m_window.get()));
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
        QStringList paths = m_window->layoutMemory()->paths();
        QVERIFY(paths.contains(QStringLiteral("centralScroll/qt_scrollarea_viewport/QWidget/QTabWidget/"
                                              "qt_tabwidget_stackedwidget/ClusterBrowser/clusterSplit")));
        QCOMPARE(paths.removeDuplicates(), 0);
    }

    void splittersAndColumnsComeBack()
    {
        m_window->tabs()->setCurrentWidget(m_window->browser());
        QSplitter* split = clusterSplit(m_window.get());
        QTableView* view = brokers(m_window.get());
        QTRY_VERIFY(view->model()->rowCount() > 0);
        QCoreApplication::processEvents();
        // The user drags the splitter's handle 60 px right and widens the Id column by 50 px.
        const QList<int> before = split->sizes();
        QSplitterHandle* handle = split->handle(1);
        drag(handle, handle->rect().center(), 60, 0);
        m_splitSizes = split->sizes();
        QVERIFY2(m_splitSizes != before, qPrintable(QStringLiteral("%1 px").arg(m_splitSizes.first())));
        QHeaderView* header = view->horizontalHeader();
        const int idWidth = header->sectionSize(0);
        drag(header->viewport(), QPoint(header->sectionViewportPosition(0) + idWidth - 1, header->height() / 2), 50, 0);
        m_idWidth = header->sectionSize(0);
        QCOMPARE(m_idWidth, idWidth + 50);
        // Not at start next time.
        m_window->startPage()->showAtStartBox()->setChecked(false);
        QCOMPARE(QSettings().value(QStringLiteral("start/show")).toBool(), false);
        m_window->close();
        m_window.reset();

        m_window = openWindow();
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->browser()); // the last tab, not the Start page
        QVERIFY(!m_window->startPage()->showAtStartBox()->isChecked());
        view = brokers(m_window.get());
        header = view->horizontalHeader();
        QTRY_COMPARE(clusterSplit(m_window.get())->sizes(), m_splitSizes);
        QCOMPARE(header->sectionSize(0), m_idWidth); // restored at once
        // The table fills (fitColumnsWhenFilled fits every column): the user's width wins, the others are fitted.
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 0, 30000);
        QTRY_COMPARE(header->sectionSize(0), m_idWidth);
        QCOMPARE(header->sectionSize(1), fitted(view, 1));

        // Presentation mode's larger font: the width grows with it, and comes back to the pixel afterwards.
        PresentationMode* mode = m_window->presentation();
        mode->setScalePercent(150);
        mode->setActive(true);
        QTRY_VERIFY2(std::abs(header->sectionSize(0) - m_idWidth * 1.5) <= 2,
            qPrintable(QStringLiteral("%1 px presenting, %2 px normal").arg(header->sectionSize(0)).arg(m_idWidth)));
        mode->setActive(false);
        QTRY_COMPARE(header->sectionSize(0), m_idWidth);
    }

    void aChangedColumnCountIsNotRestored()
    {
        m_window->close();
        m_window.reset();
        QSettings settings;
        QString key;
        for (const QString& k : settings.allKeys())
            if (k.startsWith(QLatin1String("layout/columns/")) && k.endsWith(QLatin1String("/brokers")))
                key = k;
        QVERIFY2(!key.isEmpty(), qPrintable(settings.allKeys().join(QLatin1Char('\n'))));
        QStringList saved = settings.value(key).toStringList();
        QCOMPARE(saved.first(), QString::number(int(BrokerModel::ColumnCount)));
        saved[0] = QString::number(BrokerModel::ColumnCount + 1); // saved by a version with one column more
        settings.setValue(key, saved);
        settings.sync();

        m_window = openWindow();
        QTableView* view = brokers(m_window.get());
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 0, 30000);
        QCoreApplication::processEvents();
        QHeaderView* header = view->horizontalHeader();
        QCOMPARE(header->sectionSize(0), fitted(view, 0));
        QVERIFY(header->sectionSize(0) != m_idWidth);
        m_window->close();
        m_window.reset();
        QVERIFY(!QSettings().contains(key)); // dropped, not kept as garbage
        // The splitter the user dragged is still remembered.
        QStringList splitters;
        for (const QString& k : QSettings().allKeys())
            if (k.startsWith(QLatin1String("layout/splitters/")))
                splitters.append(k);
        QVERIFY2(splitters.size() == 1 && splitters.first().endsWith(QLatin1String("/clusterSplit")),
            qPrintable(splitters.join(QLatin1Char('\n'))));
    }
};

int main(int argc, char* argv[])
{
    // The user's own settings are never touched: QSettings reads XDG_CONFIG_HOME once, before the application.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    TestStartPage test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_startpage.moc"
