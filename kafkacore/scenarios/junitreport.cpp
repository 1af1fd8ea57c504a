#include "kafkacore/scenarios/junitreport.h"

#include <QFileInfo>
#include <QSysInfo>
#include <QXmlStreamWriter>

#include <algorithm>

namespace kafkalab {

namespace {

bool isExpectationStep(const ScenarioStep& st)
{
    return st.action == ScenarioAction::Expect || st.action == ScenarioAction::WaitStable;
}

QString caseName(int index, const ScenarioStep& st)
{
    if (!st.note.isEmpty())
        return QStringLiteral("step %1: %2").arg(index).arg(st.note);
    if (st.action == ScenarioAction::WaitStable)
        return QStringLiteral("step %1: wait_stable %2").arg(index).arg(st.group);
    const QString who = !st.group.isEmpty() ? st.group : (st.consumer.isEmpty() ? st.actor : st.consumer);
    return QStringLiteral("step %1: expect %2").arg(index).arg(who);
}

QString seconds(double s)
{
    return QString::number(s, 'f', 3);
}

} // namespace

JUnitReport::JUnitReport(const Scenario& scenario, QString target)
    : m_name(scenario.name)
    , m_file(scenario.file)
    , m_target(std::move(target))
    , m_started(QDateTime::currentDateTimeUtc())
{
    for (int i = 0; i < scenario.steps.size(); ++i) {
        const ScenarioStep& st = scenario.steps.at(i);
        if (!isExpectationStep(st))
            continue;
        Case c;
        c.step = i + 1;
        c.name = caseName(i + 1, st);
        m_cases.append(c);
    }
}

void JUnitReport::add(const ScenarioObservation& o, double s)
{
    m_seconds += s;
    m_log.append(QStringLiteral("step %1 %2 %3: %4%5")
                     .arg(o.index)
                     .arg(actionName(o.action), o.actor,
                         o.ok ? QStringLiteral("ok")
                              : (o.isExpectation ? QStringLiteral("expectation failed") : QStringLiteral("error")),
                         o.ok ? QString() : QStringLiteral(" (%1 %2)").arg(o.errorName, o.errorText)));
    for (Case& c : m_cases) {
        if (c.step != o.index)
            continue;
        if (!o.ok && o.errorName == QLatin1String("INTERRUPTED")) {
            c.cutShort = true; // cancelled while it ran: neither held nor failed
            continue;
        }
        c.reached = true;
        c.held = o.ok;
        c.expected = o.expectation;
        c.observed = o.observed.isEmpty() ? o.errorText : o.observed;
        c.errorName = o.errorName;
        c.seconds = s;
    }
}

void JUnitReport::setPrepareError(const QString& error)
{
    m_prepareError = error;
}

void JUnitReport::setInterrupted(const QString& reason)
{
    m_interrupted = reason;
}

int JUnitReport::tests() const
{
    return int(m_cases.size()) + (m_prepareError.isEmpty() ? 0 : 1);
}

int JUnitReport::failures() const
{
    return int(std::count_if(m_cases.begin(), m_cases.end(), [](const Case& c) { return c.reached && !c.held; }));
}

QByteArray JUnitReport::toXml() const
{
    const int errors = m_prepareError.isEmpty() ? 0 : 1;
    const int skipped = int(std::count_if(m_cases.begin(), m_cases.end(), [](const Case& c) { return !c.reached; }));
    const QString suiteClass = QStringLiteral("scenario.") + QFileInfo(m_file).completeBaseName();
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("testsuites"));
    w.writeAttribute(QStringLiteral("name"), QStringLiteral("kafkalab scenarios"));
    const auto counts = [&] {
        w.writeAttribute(QStringLiteral("tests"), QString::number(tests()));
        w.writeAttribute(QStringLiteral("failures"), QString::number(failures()));
        w.writeAttribute(QStringLiteral("errors"), QString::number(errors));
        w.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
        w.writeAttribute(QStringLiteral("time"), seconds(m_seconds));
    };
    counts();
    w.writeStartElement(QStringLiteral("testsuite"));
    w.writeAttribute(QStringLiteral("name"), m_name);
    counts();
    w.writeAttribute(QStringLiteral("timestamp"), m_started.toString(Qt::ISODate));
    w.writeAttribute(QStringLiteral("hostname"), QSysInfo::machineHostName());
    w.writeStartElement(QStringLiteral("properties"));
    const auto property = [&w](const QString& name, const QString& value) {
        w.writeStartElement(QStringLiteral("property"));
        w.writeAttribute(QStringLiteral("name"), name);
        w.writeAttribute(QStringLiteral("value"), value);
        w.writeEndElement();
    };
    property(QStringLiteral("file"), m_file);
    property(QStringLiteral("bootstrap"), m_target);
    w.writeEndElement(); // properties
    if (!m_prepareError.isEmpty()) {
        w.writeStartElement(QStringLiteral("testcase"));
        w.writeAttribute(QStringLiteral("name"), QStringLiteral("prepare"));
        w.writeAttribute(QStringLiteral("classname"), suiteClass);
        w.writeAttribute(QStringLiteral("time"), seconds(0));
        w.writeStartElement(QStringLiteral("error"));
        w.writeAttribute(QStringLiteral("message"), m_prepareError);
        w.writeAttribute(QStringLiteral("type"), QStringLiteral("PREPARE_FAILED"));
        w.writeCharacters(m_prepareError);
        w.writeEndElement();
        w.writeEndElement();
    }
    for (const Case& c : m_cases) {
        w.writeStartElement(QStringLiteral("testcase"));
        w.writeAttribute(QStringLiteral("name"), c.name);
        w.writeAttribute(QStringLiteral("classname"), suiteClass);
        w.writeAttribute(QStringLiteral("time"), seconds(c.seconds));
        if (!c.reached) {
            w.writeStartElement(QStringLiteral("skipped"));
            QString why = QStringLiteral("not run: the run ended before this step");
            if (c.cutShort)
                why = QStringLiteral("not run to its end: the run was interrupted while this step ran");
            else if (!m_prepareError.isEmpty())
                why = QStringLiteral("not run: the scenario could not start");
            else if (!m_interrupted.isEmpty())
                why = QStringLiteral("not run: ") + m_interrupted;
            w.writeAttribute(QStringLiteral("message"), why);
            w.writeEndElement();
        } else if (!c.held) {
            w.writeStartElement(QStringLiteral("failure"));
            w.writeAttribute(
                QStringLiteral("message"), QStringLiteral("expected %1, but %2").arg(c.expected, c.observed));
            w.writeAttribute(QStringLiteral("type"), c.errorName);
            w.writeCharacters(QStringLiteral("expected: %1\nobserved: %2\n").arg(c.expected, c.observed));
            w.writeEndElement();
        } else {
            w.writeTextElement(QStringLiteral("system-out"), QStringLiteral("held: %1\n").arg(c.expected));
        }
        w.writeEndElement(); // testcase
    }
    w.writeTextElement(QStringLiteral("system-out"), m_log.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    w.writeEndElement(); // testsuite
    w.writeEndElement(); // testsuites
    w.writeEndDocument();
    return out;
}

} // namespace kafkalab
