#include "kafkacore/security/aclrules.h"

#include <QHostAddress>

namespace kafkalab {

namespace {

// "DescribeConfigs", "describe_configs", "DESCRIBE-CONFIGS" and "describeconfigs" are the same word.
QString folded(const QString& word)
{
    QString out;
    for (const QChar c : word)
        if (c != QLatin1Char('_') && c != QLatin1Char('-') && !c.isSpace())
            out.append(c.toLower());
    return out;
}

const QList<AclOperation>& allOperations()
{
    static const QList<AclOperation> ops { AclOperation::All, AclOperation::Read, AclOperation::Write,
        AclOperation::Create, AclOperation::Delete, AclOperation::Alter, AclOperation::Describe,
        AclOperation::ClusterAction, AclOperation::DescribeConfigs, AclOperation::AlterConfigs,
        AclOperation::IdempotentWrite };
    return ops;
}

const QList<AclResourceType>& allResourceTypes()
{
    static const QList<AclResourceType> types { AclResourceType::Topic, AclResourceType::Group,
        AclResourceType::Cluster, AclResourceType::TransactionalId };
    return types;
}

QString resourceTypeWord(AclResourceType t)
{
    switch (t) {
    case AclResourceType::Topic:
        return QStringLiteral("topic");
    case AclResourceType::Group:
        return QStringLiteral("group");
    case AclResourceType::Cluster:
        return QStringLiteral("cluster");
    case AclResourceType::TransactionalId:
        return QStringLiteral("transactional-id");
    case AclResourceType::Any:
        break;
    }
    return QStringLiteral("any");
}

// Kafka's enum constant names (READ, DESCRIBE_CONFIGS, TRANSACTIONAL_ID) from the CamelCase ones.
QString upperSnake(const QString& camel)
{
    QString out;
    for (qsizetype i = 0; i < camel.size(); ++i) {
        if (i > 0 && camel[i].isUpper())
            out.append(QLatin1Char('_'));
        out.append(camel[i].toUpper());
    }
    return out;
}

std::optional<AclResourceType> resourceTypeFrom(const QString& text, bool allowAny)
{
    const QString w = folded(text);
    if (allowAny && w == QLatin1String("any"))
        return AclResourceType::Any;
    for (AclResourceType t : allResourceTypes())
        if (w == folded(resourceTypeWord(t)))
            return t;
    return std::nullopt;
}

std::optional<AclOperation> operationFrom(const QString& text, bool allowAny)
{
    const QString w = folded(text);
    if (allowAny && w == QLatin1String("any"))
        return AclOperation::Any;
    for (AclOperation o : allOperations())
        if (w == folded(aclOperationName(o)))
            return o;
    return std::nullopt;
}

bool setError(AclInputError* error, const QString& field, const QString& message)
{
    if (error)
        *error = { field, message };
    return false;
}

// The fields both a binding and a filter read the same way. `filter`: every field optional, Any/Match allowed.
bool readCommon(const AclInput& in, bool filter, AclFilter* out, AclInputError* error)
{
    const QString type = in.resourceType.trimmed();
    if (type.isEmpty()) {
        if (!filter)
            return setError(error, QStringLiteral("resourceType"),
                QStringLiteral("name the resource type: %1").arg(aclResourceTypeWords().join(QLatin1String(", "))));
    } else if (auto t = resourceTypeFrom(type, filter)) {
        out->resourceType = *t;
    } else {
        return setError(error, QStringLiteral("resourceType"),
            QStringLiteral("unknown resource type '%1': one of %2")
                .arg(type, aclResourceTypeWords().join(QLatin1String(", "))));
    }

    const QString pattern = folded(in.pattern);
    if (pattern.isEmpty())
        out->patternType = filter ? AclPatternType::Any : AclPatternType::Literal;
    else if (pattern == QLatin1String("literal"))
        out->patternType = AclPatternType::Literal;
    else if (pattern == QLatin1String("prefixed"))
        out->patternType = AclPatternType::Prefixed;
    else if (filter && pattern == QLatin1String("match"))
        out->patternType = AclPatternType::Match;
    else if (filter && pattern == QLatin1String("any"))
        out->patternType = AclPatternType::Any;
    else
        return setError(error, QStringLiteral("pattern"),
            filter ? QStringLiteral("unknown pattern type '%1': one of literal, prefixed, match, any").arg(in.pattern)
                   : QStringLiteral("unknown pattern type '%1': literal or prefixed").arg(in.pattern));

    const QString name = in.resource.trimmed();
    if (name != in.resource)
        return setError(error, QStringLiteral("resource"),
            QStringLiteral("the resource name '%1' begins or ends with white space").arg(in.resource));
    if (out->resourceType == AclResourceType::Cluster) {
        if (!name.isEmpty() && name != QLatin1String("kafka-cluster"))
            return setError(error, QStringLiteral("resource"),
                QStringLiteral("the cluster resource is always named kafka-cluster, not '%1'").arg(name));
        if (!name.isEmpty() || !filter)
            out->resourceName = QStringLiteral("kafka-cluster");
        if (out->patternType == AclPatternType::Prefixed)
            return setError(error, QStringLiteral("pattern"), QStringLiteral("the cluster takes no prefixed ACL"));
    } else {
        if (name.isEmpty() && !filter)
            return setError(error, QStringLiteral("resource"),
                QStringLiteral("name the %1 (or * for every %1)").arg(resourceTypeWord(out->resourceType)));
        if (name == QLatin1String("*") && out->patternType == AclPatternType::Prefixed)
            return setError(error, QStringLiteral("resource"),
                QStringLiteral("* is a wildcard only as a literal pattern (every resource of the type); a prefixed "
                               "pattern is the beginning of a name"));
        out->resourceName = name;
    }
    if (!name.isEmpty() && out->resourceType == AclResourceType::Any)
        return setError(error, QStringLiteral("resourceType"),
            QStringLiteral("a resource name needs its type: %1").arg(aclResourceTypeWords().join(QLatin1String(", "))));

    const QString principal = in.principal.trimmed();
    if (principal.isEmpty() && !filter)
        return setError(error, QStringLiteral("principal"), QStringLiteral("name the principal: User:NAME or User:*"));
    if (!principal.isEmpty()) {
        if (const QString e = principalError(principal); !e.isEmpty())
            return setError(error, QStringLiteral("principal"), e);
        out->principal = principal;
    }

    const QString permission = folded(in.permission);
    if (permission.isEmpty())
        out->permission = filter ? AclPermission::Any : AclPermission::Allow;
    else if (permission == QLatin1String("allow"))
        out->permission = AclPermission::Allow;
    else if (permission == QLatin1String("deny"))
        out->permission = AclPermission::Deny;
    else if (filter && permission == QLatin1String("any"))
        out->permission = AclPermission::Any;
    else
        return setError(error, QStringLiteral("permission"),
            QStringLiteral("unknown permission '%1': allow or deny").arg(in.permission));

    const QString host = in.host.trimmed();
    if (host.isEmpty()) {
        if (!filter)
            out->host = QStringLiteral("*");
    } else if (const QString e = hostError(host); !e.isEmpty()) {
        return setError(error, QStringLiteral("host"), e);
    } else {
        out->host = host;
    }
    return true;
}

} // namespace

AclFilter AclFilter::exactly(const AclBinding& b)
{
    AclFilter f;
    f.resourceType = b.resourceType;
    f.resourceName = b.resourceName;
    f.patternType = b.patternType;
    f.principal = b.principal;
    f.host = b.host;
    f.operation = b.operation;
    f.permission = b.permission;
    return f;
}

bool AclFilter::matches(const AclBinding& b) const
{
    if (resourceType != AclResourceType::Any && b.resourceType != resourceType)
        return false;
    if (!principal.isEmpty() && b.principal != principal)
        return false;
    if (!host.isEmpty() && b.host != host)
        return false;
    if (operation != AclOperation::Any && b.operation != operation)
        return false;
    if (permission != AclPermission::Any && b.permission != permission)
        return false;
    switch (patternType) {
    case AclPatternType::Any:
        return resourceName.isEmpty() || b.resourceName == resourceName;
    case AclPatternType::Literal:
    case AclPatternType::Prefixed:
        return b.patternType == patternType && (resourceName.isEmpty() || b.resourceName == resourceName);
    case AclPatternType::Match:
        if (resourceName.isEmpty())
            return true;
        if (b.patternType == AclPatternType::Literal)
            return b.resourceName == resourceName || b.resourceName == QLatin1String("*");
        return b.patternType == AclPatternType::Prefixed && resourceName.startsWith(b.resourceName);
    }
    return false;
}

QString aclResourceTypeName(AclResourceType t)
{
    switch (t) {
    case AclResourceType::Topic:
        return QStringLiteral("Topic");
    case AclResourceType::Group:
        return QStringLiteral("Group");
    case AclResourceType::Cluster:
        return QStringLiteral("Cluster");
    case AclResourceType::TransactionalId:
        return QStringLiteral("TransactionalId");
    case AclResourceType::Any:
        break;
    }
    return QStringLiteral("Any");
}

QString aclPatternTypeName(AclPatternType p)
{
    switch (p) {
    case AclPatternType::Literal:
        return QStringLiteral("Literal");
    case AclPatternType::Prefixed:
        return QStringLiteral("Prefixed");
    case AclPatternType::Match:
        return QStringLiteral("Match");
    case AclPatternType::Any:
        break;
    }
    return QStringLiteral("Any");
}

QString aclOperationName(AclOperation o)
{
    switch (o) {
    case AclOperation::All:
        return QStringLiteral("All");
    case AclOperation::Read:
        return QStringLiteral("Read");
    case AclOperation::Write:
        return QStringLiteral("Write");
    case AclOperation::Create:
        return QStringLiteral("Create");
    case AclOperation::Delete:
        return QStringLiteral("Delete");
    case AclOperation::Alter:
        return QStringLiteral("Alter");
    case AclOperation::Describe:
        return QStringLiteral("Describe");
    case AclOperation::ClusterAction:
        return QStringLiteral("ClusterAction");
    case AclOperation::DescribeConfigs:
        return QStringLiteral("DescribeConfigs");
    case AclOperation::AlterConfigs:
        return QStringLiteral("AlterConfigs");
    case AclOperation::IdempotentWrite:
        return QStringLiteral("IdempotentWrite");
    case AclOperation::Any:
        break;
    }
    return QStringLiteral("Any");
}

QString aclPermissionName(AclPermission p)
{
    switch (p) {
    case AclPermission::Allow:
        return QStringLiteral("Allow");
    case AclPermission::Deny:
        return QStringLiteral("Deny");
    case AclPermission::Any:
        break;
    }
    return QStringLiteral("Any");
}

QStringList aclResourceTypeWords()
{
    QStringList words;
    for (AclResourceType t : allResourceTypes())
        words << resourceTypeWord(t);
    return words;
}

QStringList aclOperationWords()
{
    QStringList words;
    for (AclOperation o : allOperations())
        words << aclOperationName(o);
    return words;
}

QString aclBindingText(const AclBinding& b)
{
    return QStringLiteral("%1 %2 %3 on %4 '%5' (%6) from host %7")
        .arg(aclPermissionName(b.permission).toUpper(), b.principal, aclOperationName(b.operation),
            aclResourceTypeName(b.resourceType), b.resourceName, aclPatternTypeName(b.patternType).toLower(), b.host);
}

QString kafkaPatternText(const AclBinding& b)
{
    return QStringLiteral("ResourcePattern(resourceType=%1, name=%2, patternType=%3)")
        .arg(upperSnake(aclResourceTypeName(b.resourceType)), b.resourceName,
            aclPatternTypeName(b.patternType).toUpper());
}

QString kafkaEntryText(const AclBinding& b)
{
    return QStringLiteral("(principal=%1, host=%2, operation=%3, permissionType=%4)")
        .arg(b.principal, b.host, upperSnake(aclOperationName(b.operation)), aclPermissionName(b.permission).toUpper());
}

QList<AclOperation> validAclOperations(AclResourceType t)
{
    using O = AclOperation;
    switch (t) {
    case AclResourceType::Topic:
        return { O::Read, O::Write, O::Create, O::Describe, O::Delete, O::Alter, O::DescribeConfigs, O::AlterConfigs,
            O::All };
    case AclResourceType::Group:
        return { O::Read, O::Describe, O::Delete, O::DescribeConfigs, O::AlterConfigs, O::All };
    case AclResourceType::Cluster:
        return { O::Create, O::ClusterAction, O::DescribeConfigs, O::AlterConfigs, O::IdempotentWrite, O::Alter,
            O::Describe, O::All };
    case AclResourceType::TransactionalId:
        return { O::Describe, O::Write, O::All };
    case AclResourceType::Any:
        break;
    }
    return allOperations();
}

std::optional<QList<AclBinding>> aclBindingsFrom(const AclInput& in, AclInputError* error)
{
    AclFilter common;
    if (!readCommon(in, false, &common, error))
        return std::nullopt;
    const QStringList words = in.operations.split(QLatin1Char(','), Qt::SkipEmptyParts);
    QList<AclOperation> ops;
    for (const QString& word : words) {
        if (word.trimmed().isEmpty())
            continue;
        const std::optional<AclOperation> op = operationFrom(word, false);
        if (!op) {
            setError(error, QStringLiteral("operations"),
                QStringLiteral("unknown operation '%1': one of %2")
                    .arg(word.trimmed(), aclOperationWords().join(QLatin1String(", "))));
            return std::nullopt;
        }
        const QList<AclOperation> valid = validAclOperations(common.resourceType);
        if (!valid.contains(*op)) {
            QStringList names;
            for (AclOperation v : valid)
                names << aclOperationName(v);
            setError(error, QStringLiteral("operations"),
                QStringLiteral("%1 is not an operation on a %2: one of %3")
                    .arg(
                        aclOperationName(*op), resourceTypeWord(common.resourceType), names.join(QLatin1String(", "))));
            return std::nullopt;
        }
        if (!ops.contains(*op))
            ops.append(*op);
    }
    if (ops.isEmpty()) {
        setError(error, QStringLiteral("operations"),
            QStringLiteral("name at least one operation: %1").arg(aclOperationWords().join(QLatin1String(", "))));
        return std::nullopt;
    }
    QList<AclBinding> out;
    for (AclOperation op : ops) {
        AclBinding b;
        b.resourceType = common.resourceType;
        b.resourceName = common.resourceName;
        b.patternType = common.patternType;
        b.principal = common.principal;
        b.host = common.host;
        b.operation = op;
        b.permission = common.permission;
        out.append(b);
    }
    return out;
}

std::optional<AclFilter> aclFilterFrom(const AclInput& in, AclInputError* error)
{
    AclFilter f;
    if (!readCommon(in, true, &f, error))
        return std::nullopt;
    const QString op = in.operations.trimmed();
    if (op.contains(QLatin1Char(','))) {
        setError(error, QStringLiteral("operations"), QStringLiteral("a filter takes one operation (or none)"));
        return std::nullopt;
    }
    if (!op.isEmpty()) {
        const std::optional<AclOperation> o = operationFrom(op, true);
        if (!o) {
            setError(error, QStringLiteral("operations"),
                QStringLiteral("unknown operation '%1': one of %2")
                    .arg(op, aclOperationWords().join(QLatin1String(", "))));
            return std::nullopt;
        }
        f.operation = *o;
    }
    return f;
}

QString principalError(const QString& principal)
{
    const qsizetype colon = principal.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return QStringLiteral("'%1' is not a principal: write User:%1 (or User:* for every user)").arg(principal);
    const QString type = principal.left(colon);
    const QString name = principal.mid(colon + 1);
    if (type != QLatin1String("User"))
        return QStringLiteral("'%1': the principal type must be User (User:NAME or User:*), not '%2'")
            .arg(principal, type);
    if (name.trimmed().isEmpty())
        return QStringLiteral("'%1' names no user: User:NAME or User:*").arg(principal);
    if (name != name.trimmed())
        return QStringLiteral("'%1': the user name begins or ends with white space").arg(principal);
    return {};
}

QString hostError(const QString& host)
{
    if (host == QLatin1String("*"))
        return {};
    if (QHostAddress(host).isNull())
        return QStringLiteral("'%1' is not an IP address: ACL hosts are * or the client's IP address (a host name "
                              "never matches)")
            .arg(host);
    return {};
}

} // namespace kafkalab
