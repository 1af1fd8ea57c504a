#include "kafkacore/security/securityadminclient.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/groups/groupadmin.h"
#include "kafkacore/topics/topicoperations.h"

#include <algorithm>
#include <vector>

namespace kafkalab {

namespace {

rd_kafka_ResourceType_t toRd(AclResourceType t)
{
    switch (t) {
    case AclResourceType::Topic:
        return RD_KAFKA_RESOURCE_TOPIC;
    case AclResourceType::Group:
        return RD_KAFKA_RESOURCE_GROUP;
    case AclResourceType::Cluster:
        return RD_KAFKA_RESOURCE_BROKER; // Kafka's CLUSTER (4) is librdkafka's BROKER
    case AclResourceType::TransactionalId:
        return RD_KAFKA_RESOURCE_TRANSACTIONAL_ID;
    case AclResourceType::Any:
        break;
    }
    return RD_KAFKA_RESOURCE_ANY;
}

std::optional<AclResourceType> fromRd(rd_kafka_ResourceType_t t)
{
    switch (t) {
    case RD_KAFKA_RESOURCE_TOPIC:
        return AclResourceType::Topic;
    case RD_KAFKA_RESOURCE_GROUP:
        return AclResourceType::Group;
    case RD_KAFKA_RESOURCE_BROKER:
        return AclResourceType::Cluster;
    case RD_KAFKA_RESOURCE_TRANSACTIONAL_ID:
        return AclResourceType::TransactionalId;
    default:
        return std::nullopt;
    }
}

rd_kafka_ResourcePatternType_t toRd(AclPatternType p)
{
    switch (p) {
    case AclPatternType::Literal:
        return RD_KAFKA_RESOURCE_PATTERN_LITERAL;
    case AclPatternType::Prefixed:
        return RD_KAFKA_RESOURCE_PATTERN_PREFIXED;
    case AclPatternType::Match:
        return RD_KAFKA_RESOURCE_PATTERN_MATCH;
    case AclPatternType::Any:
        break;
    }
    return RD_KAFKA_RESOURCE_PATTERN_ANY;
}

const std::pair<AclOperation, rd_kafka_AclOperation_t> kOperations[] = {
    { AclOperation::Any, RD_KAFKA_ACL_OPERATION_ANY },
    { AclOperation::All, RD_KAFKA_ACL_OPERATION_ALL },
    { AclOperation::Read, RD_KAFKA_ACL_OPERATION_READ },
    { AclOperation::Write, RD_KAFKA_ACL_OPERATION_WRITE },
    { AclOperation::Create, RD_KAFKA_ACL_OPERATION_CREATE },
    { AclOperation::Delete, RD_KAFKA_ACL_OPERATION_DELETE },
    { AclOperation::Alter, RD_KAFKA_ACL_OPERATION_ALTER },
    { AclOperation::Describe, RD_KAFKA_ACL_OPERATION_DESCRIBE },
    { AclOperation::ClusterAction, RD_KAFKA_ACL_OPERATION_CLUSTER_ACTION },
    { AclOperation::DescribeConfigs, RD_KAFKA_ACL_OPERATION_DESCRIBE_CONFIGS },
    { AclOperation::AlterConfigs, RD_KAFKA_ACL_OPERATION_ALTER_CONFIGS },
    { AclOperation::IdempotentWrite, RD_KAFKA_ACL_OPERATION_IDEMPOTENT_WRITE },
};

rd_kafka_AclOperation_t toRd(AclOperation o)
{
    for (const auto& [ours, rd] : kOperations)
        if (ours == o)
            return rd;
    return RD_KAFKA_ACL_OPERATION_UNKNOWN;
}

rd_kafka_AclPermissionType_t toRd(AclPermission p)
{
    return p == AclPermission::Allow ? RD_KAFKA_ACL_PERMISSION_TYPE_ALLOW
        : p == AclPermission::Deny   ? RD_KAFKA_ACL_PERMISSION_TYPE_DENY
                                     : RD_KAFKA_ACL_PERMISSION_TYPE_ANY;
}

rd_kafka_ScramMechanism_t toRd(ScramMechanism m)
{
    return m == ScramMechanism::Sha512 ? RD_KAFKA_SCRAM_MECHANISM_SHA_512 : RD_KAFKA_SCRAM_MECHANISM_SHA_256;
}

// A binding as the broker reported it; nothing for a type kafkalab does not manage (a delegation token's, a user's).
std::optional<AclBinding> fromRd(const rd_kafka_AclBinding_t* acl)
{
    const std::optional<AclResourceType> type = fromRd(rd_kafka_AclBinding_restype(acl));
    if (!type)
        return std::nullopt;
    AclBinding b;
    b.resourceType = *type;
    b.resourceName = QString::fromUtf8(rd_kafka_AclBinding_name(acl));
    b.patternType = rd_kafka_AclBinding_resource_pattern_type(acl) == RD_KAFKA_RESOURCE_PATTERN_PREFIXED
        ? AclPatternType::Prefixed
        : AclPatternType::Literal;
    b.principal = QString::fromUtf8(rd_kafka_AclBinding_principal(acl));
    b.host = QString::fromUtf8(rd_kafka_AclBinding_host(acl));
    b.operation = AclOperation::Any;
    for (const auto& [ours, rd] : kOperations)
        if (rd == rd_kafka_AclBinding_operation(acl))
            b.operation = ours;
    b.permission = rd_kafka_AclBinding_permission_type(acl) == RD_KAFKA_ACL_PERMISSION_TYPE_DENY ? AclPermission::Deny
                                                                                                 : AclPermission::Allow;
    return b;
}

SecurityError errorOf(rd_kafka_resp_err_t code, const char* text)
{
    SecurityError e;
    e.securityDisabled = code == RD_KAFKA_RESP_ERR_SECURITY_DISABLED;
    e.message = e.securityDisabled
        ? QStringLiteral("the cluster has no authorizer (authorizer.class.name is not set): it keeps no ACLs and lets "
                         "every client do everything (SECURITY_DISABLED)")
        : kafkaErrorText(code, text ? QString::fromUtf8(text) : QString());
    return e;
}

SecurityError errorOf(const rd_kafka_error_t* error)
{
    return error && rd_kafka_error_code(error) ? errorOf(rd_kafka_error_code(error), rd_kafka_error_string(error))
                                               : SecurityError {};
}

// Sends one admin request (`issue` puts it on the queue) and returns its answer; nothing, with the reason, when the
// request failed as a whole or was not answered in time.
template <typename Issue>
EventPtr call(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeoutMs, SecurityError* error, Issue issue)
{
    QueuePtr queue(rd_kafka_queue_new(rk));
    AdminOptionsPtr options = adminOptions(rk, op, timeoutMs);
    issue(options.get(), queue.get());
    EventPtr ev = awaitEvent(queue.get(), timeoutMs + 2000);
    if (!ev) {
        *error = { QStringLiteral("no answer within %1 s").arg((timeoutMs + 2000) / 1000), false };
        return {};
    }
    if (rd_kafka_event_error(ev.get())) {
        *error = errorOf(rd_kafka_event_error(ev.get()), rd_kafka_event_error_string(ev.get()));
        return {};
    }
    return ev;
}

struct BindingDeleter {
    void operator()(rd_kafka_AclBinding_t* b) const { rd_kafka_AclBinding_destroy(b); }
};
using BindingPtr = std::unique_ptr<rd_kafka_AclBinding_t, BindingDeleter>;

BindingPtr filterOf(const AclFilter& f, SecurityError* error)
{
    char err[512] = {};
    const QByteArray name = f.resourceName.toUtf8();
    const QByteArray principal = f.principal.toUtf8();
    const QByteArray host = f.host.toUtf8();
    BindingPtr filter(rd_kafka_AclBindingFilter_new(toRd(f.resourceType), name.isEmpty() ? nullptr : name.constData(),
        toRd(f.patternType), principal.isEmpty() ? nullptr : principal.constData(),
        host.isEmpty() ? nullptr : host.constData(), toRd(f.operation), toRd(f.permission), err, sizeof err));
    if (!filter)
        *error = { QString::fromUtf8(err), false };
    return filter;
}

} // namespace

SecurityAdminClient::SecurityAdminClient(KafkaHandle rk)
    : m_rk(rk.release(), [](rd_kafka_t* h) { KafkaHandle owned(h); })
{
}

std::optional<SecurityAdminClient> SecurityAdminClient::open(const QList<ClientProperty>& connection, QString* error)
{
    KafkaHandle rk = makeAdminClient(connection, error);
    if (!rk)
        return std::nullopt;
    return SecurityAdminClient(std::move(rk));
}

std::optional<QList<AclBinding>> SecurityAdminClient::describeAcls(const AclFilter& filter, SecurityError* error)
{
    BindingPtr f = filterOf(filter, error);
    if (!f)
        return std::nullopt;
    rd_kafka_t* rk = m_rk.get();
    EventPtr ev = call(rk, RD_KAFKA_ADMIN_OP_DESCRIBEACLS, m_timeoutMs, error,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) { rd_kafka_DescribeAcls(rk, f.get(), o, q); });
    if (!ev)
        return std::nullopt;
    size_t n = 0;
    const rd_kafka_AclBinding_t** acls
        = rd_kafka_DescribeAcls_result_acls(rd_kafka_event_DescribeAcls_result(ev.get()), &n);
    QList<AclBinding> out;
    for (size_t i = 0; i < n; ++i)
        if (std::optional<AclBinding> b = fromRd(acls[i]))
            out.append(*b);
    if (n == 0) {
        // A broker without an authorizer answers DescribeAcls with SECURITY_DISABLED, but librdkafka 2.14.2 drops
        // that error and gives an empty list: an empty list is checked against authorizer.class.name.
        QString ignored;
        const std::optional<AuthorizerSettings> settings = authorizerSettings(&ignored);
        if (settings && settings->authorizer.isEmpty()) {
            *error = errorOf(RD_KAFKA_RESP_ERR_SECURITY_DISABLED, nullptr);
            return std::nullopt;
        }
    }
    return out;
}

