#pragma once

// Effective access: what a principal may do on each topic and group, and which ACL decides, by the rules of Kafka's
// StandardAuthorizer (KRaft). A pure function of the ACLs, the principal and the resources.
//
// The rules, for one operation on one resource:
//  1. A super user (super.users) is allowed everything.
//  2. An ACL applies when its resource type is the resource's, its pattern matches the name (literal: the same name;
//     literal `*`: every name; prefixed: the name starts with it), its principal is the principal or User:*, its host
//     is * or the client's address, and its operation is the one asked, or All; an ALLOW ACL also applies through
//     the implications: Read, Write, Delete and Alter imply Describe; AlterConfigs implies DescribeConfigs (a DENY
//     applies only to its own operation, or All).
//  3. A DENY that applies wins over every ALLOW; else an ALLOW that applies allows.
//  4. No ACL applies: denied, unless allow.everyone.if.no.acl.found is true and the resource has no ACL at all.
//  5. Creating a topic is allowed by Create on the cluster as well as on the topic (the broker asks the cluster
//     first).

#include "kafkacore/security/aclrules.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace kafkalab {

struct AccessContext {
    QString principal; // User:NAME
    QString host = QStringLiteral("*"); // the client's address; * counts only the ACLs for every host
    QStringList superUsers; // as super.users lists them ("User:kafkalab")
    bool allowEveryoneIfNoAclFound = false;
};

struct AccessDecision {
    // NoAcl: none applies and allow.everyone.if.no.acl.found is false; NoMatchingAcl: none applies, and the resource
    // has ACLs (for others), so allow.everyone.if.no.acl.found (true) does not allow.
    enum class Why { SuperUser, Acl, NoAcl, NoMatchingAcl, NoAclAllowEveryone };
    AclOperation operation = AclOperation::Read;
    bool allowed = false;
    Why why = Why::NoAcl;
    std::optional<AclBinding> acl; // the deciding ACL (Why::Acl)

    // "allowed by ALLOW User:alice Read on Topic 'orders' (literal) from host *", "denied: no ACL applies ..."
    QString explanation() const;
};

struct ResourceAccess {
    AclResourceType type = AclResourceType::Topic;
    QString name;
    QList<AccessDecision> decisions; // one per operation of accessOperations(type), in that order
};

// The operations the effective-access view shows: a topic's Read, Write, Describe, Create, Delete, Alter,
// DescribeConfigs, AlterConfigs; a group's Read, Describe, Delete.
QList<AclOperation> accessOperations(AclResourceType type);

// One operation on one resource.
AccessDecision decideAccess(const QList<AclBinding>& acls, const AccessContext& context, AclResourceType type,
    const QString& name, AclOperation operation);

// Every operation of accessOperations() on each topic and group.
QList<ResourceAccess> effectiveAccess(
    const QList<AclBinding>& acls, const AccessContext& context, const QStringList& topics, const QStringList& groups);

} // namespace kafkalab
