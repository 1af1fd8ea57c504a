#include "kafkacore/schemas/schemaregistry.h"
#include "kafkacore/schemas/registryhttp_p.h"

#include <QDateTime>
#include <QUrl>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <mutex>

namespace kafkalab::schemas {

using json = nlohmann::json;

namespace {

std::optional<SchemaType> typeFromName(const std::string& name)
{
    if (name.empty() || name == "AVRO")
        return SchemaType::Avro; // the registry leaves schemaType out for Avro
    if (name == "PROTOBUF")
        return SchemaType::Protobuf;
    if (name == "JSON")
        return SchemaType::Json;
    return std::nullopt;
}

// The registry's own message in an error answer ({"error_code": 40403, "message": "..."}), if it has one.
QString registryMessage(const std::string& body)
{
    const json j = json::parse(body, nullptr, false);
    if (j.is_object() && j.contains("message") && j["message"].is_string())
        return QString::fromStdString(j["message"].get<std::string>());
    return QString::fromStdString(body.substr(0, 200)).trimmed();
}

} // namespace

SchemaRegistryClient::SchemaRegistryClient(RegistryConnection connection)
    : m_connection(std::move(connection))
{
}

std::optional<std::string> SchemaRegistryClient::getBody(const QString& path, const QString& what, QString* error)
{
    {
        QMutexLocker lock(&m_mutex);
        if (QDateTime::currentMSecsSinceEpoch() < m_downUntilMs) {
            *error = m_downReason;
            return std::nullopt;
        }
    }
    RegistryAnswer a = registryRequest(m_connection, "GET", path);
    if (!a.transportError.isEmpty()) {
        *error
            = QStringLiteral("the schema registry at %1 cannot be reached: %2").arg(m_connection.url, a.transportError);
        QMutexLocker lock(&m_mutex);
        m_downUntilMs = QDateTime::currentMSecsSinceEpoch() + 5000;
        m_downReason = *error;
        return std::nullopt;
    }
    if (a.status == 401 || a.status == 403) {
        *error = QStringLiteral("the schema registry at %1 refused %2 (HTTP %3: %4): check the user and password or "
                                "token")
                     .arg(m_connection.url, what)
                     .arg(a.status)
                     .arg(registryMessage(a.body));
        return std::nullopt;
    }
    if (a.status == 404) {
        *error = QStringLiteral("%1 does not exist in the schema registry at %2 (%3)")
                     .arg(what, m_connection.url, registryMessage(a.body));
        return std::nullopt;
    }
    if (a.status != 200) {
        *error = QStringLiteral("the schema registry at %1 answered HTTP %2 for %3: %4")
                     .arg(m_connection.url)
                     .arg(a.status)
                     .arg(what, registryMessage(a.body));
        return std::nullopt;
    }
    return std::move(a.body);
}

std::optional<RegisteredSchema> SchemaRegistryClient::get(const QString& path, const QString& what, QString* error)
{
    const std::optional<std::string> body = getBody(path, what, error);
    if (!body)
        return std::nullopt;
    const json j = json::parse(*body, nullptr, false);
    if (!j.is_object() || !j.contains("schema") || !j["schema"].is_string()) {
        *error = QStringLiteral("the schema registry at %1 answered %2 without a schema: %3")
                     .arg(m_connection.url, what, QString::fromStdString(body->substr(0, 200)));
        return std::nullopt;
    }
    RegisteredSchema s;
    const std::string typeName = j.value("schemaType", std::string());
    const auto type = typeFromName(typeName);
    if (!type) {
        *error = QStringLiteral("%1 has the schema type %2, which kafkalab does not know (AVRO, PROTOBUF, JSON)")
                     .arg(what, QString::fromStdString(typeName));
        return std::nullopt;
    }
    s.type = *type;
    s.text = QString::fromStdString(j["schema"].get<std::string>());
    if (j.contains("id") && j["id"].is_number_integer())
        s.id = j["id"].get<int32_t>();
    if (j.contains("subject") && j["subject"].is_string())
        s.subject = QString::fromStdString(j["subject"].get<std::string>());
    if (j.contains("version") && j["version"].is_number_integer())
        s.version = j["version"].get<int>();
    if (j.contains("references") && j["references"].is_array())
        for (const json& r : j["references"]) {
            if (!r.is_object())
                continue;
            s.references.append({ QString::fromStdString(r.value("name", std::string())),
                QString::fromStdString(r.value("subject", std::string())), r.value("version", -1) });
        }
    return s;
}

std::optional<RegisteredSchema> SchemaRegistryClient::schemaById(int32_t id, QString* error)
{
    {
        QMutexLocker lock(&m_mutex);
        if (auto it = m_byId.find(id); it != m_byId.end()) {
            if (!it->second.first)
                *error = it->second.second;
            return it->second.first;
        }
    }
    QString why;
    auto s = get(QStringLiteral("/schemas/ids/%1").arg(id), QStringLiteral("schema id %1").arg(id), &why);
    if (s) {
        s->id = id;
        // The subject and version it was registered under (GET /schemas/ids/{id}/versions, Confluent and Apicurio):
        // for the browser's detail only, so a registry that does not answer it leaves them unknown.
        const RegistryAnswer a
            = registryRequest(m_connection, "GET", QStringLiteral("/schemas/ids/%1/versions").arg(id));
        const json j = a.status == 200 ? json::parse(a.body, nullptr, false) : json();
        if (j.is_array() && !j.empty() && j[0].is_object()) {
            const json& first = j[0];
            if (first.contains("subject") && first["subject"].is_string())
                s->subject = QString::fromStdString(first["subject"].get<std::string>());
            if (first.contains("version") && first["version"].is_number_integer())
                s->version = first["version"].get<int>();
        }
    }
    const bool answered = s || why.contains(QLatin1String("does not exist"));
    if (answered) {
        QMutexLocker lock(&m_mutex);
        m_byId[id] = { s, why };
    }
    if (!s)
        *error = why;
    return s;
}

std::optional<RegisteredSchema> SchemaRegistryClient::schemaBySubject(
    const QString& subject, int version, QString* error)
{
    if (version > 0) {
        QMutexLocker lock(&m_mutex);
        if (auto it = m_byVersion.find({ subject, version }); it != m_byVersion.end())
            return it->second;
    }
    const QString v = version > 0 ? QString::number(version) : QStringLiteral("latest");
    auto s
        = get(QStringLiteral("/subjects/%1/versions/%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(subject)), v),
            QStringLiteral("version %1 of subject %2").arg(v, subject), error);
    if (s) {
        if (s->subject.isEmpty())
            s->subject = subject;
        if (s->version > 0) {
            QMutexLocker lock(&m_mutex);
            m_byVersion[{ subject, s->version }] = *s;
        }
    }
    return s;
}

std::optional<QStringList> SchemaRegistryClient::listSubjects(QString* error)
{
    const QString what = QStringLiteral("the list of subjects");
    const auto body = getBody(QStringLiteral("/subjects"), what, error);
    if (!body)
        return std::nullopt;
    const json j = json::parse(*body, nullptr, false);
    if (!j.is_array()) {
        *error = QStringLiteral("the schema registry at %1 answered %2 with something else than a list: %3")
                     .arg(m_connection.url, what, QString::fromStdString(body->substr(0, 200)));
        return std::nullopt;
    }
    QStringList subjects;
    for (const json& s : j)
        if (s.is_string())
            subjects.append(QString::fromStdString(s.get<std::string>()));
    subjects.sort();
    return subjects;
}

std::optional<QList<int>> SchemaRegistryClient::listVersions(const QString& subject, QString* error)
{
    const QString what = QStringLiteral("subject %1").arg(subject);
    const auto body
        = getBody(QStringLiteral("/subjects/%1/versions").arg(QString::fromLatin1(QUrl::toPercentEncoding(subject))),
            what, error);
    if (!body)
        return std::nullopt;
    const json j = json::parse(*body, nullptr, false);
    if (!j.is_array()) {
        *error = QStringLiteral("the schema registry at %1 answered the versions of %2 with something else than a "
                                "list: %3")
                     .arg(m_connection.url, what, QString::fromStdString(body->substr(0, 200)));
        return std::nullopt;
    }
    QList<int> versions;
    for (const json& v : j)
        if (v.is_number_integer())
            versions.append(v.get<int>());
    std::sort(versions.begin(), versions.end());
    return versions;
}

} // namespace kafkalab::schemas
