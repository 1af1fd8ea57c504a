// The lesson fields of a scenario file (title, teaches, duration_s, slides): every shipped lesson has them, and every
// step of it a note saying what to look at; a wrong one is refused with its place.
#include "kafkacore/scenarios/scenario.h"

#include <QDir>
#include <QTest>

using namespace kafkalab;

namespace {

QByteArray lesson(const QByteArray& fields)
{
    return "{\"name\": \"x\", " + fields + (fields.isEmpty() ? "" : ", ")
        + "\"actors\": {\"p\": {\"type\": \"producer\"}},\n \"steps\": [{\"action\": \"wait\", \"ms\": 1000}, "
          "{\"action\": \"wait\", \"ms\": 1500}]}";
}

} // namespace

class TestLessonFields : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyShippedLessonSaysWhatItTeachesAndHowLong()
    {
        const QDir dir(qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios"));
        const QList<LessonFile> files = lessonFiles(dir.path());
        QCOMPARE(files.size(), 18);
        QStringList titles;
        for (const LessonFile& f : files) {
            QVERIFY2(f.lesson, qPrintable(f.error));
            const Scenario& s = *f.lesson;
            QVERIFY2(!s.title.isEmpty() && s.title != s.name, qPrintable(f.path));
            QVERIFY2(s.title.size() <= 40, qPrintable(s.title)); // a button on the Start page, at 200 %
            QVERIFY2(!s.teaches.isEmpty() && s.teaches.size() <= 160, qPrintable(f.path));
            QVERIFY2(s.durationS > 0, qPrintable(f.path));
            titles.append(s.title);
            for (int i = 0; i < s.steps.size(); ++i)
                QVERIFY2(!s.steps[i].note.isEmpty(),
                    qPrintable(QStringLiteral("%1: step %2 has no note").arg(f.path).arg(i + 1)));
            for (const LessonSlide& slide : s.slides)
                QVERIFY(slide.beforeStep >= 1 && slide.beforeStep <= s.steps.size() + 1);
        }
        QCOMPARE(titles.removeDuplicates(), 0);
    }

    void fieldsAreRead()
    {
        QString error;
        const auto s = parseScenario(lesson("\"title\": \"A title\", \"teaches\": \"One thing.\", \"duration_s\": 95, "
                                            "\"slides\": [{\"title\": \"Before\", \"text\": \"Look here.\"}, "
                                            "{\"title\": \"After\", \"text\": \"What we saw.\", \"before_step\": 3}]"),
            QStringLiteral("f.json"), &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->displayTitle(), QStringLiteral("A title"));
        QCOMPARE(s->teaches, QStringLiteral("One thing."));
        QCOMPARE(s->durationS, 95);
        QCOMPARE(durationText(s->durationS), QStringLiteral("about 2 min"));
        QCOMPARE(durationText(45), QStringLiteral("45 s"));
        QCOMPARE(s->slides.size(), 2);
        QCOMPARE(slidesBefore(*s, 1).size(), 1);
        QCOMPARE(slidesBefore(*s, 1).first().title, QStringLiteral("Before"));
        QCOMPARE(slidesBefore(*s, 2).size(), 0);
        QCOMPARE(slidesBefore(*s, 3).first().text, QStringLiteral("What we saw."));
        QCOMPARE(stepTitle(s->steps[1]), QStringLiteral("wait 1500 ms"));
        QCOMPARE(stepTitle(s->steps[0]), QStringLiteral("wait 1 s"));
        // none of them: a user's own file needs no lesson fields
        const auto plain = parseScenario(lesson({}), QStringLiteral("f.json"), &error);
        QVERIFY2(plain, qPrintable(error));
        QCOMPARE(plain->displayTitle(), QStringLiteral("x"));
        QCOMPARE(plain->durationS, 0);
        QVERIFY(plain->slides.isEmpty());
    }

    void badFieldsAreRefusedWithTheirPlace_data()
    {
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty title") << QByteArray("\"title\": \"  \"") << "f.json:1:24: 'title' must not be empty";
        QTest::newRow("teaches not text") << QByteArray("\"teaches\": 3") << "'teaches' must be a string, got 3";
        QTest::newRow("duration zero") << QByteArray("\"duration_s\": 0")
                                       << "'duration_s' must be a whole number from 1 to 86400, got 0";
        QTest::newRow("slides not a list") << QByteArray("\"slides\": {}") << "'slides' must be a list of slides";
        QTest::newRow("slide without text")
            << QByteArray("\"slides\": [{\"title\": \"t\"}]") << "slide 1 needs a 'title' and a 'text'";
        QTest::newRow("slide after the end")
            << QByteArray("\"slides\": [{\"title\": \"t\", \"text\": \"x\"}, {\"title\": \"t\", \"text\": \"x\", "
                          "\"before_step\": 4}]")
            << "slide 2: 'before_step' must be a whole number from 1 to 3, got 4 (3 is after the last step)";
        QTest::newRow("slide with a stray field")
            << QByteArray("\"slides\": [{\"title\": \"t\", \"text\": \"x\", \"colour\": 1}]")
            << "unknown field 'colour' (a slide takes title, text, before_step)";
    }
    void badFieldsAreRefusedWithTheirPlace()
    {
        QFETCH(QByteArray, fields);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!parseScenario(lesson(fields), QStringLiteral("f.json"), &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }
};

QTEST_MAIN(TestLessonFields)
#include "test_lessonfields.moc"
