#pragma once

// One admin client for a cluster's ACLs and SCRAM users, without a librdkafka handle in sight: DescribeAcls,
// CreateAcls, DeleteAcls, DescribeUserScramCredentials, AlterUserScramCredentials, and what effective access needs
// (the brokers' super.users and allow.everyone.if.no.acl.found, the topic and group names). Blocking: use it on a
// worker thread (AclAdmin does) or in a command-line tool's main thread.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/security/aclrules.h"
#include "kafkacore/security/scramrules.h"

#include <QStringList>

#include <memory>
#include <optional>

namespace kafkalab {

// A failed request: the broker's (or librdkafka's) words, and whether it is the broker's SECURITY_DISABLED (a
// cluster without an authorizer: no ACLs at all, everyone may do everything).
struct SecurityError {
    QString message;
    bool securityDisabled = false;
    bool isEmpty() const { return message.isEmpty(); }
};

// What a cluster's authorizer is configured with (the first broker's configs). Kafka 4.1 reports super.users and
// allow.everyone.if.no.acl.found as sensitive (no value): they are the authorizer's configs, not the broker's
// (KafkaConfig) own, and the broker hides every config it does not define. So they are known only when a broker
// gives them; else the caller says (kafkalab's sandbox: User:kafkalab and false; Kafka's defaults: none and false).
struct AuthorizerSettings {
    QString authorizer; // authorizer.class.name; empty: none
    std::optional<QStringList> superUsers; // super.users, split at ';'; nothing when the broker hides it
    std::optional<bool> allowEveryoneIfNoAclFound;
};

class SecurityAdminClient {
public:
    // Nothing, with the reason, when the client cannot be made (a bad property).
    static std::optional<SecurityAdminClient> open(const QList<ClientProperty>& connection, QString* error);

    void setTimeout(int ms) { m_timeoutMs = ms; }

    // The bindings the filter matches. A cluster without an authorizer: nothing, and SECURITY_DISABLED.
    std::optional<QList<AclBinding>> describeAcls(const AclFilter& filter, SecurityError* error);
    // Creates the bindings in one request; the error names each refused binding.
    SecurityError createAcls(const QList<AclBinding>& bindings);
    // Deletes what the filter matches; returns exactly the bindings the broker deleted.
    std::optional<QList<AclBinding>> deleteAcls(const AclFilter& filter, SecurityError* error);

    // Every SCRAM user (`users` empty) or the ones named; a named user without credentials is left out.
    std::optional<QList<ScramUser>> describeUsers(const QStringList& users, SecurityError* error);
    // Creates the credential or replaces its password (an upsertion, salted by librdkafka with a random 64-byte salt).
    SecurityError upsertUser(
        const QString& user, ScramMechanism mechanism, int iterations, const QByteArray& passwordUtf8);
    SecurityError deleteUser(const QString& user, ScramMechanism mechanism);

    std::optional<AuthorizerSettings> authorizerSettings(QString* error);
    std::optional<QStringList> topicNames(QString* error);
    std::optional<QStringList> groupNames(QString* error);

private:
    explicit SecurityAdminClient(KafkaHandle rk);
    std::shared_ptr<rd_kafka_t> m_rk;
    int m_timeoutMs = 15000;
};

} // namespace kafkalab
