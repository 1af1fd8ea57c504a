#include "kafkacore/client/clientfactory.h"

#include <QElapsedTimer>

#include <algorithm>

#include <openssl/crypto.h>

namespace kafkalab {

QString kafkaErrorText(rd_kafka_resp_err_t err, const QString& reason)
{
    const QString name = QString::fromLatin1(rd_kafka_err2name(err));
    const QString text = reason.isEmpty() ? QString::fromUtf8(rd_kafka_err2str(err)) : reason;
    return QStringLiteral("%1 (%2)").arg(text, name);
}

static QList<PropertyProblem> applyAll(rd_kafka_conf_t* conf, const QList<ClientProperty>& properties)
{
    QList<PropertyProblem> problems;
    for (const ClientProperty& p : properties) {
        char err[512] = {};
        const QByteArray key = p.key.toUtf8();
        const QByteArray value = p.value.toUtf8();
        const rd_kafka_conf_res_t res = rd_kafka_conf_set(conf, key.constData(), value.constData(), err, sizeof err);
        if (res == RD_KAFKA_CONF_OK)
            continue;
        QString message = QString::fromUtf8(err);
        if (res == RD_KAFKA_CONF_UNKNOWN)
            message = QStringLiteral("unknown property '%1' (librdkafka %2)")
                          .arg(p.key, QString::fromLatin1(rd_kafka_version_str()));
        else if (p.secret)
            message = QStringLiteral("invalid value for '%1'").arg(p.key);
        problems.append({ p.line, p.field, p.key, message });
    }
    return problems;
}

QList<PropertyProblem> validateProperties(const QList<ClientProperty>& properties)
{
    ConfPtr conf(rd_kafka_conf_new());
    return applyAll(conf.get(), properties);
}

namespace {

// OpenSSL frees its global state in an atexit handler. A thread that made a client has OpenSSL state of its own
// (librdkafka seeds its random numbers from OpenSSL in every such thread), freed by a thread-exit handler that can
// still be running after QThread::wait() has returned — so at exit the two raced, and kafkalab-cli sometimes died in
// free() ("malloc_consolidate(): invalid chunk size", once in test_cli). Without the atexit clean-up OpenSSL's memory
// simply goes with the process. The first call into OpenSSL decides; this one runs before main().
[[maybe_unused]] const int kOpenSslWithoutAtExit = OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);

} // namespace

void quietLogsUnlessDebugging(rd_kafka_conf_t* conf)
{
    char debug[512] = {};
    size_t size = sizeof debug;
    if (rd_kafka_conf_get(conf, "debug", debug, &size) == RD_KAFKA_CONF_OK && debug[0] != '\0')
        return;
    rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int, const char*, const char*) {});
}

KafkaHandle newClient(const QList<ClientProperty>& properties, rd_kafka_type_t type, QString* error,
    const std::function<void(rd_kafka_conf_t*)>& tweak)
{
    QList<PropertyProblem> problems;
    ConfPtr conf = buildConf(properties, &problems);
    if (!conf) {
        *error = describeProblem(problems.first());
        return {};
    }
    quietLogsUnlessDebugging(conf.get());
    if (tweak)
        tweak(conf.get());
    char err[512];
    KafkaHandle rk(rd_kafka_new(type, conf.get(), err, sizeof err));
    if (!rk) {
        *error = QString::fromUtf8(err);
        return {};
    }
    static_cast<void>(conf.release()); // rd_kafka_new took it
    return rk;
}

ConfPtr buildConf(const QList<ClientProperty>& properties, QList<PropertyProblem>* problems)
{
    ConfPtr conf(rd_kafka_conf_new());
    QList<PropertyProblem> found = applyAll(conf.get(), properties);
    if (!found.isEmpty()) {
        if (problems)
            *problems = found;
        return nullptr;
    }
    return conf;
}

EventPtr awaitEvent(rd_kafka_queue_t* queue, int timeoutMs, const StopToken* stop)
{
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0 || (stop && stop->stopRequested()))
            return nullptr;
        if (EventPtr ev { rd_kafka_queue_poll(queue, int(std::min<qint64>(left, 200))) })
            return ev;
    }
}

QList<ClientProperty> withQuickFirstConnect(QList<ClientProperty> properties)
{
    properties.prepend(ClientProperty::of(QStringLiteral("reconnect.backoff.ms"), QStringLiteral("10")));
    return properties;
}

AdminOptionsPtr adminOptions(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeoutMs)
{
    AdminOptionsPtr o(rd_kafka_AdminOptions_new(rk, op));
    char err[256];
    rd_kafka_AdminOptions_set_request_timeout(o.get(), timeoutMs, err, sizeof err);
    return o;
}

QString eventErrorText(rd_kafka_event_t* ev)
{
    return kafkaErrorText(rd_kafka_event_error(ev), QString::fromUtf8(rd_kafka_event_error_string(ev)));
}

} // namespace kafkalab
