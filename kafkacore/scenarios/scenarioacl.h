#pragma once

// The scenario engine's authorization: actors that connect as another SASL user ("as_user") and "acl" steps that
// add or delete ACL bindings (the authorization lesson). A scenario with either needs a cluster with an authorizer
// and a SASL connection whose user may manage ACLs (kafkalab's secured sandbox and its super user); prepare refuses
// any other, saying how to start one. The bindings a run added are deleted when its engine goes, like its
// temporary topics.

#include "kafkacore/scenarios/scenario.h"
#include "kafkacore/security/securityadminclient.h"

#include <QMap>

#include <optional>

namespace kafkalab {

// Whether the scenario has an actor with "as_user" or an "acl" step.
bool needsAuthorization(const Scenario& scenario);

// Where a user's password comes from when the session was not given it (a cluster other than the local secured
// sandbox): $KAFKALAB_USER_PASSWORD_<NAME>, the name in upper case with every other character than A-Z and 0-9 as _.
QString userPasswordVariable(const QString& user);

// The connection an actor's client uses: the session's, as `user` with `password` when it has "as_user".
QList<ClientProperty> connectionAsUser(
    const QList<ClientProperty>& connection, const QString& user, const QString& password);

// The engine's ACL client and the bindings its run added (deleted when this goes; blocking, on the engine's thread).
class ScenarioAcls {
public:
    explicit ScenarioAcls(SecurityAdminClient client)
        : m_client(std::move(client))
    {
    }
    ~ScenarioAcls();
    ScenarioAcls(const ScenarioAcls&) = delete;
    ScenarioAcls& operator=(const ScenarioAcls&) = delete;

    SecurityAdminClient& client() { return m_client; }
    QList<AclBinding>& added() { return m_added; }

private:
    SecurityAdminClient m_client;
    QList<AclBinding> m_added;
};

} // namespace kafkalab
