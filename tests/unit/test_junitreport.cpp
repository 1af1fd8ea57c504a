// The JUnit report of a scenario run: one case per expectation in file order, with stable names; a failure says
// what was expected and what was observed; a step cut short by Ctrl-C and the steps never reached are skipped with
// the reason; a run that could not start is an error. Read back with QXmlStreamReader.
#include "kafkacore/scenarios/junitreport.h"

#include <QTest>
#include <QXmlStreamReader>

using namespace kafkalab;

namespace {

struct Parsed {
    QMap<QString, QString> suite; // attributes of <testsuite>
    QStringList cases; // "name|outcome|message"
};

Parsed parse(const QByteArray& xml)
{
    Parsed out;
    QXmlStreamReader r(xml);
    QString name;
    while (!r.atEnd()) {
        if (r.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto a = r.attributes();
        if (r.name() == QLatin1String("testsuite")) {
            for (const char* k : { "tests", "failures", "errors", "skipped" })
                out.suite.insert(QLatin1String(k), a.value(QLatin1String(k)).toString());
        } else if (r.name() == QLatin1String("testcase")) {
            name = a.value(QLatin1String("name")).toString();
            out.cases.append(name + QStringLiteral("|passed|"));
        } else if (r.name() == QLatin1String("failure") || r.name() == QLatin1String("skipped")
            || r.name() == QLatin1String("error")) {
            out.cases.last() = QStringLiteral("%1|%2|%3").arg(name, r.name(), a.value(QLatin1String("message")));
        }
    }
    if (r.hasError())
        out.cases.append(QStringLiteral("XML ERROR ") + r.errorString());
    return out;
}

Scenario lesson()
{
    QString error;
    const auto s = parseScenario(R"({"name": "demo", "actors": {"p": {"type": "producer"},
        "c": {"type": "consumer", "topics": ["t"]}}, "steps": [
        {"actor": "p", "action": "send", "topic": "t", "value": "a"},
        {"action": "expect", "consumer": "c", "count": 1, "note": "c sees a"},
        {"action": "expect", "consumer": "c", "count": 2},
        {"action": "wait", "ms": 10},
        {"action": "expect", "actor": "p", "error": "X"}]})",
        QStringLiteral("demo.json"), &error);
    Q_ASSERT(s);
    return *s;
}

ScenarioObservation step(int index, bool ok, bool expectation, const QString& errorName = {})
{
    ScenarioObservation o;
    o.index = index;
    o.ok = ok;
    o.isExpectation = expectation;
    o.errorName = errorName;
    if (expectation) {
        o.expectation = QStringLiteral("c saw %1 messages").arg(index);
        if (!ok)
            o.observed = QStringLiteral("c saw 1 messages");
    }
    return o;
}

} // namespace

class TestJUnitReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneCasePerExpectation()
    {
        JUnitReport report(lesson(), QStringLiteral("127.0.0.1:9092"));
        report.add(step(1, true, false), 0.1);
        report.add(step(2, true, true), 0.1);
        report.add(step(3, false, true, QStringLiteral("EXPECTATION_FAILED")), 0.1);
        report.add(step(4, true, false), 0.1);
        report.add(step(5, true, true), 0.1);
        const Parsed p = parse(report.toXml());
        QCOMPARE(p.suite.value(QStringLiteral("tests")), QStringLiteral("3"));
        QCOMPARE(p.suite.value(QStringLiteral("failures")), QStringLiteral("1"));
        QCOMPARE(p.suite.value(QStringLiteral("skipped")), QStringLiteral("0"));
        QCOMPARE(p.cases,
            QStringList({ QStringLiteral("step 2: c sees a|passed|"),
                QStringLiteral("step 3: expect c|failure|expected c saw 3 messages, but c saw 1 messages"),
                QStringLiteral("step 5: expect p|passed|") }));
    }

    void interruptedRunsSkipWhatWasNotReached()
    {
        JUnitReport report(lesson(), QStringLiteral("b"));
        report.add(step(1, true, false), 0.1);
        report.add(step(2, true, true), 0.1);
        report.add(step(3, false, true, QStringLiteral("INTERRUPTED")), 0.1);
        report.setInterrupted(QStringLiteral("the run was interrupted after step 2 of 5"));
        const Parsed p = parse(report.toXml());
        QCOMPARE(p.suite.value(QStringLiteral("failures")), QStringLiteral("0"));
        QCOMPARE(p.suite.value(QStringLiteral("skipped")), QStringLiteral("2"));
        QCOMPARE(p.cases.at(1),
            QStringLiteral("step 3: expect c|skipped|not run to its end: the run was interrupted while this step ran"));
        QCOMPARE(p.cases.at(2),
            QStringLiteral("step 5: expect p|skipped|not run: the run was interrupted after step 2 of 5"));
    }

    void aRunThatCannotStartIsAnError()
    {
        JUnitReport report(lesson(), QStringLiteral("b"));
        report.setPrepareError(QStringLiteral("creating topics failed: <timed out> & \"more\""));
        const Parsed p = parse(report.toXml());
        QCOMPARE(p.suite.value(QStringLiteral("tests")), QStringLiteral("4"));
        QCOMPARE(p.suite.value(QStringLiteral("errors")), QStringLiteral("1"));
        QCOMPARE(p.suite.value(QStringLiteral("skipped")), QStringLiteral("3"));
        QCOMPARE(p.cases.first(), QStringLiteral("prepare|error|creating topics failed: <timed out> & \"more\""));
        QCOMPARE(p.cases.last(), QStringLiteral("step 5: expect p|skipped|not run: the scenario could not start"));
    }
};

QTEST_GUILESS_MAIN(TestJUnitReport)
#include "test_junitreport.moc"