SecurityError SecurityAdminClient::createAcls(const QList<AclBinding>& bindings)
{
    std::vector<BindingPtr> owned;
    std::vector<rd_kafka_AclBinding_t*> list;
    for (const AclBinding& b : bindings) {
        char err[512] = {};
        owned.emplace_back(rd_kafka_AclBinding_new(toRd(b.resourceType), b.resourceName.toUtf8().constData(),
            toRd(b.patternType), b.principal.toUtf8().constData(), b.host.toUtf8().constData(), toRd(b.operation),
            toRd(b.permission), err, sizeof err));
        if (!owned.back())
            return { QStringLiteral("%1: %2").arg(aclBindingText(b), QString::fromUtf8(err)), false };
        list.push_back(owned.back().get());
    }
    SecurityError error;
    rd_kafka_t* rk = m_rk.get();
    EventPtr ev = call(
        rk, RD_KAFKA_ADMIN_OP_CREATEACLS, m_timeoutMs, &error, [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) {
            rd_kafka_CreateAcls(rk, list.data(), list.size(), o, q);
        });
    if (!ev)
        return error;
    size_t n = 0;
    const rd_kafka_acl_result_t** results
        = rd_kafka_CreateAcls_result_acls(rd_kafka_event_CreateAcls_result(ev.get()), &n);
    QStringList refused;
    for (size_t i = 0; i < n && i < size_t(bindings.size()); ++i)
        if (const rd_kafka_error_t* e = rd_kafka_acl_result_error(results[i])) {
            const SecurityError one = errorOf(e);
            error.securityDisabled |= one.securityDisabled;
            refused << QStringLiteral("%1: %2").arg(aclBindingText(bindings[qsizetype(i)]), one.message);
        }
    error.message = refused.join(QLatin1String("; "));
    return error;
}

