#pragma once

// The check the scenario parser's unit tests share: a file that must be refused is refused, its message says where
// (FILE:LINE:COLUMN, or with `placeOptional` the parser's own words for a syntax error) and contains `expected`.
// Returns what was wrong, empty when it was refused as it should be.

#include "kafkacore/scenarios/scenario.h"

#include <QRegularExpression>

namespace kafkalab::test {

inline QString refusalProblem(const QByteArray& json, const QString& expected, bool placeOptional = false)
{
    QString error;
    if (parseScenario(json, QStringLiteral("lesson.json"), &error))
        return QStringLiteral("accepted: ") + QString::fromUtf8(json);
    const QRegularExpression where(placeOptional ? QStringLiteral("^lesson\\.json(:[0-9]+:[0-9]+)?: ")
                                                 : QStringLiteral("^lesson\\.json:[0-9]+:[0-9]+: "));
    if (!where.match(error).hasMatch())
        return QStringLiteral("does not say where: ") + error;
    if (!error.contains(expected))
        return QStringLiteral("does not say '%1': %2").arg(expected, error);
    return {};
}

} // namespace kafkalab::test
