#pragma once

// Every function librdkafka calls back into (delivery reports, rebalances, errors, logs) goes through guarded():
// an exception must never unwind into librdkafka's C code, and one that is caught is logged, never swallowed.

#include <QtGlobal>

#include <exception>
#include <type_traits>

namespace kafkalab {

void logCallbackException(const char* where, const char* what) noexcept;

// Runs `body` and returns its result; if it throws, logs where and what, and returns `fallback`.
template <class F, class R = std::invoke_result_t<F>>
auto guarded(const char* where, F&& body, R fallback = R()) noexcept -> R
{
    try {
        return body();
    } catch (const std::exception& e) {
        logCallbackException(where, e.what());
    } catch (...) {
        logCallbackException(where, "unknown exception");
    }
    return fallback;
}

template <class F>
requires std::is_void_v<std::invoke_result_t<F>>
void guarded(const char* where, F&& body) noexcept
{
    try {
        body();
    } catch (const std::exception& e) {
        logCallbackException(where, e.what());
    } catch (...) {
        logCallbackException(where, "unknown exception");
    }
}

} // namespace kafkalab
