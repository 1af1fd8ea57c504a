#include "kafkacore/client/clientproperties.h"

#include <QStringList>

namespace kafkalab {

ParsedProperties parsePropertyLines(const QString& text)
{
    ParsedProperties parsed;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        const int lineNo = i + 1;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq < 0) {
            parsed.problems.append({ lineNo, {}, line, QStringLiteral("expected key=value, found no '='") });
            continue;
        }
        const QString key = line.left(eq).trimmed();
        if (key.isEmpty()) {
            parsed.problems.append({ lineNo, {}, key, QStringLiteral("the property name before '=' is empty") });
            continue;
        }
        ClientProperty property;
        property.key = key;
        property.value = line.mid(eq + 1).trimmed();
        property.line = lineNo;
        property.secret = key.contains(QLatin1String("password")) || key.contains(QLatin1String("secret"));
        parsed.properties.append(property);
    }
    return parsed;
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

KafkaHandle newClient(const QList<ClientProperty>& properties, rd_kafka_type_t type, QString* error,
    const std::function<void(rd_kafka_conf_t*)>& tweak)
{
    QList<PropertyProblem> problems;
    ConfPtr conf = buildConf(properties, &problems);
    if (!conf) {
        *error = describeProblem(problems.first());
        return {};
    }
    rd_kafka_conf_set_log_cb(conf.get(), [](const rd_kafka_t*, int, const char*, const char*) {});
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

QString describeProblem(const PropertyProblem& problem)
{
    if (problem.line > 0)
        return QStringLiteral("line %1: %2").arg(problem.line).arg(problem.message);
    if (!problem.field.isEmpty())
        return QStringLiteral("%1: %2").arg(problem.field, problem.message);
    return problem.message;
}

} // namespace kafkalab
