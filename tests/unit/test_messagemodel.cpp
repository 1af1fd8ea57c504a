// The message browser's model: consistent under QAbstractItemModelTester while batches arrive, are evicted,
// filtered and sorted; eviction keeps the newest; display text escapes what is not valid UTF-8.
#include "kafkacore/common/jsontext.h"
#include "kafkacore/messages/messageio.h"
#include "kafkacore/messages/messagemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace kafkalab;

namespace {

MessageBatchPtr batch(int64_t from, int count, int partition = 0)
{
    auto b = std::make_shared<MessageBatch>();
    for (int64_t o = from; o < from + count; ++o) {
        const QByteArray key = "key-" + QByteArray::number(o % 7);
        const QByteArray value = "{\"n\":" + QByteArray::number(o) + "}";
        b->push_back(makeRecord(partition, o, 1700000000000 + o, key.constData(), int(key.size()), value.constData(),
            int(value.size()), {}));
    }
    return b;
}

} // namespace

class TestMessageModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void evictionKeepsTheNewest()
    {
        MessageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(1000);
        for (int i = 0; i < 30; ++i)
            model.append(batch(int64_t(i) * 100, 100));
        QCOMPARE(model.loadedCount(), qsizetype(1000));
        QCOMPARE(model.evictedCount(), qsizetype(2000));
        QCOMPARE(model.record(0)->offset, int64_t(2000));
        QCOMPARE(model.record(999)->offset, int64_t(2999));
        QCOMPARE(model.data(model.index(999, MessageModel::Value)).toString(), QStringLiteral("{\"n\":2999}"));
    }

    void filterAndSortRunOffTheGuiThread()
    {
        MessageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 10; ++i)
            model.append(batch(int64_t(i) * 100, 100));
        QString error;
        const auto filter = MessageFilter::parse(QStringLiteral("key == key-3"), &error);
        QVERIFY2(filter, qPrintable(error));
        QSignalSpy applied(&model, &MessageModel::filterApplied);
        model.setFilter(*filter);
        QVERIFY(applied.wait(5000));
        QCOMPARE(model.rowCount(), 143); // offsets 3, 10, 17, ... below 1000
        // Arrivals under a filter are matched too.
        model.append(batch(1000, 7));
        QCOMPARE(model.rowCount(), 144);
        QSignalSpy sorted(&model, &MessageModel::sorted);
        model.sort(MessageModel::Offset, Qt::DescendingOrder);
        QVERIFY(sorted.wait(5000));
        QCOMPARE(model.record(0)->offset, int64_t(1004));
        QCOMPARE(model.record(143)->offset, int64_t(3));
        model.setFilter(MessageFilter());
        QCOMPARE(model.rowCount(), 1007);
        QCOMPARE(model.record(0)->offset, int64_t(0));
    }

    void rowsArrivingWhileSortingGoAtTheEnd()
    {
        MessageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append(batch(0, 500));
        QSignalSpy sorted(&model, &MessageModel::sorted);
        model.sort(MessageModel::Offset, Qt::DescendingOrder);
        model.append(batch(500, 5)); // before the sort's result is applied
        QVERIFY(sorted.wait(5000));
        QCOMPARE(model.rowCount(), 505);
        QCOMPARE(model.record(0)->offset, int64_t(499));
        QCOMPARE(model.record(499)->offset, int64_t(0));
        QCOMPARE(model.record(500)->offset, int64_t(500));
        QCOMPARE(model.record(504)->offset, int64_t(504));
        model.append(batch(505, 1)); // after it: at the end too
        QCOMPARE(model.record(505)->offset, int64_t(505));
    }

    void snapshotStaysWhatItWas()
    {
        MessageModel model;
        model.setCapacity(300);
        model.append(batch(0, 100));
        model.append(batch(100, 100));
        const MessageModel::ViewSnapshot snap = model.snapshotView();
        model.append(batch(200, 100));
        model.append(batch(300, 100)); // evicts the first batch from the model, not from the snapshot
        QCOMPARE(model.record(0)->offset, int64_t(100));
        QCOMPARE(snap.size(), qsizetype(200));
        QCOMPARE(snap.at(0).offset, int64_t(0));
        QCOMPARE(snap.at(199).offset, int64_t(199));
        QString error;
        model.setFilter(*MessageFilter::parse(QStringLiteral("offset >= 390"), &error));
        QTRY_COMPARE(model.rowCount(), 10);
        const MessageModel::ViewSnapshot filtered = model.snapshotView();
        QCOMPARE(filtered.size(), qsizetype(10));
        QCOMPARE(filtered.at(9).offset, int64_t(399));
    }

    void displayTextEscapesWhatIsNotText()
    {
        QCOMPARE(MessageModel::displayText(QByteArray("a\0b", 3)), QStringLiteral("a\\x00b"));
        QCOMPARE(MessageModel::displayText(QByteArray("\xff ok \xc3\xa9", 7)), QStringLiteral("\\xff ok é"));
        QCOMPARE(MessageModel::displayText(QByteArray("line\nnext")), QStringLiteral("line\\nnext"));
    }

    void displayTextShowsBinaryAsEscapedBytes()
    {
        // Random bytes hold scattered sequences that are valid UTF-8 ("\xc3\xa9" here): in binary data they are
        // bytes, not characters (decoded, they showed characters of random scripts and slowed every repaint).
        QByteArray binary;
        for (int i = 0; i < 64; ++i)
            binary.append(char(0x80 + (i * 37) % 0x7f));
        binary.append("\xc3\xa9");
        const QString shown = MessageModel::displayText(binary, 400);
        for (const QChar c : shown)
            QVERIFY2(c.unicode() < 0x80 || c.unicode() == 0x2026, qPrintable(shown));
        QVERIFY(shown.endsWith(QLatin1String("\\xc3\\xa9")));
        // Text with valid UTF-8 stays text.
        QCOMPARE(MessageModel::displayText(QByteArray("caf\xc3\xa9 cr\xc3\xa8me")), QStringLiteral("café crème"));
        QVERIFY(isValidUtf8(QByteArray("caf\xc3\xa9")));
        QVERIFY(!isValidUtf8(QByteArray("\xc3\x28", 2)));
        QVERIFY(!isValidUtf8(QByteArray("\xc0\xaf", 2))); // overlong
        QVERIFY(!isValidUtf8(QByteArray("\xed\xa0\x80", 3))); // surrogate
        QVERIFY(!isValidUtf8(QByteArray("\xe2\x82", 2))); // cut short
    }

    void jsonLinesRoundTrip()
    {
        const QByteArray bin("\x00\xff\x01", 3);
        std::vector<MessageHeader> headers { { "h", bin, false }, { "n", {}, true } };
        const MessageRecord r = makeRecord(2, 5, 7, nullptr, 0, bin.constData(), int(bin.size()), headers);
        const QByteArray line = toJsonLine(QStringLiteral("t"), r);
        QString error;
        const auto m = parseJsonLine(line, &error);
        QVERIFY2(m, qPrintable(error));
        QVERIFY(!m->key);
        QCOMPARE(*m->value, bin);
        QCOMPARE(m->partition, 2);
        QCOMPARE(int(m->headers.size()), 2);
        QCOMPARE(m->headers[0].value, bin);
        QVERIFY(m->headers[1].isNull);
        QVERIFY(!parseJsonLine("{\"value\": 5}", &error));
        QVERIFY2(error.contains("value must be a string"), qPrintable(error));
        QVERIFY(!parseJsonLine("{\"value\": {\"base64\": \"***\"}}", &error));
        QVERIFY2(error.contains("does not decode"), qPrintable(error));
        // A number no double holds is an error with its place, not an exception (found by the fuzz target).
        const JsonCheck overflow = checkJson("{\"partition\": 1,\n \"x\": 21474e3648}");
        QVERIFY(!overflow.ok);
        QCOMPARE(overflow.describe(), QStringLiteral("line 2, column 7: number overflow parsing '21474e3648'"));
        QVERIFY(!parseJsonLine("{\"partition\":21474e3648,\"value\":\"a\"}", &error));
        QVERIFY2(error.contains("number overflow"), qPrintable(error));
        QCOMPARE(toCsvLine(r),
            QByteArray("2,5,7,,base64:AP8B,\"[{\"\"name\"\":\"\"h\"\",\"\"value\"\":{\"\"base64\"\":\"\"AP8B\"\"}},{"
                       "\"\"name\"\":\"\"n\"\",\"\"value\"\":null}]\"\n"));
    }

    // Nested deeper than 512 levels is not JSON: refused before any parser sees it (dump() recursed once per level:
    // pretty-printing a 100,000-level value overflowed the stack), exported as text and replayed back unchanged.
    void deeplyNestedJsonIsText()
    {
        const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
        const JsonCheck check = checkJson(deep);
        QVERIFY(!check.ok);
        QCOMPARE(check.describe(), QStringLiteral("line 1, column 513: nested deeper than 512 levels"));
        QCOMPARE(prettyJson(deep), deep);
        const QByteArray inObject = "{\n  \"a\": " + deep + "\n}"; // the object is level 1
        QCOMPARE(checkJson(inObject).describe(), QStringLiteral("line 2, column 519: nested deeper than 512 levels"));
        QCOMPARE(prettyJson(inObject), inObject);

        const QByteArray atLimit = QByteArray(512, '[') + QByteArray(512, ']');
        QVERIFY(checkJson(atLimit).ok);
        QCOMPARE(prettyJson(atLimit).count('\n'), 2 * 511);
        QVERIFY(!checkJson(QByteArray(513, '[') + QByteArray(513, ']')).ok);
        // Brackets in strings are text.
        QVERIFY(checkJson("[\"" + deep + "\"]").ok);

        // Export: the value is a JSON string, whatever it holds; replayed back it is the same bytes.
        const QByteArray value = deep + "\"{";
        const MessageRecord r = makeRecord(0, 3, 7, "k", 1, value.constData(), int(value.size()), {});
        QString error;
        const auto m = parseJsonLine(toJsonLine(QStringLiteral("t"), r), &error);
        QVERIFY2(m, qPrintable(error));
        QCOMPARE(*m->value, value);
        QVERIFY(toCsvLine(r).contains(deep));
        // A hand-written line that nests too deep is not JSON, with the reason.
        QVERIFY(!parseJsonLine("{\"value\": " + deep + "}", &error));
        QVERIFY2(error.contains(QLatin1String("line 1, column 522: nested deeper than 512 levels")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestMessageModel)
#include "test_messagemodel.moc"
