#include "kafkacore/schemas/registryadmin.h"
#include "kafkacore/schemas/registryhttp_p.h"

#include <QUrl>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <mutex>

namespace kafkalab::schemas {

using json = nlohmann::json;

namespace {

QString encoded(const QString& subject)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(subject));
}

QString versionWord(int version)
{
    return version > 0 ? QString::number(version) : QStringLiteral("latest");
}

// The registry's own words in an error answer ({"error_code": 40401, "message": "..."}), else the body's start.
QString registryWords(const std::string& body)
{
    const json j = json::parse(body, nullptr, false);
    if (j.is_object() && j.contains("message") && j["message"].is_string()) {
        QString message = QString::fromStdString(j["message"].get<std::string>());
        if (j.contains("error_code") && j["error_code"].is_number_integer())
            return QStringLiteral("error %1: %2").arg(j["error_code"].get<int>()).arg(message);
        return message;
    }
    const QString text = QString::fromUtf8(body.substr(0, 300)).trimmed();
    return text.isEmpty() ? QStringLiteral("no message") : text;
}

// The answer if it is a 2xx with a JSON body; else nothing, with `error` saying what failed and why.
std::optional<json> answered(const RegistryConnection& c, const RegistryAnswer& a, const QString& what, QString* error)
{
    if (!a.transportError.isEmpty()) {
        *error
            = QStringLiteral("the schema registry at %1 cannot be reached (%2): %3").arg(c.url, what, a.transportError);
        return std::nullopt;
    }
    if (a.status == 401 || a.status == 403) {
        *error = QStringLiteral("the schema registry at %1 refused %2 (HTTP %3, %4): check the user and password or "
                                "token")
                     .arg(c.url, what)
                     .arg(a.status)
                     .arg(registryWords(a.body));
        return std::nullopt;
    }
    if (a.status < 200 || a.status > 299) {
        *error = QStringLiteral("%1 failed: the schema registry answered HTTP %2 (%3)")
                     .arg(what)
                     .arg(a.status)
                     .arg(registryWords(a.body));
        return std::nullopt;
    }
    json j = json::parse(a.body, nullptr, false);
    if (j.is_discarded()) {
        *error = QStringLiteral("%1: the schema registry at %2 answered something that is not JSON: %3")
                     .arg(what, c.url, QString::fromUtf8(a.body.substr(0, 200)));
        return std::nullopt;
    }
    return j;
}

std::optional<QList<int>> intList(const json& j, const QString& what, QString* error)
{
    if (!j.is_array()) {
        *error = QStringLiteral("%1: the schema registry answered %2, not a list of versions")
                     .arg(what, QString::fromStdString(j.dump()).left(200));
        return std::nullopt;
    }
    QList<int> out;
    for (const json& v : j)
        if (v.is_number_integer())
            out.append(v.get<int>());
    std::sort(out.begin(), out.end());
    return out;
}

json schemaBody(SchemaType type, const QString& text, const QList<SchemaReference>& references)
{
    json body = json::object();
    body["schema"] = text.toStdString();
    if (type != SchemaType::Avro)
        body["schemaType"] = schemaTypeName(type).toStdString();
    if (!references.isEmpty()) {
        json refs = json::array();
        for (const SchemaReference& r : references)
            refs.push_back(
                { { "name", r.name.toStdString() }, { "subject", r.subject.toStdString() }, { "version", r.version } });
        body["references"] = refs;
    }
    return body;
}

} // namespace

RegistryAdminClient::RegistryAdminClient(RegistryConnection connection)
    : m_connection(std::move(connection))
{
}

bool RegistryAdminClient::isApicurio() const
{
    return m_connection.url.contains(QLatin1String("/apis/ccompat/"));
}

std::optional<QStringList> RegistryAdminClient::subjects(bool includeDeleted, QString* error)
{
    const QString what = QStringLiteral("listing the subjects");
    const auto j = answered(m_connection,
        registryRequest(m_connection, "GET",
            includeDeleted ? QStringLiteral("/subjects?deleted=true") : QStringLiteral("/subjects")),
        what, error);
    if (!j)
        return std::nullopt;
    if (!j->is_array()) {
        *error = QStringLiteral("%1: the schema registry answered %2, not a list")
                     .arg(what, QString::fromStdString(j->dump()).left(200));
        return std::nullopt;
    }
    QStringList out;
    for (const json& s : *j)
        if (s.is_string())
            out.append(QString::fromStdString(s.get<std::string>()));
    out.sort();
    return out;
}

