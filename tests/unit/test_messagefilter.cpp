// The message browser's filter: every target and operator, tricky records and every parse error with its reason.
#include "kafkacore/messages/messagefilter.h"

#include <QTest>

#include <algorithm>
#include <map>
#include <optional>
#include <thread>
#include <vector>

using namespace kafkalab;

namespace {

constexpr int64_t kTimestamp = 1795687200500; // 2026-11-26T10:00:00.500Z

MessageRecord record(int32_t partition, int64_t offset, int64_t timestampMs, std::optional<QByteArray> key,
    std::optional<QByteArray> value, std::vector<MessageHeader> headers = {}, int valueLimit = 1 << 20)
{
    return makeRecord(partition, offset, timestampMs, key ? key->constData() : nullptr, key ? int(key->size()) : 0,
        value ? value->constData() : nullptr, value ? int(value->size()) : 0, std::move(headers), valueLimit);
}

const std::map<QString, MessageRecord>& records()
{
    static const std::map<QString, MessageRecord> all = {
        { QStringLiteral("order"),
            record(3, 150, kTimestamp, QByteArray("customer-7"),
                QByteArray(R"({"customer":{"id":42,"name":"Ann Lee"},"items":[{"sku":"A-1","qty":2}],"a/b":1,)"
                           R"("m~n":"tilde","price":42.0,"code":"42","flag":true,"nothing":null,"first name":"Bo",)"
                           R"("path":"C:\\dir"})"),
                { { "trace-id", "abc", false }, { "source", "web", false } }) },
        { QStringLiteral("binary"),
            record(0, 5, 1000,
                QByteArray("\x00\xff"
                           "AB\x00"
                           "C",
                    6),
                QByteArray("\xfe\x00order-42\xff\x00tail", 16)) },
        { QStringLiteral("tombstone"), record(1, 7, -1, QByteArray("customer-7"), std::nullopt) },
        { QStringLiteral("nullkey"),
            record(2, 9, 1000, std::nullopt, QByteArray("plain text, not json"), { { "trace-id", {}, true } }) },
        { QStringLiteral("truncated"),
            record(0, 1, 1000, QByteArray("k"), QByteArray(R"({"a":1,"b":"long text"})"), {}, 10) },
        { QStringLiteral("empty"), record(0, 2, 1000, QByteArray(""), QByteArray("")) },
    };
    return all;
}

} // namespace

