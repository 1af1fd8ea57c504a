// The Schemas page's line diff (kafkacore/schemas/linediff): a shortest edit script, every line of both texts once
// and in order, removals before additions within a change, line numbers, and the unified text.
#include "kafkacore/schemas/linediff.h"
#include "kafkacore/schemas/schematext.h"

#include <QRandomGenerator>
#include <QTest>

using namespace kafkalab::schemas;

namespace {

// The diff as one string: " a", "-b", "+c" per line.
QString marks(const QList<DiffLine>& diff)
{
    QStringList out;
    for (const DiffLine& l : diff)
        out.append((l.kind == DiffLine::Kind::Same             ? QStringLiteral(" ")
                           : l.kind == DiffLine::Kind::Removed ? QStringLiteral("-")
                                                               : QStringLiteral("+"))
            + l.text);
    return out.join(QLatin1Char('|'));
}

// The longest common subsequence's length, by the textbook table (the reference for the edit script's size).
int lcsLength(const QStringList& a, const QStringList& b)
{
    std::vector<std::vector<int>> t(size_t(a.size() + 1), std::vector<int>(size_t(b.size() + 1), 0));
    for (qsizetype i = 1; i <= a.size(); ++i)
        for (qsizetype j = 1; j <= b.size(); ++j)
            t[size_t(i)][size_t(j)] = a[i - 1] == b[j - 1]
                ? t[size_t(i - 1)][size_t(j - 1)] + 1
                : std::max(t[size_t(i - 1)][size_t(j)], t[size_t(i)][size_t(j - 1)]);
    return t[size_t(a.size())][size_t(b.size())];
}

} // namespace

class TestLineDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void small_data()
    {
        QTest::addColumn<QString>("oldText");
        QTest::addColumn<QString>("newText");
        QTest::addColumn<QString>("expected");
        QTest::newRow("same") << "a\nb\n"
                              << "a\nb\n"
                              << " a| b";
        QTest::newRow("both empty") << ""
                                    << ""
                                    << "";
        QTest::newRow("from nothing") << ""
                                      << "a\nb"
                                      << "+a|+b";
        QTest::newRow("to nothing") << "a\nb"
                                    << ""
                                    << "-a|-b";
        QTest::newRow("added in the middle") << "a\nc"
                                             << "a\nb\nc"
                                             << " a|+b| c";
        QTest::newRow("removed at the end") << "a\nb\nc"
                                            << "a\nb"
                                            << " a| b|-c";
        QTest::newRow("replaced") << "a\nb\nc"
                                  << "a\nx\nc"
                                  << " a|-b|+x| c";
        QTest::newRow("two replaced, removals first") << "a\nb\nc\nd"
                                                      << "a\nx\ny\nd"
                                                      << " a|-b|-c|+x|+y| d";
        QTest::newRow("moved line") << "a\nb\nc"
                                    << "b\nc\na"
                                    << "-a| b| c|+a";
        QTest::newRow("crlf is one line end") << "a\r\nb\r\n"
                                              << "a\nb\n"
                                              << " a| b";
        QTest::newRow("avro field added")
            << "{\n  \"fields\": [\n    {\"name\": \"id\"}\n  ]\n}"
            << "{\n  \"fields\": [\n    {\"name\": \"id\"},\n    {\"name\": \"email\"}\n  ]\n}"
            << " {|   \"fields\": [|-    {\"name\": \"id\"}|+    {\"name\": \"id\"},|+    "
               "{\"name\": \"email\"}|   ]| }";
    }

    void small()
    {
        QFETCH(QString, oldText);
        QFETCH(QString, newText);
        QFETCH(QString, expected);
        QCOMPARE(marks(diffTexts(oldText, newText)), expected);
    }

    void lineNumbers()
    {
        const QList<DiffLine> d = diffTexts(QStringLiteral("a\nb\nc\nd"), QStringLiteral("a\nx\nc\nd\ne"));
        // " a", "-b", "+x", " c", " d", "+e"
        QCOMPARE(d.size(), 6);
        QCOMPARE(d[0].oldLine, 1);
        QCOMPARE(d[0].newLine, 1);
        QCOMPARE(d[1].oldLine, 2);
        QCOMPARE(d[1].newLine, 0);
        QCOMPARE(d[2].oldLine, 0);
        QCOMPARE(d[2].newLine, 2);
        QCOMPARE(d[3].oldLine, 3);
        QCOMPARE(d[3].newLine, 3);
        QCOMPARE(d[5].kind, DiffLine::Kind::Added);
        QCOMPARE(d[5].newLine, 5);
    }

    // Random texts over a small alphabet: the diff keeps exactly the longest common subsequence, replays the old text
    // from its same and removed lines and the new text from its same and added lines, and numbers them in order.
    void randomAgainstLcs()
    {
        QRandomGenerator rng(19);
        for (int round = 0; round < 400; ++round) {
            QStringList a;
            QStringList b;
            const int n = int(rng.bounded(0, 30));
            const int m = int(rng.bounded(0, 30));
            for (int i = 0; i < n; ++i)
                a.append(QString(QChar(u'a' + rng.bounded(0, 4))));
            for (int i = 0; i < m; ++i)
                b.append(QString(QChar(u'a' + rng.bounded(0, 4))));
            const QList<DiffLine> d = diffLines(a, b);
            QStringList oldBack;
            QStringList newBack;
            int same = 0;
            int lastOld = 0;
            int lastNew = 0;
            for (const DiffLine& l : d) {
                if (l.kind != DiffLine::Kind::Added) {
                    oldBack.append(l.text);
                    QCOMPARE(l.oldLine, ++lastOld);
                }
                if (l.kind != DiffLine::Kind::Removed) {
                    newBack.append(l.text);
                    QCOMPARE(l.newLine, ++lastNew);
                }
                same += l.kind == DiffLine::Kind::Same;
            }
            QCOMPARE(oldBack, a);
            QCOMPARE(newBack, b);
            QCOMPARE(same, lcsLength(a, b));
        }
    }

    void unified()
    {
        const QString oldText = QStringLiteral("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n");
        const QString newText = QStringLiteral("1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n");
        const QString u = unifiedDiff(diffTexts(oldText, newText), QStringLiteral("v1"), QStringLiteral("v2"));
        QCOMPARE(u,
            QStringLiteral("--- v1\n+++ v2\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
                           "@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+13\n"));
        QCOMPARE(unifiedDiff(diffTexts(oldText, oldText), QStringLiteral("a"), QStringLiteral("b")), QString());
        QCOMPARE(unifiedDiff(diffTexts(QString(), QStringLiteral("x\n")), QStringLiteral("a"), QStringLiteral("b")),
            QStringLiteral("--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n"));
    }

    // The readable text the diff compares: Avro/JSON indented in the schema's own key order; other text as it came.
    void readableText()
    {
        const ReadableSchema avro = readableSchema(SchemaType::Avro,
            QStringLiteral("{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}"));
        QCOMPARE(avro.text,
            QStringLiteral("{\n  \"type\": \"record\",\n  \"name\": \"U\",\n  \"fields\": [\n    {\n      \"name\": "
                           "\"id\",\n      \"type\": \"int\"\n    }\n  ]\n}"));
        QVERIFY(avro.note.isEmpty());
        const QString proto = QStringLiteral("syntax = \"proto3\";\nmessage A { int32 x = 1; }\n");
        QCOMPARE(readableSchema(SchemaType::Protobuf, proto).text, proto);
        QCOMPARE(readableSchema(SchemaType::Avro, QStringLiteral("\"string\"")).text, QStringLiteral("\"string\""));
        QCOMPARE(readableSchema(SchemaType::Json, QStringLiteral("{not json")).text, QStringLiteral("{not json"));
    }

    // A Protobuf schema as Apicurio returns it (a base64 FileDescriptorProto, here protoc's of a file that imports
    // the well-known Timestamp and nests an enum) reads as .proto text, with a note saying so.
    void protobufDescriptorAsProtoText()
    {
        const ReadableSchema r = readableSchema(SchemaType::Protobuf,
            QStringLiteral(
                "CgtvcmRlci5wcm90bxINa2Fma2FsYWIudGVzdBofZ29vZ2xlL3Byb3RvYnVmL3RpbWVzdGFtcC5wcm90byKaAQoFT3Jk"
                "ZXISDgoCaWQYASABKAlSAmlkEhAKA3F0eRgCIAEoBVIDcXR5EioKAmF0GAMgASgLMhouZ29vZ2xlLnByb3RvYnVmLlRp"
                "bWVzdGFtcFICYXQSLQoEa2luZBgEIAEoDjIZLmthZmthbGFiLnRlc3QuT3JkZXIuS2luZFIEa2luZCIUCgRLaW5kEgUK"
                "AUEQABIFCgFCEAFiBnByb3RvMw=="));
        QVERIFY2(r.text.contains(QLatin1String("syntax = \"proto3\";")), qPrintable(r.text));
        QVERIFY2(r.text.contains(QLatin1String("package kafkalab.test;")), qPrintable(r.text));
        QVERIFY2(r.text.contains(QLatin1String("import \"google/protobuf/timestamp.proto\";")), qPrintable(r.text));
        QVERIFY2(r.text.contains(QLatin1String("message Order {")), qPrintable(r.text));
        QVERIFY2(r.text.contains(QLatin1String(".google.protobuf.Timestamp at = 3;")), qPrintable(r.text));
        QVERIFY2(r.text.contains(QLatin1String("enum Kind {")), qPrintable(r.text));
        QVERIFY(r.note.contains(QLatin1String("FileDescriptorProto")));
    }
};

QTEST_GUILESS_MAIN(TestLineDiff)
#include "test_linediff.moc"
