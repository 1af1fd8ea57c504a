#pragma once

// A scenario's member actor and the Group lab's member configuration are one member seen two ways: the fields they
// share, copied in one place (the engine starting a lesson's members, the Group lab showing them, and "Save as
// scenario…" recording the lab's).

#include "kafkacore/groups/groupmember.h"
#include "kafkacore/scenarios/scenario.h"

namespace kafkalab {

// Name, group, topics, protocol, assignor, static instance id and session timeout; the rest as MemberConfig's
// defaults (no client id, no connection).
MemberConfig memberConfigOf(const ScenarioActor& actor);
// A member actor with the same fields.
ScenarioActor memberActorOf(const MemberConfig& config);

} // namespace kafkalab
