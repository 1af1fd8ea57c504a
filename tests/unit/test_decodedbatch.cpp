// The browser's decoded records, compact (issue 19 item 7): a batch keeps its values' JSON texts and reasons in its own
// blocks and each schema's description once, whatever becomes of the buffers they were made from; a copy into another
// batch outlives the first; a plain value costs no text. And the Avro fast path writes the same JSON as the full
// decoder for strings that need escaping, at every position in the eight-byte steps of its check.
#include "kafkacore/schemas/avrodecode.h"
#include "kafkacore/schemas/decodedbatch.h"
#include "kafkacore/schemas/wireformat.h"

#include <QTest>

#include <optional>

using namespace kafkalab::schemas;

namespace {

std::shared_ptr<const SchemaInfo> info(int32_t id, const QString& subject, int version)
{
    auto s = std::make_shared<SchemaInfo>();
    s->id = id;
    s->subject = subject;
    s->version = version;
    return s;
}

} // namespace

class TestDecodedBatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsTextsAndSharesSchemas()
    {
        const auto orders = info(7, QStringLiteral("orders-value"), 3);
        const auto keys = info(8, QStringLiteral("orders-key"), 1);
        DecodedBatch batch;
        for (int i = 0; i < 1000; ++i) {
            QByteArray json = QByteArray("{\"id\":") + QByteArray::number(i) + '}';
            QByteArray key = '"' + QByteArray::number(i) + '"';
            const DecodedValue value = batch.decodedValue(orders, json);
            const DecodedValue k = batch.decodedValue(keys, key);
            json.fill('x'); // the buffers a decoder wrote into are used again: the batch has its own copies
            key.fill('x');
            batch.add({ k, value });
        }
        QCOMPARE(batch.size(), size_t(1000));
        QCOMPARE(batch.schemaCount(), size_t(2)); // one description per schema, not one per value
        QCOMPARE(batch.textBlockCount(), size_t(1)); // ~13 KB of texts: one block, not 2,000 heap blocks
        for (size_t i = 0; i < batch.size(); ++i) {
            const DecodedRecord& r = batch[i];
            QVERIFY(r.value.decoded());
            QCOMPARE(r.value.json(), QByteArray("{\"id\":") + QByteArray::number(qsizetype(i)) + '}');
            QCOMPARE(r.key.json(), '"' + QByteArray::number(qsizetype(i)) + '"');
            QCOMPARE(r.value.schema, orders.get());
            QCOMPARE(r.value.schemaId, 7);
            QCOMPARE(r.value.subject(), QStringLiteral("orders-value"));
            QCOMPARE(r.value.version(), 3);
            QCOMPARE(r.key.subject(), QStringLiteral("orders-key"));
            QVERIFY(r.value.reason().isEmpty());
        }
    }

    void failuresAndPlainValues()
    {
        DecodedBatch batch;
        const DecodedValue failed
            = batch.failedValue(99999, nullptr, u"schema id 99999 does not exist in the schema registry");
        QVERIFY(failed.failed());
        QVERIFY(!failed.decoded());
        QCOMPARE(failed.schemaId, 99999);
        QCOMPARE(failed.reason(), QStringLiteral("schema id 99999 does not exist in the schema registry"));
        QVERIFY(failed.json().isEmpty()); // a reason is not JSON
        QVERIFY(failed.subject().isEmpty());
        QCOMPARE(failed.version(), -1);
        // Non-ASCII reasons come back as they went in.
        const DecodedValue accents = batch.failedValue(3, info(3, QStringLiteral("s"), 1), u"zu groß: ⚠");
        QCOMPARE(accents.reason(), QStringLiteral("zu groß: ⚠"));
        QCOMPARE(accents.subject(), QStringLiteral("s"));
        batch.add({ DecodedValue(), failed });
        QCOMPARE(batch[0].key.status, DecodedValue::Status::Plain);
        QVERIFY(batch[0].key.reason().isEmpty());
        QVERIFY(batch[0].key.json().isEmpty());
        QVERIFY(!batch[0].key.schema);

        // A plain value keeps nothing.
        DecodedBatch plain;
        for (int i = 0; i < 100; ++i)
            plain.add({});
        QCOMPARE(plain.textBlockCount(), size_t(0));
        QCOMPARE(plain.schemaCount(), size_t(0));
    }

    void copiesOutliveTheirBatch()
    {
        DecodedBatch copy;
        {
            auto schema = info(5, QStringLiteral("copied-value"), 2);
            DecodedBatch source;
            const QByteArray big(100000, 'a'); // larger than a block: a block of its own, the first one stays in use
            source.add({ source.decodedValue(schema, "\"k\""), source.decodedValue(schema, big) });
            source.add({ DecodedValue(), source.failedValue(5, schema, u"the bytes do not fit") });
            QCOMPARE(source.textBlockCount(), size_t(2));
            schema.reset(); // only the batch keeps it now
            for (const DecodedRecord& r : source)
                copy.copy(r);
        }
        QCOMPARE(copy.size(), size_t(2));
        QCOMPARE(copy[0].key.json(), QByteArrayView("\"k\""));
        QCOMPARE(copy[0].value.json().size(), 100000);
        QVERIFY(copy[0].value.json().toByteArray() == QByteArray(100000, 'a'));
        QCOMPARE(copy[0].value.subject(), QStringLiteral("copied-value"));
        QCOMPARE(copy[1].value.reason(), QStringLiteral("the bytes do not fit"));
        QCOMPARE(copy[1].value.version(), 2);
        QCOMPARE(copy.schemaCount(), size_t(1));
        QCOMPARE(copy.textBlockCount(), size_t(2)); // the large text's, and one for the others
        QCOMPARE(copy[1].key.status, DecodedValue::Status::Plain);

        // A batch moved keeps its texts where they were; the one moved from starts again, writing elsewhere.
        DecodedBatch moved = std::move(copy);
        QCOMPARE(moved[0].key.json(), QByteArrayView("\"k\""));
        QVERIFY(copy.empty()); // NOLINT(bugprone-use-after-move): used again on purpose
        QCOMPARE(copy.textBlockCount(), size_t(0));
        copy.add({ copy.decodedValue(nullptr, "\"other\""), DecodedValue() });
        QCOMPARE(copy.textBlockCount(), size_t(1)); // a block of its own, not the moved batch's
        QCOMPARE(moved[0].key.json(), QByteArrayView("\"k\""));
        QCOMPARE(moved[1].value.reason(), QStringLiteral("the bytes do not fit"));
        QCOMPARE(copy[0].key.json(), QByteArrayView("\"other\""));
        moved = std::move(copy);
        QCOMPARE(moved.size(), size_t(1));
        QCOMPARE(moved[0].key.json(), QByteArrayView("\"other\""));

        // A large text first, then small ones: they do not go into the large one's block.
        DecodedBatch probe;
        probe.add({ probe.decodedValue(nullptr, QByteArray(70000, 'b')), probe.decodedValue(nullptr, "1") });
        probe.add({ DecodedValue(), probe.decodedValue(nullptr, "2") });
        QCOMPARE(probe.textBlockCount(), size_t(2));
        QVERIFY(probe[0].key.json().toByteArray() == QByteArray(70000, 'b'));
        QCOMPARE(probe[0].value.json(), QByteArrayView("1"));
        QCOMPARE(probe[1].value.json(), QByteArrayView("2"));
        // clear() empties a batch for the next record and uses its block again.
        probe.clear();
        QVERIFY(probe.empty());
        QCOMPARE(probe.textBlockCount(), size_t(1));
        probe.add({ DecodedValue(), probe.decodedValue(nullptr, "[true]") });
        QCOMPARE(probe[0].value.json(), QByteArrayView("[true]"));
        QCOMPARE(probe.textBlockCount(), size_t(1));
        // Texts fill a block, then the next one: 64 KB blocks for ~1 MB.
        for (int i = 0; i < 10000; ++i)
            probe.add({ DecodedValue(), probe.decodedValue(nullptr, QByteArray(100, char('a' + i % 26))) });
        QCOMPARE(probe.textBlockCount(), size_t(16)); // 655 texts a block
        for (int i = 0; i < 10000; i += 997)
            QVERIFY(probe[size_t(i) + 1].value.json().toByteArray() == QByteArray(100, char('a' + i % 26)));
    }

    // Strings the fast path must hand to nlohmann's escaping (a quote, a backslash, a control character, UTF-8, bytes
    // that are not UTF-8) at each offset 0..17 of a longer string, and plain ones of each length 0..17: the same
    // JSON as the full decoder, and the escapes JSON wants.
    void avroFastStringsMatchTheFullDecoder()
    {
        QString error;
        const auto schema = AvroSchema::parse(
            QStringLiteral("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"},"
                           "{\"name\":\"n\",\"type\":\"long\"}]}"),
            &error);
        QVERIFY2(schema, qPrintable(error));
        QVERIFY(schema->hasFastPath());
        const auto both = [&](const QByteArray& text) -> std::optional<std::string> {
            QByteArray bytes;
            writeZigZag(text.size(), &bytes);
            bytes += text;
            writeZigZag(1, &bytes);
            auto fast = schema->toJson(bytes, &error);
            const auto full = schema->toJson(bytes, &error, false);
            if (!fast || !full || *fast != *full) {
                qWarning("fast %s, full %s", fast ? fast->c_str() : "-", full ? full->c_str() : "-");
                return std::nullopt;
            }
            return fast;
        };
        const QList<QByteArray> specials { "\"", "\\", "\n", QByteArray(1, '\x01'), QByteArray(1, '\x1f'), "\xc3\xa9",
            "\xff", QByteArray(1, '\x7f') };
        for (const QByteArray& special : specials) {
            for (int at = 0; at < 18; ++at) {
                const QByteArray text = QByteArray(at, 'a') + special + QByteArray(17 - at, 'z');
                const auto json = both(text);
                QVERIFY2(
                    json, qPrintable(QStringLiteral("%1 at %2").arg(QString::fromLatin1(special.toHex())).arg(at)));
                if (special == "\"")
                    QVERIFY(json->find("\\\"") != std::string::npos);
                if (special == "\n")
                    QVERIFY(json->find("\\n") != std::string::npos);
                if (special == QByteArray(1, '\x01'))
                    QVERIFY(json->find("\\u0001") != std::string::npos);
            }
        }
        for (int n = 0; n < 18; ++n) {
            const QByteArray text(n, 'q');
            const auto json = both(text);
            QVERIFY(json);
            QCOMPARE(QByteArray::fromStdString(*json), "{\"s\":\"" + text + "\",\"n\":1}");
        }
    }
};

QTEST_GUILESS_MAIN(TestDecodedBatch)
#include "test_decodedbatch.moc"
