#include "kafkacore/produce/publishschemas.h"

#include "kafkacore/common/jsontext.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <nlohmann/json.hpp>

#include <random>

namespace kafkalab {

SchemaValueCheck checkSchemaValue(const schemas::SchemaEncoder& encoder, const QByteArray& text)
{
    SchemaValueCheck c;
    if (text.trimmed().isEmpty()) {
        c.problem = QStringLiteral("empty: type the value as JSON");
        return c;
    }
    const JsonCheck syntax = checkJson(text);
    if (!syntax.ok) {
        c.problem = QStringLiteral("invalid JSON at %1").arg(syntax.describe());
        return c;
    }
    QString why;
    QStringList where;
    c.encoded = encoder.encode(text, &why, {}, &where);
    if (!c.encoded) {
        const schemas::RegisteredSchema& schema = encoder.schema();
        // Where the value that does not fit starts in the text (the encoder gives its path; a missing field is
        // placed at its object).
        const JsonPosition at = locateJsonPath(text, where);
        if (at.line > 0)
            why = QStringLiteral("line %1, column %2: %3").arg(at.line).arg(at.column).arg(why);
        c.problem
            = QStringLiteral("%1 (schema id %2, %3)")
                  .arg(why, QString::number(schema.id),
                      schema.subject.isEmpty()
                          ? schemas::schemaTypeName(schema.type)
                          : QStringLiteral("version %1 of %2").arg(QString::number(schema.version), schema.subject));
    }
    return c;
}

bool encodeTemplateWith(ValueTemplate* values, std::shared_ptr<const schemas::SchemaEncoder> encoder, QString* error)
{
    values->setEncoder(
        [encoder = std::move(encoder)](const QByteArray& json, QString* why) { return encoder->encode(json, why); });
    std::mt19937_64 rng(1);
    if (values->render(0, "key-0", false, rng).empty() && !values->error().isEmpty()) {
        *error = QStringLiteral("the template's first value does not fit: %1").arg(values->error());
        return false;
    }
    return true;
}

std::optional<QByteArray> templateFromSchema(const schemas::SchemaEncoder& encoder, bool compact, QString* error)
{
    auto text = encoder.skeleton(error);
    if (!text || !compact)
        return text;
    const auto value = nlohmann::ordered_json::parse(text->constBegin(), text->constEnd(), nullptr, false);
    if (value.is_discarded())
        return text;
    return QByteArray::fromStdString(value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

PublishSchemas::PublishSchemas(QObject* parent)
    : QObject(parent)
{
}

PublishSchemas::~PublishSchemas()
{
    m_stop.requestStop();
}

void PublishSchemas::deliver(const std::weak_ptr<int>& alive, std::function<void()> fn)
{
    QCoreApplication* app = QCoreApplication::instance();
    if (!app)
        return;
    QMetaObject::invokeMethod(
        app,
        [alive, fn = std::move(fn)] {
            if (alive.lock())
                fn();
        },
        Qt::QueuedConnection);
}

void PublishSchemas::setRegistry(const schemas::RegistryConnection& registry)
{
    m_connection = registry;
    m_registry = registry.url.isEmpty() ? nullptr : std::make_shared<schemas::SchemaRegistryClient>(registry);
    ++m_subjectsGeneration;
    for (RoleState& r : m_roles) {
        ++r.generation;
        r = RoleState { nullptr, r.generation, false, QString() };
    }
}

void PublishSchemas::listSubjects()
{
    const int generation = ++m_subjectsGeneration;
    if (!m_registry) {
        deliver(m_alive,
            [this] { Q_EMIT subjectsListed({}, tr("no schema registry: add one to the connection profile")); });
        return;
    }
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-subjects"),
        [this, alive = std::weak_ptr<int>(m_alive), registry = m_registry, generation](const StopToken& stop) {
            QString error;
            const auto subjects = registry->listSubjects(&error);
            if (stop.stopRequested())
                return;
            deliver(alive, [this, generation, list = subjects.value_or(QStringList()), error] {
                if (generation == m_subjectsGeneration)
                    Q_EMIT subjectsListed(list, error);
            });
        },
        m_stop);
}

void PublishSchemas::listVersions(const QString& subject)
{
    if (!m_registry || subject.isEmpty()) {
        deliver(m_alive, [this, subject] { Q_EMIT versionsListed(subject, {}, QString()); });
        return;
    }
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-versions"),
        [this, alive = std::weak_ptr<int>(m_alive), registry = m_registry, subject](const StopToken& stop) {
            QString error;
            const auto versions = registry->listVersions(subject, &error);
            if (stop.stopRequested())
                return;
            deliver(alive, [this, subject, list = versions.value_or(QList<int>()), error] {
                Q_EMIT versionsListed(subject, list, error); // the receivers pick their subject's
            });
        },
        m_stop);
}

void PublishSchemas::choose(Role role, const QString& subject, int version)
{
    RoleState& r = m_roles[int(role)];
    const int generation = ++r.generation;
    r.encoder.reset();
    r.error.clear();
    r.loading = !subject.isEmpty() && m_registry;
    if (subject.isEmpty() || !m_registry) {
        if (!subject.isEmpty())
            r.error = tr("no schema registry: add one to the connection profile");
        deliver(m_alive, [this, role, generation] {
            if (generation == m_roles[int(role)].generation)
                Q_EMIT schemaChosen(role, m_roles[int(role)].error);
        });
        return;
    }
    WorkerThread::runDetached(
        QStringLiteral("kafkalab-schema"),
        [this, alive = std::weak_ptr<int>(m_alive), registry = m_registry, role, subject, version, generation](
            const StopToken& stop) {
            QString error;
            auto encoder = schemas::SchemaEncoder::forSubject(*registry, subject, version, &error);
            if (stop.stopRequested())
                return;
            deliver(alive, [this, role, generation, encoder = std::move(encoder), error] {
                RoleState& state = m_roles[int(role)];
                if (generation != state.generation)
                    return;
                state.loading = false;
                state.encoder = encoder;
                state.error = error;
                Q_EMIT schemaChosen(role, error);
            });
        },
        m_stop);
}

std::shared_ptr<const schemas::SchemaEncoder> PublishSchemas::encoder(Role role) const
{
    return m_roles[int(role)].encoder;
}

} // namespace kafkalab
