// The scenario engine's authorization: actors connecting as another SASL user, the check that the cluster has an
// authorizer, and the acl step (add or delete bindings; those a run added are deleted when its engine goes).
#include "kafkacore/scenarios/scenarioacl.h"

#include "kafkacore/scenarios/scenarioengine.h"

#include <QElapsedTimer>

#include <algorithm>

namespace kafkalab {

namespace {

// How a lesson about authorization gets a cluster it can run on.
const char* const kHowToStart = "start a secured local sandbox: `kafkalab-cli sandbox --security sasl_plaintext` (or "
                                "sasl_ssl), or choose sasl_plaintext or sasl_ssl in kafkalab's sandbox security list";

QString propertyOf(const QList<ClientProperty>& props, const QStringList& keys)
{
    QString value;
    for (const ClientProperty& p : props)
        if (keys.contains(p.key))
            value = p.value; // the last one wins, as in librdkafka
    return value;
}

QString passwordOf(const QMap<QString, QString>& given, const QString& user)
{
    const QString password = given.value(user);
    return password.isEmpty() ? qEnvironmentVariable(userPasswordVariable(user).toLatin1().constData()) : password;
}

} // namespace

bool needsAuthorization(const Scenario& scenario)
{
    return std::any_of(scenario.actors.begin(), scenario.actors.end(),
               [](const ScenarioActor& a) { return !a.asUser.isEmpty(); })
        || std::any_of(scenario.steps.begin(), scenario.steps.end(),
            [](const ScenarioStep& st) { return st.action == ScenarioAction::Acl; });
}

QString userPasswordVariable(const QString& user)
{
    QString name = user.toUpper();
    for (QChar& c : name)
        if (!((c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))))
            c = QLatin1Char('_');
    return QStringLiteral("KAFKALAB_USER_PASSWORD_") + name;
}

QList<ClientProperty> connectionAsUser(
    const QList<ClientProperty>& connection, const QString& user, const QString& password)
{
    QList<ClientProperty> props;
    for (const ClientProperty& p : connection)
        if (p.key != QLatin1String("sasl.username") && p.key != QLatin1String("sasl.password"))
            props.append(p);
    props.append(ClientProperty::of(QStringLiteral("sasl.username"), user));
    ClientProperty secret = ClientProperty::of(QStringLiteral("sasl.password"), password);
    secret.secret = true;
    props.append(secret);
    return props;
}

ScenarioAcls::~ScenarioAcls()
{
    // The run's bindings go with it (each exactly; one the run deleted again is not in the list any more).
    for (const AclBinding& b : std::as_const(m_added)) {
        SecurityError error;
        if (!m_client.deleteAcls(AclFilter::exactly(b), &error))
            qWarning("kafkalab: the scenario's ACL %s could not be deleted: %s", qPrintable(aclBindingText(b)),
                qPrintable(error.message));
    }
}

QList<ClientProperty> ScenarioEngine::actorConnection(const ScenarioActor& actor) const
{
    if (actor.asUser.isEmpty())
        return m_connection;
    return connectionAsUser(m_connection, actor.asUser, passwordOf(m_userPasswords, actor.asUser));
}

