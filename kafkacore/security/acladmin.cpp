#include "kafkacore/security/acladmin.h"

#include <QSet>

#include <algorithm>

namespace kafkalab {

// Lives on the handle's WorkerThread and owns the SecurityAdminClient, which it makes there at its first job.
class AclAdminWorker : public QObject {
    Q_OBJECT
public:
    AclAdminWorker(QList<ClientProperty> connection, StopToken stop)
        : m_connection(std::move(connection))
        , m_stop(std::move(stop))
    {
    }

    SecurityAdminClient* client(SecurityError* error)
    {
        if (!m_client)
            m_client = SecurityAdminClient::open(m_connection, &m_openError);
        if (!m_client)
            *error = { QObject::tr("no admin client: %1").arg(m_openError), false };
        return m_client ? &*m_client : nullptr;
    }

    void execute(const std::function<AclAdmin::Answer(AclAdminWorker*)>& job)
    {
        if (m_stop.stopRequested())
            return;
        Q_EMIT answered(job(this));
    }

Q_SIGNALS:
    void answered(kafkalab::AclAdmin::Answer answer);

private:
    QList<ClientProperty> m_connection;
    StopToken m_stop;
    std::optional<SecurityAdminClient> m_client;
    QString m_openError;
};

EffectiveAccessResult readEffectiveAccess(
    SecurityAdminClient& client, const QString& principal, const QString& host, const AccessContext& assumed)
{
    EffectiveAccessResult r;
    r.context.principal = principal;
    r.context.host = host.isEmpty() ? QStringLiteral("*") : host;
    const std::optional<QList<AclBinding>> acls = client.describeAcls(AclFilter {}, &r.error);
    if (!acls)
        return r;
    QString error;
    const std::optional<AuthorizerSettings> settings = client.authorizerSettings(&error);
    const std::optional<QStringList> topics = settings ? client.topicNames(&error) : std::nullopt;
    const std::optional<QStringList> groups = topics ? client.groupNames(&error) : std::nullopt;
    if (!groups) {
        r.error = { error, false };
        return r;
    }
    r.authorizer = settings->authorizer;
    r.context.superUsers = settings->superUsers.value_or(assumed.superUsers);
    r.context.allowEveryoneIfNoAclFound
        = settings->allowEveryoneIfNoAclFound.value_or(assumed.allowEveryoneIfNoAclFound);
    r.settingsFromBroker = settings->superUsers && settings->allowEveryoneIfNoAclFound;
    // What exists, and what a literal ACL names (a group that has not met yet, a topic not made yet).
    QSet<QString> topicSet(topics->begin(), topics->end());
    QSet<QString> groupSet(groups->begin(), groups->end());
    for (const AclBinding& b : *acls) {
        if (b.patternType != AclPatternType::Literal || b.resourceName == QLatin1String("*"))
            continue;
        if (b.resourceType == AclResourceType::Topic)
            topicSet.insert(b.resourceName);
        else if (b.resourceType == AclResourceType::Group)
            groupSet.insert(b.resourceName);
    }
    QStringList topicNames(topicSet.begin(), topicSet.end());
    QStringList groupNames(groupSet.begin(), groupSet.end());
    topicNames.sort();
    groupNames.sort();
    r.resources = effectiveAccess(*acls, r.context, topicNames, groupNames);
    return r;
}

AclAdmin::AclAdmin(QList<ClientProperty> connection, QObject* parent)
    : QObject(parent)
    , m_connection(std::move(connection))
{
    qRegisterMetaType<Answer>();
}

AclAdmin::~AclAdmin()
{
    cancel();
}

void AclAdmin::cancel()
{
    m_pending = 0;
    if (!m_thread)
        return;
    if (m_thread->isRunning())
        disconnect(m_worker, nullptr, this, nullptr);
    m_worker = nullptr;
    m_thread.reset();
}

void AclAdmin::run(std::function<Answer(AclAdminWorker*)> job)
{
    if (!m_thread) {
        m_thread = std::make_unique<WorkerThread>(QStringLiteral("kafkalab-acl-admin"));
        m_worker = m_thread->adopt(new AclAdminWorker(m_connection, m_thread->stopToken()));
        connect(m_worker, &AclAdminWorker::answered, this, [this](const Answer& answer) {
            m_pending = std::max(0, m_pending - 1);
            answer(this);
        });
    }
    ++m_pending;
    m_thread->post(m_worker, [job = std::move(job)](AclAdminWorker* w) { w->execute(job); });
}

void AclAdmin::listAcls(const AclFilter& filter)
{
    run([=](AclAdminWorker* w) -> Answer {
        AclListResult r;
        if (SecurityAdminClient* c = w->client(&r.error))
            if (auto acls = c->describeAcls(filter, &r.error))
                r.acls = *acls;
        return [r](AclAdmin* a) { Q_EMIT a->aclsListed(r); };
    });
}

void AclAdmin::createAcls(const QList<AclBinding>& bindings)
{
    run([=](AclAdminWorker* w) -> Answer {
        AclChangeResult r;
        r.bindings = bindings;
        if (SecurityAdminClient* c = w->client(&r.error))
            r.error = c->createAcls(bindings);
        return [r](AclAdmin* a) { Q_EMIT a->aclsCreated(r); };
    });
}

void AclAdmin::deleteAcls(const AclFilter& filter)
{
    run([=](AclAdminWorker* w) -> Answer {
        AclChangeResult r;
        if (SecurityAdminClient* c = w->client(&r.error))
            if (auto deleted = c->deleteAcls(filter, &r.error))
                r.bindings = *deleted;
        return [r](AclAdmin* a) { Q_EMIT a->aclsDeleted(r); };
    });
}

void AclAdmin::listUsers()
{
    run([=](AclAdminWorker* w) -> Answer {
        UserListResult r;
        if (SecurityAdminClient* c = w->client(&r.error))
            if (auto users = c->describeUsers({}, &r.error))
                r.users = *users;
        return [r](AclAdmin* a) { Q_EMIT a->usersListed(r); };
    });
}

void AclAdmin::upsertUser(const QString& user, ScramMechanism mechanism, int iterations, const QString& password)
{
    run([user, mechanism, iterations, utf8 = password.toUtf8()](AclAdminWorker* w) -> Answer {
        SecurityError error;
        if (SecurityAdminClient* c = w->client(&error))
            error = c->upsertUser(user, mechanism, iterations, utf8);
        return [user, error](AclAdmin* a) { Q_EMIT a->userChanged(user, error); };
    });
}

void AclAdmin::deleteUser(const QString& user, ScramMechanism mechanism)
{
    run([=](AclAdminWorker* w) -> Answer {
        SecurityError error;
        if (SecurityAdminClient* c = w->client(&error))
            error = c->deleteUser(user, mechanism);
        return [user, error](AclAdmin* a) { Q_EMIT a->userChanged(user, error); };
    });
}

void AclAdmin::effectiveAccess(const QString& principal, const QString& host, const AccessContext& assumed)
{
    run([=](AclAdminWorker* w) -> Answer {
        EffectiveAccessResult r;
        if (SecurityAdminClient* c = w->client(&r.error))
            r = readEffectiveAccess(*c, principal, host, assumed);
        return [r](AclAdmin* a) { Q_EMIT a->accessReady(r); };
    });
}

} // namespace kafkalab

#include "acladmin.moc"
