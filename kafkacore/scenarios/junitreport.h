#pragma once

// A scenario run as a JUnit XML report, the format CI systems read (Jenkins, GitLab, GitHub actions' test
// reporters): one test suite per scenario, one test case per expectation (an "expect" or "wait_stable" step) in
// the order of the file. A case that held passes; one that did not is a <failure> with what was expected and what
// was observed; one the run never reached (interrupted, or the scenario could not start) is <skipped> with the
// reason; a run that could not start at all adds an <error> case named "prepare". Test-case names are stable from
// run to run ("step 7: <the step's note, or expect ACTOR>"): they do not carry the run's generated ids, so a CI
// system can follow a case across runs.

#include "kafkacore/scenarios/scenario.h"
#include "kafkacore/scenarios/scenarioengine.h"

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

namespace kafkalab {

class JUnitReport {
public:
    // `target` says which cluster the run was against (the bootstrap address), for the report's properties.
    JUnitReport(const Scenario& scenario, QString target);

    // Every step the engine reports, in order; `seconds` is how long the step took.
    void add(const ScenarioObservation& observation, double seconds);
    // The run could not start (the cluster is unreachable, a topic could not be made...).
    void setPrepareError(const QString& error);
    // The run stopped before its end: every expectation not reached is skipped with this reason.
    void setInterrupted(const QString& reason);

    int tests() const;
    int failures() const;
    QByteArray toXml() const;

private:
    struct Case {
        int step = 0; // 1-based
        QString name;
        bool reached = false;
        bool cutShort = false; // the run was interrupted while this step ran
        bool held = true;
        QString expected;
        QString observed;
        QString errorName;
        double seconds = 0;
    };
    QString m_name;
    QString m_file;
    QString m_target;
    QDateTime m_started;
    QList<Case> m_cases;
    QStringList m_log; // one line per step, for <system-out>
    QString m_prepareError;
    QString m_interrupted;
    double m_seconds = 0;
};

} // namespace kafkalab
