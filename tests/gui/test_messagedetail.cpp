// The message detail pane's Value tab: JSON as a tree; what is not JSON (a value nested deeper than 512 levels
// included) as the reason and the raw text.
#include "widgets/messages/messagedetail.h"

#include "kafkacore/client/workerthread.h"
#include "kafkacore/messages/messagereader.h"
#include "kafkacore/schemas/avrodecode.h"
#include "kafkacore/schemas/wireformat.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

using namespace kafkalab;

namespace {

MessageRecord withValue(const QByteArray& value)
{
    return makeRecord(0, 1, 1000, "k", 1, value.constData(), int(value.size()), {});
}

struct ValueTab {
    QLabel* note;
    QTreeWidget* tree;
    QPlainTextEdit* raw;
};

ValueTab valueTab(const MessageDetail& detail)
{
    QWidget* page = detail.tabs()->widget(0);
    return { page->findChild<QLabel*>(), page->findChild<QTreeWidget*>(), page->findChild<QPlainTextEdit*>() };
}

} // namespace

class TestMessageDetail : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deeplyNestedValueIsShownAsText_data()
    {
        QTest::addColumn<int>("depth");
        QTest::newRow("100,000 levels") << 100000;
        QTest::newRow("600 levels") << 600; // within Qt's own limit (1024), so the old pane built the tree
        QTest::newRow("513 levels") << 513;
    }
    void deeplyNestedValueIsShownAsText()
    {
        QFETCH(int, depth);
        const QByteArray value = QByteArray(depth, '[') + "1" + QByteArray(depth, ']');
        MessageDetail detail;
        detail.showRecord(withValue(value));
        const ValueTab tab = valueTab(detail);
        QVERIFY(tab.note && tab.tree && tab.raw);
        QCOMPARE(tab.note->text(), QStringLiteral("Not JSON: line 1, column 513: nested deeper than 512 levels"));
        QVERIFY(tab.tree->isHidden());
        QCOMPARE(tab.tree->topLevelItemCount(), 0);
        QVERIFY(!tab.raw->isHidden());
        QCOMPARE(tab.raw->toPlainText().toUtf8(), value);
    }

    void atTheLimitItIsATree()
    {
        const QByteArray value = QByteArray(512, '[') + "1" + QByteArray(512, ']');
        MessageDetail detail;
        detail.showRecord(withValue(value));
        const ValueTab tab = valueTab(detail);
        QVERIFY2(tab.note->text().startsWith(QLatin1String("JSON (")), qPrintable(tab.note->text()));
        QVERIFY(!tab.tree->isHidden());
        QVERIFY(tab.raw->isHidden());
        int levels = 0;
        QTreeWidgetItem* item = tab.tree->topLevelItem(0);
        for (; item && item->childCount() == 1; item = item->child(0))
            ++levels;
        QCOMPARE(levels, 512);
        QVERIFY(item);
        QCOMPARE(item->text(1), QStringLiteral("1"));
    }

    void treeKeepsTheValuesKeyOrderAndNumbers()
    {
        // The user's order, not sorted; a 64-bit id as written, not rounded through a double.
        MessageDetail detail;
        detail.showRecord(withValue(R"({"zeta": 1, "alpha": {"y": 2, "b": "x"}, "id": 9007199254740993, "n": null})"));
        const ValueTab tab = valueTab(detail);
        QTreeWidgetItem* root = tab.tree->topLevelItem(0);
        QVERIFY(root);
        QCOMPARE(root->childCount(), 4);
        QStringList keys;
        for (int i = 0; i < root->childCount(); ++i)
            keys.append(root->child(i)->text(0));
        QCOMPARE(keys, QStringList({ "zeta", "alpha", "id", "n" }));
        QCOMPARE(root->child(1)->child(0)->text(0), QStringLiteral("y"));
        QCOMPARE(root->child(1)->child(1)->text(1), QStringLiteral("\"x\""));
        QCOMPARE(root->child(2)->text(1), QStringLiteral("9007199254740993"));
        QCOMPARE(root->child(3)->text(1), QStringLiteral("null"));
        // A bare scalar is a tree of one.
        detail.showRecord(withValue("42"));
        QCOMPARE(valueTab(detail).tree->topLevelItem(0)->text(1), QStringLiteral("42"));
    }

    // A value decoded through a schema registry: its JSON as the tree with subject, version, schema id and type above
    // it; the raw bytes one click away (the Text and Hex tabs). One that did not decode says why and shows its bytes.
    void decodedValueIsATreeWithItsBytesOneTabAway()
    {
        QString error;
        const auto avro = schemas::AvroSchema::parse(QStringLiteral("{\"type\": \"record\", \"name\": \"R\", "
                                                                    "\"fields\": [{\"name\": \"id\", \"type\": "
                                                                    "\"long\"}, {\"name\": \"city\", \"type\": "
                                                                    "\"string\"}]}"),
            &error);
        QVERIFY2(avro, qPrintable(error));
        const auto payload = avro->fromJson("{\"id\": 42, \"city\": \"Oslo\"}", &error);
        QVERIFY2(payload, qPrintable(error));
        const QByteArray wire = schemas::encodeWireHeader(7) + QByteArray::fromStdString(*payload);
        auto schema = std::make_shared<schemas::SchemaInfo>();
        schema->id = 7;
        schema->subject = QStringLiteral("orders-value");
        schema->version = 3;
        const auto json = avro->toJson(QByteArrayView(wire).sliced(5), &error);
        QVERIFY2(json, qPrintable(error));
        schemas::DecodedBatch texts;
        schemas::DecodedRecord decoded;
        decoded.value = texts.decodedValue(schema, QByteArrayView(json->data(), qsizetype(json->size())));

        MessageDetail detail;
        detail.showRecord(withValue(wire), &decoded);
        const ValueTab tab = valueTab(detail);
        QVERIFY(!tab.tree->isHidden());
        QTreeWidgetItem* root = tab.tree->topLevelItem(0);
        QVERIFY(root);
        QCOMPARE(root->childCount(), 2);
        QCOMPARE(root->child(0)->text(0), QStringLiteral("id"));
        QCOMPARE(root->child(0)->text(1), QStringLiteral("42"));
        QCOMPARE(root->child(1)->text(1), QStringLiteral("\"Oslo\""));
        const QString note = tab.note->text();
        QVERIFY2(note.contains(QLatin1String("schema id 7, subject orders-value version 3, AVRO")), qPrintable(note));
        // The bytes as they came: the Hex tab starts with the header (magic 0, schema id 7).
        QCOMPARE(detail.tabs()->tabText(2), QStringLiteral("Hex"));
        QVERIFY2(detail.hexView()->toPlainText().startsWith(QLatin1String("00000000  00 00 00 00 07 54 08 4f")),
            qPrintable(detail.hexView()->toPlainText()));
        QVERIFY(detail.textView()->toPlainText().startsWith(QLatin1String("\\x00\\x00\\x00\\x00\\x07")));

        // Not decoded: the reason, and the bytes in the Value tab as well.
        schemas::DecodedRecord failed;
        failed.value = texts.failedValue(99999, nullptr, u"schema id 99999 does not exist in the schema registry");
        detail.showRecord(withValue(wire), &failed);
        const ValueTab bad = valueTab(detail);
        QVERIFY(bad.tree->isHidden());
        QVERIFY2(bad.note->text().contains(failed.value.reason()), qPrintable(bad.note->text()));
        QVERIFY(!bad.raw->isHidden());
        QVERIFY(bad.raw->toPlainText().startsWith(QLatin1String("00000000  00 00 00 00 07")));
    }

    void closingThePaneCancelsAValueFetchWithoutWaiting()
    {
        // No broker there: the fetch would look for the value until its own 30 s timeout.
        MessageReader reader;
        reader.setConnection(
            { ClientProperty::of(QStringLiteral("bootstrap.servers"), QStringLiteral("127.0.0.1:1")) });
        auto* detail = new MessageDetail;
        detail->setSource(&reader, QStringLiteral("t"));
        const QByteArray value(100, 'x');
        detail->showRecord(makeRecord(0, 1, 1000, "k", 1, value.constData(), int(value.size()), {}, 10));
        QVERIFY(detail->loadWholeButton()->isEnabled());
        bool loaded = false;
        connect(detail, &MessageDetail::wholeValueLoaded, this, [&loaded] { loaded = true; });
        detail->loadWholeButton()->click();
        QVERIFY(reader.fetching());
        QVERIFY(!detail->loadWholeButton()->isEnabled());
        delete detail; // cancels the fetch and drops it: no wait
        QVERIFY(!reader.fetching());
        // Its thread ends on its own (soon, having seen its stop flag).
        QVERIFY(QTest::qWaitFor([] { return WorkerThread::liveThreadCount() == 0; }, 60000));
        QVERIFY(!loaded);
    }

    void withoutAReaderNothingIsLoaded()
    {
        MessageDetail detail;
        const QByteArray value(100, 'x');
        detail.showRecord(makeRecord(0, 1, 1000, "k", 1, value.constData(), int(value.size()), {}, 10));
        QVERIFY(!detail.loadWholeButton()->isEnabled());
        MessageReader reader; // not connected
        detail.setSource(&reader, QStringLiteral("t"));
        QVERIFY(!detail.loadWholeButton()->isEnabled());
    }
};

QTEST_MAIN(TestMessageDetail)
#include "test_messagedetail.moc"
