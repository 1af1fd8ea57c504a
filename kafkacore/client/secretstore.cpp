#include "kafkacore/client/secretstore.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace kafkalab {

namespace {

const QString kService = QStringLiteral("kafkalab");
const QString kProbeKey = QStringLiteral("kafkalab/probe"); // never written: a read answers "not found"

SecretAnswer answerOf(const QKeychain::Job& job)
{
    SecretAnswer a;
    switch (job.error()) {
    case QKeychain::NoError:
        a.outcome = SecretAnswer::Outcome::Ok;
        break;
    case QKeychain::EntryNotFound:
        a.outcome = SecretAnswer::Outcome::NotFound;
        break;
    default:
        a.outcome = SecretAnswer::Outcome::Failed;
        a.error
            = job.errorString().isEmpty() ? QStringLiteral("the keychain failed without a reason") : job.errorString();
        break;
    }
    return a;
}

// Starts a job whose answer reaches `done` on the calling thread, unless `context` is gone by then.
void startJob(
    QKeychain::Job* job, const QString& key, QObject* context, const std::function<void(QKeychain::Job&)>& done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file instead
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [done](QKeychain::Job* j) { done(*j); });
    job->start();
}

// Runs `step` for each secret field in turn; a step calls its continuation with "" to go on or with an error to stop.
struct FieldRun {
    std::function<void(SecretField, const std::function<void(const QString&)>&)> step;
    std::function<void(const QString&)> finished;
    QList<SecretField> fields = allSecretFields();
    qsizetype index = 0;
};

void runFields(const std::shared_ptr<FieldRun>& run)
{
    if (run->index == run->fields.size()) {
        run->finished(QString());
        return;
    }
    run->step(run->fields[run->index], [run](const QString& error) {
        if (!error.isEmpty()) {
            run->finished(error);
            return;
        }
        ++run->index;
        runFields(run);
    });
}

void forEachField(std::function<void(SecretField, const std::function<void(const QString&)>&)> step,
    std::function<void(const QString&)> finished)
{
    auto run = std::make_shared<FieldRun>();
    run->step = std::move(step);
    run->finished = std::move(finished);
    runFields(run);
}

QString failure(const char* what, SecretField field, const QString& error)
{
    return QStringLiteral("could not %1 the %2 in the system keychain: %3")
        .arg(QLatin1String(what), secretFieldLabel(field), error);
}

} // namespace

QList<SecretField> allSecretFields()
{
    return { SecretField::Password, SecretField::KeyPassword, SecretField::RegistryPassword,
        SecretField::RegistryToken };
}

QString secretFieldName(SecretField field)
{
    switch (field) {
    case SecretField::Password:
        return QStringLiteral("password");
    case SecretField::KeyPassword:
        return QStringLiteral("key-password");
    case SecretField::RegistryPassword:
        return QStringLiteral("registry-password");
    case SecretField::RegistryToken:
        return QStringLiteral("registry-token");
    }
    return {};
}

QString secretFieldLabel(SecretField field)
{
    switch (field) {
    case SecretField::Password:
        return QStringLiteral("password");
    case SecretField::KeyPassword:
        return QStringLiteral("key passphrase");
    case SecretField::RegistryPassword:
        return QStringLiteral("registry password");
    case SecretField::RegistryToken:
        return QStringLiteral("registry token");
    }
    return {};
}

QString secretKey(const QString& profile, SecretField field)
{
    return profile + QLatin1Char('/') + secretFieldName(field);
}

QString& secretOf(ConnectionProfile& profile, SecretField field)
{
    switch (field) {
    case SecretField::KeyPassword:
        return profile.keyPassword;
    case SecretField::RegistryPassword:
        return profile.registryPassword;
    case SecretField::RegistryToken:
        return profile.registryToken;
    case SecretField::Password:
        break;
    }
    return profile.password;
}

QString secretOf(const ConnectionProfile& profile, SecretField field)
{
    switch (field) {
    case SecretField::KeyPassword:
        return profile.keyPassword;
    case SecretField::RegistryPassword:
        return profile.registryPassword;
    case SecretField::RegistryToken:
        return profile.registryToken;
    case SecretField::Password:
        break;
    }
    return profile.password;
}

void SecretStore::probe(QObject* context, const std::function<void(const QString&)>& done)
{
    const QString reason = unavailableReason();
    if (!reason.isEmpty()) {
        QTimer::singleShot(0, context, [done, reason] { done(reason); }); // answers later, like the keychain
        return;
    }
    read(kProbeKey, context,
        [done](const SecretAnswer& a) { done(a.outcome == SecretAnswer::Outcome::Failed ? a.error : QString()); });
}

KeychainSecretStore::KeychainSecretStore(QObject* parent)
    : SecretStore(parent)
{
}

QString KeychainSecretStore::unavailableReason() const
{
#if defined(Q_OS_LINUX)
    // Secret Service and KWallet are D-Bus services: without a session bus there is nobody to ask (and libdbus
    // would try to start a bus of its own).
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        if (runtime.isEmpty() || !QFileInfo::exists(runtime + QStringLiteral("/bus")))
            return QStringLiteral("no system keychain: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so "
                                  "no Secret Service or KWallet to keep secrets in");
    }
#endif
    return {};
}

