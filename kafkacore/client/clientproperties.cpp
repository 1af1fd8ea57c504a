#include "kafkacore/client/clientproperties.h"

#include <QStringList>

namespace kafkalab {

ParsedProperties parsePropertyLines(const QString& text)
{
    ParsedProperties parsed;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        const int lineNo = i + 1;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq < 0) {
            parsed.problems.append({ lineNo, {}, line, QStringLiteral("expected key=value, found no '='") });
            continue;
        }
        const QString key = line.left(eq).trimmed();
        if (key.isEmpty()) {
            parsed.problems.append({ lineNo, {}, key, QStringLiteral("the property name before '=' is empty") });
            continue;
        }
        ClientProperty property;
        property.key = key;
        property.value = line.mid(eq + 1).trimmed();
        property.line = lineNo;
        property.secret = key.contains(QLatin1String("password")) || key.contains(QLatin1String("secret"));
        parsed.properties.append(property);
    }
    return parsed;
}

QString describeProblem(const PropertyProblem& problem)
{
    if (problem.line > 0)
        return QStringLiteral("line %1: %2").arg(problem.line).arg(problem.message);
    if (!problem.field.isEmpty())
        return QStringLiteral("%1: %2").arg(problem.field, problem.message);
    return problem.message;
}

} // namespace kafkalab
