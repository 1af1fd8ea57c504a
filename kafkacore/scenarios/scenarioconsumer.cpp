// The scenario engine's consumer steps: poll, process, commit, restart, and what happened to every message a
// consumer in a group was given (the offset lessons).
#include "kafkacore/scenarios/scenarioengine.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/groups/groupadmin.h"

#include <QElapsedTimer>

namespace kafkalab {

namespace {

QString partitionKey(const QString& topic, int32_t partition)
{
    return QStringLiteral("%1[%2]").arg(topic).arg(partition);
}

} // namespace

QString MessageFate::fate() const
{
    if (lost())
        return QStringLiteral("lost");
    if (committed && processed > 0)
        return QStringLiteral("committed");
    if (lastFailed)
        return QStringLiteral("failed");
    if (processed > 0)
        return QStringLiteral("processed");
    return committed ? QStringLiteral("delivered, offset already committed") : QStringLiteral("delivered");
}

void ScenarioEngine::recordDelivery(Actor& a, const rd_kafka_message_t* msg)
{
    const QString topic = QString::fromUtf8(rd_kafka_topic_name(msg->rkt));
    const SeenMessage seen { topic, msg->partition, msg->offset,
        msg->key ? QString::fromUtf8(static_cast<const char*>(msg->key), qsizetype(msg->key_len)) : QString(),
        a.spec.valueSubject.isEmpty()
            ? QString::fromUtf8(static_cast<const char*>(msg->payload), qsizetype(msg->len))
            : decodeValue(a, QByteArrayView(static_cast<const char*>(msg->payload), qsizetype(msg->len))) };
    a.seen.append(seen);
    a.atEnd.remove(partitionKey(topic, msg->partition));
    if (a.spec.groupId.isEmpty())
        return;
    int index = -1;
    for (int i = 0; i < a.fates.size() && index < 0; ++i)
        if (a.fates[i].partition == seen.partition && a.fates[i].offset == seen.offset && a.fates[i].topic == topic)
            index = i;
    if (index < 0) {
        MessageFate f;
        f.topic = topic;
        f.partition = seen.partition;
        f.offset = seen.offset;
        f.key = seen.key;
        f.value = seen.value;
        a.fates.append(f);
        index = int(a.fates.size()) - 1;
    }
    ++a.fates[index].deliveries;
    a.pending.append(index);
}

bool ScenarioEngine::allAtEnd(Actor& a)
{
    rd_kafka_topic_partition_list_t* assigned = nullptr;
    if (rd_kafka_assignment(a.rk.get(), &assigned))
        return false;
    PartitionListPtr owned(assigned);
    if (assigned->cnt == 0)
        return false;
    for (int i = 0; i < assigned->cnt; ++i)
        if (!a.atEnd.contains(partitionKey(QString::fromUtf8(assigned->elems[i].topic), assigned->elems[i].partition)))
            return false;
    return true;
}

void ScenarioEngine::poll(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    QElapsedTimer t;
    t.start();
    qint64 lastMessage = -1;
    int received = 0;
    while (received < st.maxMessages && t.elapsed() < st.timeoutMs && !m_cancel) {
        if (lastMessage >= 0 && t.elapsed() - lastMessage > 1000)
            break; // a second with nothing new after messages came: the rest is not there
        // A subscribed consumer stops as soon as every partition it owns is at its end (after a short grace, so
        // that messages written just before the poll are fetched).
        if (a.spec.subscribe && t.elapsed() > 700 && allAtEnd(a))
            break;
        MessagePtr msg(rd_kafka_consumer_poll(a.rk.get(), 100));
        if (!msg)
            continue;
        if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            a.atEnd.insert(partitionKey(QString::fromUtf8(rd_kafka_topic_name(msg->rkt)), msg->partition));
            continue;
        }
        if (msg->err) {
            setError(a, obs, QString::fromLatin1(rd_kafka_err2name(msg->err)),
                QString::fromUtf8(rd_kafka_message_errstr(msg.get())));
            continue;
        }
        recordDelivery(a, msg.get());
        ++received;
        lastMessage = t.elapsed();
    }
}

