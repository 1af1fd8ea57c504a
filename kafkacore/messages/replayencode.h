#pragma once

// The replay of a decoded export: keys and values written as JSON with their schema ids (ReplayMessage::keySchema,
// valueSchema) are encoded in the wire format again, each with the schema of its id (one registry fetch per id), so
// that the replayed bytes decode to the same JSON (for Avro the same bytes). All are encoded before anything is sent.

#include "kafkacore/client/workerthread.h"
#include "kafkacore/messages/messageio.h"
#include "kafkacore/schemas/schemaregistry.h"

#include <QList>
#include <QStringList>

namespace kafkalab {

// True when some message carries a key or value exported decoded.
bool needsSchemaEncoding(const QList<ReplayMessage>& messages);

// Encodes every key and value that carries a schema id. False when any cannot be encoded (no registry, a schema id
// the registry no longer has, a value that no longer fits the schema): `errors` then lists them ("line 7: value:
// schema id 12 does not exist ...", at most `maxErrors` of them, and how many more), and the caller sends nothing.
// Blocking (HTTP); for a worker's thread. Polls `stop`.
bool encodeSchemaValues(QList<ReplayMessage>* messages, schemas::SchemaRegistryClient* registry, QStringList* errors,
    const StopToken& stop = StopToken(), int maxErrors = 10);

} // namespace kafkalab
