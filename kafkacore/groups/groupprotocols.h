#pragma once

// The consumer-group protocols the group lab runs and the assignors each one takes. Pure (no librdkafka): the
// scenario parser checks member actors with it.

#include <QString>
#include <QStringList>

namespace kafkalab {

// "classic" (JoinGroup/SyncGroup, the members assign) and "consumer" (KIP-848, group.protocol=consumer).
QStringList memberProtocols();
// classic: range, roundrobin, cooperative-sticky (partition.assignment.strategy, run by the group's leader);
// consumer: uniform, range (group.remote.assignor, run by the broker).
QStringList assignorsFor(const QString& protocol);
bool isEagerAssignor(const QString& assignor); // range and roundrobin with the classic protocol
// Why this protocol and assignor cannot go together (unknown protocol, an assignor the protocol does not have);
// empty when they can.
QString groupAssignorError(const QString& protocol, const QString& assignor);

} // namespace kafkalab
