// The schema-registry wire format and the Avro decoder, without a registry: headers, message indexes, and Avro
// bytes written by hand from the specification.
#include "kafkacore/common/jsontext.h"
#include "kafkacore/schemas/avrodecode.h"
#include "kafkacore/schemas/wireformat.h"

#include <QTest>

#include <functional>
#include <limits>

using namespace kafkalab::schemas;

class TestWireFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void header()
    {
        QString error;
        const QByteArray bytes = encodeWireHeader(0x01020304) + "payload";
        const auto h = parseWireHeader(bytes, &error);
        QVERIFY(h);
        QCOMPARE(h->schemaId, 0x01020304);
        QCOMPARE(h->payloadOffset, 5);
        QVERIFY(looksLikeWireFormat(bytes));
    }

    void badHeaders()
    {
        QString error;
        QVERIFY(!parseWireHeader(QByteArray(), &error));
        QVERIFY2(error.contains(QLatin1String("empty")), qPrintable(error));
        QVERIFY(!parseWireHeader(QByteArray("\x00\x00\x01", 3), &error));
        QVERIFY2(error.contains(QLatin1String("3 byte(s): shorter than the 5-byte")), qPrintable(error));
        QVERIFY(!parseWireHeader(QByteArray("{\"a\":1}"), &error));
        QVERIFY2(error.contains(QLatin1String("first byte is 0x7b")), qPrintable(error));
        QVERIFY(!looksLikeWireFormat(QByteArray("\x00\x00\x01", 3)));
        QVERIFY(!looksLikeWireFormat(QByteArray("plain text")));
    }

    void messageIndexes()
    {
        QString error;
        for (const QList<int>& path :
            { QList<int> { 0 }, QList<int> { 1 }, QList<int> { 0, 0 }, QList<int> { 3, 70, 2 } }) {
            const QByteArray bytes = encodeMessageIndexes(path) + "rest";
            qsizetype offset = 0;
            const auto parsed = parseMessageIndexes(bytes, &offset, &error);
            QVERIFY2(parsed, qPrintable(error));
            QCOMPARE(*parsed, path);
            QCOMPARE(bytes.mid(offset), QByteArray("rest"));
        }
        QCOMPARE(encodeMessageIndexes({ 0 }), QByteArray(1, '\0')); // the common case is one byte
        QCOMPARE(encodeMessageIndexes({ 1 }), QByteArray("\x02\x02", 2)); // zigzag: count 1, index 1
    }

    void badMessageIndexes()
    {
        QString error;
        qsizetype offset = 0;
        QVERIFY(!parseMessageIndexes(QByteArray(), &offset, &error)); // nothing at all
        offset = 0;
        QVERIFY(!parseMessageIndexes(QByteArray("\xff\xff", 2), &offset, &error)); // a varint that never ends
        QVERIFY2(error.contains(QLatin1String("not a valid varint")), qPrintable(error));
        offset = 0;
        QVERIFY(!parseMessageIndexes(QByteArray("\x01", 1), &offset, &error)); // zigzag -1: a negative count
        QVERIFY2(error.contains(QLatin1String("claims -1")), qPrintable(error));
        offset = 0;
        QVERIFY(!parseMessageIndexes(QByteArray("\x08\x02", 2), &offset, &error)); // 4 indexes, 1 byte left
        offset = 0;
        QVERIFY(!parseMessageIndexes(QByteArray("\x02\x01", 2), &offset, &error)); // index -1
        QVERIFY2(error.contains(QLatin1String("not a valid index")), qPrintable(error));
        QCOMPARE(offset, 0); // a failed parse does not move
    }

    void zigzag()
    {
        for (int64_t v : { int64_t(0), int64_t(-1), int64_t(1), int64_t(-64), int64_t(64), INT64_MAX, INT64_MIN }) {
            QByteArray out;
            writeZigZag(v, &out);
            qsizetype at = 0;
            QCOMPARE(readZigZag(out, &at).value_or(12345), v);
            QCOMPARE(at, out.size());
        }
        qsizetype at = 0;
        QVERIFY(!readZigZag(QByteArray(11, '\x80'), &at)); // longer than 10 bytes
    }

    void avroLogicalTypes()
    {
        QString error;
        const auto schema
            = AvroSchema::parse(QStringLiteral("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                                               "{\"name\":\"d\",\"type\":{\"type\":\"bytes\",\"logicalType\":"
                                               "\"decimal\",\"precision\":6,\"scale\":2}},"
                                               "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":"
                                               "\"timestamp-millis\"}},"
                                               "{\"name\":\"day\",\"type\":{\"type\":\"int\",\"logicalType\":"
                                               "\"date\"}},"
                                               "{\"name\":\"u\",\"type\":[\"null\",\"string\"]}]}"),
                &error);
        QVERIFY2(schema, qPrintable(error));
        QByteArray bytes;
        writeZigZag(2, &bytes); // decimal: 2 bytes, 0xFF 0x06 = -250 → -2.50
        bytes += QByteArray("\xff\x06", 2);
        writeZigZag(1714566600250, &bytes); // 2024-05-01T12:30:00.250Z
        writeZigZag(-1, &bytes); // 1969-12-31
        writeZigZag(1, &bytes); // union branch 1: string
        writeZigZag(2, &bytes);
        bytes += "hi";
        const auto json = schema->toJson(bytes, &error);
        QVERIFY2(json, qPrintable(error));
        QCOMPARE(QByteArray::fromStdString(*json),
            QByteArray("{\"d\":\"-2.50\",\"ts\":\"2024-05-01T12:30:00.250000+00:00\",\"day\":\"1969-12-31\","
                       "\"u\":\"hi\"}"));
    }

    void avroBadInput()
    {
        QString error;
        QVERIFY(!AvroSchema::parse(QStringLiteral("{\"type\":\"record\",\"name\":\"R\"}"), &error));
        QVERIFY2(error.contains(QLatin1String("has no fields")), qPrintable(error));
        QVERIFY(!AvroSchema::parse(QStringLiteral("not json"), &error));
        const auto schema = AvroSchema::parse(QStringLiteral("{\"type\":\"array\",\"items\":\"string\"}"), &error);
        QVERIFY(schema);
        QByteArray bytes;
        writeZigZag(1, &bytes);
        writeZigZag(10, &bytes); // a 10-byte string with 2 bytes left
        bytes += "ab";
        QVERIFY(!schema->toJson(bytes, &error));
        QVERIFY2(error.contains(QLatin1String("10 byte(s) are needed")), qPrintable(error));
        QVERIFY(!schema->toJson(QByteArray("\x00\x00", 2), &error)); // a byte left over
        QVERIFY2(error.contains(QLatin1String("does not fit")), qPrintable(error));
    }

    // A value that does not fit says where: the path in the words, and the steps the Publish tab turns into a line
    // and column (locateJsonPath) — for a nested field, an array item, a map value, a missing field (its record), a
    // field the record does not have, a logical type's string, and the value itself.
    void avroMisfitsSayWhere_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("words");
        QTest::addColumn<QStringList>("where");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        const QByteArray ok = "{\n  \"id\": 1,\n  \"customer\": {\"zip\": \"x\", \"tags\": [\"a\", \"b\"]},\n"
                              "  \"prices\": {\"eur\": 2.5},\n  \"day\": \"2024-05-01\"\n}";
        QTest::newRow("nested field") << QByteArray(ok).replace("\"zip\": \"x\"", "\"zip\": 7")
                                      << "customer.zip: a string expected, not 7" << QStringList { "customer", "zip" }
                                      << 3 << 23;
        QTest::newRow("array item") << QByteArray(ok).replace("\"b\"]", "false]")
                                    << "customer.tags[1]: a string expected, not false"
                                    << QStringList { "customer", "tags", "1" } << 3 << 42;
        QTest::newRow("map value") << QByteArray(ok).replace("2.5", "\"cheap\"")
                                   << "prices.eur: a number expected, not \"cheap\"" << QStringList { "prices", "eur" }
                                   << 4 << 21;
        QTest::newRow("missing field") << QByteArray(ok).replace("\"zip\": \"x\", ", "")
                                       << "customer.zip: missing, and the field has no default"
                                       << QStringList { "customer", "zip" } << 3 << 15;
        QTest::newRow("unknown field") << QByteArray(ok).replace("\"id\": 1,", "\"id\": 1, \"idd\": 2,")
                                       << "idd: the record has no such field" << QStringList { "idd" } << 2 << 19;
        QTest::newRow("logical type") << QByteArray(ok).replace("2024-05-01", "May 1st")
                                      << "day: 'May 1st' is not a date (YYYY-MM-DD)" << QStringList { "day" } << 5
                                      << 10;
        QTest::newRow("the value itself")
            << QByteArray("[1]") << "the Avro schema: an object expected, not [1]" << QStringList {} << 1 << 1;
    }
    void avroMisfitsSayWhere()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, words);
        QFETCH(QStringList, where);
        QFETCH(int, line);
        QFETCH(int, column);
        QString error;
        const auto schema = AvroSchema::parse(QStringLiteral(R"({"type": "record", "name": "Order", "fields": [
                {"name": "id", "type": "long"},
                {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
                    {"name": "zip", "type": "string"}, {"name": "tags", "type": {"type": "array", "items": "string"}}]}},
                {"name": "prices", "type": {"type": "map", "values": "double"}},
                {"name": "day", "type": {"type": "int", "logicalType": "date"}}]})"),
            &error);
        QVERIFY2(schema, qPrintable(error));
        QStringList at { QStringLiteral("not set") };
        QVERIFY(!schema->fromJson(value, &error, &at));
        QVERIFY2(error.endsWith(words), qPrintable(error));
        QCOMPARE(at, where);
        const kafkalab::JsonPosition p = kafkalab::locateJsonPath(value, at);
        QCOMPARE(p.line, line);
        QCOMPARE(p.column, column);
    }

    // Found by fuzz_wireformat: numbers that overflowed while being shown (undefined behaviour) are refused with a
    // reason. Dates and timestamps outside the years 1 to 9999 cannot be shown as confluent-kafka shows them either.
    void avroNumbersOutOfRange()
    {
        const auto refused = [](const char* type, const std::function<void(QByteArray*)>& write, const char* reason) {
            QString error;
            const auto schema = AvroSchema::parse(QString::fromLatin1(type), &error);
            if (!schema)
                return QStringLiteral("schema: ") + error;
            QByteArray bytes;
            write(&bytes);
            if (schema->toJson(bytes, &error))
                return QStringLiteral("decoded");
            return error.contains(QLatin1String(reason)) ? QString() : error;
        };
        const auto one = [](qint64 v) { return [v](QByteArray* b) { writeZigZag(v, b); }; };
        QCOMPARE(refused("\"int\"", one(qint64(1) << 33), "outside the 32-bit range"), QString());
        QCOMPARE(refused("{\"type\":\"int\",\"logicalType\":\"date\"}", one(2932897), "outside the years 1 to 9999"),
            QString());
        QCOMPARE(refused("{\"type\":\"int\",\"logicalType\":\"date\"}", one(-719163), "outside the years 1 to 9999"),
            QString());
        QCOMPARE(refused("{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}",
                     one(std::numeric_limits<qint64>::max() / 100), "outside the years 1 to 9999"),
            QString());
        QCOMPARE(refused("{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}",
                     one(std::numeric_limits<qint64>::min()), "outside the years 1 to 9999"),
            QString());
        QCOMPARE(refused("{\"type\":\"array\",\"items\":\"int\"}", one(std::numeric_limits<qint64>::min()), "items"),
            QString());
        // the edges themselves are shown
        QString error;
        const auto date = AvroSchema::parse(QStringLiteral("{\"type\":\"int\",\"logicalType\":\"date\"}"), &error);
        QByteArray last;
        writeZigZag(2932896, &last);
        QCOMPARE(QString::fromStdString(date->toJson(last, &error).value_or("?")), QStringLiteral("\"9999-12-31\""));
        QByteArray first;
        writeZigZag(-719162, &first);
        QCOMPARE(QString::fromStdString(date->toJson(first, &error).value_or("?")), QStringLiteral("\"0001-01-01\""));
    }
};

QTEST_GUILESS_MAIN(TestWireFormat)
#include "test_wireformat.moc"