std::optional<QList<AclBinding>> SecurityAdminClient::deleteAcls(const AclFilter& filter, SecurityError* error)
{
    BindingPtr f = filterOf(filter, error);
    if (!f)
        return std::nullopt;
    rd_kafka_AclBindingFilter_t* list[] = { f.get() };
    rd_kafka_t* rk = m_rk.get();
    EventPtr ev = call(rk, RD_KAFKA_ADMIN_OP_DELETEACLS, m_timeoutMs, error,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) { rd_kafka_DeleteAcls(rk, list, 1, o, q); });
    if (!ev)
        return std::nullopt;
    size_t n = 0;
    const rd_kafka_DeleteAcls_result_response_t** responses
        = rd_kafka_DeleteAcls_result_responses(rd_kafka_event_DeleteAcls_result(ev.get()), &n);
    if (n != 1) {
        *error = { QStringLiteral("no answer for the filter"), false };
        return std::nullopt;
    }
    if (const rd_kafka_error_t* e = rd_kafka_DeleteAcls_result_response_error(responses[0])) {
        *error = errorOf(e);
        return std::nullopt;
    }
    size_t m = 0;
    const rd_kafka_AclBinding_t** acls = rd_kafka_DeleteAcls_result_response_matching_acls(responses[0], &m);
    QList<AclBinding> deleted;
    for (size_t i = 0; i < m; ++i)
        if (std::optional<AclBinding> b = fromRd(acls[i]))
            deleted.append(*b);
    return deleted;
}

