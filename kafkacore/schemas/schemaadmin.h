#pragma once

// SchemaAdmin: the GUI's handle on a schema registry's subjects, versions and compatibility levels (list, read,
// compare two versions, check a candidate, register, delete, set a level). It owns a WorkerThread whose worker holds
// a RegistryAdminClient; each operation is queued there (blocking HTTP off the GUI thread) and answers with a signal
// of this object, on its thread. Nothing here waits: cancel() and the destructor retire the worker, and an operation
// under way finishes on its own thread, its answer dropped.

#include "kafkacore/client/workerthread.h"
#include "kafkacore/schemas/linediff.h"
#include "kafkacore/schemas/registryadmin.h"

#include <QObject>

#include <functional>
#include <memory>

namespace kafkalab {

class SchemaAdminWorker;

struct SubjectsResult {
    QStringList subjects;
    QString globalLevel; // empty when it could not be read (error says why)
    QString error;
};
struct SubjectResult {
    QString subject;
    QList<int> versions;
    QList<int> deletedVersions; // soft-deleted (listed with ?deleted=true only)
    QString level; // the subject's level as the registry answers it
    QString error;
};
struct SchemaVersionResult {
    QString subject;
    int version = -1;
    schemas::RegisteredSchema schema;
    QString readable; // schemas::readableSchema's text
    QString note; // how it was made readable, when it was
    QString error;
};
struct SchemaDiffResult {
    QString subject;
    int oldVersion = -1;
    int newVersion = -1;
    QList<schemas::DiffLine> lines; // between the readable texts
    QString error;
};
struct CompatibilityResult {
    QString subject;
    int version = -1; // against which (-1: latest)
    schemas::CompatibilityVerdict verdict;
    QString error;
};
struct RegisterResult {
    QString subject;
    schemas::RegisteredSchema schema; // id and version as registered
    QString error;
};
struct SchemaDeleteResult {
    QString subject;
    int version = -1; // -1: the whole subject
    bool permanent = false;
    QList<int> deleted; // the versions the registry says it deleted
    QString error;
};
struct LevelResult {
    QString subject; // empty: global
    QString level;
    QString error;
};

class SchemaAdmin : public QObject {
    Q_OBJECT
public:
    explicit SchemaAdmin(schemas::RegistryConnection connection, QObject* parent = nullptr);
    ~SchemaAdmin() override; // retires the worker; never waits

    const schemas::RegistryConnection& connection() const { return m_connection; }

    void listSubjects(); // with the global level
    void readSubject(const QString& subject); // versions, soft-deleted versions, level
    void readVersion(const QString& subject, int version);
    void compareVersions(const QString& subject, int oldVersion, int newVersion);
    void checkCompatibility(const QString& subject, int version, schemas::SchemaType type, const QString& text,
        const QList<schemas::SchemaReference>& references);
    void registerSchema(const QString& subject, schemas::SchemaType type, const QString& text,
        const QList<schemas::SchemaReference>& references);
    void deleteVersion(const QString& subject, int version, bool permanent);
    void deleteSubject(const QString& subject, bool permanent);
    void setLevel(const QString& subject, const QString& level); // subject empty: the global level

    void cancel();
    int pending() const { return m_pending; }

    using Answer = std::function<void(SchemaAdmin*)>;

Q_SIGNALS:
    void subjectsListed(kafkalab::SubjectsResult result);
    void subjectRead(kafkalab::SubjectResult result);
    void versionRead(kafkalab::SchemaVersionResult result);
    void versionsCompared(kafkalab::SchemaDiffResult result);
    void compatibilityChecked(kafkalab::CompatibilityResult result);
    void registered(kafkalab::RegisterResult result);
    void deleted(kafkalab::SchemaDeleteResult result);
    void levelSet(kafkalab::LevelResult result);

private:
    void run(std::function<Answer(schemas::RegistryAdminClient&)> job);

    schemas::RegistryConnection m_connection;
    std::unique_ptr<WorkerThread> m_thread;
    SchemaAdminWorker* m_worker = nullptr;
    int m_pending = 0;
};

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::SchemaAdmin::Answer)
