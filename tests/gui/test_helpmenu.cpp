// The Help menu, offscreen, on the ctest fixture's broker: About names the versions the libraries report; Lessons
// lists every shipped lesson with the tab that shows it, and Open goes there with the lesson loaded; each stepper
// lists only its own lessons (an offset lesson in the Transactions tab would "pass" with nothing to see); the
// shortcuts are read from the window; the window comes back as it was left (its last tab).
#include "fixturewindow.h"
#include "helpmenu.h"
#include "mainwindow.h"
#include "startpage.h"
#include "testsupport.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/groups/groupspage.h"
#include "widgets/replication/replicationpage.h"
#include "widgets/scenarios/lessonbar.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/scenariobar.h"
#include "widgets/scenarios/transactionpage.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <librdkafka/rdkafka.h>

using namespace kafkalab;

namespace {

QStringList column(const QTableWidget* t, int c)
{
    QStringList out;
    for (int r = 0; r < t->rowCount(); ++r)
        out.append(t->item(r, c)->text());
    return out;
}

// With KAFKALAB_GRAB_DIR set, saves a picture of `w` there (to look at by hand; docs pictures are made this way).
void grabFor(QWidget* w, const QString& name)
{
    const QString dir = qEnvironmentVariable("KAFKALAB_GRAB_DIR");
    if (dir.isEmpty())
        return;
    w->show();
    QCoreApplication::processEvents();
    w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

QStringList listed(const QComboBox* box)
{
    QStringList out;
    for (int i = 0; i < box->count(); ++i)
        out.append(box->itemText(i));
    return out;
}

} // namespace

class TestHelpMenu : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->state(), ClusterSession::State::Connected, 30000);
    }

    void aboutNamesTheVersionsInUse()
    {
        const QString about = aboutText();
        QVERIFY2(about.contains(QString::fromLatin1(qVersion())), qPrintable(about));
        QVERIFY2(about.contains(QString::fromLatin1(rd_kafka_version_str())), qPrintable(about));
        QVERIFY2(about.contains(QStringLiteral(KAFKALAB_VERSION)), qPrintable(about));
    }

    void lessonsListsEveryShippedLessonWithItsTab()
    {
        QDialog* d = lessonsDialog(m_window.get());
        auto* t = d->findChild<QTableWidget*>(QStringLiteral("lessons"));
        QVERIFY(t);
        const QDir dir(qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios"));
        QStringList files = dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
        for (QString& f : files)
            f.chop(5);
        QCOMPARE(column(t, 0), files);
        const QStringList tabs = column(t, 1);
        for (int r = 0; r < t->rowCount(); ++r) {
            QString error;
            const auto s = loadScenario(dir.filePath(files.at(r) + QStringLiteral(".json")), &error);
            QVERIFY2(s, qPrintable(error));
            QCOMPARE(tabs.at(r), lessonKindTitle(lessonKind(*s)));
            QCOMPARE(column(t, 2).at(r), QString::number(s->steps.size()));
        }
        // the four kinds are all there: 5 offset lessons (authorization among them), 3 group lessons, 4 replication
        // lessons, the rest transactions
        grabFor(d, QStringLiteral("lessons"));
        QCOMPARE(tabs.count(QStringLiteral("Offsets")), 5);
        QCOMPARE(tabs.count(QStringLiteral("Group lab")), 3);
        QCOMPARE(tabs.count(QStringLiteral("Replication")), 4);
        QCOMPARE(tabs.count(QStringLiteral("Transactions")), files.size() - 12);
        // each stepper lists exactly its own lessons
        QStringList tx = listed(m_window->transactionPage()->scenarioBox());
        QStringList offsets = listed(m_window->offsetPage()->scenarioBox());
        QStringList groups = listed(m_window->groupLabPage()->lessonBar()->bar()->box());
        QStringList replication = listed(m_window->replicationPage()->lessonBar()->bar()->box());
        for (QStringList* l : { &tx, &offsets, &groups, &replication })
            QVERIFY(l->takeFirst().startsWith(QLatin1String("By hand")));
        for (int r = 0; r < t->rowCount(); ++r) {
            const QString& name = files.at(r);
            QCOMPARE(tx.contains(name), tabs.at(r) == QLatin1String("Transactions"));
            QCOMPARE(offsets.contains(name), tabs.at(r) == QLatin1String("Offsets"));
            QCOMPARE(groups.contains(name), tabs.at(r) == QLatin1String("Group lab"));
            QCOMPARE(replication.contains(name), tabs.at(r) == QLatin1String("Replication"));
        }
        delete d;
    }

    // The Lessons menu and the Start page list every shipped lesson with its title, what it teaches and how long;
    // each opens the tab that shows it, with the lesson loaded.
    void lessonsMenuAndStartPageListEveryLesson()
    {
        const QString dir = qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios");
        auto* menu = m_window->menuBar()->findChild<QMenu*>(QStringLiteral("lessonsMenu"));
        QVERIFY(menu);
        StartPage* start = m_window->startPage();
        const QList<LessonFile> files = lessonFiles(dir);
        QCOMPARE(files.size(), 18);
        for (const LessonFile& f : files) {
            QVERIFY2(f.lesson, qPrintable(f.error));
            auto* action = menu->findChild<QAction*>(QStringLiteral("lesson_") + f.baseName);
            QVERIFY2(action, qPrintable(f.baseName));
            QVERIFY2(action->text().startsWith(f.lesson->title)
                    && action->text().endsWith(durationText(f.lesson->durationS)),
                qPrintable(action->text()));
            QCOMPARE(action->toolTip(), f.lesson->teaches);
            QAbstractButton* button = start->lessonButton(f.baseName);
            QVERIFY2(button, qPrintable(f.baseName));
            QCOMPARE(button->text(), f.lesson->title);
        }
        // The menu opens the offset lesson in the Offsets tab, the Start page the replication lesson in its tab.
        menu->findChild<QAction*>(QStringLiteral("lesson_commit-per-batch"))->trigger();
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->offsetPage());
        QCOMPARE(m_window->offsetPage()->scenarioBox()->currentText(), QStringLiteral("commit-per-batch"));
        m_window->tabs()->setCurrentWidget(start);
        start->lessonButton(QStringLiteral("leader-failover"))->click();
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->replicationPage());
        QCOMPARE(
            m_window->replicationPage()->lessonBar()->bar()->box()->currentText(), QStringLiteral("leader-failover"));
    }

    void openGoesToTheTabWithTheLessonLoaded()
    {
        const QString dir = qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/");
        TransactionPage* tx = m_window->transactionPage();
        QSignalSpy prepared(tx, &TransactionPage::prepared);
        QCOMPARE(openLesson(m_window.get(), dir + QStringLiteral("zombie-fencing.json")), QString());
        QCOMPARE(m_window->tabs()->currentWidget(), tx);
        QCOMPARE(tx->scenarioBox()->currentText(), QStringLiteral("zombie-fencing"));
        QTRY_VERIFY_WITH_TIMEOUT(!prepared.isEmpty(), 60000);
        QVERIFY(prepared.last().first().toBool());

        QCOMPARE(openLesson(m_window.get(), dir + QStringLiteral("static-membership.json")), QString());
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->groupLabPage());
        QCOMPARE(
            m_window->groupLabPage()->lessonBar()->bar()->box()->currentText(), QStringLiteral("static-membership"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->groupLabPage()->lessonBar()->isActive(), 60000);

        // A replication lesson goes to the Replication tab, whose lesson row refuses it on the one-broker fixture,
        // with the reason, before any step.
        QCOMPARE(openLesson(m_window.get(), dir + QStringLiteral("leader-failover.json")), QString());
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->replicationPage());
        LessonBar* lessons = m_window->replicationPage()->lessonBar();
        QCOMPARE(lessons->bar()->box()->currentText(), QStringLiteral("leader-failover"));
        QTRY_VERIFY_WITH_TIMEOUT(!lessons->error()->text().isEmpty(), 60000);
        QVERIFY2(lessons->error()->text().contains(QLatin1String("needs 3 live brokers and the cluster has 1")),
            qPrintable(lessons->error()->text()));

        QVERIFY(openLesson(m_window.get(), dir + QStringLiteral("no-such-lesson.json")).contains("cannot read"));
    }

    void shortcutsAreReadFromTheWindow()
    {
        QDialog* d = shortcutsDialog(m_window.get());
        auto* t = d->findChild<QTableWidget*>(QStringLiteral("shortcuts"));
        QVERIFY(t);
        QStringList rows;
        for (int r = 0; r < t->rowCount(); ++r) {
            QVERIFY(!t->item(r, 0)->text().isEmpty() && !t->item(r, 1)->text().isEmpty());
            rows.append(t->item(r, 0)->text() + QStringLiteral(" = ") + t->item(r, 1)->text());
        }
        const QString all = rows.join(QLatin1Char('\n'));
        for (const QString& expected : { QStringLiteral("F10 = Next step of the loaded lesson"),
                 QStringLiteral("Ctrl+K = Connect…"), QStringLiteral("F1 = Lessons"),
                 QStringLiteral("Alt+C = Go to the Cluster tab"), QStringLiteral("Ctrl+Return = Send the message"),
                 // a lesson without a mouse: the Lessons menu, then load, step, run, reset
                 QStringLiteral("Alt+L = Open the Lessons menu"), QStringLiteral("F9 = Load the chosen lesson again"),
                 QStringLiteral("Ctrl+F10 = Run the loaded lesson to its end"),
                 QStringLiteral("Ctrl+Shift+R = Reset lab") })
            QVERIFY2(all.contains(expected), qPrintable(all));
        QCOMPARE(rows.removeDuplicates(), 0);
        grabFor(d, QStringLiteral("shortcuts"));
        delete d;
    }

    void theWindowComesBackAsItWasLeft()
    {
        m_window->tabs()->setCurrentWidget(m_window->groupsPage());
        const int tab = m_window->tabs()->currentIndex();
        QVERIFY(tab > 0);
        m_window->close();
        MainWindowOptions options;
        options.bootstrap = test::fixtureBootstrap();
        MainWindow again(options);
        QCOMPARE(again.tabs()->currentIndex(), tab);
        QCOMPARE(QSettings().value(QStringLiteral("window/tab")).toInt(), tab);
    }
};

QTEST_MAIN(TestHelpMenu)
#include "test_helpmenu.moc"