class TestMessageFilter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matches_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("recordName");
        QTest::addColumn<bool>("expected");
        const auto row = [](const char* expr, const char* rec, bool expected) {
            QTest::addRow("%s | %s", rec, expr) << QString::fromUtf8(expr) << QString::fromLatin1(rec) << expected;
        };
        // Empty expression and plain text shorthand.
        row("", "order", true);
        row("   ", "tombstone", true);
        row("order-42", "binary", true);
        row("customer-7", "order", true);
        row("abc", "order", true); // a header value
        row("zzz", "order", false);
        row("\"Ann Lee\"", "order", true);
        row("customer-7 and partition == 3", "order", true);
        row("customer-7 and partition == 4", "order", false);
        // Quoted strings with spaces and escapes.
        row("value contains \"Ann Lee\"", "order", true);
        row("value contains \"\\\"name\\\":\\\"Ann Lee\\\"\"", "order", true); // moc: no raw strings with \"
        row("value contains \"\\\"name\\\":\\\"Bob\\\"\"", "order", false);
        row("value contains \"C:\\\\\\\\dir\"", "order", true);
        row("value matches \"Ann\\s+Lee\"", "order", true);
        // Text targets and every operator.
        row("key == customer-7", "order", true);
        row("key == customer", "order", false);
        row("key != customer", "order", true);
        row("key != customer-7", "order", false);
        row("key < customer-8", "order", true);
        row("key <= customer-7", "order", true);
        row("key > customer-7", "order", false);
        row("key >= customer-6", "order", true);
        row("key contains tomer", "order", true);
        row("key contains Tomer", "order", false);
        row("key matches ^customer-[0-9]+$", "order", true);
        row("KEY MATCHES ^CUSTOMER", "order", false);
        row("Key Matches (?i)^CUSTOMER", "order", true);
        row("value contains order-42", "order", false);
        row("header:trace-id == abc", "order", true);
        row("header:trace-id == ABC", "order", false);
        row("header:TRACE-ID == abc", "order", false);
        row("HEADER:trace-id == abc", "order", true);
        row("header:trace-id != abc", "order", false);
        row("header:trace-id != xyz", "order", true);
        row("header:source contains we", "order", true);
        row("header:source matches ^w.b$", "order", true);
        row("header:missing == abc", "order", false);
        row("header:missing != abc", "order", false);
        row("any == web", "order", true);
        row("any == customer-7", "order", true);
        row("any matches ^customer", "order", true);
        row("any contains nowhere", "order", false);
        // Numeric targets.
        row("partition == 3", "order", true);
        row("PARTITION == 3", "order", true);
        row("partition != 3", "order", false);
        row("partition < 4 and partition > 2", "order", true);
        row("partition <= 2", "order", false);
        row("offset >= 100 and offset < 200", "order", true);
        row("offset >= 100 and offset < 150", "order", false);
        row("offset == \"150\"", "order", true);
        row("offset > -1", "order", true);
        row("timestamp == 1795687200500", "order", true);
        row("timestamp >= 2026-11-26T10:00:00Z", "order", true);
        row("timestamp >= 2026-11-26T10:00:00.500Z", "order", true);
        row("timestamp > 2026-11-26T10:00:00.500Z", "order", false);
        row("timestamp == 2026-11-26T11:00:00.500+01:00", "order", true);
        row("timestamp == 2026-11-26T10:00:00.500", "order", true); // no offset: UTC
        row("timestamp < 2026-11-27 and timestamp >= 2026-11-26", "order", true);
        row("timestamp >= 0", "tombstone", false); // no timestamp
        // JSON pointers.
        row("/customer/id == 42", "order", true);
        row("/customer/id == 42.0", "order", true);
        row("/price == 42", "order", true);
        row("/customer/id == \"42\"", "order", false);
        row("/code == 42", "order", false);
        row("/code == \"42\"", "order", true);
        row("/customer/id != 41", "order", true);
        row("/customer/id != 42", "order", false);
        row("/customer/id > 41.5", "order", true);
        row("/customer/id >= 42", "order", true);
        row("/customer/id < 42", "order", false);
        row("/customer/id <= 41", "order", false);
        row("/customer/name == \"Ann Lee\"", "order", true);
        row("/customer/name < B", "order", true);
        row("/customer/name > 1", "order", false); // string vs number
        row("/customer/name contains Lee", "order", true);
        row("/customer/name matches ^Ann", "order", true);
        row("/customer/id matches ^4", "order", true);
        row("/customer contains Ann", "order", true);
        row("/items/0/sku == A-1", "order", true);
        row("/items/0/qty == 2", "order", true);
        row("/items/1/sku == A-1", "order", false);
        row("/items/00/sku == A-1", "order", false);
        row("/items/x/sku == A-1", "order", false);
        row("/a~1b == 1", "order", true);
        row("/m~0n == tilde", "order", true);
        row("\"/first name\" == Bo", "order", true);
        row("/flag == true", "order", true);
        row("/flag == TRUE", "order", true);
        row("/flag == \"true\"", "order", false);
        row("/flag == false", "order", false);
        row("/nothing == null", "order", true);
        row("/missing == null", "order", false);
        row("/missing != 1", "order", false);
        row("/customer/id/x == 1", "order", false);
        row("/customer/id == 42 and partition == 3 and key matches ^customer and /items/0/qty == 2", "order", true);
        row("/customer/id == 42 AND partition == 4", "order", false);
        row("/a == 1", "nullkey", false); // not JSON
        row("/a != 1", "nullkey", false);
        row("/a == 1", "truncated", false); // cut value: not JSON any more
        row("value contains a", "truncated", true);
        row("value contains text", "truncated", false);
        // Binary values: zero bytes and invalid UTF-8.
        row("value contains order-42", "binary", true);
        row("value contains tail", "binary", true);
        row("key contains AB", "binary", true);
        row("key contains C", "binary", true);
        row("value matches \"order-\\d+\"", "binary", true);
        row("value matches \"^\\x{FFFD}\"", "binary", true);
        row("/a == 1", "binary", false);
        // Null key, null value (tombstone), empty key and value.
        row("value contains x", "tombstone", false);
        row("value != x", "tombstone", false);
        row("/a == 1", "tombstone", false);
        row("key == customer-7", "tombstone", true);
        row("any contains customer", "tombstone", true);
        row("key == \"\"", "nullkey", false);
        row("key != \"\"", "nullkey", false);
        row("key contains x", "nullkey", false);
        row("value contains \"not json\"", "nullkey", true);
        row("header:trace-id contains a", "nullkey", false); // null header value
        row("value == null", "tombstone", true);
        row("value == NULL", "tombstone", true);
        row("value != null", "tombstone", false);
        row("value == null", "empty", false);
        row("value != null", "empty", true);
        row("key == null", "nullkey", true);
        row("key == null", "tombstone", false);
        row("key == \"null\"", "nullkey", false); // quoted: the text null
        row("key == \"\"", "empty", true);
        row("value contains \"\"", "empty", true);
        row("key matches ^$", "empty", true);
    }

    void matches()
    {
        QFETCH(QString, expression);
        QFETCH(QString, recordName);
        QFETCH(bool, expected);
        QString error = QStringLiteral("stale");
        const auto filter = MessageFilter::parse(expression, &error);
        QVERIFY2(filter, qPrintable(error));
        QVERIFY(error.isEmpty());
        QCOMPARE(filter->text(), expression);
        QCOMPARE(filter->isEmpty(), expression.trimmed().isEmpty());
        QCOMPARE(filter->matches(records().at(recordName)), expected);
        const MessageFilter& copy = *filter;
        QCOMPARE(copy.matches(records().at(recordName)), expected);
    }

    void badExpressionsAreRejectedWithTheirReason_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* expr, const char* reason) {
            QTest::addRow("%s", expr) << QString::fromUtf8(expr) << QString::fromUtf8(reason);
        };
        row("value =~ x", "position 7: unknown operator '=~' (use contains, matches, ==, !=, <, <=, >, >=)");
        row("key \"==\" x", "position 5: unknown operator '=='");
        row("value contains", "position 15: missing operand after 'contains'");
        row("key == and partition == 1", "position 8: missing operand after '=='");
        row("key matches (abc", "position 13: regular expression: missing closing parenthesis at offset 4");
        row("/a~2 == 1", "position 1: JSON pointer '/a~2': '~' must be followed by 0 or 1");
        row("/a~ == 1", "JSON pointer '/a~': '~' must be followed by 0 or 1");
        row("offset >= abc", "position 11: offset needs a whole number, got 'abc'");
        row("offset == 1.5", "offset needs a whole number, got '1.5'");
        row("partition == x", "partition needs a whole number, got 'x'");
        row("timestamp > yesterday", "timestamp needs an ISO 8601 date-time");
        row("value contains \"abc", "position 16: unterminated quote");
        row("value contains \"abc\\\"", "position 16: unterminated quote");
        row("\"abc\"def", "position 6: expected a space after the closing quote");
        row("key == x and", "position 10: 'and' must be followed by a condition");
        row("key == x AND", "'and' must be followed by a condition");
        row("and key == x", "position 1: expected a condition before 'and'");
        row("key == x and and", "position 14: expected a condition before 'and'");
        row("partition contains 3", "position 11: 'contains' does not apply to partition, which is a number");
        row("offset matches 1", "'matches' does not apply to offset");
        row("timestamp CONTAINS 2026", "'contains' does not apply to timestamp");
        row("foo == 3", "position 1: unknown target 'foo'");
        row("order 42", "unknown target 'order'");
        row("header: == x", "position 1: 'header:' needs a header name");
        row("key == two words", "position 12: expected 'and' or the end, got 'words'");
    }

    void badExpressionsAreRejectedWithTheirReason()
    {
        QFETCH(QString, expression);
        QFETCH(QString, expected);
        QString error;
        const auto filter = MessageFilter::parse(expression, &error);
        QVERIFY(!filter);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(!MessageFilter::parse(expression, nullptr));
    }

    void zeroBytesInTheOperand()
    {
        const MessageRecord& r = records().at(QStringLiteral("binary"));
        const QString expr = QStringLiteral("key contains \"B") + QChar(0) + QStringLiteral("C\"");
        const auto filter = MessageFilter::parse(expr, nullptr);
        QVERIFY(filter);
        QVERIFY(filter->matches(r));
        QVERIFY(!MessageFilter::parse(QStringLiteral("key contains BC"), nullptr)->matches(r));
    }

    void defaultFilterMatchesEverything()
    {
        const MessageFilter f;
        QVERIFY(f.isEmpty());
        QVERIFY(f.text().isEmpty());
        for (const auto& [name, r] : records())
            QVERIFY2(f.matches(r), qPrintable(name));
        QVERIFY(!MessageFilter::parse(QStringLiteral("key == x"), nullptr)->isEmpty());
    }

    // A value nested 100,000 levels deep (200 KB) is text, not JSON: the old filter overflowed the stack in dump()
    // for `/0 contains x` and `/0 matches x` (SIGSEGV), and `/0/0 != x` matched the array at /0/0.
    void deeplyNestedValuesAreText_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("expected");
        for (const int depth : { 100000, 513 }) {
            const QByteArray d = QByteArray::number(depth);
            QTest::newRow(d + " contains") << depth << QStringLiteral("/0 contains x") << false;
            QTest::newRow(d + " contains 1") << depth << QStringLiteral("/0 contains 1") << false;
            QTest::newRow(d + " matches") << depth << QStringLiteral("/0 matches x") << false;
            QTest::newRow(d + " matches 1") << depth << QStringLiteral("/0 matches 1") << false;
            QTest::newRow(d + " ==") << depth << QStringLiteral("/0/0 == x") << false;
            QTest::newRow(d + " !=") << depth << QStringLiteral("/0/0 != x") << false;
            QTest::newRow(d + " <") << depth << QStringLiteral("/0 < 5") << false;
            // The text targets still see the bytes.
            QTest::newRow(d + " value contains") << depth << QStringLiteral("value contains \"[[[1]]]\"") << true;
            QTest::newRow(d + " value matches") << depth << QStringLiteral("value matches ^\\[+1\\]+$") << true;
            QTest::newRow(d + " plain text") << depth << QStringLiteral("1]]") << true;
        }
        // At the limit it is still JSON.
        QTest::newRow("512 contains 1") << 512 << QStringLiteral("/0 contains 1") << true;
        QTest::newRow("512 matches") << 512 << QStringLiteral("/0 matches ^\\[+1\\]+$") << true;
        QTest::newRow("512 !=") << 512 << QStringLiteral("/0/0 != x") << true;
    }
    void deeplyNestedValuesAreText()
    {
        QFETCH(int, depth);
        QFETCH(QString, expression);
        QFETCH(bool, expected);
        const QByteArray value = QByteArray(depth, '[') + '1' + QByteArray(depth, ']');
        QString error;
        const auto filter = MessageFilter::parse(expression, &error);
        QVERIFY2(filter, qPrintable(error));
        QCOMPARE(filter->matches(record(0, 1, kTimestamp, QByteArray("k"), value)), expected);
    }

    void nestingInsideStringsDoesNotCount()
    {
        // An escaped quote does not end a string either.
        const QByteArray value
            = "{\"a\":\"" + QByteArray(100000, '[') + "\",\"b\":\"\\\"" + QByteArray(600, '{') + "\",\"c\":[[1]]}";
        for (const char* expr : { "/a contains [[[[", "/a matches ^\\[+$", "/c/0/0 == 1", "/b contains \"\\\"{{{\"" }) {
            const auto filter = MessageFilter::parse(QString::fromUtf8(expr), nullptr);
            QVERIFY2(filter, expr);
            QVERIFY2(filter->matches(record(0, 1, kTimestamp, QByteArray("k"), value)), expr);
        }
    }

    void deeplyNestedOperandIsText()
    {
        const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
        const auto filter = MessageFilter::parse(QStringLiteral("/s == ") + QString::fromLatin1(deep), nullptr);
        QVERIFY(filter);
        QVERIFY(filter->matches(record(0, 1, kTimestamp, QByteArray("k"), R"({"s":")" + deep + R"("})")));
    }

    void copiesMatchTheSameFromTwoThreads()
    {
        std::vector<MessageRecord> all;
        for (int i = 0; i < 4000; ++i) {
            const QByteArray key = "customer-" + QByteArray::number(i % 97);
            const QByteArray value = i % 5 == 0 ? QByteArray("not json \xff")
                                                : "{\"customer\":{\"id\":" + QByteArray::number(i % 50)
                    + "},\"note\":\"order-" + QByteArray::number(i) + "\"}";
            all.push_back(
                record(i % 4, i, kTimestamp + i, key, value, { { "trace-id", QByteArray::number(i % 7), false } }));
        }
        QString error;
        const auto filter = MessageFilter::parse(
            QStringLiteral("/customer/id < 25 and key matches \"-[0-9]*3$\" and any contains order and "
                           "/note matches \"order-\\d+\" and header:trace-id != 0 and partition != 2"),
            &error);
        QVERIFY2(filter, qPrintable(error));
        std::vector<char> expected;
        expected.reserve(all.size());
        for (const MessageRecord& r : all)
            expected.push_back(filter->matches(r));
        const auto hits = std::count(expected.begin(), expected.end(), 1);
        QVERIFY(hits > 10 && hits < int(all.size()) / 2);
        std::vector<char> a(all.size()), b(all.size());
        const auto run = [&all](const MessageFilter& f, std::vector<char>* out) {
            for (int round = 0; round < 5; ++round)
                for (size_t i = 0; i < all.size(); ++i)
                    (*out)[i] = f.matches(all[i]);
        };
        std::thread t1(run, *filter, &a);
        std::thread t2(run, *filter, &b);
        t1.join();
        t2.join();
        QVERIFY(a == expected);
        QVERIFY(b == expected);
    }
};

QTEST_GUILESS_MAIN(TestMessageFilter)
#include "test_messagefilter.moc"