std::optional<QList<ScramUser>> SecurityAdminClient::describeUsers(const QStringList& users, SecurityError* error)
{
    std::vector<QByteArray> names;
    std::vector<const char*> list;
    names.reserve(size_t(users.size()));
    list.reserve(size_t(users.size()));
    for (const QString& u : users)
        names.push_back(u.toUtf8());
    for (const QByteArray& n : names)
        list.push_back(n.constData());
    rd_kafka_t* rk = m_rk.get();
    EventPtr ev = call(rk, RD_KAFKA_ADMIN_OP_DESCRIBEUSERSCRAMCREDENTIALS, m_timeoutMs, error,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) {
            rd_kafka_DescribeUserScramCredentials(rk, list.empty() ? nullptr : list.data(), list.size(), o, q);
        });
    if (!ev)
        return std::nullopt;
    size_t n = 0;
    const rd_kafka_UserScramCredentialsDescription_t** descriptions
        = rd_kafka_DescribeUserScramCredentials_result_descriptions(
            rd_kafka_event_DescribeUserScramCredentials_result(ev.get()), &n);
    QList<ScramUser> out;
    for (size_t i = 0; i < n; ++i) {
        // librdkafka gives every description an error object, NO_ERROR when there is none.
        const rd_kafka_error_t* e = rd_kafka_UserScramCredentialsDescription_error(descriptions[i]);
        const rd_kafka_resp_err_t code = e ? rd_kafka_error_code(e) : RD_KAFKA_RESP_ERR_NO_ERROR;
        if (code == RD_KAFKA_RESP_ERR_RESOURCE_NOT_FOUND)
            continue; // a named user without credentials
        if (code) {
            *error = errorOf(e);
            return std::nullopt;
        }
        ScramUser user;
        user.name = QString::fromUtf8(rd_kafka_UserScramCredentialsDescription_user(descriptions[i]));
        const size_t count = rd_kafka_UserScramCredentialsDescription_scramcredentialinfo_count(descriptions[i]);
        for (size_t c = 0; c < count; ++c) {
            const rd_kafka_ScramCredentialInfo_t* info
                = rd_kafka_UserScramCredentialsDescription_scramcredentialinfo(descriptions[i], c);
            user.credentials.append({ rd_kafka_ScramCredentialInfo_mechanism(info) == RD_KAFKA_SCRAM_MECHANISM_SHA_512
                    ? ScramMechanism::Sha512
                    : ScramMechanism::Sha256,
                int(rd_kafka_ScramCredentialInfo_iterations(info)) });
        }
        std::sort(user.credentials.begin(), user.credentials.end(),
            [](const ScramCredential& a, const ScramCredential& b) { return a.mechanism < b.mechanism; });
        out.append(user);
    }
    std::sort(out.begin(), out.end(), [](const ScramUser& a, const ScramUser& b) { return a.name < b.name; });
    return out;
}

namespace {

SecurityError alterUser(rd_kafka_t* rk, int timeoutMs, rd_kafka_UserScramCredentialAlteration_t* alteration)
{
    if (!alteration)
        return { QStringLiteral("librdkafka refused the credential (no OpenSSL to salt the password?)"), false };
    rd_kafka_UserScramCredentialAlteration_t* list[] = { alteration };
    SecurityError error;
    EventPtr ev = call(rk, RD_KAFKA_ADMIN_OP_ALTERUSERSCRAMCREDENTIALS, timeoutMs, &error,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) {
            rd_kafka_AlterUserScramCredentials(rk, list, 1, o, q);
        });
    rd_kafka_UserScramCredentialAlteration_destroy(alteration);
    if (!ev)
        return error;
    size_t n = 0;
    const rd_kafka_AlterUserScramCredentials_result_response_t** responses
        = rd_kafka_AlterUserScramCredentials_result_responses(
            rd_kafka_event_AlterUserScramCredentials_result(ev.get()), &n);
    if (n != 1)
        return { QStringLiteral("no answer for the user"), false };
    return errorOf(rd_kafka_AlterUserScramCredentials_result_response_error(responses[0]));
}

} // namespace

