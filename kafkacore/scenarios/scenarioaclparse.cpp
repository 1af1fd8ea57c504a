// The scenario file's authorization vocabulary: an actor's "as_user" and the "acl" step, which adds or deletes ACL
// bindings. The binding's fields are read by the same checks as `kafkalab-cli acl add` and the ACLs page
// (aclBindingsFrom); every mistake is refused when the file is parsed, with the field's line and column.
#include "kafkacore/scenarios/scenarioparse.h"
#include "kafkacore/security/scramrules.h"

namespace kafkalab::scenarioparse {

void parseAsUser(const json& j, ScenarioActor& a)
{
    a.asUser = str(j, "as_user");
    if (j.contains("as_user")) {
        if (const QString bad = scramUserError(a.asUser); !bad.isEmpty())
            throw Mistake { QStringLiteral("'as_user': %1").arg(bad), QStringLiteral("as_user") };
    }
}

void parseAclStep(const json& j, ScenarioStep& st)
{
    onlyFields(j, QStringLiteral("an 'acl' step"),
        { "action", "op", "principal", "resource", "name", "pattern", "operation", "permission", "host", "note" });
    const QString op = str(j, "op");
    if (op != QLatin1String("add") && op != QLatin1String("delete"))
        throw Mistake { QStringLiteral("'acl' needs 'op': add or delete (not '%1')").arg(op),
            j.contains("op") ? QStringLiteral("op") : QString() };
    st.aclDelete = op == QLatin1String("delete");
    // The file's names for AclInput's fields.
    AclInput in;
    in.resourceType = str(j, "resource");
    in.resource = str(j, "name");
    in.pattern = str(j, "pattern");
    in.principal = str(j, "principal");
    in.operations = str(j, "operation");
    in.permission = str(j, "permission");
    in.host = str(j, "host");
    static const QMap<QString, const char*> fileField { { QStringLiteral("resourceType"), "resource" },
        { QStringLiteral("resource"), "name" }, { QStringLiteral("pattern"), "pattern" },
        { QStringLiteral("principal"), "principal" }, { QStringLiteral("operations"), "operation" },
        { QStringLiteral("permission"), "permission" }, { QStringLiteral("host"), "host" } };
    for (const auto& [field, key] : fileField.asKeyValueRange())
        if (!j.contains(key)
            && (field == QLatin1String("resourceType") || field == QLatin1String("principal")
                || field == QLatin1String("operations")))
            throw Mistake { QStringLiteral("'acl' needs '%1'").arg(QLatin1String(key)) };
    AclInputError error;
    const std::optional<QList<AclBinding>> bindings = aclBindingsFrom(in, &error);
    if (!bindings) {
        const char* key = fileField.value(error.field, "");
        throw Mistake { QStringLiteral("'%1': %2").arg(QLatin1String(key), error.message), QLatin1String(key) };
    }
    st.aclBindings = *bindings;
}

} // namespace kafkalab::scenarioparse
