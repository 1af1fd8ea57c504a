// The scenario engine's producer steps: the transactional calls (init_transactions, begin, commit, abort) with the
// state each leaves the producer in, send, send_offsets, flush and close.
#include "kafkacore/scenarios/scenarioengine.h"

#include "kafkacore/client/clientfactory.h"
#include "kafkacore/scenarios/txmarkers.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace kafkalab {

void ScenarioEngine::transactionOutcome(Actor& a, ScenarioAction action, ProducerState before, rd_kafka_error_t* raw,
    ProducerState next, ScenarioObservation& obs)
{
    const ErrorPtr error(raw);
    if (error) {
        const QString name = QString::fromLatin1(rd_kafka_error_name(error.get()));
        const QString text = QString::fromUtf8(rd_kafka_error_string(error.get()));
        const QString cause = transactionErrorCause(a, name);
        setError(a, obs, name, cause.isEmpty() ? text : QStringLiteral("%1 (librdkafka: %2)").arg(cause, text));
        a.lastErrorCause = cause;
        if (rd_kafka_error_is_fatal(error.get()))
            next = name.contains(QLatin1String("FENCED")) ? ProducerState::Fenced : ProducerState::FatalError;
        else if (rd_kafka_error_txn_requires_abort(error.get()))
            next = ProducerState::AbortableError;
        else
            next = before; // retriable: nothing changed
    }
    a.txState = next;
    if (!error && action == ScenarioAction::InitTransactions)
        m_lastInit.insert(a.spec.transactionalId, a.spec.name);
    if (!error && action == ScenarioAction::Begin)
        a.beganAtMs = QDateTime::currentMSecsSinceEpoch();
    else if (next != ProducerState::InTransaction && next != ProducerState::AbortableError)
        a.beganAtMs = -1;
    a.transition
        = QStringLiteral("%1 -%2-> %3").arg(producerStateName(before), actionName(action), producerStateName(next));
}

QString ScenarioEngine::transactionErrorCause(const Actor& a, const QString& errorName) const
{
    if (!errorName.contains(QLatin1String("FENCED")) && !errorName.contains(QLatin1String("PRODUCER_EPOCH")))
        return {};
    const QString latest = m_lastInit.value(a.spec.transactionalId);
    if (!latest.isEmpty() && latest != a.spec.name)
        return QStringLiteral("fenced: %1 called init_transactions with the same transactional.id, which bumped the "
                              "epoch; %2's epoch is stale")
            .arg(latest, a.spec.name);
    const qint64 openMs = a.beganAtMs < 0 ? -1 : QDateTime::currentMSecsSinceEpoch() - a.beganAtMs;
    if (openMs > a.spec.transactionTimeoutMs)
        return QStringLiteral("the transaction timed out: it was open %1 s, longer than transaction.timeout.ms (%2 "
                              "ms), so the broker aborted it and bumped the producer's epoch; no other producer "
                              "took the transactional.id, but librdkafka reports the stale epoch as fenced")
            .arg(QString::number(double(openMs) / 1000.0, 'f', 1))
            .arg(a.spec.transactionTimeoutMs);
    return {};
}

bool ScenarioEngine::prepareMarkerReader(QString* error)
{
    bool transactional = false;
    for (const ScenarioActor& a : m_scenario.actors)
        transactional |= a.type == ScenarioActor::Type::TransactionalProducer;
    if (!transactional || m_partitions.isEmpty())
        return true;
    QList<ClientProperty> props = m_connection;
    props.append(ClientProperty::of(QStringLiteral("isolation.level"), QStringLiteral("read_uncommitted")));
    props.append(ClientProperty::of(QStringLiteral("enable.partition.eof"), QStringLiteral("true")));
    props.append(ClientProperty::of(QStringLiteral("enable.auto.commit"), QStringLiteral("false")));
    // Assigned, never subscribed; the consumer API still wants a group id (never joined, never committed).
    props.append(ClientProperty::of(QStringLiteral("group.id"), QStringLiteral("kafkalab-markers-") + m_runId));
    QString why;
    m_markerReader = newClient(props, RD_KAFKA_CONSUMER, &why);
    if (!m_markerReader) {
        *error = QStringLiteral("the marker reader: %1").arg(why);
        return false;
    }
    rd_kafka_poll_set_consumer(m_markerReader.get());
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(m_partitions.size())));
    for (const auto& [topic, p] : m_partitions)
        rd_kafka_topic_partition_list_add(list.get(), topic.toUtf8().constData(), p)->offset = -1;
    if (const QString why = endOffsets(list.get()); !why.isEmpty()) {
        *error = QStringLiteral("the marker reader could not read the end offsets: %1").arg(why);
        return false;
    }
    for (int i = 0; i < list->cnt; ++i)
        m_markerStart.insert(
            partitionName(QString::fromUtf8(list->elems[i].topic), list->elems[i].partition), list->elems[i].offset);
    rd_kafka_assign(m_markerReader.get(), list.get());
    return true;
}

