// The Publish page, offscreen, on the ctest fixture's broker: prediction, sending, bad input, and a 200,000
// message generator run during which the event loop never stalls.
#include "fixturewindow.h"
#include "kafkacore/produce/partitioner.h"
#include "mainwindow.h"
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/cluster/clusterbrowser.h"
#include "widgets/produce/distributionview.h"
#include "widgets/produce/generatorpanel.h"
#include "widgets/produce/messagecomposer.h"
#include "widgets/produce/producepage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

using namespace kafkalab;

class TestProducePage : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    ProducePage* m_page = nullptr;
    MessageComposer* m_composer = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        m_window->resize(1280, 800); // the size the window takes on a large screen (offscreen's is 800x600)
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session()->snapshot().topic(QStringLiteral("orders")), 30000);
        m_page = m_window->producePage();
        m_window->tabs()->setCurrentWidget(m_page);
        m_composer = m_page->composer();
        m_composer->topicBox()->setCurrentText(QStringLiteral("orders"));
    }

    void predictionFollowsTheKeyAndThePartitioner()
    {
        m_composer->keyEdit()->clear();
        QTest::keyClicks(m_composer->keyEdit(), QStringLiteral("order-1"));
        const QString text = m_composer->predictionLabel()->text();
        QVERIFY2(text.contains(QStringLiteral("<b>murmur2_random → 4</b>")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("6 partitions")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("consistent_random → ")));
        m_page->partitionerBox()->setCurrentIndex(
            m_page->partitionerBox()->findData(QStringLiteral("consistent_random")));
        QVERIFY(m_composer->predictionLabel()->text().contains(QStringLiteral("<b>consistent_random → ")));
        m_composer->nullKeyBox()->setChecked(true);
        QVERIFY(
            m_composer->predictionLabel()->text().contains(QStringLiteral("<b>consistent_random → sticky random</b>")));
        m_composer->nullKeyBox()->setChecked(false);
        m_page->partitionerBox()->setCurrentIndex(0);
    }

    void sentMessageLandsOnThePredictedPartition()
    {
        m_composer->keyEdit()->setText(QStringLiteral("customer-42"));
        m_composer->valueModeBox()->setCurrentIndex(int(MessageComposer::ValueMode::Json));
        m_composer->valueEdit()->setPlainText(QStringLiteral("{\"customer\": 42}"));
        m_composer->headersTable()->setRowCount(1);
        m_composer->headersTable()->setItem(0, 0, new QTableWidgetItem(QStringLiteral("source")));
        m_composer->headersTable()->setItem(0, 1, new QTableWidgetItem(QStringLiteral("kafkalab-test")));
        const int before = m_page->deliveries()->rowCount();
        QTest::mouseClick(m_composer->sendButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->deliveries()->rowCount(), before + 1, 20000);
        const DeliveryRecord& r = m_page->deliveries()->at(before);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const QByteArray key("customer-42");
        QCOMPARE(r.partition, predictPartition(Partitioner::Murmur2Random, &key, 6).partition);
        // kcat finds it there, with its header.
        const test::ProcessResult c = test::run(QStringLiteral("kcat"),
            { "-b", test::fixtureBootstrap(), "-C", "-t", "orders", "-p", QString::number(r.partition), "-o",
                QString::number(r.offset), "-c", "1", "-q", "-f", "%k|%s|%h" });
        QCOMPARE(c.out, QByteArray("customer-42|{\"customer\": 42}|source=kafkalab-test"));
        m_composer->headersTable()->setRowCount(0);
    }

    void badInputIsShownNextToItsFieldAndNothingIsSent()
    {
        const int before = m_page->deliveries()->rowCount();
        m_composer->valueModeBox()->setCurrentIndex(int(MessageComposer::ValueMode::Json));
        m_composer->valueEdit()->setPlainText(QStringLiteral("{\n  \"a\": 1,\n  \"b\": \n}"));
        QVERIFY(m_composer->valueError()->isVisible());
        QVERIFY2(m_composer->valueError()->text().contains(QLatin1String("line 4, column 1")),
            qPrintable(m_composer->valueError()->text()));
        QTest::mouseClick(m_composer->sendButton(), Qt::LeftButton);

        m_composer->valueModeBox()->setCurrentIndex(int(MessageComposer::ValueMode::Hex));
        m_composer->valueEdit()->setPlainText(QStringLiteral("48 65 6c 6"));
        QVERIFY(m_composer->valueError()->text().contains(QLatin1String("odd number of hex digits")));
        m_composer->valueEdit()->setPlainText(QStringLiteral("48 zz"));
        QVERIFY(m_composer->valueError()->text().contains(QLatin1String("not a hex digit")));
        QTest::mouseClick(m_composer->sendButton(), Qt::LeftButton);

        m_composer->valueEdit()->setPlainText(QStringLiteral("00 ff 00"));
        QVERIFY(!m_composer->valueError()->isVisible());
        m_composer->headersTable()->setRowCount(1);
        m_composer->headersTable()->setItem(0, 1, new QTableWidgetItem(QStringLiteral("no name")));
        QTest::mouseClick(m_composer->sendButton(), Qt::LeftButton);
        QVERIFY(m_composer->headerError()->text().contains(QLatin1String("no name")));
        m_composer->headersTable()->setRowCount(0);

        m_composer->topicBox()->setCurrentText(QStringLiteral("bad topic!"));
        QTest::mouseClick(m_composer->sendButton(), Qt::LeftButton);
        QVERIFY(m_composer->topicError()->text().contains(QLatin1String("not allowed in a topic name")));
        m_composer->topicBox()->setCurrentText(QStringLiteral("orders"));
        QTest::qWait(500);
        QCOMPARE(m_page->deliveries()->rowCount(), before); // nothing went out

        // A binary value goes out as typed.
        QTest::mouseClick(m_composer->sendButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->deliveries()->rowCount(), before + 1, 20000);
        QVERIFY(m_page->deliveries()->at(before).error.isEmpty());

        // A topic that does not exist: a plain error in the delivery table.
        m_composer->topicBox()->setCurrentText(QStringLiteral("no.such.topic"));
        m_composer->valueModeBox()->setCurrentIndex(int(MessageComposer::ValueMode::Text));
        QTest::mouseClick(m_composer->sendButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->deliveries()->rowCount(), before + 2, 20000);
        const QString error = m_page->deliveries()->at(before + 1).error;
        QVERIFY(error.contains(QLatin1String("does not exist")));
        // The error in full beside the Send button, wrapped and selectable, not only in the table's last column.
        QVERIFY(m_composer->sendError()->isVisible());
        QVERIFY2(m_composer->sendError()->text().contains(error), qPrintable(m_composer->sendError()->text()));
        QVERIFY(m_composer->sendError()->wordWrap());
        QVERIFY(m_composer->sendError()->textInteractionFlags() & Qt::TextSelectableByMouse);
        // At 1280×800 the table's Error column is on screen too (it started 25 pixels before the right edge).
        QTableView* view = m_page->deliveryView();
        const int errorVisible = view->viewport()->width() - view->columnViewportPosition(DeliveryModel::Error);
        QVERIFY2(errorVisible >= 100, qPrintable(QString::number(errorVisible)));
        // It was about that topic: another one forgets it.
        m_composer->topicBox()->setCurrentText(QStringLiteral("orders"));
        QVERIFY(m_composer->sendError()->isHidden());
    }

    void prettyPrintKeepsTheKeyOrder()
    {
        m_composer->valueModeBox()->setCurrentIndex(int(MessageComposer::ValueMode::Json));
        m_composer->valueEdit()->setPlainText(
            QStringLiteral(R"({"zebra": 1, "apple": {"b": 2, "a": [3, {"y": 0, "x": 1}]}})"));
        QPushButton* pretty = nullptr;
        for (QPushButton* b : m_composer->findChildren<QPushButton*>())
            if (b->text() == QLatin1String("Pretty-print"))
                pretty = b;
        QVERIFY(pretty && pretty->isEnabled());
        QTest::mouseClick(pretty, Qt::LeftButton);
        const QString text = m_composer->valueEdit()->toPlainText();
        QCOMPARE(text,
            QStringLiteral("{\n  \"zebra\": 1,\n  \"apple\": {\n    \"b\": 2,\n    \"a\": [\n      3,\n      {\n"
                           "        \"y\": 0,\n        \"x\": 1\n      }\n    ]\n  }\n}"));
        m_composer->valueModeBox()->setCurrentIndex(int(MessageComposer::ValueMode::Text));
    }

    void generatorRunsWithoutStallingTheWindow()
    {
        m_composer->topicBox()->setCurrentText(QStringLiteral("customer-events"));
        GeneratorPanel* g = m_page->generator();
        m_page->showGenerator();
        g->countSpin()->setValue(200000);
        g->strategyBox()->setCurrentIndex(2); // Zipf
        g->entitiesSpin()->setValue(500);
        QSignalSpy finished(m_page, &ProducePage::runFinished);
        test::StallWatchdog watchdog;
        QTest::mouseClick(g->startButton(), Qt::LeftButton);
        QVERIFY(!g->startButton()->isEnabled());
        QVERIFY(g->cancelButton()->isEnabled());
        QVERIFY(finished.wait(180000));
        const auto r = finished.first().first().value<BulkResult>();
        QCOMPARE(r.progress.delivered, uint64_t(200000));
        QCOMPARE(g->progressBar()->value(), 1000);
        QVERIFY(g->startButton()->isEnabled());
        double charted = 0;
        for (double v : m_page->distribution()->runValues())
            charted += v;
        QCOMPARE(charted, 200000.0);
        QVERIFY(m_page->distribution()->statsLabel()->text().contains(QLatin1String("skew")));
        QCOMPARE(m_page->distribution()->keyTable()->rowCount(), 6);
        QVERIFY2(watchdog.maxStallMs() < 200, qPrintable(QString::number(watchdog.maxStallMs())));
    }

    void generatorRefusesBadInput()
    {
        GeneratorPanel* g = m_page->generator();
        g->strategyBox()->setCurrentIndex(6); // file
        g->argumentEdit()->setText(QStringLiteral("/no/such/keys.txt"));
        QTest::mouseClick(g->startButton(), Qt::LeftButton);
        QVERIFY(g->errorLabel()->text().contains(QLatin1String("cannot read the keys file")));
        QVERIFY(!m_page->running());
        g->strategyBox()->setCurrentIndex(0);
        g->templateEdit()->setText(QStringLiteral("{\"i\": {{i}}"));
        QTest::mouseClick(g->startButton(), Qt::LeftButton);
        QVERIFY(g->errorLabel()->text().contains(QLatin1String("not valid JSON")));
        QVERIFY(!m_page->running());
    }

    // The last run's summary and the generator's errors were about the topic of that run: another topic clears them.
    void anotherTopicForgetsTheLastRun()
    {
        GeneratorPanel* g = m_page->generator();
        m_composer->topicBox()->setCurrentText(QStringLiteral("customer-events"));
        g->templateEdit()->setText(QStringLiteral("{\"i\": {{i}}"));
        QTest::mouseClick(g->startButton(), Qt::LeftButton);
        QVERIFY(g->errorLabel()->isVisible());
        g->summaryLabel()->setText(QStringLiteral("Done: a run on customer-events")); // as a finished run leaves it
        m_composer->topicBox()->setCurrentText(QStringLiteral("orders"));
        QVERIFY(g->errorLabel()->isHidden());
        QVERIFY2(g->summaryLabel()->text().isEmpty(), qPrintable(g->summaryLabel()->text()));
        QCOMPARE(g->progressBar()->value(), 0);
        g->templateEdit()->setText(QStringLiteral("{\"i\": {{i}}}"));
    }

    // The generator says which topic it sends to (the One message tab's), and follows it.
    void generatorShowsItsTopic()
    {
        GeneratorPanel* g = m_page->generator();
        m_composer->topicBox()->setCurrentText(QStringLiteral("customer-events"));
        QVERIFY2(g->topicLabel()->text().contains(QLatin1String("<b>customer-events</b>")),
            qPrintable(g->topicLabel()->text()));
        m_composer->topicBox()->setCurrentText(QStringLiteral("orders"));
        QVERIFY2(g->topicLabel()->text().contains(QLatin1String("<b>orders</b>")), qPrintable(g->topicLabel()->text()));
        m_composer->topicBox()->setCurrentText(QString());
        QVERIFY(g->topicLabel()->text().contains(QLatin1String("none")));
        m_page->showGenerator();
        QTest::mouseClick(g->startButton(), Qt::LeftButton);
        QVERIFY(!m_page->running());
        QVERIFY2(g->errorLabel()->text().contains(QLatin1String("topic name is empty")),
            qPrintable(g->errorLabel()->text()));
        m_composer->topicBox()->setCurrentText(QStringLiteral("orders"));
    }

    // A count outside 1 to 10,000,000 is an error beside the field and Start is off: never put back to an earlier
    // value behind the user's back. More than 1,000,000 asks first.
    void generatorCountIsCheckedNotReplaced()
    {
        GeneratorPanel* g = m_page->generator();
        m_page->showGenerator();
        m_composer->topicBox()->setCurrentText(QStringLiteral("customer-events"));
        QSpinBox* count = g->countSpin();
        count->setValue(9999999);
        count->setFocus();
        count->selectAll();
        QTest::keyClicks(count, QStringLiteral("0"));
        QVERIFY(g->countError()->isVisible());
        QVERIFY2(g->countError()->text().contains(QLatin1String("from 1 to 10,000,000")),
            qPrintable(g->countError()->text()));
        QVERIFY(!g->startButton()->isEnabled());
        QTest::mouseClick(g->startButton(), Qt::LeftButton); // leaves the field, and is refused
        QVERIFY(!m_page->running());
        QCOMPARE(count->value(), 0); // what was typed stays
        QVERIFY(g->countError()->isVisible());

        count->setFocus();
        count->selectAll();
        QTest::keyClicks(count, QStringLiteral("20000000"));
        QVERIFY(g->countError()->isVisible());
        QVERIFY(!g->startButton()->isEnabled());

        count->selectAll();
        QTest::keyClicks(count, QStringLiteral("2000000"));
        QVERIFY(g->countError()->isHidden());
        QVERIFY(g->startButton()->isEnabled());
        QTest::mouseClick(g->startButton(), Qt::LeftButton);
        QMessageBox* ask = nullptr;
        QTRY_VERIFY((ask = g->findChild<QMessageBox*>()) && ask->isVisible());
        QVERIFY2(
            ask->text().contains(QLatin1String("2,000,000")) && ask->text().contains(QLatin1String("customer-events")),
            qPrintable(ask->text()));
        QTest::mouseClick(ask->button(QMessageBox::Cancel), Qt::LeftButton);
        QTest::qWait(200);
        QVERIFY(!m_page->running()); // cancelled: nothing sent
        count->setValue(10000);
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestProducePage)
#include "test_producepage.moc"
