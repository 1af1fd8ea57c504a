// The transaction stepper, offscreen, on the ctest fixture's broker: by hand (buttons enabled only when valid,
// the two consumer panes, the LSO, fencing), a shipped scenario stepped to its end, zombie-fencing stepped with the
// lesson's step list following ("Step n of N", the current step highlighted), one diagram per producer (the zombie's
// ends fenced) and the marker offsets shown without a read_uncommitted consumer (cross-checked with kcat), an offset
// lesson refused, the schema lesson with and without the connection's registry, and Reset lab leaving the page as
// new.
#include "fixturewindow.h"
#include "mainwindow.h"
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/scenarios/lessonsteps.h"
#include "widgets/scenarios/scenariobar.h"
#include "widgets/scenarios/transactionpage.h"
#include "widgets/scenarios/txstatediagram.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
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
        m_window->activateWindow(); // the lesson keys (F10, Ctrl+Shift+R) are the window's shortcuts
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
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

    void zombieFencingShowsEachProducerAndTheMarkers()
    {
        const QString dir = qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/");
        QSignalSpy prepared(m_page, &TransactionPage::prepared);
        m_page->bar()->select(dir + QStringLiteral("zombie-fencing.json"));
        QVERIFY(prepared.wait(60000));
        QVERIFY(prepared.first().first().toBool());
        // One diagram per transactional producer, none taken a step yet; the steps listed ahead.
        QCOMPARE(m_page->diagrams().size(), 2);
        QVERIFY(m_page->diagram(QStringLiteral("zombie")) && m_page->diagram(QStringLiteral("successor")));
        QCOMPARE(m_page->diagrams().first()->producer(), QStringLiteral("zombie")); // in the order the steps name them
        LessonSteps* steps = m_page->lessonSteps();
        QVERIFY(steps->isVisible());
        QCOMPARE(steps->list()->count(), 12);
        QCOMPARE(steps->current(), 0);
        QVERIFY(!steps->slideLabel()->isHidden()); // the lesson's slide before step 1
        for (int n = 1; n <= 12; ++n) {
            QSignalSpy observed(m_page, &TransactionPage::stepObserved);
            QTest::keyClick(m_page->bar()->stepButton(), Qt::Key_F10); // the teacher's key
            QVERIFY2(observed.wait(30000), qPrintable(QString::number(n)));
            QCOMPARE(steps->current(), n);
            QVERIFY2(steps->progressLabel()->text().startsWith(QStringLiteral("Step %1 of 12").arg(n)),
                qPrintable(steps->progressLabel()->text()));
            QCOMPARE(steps->list()->currentRow(), n - 1);
            QVERIFY(steps->list()->item(n - 1)->font().bold());
            QVERIFY(n == 1 || !steps->list()->item(n - 2)->font().bold());
            // held, or (the zombie's refused commit, step 5) failed
            const QString mark = n == 5 ? QStringLiteral("✗") : QStringLiteral("✓");
            QVERIFY2(steps->list()->item(n - 1)->text().startsWith(QStringLiteral("%1 %2. ").arg(mark).arg(n)),
                qPrintable(steps->list()->item(n - 1)->text()));
            if (n == 5) { // the zombie's commit: fenced, and the cause named
                const QString last = m_page->stepLog()->item(m_page->stepLog()->count() - 1)->text();
                QVERIFY2(last.contains(QLatin1String("successor called init_transactions")), qPrintable(last));
            }
        }
        QCOMPARE(m_page->diagram(QStringLiteral("zombie"))->state(), ProducerState::Fenced);
        QCOMPARE(m_page->diagram(QStringLiteral("successor"))->state(), ProducerState::Ready);
        // The lesson has no read_uncommitted consumer; the markers are shown all the same: the zombie's abort and the
        // successor's commit in the payment's partition. kcat (read_uncommitted) finds no message at any of them.
        QTableWidget* table = m_page->partitionTable();
        int markers = 0;
        for (int r = 0; r < table->rowCount(); ++r) {
            const QString cell = table->item(r, 3)->text();
            if (cell.isEmpty())
                continue;
            const QString name = table->item(r, 0)->text(); // "topic1[2]"
            const QString partition = name.section(QLatin1Char('['), 1).chopped(1);
            for (const QString& offset : cell.split(QStringLiteral(", "))) {
                ++markers;
                const test::ProcessResult kcat = test::run(QStringLiteral("kcat"),
                    { "-C", "-b", test::fixtureBootstrap(), "-t", "topic1", "-p", partition, "-o", offset, "-c", "1",
                        "-e", "-X", "isolation.level=read_uncommitted", "-f", "%o\n" },
                    30000);
                QCOMPARE(kcat.exitCode, 0);
                QVERIFY2(kcat.out.trimmed() != offset.toUtf8(), qPrintable(name + QLatin1Char(' ') + offset));
            }
        }
        QVERIFY2(markers >= 2, qPrintable(QString::number(markers)));
    }

    // The schema lesson is offered here; without the connection's schema registry it is refused with the reason,
    // with one (an Apicurio of the test's own) it runs to its end and the two panes show what its old and new
    // consumers decoded.
    void theSchemaLessonUsesTheConnectionsRegistry()
    {
        const int index = m_page->scenarioBox()->findText(QStringLiteral("schema-evolution"));
        QVERIFY(index > 0);
        m_page->scenarioBox()->setCurrentIndex(index);
        QSignalSpy refused(m_page, &TransactionPage::prepared);
        m_page->load();
        QVERIFY(refused.wait(60000));
        QVERIFY(!refused.first().first().toBool());
        QVERIFY2(m_page->statusLabel()->text().contains(QLatin1String("needs a schema registry")),
            qPrintable(m_page->statusLabel()->text()));
        QVERIFY(!m_page->button(QStringLiteral("Run to end"))->isEnabled());

        test::OwnRegistry registry;
        const QString why = registry.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        schemas::RegistryConnection connection;
        connection.url = registry.url;
        m_page->setSchemaRegistry(connection);
        QSignalSpy prepared(m_page, &TransactionPage::prepared);
        m_page->load();
        QVERIFY(prepared.wait(60000));
        QVERIFY2(prepared.first().first().toBool(), qPrintable(m_page->statusLabel()->text()));
        // The steps ahead name the subject as this run does ({{run}} expanded), before the first step and after.
        const QListWidget* rows = m_page->lessonSteps()->list();
        QCOMPARE(rows->count(), 17);
        const QRegularExpressionMatch subject
            = QRegularExpression(QStringLiteral("shop\\.orders-[0-9a-f]{8}-value")).match(rows->item(0)->text());
        QVERIFY2(subject.hasMatch(), qPrintable(rows->item(0)->text()));
        QSignalSpy finished(m_page, &TransactionPage::finished);
        QTest::mouseClick(m_page->button(QStringLiteral("Run to end")), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(texts(m_page->stepLog()).join('\n')));
        QVERIFY2(texts(m_page->stepLog()).first().contains(subject.captured(0)),
            qPrintable(texts(m_page->stepLog()).first()));
        for (int i = 0; i < rows->count(); ++i)
            QVERIFY2(!rows->item(i)->text().contains(QLatin1String("{{run}}")), qPrintable(rows->item(i)->text()));
        QVERIFY2(rows->item(16)->text().startsWith(QStringLiteral("✓ 17. check schema for ") + subject.captured(0)),
            qPrintable(rows->item(16)->text()));
        // old-app (version 1) on the left: two orders without the coupon, the third it cannot read
        const QStringList old = texts(m_page->committedPane());
        QCOMPARE(old.size(), 3);
        QVERIFY2(old.at(1).endsWith(QLatin1String(R"(= {"id":2,"item":"tea"})")), qPrintable(old.at(1)));
        QVERIFY2(old.at(2).contains(QLatin1String("(not decoded: ")), qPrintable(old.at(2)));
        // new-app (the latest version) on the right: the old order with the coupon's default
        const QStringList fresh = texts(m_page->uncommittedPane());
        QCOMPARE(fresh.size(), 2);
        QVERIFY2(fresh.at(0).endsWith(QLatin1String(R"(= {"id":1,"item":"coffee","coupon":null})")),
            qPrintable(fresh.at(0)));
        m_page->setSchemaRegistry({});
        m_page->scenarioBox()->setCurrentIndex(0);
        QSignalSpy byHand(m_page, &TransactionPage::prepared);
        m_page->load(); // by hand again, for the tests after this one
        QVERIFY(byHand.wait(60000));
    }

    void anOffsetLessonIsNotOfferedHere()
    {
        const QString dir = qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/");
        QCOMPARE(m_page->scenarioBox()->findText(QStringLiteral("commit-per-batch")), -1);
        QSignalSpy prepared(m_page, &TransactionPage::prepared);
        m_page->bar()->select(dir + QStringLiteral("commit-per-batch.json")); // as Open file… would
        QVERIFY2(m_page->statusLabel()->text().contains(QLatin1String("is a lesson for the Offsets tab")),
            qPrintable(m_page->statusLabel()->text()));
        QVERIFY(!m_page->bar()->stepButton()->isEnabled());
        QVERIFY(m_page->lessonSteps()->isHidden());
        QVERIFY(!prepared.wait(500));
    }

    void resetLabLeavesThePageAsNew()
    {
        const QString dir = qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/");
        QSignalSpy prepared(m_page, &TransactionPage::prepared);
        m_page->bar()->select(dir + QStringLiteral("exactly-once-commit.json"));
        QVERIFY(prepared.wait(60000));
        QSignalSpy observed(m_page, &TransactionPage::stepObserved);
        for (int n = 0; n < 3; ++n) {
            m_page->bar()->stepButton()->click();
            QVERIFY(observed.wait(30000));
        }
        QVERIFY(m_page->stepLog()->count() == 3 && m_page->partitionTable()->rowCount() > 0);
        prepared.clear();
        QTest::keyClick(m_page->bar()->resetButton(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        // At once: by hand, nothing shown of the lesson, the engine it ran retiring on its own thread.
        QCOMPARE(m_page->scenarioBox()->currentIndex(), 0);
        QCOMPARE(m_page->stepLog()->count(), 0);
        QCOMPARE(m_page->partitionTable()->rowCount(), 0);
        QCOMPARE(m_page->committedPane()->count() + m_page->uncommittedPane()->count(), 0);
        QVERIFY(m_page->lessonSteps()->isHidden());
        QCOMPARE(m_page->diagrams().size(), 2); // by hand: the producer and the second one
        for (TxStateDiagram* d : m_page->diagrams())
            QCOMPARE(d->state(), ProducerState::Uninitialised);
        QVERIFY(!m_page->button(QStringLiteral("Init"))->isEnabled()); // not before the new engine is ready
        QVERIFY(prepared.wait(60000));
        QVERIFY(prepared.first().first().toBool());
        QVERIFY(m_page->button(QStringLiteral("Init"))->isEnabled());
        for (const char* b : { "Begin", "Send", "Commit", "Abort" })
            QVERIFY2(!m_page->button(QString::fromLatin1(b))->isEnabled(), b);
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestTransactionPage)
#include "test_transactionpage.moc"