void ScenarioEngine::observeMarkers(ScenarioObservation& obs)
{
    if (!m_markerReader)
        return;
    // Read until every partition's end is at or past the high watermark just observed (bounded: a partition without
    // a leader does not hold the step up).
    auto behind = [&] {
        for (const PartitionState& p : std::as_const(obs.partitions))
            if (p.highWatermark > m_markerStart.value(partitionName(p.topic, p.partition), p.highWatermark)
                && m_markerEnd.value(partitionName(p.topic, p.partition), -1) < p.highWatermark)
                return true;
        return false;
    };
    QElapsedTimer t;
    t.start();
    while (behind() && t.elapsed() < 3000 && !m_cancel) {
        MessagePtr msg(rd_kafka_consumer_poll(m_markerReader.get(), 100));
        if (!msg)
            continue;
        const QString topic = msg->rkt ? QString::fromUtf8(rd_kafka_topic_name(msg->rkt)) : QString();
        if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
            m_markerEnd.insert(partitionName(topic, msg->partition), msg->offset);
        else if (!msg->err)
            m_markerSeen.append({ topic, msg->partition, msg->offset, {}, {} });
    }
    obs.markers = transactionMarkers(obs.partitions, m_markerSeen, m_markerStart);
    // A partition the reader has not reached the end of yet: only offsets below where it got to are known.
    for (auto it = obs.markers.begin(); it != obs.markers.end(); ++it) {
        const int64_t end = m_markerEnd.value(it.key(), -1);
        it.value().removeIf([end](int64_t off) { return off >= end; });
    }
}

void ScenarioEngine::initTransactions(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    const ProducerState before = a.txState;
    transactionOutcome(
        a, st.action, before, rd_kafka_init_transactions(a.rk.get(), st.timeoutMs), ProducerState::Ready, obs);
}

void ScenarioEngine::begin(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    const ProducerState before = a.txState;
    transactionOutcome(a, st.action, before, rd_kafka_begin_transaction(a.rk.get()), ProducerState::InTransaction, obs);
}

void ScenarioEngine::commitTransaction(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    const ProducerState before = a.txState;
    a.txState = ProducerState::Committing;
    transactionOutcome(
        a, st.action, before, rd_kafka_commit_transaction(a.rk.get(), st.timeoutMs), ProducerState::Ready, obs);
}

void ScenarioEngine::abortTransaction(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    const ProducerState before = a.txState;
    a.txState = ProducerState::Aborting;
    transactionOutcome(
        a, st.action, before, rd_kafka_abort_transaction(a.rk.get(), st.timeoutMs), ProducerState::Ready, obs);
}