SecurityError SecurityAdminClient::upsertUser(
    const QString& user, ScramMechanism mechanism, int iterations, const QByteArray& passwordUtf8)
{
    if (const QString e = scramUserError(user); !e.isEmpty())
        return { e, false };
    if (const QString e = scramPasswordError(QString::fromUtf8(passwordUtf8)); !e.isEmpty())
        return { e, false };
    if (const QString e = scramIterationsError(iterations); !e.isEmpty())
        return { e, false };
    // No salt given: librdkafka makes a random 64-byte one (OpenSSL's RAND_priv_bytes) and sends the salted
    // password; the password itself never leaves this process.
    return alterUser(m_rk.get(), m_timeoutMs,
        rd_kafka_UserScramCredentialUpsertion_new(user.toUtf8().constData(), toRd(mechanism), iterations,
            reinterpret_cast<const unsigned char*>(passwordUtf8.constData()), size_t(passwordUtf8.size()), nullptr, 0));
}

SecurityError SecurityAdminClient::deleteUser(const QString& user, ScramMechanism mechanism)
{
    if (const QString e = scramUserError(user); !e.isEmpty())
        return { e, false };
    return alterUser(
        m_rk.get(), m_timeoutMs, rd_kafka_UserScramCredentialDeletion_new(user.toUtf8().constData(), toRd(mechanism)));
}

std::optional<AuthorizerSettings> SecurityAdminClient::authorizerSettings(QString* error)
{
    rd_kafka_t* rk = m_rk.get();
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, nullptr, &md, m_timeoutMs);
    MetadataPtr owned(md);
    if (err || !md || md->broker_cnt == 0) {
        *error = err ? kafkaErrorText(err) : QStringLiteral("the cluster named no broker");
        return std::nullopt;
    }
    ConfigResourcePtr resource(
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, QByteArray::number(md->brokers[0].id).constData()));
    rd_kafka_ConfigResource_t* list[] = { resource.get() };
    SecurityError e;
    EventPtr ev = call(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, m_timeoutMs, &e,
        [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) { rd_kafka_DescribeConfigs(rk, list, 1, o, q); });
    if (!ev) {
        *error = e.message;
        return std::nullopt;
    }
    size_t n = 0;
    const rd_kafka_ConfigResource_t** res
        = rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(ev.get()), &n);
    if (n != 1 || rd_kafka_ConfigResource_error(res[0])) {
        *error = n == 1 ? kafkaErrorText(rd_kafka_ConfigResource_error(res[0]),
                     QString::fromUtf8(rd_kafka_ConfigResource_error_string(res[0])))
                        : QStringLiteral("no answer for the broker's configs");
        return std::nullopt;
    }
    AuthorizerSettings s;
    size_t cn = 0;
    const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(res[0], &cn);
    for (size_t i = 0; i < cn; ++i) {
        const QByteArray name = rd_kafka_ConfigEntry_name(entries[i]);
        const char* v = rd_kafka_ConfigEntry_value(entries[i]);
        const QString value = v ? QString::fromUtf8(v).trimmed() : QString();
        if (name == "authorizer.class.name") {
            s.authorizer = value;
        } else if (name == "super.users" && v) {
            s.superUsers = QStringList();
            for (const QString& u : value.split(QLatin1Char(';'), Qt::SkipEmptyParts))
                s.superUsers->append(u.trimmed());
        } else if (name == "allow.everyone.if.no.acl.found" && v) {
            s.allowEveryoneIfNoAclFound = value.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
        }
    }
    return s;
}

std::optional<QStringList> SecurityAdminClient::topicNames(QString* error)
{
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk.get(), 1, nullptr, &md, m_timeoutMs);
    MetadataPtr owned(md);
    if (err) {
        *error = kafkaErrorText(err);
        return std::nullopt;
    }
    QStringList names;
    for (int i = 0; i < md->topic_cnt; ++i)
        if (!QByteArray(md->topics[i].topic).startsWith("__"))
            names.append(QString::fromUtf8(md->topics[i].topic));
    names.sort();
    return names;
}

std::optional<QStringList> SecurityAdminClient::groupNames(QString* error)
{
    const std::optional<QList<GroupSummary>> groups = listGroups(m_rk.get(), error, m_timeoutMs, nullptr);
    if (!groups)
        return std::nullopt;
    QStringList names;
    for (const GroupSummary& g : *groups)
        names.append(g.id);
    return names;
}

} // namespace kafkalab
