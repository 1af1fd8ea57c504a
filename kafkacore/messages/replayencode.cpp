#include "kafkacore/messages/replayencode.h"

#include "kafkacore/schemas/schemadecoder.h"

#include <algorithm>
#include <map>
#include <memory>

namespace kafkalab {

bool needsSchemaEncoding(const QList<ReplayMessage>& messages)
{
    return std::any_of(messages.cbegin(), messages.cend(),
        [](const ReplayMessage& m) { return m.keySchema.has_value() || m.valueSchema.has_value(); });
}

bool encodeSchemaValues(QList<ReplayMessage>* messages, schemas::SchemaRegistryClient* registry, QStringList* errors,
    const StopToken& stop, int maxErrors)
{
    if (!needsSchemaEncoding(*messages))
        return true;
    qsizetype failed = 0;
    const auto problem = [&](const ReplayMessage& m, const char* what, const QString& why) {
        if (++failed <= maxErrors)
            errors->append(QStringLiteral("line %1: %2: %3").arg(m.line).arg(QLatin1String(what), why));
    };
    if (!registry) {
        errors->append(QStringLiteral("keys or values in the file were exported decoded (they carry schema ids): "
                                      "replaying them needs a schema registry to encode them again"));
        return false;
    }
    // One fetch per schema id; an id that failed keeps its reason.
    std::map<int32_t, std::pair<std::shared_ptr<const schemas::SchemaEncoder>, QString>> encoders;
    const auto encode = [&](const SchemaJson& s, QString* why) -> std::optional<QByteArray> {
        auto it = encoders.find(s.schemaId);
        if (it == encoders.end()) {
            QString error;
            auto encoder = schemas::SchemaEncoder::forId(*registry, s.schemaId, &error);
            it = encoders.emplace(s.schemaId, std::make_pair(std::move(encoder), error)).first;
        }
        if (!it->second.first) {
            *why = it->second.second;
            return std::nullopt;
        }
        auto bytes = it->second.first->encode(s.json, why, s.messageType);
        if (!bytes)
            *why = QStringLiteral("no longer fits schema id %1: %2").arg(s.schemaId).arg(*why);
        return bytes;
    };
    for (ReplayMessage& m : *messages) {
        if (stop.stopRequested()) {
            errors->append(QStringLiteral("cancelled while encoding"));
            return false;
        }
        QString why;
        if (m.keySchema) {
            m.key = encode(*m.keySchema, &why);
            if (!m.key)
                problem(m, "key", why);
        }
        if (m.valueSchema) {
            m.value = encode(*m.valueSchema, &why);
            if (!m.value)
                problem(m, "value", why);
        }
    }
    if (failed > maxErrors)
        errors->append(QStringLiteral("… and %1 more").arg(failed - maxErrors));
    return failed == 0;
}

} // namespace kafkalab