void ScenarioEngine::send(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    a.deliveryErrors.clear();
    const QByteArray topic = st.topic.toUtf8();
    // `count` messages; {{n}} in the key or value numbers them (1, 2, 3… over the whole run).
    for (int i = 0; i < std::max(1, st.count); ++i) {
        const QString n = QString::number(++m_sentCount);
        QByteArray value = expand(st.value).replace(QLatin1String("{{n}}"), n).toUtf8();
        if (!st.schema.subject.isEmpty() && !encodeValue(a, st, &value, obs))
            return;
        const QByteArray key = st.key ? expand(*st.key).replace(QLatin1String("{{n}}"), n).toUtf8() : QByteArray();
        rd_kafka_headers_t* headers = st.headers.isEmpty() ? nullptr : rd_kafka_headers_new(size_t(st.headers.size()));
        for (auto it = st.headers.begin(); it != st.headers.end(); ++it)
            rd_kafka_header_add(
                headers, it.key().toUtf8().constData(), -1, expand(it.value()).toUtf8().constData(), -1);
        const rd_kafka_resp_err_t err = rd_kafka_producev(a.rk.get(), RD_KAFKA_V_TOPIC(topic.constData()),
            RD_KAFKA_V_PARTITION(st.partition < 0 ? RD_KAFKA_PARTITION_UA : st.partition),
            RD_KAFKA_V_KEY((st.key ? key.constData() : nullptr), (st.key ? size_t(key.size()) : 0)),
            RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), size_t(value.size())), RD_KAFKA_V_HEADERS(headers),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(&a), RD_KAFKA_V_END);
        if (err) {
            if (headers)
                rd_kafka_headers_destroy(headers);
            setError(a, obs, QString::fromLatin1(rd_kafka_err2name(err)), QString::fromUtf8(rd_kafka_err2str(err)));
            if (err == RD_KAFKA_RESP_ERR__FATAL && a.spec.type == ScenarioActor::Type::TransactionalProducer) {
                a.transition = QStringLiteral("%1 -send-> fatal_error").arg(producerStateName(a.txState));
                a.txState = ProducerState::FatalError;
            }
            return;
        }
    }
    // Written to the log now (uncommitted inside a transaction), so that the consumers can be shown.
    rd_kafka_flush(a.rk.get(), st.timeoutMs);
    if (!a.deliveryErrors.isEmpty())
        setError(a, obs, QStringLiteral("DELIVERY_FAILED"), a.deliveryErrors.join(QLatin1String("; ")));
}

void ScenarioEngine::sendOffsets(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    Actor& c = m_actors.at(st.consumer);
    if (!c.rk) {
        setError(a, obs, QStringLiteral("_STATE"), QStringLiteral("consumer %1 is not running").arg(st.consumer));
        return;
    }
    rd_kafka_topic_partition_list_t* assigned = nullptr;
    rd_kafka_assignment(c.rk.get(), &assigned);
    PartitionListPtr positions(assigned);
    rd_kafka_position(c.rk.get(), positions.get());
    rd_kafka_consumer_group_metadata_t* meta = rd_kafka_consumer_group_metadata(c.rk.get());
    ErrorPtr error(rd_kafka_send_offsets_to_transaction(a.rk.get(), positions.get(), meta, st.timeoutMs));
    rd_kafka_consumer_group_metadata_destroy(meta);
    if (error)
        setError(a, obs, QString::fromLatin1(rd_kafka_error_name(error.get())),
            QString::fromUtf8(rd_kafka_error_string(error.get())));
    else
        a.transition = QStringLiteral("in_transaction -send_offsets-> in_transaction");
}

void ScenarioEngine::flush(Actor& a, const ScenarioStep& st, ScenarioObservation& obs)
{
    if (const rd_kafka_resp_err_t err = rd_kafka_flush(a.rk.get(), st.timeoutMs))
        setError(a, obs, QString::fromLatin1(rd_kafka_err2name(err)), QString::fromUtf8(rd_kafka_err2str(err)));
}

void ScenarioEngine::close(Actor& a, const ScenarioStep& st, ScenarioObservation&)
{
    if (a.spec.type == ScenarioActor::Type::Consumer) {
        rd_kafka_consumer_close(a.rk.get());
        a.pending.clear();
        a.consumerState = ConsumerState::Closed;
    } else {
        rd_kafka_flush(a.rk.get(), st.timeoutMs);
        if (a.spec.type == ScenarioActor::Type::TransactionalProducer)
            a.txState = ProducerState::Closed;
    }
    a.rk.reset();
}

} // namespace kafkalab
