#pragma once

// The scenario engine's drill actors (scenariodrill.cpp, scenariodrillexpect.cpp): what a drill producer's or
// consumer's worker reported, in a locked record its direct connections fill on the worker's thread.

#include "kafkacore/scenarios/scenarioengine.h"

#include <QMutex>

#include <optional>

namespace kafkalab {

struct ScenarioEngine::Actor::Drill {
    struct Shared {
        QMutex mutex;
        DrillCounts counts; // the producer's or the consumer's
        bool started = false;
        QHash<int32_t, int64_t> start; // producer: the high watermarks before its first send
        bool finished = false; // producer: finished() (all in flight settled); consumer: its reader ended
        QString failure;
        QHash<QByteArray, QList<qint64>> acknowledged;
        bool readDone = false; // the ledger check's read
        QList<LedgerRecord> records;
        qint64 foreign = 0;
        QString readError;
    };
    std::shared_ptr<Shared> shared = std::make_shared<Shared>();
    StopToken finish;
    std::unique_ptr<WorkerThread> thread;
    bool running = false;
    bool closed = false;
    std::optional<LedgerReport> report;
};

namespace scenariodrill {

// "sent 1200, acknowledged 1180, failed 0, unknown 0, in flight 20; last error: ..." (or "read 1200")
QString countsWords(const DrillCounts& c, bool producer);

} // namespace scenariodrill

} // namespace kafkalab