void ScenarioEngine::process(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    if (a.pending.isEmpty()) {
        setError(a, obs, QStringLiteral("_STATE"),
            QStringLiteral("nothing to process: %1 has no polled message left unprocessed (poll first)")
                .arg(a.spec.name));
        return;
    }
    QStringList handled;
    for (int i = 0; i < st.count && !a.pending.isEmpty(); ++i) {
        const int index = a.pending.takeFirst();
        MessageFate& f = a.fates[index];
        (st.processOk ? f.processed : f.failed) += 1;
        f.lastFailed = !st.processOk;
        a.lastProcessed = index;
        handled.append(QStringLiteral("%1 (partition %2, offset %3)").arg(f.value).arg(f.partition).arg(f.offset));
    }
    if (obs.note.isEmpty())
        obs.note = QStringLiteral("%1 %2").arg(
            st.processOk ? QStringLiteral("processed") : QStringLiteral("failed"), handled.join(QLatin1String(", ")));
}

void ScenarioEngine::commit(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    if (a.spec.groupId.isEmpty()) {
        setError(a, obs, QStringLiteral("_STATE"), QStringLiteral("%1 has no group to commit to").arg(a.spec.name));
        return;
    }
    PartitionListPtr list;
    if (st.commitMessage) {
        if (a.lastProcessed < 0) {
            setError(a, obs, QStringLiteral("_STATE"),
                QStringLiteral("no message processed yet: 'commit this message' commits the last processed one"));
            return;
        }
        const MessageFate& f = a.fates[a.lastProcessed];
        list.reset(rd_kafka_topic_partition_list_new(1));
        // The committed offset is the next one to read: the message's offset + 1.
        rd_kafka_topic_partition_list_add(list.get(), f.topic.toUtf8().constData(), f.partition)->offset = f.offset + 1;
    }
    const rd_kafka_resp_err_t err = rd_kafka_commit(a.rk.get(), list.get(), st.async ? 1 : 0);
    if (err == RD_KAFKA_RESP_ERR__NO_OFFSET)
        setError(a, obs, QString::fromLatin1(rd_kafka_err2name(err)),
            QStringLiteral("nothing new to commit: the group's offsets already match what was consumed"));
    else if (err)
        setError(a, obs, QString::fromLatin1(rd_kafka_err2name(err)), kafkaErrorText(err));
}

void ScenarioEngine::restart(Actor& a, ScenarioObservation& obs)
{
    if (a.spec.type != ScenarioActor::Type::Consumer) {
        setError(a, obs, QStringLiteral("_STATE"), QStringLiteral("only consumers restart"));
        return;
    }
    if (a.rk) {
        setError(a, obs, QStringLiteral("_STATE"),
            QStringLiteral("%1 is still running: crash or close it before restarting").arg(a.spec.name));
        return;
    }
    ++a.incarnation;
    a.pending.clear();
    a.lastProcessed = -1;
    a.atEnd.clear();
    QString error;
    if (!createClient(a, &error)) {
        setError(a, obs, QStringLiteral("_CREATE"), error);
        a.consumerState = ConsumerState::Crashed;
    }
}

void ScenarioEngine::seek(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), st.topic.toUtf8().constData(), st.partition)->offset = st.offset;
    ErrorPtr error(rd_kafka_seek_partitions(a.rk.get(), list.get(), st.timeoutMs));
    if (error)
        setError(a, obs, QString::fromLatin1(rd_kafka_error_name(error.get())),
            QString::fromUtf8(rd_kafka_error_string(error.get())));
}

