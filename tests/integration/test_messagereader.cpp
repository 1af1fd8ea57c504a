// MessageReader, the message browser's handle, on the fixture broker: a read, a replay, an export and a value
// fetch each run on a thread the handle owns (the librdkafka handles are made there: debug builds assert it);
// cancelling or dropping any of them never waits, drops what the cancelled work still sends, and its thread ends
// on its own.
#include "kafkacore/client/workerthread.h"
#include "kafkacore/messages/messagereader.h"
#include "testsupport.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

class TestMessageReader : public QObject {
    Q_OBJECT
    QString m_bootstrap;
    QString m_topic; // 3 partitions, 300 messages (100 a partition, keys k0..k99, headers)

    QList<ClientProperty> connection() const
    {
        return { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) };
    }
    static QString unique(const QString& base)
    {
        return base + QLatin1Char('-') + QString::number(QDateTime::currentMSecsSinceEpoch());
    }
    // Threads of this process made by WorkerThread once everything started by a test has ended.
    static bool threadsEndTo(int count)
    {
        return QTest::qWaitFor([count] { return WorkerThread::liveThreadCount() <= count; }, 60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
        m_topic = unique(QStringLiteral("kafkalab.test.reader"));
        QCOMPARE(test::createTopics(m_bootstrap, { { m_topic, 3 } }), QString());
        QByteArray input;
        for (int i = 0; i < 300; ++i)
            input += "k" + QByteArray::number(i % 100) + ":v" + QByteArray::number(i) + "\n";
        for (int p = 0; p < 3; ++p) {
            QByteArray part;
            const QList<QByteArray> lines = input.split('\n');
            for (int i = p * 100; i < p * 100 + 100; ++i)
                part += lines[i] + '\n';
            const test::ProcessResult produced = test::run(QStringLiteral("kcat"),
                { "-b", m_bootstrap, "-P", "-t", m_topic, "-p", QString::number(p), "-K:", "-H", "h=1" }, 60000, part);
            QVERIFY2(produced.exitCode == 0, produced.err.constData());
        }
    }

    // Each test starts with no thread of an earlier one left.
    void init() { QVERIFY(threadsEndTo(0)); }

    void readsOnItsOwnThread()
    {
        MessageReader reader;
        reader.setConnection(connection());
        QSignalSpy started(&reader, &MessageReader::readStarted);
        QSignalSpy finished(&reader, &MessageReader::readFinished);
        qint64 received = 0;
        connect(&reader, &MessageReader::batch, this,
            [&received](const MessageBatchPtr& b) { received += qint64(b->size()); });
        ReadRequest r;
        r.topic = m_topic;
        r.start = ReadRequest::Start::Newest;
        r.newest = 10;
        r.isolation = QStringLiteral("read_uncommitted");
        reader.read(r);
        QVERIFY(reader.reading());
        QVERIFY(finished.wait(120000));
        const auto summary = finished.first().first().value<ReadSummary>();
        QVERIFY2(summary.error.isEmpty(), qPrintable(summary.error));
        QVERIFY(!summary.cancelled);
        QCOMPARE(summary.matched, 30);
        QCOMPARE(received, 30);
        QCOMPARE(started.size(), 1);
        const auto parts = started.first().first().value<QList<PartitionProgress>>();
        QCOMPARE(parts.size(), 3);
        for (const PartitionProgress& p : parts) {
            QCOMPARE(p.start, 90);
            QCOMPARE(p.end, 100);
        }
        QVERIFY(!reader.reading());
    }

    void aNewReadReplacesTheOldOne()
    {
        MessageReader reader;
        reader.setConnection(connection());
        QSignalSpy finished(&reader, &MessageReader::readFinished);
        ReadRequest tail;
        tail.topic = m_topic;
        tail.start = ReadRequest::Start::Tail; // never ends by itself
        reader.read(tail);
        ReadRequest all;
        all.topic = m_topic;
        all.start = ReadRequest::Start::Beginning;
        reader.read(all); // the tail is cancelled and dropped
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.size(), 1);
        const auto summary = finished.first().first().value<ReadSummary>();
        QVERIFY2(summary.error.isEmpty(), qPrintable(summary.error));
        QCOMPARE(summary.matched, 300);
        QTest::qWait(200);
        QCOMPARE(finished.size(), 1); // nothing from the tail
    }

    void stopReadingEndsATailWithWhatWasRead()
    {
        const int before = WorkerThread::liveThreadCount();
        MessageReader reader;
        reader.setConnection(connection());
        QSignalSpy started(&reader, &MessageReader::readStarted);
        QSignalSpy finished(&reader, &MessageReader::readFinished);
        ReadRequest tail;
        tail.topic = m_topic;
        tail.start = ReadRequest::Start::Tail;
        reader.read(tail);
        QVERIFY(started.wait(120000));
        QVERIFY(finished.isEmpty());
        reader.stopReading();
        QVERIFY(finished.wait(120000));
        const auto summary = finished.first().first().value<ReadSummary>();
        QVERIFY(summary.cancelled);
        QVERIFY2(summary.error.isEmpty(), qPrintable(summary.error));
        QVERIFY(!reader.reading());
        QVERIFY(threadsEndTo(before));
    }

    void droppingTheHandleMidReadNeverWaitsAndItsThreadEnds()
    {
        const int before = WorkerThread::liveThreadCount();
        auto* reader = new MessageReader;
        reader->setConnection(connection());
        QSignalSpy started(reader, &MessageReader::readStarted);
        bool finishedAfterDelete = false;
        ReadRequest tail;
        tail.topic = m_topic;
        tail.start = ReadRequest::Start::Tail;
        reader->read(tail);
        QVERIFY(started.wait(120000));
        QCOMPARE(WorkerThread::liveThreadCount(), before + 1);
        connect(reader, &MessageReader::readFinished, this, [&finishedAfterDelete] { finishedAfterDelete = true; });
        delete reader; // retires the read: no wait here
        QVERIFY(threadsEndTo(before));
        QVERIFY(!finishedAfterDelete);
    }

    void fetchesAWholeValue()
    {
        MessageReader reader;
        reader.setConnection(connection());
        bool called = false;
        QByteArray value;
        QString error;
        reader.fetchValue(m_topic, 1, 42, [&](const QByteArray& v, const QString& e) {
            called = true;
            value = v;
            error = e;
        });
        QVERIFY(reader.fetching());
        QVERIFY(QTest::qWaitFor([&] { return called; }, 60000));
        QVERIFY(!reader.fetching());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(value, QByteArray("v142"));
    }

    void aCancelledFetchIsDroppedAndItsThreadEnds()
    {
        // A stopped fetch gives up at once, with a reason.
        StopToken stopped;
        stopped.requestStop();
        QString why;
        QVERIFY(BrowserWorker::fetchValue(connection(), m_topic, 0, 5, &why, stopped).isNull());
        QCOMPARE(why, QStringLiteral("cancelled"));

        const int before = WorkerThread::liveThreadCount();
        MessageReader reader;
        reader.setConnection(connection());
        int calls = 0;
        // An offset past the end: the fetch would look for it until its own timeout.
        reader.fetchValue(m_topic, 0, 1000000, [&calls](const QByteArray&, const QString&) { ++calls; });
        QCOMPARE(WorkerThread::liveThreadCount(), before + 1);
        QVERIFY(reader.fetching());
        reader.cancelFetch();
        QVERIFY(!reader.fetching());
        QVERIFY(threadsEndTo(before));
        QCoreApplication::processEvents();
        QCOMPARE(calls, 0);
        // A newer fetch cancels an older one: only the newer one answers.
        int older = 0, newer = 0;
        reader.fetchValue(m_topic, 0, 1000000, [&older](const QByteArray&, const QString&) { ++older; });
        reader.fetchValue(m_topic, 2, 7, [&newer](const QByteArray& v, const QString&) { newer += v == "v207"; });
        QVERIFY(QTest::qWaitFor([&] { return newer == 1; }, 60000));
        QVERIFY(threadsEndTo(before));
        QCoreApplication::processEvents();
        QCOMPARE(older, 0);
    }

    void replaysExportsAndReadsBack()
    {
        // Export what a read loaded, replay the file to a new topic through the handle, read that back.
        MessageReader reader;
        reader.setConnection(connection());
        QSignalSpy finished(&reader, &MessageReader::readFinished);
        MessageModel model;
        connect(&reader, &MessageReader::batch, &model, [&model](const MessageBatchPtr& b) { model.append(b); });
        ReadRequest r;
        r.topic = m_topic;
        r.start = ReadRequest::Start::Beginning;
        r.partitions = { 2 };
        reader.read(r);
        QVERIFY(finished.wait(120000));
        QCOMPARE(model.loadedCount(), 100);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p2.jsonl"));
        QSignalSpy exported(&reader, &MessageReader::exported);
        QVERIFY(reader.exportTo(path, m_topic, {}, std::make_shared<MessageModel::ViewSnapshot>(model.snapshotView())));
        QVERIFY(reader.exporting());
        QVERIFY(exported.wait(60000));
        QCOMPARE(exported.first().at(0).toLongLong(), 100);
        QCOMPARE(exported.first().at(1).toString(), QString());
        QVERIFY(!reader.exporting());

        std::shared_ptr<ReplayFile> file;
        reader.readFile(path, [&file](std::shared_ptr<ReplayFile> f) { file = std::move(f); });
        QVERIFY(QTest::qWaitFor([&] { return file != nullptr; }, 60000));
        QCOMPARE(file->messages.size(), 100);
        QVERIFY(file->errors.isEmpty());

        const QString target = unique(QStringLiteral("kafkalab.test.reader.replay"));
        QCOMPARE(test::createTopics(m_bootstrap, { { target, 1 } }), QString());
        QSignalSpy replayed(&reader, &MessageReader::replayFinished);
        reader.replay(target, file->messages, false, true);
        QVERIFY(reader.replaying());
        QVERIFY(replayed.wait(120000));
        const auto s = replayed.first().first().value<ReplaySummary>();
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QCOMPARE(s.sent, 100);
        QCOMPARE(s.delivered, 100);
        QVERIFY(!reader.replaying());

        model.clear();
        r.topic = target;
        r.partitions.clear();
        reader.read(r);
        QVERIFY(finished.wait(120000));
        QCOMPARE(model.loadedCount(), 100);
        const std::vector<MessageRecord> back = model.viewRecords();
        QCOMPARE(back.front().key(), QByteArray("k0"));
        QCOMPARE(back.front().value(), QByteArray("v200"));
        QCOMPARE(back.back().value(), QByteArray("v299"));
    }

    void cleanupTestCase() { WorkerThread::joinAll(); }
};

QTEST_GUILESS_MAIN(TestMessageReader)
#include "test_messagereader.moc"
