#pragma once

// The one HTTP client of kafkacore's schema-registry code (libcurl, synchronous: for worker threads and the CLI):
// SchemaRegistryClient's reads and RegistryAdminClient's administration both go through registryRequest().

#include "kafkacore/schemas/schemaregistry.h"

#include <QString>

#include <string>

namespace kafkalab::schemas {

struct RegistryAnswer {
    long status = 0;
    std::string body;
    QString transportError; // set when no HTTP answer came
};

// One HTTP request to the registry: `method` GET, POST, PUT or DELETE; `body` JSON (POST and PUT).
RegistryAnswer registryRequest(
    const RegistryConnection& c, const char* method, const QString& path, const std::string& body = {});

} // namespace kafkalab::schemas
