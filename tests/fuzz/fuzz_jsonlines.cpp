// libFuzzer target: the JSON Lines importer (kafkacore/messages/messageio.*). Each input line goes through
// parseJsonLine as replay reads it; a parsed message is written back with toJsonLine and read again, which must
// give the same key, value and headers.
#include "kafkacore/messages/messageio.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>

using kafkalab::ReplayMessage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    for (const QByteArray& line : input.split('\n')) {
        QString error;
        const std::optional<ReplayMessage> m = kafkalab::parseJsonLine(line, &error);
        if (!m)
            continue;
        const QByteArray* key = m->key ? &*m->key : nullptr;
        const QByteArray* value = m->value ? &*m->value : nullptr;
        const kafkalab::MessageRecord record
            = kafkalab::makeRecord(m->partition < 0 ? 0 : m->partition, 0, m->timestampMs,
                key ? key->constData() : nullptr, key ? int(key->size()) : 0, value ? value->constData() : nullptr,
                value ? int(value->size()) : 0, m->headers, std::numeric_limits<int>::max());
        const QByteArray written = kafkalab::toJsonLine(QStringLiteral("t"), record);
        const std::optional<ReplayMessage> again = kafkalab::parseJsonLine(written, &error);
        if (!again || again->key != m->key || again->value != m->value || again->headers.size() != m->headers.size())
            std::abort(); // what we write we must read back unchanged
        for (size_t i = 0; i < m->headers.size(); ++i) {
            const kafkalab::MessageHeader& a = m->headers[i];
            const kafkalab::MessageHeader& b = again->headers[i];
            if (a.name != b.name || a.isNull != b.isNull || (!a.isNull && a.value != b.value))
                std::abort();
        }
    }
    return 0;
}
