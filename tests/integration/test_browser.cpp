// The message browser on the fixture broker: what it loads equals what kcat reads (partition, offset, key, value,
// headers); export then replay reproduces keys, values and headers byte for byte (zero bytes, invalid UTF-8),
// checked with python3-kafka; bad input gives its reason and sends nothing.
#include "kafkacore/messages/browserworker.h"
#include "kafkacore/messages/messageio.h"
#include "kafkacore/messages/messagemodel.h"
#include "signallog.h"
#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace kafkalab;

namespace {

struct Loaded {
    ReadSummary summary;
    std::vector<MessageRecord> records;
};

} // namespace

class TestBrowser : public QObject {
    Q_OBJECT
    QString m_bootstrap;
    QString cli() const { return test::builtProgram(QStringLiteral("app/kafkalab-cli")); }
    QString unique(const QString& base) const
    {
        return base + QLatin1Char('-') + QString::number(QDateTime::currentMSecsSinceEpoch());
    }

    // Reads through the browser's worker into a model, as the Messages tab does.
    Loaded load(const ReadRequest& request)
    {
        QThread thread;
        auto* worker = new BrowserWorker({ ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) });
        worker->moveToThread(&thread);
        connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
        MessageModel model;
        connect(worker, &BrowserWorker::batch, &model, [&model](const MessageBatchPtr& b) { model.append(b); });
        test::SignalLog done(worker, &BrowserWorker::finished);
        thread.start();
        QMetaObject::invokeMethod(
            worker, [worker, request] { worker->read(request); }, Qt::QueuedConnection);
        Loaded out;
        if (done.waitForCount(1, 120000))
            out.summary = done.value(0);
        else
            out.summary.error = QStringLiteral("no answer within 120 s");
        QCoreApplication::processEvents(); // the last batch
        out.records = model.viewRecords();
        thread.quit();
        thread.wait();
        return out;
    }

    static QString describe(int32_t p, int64_t o, const QByteArray& k, const QByteArray& v, const QByteArray& h)
    {
        return QStringLiteral("%1/%2 key=%3 value=%4 headers=%5")
            .arg(p)
            .arg(o)
            .arg(QString::fromLatin1(k.toHex()), QString::fromLatin1(v.toHex()), QString::fromLatin1(h.toHex()));
    }
    static QString describe(const MessageRecord& r)
    {
        QByteArray h;
        if (r.headers)
            for (const MessageHeader& x : *r.headers)
                h += x.name + '=' + x.value + ';';
        return describe(r.partition, r.offset, r.key(), r.value(), h);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    void loadsWhatKcatReads()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.browse"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 3 } }), QString());
        QByteArray input;
        for (int i = 0; i < 3000; ++i)
            input += QByteArray("customer-") + QByteArray::number(i % 37) + ":{\"n\":" + QByteArray::number(i) + "}\n";
        const test::ProcessResult produced = test::run(QStringLiteral("kcat"),
            { "-b", m_bootstrap, "-P", "-t", topic, "-K:", "-H", "trace-id=abc", "-H", "source=kcat" }, 60000, input);
        QVERIFY2(produced.exitCode == 0, produced.err.constData());

        ReadRequest request;
        request.topic = topic;
        request.start = ReadRequest::Start::Beginning;
        const Loaded loaded = load(request);
        QVERIFY2(loaded.summary.error.isEmpty(), qPrintable(loaded.summary.error));
        QStringList ours;
        for (const MessageRecord& r : loaded.records)
            ours.append(describe(r));

        const test::ProcessResult kcat = test::run(
            QStringLiteral("kcat"), { "-b", m_bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-J", "-q" });
        QVERIFY2(kcat.exitCode == 0, kcat.err.constData());
        QStringList theirs;
        for (const QByteArray& line : kcat.out.split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            QByteArray h;
            const QJsonArray hs = o.value(QLatin1String("headers")).toArray();
            for (int i = 0; i + 1 < hs.size(); i += 2)
                h += hs[i].toString().toUtf8() + '=' + hs[i + 1].toString().toUtf8() + ';';
            theirs.append(describe(o.value(QLatin1String("partition")).toInt(),
                o.value(QLatin1String("offset")).toInteger(), o.value(QLatin1String("key")).toString().toUtf8(),
                o.value(QLatin1String("payload")).toString().toUtf8(), h));
        }
        QCOMPARE(theirs.size(), 3000);
        ours.sort();
        theirs.sort();
        QCOMPARE(ours, theirs);

        // Newest 10 per partition, partitions 0 and 2 only: exactly the last 10 offsets of each.
        request.start = ReadRequest::Start::Newest;
        request.newest = 10;
        request.partitions = { 0, 2 };
        const Loaded newest = load(request);
        QCOMPARE(int(newest.records.size()), 20);
        for (const MessageRecord& r : newest.records)
            QVERIFY(r.partition == 0 || r.partition == 2);

        // Stopping after N in the middle of a fetched batch: N records, and the reader ends (it once hung in
        // rd_kafka_destroy, waiting for the rest of the batch it had not freed).
        request.start = ReadRequest::Start::Beginning;
        request.partitions.clear();
        request.maxMessages = 7;
        const Loaded some = load(request);
        QVERIFY2(some.summary.error.isEmpty(), qPrintable(some.summary.error));
        QCOMPARE(int(some.records.size()), 7);
        const test::ProcessResult cliSome = test::run(cli(),
            { "consume", "--bootstrap", m_bootstrap, "--topic", topic, "--from", "beginning", "--count", "3" }, 20000);
        KAFKALAB_COMPARE_EXIT(cliSome, 0);
        QCOMPARE(cliSome.out.count('\n'), 3);
    }

    void exportThenReplayIsExact()
    {
        QTemporaryDir dir;
        const QString source = unique(QStringLiteral("kafkalab.test.export"));
        const QString copy = source + QStringLiteral("-copy");
        QCOMPARE(test::createTopics(m_bootstrap, { { source, 3 }, { copy, 3 } }), QString());
        // A hand-written file: zero bytes, invalid UTF-8, a null key, a tombstone, repeated and null headers.
        const QByteArray zero("a\0b\0c", 5);
        const QByteArray invalid("\xff\xfe ok \xc3\x28", 9);
        QFile hand(dir.filePath(QStringLiteral("hand.jsonl")));
        QVERIFY(hand.open(QIODevice::WriteOnly));
        hand.write("{\"key\":\"k1\",\"value\":{\"base64\":\"" + zero.toBase64() + "\"},\"partition\":0}\n");
        hand.write("{\"key\":{\"base64\":\"" + invalid.toBase64()
            + "\"},\"value\":\"text \\u00e9\",\"partition\":1,"
              "\"headers\":[{\"name\":\"h\",\"value\":\"1\"},{\"name\":\"h\",\"value\":{\"base64\":\""
            + invalid.toBase64() + "\"}},{\"name\":\"n\",\"value\":null}]}\n");
        hand.write("{\"key\":null,\"value\":\"no key\",\"partition\":2}\n");
        hand.write("{\"key\":\"gone\",\"value\":null,\"partition\":2}\n");
        hand.close();
        test::ProcessResult r = test::run(
            cli(), { "replay", "--bootstrap", m_bootstrap, "--topic", source, "--keep-partitions", hand.fileName() });
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // Export (the CLI writes the browser's export format), replay the export, export again: identical.
        r = test::run(cli(), { "consume", "--bootstrap", m_bootstrap, "--topic", source, "--from", "beginning" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray exported = r.out;
        QCOMPARE(exported.count('\n'), 4);
        QFile file(dir.filePath(QStringLiteral("export.jsonl")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(exported);
        file.close();
        r = test::run(
            cli(), { "replay", "--bootstrap", m_bootstrap, "--topic", copy, "--keep-partitions", file.fileName() });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = test::run(cli(), { "consume", "--bootstrap", m_bootstrap, "--topic", copy, "--from", "beginning" });
        auto strip = [](const QByteArray& jsonl) {
            QStringList out;
            for (const QByteArray& line : jsonl.split('\n')) {
                if (line.isEmpty())
                    continue;
                QJsonObject o = QJsonDocument::fromJson(line).object();
                o.remove(QLatin1String("topic"));
                o.remove(QLatin1String("timestamp"));
                out.append(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
            }
            out.sort();
            return out;
        };
        QCOMPARE(strip(r.out), strip(exported));
        // With --keep-timestamps the timestamps come along too: the export of the copy is the export, topic aside.
        const QString timed = source + QStringLiteral("-timed");
        QCOMPARE(test::createTopics(m_bootstrap, { { timed, 3 } }), QString());
        r = test::run(cli(),
            { "replay", "--bootstrap", m_bootstrap, "--topic", timed, "--keep-partitions", "--keep-timestamps",
                file.fileName() });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = test::run(cli(), { "consume", "--bootstrap", m_bootstrap, "--topic", timed, "--from", "beginning" });
        QByteArray renamed = r.out;
        renamed.replace(timed.toUtf8(), source.toUtf8());
        QStringList a = QString::fromUtf8(renamed).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QStringList b = QString::fromUtf8(exported).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        a.sort();
        b.sort();
        QCOMPARE(a, b);

        // python3-kafka, a client we did not write, sees the same bytes in the copy.
        const test::ProcessResult py = test::run(QStringLiteral("/usr/bin/python3"), // the Debian python3-kafka
            { "-c",
                "import sys, base64, kafka\n"
                "c = kafka.KafkaConsumer(sys.argv[2], bootstrap_servers=sys.argv[1], auto_offset_reset='earliest',"
                " consumer_timeout_ms=8000, enable_auto_commit=False)\n"
                "b = lambda x: 'null' if x is None else base64.b64encode(x).decode()\n"
                "for m in c:\n"
                "    print(m.partition, m.offset, b(m.key), b(m.value), ','.join(k + '=' + b(v) for k, v in "
                "m.headers))\n",
                m_bootstrap, copy },
            60000);
        QVERIFY2(py.exitCode == 0, py.err.constData());
        QStringList lines = QString::fromUtf8(py.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        lines.sort();
        const QString z = QString::fromLatin1(zero.toBase64());
        const QString inv = QString::fromLatin1(invalid.toBase64());
        QStringList want { QStringLiteral("0 0 %1 %2 ").arg(QString::fromLatin1(QByteArray("k1").toBase64()), z),
            QStringLiteral("1 0 %1 %2 h=%3,h=%4,n=null")
                .arg(inv, QString::fromLatin1(QByteArray("text \xc3\xa9").toBase64()),
                    QString::fromLatin1(QByteArray("1").toBase64()), inv),
            QStringLiteral("2 0 null %1 ").arg(QString::fromLatin1(QByteArray("no key").toBase64())),
            QStringLiteral("2 1 %1 null ").arg(QString::fromLatin1(QByteArray("gone").toBase64())) };
        for (QString& w : want)
            w = w.trimmed();
        for (QString& l : lines)
            l = l.trimmed();
        want.sort();
        QCOMPARE(lines, want);
    }

    void badInputSaysWhyAndSendsNothing()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.badinput"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 1 } }), QString());
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("bad.jsonl")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"key\":\"a\",\"value\":\"good\"}\n{\"key\":\"b\",\"value\":\"x\"\n{\"value\":{\"hex\":\"00\"}}\n");
        f.close();
        test::ProcessResult r
            = test::run(cli(), { "replay", "--bootstrap", m_bootstrap, "--topic", topic, f.fileName() });
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("bad.jsonl:2: not JSON: line 1, column"), r.err.constData());
        QVERIFY2(r.err.contains("bad.jsonl:3: value must be a string, null or {\"base64\""), r.err.constData());
        r = test::run(cli(), { "consume", "--bootstrap", m_bootstrap, "--topic", topic, "--from", "beginning" });
        QCOMPARE(r.out, QByteArray()); // nothing was half-produced
        r = test::run(
            cli(), { "replay", "--bootstrap", m_bootstrap, "--topic", topic, "--skip-bad-lines", f.fileName() });
        KAFKALAB_COMPARE_EXIT(r, 0);
        r = test::run(cli(), { "consume", "--bootstrap", m_bootstrap, "--topic", topic, "--from", "beginning" });
        QCOMPARE(r.out.count('\n'), 1);

        const QList<std::pair<QStringList, QByteArray>> cases {
            { { "--filter", "value matches (" }, "--filter: position" },
            { { "--filter", "/a~2 == 1" }, "--filter:" },
            { { "--from", "offset:5" }, "offset 5 is out of range on partition 0: it holds offsets 0 to 0" },
            { { "--from", "sometime" }, "--from takes newest:N" },
        };
        for (const auto& [extra, expected] : cases) {
            r = test::run(cli(), QStringList { "consume", "--bootstrap", m_bootstrap, "--topic", topic } + extra);
            QVERIFY2(r.exitCode != 0 && r.err.contains(expected), r.err.constData());
        }
        r = test::run(cli(),
            { "consume", "--bootstrap", m_bootstrap, "--topic", topic, "--from",
                QStringLiteral("timestamp:%1").arg(QDateTime::currentMSecsSinceEpoch() + 86400000) });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QVERIFY2(r.err.contains("no message at or after that time"), r.err.constData());
        QCOMPARE(r.out, QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestBrowser)
#include "test_browser.moc"