void ScenarioEngine::crash(Actor& a, const ScenarioStep&, ScenarioObservation&)
{
    // Gone without committing and without leaving the group: the coordinator notices after session.timeout.ms.
    rd_kafka_destroy_flags(a.rk.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    a.consumerState = ConsumerState::Crashed;
    a.pending.clear();
}

void ScenarioEngine::markFates(Actor& a, const QMap<QString, int64_t>& committed)
{
    for (MessageFate& f : a.fates) {
        f.committed = committed.value(partitionKey(f.topic, f.partition), -1) > f.offset;
        f.pending = false;
    }
    for (int index : std::as_const(a.pending))
        a.fates[index].pending = true;
}

QMap<QString, int64_t> ScenarioEngine::committedOffsets(const Actor& a)
{
    QMap<QString, int64_t> out;
    if (a.spec.groupId.isEmpty())
        return out;
    // The group's committed offsets as the coordinator has them (what a restarted consumer would use).
    QString error;
    const QList<GroupDescription> groups
        = describeGroups(m_uncommitted.get(), { a.spec.groupId + QLatin1Char('-') + m_runId }, &error, 5000);
    for (const GroupDescription& d : groups)
        for (const GroupOffset& o : d.offsets)
            if (o.committed >= 0)
                out.insert(partitionKey(o.topic, o.partition), o.committed);
    return out;
}

void ScenarioEngine::expectFates(Actor& a, const ScenarioStep& st, QStringList& words, QStringList& problems)
{
    const QString who = a.spec.name;
    auto values = [this](const QStringList& list) {
        QStringList out;
        for (const QString& v : list)
            out.append(expand(v));
        std::sort(out.begin(), out.end());
        return out;
    };
    const QMap<QString, int64_t> committed = committedOffsets(a);
    markFates(a, committed);
    if (st.expectRedelivered) {
        QStringList got;
        for (const MessageFate& f : a.fates)
            if (f.redelivered())
                got.append(f.value);
        std::sort(got.begin(), got.end());
        const QStringList want = values(*st.expectRedelivered);
        words.append(QStringLiteral("%1 was given again exactly [%2]").arg(who, want.join(QLatin1String(", "))));
        if (got != want)
            problems.append(QStringLiteral("it was given again [%1]").arg(got.join(QLatin1String(", "))));
    }
    if (st.expectLost) {
        QStringList got;
        for (const MessageFate& f : a.fates)
            if (f.lost())
                got.append(f.value);
        std::sort(got.begin(), got.end());
        const QStringList want = values(*st.expectLost);
        words.append(QStringLiteral("%1 lost exactly [%2]").arg(who, want.join(QLatin1String(", "))));
        if (got != want)
            problems.append(QStringLiteral("it lost [%1]").arg(got.join(QLatin1String(", "))));
    }
    if (st.expectDeliveries) {
        for (auto it = st.expectDeliveries->begin(); it != st.expectDeliveries->end(); ++it) {
            const QString value = expand(it.key());
            int got = 0;
            for (const MessageFate& f : a.fates)
                if (f.value == value)
                    got += f.deliveries;
            words.append(QStringLiteral("%1 was given to %2 %3 time(s)").arg(value, who).arg(it.value()));
            if (got != it.value())
                problems.append(QStringLiteral("%1 was given %2 time(s)").arg(value).arg(got));
        }
    }
    if (st.expectCommitted) {
        const int64_t at = committed.value(partitionKey(st.topic, st.partition), -1);
        words.append(QStringLiteral("%1's group committed %2 on %3")
                         .arg(who)
                         .arg(*st.expectCommitted)
                         .arg(partitionKey(st.topic, st.partition)));
        if (at != *st.expectCommitted)
            problems.append(at < 0 ? QStringLiteral("nothing is committed there") : QStringLiteral("it is %1").arg(at));
    }
}

void ScenarioEngine::observeConsumer(const QString& name, Actor& a, ScenarioObservation& obs)
{
    obs.seen.insert(name, a.seen);
    const QString state = consumerStateName(a.consumerState);
    obs.consumerStates.insert(
        name, a.incarnation > 1 ? QStringLiteral("%1 (consumer %2)").arg(state).arg(a.incarnation) : state);
    if (a.rk) {
        rd_kafka_topic_partition_list_t* assigned = nullptr;
        if (!rd_kafka_assignment(a.rk.get(), &assigned)) {
            PartitionListPtr owned(assigned);
            rd_kafka_position(a.rk.get(), assigned);
            for (int i = 0; i < assigned->cnt; ++i)
                obs.positions[name].insert(
                    partitionKey(QString::fromUtf8(assigned->elems[i].topic), assigned->elems[i].partition),
                    assigned->elems[i].offset);
        }
    }
    if (a.spec.groupId.isEmpty())
        return;
    obs.groups.insert(name, a.spec.groupId + QLatin1Char('-') + m_runId);
    obs.unprocessed.insert(name, int(a.pending.size()));
    const QMap<QString, int64_t> committed = committedOffsets(a);
    if (!committed.isEmpty())
        obs.committed.insert(name, committed);
    markFates(a, committed);
    if (!a.fates.isEmpty())
        obs.fates.insert(name, a.fates);
}

} // namespace kafkalab