QString ScenarioEngine::prepareAuthorization()
{
    if (!needsAuthorization(m_scenario))
        return {};
    const QString protocol = propertyOf(m_connection, { QStringLiteral("security.protocol") }).toLower();
    const QString mechanism
        = propertyOf(m_connection, { QStringLiteral("sasl.mechanisms"), QStringLiteral("sasl.mechanism") }).toUpper();
    for (const ScenarioActor& a : std::as_const(m_scenario.actors)) {
        if (a.asUser.isEmpty())
            continue;
        if (!protocol.startsWith(QLatin1String("sasl_")))
            return QStringLiteral("actor '%1' connects as user '%2' (as_user), which needs a SASL connection, and this "
                                  "one is %3. To run this scenario, %4")
                .arg(a.name, a.asUser, protocol.isEmpty() ? QStringLiteral("plaintext") : protocol,
                    QLatin1String(kHowToStart));
        static const QStringList withPassword { QStringLiteral("PLAIN"), QStringLiteral("SCRAM-SHA-256"),
            QStringLiteral("SCRAM-SHA-512") };
        if (!withPassword.contains(mechanism.isEmpty() ? QStringLiteral("PLAIN") : mechanism))
            return QStringLiteral("actor '%1' connects as user '%2' (as_user) with a password, which the "
                                  "connection's SASL mechanism %3 does not take (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 "
                                  "do)")
                .arg(a.name, a.asUser, mechanism);
        if (passwordOf(m_userPasswords, a.asUser).isEmpty())
            return QStringLiteral("no password for user '%1' (as_user of actor '%2'): kafkalab knows the users of its "
                                  "own secured sandbox; for another cluster set %3")
                .arg(a.asUser, a.name, userPasswordVariable(a.asUser));
    }
    QString why;
    std::optional<SecurityAdminClient> client = SecurityAdminClient::open(m_connection, &why);
    if (!client)
        return QStringLiteral("no ACL client: %1").arg(why);
    SecurityError error;
    client->describeAcls(AclFilter {}, &error);
    if (error.securityDisabled)
        return QStringLiteral("this scenario is about authorization (ACLs), and this cluster has no authorizer "
                              "(SECURITY_DISABLED: everyone may do everything, so nothing would be refused). To run "
                              "it, %1")
            .arg(QLatin1String(kHowToStart));
    if (!error.isEmpty())
        return QStringLiteral("this scenario adds and deletes ACLs, and the connection's user cannot read them: %1")
            .arg(error.message);
    m_acls = std::make_unique<ScenarioAcls>(std::move(*client));
    return {};
}

void ScenarioEngine::aclStep(const ScenarioStep& st, ScenarioObservation& obs)
{
    auto failStep = [&obs](const QString& name, const QString& text) {
        obs.ok = false;
        obs.errorName = name;
        obs.errorText = text;
    };
    if (!m_acls)
        return failStep(QStringLiteral("NO_AUTHORIZER"), QStringLiteral("the run has no ACL client"));
    // The names as the run uses them: {{run}} expanded, and a literal group or transactional id with the run id
    // appended, as the actors' group_id and transactional_id get it.
    QList<AclBinding> bindings = st.aclBindings;
    QStringList words;
    for (AclBinding& b : bindings) {
        b.resourceName = expand(b.resourceName);
        const bool runsOwn
            = b.resourceType == AclResourceType::Group || b.resourceType == AclResourceType::TransactionalId;
        if (runsOwn && b.patternType == AclPatternType::Literal && b.resourceName != QLatin1String("*"))
            b.resourceName += QLatin1Char('-') + m_runId;
        words.append(aclBindingText(b));
    }
    SecurityAdminClient& client = m_acls->client();
    if (st.aclDelete) {
        QStringList deleted;
        for (const AclBinding& b : std::as_const(bindings)) {
            SecurityError error;
            const std::optional<QList<AclBinding>> gone = client.deleteAcls(AclFilter::exactly(b), &error);
            if (!gone)
                return failStep(QStringLiteral("ACL_DELETE"), error.message);
            for (const AclBinding& g : *gone) {
                deleted.append(aclBindingText(g));
                m_acls->added().removeAll(g);
            }
        }
        obs.expectation = QStringLiteral("deleted: %1").arg(deleted.join(QLatin1String("; ")));
        if (deleted.isEmpty())
            failStep(QStringLiteral("NO_SUCH_ACL"),
                QStringLiteral("no binding to delete: %1").arg(words.join(QLatin1String("; "))));
        return;
    }
    if (const SecurityError error = client.createAcls(bindings); !error.isEmpty())
        return failStep(QStringLiteral("ACL_CREATE"), error.message);
    for (const AclBinding& b : std::as_const(bindings))
        if (!m_acls->added().contains(b))
            m_acls->added().append(b);
    obs.expectation = QStringLiteral("added: %1").arg(words.join(QLatin1String("; ")));
    // Created means the controller has them; the broker answering DescribeAcls lists them once its authorizer has.
    QElapsedTimer clock;
    clock.start();
    for (const AclBinding& b : std::as_const(bindings)) {
        for (;;) {
            SecurityError error;
            const std::optional<QList<AclBinding>> listed = client.describeAcls(AclFilter::exactly(b), &error);
            if (listed && listed->contains(b))
                break;
            if (clock.elapsed() > 15000)
                return failStep(QStringLiteral("ACL_NOT_LISTED"),
                    QStringLiteral("created, but not listed by the broker after 15 s: %1%2")
                        .arg(aclBindingText(b),
                            error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(error.message)));
            if (!pause(200))
                return;
        }
    }
}

} // namespace kafkalab
