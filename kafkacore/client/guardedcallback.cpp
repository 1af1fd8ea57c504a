#include "kafkacore/client/guardedcallback.h"

#include <QDebug>

namespace kafkalab {

void logCallbackException(const char* where, const char* what) noexcept
{
    try {
        qCritical("kafkalab: exception in %s: %s", where, what);
    } catch (...) {
        // Logging itself failed (out of memory): nothing more can be done without unwinding into C code.
    }
}

} // namespace kafkalab
