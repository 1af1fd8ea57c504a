#include "producertypes.h"

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

} // namespace kafkalab