std::optional<QList<int>> RegistryAdminClient::versions(const QString& subject, bool includeDeleted, QString* error)
{
    const QString what = QStringLiteral("listing the versions of subject %1").arg(subject);
    const auto j = answered(m_connection,
        registryRequest(m_connection, "GET",
            QStringLiteral("/subjects/%1/versions%2")
                .arg(encoded(subject), includeDeleted ? QStringLiteral("?deleted=true") : QString())),
        what, error);
    return j ? intList(*j, what, error) : std::nullopt;
}

std::optional<RegisteredSchema> RegistryAdminClient::version(const QString& subject, int version, QString* error)
{
    const QString what = QStringLiteral("reading version %1 of subject %2").arg(versionWord(version), subject);
    const auto j = answered(m_connection,
        registryRequest(m_connection, "GET",
            QStringLiteral("/subjects/%1/versions/%2").arg(encoded(subject), versionWord(version))),
        what, error);
    if (!j)
        return std::nullopt;
    if (!j->is_object() || !j->contains("schema") || !(*j)["schema"].is_string()) {
        *error = QStringLiteral("%1: the schema registry answered without a schema: %2")
                     .arg(what, QString::fromStdString(j->dump()).left(200));
        return std::nullopt;
    }
    const QString typeName = QString::fromStdString(j->value("schemaType", std::string()));
    const auto type = schemaTypeFromName(typeName);
    if (!type) {
        *error = QStringLiteral("version %1 of subject %2 has the schema type %3, which kafkalab does not know (AVRO, "
                                "PROTOBUF, JSON)")
                     .arg(versionWord(version), subject, typeName);
        return std::nullopt;
    }
    RegisteredSchema s;
    s.type = *type;
    s.text = QString::fromStdString((*j)["schema"].get<std::string>());
    s.id = j->value("id", -1);
    s.subject = QString::fromStdString(j->value("subject", subject.toStdString()));
    s.version = j->value("version", version);
    if (j->contains("references") && (*j)["references"].is_array())
        for (const json& r : (*j)["references"])
            if (r.is_object())
                s.references.append({ QString::fromStdString(r.value("name", std::string())),
                    QString::fromStdString(r.value("subject", std::string())), r.value("version", -1) });
    return s;
}

std::optional<QString> RegistryAdminClient::compatibility(const QString& subject, QString* error)
{
    const QString what = subject.isEmpty()
        ? QStringLiteral("reading the global compatibility level")
        : QStringLiteral("reading the compatibility level of subject %1").arg(subject);
    const auto j = answered(m_connection,
        registryRequest(m_connection, "GET",
            subject.isEmpty() ? QStringLiteral("/config") : QStringLiteral("/config/%1").arg(encoded(subject))),
        what, error);
    if (!j)
        return std::nullopt;
    for (const char* key : { "compatibilityLevel", "compatibility" })
        if (j->is_object() && j->contains(key) && (*j)[key].is_string())
            return QString::fromStdString((*j)[key].get<std::string>());
    *error = QStringLiteral("%1: the schema registry answered without a level: %2")
                 .arg(what, QString::fromStdString(j->dump()).left(200));
    return std::nullopt;
}

bool RegistryAdminClient::setCompatibility(const QString& subject, const QString& level, QString* error)
{
    const QString upper = level.trimmed().toUpper();
    if (!compatibilityLevels().contains(upper)) {
        *error = QStringLiteral("'%1' is not a compatibility level (%2)")
                     .arg(level, compatibilityLevels().join(QLatin1String(", ")));
        return false;
    }
    const QString what = subject.isEmpty()
        ? QStringLiteral("setting the global compatibility level to %1").arg(upper)
        : QStringLiteral("setting the compatibility level of subject %1 to %2").arg(subject, upper);
    const json body = { { "compatibility", upper.toStdString() } };
    return answered(m_connection,
        registryRequest(m_connection, "PUT",
            subject.isEmpty() ? QStringLiteral("/config") : QStringLiteral("/config/%1").arg(encoded(subject)),
            body.dump()),
        what, error)
        .has_value();
}

