#include "kafkacore/schemas/schemaadmin.h"

#include "kafkacore/schemas/schematext.h"

#include <algorithm>

namespace kafkalab {

using namespace schemas;

// Lives on the handle's WorkerThread and holds the registry client.
class SchemaAdminWorker : public QObject {
    Q_OBJECT
public:
    SchemaAdminWorker(RegistryConnection connection, StopToken stop)
        : m_client(std::move(connection))
        , m_stop(std::move(stop))
    {
    }

    void execute(const std::function<SchemaAdmin::Answer(RegistryAdminClient&)>& job)
    {
        if (m_stop.stopRequested())
            return;
        SchemaAdmin::Answer answer = job(m_client);
        if (!m_stop.stopRequested())
            Q_EMIT answered(answer);
    }

Q_SIGNALS:
    void answered(kafkalab::SchemaAdmin::Answer answer);

private:
    RegistryAdminClient m_client;
    StopToken m_stop;
};

SchemaAdmin::SchemaAdmin(RegistryConnection connection, QObject* parent)
    : QObject(parent)
    , m_connection(std::move(connection))
{
    qRegisterMetaType<Answer>();
}

SchemaAdmin::~SchemaAdmin()
{
    cancel();
}

void SchemaAdmin::cancel()
{
    m_pending = 0;
    if (!m_thread)
        return;
    if (m_thread->isRunning())
        disconnect(m_worker, nullptr, this, nullptr);
    m_worker = nullptr;
    m_thread.reset();
}

void SchemaAdmin::run(std::function<Answer(RegistryAdminClient&)> job)
{
    if (!m_thread) {
        m_thread = std::make_unique<WorkerThread>(QStringLiteral("kafkalab-schema-admin"));
        m_worker = m_thread->adopt(new SchemaAdminWorker(m_connection, m_thread->stopToken()));
        connect(m_worker, &SchemaAdminWorker::answered, this, [this](const Answer& answer) {
            m_pending = std::max(0, m_pending - 1);
            answer(this);
        });
    }
    ++m_pending;
    m_thread->post(m_worker, [job = std::move(job)](SchemaAdminWorker* w) { w->execute(job); });
}

void SchemaAdmin::listSubjects()
{
    run([](RegistryAdminClient& c) -> Answer {
        SubjectsResult r;
        if (auto s = c.subjects(false, &r.error)) {
            r.subjects = *s;
            if (auto level = c.compatibility({}, &r.error))
                r.globalLevel = *level;
        }
        return [r](SchemaAdmin* a) { Q_EMIT a->subjectsListed(r); };
    });
}

void SchemaAdmin::readSubject(const QString& subject)
{
    run([subject](RegistryAdminClient& c) -> Answer {
        SubjectResult r;
        r.subject = subject;
        if (auto v = c.versions(subject, false, &r.error)) {
            r.versions = *v;
            if (auto all = c.versions(subject, true, &r.error))
                for (int version : *all)
                    if (!r.versions.contains(version))
                        r.deletedVersions.append(version);
            if (r.error.isEmpty())
                if (auto level = c.compatibility(subject, &r.error))
                    r.level = *level;
        }
        return [r](SchemaAdmin* a) { Q_EMIT a->subjectRead(r); };
    });
}

void SchemaAdmin::readVersion(const QString& subject, int version)
{
    run([subject, version](RegistryAdminClient& c) -> Answer {
        SchemaVersionResult r;
        r.subject = subject;
        r.version = version;
        if (auto s = c.version(subject, version, &r.error)) {
            r.schema = *s;
            const ReadableSchema readable = readableSchema(s->type, s->text);
            r.readable = readable.text;
            r.note = readable.note;
        }
        return [r](SchemaAdmin* a) { Q_EMIT a->versionRead(r); };
    });
}

void SchemaAdmin::compareVersions(const QString& subject, int oldVersion, int newVersion)
{
    run([subject, oldVersion, newVersion](RegistryAdminClient& c) -> Answer {
        SchemaDiffResult r;
        r.subject = subject;
        r.oldVersion = oldVersion;
        r.newVersion = newVersion;
        const auto older = c.version(subject, oldVersion, &r.error);
        const auto newer = older ? c.version(subject, newVersion, &r.error) : std::nullopt;
        if (older && newer)
            r.lines = diffTexts(
                readableSchema(older->type, older->text).text, readableSchema(newer->type, newer->text).text);
        return [r](SchemaAdmin* a) { Q_EMIT a->versionsCompared(r); };
    });
}

void SchemaAdmin::checkCompatibility(
    const QString& subject, int version, SchemaType type, const QString& text, const QList<SchemaReference>& references)
{
    run([=](RegistryAdminClient& c) -> Answer {
        CompatibilityResult r;
        r.subject = subject;
        r.version = version;
        if (auto v = c.checkCompatibility(subject, version, type, text, references, &r.error))
            r.verdict = *v;
        return [r](SchemaAdmin* a) { Q_EMIT a->compatibilityChecked(r); };
    });
}

void SchemaAdmin::registerSchema(
    const QString& subject, SchemaType type, const QString& text, const QList<SchemaReference>& references)
{
    run([=](RegistryAdminClient& c) -> Answer {
        RegisterResult r;
        r.subject = subject;
        if (auto s = c.registerSchema(subject, type, text, references, &r.error))
            r.schema = *s;
        return [r](SchemaAdmin* a) { Q_EMIT a->registered(r); };
    });
}

void SchemaAdmin::deleteVersion(const QString& subject, int version, bool permanent)
{
    run([=](RegistryAdminClient& c) -> Answer {
        SchemaDeleteResult r;
        r.subject = subject;
        r.version = version;
        r.permanent = permanent;
        if (auto v = c.deleteVersion(subject, version, permanent, &r.error))
            r.deleted = { *v };
        return [r](SchemaAdmin* a) { Q_EMIT a->deleted(r); };
    });
}

void SchemaAdmin::deleteSubject(const QString& subject, bool permanent)
{
    run([=](RegistryAdminClient& c) -> Answer {
        SchemaDeleteResult r;
        r.subject = subject;
        r.permanent = permanent;
        if (auto v = c.deleteSubject(subject, permanent, &r.error))
            r.deleted = *v;
        return [r](SchemaAdmin* a) { Q_EMIT a->deleted(r); };
    });
}

void SchemaAdmin::setLevel(const QString& subject, const QString& level)
{
    run([=](RegistryAdminClient& c) -> Answer {
        LevelResult r;
        r.subject = subject;
        if (c.setCompatibility(subject, level, &r.error)) {
            if (auto now = c.compatibility(subject, &r.error))
                r.level = *now; // as the registry now answers it
        }
        return [r](SchemaAdmin* a) { Q_EMIT a->levelSet(r); };
    });
}

} // namespace kafkalab

#include "schemaadmin.moc"
