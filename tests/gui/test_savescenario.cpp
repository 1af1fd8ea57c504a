// "Save as scenario…" on the three labs, offscreen, on the ctest fixture's broker: each lab is driven by hand with
// clicks, the recorded run is saved from the dialog, and the saved file is run by `kafkalab-cli scenario run FILE
// --junit R.xml` against the same broker: every expectation holds (exit code 0, no failure in the report). An
// expectation edited in the dialog to something that did not happen fails, with what was expected and what was
// observed in the report; a typo in the editor is reported with its line and column and cannot be saved.
#include "fixturewindow.h"
#include "mainwindow.h"
#include "testsupport.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/savescenariodialog.h"
#include "widgets/scenarios/scenariobar.h"
#include "widgets/scenarios/transactionpage.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QXmlStreamReader>

using namespace kafkalab;

namespace {

struct Report {
    int exitCode = -1;
    int tests = -1;
    int failures = -1;
    QStringList failureMessages;
    QString output;
};

// With $KAFKALAB_TEST_SHOTS set (a directory): pictures of what the test sees, to look at (not checked here), and
// the saved files.
void shoot(QWidget* w, const QString& name)
{
    const QString dir = qEnvironmentVariable("KAFKALAB_TEST_SHOTS");
    if (!dir.isEmpty())
        w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

class TestSaveScenario : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;

    bool click(ScenarioStepperPage* page, const QString& button)
    {
        QPushButton* b = page->button(button);
        if (!b || !b->isEnabled())
            return false;
        QSignalSpy observed(page, &ScenarioStepperPage::stepObserved);
        QTest::mouseClick(b, Qt::LeftButton);
        return observed.wait(60000);
    }

    // Clicks "Save as scenario…" and returns the dialog it opened (pictures of the window and the dialog first).
    SaveScenarioDialog* openDialog(QWidget* page, ScenarioBar* bar, const QString& name)
    {
        if (!bar->saveButton()->isVisible() || !bar->saveButton()->isEnabled())
            return nullptr;
        for (const QSize size : { QSize(1280, 800), QSize(1024, 768) }) {
            m_window->resize(size);
            QTest::qWait(300);
            shoot(m_window.get(), QStringLiteral("%1-%2").arg(name).arg(size.width()));
        }
        QTest::mouseClick(bar->saveButton(), Qt::LeftButton);
        const QList<SaveScenarioDialog*> dialogs = page->findChildren<SaveScenarioDialog*>();
        if (!dialogs.isEmpty()) {
            QTest::qWait(300);
            shoot(dialogs.last(), name + QStringLiteral("-dialog"));
        }
        return dialogs.isEmpty() ? nullptr : dialogs.last();
    }

    // `kafkalab-cli scenario run FILE --bootstrap … --junit REPORT`, and the report's counts.
    Report runCli(const QString& file)
    {
        Report r;
        const QString junit = file + QStringLiteral(".xml");
        const test::ProcessResult p = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { QStringLiteral("scenario"), QStringLiteral("run"), file, QStringLiteral("--bootstrap"),
                test::fixtureBootstrap(), QStringLiteral("--junit"), junit },
            300000);
        r.exitCode = p.exitCode;
        r.output = QString::fromUtf8(p.out.right(6000) + p.err.right(2000));
        QFile f(junit);
        if (!f.open(QIODevice::ReadOnly))
            return r;
        QXmlStreamReader xml(&f);
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("testsuite")) {
                r.tests = xml.attributes().value(QLatin1String("tests")).toInt();
                r.failures = xml.attributes().value(QLatin1String("failures")).toInt();
            } else if (xml.name() == QLatin1String("failure")) {
                r.failureMessages.append(xml.attributes().value(QLatin1String("message")).toString());
            }
        }
        return r;
    }

    // Saves the dialog's text, runs it, and checks every expectation held; then `wrong` -> `instead` in the text
    // (an expectation that did not happen) must fail with expected and observed in the report.
    void saveAndReplay(SaveScenarioDialog* dialog, const QString& name, int minExpectations, const QString& wrong,
        const QString& instead, const QString& observedWords)
    {
        QVERIFY(dialog);
        QVERIFY2(dialog->isValid(), qPrintable(dialog->problemLabel()->text()));
        const QString text = dialog->editor()->toPlainText();
        QVERIFY2(text.contains(QLatin1String("{{run}}")), qPrintable(text));
        // (kept with the pictures when $KAFKALAB_TEST_SHOTS is set, to run them by hand)
        const QString dir = qEnvironmentVariable("KAFKALAB_TEST_SHOTS", m_dir.path());
        const QString file = dir + QLatin1Char('/') + name + QStringLiteral(".json");
        QVERIFY(dialog->saveTo(file));
        const Report held = runCli(file);
        if (held.exitCode != 0 || held.failures != 0)
            qWarning("%s\n%s", qPrintable(text), qPrintable(held.output)); // (QVERIFY2 cuts a long message)
        QVERIFY2(held.exitCode == 0 && held.failures == 0,
            qPrintable(QStringLiteral("exit code %1, %2 failures").arg(held.exitCode).arg(held.failures)));
        QVERIFY2(held.tests >= minExpectations, qPrintable(QString::number(held.tests) + QLatin1Char('\n') + text));

        QVERIFY2(text.contains(wrong), qPrintable(text));
        QString edited = text;
        edited.replace(edited.indexOf(wrong), wrong.size(), instead);
        dialog->editor()->setPlainText(edited);
        dialog->validate();
        QVERIFY2(dialog->isValid(), qPrintable(dialog->problemLabel()->text()));
        const QString wrongFile = dir + QLatin1Char('/') + name + QStringLiteral("-edited.json");
        QVERIFY(dialog->saveTo(wrongFile));
        const Report failed = runCli(wrongFile);
        QVERIFY2(failed.exitCode != 0, qPrintable(failed.output));
        if (failed.failures != 1)
            qWarning("%s", qPrintable(failed.output));
        QCOMPARE(failed.failures, 1);
        const QString message = failed.failureMessages.value(0);
        QVERIFY2(
            message.startsWith(QLatin1String("expected ")) && message.contains(observedWords), qPrintable(message));
        dialog->close();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->state(), ClusterSession::State::Connected, 30000);
    }

    void transactionLab()
    {
        TransactionPage* page = m_window->transactionPage();
        QSignalSpy prepared(page, &ScenarioStepperPage::prepared);
        m_window->tabs()->setCurrentWidget(page);
        QVERIFY(prepared.wait(60000));
        QVERIFY(!page->bar()->saveButton()->isEnabled()); // nothing done yet
        const QString value = QStringLiteral("saved-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(6));
        page->valueEdit()->setText(value);
        for (const char* b : { "Init", "Begin", "Send", "Commit", "Begin", "Send", "Abort" })
            QVERIFY2(click(page, QString::fromLatin1(b)), b);
        SaveScenarioDialog* dialog = openDialog(page, page->bar(), QStringLiteral("transactions"));
        QVERIFY(dialog);
        // A typo is refused with its line and column, and cannot be saved.
        const QString text = dialog->editor()->toPlainText();
        dialog->editor()->setPlainText(
            QString(text).replace(QLatin1String("\"init_transactions\""), QLatin1String("\"init_transaction\"")));
        dialog->validate();
        QVERIFY(!dialog->isValid());
        QVERIFY(!dialog->saveButton()->isEnabled());
        QVERIFY2(dialog->problemLabel()->text().contains(QLatin1String("Line ")),
            qPrintable(dialog->problemLabel()->text()));
        QVERIFY(!dialog->saveTo(m_dir.filePath(QStringLiteral("typo.json"))));
        dialog->editor()->setPlainText(text);
        dialog->validate();
        // read_uncommitted saw the value as soon as it was sent: say it saw nothing.
        saveAndReplay(dialog, QStringLiteral("transactions"), 4, QStringLiteral("\"values\": [\"%1\"]").arg(value),
            QStringLiteral("\"values\": []"), value);
    }

    void offsetLab()
    {
        OffsetPage* page = m_window->offsetPage();
        page->partitionCountBox()->setValue(1); // one partition: offsets in the order of sending
        QSignalSpy prepared(page, &ScenarioStepperPage::prepared);
        QSignalSpy observed(page, &ScenarioStepperPage::stepObserved);
        m_window->tabs()->setCurrentWidget(page);
        QVERIFY(prepared.wait(60000));
        QVERIFY(observed.count() > 0 || observed.wait(30000)); // the first look
        QVERIFY(!page->bar()->saveButton()->isEnabled()); // the first look is not a step of the user's
        page->produceCountBox()->setValue(3);
        for (const char* b : { "Produce", "Poll", "Process OK", "Commit", "Poll", "Process FAIL", "Crash", "Restart",
                 "Poll", "Process OK", "Commit" })
            QVERIFY2(click(page, QString::fromLatin1(b)), b);
        SaveScenarioDialog* dialog = openDialog(page, page->bar(), QStringLiteral("offsets"));
        // payment-2 was delivered again after the crash: say payment-3 was instead.
        saveAndReplay(dialog, QStringLiteral("offsets"), 5, QStringLiteral("\"redelivered\": [\"payment-2\"]"),
            QStringLiteral("\"redelivered\": [\"payment-3\"]"), QStringLiteral("payment-2"));
    }

    void groupLab()
    {
        GroupLabPage* lab = m_window->groupLabPage();
        m_window->tabs()->setCurrentWidget(lab);
        ScenarioBar* bar = lab->lessonBar()->bar();
        QVERIFY(bar->saveButton()->isVisible());
        QVERIFY(!bar->saveButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session()->snapshot().topic(QStringLiteral("topic1")), 30000);
        lab->groupEdit()->setText(QStringLiteral("saved-") + QUuid::createUuid().toString(QUuid::Id128).left(6));
        lab->topicsEdit()->setText(QStringLiteral("topic1"));
        lab->sessionTimeoutSpin()->setValue(6000);
        const auto owns = [lab](int row, int n) {
            const QTableWidgetItem* state = lab->memberTable()->item(row, 2);
            return state && state->text().startsWith(QStringLiteral("running, owns %1 partitions").arg(n));
        };
        QTest::mouseClick(lab->addButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(owns(0, 3), 60000);
        QTest::mouseClick(lab->addButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(owns(0, 2) && owns(1, 1), 60000);
        lab->memberTable()->selectRow(1);
        QTest::mouseClick(lab->actionButton(QStringLiteral("Leave")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(owns(0, 3), 60000);
        SaveScenarioDialog* dialog = openDialog(lab, bar, QStringLiteral("group"));
        QVERIFY(dialog);
        // A owned two of the three partitions while B was in the group: say it owned all three.
        saveAndReplay(dialog, QStringLiteral("group"), 6, QStringLiteral("\"actor\": \"A\", \"owns\": 2"),
            QStringLiteral("\"actor\": \"A\", \"owns\": 3"), QStringLiteral("A owns 2"));
        lab->resetAll();
    }
};

QTEST_MAIN(TestSaveScenario)
#include "test_savescenario.moc"
