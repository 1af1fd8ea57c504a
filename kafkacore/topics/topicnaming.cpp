#include "kafkacore/topics/topicnaming.h"

#include <optional>

namespace kafkalab {

QString topicNameError(const QString& name)
{
    if (name.isEmpty())
        return QStringLiteral("the topic name is empty");
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return QStringLiteral("'%1' is not allowed as a topic name").arg(name);
    if (name.size() > 249)
        return QStringLiteral("the topic name has %1 characters; at most 249 are allowed").arg(name.size());
    for (const QChar c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('-');
        if (!ok)
            return QStringLiteral("'%1' is not allowed in a topic name (only a-z, A-Z, 0-9, '.', '_' and '-')").arg(c);
    }
    return {};
}

QString TopicNameVerdict::verdict() const
{
    if (!error.isEmpty())
        return QStringLiteral("error");
    if (internal)
        return QStringLiteral("internal");
    return warnings.isEmpty() ? QStringLiteral("ok") : QStringLiteral("warning");
}

QString TopicNaming::defaultPattern()
{
    return QStringLiteral("^[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z0-9-]+$");
}

TopicNaming::TopicNaming()
    : m_pattern(defaultPattern())
{
}

std::optional<TopicNaming> TopicNaming::withPattern(const QString& pattern, QString* error)
{
    TopicNaming n;
    if (pattern.isEmpty() || pattern == defaultPattern())
        return n;
    QRegularExpression re(pattern);
    if (!re.isValid()) {
        *error = QStringLiteral("the pattern does not compile: %1 at offset %2")
                     .arg(re.errorString())
                     .arg(re.patternErrorOffset());
        return std::nullopt;
    }
    n.m_pattern = re;
    n.m_default = false;
    return n;
}

TopicNameVerdict TopicNaming::check(const QString& name) const
{
    TopicNameVerdict v;
    v.error = topicNameError(name);
    if (!v.error.isEmpty())
        return v;
    if (name.startsWith(QLatin1String("__"))) {
        v.internal = true; // Kafka's own topics are not held to a team's convention
        return v;
    }
    // Kafka replaces '.' with '_' in metric names, so "a.b" and "a_b" collide there.
    if (name.contains(QLatin1Char('.')) && name.contains(QLatin1Char('_')))
        v.warnings.append(QStringLiteral("mixes '.' and '_', which collide in Kafka's metric names"));
    if (!m_default) {
        if (!m_pattern.match(name).hasMatch())
            v.warnings.append(QStringLiteral("does not match the convention %1").arg(m_pattern.pattern()));
        return v;
    }
    const QStringList parts = name.split(QLatin1Char('.'));
    if (parts.size() != 3)
        v.warnings.append(QStringLiteral("3 dot-separated parts expected (<domain>.<entity>.<event-type>), found %1")
                              .arg(parts.size()));
    static const char* const roles[] = { "domain", "entity", "event type" };
    for (int i = 0; i < parts.size(); ++i) {
        const QString& part = parts[i];
        const QString what = i < 3 ? QString::fromLatin1(roles[i]) : QStringLiteral("part %1").arg(i + 1);
        if (part.isEmpty()) {
            v.warnings.append(QStringLiteral("the %1 is empty").arg(what));
            continue;
        }
        if (part != part.toLower())
            v.warnings.append(QStringLiteral("uppercase in '%1'").arg(part));
        if (part.contains(QLatin1Char('_')))
            v.warnings.append(QStringLiteral("'_' in '%1': use '-' between words").arg(part));
    }
    return v;
}

QStringList TopicNaming::treePath(const QString& name) const
{
    const TopicNameVerdict v = check(name);
    if (v.internal)
        return { QStringLiteral("Internal"), name };
    if (!v.ok())
        return { QStringLiteral("Other"), name };
    QStringList parts = name.split(QLatin1Char('.'));
    if (m_default || parts.size() == 3)
        return parts;
    return { QStringLiteral("Other"), name };
}

} // namespace kafkalab
