#pragma once

// AclAdmin: the GUI's handle on a cluster's ACLs and SCRAM users (list, create, delete; users list, create or change
// password, delete) and on a principal's effective access. It owns a WorkerThread whose worker makes its
// SecurityAdminClient on that thread at the first operation; every operation is queued there and answers with a
// signal of this object, on its thread. Nothing here waits: cancel() and the destructor retire the worker, and an
// operation under way finishes on its own thread, its answer dropped.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/security/effectiveaccess.h"
#include "kafkacore/security/securityadminclient.h"

#include <QObject>

#include <functional>
#include <memory>

namespace kafkalab {

class AclAdminWorker;

struct AclListResult {
    QList<AclBinding> acls;
    SecurityError error;
};
struct AclChangeResult {
    QList<AclBinding> bindings; // created: those asked for; deleted: exactly those the broker deleted
    SecurityError error;
};
struct UserListResult {
    QList<ScramUser> users;
    SecurityError error;
};
struct EffectiveAccessResult {
    AccessContext context; // the principal, host, super.users and allow.everyone.if.no.acl.found used
    bool settingsFromBroker = false; // super.users and allow.everyone... as a broker gave them, not as assumed
    QString authorizer; // authorizer.class.name
    QList<ResourceAccess> resources; // existing topics and groups, and those named by a literal ACL
    SecurityError error;
};

class AclAdmin : public QObject {
    Q_OBJECT
public:
    explicit AclAdmin(QList<ClientProperty> connection, QObject* parent = nullptr);
    ~AclAdmin() override; // retires the worker; never waits

    const QList<ClientProperty>& connection() const { return m_connection; }

    void listAcls(const AclFilter& filter);
    void createAcls(const QList<AclBinding>& bindings);
    void deleteAcls(const AclFilter& filter);
    void listUsers();
    // The password is handed over as UTF-8 and forgotten once librdkafka has salted it.
    void upsertUser(const QString& user, ScramMechanism mechanism, int iterations, const QString& password);
    void deleteUser(const QString& user, ScramMechanism mechanism);
    // Reads every ACL, the authorizer's settings, the topics and the groups, then computes the principal's access.
    // `assumed` gives super.users and allow.everyone.if.no.acl.found for when the brokers hide them (they do).
    void effectiveAccess(const QString& principal, const QString& host, const AccessContext& assumed);

    void cancel();
    int pending() const { return m_pending; }

    using Answer = std::function<void(AclAdmin*)>;

Q_SIGNALS:
    void aclsListed(kafkalab::AclListResult result);
    void aclsCreated(kafkalab::AclChangeResult result);
    void aclsDeleted(kafkalab::AclChangeResult result);
    void usersListed(kafkalab::UserListResult result);
    void userChanged(QString user, kafkalab::SecurityError error); // created, password changed or deleted
    void accessReady(kafkalab::EffectiveAccessResult result);

private:
    void run(std::function<Answer(AclAdminWorker*)> job);

    QList<ClientProperty> m_connection;
    std::unique_ptr<WorkerThread> m_thread;
    AclAdminWorker* m_worker = nullptr;
    int m_pending = 0;
};

// The access of `context` computed from what the client reads (for the CLI, on its own thread; AclAdmin's worker).
EffectiveAccessResult readEffectiveAccess(
    SecurityAdminClient& client, const QString& principal, const QString& host, const AccessContext& assumed);

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::AclAdmin::Answer)
