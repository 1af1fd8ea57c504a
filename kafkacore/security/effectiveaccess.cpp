#include "kafkacore/security/effectiveaccess.h"

namespace kafkalab {

namespace {

bool patternMatches(const AclBinding& acl, AclResourceType type, const QString& name)
{
    if (acl.resourceType != type)
        return false;
    if (acl.patternType == AclPatternType::Literal)
        return acl.resourceName == name || acl.resourceName == QLatin1String("*");
    if (acl.patternType == AclPatternType::Prefixed)
        return name.startsWith(acl.resourceName);
    return false;
}

bool impliedByAllow(AclOperation asked, AclOperation granted)
{
    if (asked == AclOperation::Describe)
        return granted == AclOperation::Read || granted == AclOperation::Write || granted == AclOperation::Delete
            || granted == AclOperation::Alter;
    if (asked == AclOperation::DescribeConfigs)
        return granted == AclOperation::AlterConfigs;
    return false;
}

// StandardAuthorizerData.findResult: does this ACL (on the resource already) decide the operation for the context?
bool applies(const AclBinding& acl, const AccessContext& c, AclOperation op)
{
    if (acl.principal != c.principal && acl.principal != QLatin1String("User:*"))
        return false;
    if (acl.host != QLatin1String("*") && acl.host != c.host)
        return false;
    if (acl.operation == AclOperation::All || acl.operation == op)
        return true;
    return acl.permission == AclPermission::Allow && impliedByAllow(op, acl.operation);
}

} // namespace

QString AccessDecision::explanation() const
{
    switch (why) {
    case Why::SuperUser:
        return QStringLiteral("allowed: a super user (super.users)");
    case Why::Acl:
        return QStringLiteral("%1 by %2")
            .arg(
                allowed ? QStringLiteral("allowed") : QStringLiteral("denied"), acl ? aclBindingText(*acl) : QString());
    case Why::NoAclAllowEveryone:
        return QStringLiteral("allowed: the resource has no ACL and allow.everyone.if.no.acl.found is true");
    case Why::NoMatchingAcl:
        return QStringLiteral("denied: no ACL applies (the resource has ACLs for others, so "
                              "allow.everyone.if.no.acl.found does not allow)");
    case Why::NoAcl:
        break;
    }
    return QStringLiteral("denied: no ACL applies (allow.everyone.if.no.acl.found=false)");
}

QList<AclOperation> accessOperations(AclResourceType type)
{
    using O = AclOperation;
    if (type == AclResourceType::Group)
        return { O::Read, O::Describe, O::Delete };
    return { O::Read, O::Write, O::Describe, O::Create, O::Delete, O::Alter, O::DescribeConfigs, O::AlterConfigs };
}

AccessDecision decideAccess(const QList<AclBinding>& acls, const AccessContext& context, AclResourceType type,
    const QString& name, AclOperation operation)
{
    AccessDecision d;
    d.operation = operation;
    if (context.superUsers.contains(context.principal)) {
        d.allowed = true;
        d.why = AccessDecision::Why::SuperUser;
        return d;
    }
    if (type == AclResourceType::Topic && operation == AclOperation::Create) {
        AccessDecision cluster
            = decideAccess(acls, context, AclResourceType::Cluster, QStringLiteral("kafka-cluster"), operation);
        if (cluster.allowed)
            return cluster;
    }
    bool resourceHasAcls = false;
    const AclBinding* allow = nullptr;
    for (const AclBinding& acl : acls) {
        if (!patternMatches(acl, type, name))
            continue;
        resourceHasAcls = true;
        if (!applies(acl, context, operation))
            continue;
        if (acl.permission == AclPermission::Deny) {
            d.allowed = false;
            d.why = AccessDecision::Why::Acl;
            d.acl = acl;
            return d; // DENY wins
        }
        if (acl.permission == AclPermission::Allow && !allow)
            allow = &acl;
    }
    if (allow) {
        d.allowed = true;
        d.why = AccessDecision::Why::Acl;
        d.acl = *allow;
    } else if (context.allowEveryoneIfNoAclFound) {
        d.allowed = !resourceHasAcls;
        d.why = resourceHasAcls ? AccessDecision::Why::NoMatchingAcl : AccessDecision::Why::NoAclAllowEveryone;
    }
    return d;
}

QList<ResourceAccess> effectiveAccess(
    const QList<AclBinding>& acls, const AccessContext& context, const QStringList& topics, const QStringList& groups)
{
    QList<ResourceAccess> out;
    for (const auto& [type, names] :
        { std::pair { AclResourceType::Topic, topics }, std::pair { AclResourceType::Group, groups } }) {
        for (const QString& name : names) {
            ResourceAccess r;
            r.type = type;
            r.name = name;
            for (AclOperation op : accessOperations(type))
                r.decisions.append(decideAccess(acls, context, type, name, op));
            out.append(r);
        }
    }
    return out;
}

} // namespace kafkalab
