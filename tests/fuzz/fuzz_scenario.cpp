// libFuzzer target: the scenario parser and validator (kafkacore/scenarios/scenario.*), fed the bytes of a
// scenario file.
#include "kafkacore/scenarios/scenario.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray json = QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString error;
    const std::optional<kafkalab::Scenario> scenario
        = kafkalab::parseScenario(json, QStringLiteral("fuzz.json"), &error);
    if (scenario) {
        for (const kafkalab::ScenarioStep& step : scenario->steps)
            (void)scenario->actor(step.actor);
    }
    return 0;
}
