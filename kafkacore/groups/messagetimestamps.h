#pragma once

// Time lag: the timestamp of the message at each group's committed offset (the next one it will consume), read in a
// batch by one consumer of its own. Blocking: use it only on its worker's thread (the GroupsWorker's), where its
// consumer is made on first use.

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/client/workerthread.h"
#include "kafkacore/groups/grouptypes.h"

#include <map>
#include <tuple>

namespace kafkalab {

class MessageTimestamps {
public:
    explicit MessageTimestamps(QList<ClientProperty> properties);

    // Sets every partition's time lag in `groups` at `nowMs`: 0 where the group is caught up; otherwise now minus
    // the timestamp of the message at the committed offset, or unknown with the reason (nothing committed, the
    // message is gone: deleted or compacted, or not read within `budgetMs`). The messages are read by one consumer
    // (no group): every needed partition assigned at its lowest needed offset, read forward, sought ahead over
    // gaps, the first message of each needed offset taken; stops at `budgetMs` or once `stop` is requested. A
    // message's timestamp never changes, so what was read is kept for later refreshes.
    void fill(QList<GroupDescription>& groups, qint64 nowMs, int budgetMs, const StopToken* stop);

    int cached() const { return int(m_cache.size()); }

private:
    using Key = std::tuple<QString, int32_t, int64_t>;
    static constexpr int64_t Gone = -2; // the message at this offset is no longer in the log
    bool ensureConsumer(QString* error);
    void read(
        const std::map<std::pair<QString, int32_t>, std::vector<int64_t>>& needed, int budgetMs, const StopToken* stop);

    QList<ClientProperty> m_properties;
    KafkaHandle m_rk;
    std::map<Key, int64_t> m_cache; // timestamp (ms) of the message at an offset, or Gone
};

} // namespace kafkalab
