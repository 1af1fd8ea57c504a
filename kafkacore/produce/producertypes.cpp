#include "kafkacore/produce/producertypes.h"

#include <QLocale>

namespace kafkalab {

QList<ClientProperty> ProducerSettings::toProperties() const
{
    QList<ClientProperty> props = connection;
    auto set = [&props](const char* key, const QString& value) {
        ClientProperty p = ClientProperty::of(QString::fromLatin1(key), value);
        p.field = QStringLiteral("producer option");
        props.append(p);
    };
    set("partitioner", partitioner);
    set("acks", acks);
    set("enable.idempotence", idempotence ? QStringLiteral("true") : QStringLiteral("false"));
    set("compression.codec", compression);
    set("linger.ms", QString::number(lingerMs));
    set("message.timeout.ms", QString::number(deliveryTimeoutMs));
    props.append(extra);
    return props;
}

QString BulkProgress::outcome(const QLocale& locale) const
{
    auto n = [&](uint64_t v) { return locale.toString(qulonglong(v)); };
    QString text
        = QStringLiteral("%1 sent, %2 delivered, %3 failed (not written)").arg(n(sent), n(delivered), n(failed));
    if (unknown > 0)
        text += QStringLiteral(", %1 unknown (in flight when %2: may have been written)")
                    .arg(n(unknown), cancelled ? QStringLiteral("cancelled") : QStringLiteral("they timed out"));
    if (topicGained >= 0 && (unknown > 0 || cancelled || failed > 0))
        text += QStringLiteral("; the topic gained %1 offsets during the run")
                    .arg(locale.toString(qlonglong(topicGained)));
    return text;
}

QString BulkProgress::latencyText(const QLocale& locale) const
{
    if (latencySamples == 0)
        return QStringLiteral("latency not measured (no delivery timed)");
    return QStringLiteral("latency avg %1 ms, max %2 ms (%3 of %4 deliveries timed)")
        .arg(QString::number(avgLatencyMs, 'f', 1), QString::number(maxLatencyMs, 'f', 1),
            locale.toString(qulonglong(latencySamples)), locale.toString(qulonglong(delivered)));
}

} // namespace kafkalab
