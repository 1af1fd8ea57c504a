#include "kafkacore/replication/replicationdrill.h"

namespace kafkalab {

ReplicationDrill::ReplicationDrill(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<DrillCounts>();
    qRegisterMetaType<LedgerRecord>();
    qRegisterMetaType<QList<LedgerRecord>>();
    qRegisterMetaType<LedgerReport>();
    using Acked = QHash<QByteArray, QList<qint64>>;
    qRegisterMetaType<Acked>();
    using Offsets = QHash<int32_t, int64_t>;
    qRegisterMetaType<Offsets>();
}

ReplicationDrill::~ReplicationDrill()
{
    retireAll();
}

void ReplicationDrill::retireAll()
{
    for (auto* t : { &m_producerThread, &m_consumerThread, &m_checkThread })
        if (*t) {
            (*t)->retire();
            t->reset();
        }
}

void ReplicationDrill::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ReplicationDrill::setConnection(const QList<ClientProperty>& properties)
{
    retireAll();
    m_properties = properties;
    m_start.clear();
    m_acknowledged.clear();
    setState(State::Idle);
}

bool ReplicationDrill::start(const DrillSettings& settings, QString* error)
{
    if (m_properties.isEmpty())
        *error = tr("Not connected.");
    else if (m_state != State::Idle)
        *error = tr("A drill or a ledger check is under way.");
    else if (settings.topic.isEmpty())
        *error = tr("Choose a topic.");
    else if (settings.ratePerSecond < 1 || settings.ratePerSecond > 100000)
        *error = tr("The rate must be between 1 and 100000 messages a second.");
    else if (settings.keys < 0 || settings.keys > 1000)
        *error = tr("The number of keys must be between 0 (unkeyed) and 1000.");
    else if (settings.acks != 0 && settings.acks != 1 && settings.acks != -1)
        *error = tr("acks must be 0, 1 or all.");
    else if (settings.idempotence && settings.acks != -1)
        *error = tr("Idempotence needs acks=all.");
    else if (settings.idempotence && !settings.retries)
        *error = tr("Idempotence needs retries.");
    else
        error->clear();
    if (!error->isEmpty())
        return false;
    retireAll();
    m_settings = settings;
    m_produced = {};
    m_consumed = {};
    m_start.clear();
    m_acknowledged.clear();
    m_report = {};
    m_finish = StopToken();
    m_producerThread = std::make_unique<WorkerThread>(QStringLiteral("drill-producer"));
    auto* producer
        = m_producerThread->adopt(new DrillProducer(m_properties, settings, m_finish, m_producerThread->stopToken()));
    connect(producer, &DrillProducer::started, this, [this](const QHash<int32_t, int64_t>& start) {
        m_start = start;
        setState(State::Running);
        m_consumerThread = std::make_unique<WorkerThread>(QStringLiteral("drill-consumer"));
        auto* reader = m_consumerThread->adopt(new DrillReader(
            m_properties, m_settings.topic, start, DrillReader::Mode::Live, m_consumerThread->stopToken()));
        connect(reader, &DrillReader::progress, this, [this](const DrillCounts& counts) {
            m_consumed = counts;
            Q_EMIT progress();
        });
        connect(reader, &DrillReader::readBack, this, [this](const QList<LedgerRecord>&, qint64, const QString& e) {
            if (!e.isEmpty())
                m_consumed.lastError = e; // the live reader ends only on a failure to start
            Q_EMIT progress();
        });
        m_consumerThread->post(reader, [](DrillReader* r) { r->run(); });
    });
    connect(producer, &DrillProducer::progress, this, [this](const DrillCounts& counts) {
        m_produced = counts;
        Q_EMIT progress();
    });
    connect(producer, &DrillProducer::failed, this, [this](const QString& message) {
        retireAll();
        setState(State::Idle);
        Q_EMIT failed(message);
    });
    connect(producer, &DrillProducer::finished, this,
        [this](const DrillCounts& counts, const QHash<QByteArray, QList<qint64>>& acknowledged) {
            m_produced = counts;
            m_acknowledged = acknowledged;
            // The live consumer stops with the producer: what it read until now stays on the panel.
            retireAll();
            setState(State::Idle);
            Q_EMIT progress();
            Q_EMIT finished();
        });
    setState(State::Starting);
    m_producerThread->post(producer, [](DrillProducer* p) { p->run(); });
    return true;
}

void ReplicationDrill::stop()
{
    if (m_state != State::Running && m_state != State::Starting)
        return;
    m_finish.requestStop();
    setState(State::Finishing);
}

bool ReplicationDrill::checkLedger(QString* error)
{
    if (m_state != State::Idle) {
        *error = tr("Stop the drill first: the check reads what it wrote.");
        return false;
    }
    if (m_start.isEmpty()) {
        *error = tr("Run a drill first: the check reads back what it wrote.");
        return false;
    }
    m_checkThread = std::make_unique<WorkerThread>(QStringLiteral("drill-ledger"));
    auto* reader = m_checkThread->adopt(
        new DrillReader(m_properties, m_settings.topic, m_start, DrillReader::Mode::Check, m_checkThread->stopToken()));
    connect(reader, &DrillReader::readBack, this,
        [this](const QList<LedgerRecord>& records, qint64 foreign, const QString& e) {
            m_report = kafkalab::checkLedger(m_acknowledged, records, m_settings.keys > 0);
            m_report.foreign = foreign;
            m_report.error = e;
            m_checkThread->retire();
            m_checkThread.reset();
            setState(State::Idle);
            Q_EMIT ledgerChecked(m_report);
        });
    setState(State::Checking);
    m_checkThread->post(reader, [](DrillReader* r) { r->run(); });
    return true;
}

} // namespace kafkalab
