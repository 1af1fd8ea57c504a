#pragma once

// Writing through a schema registry: the Publish tab's handle on the registry (subjects, versions, the chosen
// schema of the key and of the value, compiled), and the checks its editors and the generator share with
// `kafkalab-cli produce --value-subject`.

#include "kafkacore/client/workerthread.h"
#include "kafkacore/produce/valuetemplate.h"
#include "kafkacore/schemas/schemadecoder.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace kafkalab {

// A typed JSON value against a schema: `encoded` (the wire-format bytes) when it fits, else `problem`: a JSON
// syntax error with its line and column ("line 3, column 14: ..."), or the encoder's words with the path of the
// value that does not fit ("the value does not fit the Avro schema: customer.address.zip: an integer expected, not
// \"x\" (schema id 7, version 2 of orders-value)").
struct SchemaValueCheck {
    std::optional<QByteArray> encoded;
    QString problem;
    bool ok() const { return encoded.has_value(); }
};
SchemaValueCheck checkSchemaValue(const schemas::SchemaEncoder& encoder, const QByteArray& text);

// Encodes every rendering of a JSON value template with `encoder`, and renders one value now: false, with `error`
// ("the template's first value does not fit: ...: PATH: REASON"), when it does not fit, so that a run is refused
// before it starts (a later value that stops fitting stops the run: ProducerWorker). produce --value-subject and the
// Publish tab's generator.
bool encodeTemplateWith(ValueTemplate* values, std::shared_ptr<const schemas::SchemaEncoder> encoder, QString* error);

// A value of the schema to start from (SchemaEncoder::skeleton()): indented, or on one line (`compact`) for the
// generator's template.
std::optional<QByteArray> templateFromSchema(const schemas::SchemaEncoder& encoder, bool compact, QString* error);

// The handle (GUI thread): every registry call runs on a one-shot thread (WorkerThread::runDetached); answers come
// back as signals on this object's thread, never after it is gone, and an answer overtaken by a newer request for
// the same thing is dropped. The compiled encoders are shared with the producer's thread (encode() is const).
class PublishSchemas : public QObject {
    Q_OBJECT
public:
    enum class Role { Key, Value };
    Q_ENUM(Role)

    explicit PublishSchemas(QObject* parent = nullptr);
    ~PublishSchemas() override;

    // The profile's registry (an empty URL: none). Forgets the chosen schemas.
    void setRegistry(const schemas::RegistryConnection& registry);
    bool hasRegistry() const { return !m_connection.url.isEmpty(); }
    const schemas::RegistryConnection& registry() const { return m_connection; }

    // GET /subjects; subjectsListed() follows.
    void listSubjects();
    // GET /subjects/S/versions; versionsListed() follows.
    void listVersions(const QString& subject);
    // Fetches version `version` (-1: the latest) of `subject` and compiles it for `role`; schemaChosen() follows.
    // An empty subject forgets the role's schema at once (schemaChosen() with no error).
    void choose(Role role, const QString& subject, int version);
    // The role's compiled schema; null while none is chosen, while it loads, or when it failed.
    std::shared_ptr<const schemas::SchemaEncoder> encoder(Role role) const;
    bool loading(Role role) const { return m_roles[int(role)].loading; }
    // Why the role's last choice failed; empty otherwise.
    QString error(Role role) const { return m_roles[int(role)].error; }

Q_SIGNALS:
    void subjectsListed(QStringList subjects, QString error);
    void versionsListed(QString subject, QList<int> versions, QString error);
    void schemaChosen(kafkalab::PublishSchemas::Role role, QString error);

private:
    // `fn` on the application's main thread (where the handle lives) later, unless `alive`'s owner is gone by then;
    // any thread may call it (it touches no handle).
    static void deliver(const std::weak_ptr<int>& alive, std::function<void()> fn);

    struct RoleState {
        std::shared_ptr<const schemas::SchemaEncoder> encoder;
        int generation = 0;
        bool loading = false;
        QString error;
    };
    schemas::RegistryConnection m_connection;
    std::shared_ptr<schemas::SchemaRegistryClient> m_registry;
    RoleState m_roles[2];
    int m_subjectsGeneration = 0;
    StopToken m_stop; // requested when the handle goes: a job still waiting for HTTP drops its answer
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

} // namespace kafkalab