void KeychainSecretStore::read(const QString& key, QObject* context, Done done)
{
    auto* job = new QKeychain::ReadPasswordJob(kService, this);
    startJob(job, key, context ? context : this, [done](QKeychain::Job& j) {
        SecretAnswer a = answerOf(j);
        if (a.ok())
            a.value = static_cast<QKeychain::ReadPasswordJob&>(j).textData();
        done(a);
    });
}

void KeychainSecretStore::write(const QString& key, const QString& secret, QObject* context, Done done)
{
    auto* job = new QKeychain::WritePasswordJob(kService, this);
    job->setTextData(secret);
    startJob(job, key, context ? context : this, [done](QKeychain::Job& j) { done(answerOf(j)); });
}

void KeychainSecretStore::remove(const QString& key, QObject* context, Done done)
{
    auto* job = new QKeychain::DeletePasswordJob(kService, this);
    startJob(job, key, context ? context : this, [done](QKeychain::Job& j) {
        SecretAnswer a = answerOf(j);
        if (a.outcome == SecretAnswer::Outcome::NotFound)
            a.outcome = SecretAnswer::Outcome::Ok; // already gone
        done(a);
    });
}

void saveProfileSecrets(SecretStore& store, const ConnectionProfile& profile, QObject* context,
    const std::function<void(const SecretsOutcome&)>& done)
{
    auto outcome = std::make_shared<SecretsOutcome>();
    QPointer<SecretStore> s(&store);
    forEachField(
        [s, profile, context, outcome](SecretField field, const std::function<void(const QString&)>& next) {
            if (!s)
                return next(QStringLiteral("the keychain is gone"));
            const QString key = secretKey(profile.name, field);
            const QString secret = secretOf(profile, field);
            if (secret.isEmpty()) {
                s->remove(key, context, [next, field](const SecretAnswer& a) {
                    next(a.ok() ? QString() : failure("remove", field, a.error));
                });
                return;
            }
            s->write(key, secret, context, [next, field, outcome](const SecretAnswer& a) {
                if (a.ok())
                    outcome->done.append(secretFieldLabel(field));
                next(a.ok() ? QString() : failure("save", field, a.error));
            });
        },
        [outcome, done](const QString& error) {
            outcome->error = error;
            done(*outcome);
        });
}

void loadProfileSecrets(SecretStore& store, const ConnectionProfile& profile, QObject* context,
    const std::function<void(const ConnectionProfile&, const SecretsOutcome&)>& done)
{
    auto loaded = std::make_shared<ConnectionProfile>(profile);
    auto outcome = std::make_shared<SecretsOutcome>();
    QPointer<SecretStore> s(&store);
    forEachField(
        [s, loaded, context, outcome](SecretField field, const std::function<void(const QString&)>& next) {
            if (!secretOf(*loaded, field).isEmpty())
                return next(QString()); // typed in: that one is used
            if (!s)
                return next(QStringLiteral("the keychain is gone"));
            s->read(secretKey(loaded->name, field), context, [next, field, loaded, outcome](const SecretAnswer& a) {
                if (a.ok()) {
                    secretOf(*loaded, field) = a.value;
                    outcome->done.append(secretFieldLabel(field));
                }
                next(a.outcome == SecretAnswer::Outcome::Failed ? failure("read", field, a.error) : QString());
            });
        },
        [loaded, outcome, done](const QString& error) {
            outcome->error = error;
            done(*loaded, *outcome);
        });
}

void deleteProfileSecrets(
    SecretStore& store, const QString& name, QObject* context, const std::function<void(const SecretsOutcome&)>& done)
{
    ConnectionProfile empty;
    empty.name = name;
    saveProfileSecrets(store, empty, context, done); // holds none: every key is removed
}

void moveProfileSecrets(SecretStore& store, const QString& from, const QString& to, QObject* context,
    const std::function<void(const SecretsOutcome&)>& done)
{
    auto outcome = std::make_shared<SecretsOutcome>();
    QPointer<SecretStore> s(&store);
    forEachField(
        [s, from, to, context, outcome](SecretField field, const std::function<void(const QString&)>& next) {
            if (!s)
                return next(QStringLiteral("the keychain is gone"));
            s->read(
                secretKey(from, field), context, [s, from, to, context, outcome, field, next](const SecretAnswer& a) {
                    if (a.outcome == SecretAnswer::Outcome::NotFound)
                        return next(QString());
                    if (!a.ok() || !s)
                        return next(failure("read", field, a.error));
                    s->write(secretKey(to, field), a.value, context,
                        [s, from, context, outcome, field, next](const SecretAnswer& w) {
                            if (!w.ok() || !s)
                                return next(failure("save", field, w.error));
                            outcome->done.append(secretFieldLabel(field));
                            s->remove(secretKey(from, field), context, [field, next](const SecretAnswer& r) {
                                next(r.ok() ? QString() : failure("remove", field, r.error));
                            });
                        });
                });
        },
        [outcome, done](const QString& error) {
            outcome->error = error;
            done(*outcome);
        });
}

SecretsOutcome waitForSecrets(const std::function<void(QObject*, std::function<void(const SecretsOutcome&)>)>& start)
{
    QObject context; // answers that come after the wait are dropped with it
    QEventLoop loop;
    SecretsOutcome result;
    bool finished = false;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&] {
        result.error = QStringLiteral("the system keychain did not answer within 30 s");
        loop.quit();
    });
    start(&context, [&](const SecretsOutcome& o) {
        result = o;
        finished = true;
        loop.quit();
    });
    if (!finished) {
        timeout.start(30000);
        loop.exec();
    }
    return result;
}

} // namespace kafkalab
