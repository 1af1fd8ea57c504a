// The Messages tab, offscreen, on the ctest fixture's broker: a read equals kcat's count and content, search
// narrows what is loaded, the detail pane shows JSON, text and hex, bad input is reported beside its field and
// reads nothing, export writes what is shown; no event-loop stall over 200 ms.
#include "fixturewindow.h"
#include "mainwindow.h"
#include "stallwatchdog.h"
#include "testsupport.h"
#include "widgets/messages/messagebrowser.h"
#include "widgets/messages/messagedetail.h"

#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

class TestMessageBrowser : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    MessageBrowser* m_page = nullptr;
    QString m_topic;
    QStringList m_kcatLines; // "key value" as kcat reads them

    ReadSummary read()
    {
        QSignalSpy done(m_page, &MessageBrowser::readFinished);
        QTest::mouseClick(m_page->readButton(), Qt::LeftButton);
        if (!done.wait(60000))
            return {};
        QCoreApplication::processEvents();
        return done.first().first().value<ReadSummary>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->state(), ClusterSession::State::Connected, 30000);
        m_page = m_window->messageBrowser();
        m_window->tabs()->setCurrentWidget(m_page);
        m_topic = QStringLiteral("kafkalab.test.gui-browse-%1").arg(QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(test::createTopics(test::fixtureBootstrap(), { { m_topic, 3 } }), QString());
        QByteArray input;
        for (int i = 0; i < 900; ++i)
            input += "customer-" + QByteArray::number(i % 30) + ":{\"customer\":{\"id\":" + QByteArray::number(i % 30)
                + "},\"n\":" + QByteArray::number(i) + "}\n";
        const test::ProcessResult r = test::run(QStringLiteral("kcat"),
            { "-b", test::fixtureBootstrap(), "-P", "-t", m_topic, "-K:", "-H", "source=kcat" }, 60000, input);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const test::ProcessResult kcat = test::run(QStringLiteral("kcat"),
            { "-b", test::fixtureBootstrap(), "-C", "-t", m_topic, "-o", "beginning", "-e", "-q", "-f", "%k %s\\n" });
        m_kcatLines = QString::fromUtf8(kcat.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        m_kcatLines.sort();
        QCOMPARE(m_kcatLines.size(), 900);
    }

    void readSearchAndDetail()
    {
        test::StallWatchdog watchdog;
        m_page->topicBox()->setCurrentText(m_topic);
        m_page->startBox()->setCurrentIndex(1); // beginning
        const ReadSummary s = read();
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QCOMPARE(m_page->model()->rowCount(), 900);
        QStringList ours;
        for (int row = 0; row < m_page->model()->rowCount(); ++row) {
            const MessageRecord* r = m_page->model()->record(row);
            ours.append(QString::fromUtf8(r->key() + ' ' + r->value()));
            QCOMPARE(r->headerCount(), 1);
        }
        ours.sort();
        QCOMPARE(ours, m_kcatLines);

        // Search what is loaded: a JSON pointer comparison.
        QTest::keyClicks(m_page->searchEdit(), QStringLiteral("/customer/id == 7"));
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 30, 5000);
        // The detail pane: JSON tree, text and hex of the selected message.
        m_page->table()->selectRow(0);
        QTabWidget* tabs = m_page->detailTabs();
        QVERIFY(tabs->count() >= 5);
        const MessageRecord* first = m_page->model()->record(0);
        QVERIFY(first->value().contains("\"id\":7"));
        m_page->searchEdit()->clear();
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 900, 5000);

        // A bad regular expression: the error on a line of its own (the search box keeps its width), and the
        // previous search's matches are not left on screen as if they were this one's.
        QTest::keyClicks(m_page->searchEdit(), QStringLiteral("/customer/id == 7"));
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 30, 5000);
        m_page->searchEdit()->clear();
        QTest::keyClicks(m_page->searchEdit(), QStringLiteral("value matches (unclosed"));
        QTRY_VERIFY_WITH_TIMEOUT(m_page->searchError()->isVisible(), 5000);
        QVERIFY2(m_page->searchError()->text().contains(QLatin1String("regular expression")),
            qPrintable(m_page->searchError()->text()));
        QTest::qWait(200); // the layout has settled
        const QRect edit(m_page->searchEdit()->mapTo(m_page, QPoint()), m_page->searchEdit()->size());
        const QRect error(m_page->searchError()->mapTo(m_page, QPoint()), m_page->searchError()->size());
        QVERIFY2(error.top() >= edit.bottom() && error.width() >= edit.width(),
            qPrintable(QStringLiteral("search box %1,%2 %3×%4; error %5,%6 %7×%8")
                           .arg(edit.x())
                           .arg(edit.y())
                           .arg(edit.width())
                           .arg(edit.height())
                           .arg(error.x())
                           .arg(error.y())
                           .arg(error.width())
                           .arg(error.height())));
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->rowCount(), 900, 5000);
        QVERIFY2(m_page->matchLabel()->text().contains(QLatin1String("none searched")),
            qPrintable(m_page->matchLabel()->text()));
        QCOMPARE(m_page->searchEdit()->text(), QStringLiteral("value matches (unclosed")); // nothing typed is lost
        m_page->searchEdit()->clear();
        QTRY_VERIFY_WITH_TIMEOUT(m_page->searchError()->isHidden(), 5000);
        QVERIFY(watchdog.maxStallMs() < 200);
    }

    void badInputIsShownBesideItsField()
    {
        m_page->readFilterEdit()->setText(QStringLiteral("value matches ("));
        QVERIFY(m_page->readFilterError()->isVisible());
        QVERIFY2(m_page->readFilterError()->text().contains(QLatin1String("regular expression")),
            qPrintable(m_page->readFilterError()->text()));
        const int before = m_page->model()->rowCount();
        QTest::mouseClick(m_page->readButton(), Qt::LeftButton);
        QTest::qWait(300);
        QCOMPARE(m_page->model()->rowCount(), before); // nothing was read, nothing lost
        m_page->readFilterEdit()->clear();
        QVERIFY(!m_page->readFilterError()->isVisible());
        m_page->partitionsEdit()->setText(QStringLiteral("0,x"));
        QTest::mouseClick(m_page->readButton(), Qt::LeftButton);
        QVERIFY(m_page->partitionsError()->isVisible());
        m_page->partitionsEdit()->setText(QStringLiteral("all"));
        // An offset beyond the end: the reader says so.
        m_page->startBox()->setCurrentIndex(2);
        auto* offset = m_page->findChild<QDoubleSpinBox*>();
        QVERIFY(offset);
        offset->setValue(100000);
        const ReadSummary s = read();
        QVERIFY2(s.error.contains(QLatin1String("out of range")), qPrintable(s.error));
        QVERIFY(m_page->statusLabel()->text().contains(QLatin1String("out of range")));
    }

    void exportWritesWhatIsShown()
    {
        m_page->startBox()->setCurrentIndex(1);
        m_page->partitionsEdit()->setText(QStringLiteral("1"));
        QVERIFY(read().error.isEmpty());
        const int rows = m_page->model()->rowCount();
        QVERIFY(rows > 0 && rows < 900);
        QTemporaryDir dir;
        QSignalSpy exported(m_page, &MessageBrowser::exported);
        m_page->exportTo(dir.filePath(QStringLiteral("p1.jsonl")));
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.first().first().toLongLong(), qint64(rows));
        QFile f(dir.filePath(QStringLiteral("p1.jsonl")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QCOMPARE(text.count('\n'), rows);
        QVERIFY(text.contains("\"partition\":1"));
        QVERIFY(!text.contains("\"partition\":0"));
        m_page->partitionsEdit()->setText(QStringLiteral("all"));
    }
};

QTEST_MAIN(TestMessageBrowser)
#include "test_messagebrowser.moc"
