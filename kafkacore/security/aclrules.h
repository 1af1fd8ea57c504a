#pragma once

// ACL bindings as plain values, the one place their input is read and checked (principal, resource type and name,
// pattern, operations, permission, host), and the text a binding is shown as (the CLI prints it, the GUI previews it).
// SCRAM users are in scramrules.h. No librdkafka here: the admin client (securityadminclient.h) maps these to
// librdkafka's enums.

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace kafkalab {

// Kafka's resource types that kafkalab manages ACLs for (Any: only in a filter).
enum class AclResourceType { Any, Topic, Group, Cluster, TransactionalId };
// Literal (a name, or `*` for every resource of its type) or prefixed; Any and Match only in a filter (Match: every
// binding that applies to the name, as the broker would match it).
enum class AclPatternType { Any, Match, Literal, Prefixed };
// Kafka's operations (Any: only in a filter).
enum class AclOperation {
    Any,
    All,
    Read,
    Write,
    Create,
    Delete,
    Alter,
    Describe,
    ClusterAction,
    DescribeConfigs,
    AlterConfigs,
    IdempotentWrite
};
enum class AclPermission { Any, Allow, Deny };

struct AclBinding {
    AclResourceType resourceType = AclResourceType::Topic;
    QString resourceName;
    AclPatternType patternType = AclPatternType::Literal;
    QString principal; // "User:NAME" or "User:*"
    QString host = QStringLiteral("*");
    AclOperation operation = AclOperation::Read;
    AclPermission permission = AclPermission::Allow;

    bool operator==(const AclBinding&) const = default;
};

// A filter for DescribeAcls and DeleteAcls: empty strings and Any match everything.
struct AclFilter {
    AclResourceType resourceType = AclResourceType::Any;
    QString resourceName;
    AclPatternType patternType = AclPatternType::Any;
    QString principal;
    QString host;
    AclOperation operation = AclOperation::Any;
    AclPermission permission = AclPermission::Any;

    bool matches(const AclBinding& b) const; // the filter as the broker applies it (Match included)
    static AclFilter exactly(const AclBinding& b); // matches that binding and nothing else
};

// Kafka's spelling: "Topic", "Group", "Cluster", "TransactionalId"; "Literal", "Prefixed"; "Read", "DescribeConfigs"
// ...; "Allow", "Deny". "Any" for Any.
QString aclResourceTypeName(AclResourceType t);
QString aclPatternTypeName(AclPatternType p);
QString aclOperationName(AclOperation o);
QString aclPermissionName(AclPermission p);
// The words the parsers take, for help texts and messages ("topic, group, cluster, transactional-id").
QStringList aclResourceTypeWords();
QStringList aclOperationWords(); // Kafka's names, without Any

// One binding as one line, the same in the CLI and the GUI's preview:
// "ALLOW User:alice Read on Topic 'orders' (literal) from host *"
QString aclBindingText(const AclBinding& b);
// As kafka-acls --list shows the pattern and the entry, for comparison with Kafka's own tool:
// "ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)" and
// "(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)".
QString kafkaPatternText(const AclBinding& b);
QString kafkaEntryText(const AclBinding& b);

// The operations Kafka's kafka-acls allows on a resource type (an ACL for another is refused).
QList<AclOperation> validAclOperations(AclResourceType t);

// What was typed, field by field (the CLI's options, the GUI's fields). Empty means "not given".
struct AclInput {
    QString resourceType; // topic, group, cluster, transactional-id
    QString resource; // the name; `*` every resource of the type (literal); cluster: kafka-cluster or empty
    QString pattern; // literal (default), prefixed; a filter also takes match, any
    QString principal; // User:NAME, User:*
    QString operations; // one or more operations, comma-separated
    QString permission; // allow (default), deny
    QString host; // * (default) or an IP address
};

// A refused input: the field it is about (as in AclInput: "principal", "operations", ...) and why.
struct AclInputError {
    QString field;
    QString message;
};

// The bindings the input describes (one per operation), every field required or defaulted; else the error.
std::optional<QList<AclBinding>> aclBindingsFrom(const AclInput& in, AclInputError* error);
// A filter (for listing or deleting): every field optional; one operation at most.
std::optional<AclFilter> aclFilterFrom(const AclInput& in, AclInputError* error);

// The single checks, each an error message or empty.
QString principalError(const QString& principal);
QString hostError(const QString& host);

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::AclBinding)
