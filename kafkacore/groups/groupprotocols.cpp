#include "kafkacore/groups/groupprotocols.h"

namespace kafkalab {

QStringList memberProtocols()
{
    return { QStringLiteral("classic"), QStringLiteral("consumer") };
}

QStringList assignorsFor(const QString& protocol)
{
    if (protocol == QLatin1String("classic"))
        return { QStringLiteral("range"), QStringLiteral("roundrobin"), QStringLiteral("cooperative-sticky") };
    if (protocol == QLatin1String("consumer"))
        return { QStringLiteral("uniform"), QStringLiteral("range") }; // the broker's assignors (KIP-848)
    return {};
}

bool isEagerAssignor(const QString& assignor)
{
    return assignor == QLatin1String("range") || assignor == QLatin1String("roundrobin");
}

QString groupAssignorError(const QString& protocol, const QString& assignor)
{
    if (!memberProtocols().contains(protocol))
        return QStringLiteral("unknown group protocol '%1' (classic or consumer)").arg(protocol);
    const QStringList assignors = assignorsFor(protocol);
    if (!assignors.contains(assignor))
        return QStringLiteral("the %1 protocol has no assignor '%2' (it has %3)")
            .arg(protocol, assignor, assignors.join(QLatin1String(", ")));
    return {};
}

} // namespace kafkalab