std::optional<CompatibilityVerdict> RegistryAdminClient::checkCompatibility(const QString& subject, int version,
    SchemaType type, const QString& text, const QList<SchemaReference>& references, QString* error)
{
    const QString what
        = QStringLiteral("checking compatibility with version %1 of subject %2").arg(versionWord(version), subject);
    const auto j = answered(m_connection,
        registryRequest(m_connection, "POST",
            QStringLiteral("/compatibility/subjects/%1/versions/%2?verbose=true")
                .arg(encoded(subject), versionWord(version)),
            schemaBody(type, text, references).dump()),
        what, error);
    if (!j)
        return std::nullopt;
    if (!j->is_object() || !j->contains("is_compatible") || !(*j)["is_compatible"].is_boolean()) {
        *error = QStringLiteral("%1: the schema registry answered without a verdict: %2")
                     .arg(what, QString::fromStdString(j->dump()).left(200));
        return std::nullopt;
    }
    CompatibilityVerdict v;
    v.compatible = (*j)["is_compatible"].get<bool>();
    if (j->contains("reason") && (*j)["reason"].is_string()) // Apicurio
        v.reasons.append(QString::fromStdString((*j)["reason"].get<std::string>()));
    if (j->contains("messages") && (*j)["messages"].is_array()) // Confluent
        for (const json& m : (*j)["messages"])
            v.reasons.append(QString::fromStdString(m.is_string() ? m.get<std::string>() : m.dump()));
    return v;
}

std::optional<RegisteredSchema> RegistryAdminClient::registerSchema(const QString& subject, SchemaType type,
    const QString& text, const QList<SchemaReference>& references, QString* error)
{
    const std::string body = schemaBody(type, text, references).dump();
    const QString what = QStringLiteral("registering a new version of subject %1").arg(subject);
    const auto j = answered(m_connection,
        registryRequest(m_connection, "POST", QStringLiteral("/subjects/%1/versions").arg(encoded(subject)), body),
        what, error);
    if (!j)
        return std::nullopt;
    if (!j->is_object() || !j->contains("id") || !(*j)["id"].is_number_integer()) {
        *error = QStringLiteral("%1: the schema registry answered without an id: %2")
                     .arg(what, QString::fromStdString(j->dump()).left(200));
        return std::nullopt;
    }
    RegisteredSchema s;
    s.id = (*j)["id"].get<int32_t>();
    s.type = type;
    s.text = text;
    s.references = references;
    s.subject = subject;
    // The version it became: the registry's lookup of the same schema under the subject.
    QString lookupError;
    const auto found = answered(m_connection,
        registryRequest(m_connection, "POST", QStringLiteral("/subjects/%1").arg(encoded(subject)), body),
        QStringLiteral("looking up the registered schema"), &lookupError);
    if (found && found->is_object() && found->contains("version") && (*found)["version"].is_number_integer())
        s.version = (*found)["version"].get<int>();
    return s;
}

std::optional<int> RegistryAdminClient::deleteVersion(
    const QString& subject, int version, bool permanent, QString* error)
{
    const QString what
        = QStringLiteral("deleting version %1 of subject %2%3")
              .arg(versionWord(version), subject, permanent ? QStringLiteral(" permanently") : QString());
    const auto j = answered(m_connection,
        registryRequest(m_connection, "DELETE",
            QStringLiteral("/subjects/%1/versions/%2%3")
                .arg(
                    encoded(subject), versionWord(version), permanent ? QStringLiteral("?permanent=true") : QString())),
        what, error);
    if (!j)
        return std::nullopt;
    if (!j->is_number_integer()) {
        *error = QStringLiteral("%1: the schema registry answered %2, not a version")
                     .arg(what, QString::fromStdString(j->dump()).left(200));
        return std::nullopt;
    }
    return j->get<int>();
}

std::optional<QList<int>> RegistryAdminClient::deleteSubject(const QString& subject, bool permanent, QString* error)
{
    const QString what
        = QStringLiteral("deleting subject %1%2").arg(subject, permanent ? QStringLiteral(" permanently") : QString());
    const auto j = answered(m_connection,
        registryRequest(m_connection, "DELETE",
            QStringLiteral("/subjects/%1%2")
                .arg(encoded(subject), permanent ? QStringLiteral("?permanent=true") : QString())),
        what, error);
    return j ? intList(*j, what, error) : std::nullopt;
}

} // namespace kafkalab::schemas
