#include "kafkacore/security/scramrules.h"

namespace kafkalab {

QString scramMechanismName(ScramMechanism m)
{
    return m == ScramMechanism::Sha512 ? QStringLiteral("SCRAM-SHA-512") : QStringLiteral("SCRAM-SHA-256");
}

std::optional<ScramMechanism> scramMechanismFrom(const QString& text)
{
    const QString w = text.trimmed().toUpper();
    if (w == QLatin1String("SCRAM-SHA-256"))
        return ScramMechanism::Sha256;
    if (w == QLatin1String("SCRAM-SHA-512"))
        return ScramMechanism::Sha512;
    return std::nullopt;
}

QString scramUserError(const QString& name)
{
    if (name.isEmpty())
        return QStringLiteral("name the user");
    if (name != name.trimmed())
        return QStringLiteral("the user name '%1' begins or ends with white space").arg(name);
    for (const QChar c : name)
        if (c.category() == QChar::Other_Control)
            return QStringLiteral("the user name has a control character");
    return {};
}

QString scramPasswordError(const QString& password)
{
    if (password.isEmpty())
        return QStringLiteral("the password is empty");
    for (const QChar c : password)
        if (c.category() == QChar::Other_Control)
            return QStringLiteral("the password has a control character (a line break or a tab): type it on one line");
    return {};
}

QString scramIterationsError(int iterations)
{
    if (iterations < MinScramIterations || iterations > MaxScramIterations)
        return QStringLiteral("iterations must be %1 to %2 (Kafka's limits), not %3")
            .arg(MinScramIterations)
            .arg(MaxScramIterations)
            .arg(iterations);
    return {};
}

} // namespace kafkalab
