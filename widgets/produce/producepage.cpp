#include "widgets/produce/producepage.h"

#include "kafkacore/cluster/clustersession.h"
#include "kafkacore/produce/partitioner.h"
#include "kafkacore/produce/producerclient.h"
#include "widgets/common/flowlayout.h"
#include "widgets/produce/distributionview.h"
#include "widgets/produce/generatorpanel.h"
#include "widgets/produce/messagecomposer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace kafkalab {

ProducePage::ProducePage(ClusterSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_partitioner = new QComboBox(this);
    for (const PartitionerInfo& p : partitioners())
        m_partitioner->addItem(p.label, p.name);
    m_partitioner->setToolTip(tr("Java clients use murmur2; librdkafka's own default is consistent_random (CRC32). "
                                 "kafkalab defaults to murmur2_random so its placements match Java producers."));
    m_acks = new QComboBox(this);
    m_acks->addItems({ QStringLiteral("all"), QStringLiteral("1"), QStringLiteral("0") });
    m_idempotence = new QCheckBox(tr("idempotence"), this);
    m_idempotence->setChecked(true);
    m_compression = new QComboBox(this);
    m_compression->addItems({ QStringLiteral("none"), QStringLiteral("lz4"), QStringLiteral("zstd"),
        QStringLiteral("snappy"), QStringLiteral("gzip") });
    m_linger = new QSpinBox(this);
    m_linger->setRange(0, 60000);
    m_linger->setValue(5);
    m_linger->setSuffix(tr(" ms"));
    auto* options = new FlowLayout; // wraps where the window is narrow
    options->addPair(new QLabel(tr("Partitioner"), this), m_partitioner);
    options->addPair(new QLabel(tr("acks"), this), m_acks);
    options->addWidget(m_idempotence);
    options->addPair(new QLabel(tr("compression"), this), m_compression);
    options->addPair(new QLabel(tr("linger"), this), m_linger);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    m_composer = new MessageComposer(session, &m_schemas, this);
    m_generator = new GeneratorPanel(this);
    auto* inputTabs = new QTabWidget(this);
    inputTabs->addTab(m_composer, tr("One message"));
    inputTabs->addTab(m_generator, tr("Generator"));
    m_inputTabs = inputTabs;

    m_distribution = new DistributionView(this);
    m_deliveryView = new QTableView(this);
    m_deliveryView->setObjectName(QStringLiteral("deliveries"));
    m_deliveryView->setModel(&m_deliveries);
    m_deliveryView->verticalHeader()->hide();
    m_deliveryView->verticalHeader()->setDefaultSectionSize(m_deliveryView->fontMetrics().height() + 6);
    m_deliveryView->horizontalHeader()->setStretchLastSection(true);
    // Widths for what the columns hold, so that Error (the last, stretched) is on screen at 1280 pixels; the
    // default of 100 pixels a column pushed it past the right edge.
    const int digit = m_deliveryView->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    for (const auto& [column, chars] :
        { std::pair { DeliveryModel::Time, 12 }, { DeliveryModel::Topic, 12 }, { DeliveryModel::Partition, 8 },
            { DeliveryModel::Offset, 7 }, { DeliveryModel::Key, 10 }, { DeliveryModel::Latency, 9 } })
        m_deliveryView->horizontalHeader()->resizeSection(column, digit * chars);
    m_deliveryView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_deliveryView->setAlternatingRowColors(true);
    auto* right = new QSplitter(Qt::Vertical, this);
    right->setObjectName(QStringLiteral("distributionAndDeliveries"));
    right->addWidget(m_distribution);
    right->addWidget(m_deliveryView);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("publishSplit"));
    split->addWidget(inputTabs);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    // 2:3 from the start: the input forms now wrap where they are narrow, and from their size hints alone the
    // delivery table got too little to show its Error column at 1280 px.
    split->setSizes({ 2000, 3000 });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(options);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_partitioner, &QComboBox::currentIndexChanged, this,
        [this] { m_composer->setPartitioner(m_partitioner->currentData().toString()); });
    connect(m_composer, &MessageComposer::sendRequested, this, &ProducePage::onSend);
    connect(m_generator, &GeneratorPanel::startRequested, this, &ProducePage::onStart);
    connect(m_generator, &GeneratorPanel::cancelRequested, this, [this] {
        if (m_producer)
            m_producer->cancel();
    });
    connect(m_composer->topicBox(), &QComboBox::currentTextChanged, this, [this] {
        // The generator sends to this topic; the last run's summary and errors were about another one.
        m_generator->setTopic(m_composer->topic());
        m_generator->clearResult();
        updateTopicSeries();
    });
    m_generator->setTopic(m_composer->topic());
    connect(m_composer, &MessageComposer::valueSchemaChanged, this, [this] {
        m_generator->setValueSchema(
            m_composer->schemaMode() ? m_schemas.encoder(PublishSchemas::Role::Value) : nullptr);
    });
    connect(m_session, &ClusterSession::snapshotApplied, this, &ProducePage::updateTopicSeries);
    // While a run goes, the run topic's watermarks are read again once a second (by the admin worker): that
    // topic's only, not the whole cluster, and nothing while the page is hidden or minimized (issue 16).
    m_watermarkRefresh.setInterval(1000);
    connect(&m_watermarkRefresh, &QTimer::timeout, this, [this] {
        if (isVisible() && !window()->isMinimized())
            m_session->refreshWatermarks(m_runTopic);
    });
}

ProducePage::~ProducePage()
{
    dropProducer();
    // The composer's and the generator's controls refer to m_schemas, which goes before the child widgets would.
    delete m_inputTabs;
}

void ProducePage::showGenerator()
{
    m_inputTabs->setCurrentWidget(m_generator);
}

void ProducePage::setConnection(const QList<ClientProperty>& properties)
{
    m_connection = properties;
    dropProducer();
    m_status->setText(properties.isEmpty() ? tr("Not connected.") : QString());
    if (properties.isEmpty()) {
        // The topics and the partition chart were the old cluster's (the session's snapshot is empty now).
        m_composer->refreshTopics();
        m_composer->showSendError(QString());
        m_generator->clearResult();
        updateTopicSeries();
    }
}

void ProducePage::setSchemaRegistry(const schemas::RegistryConnection& registry)
{
    m_schemas.setRegistry(registry);
    m_composer->registryChanged();
    m_generator->setValueSchema(nullptr);
}

ProducerSettings ProducePage::settings() const
{
    ProducerSettings s;
    s.connection = m_connection;
    s.partitioner = m_partitioner->currentData().toString();
    s.acks = m_acks->currentText();
    s.idempotence = m_idempotence->isChecked();
    s.compression = m_compression->currentText();
    s.lingerMs = m_linger->value();
    return s;
}

void ProducePage::dropProducer()
{
    if (!m_producer)
        return;
    // The old producer finishes on its own thread (a bounded flush), then deletes itself; the window does not wait.
    ProducerClient* old = m_producer;
    m_producer.clear();
    old->retire();
}

ProducerClient* ProducePage::producer()
{
    const ProducerSettings s = settings();
    QStringList keyParts;
    for (const ClientProperty& p : s.toProperties())
        keyParts.append(p.key + QLatin1Char('=') + p.value);
    const QString key = keyParts.join(QLatin1Char('\n'));
    if (m_producer && key == m_producerKey)
        return m_producer;
    dropProducer();
    m_producerKey = key;
    m_producer = new ProducerClient(s, this);
    ProducerWorker* w = m_producer->worker();
    connect(w, &ProducerWorker::startFailed, this, [this](const QString& message) {
        m_status->setText(tr("<span style='color:#c62828'>%1</span>").arg(message.toHtmlEscaped()));
        m_generator->setRunning(false);
        m_running = false;
    });
    connect(w, &ProducerWorker::started, this, [this](const QString& partitioner) {
        m_status->setText(
            tr("Producer ready — partitioner <b>%1</b>, acks %2, idempotence %3.")
                .arg(partitioner, m_acks->currentText(), m_idempotence->isChecked() ? tr("on") : tr("off")));
    });
    connect(w, &ProducerWorker::delivered, &m_deliveries, &DeliveryModel::append);
    connect(w, &ProducerWorker::delivered, this, [this](const QList<DeliveryRecord>& records) {
        for (qsizetype i = records.size(); i-- > 0;) { // the newest error
            if (const DeliveryRecord& r = records[i]; !r.error.isEmpty()) {
                m_composer->showSendError(tr("Not delivered to %1: %2").arg(r.topic, r.error));
                break;
            }
        }
    });
    connect(w, &ProducerWorker::delivered, this, [this] { m_deliveryView->scrollToBottom(); });
    connect(w, &ProducerWorker::bulkProgress, this, &ProducePage::onProgress);
    connect(w, &ProducerWorker::bulkFinished, this, &ProducePage::onFinished);
    m_producer->start();
    return m_producer;
}

void ProducePage::onSend()
{
    if (m_connection.isEmpty()) {
        m_status->setText(tr("<span style='color:#c62828'>Not connected to a cluster.</span>"));
        return;
    }
    const std::optional<OutgoingMessage> m = m_composer->message();
    if (!m)
        return;
    m_composer->showSendError(QString()); // the next failure, if any, replaces it
    producer()->send(*m);
}

void ProducePage::onStart()
{
    if (m_connection.isEmpty()) {
        m_status->setText(tr("<span style='color:#c62828'>Not connected to a cluster.</span>"));
        return;
    }
    const QString topic = m_composer->topic();
    const std::optional<BulkSpec> spec = m_generator->spec(topic);
    if (!spec)
        return;
    const TopicInfo* t = m_session->snapshot().topic(topic);
    m_distribution->setTopic(topic, t ? int(t->partitions.size()) : 0);
    m_distribution->showRun(std::vector<int64_t>(t ? size_t(t->partitions.size()) : 0, 0));
    m_generator->setRunning(true);
    m_running = true;
    m_runTopic = topic;
    m_watermarkRefresh.start();
    producer()->runBulk(*spec);
}

void ProducePage::onProgress(const BulkProgress& progress)
{
    m_generator->showProgress(progress);
    m_distribution->showRun(progress.perPartition);
}

void ProducePage::onFinished(const BulkResult& result)
{
    m_running = false;
    m_watermarkRefresh.stop();
    m_session->refresh();
    m_generator->showFinished(result);
    m_distribution->showResult(result);
    Q_EMIT runFinished(result);
}

void ProducePage::updateTopicSeries()
{
    const QString topic = m_composer->topic();
    m_generator->setTopic(topic);
    const TopicInfo* t = m_session->snapshot().topic(topic);
    if (!t) {
        if (!m_running)
            m_distribution->setTopic(topic, 0); // nothing of the previous topic stays
        return;
    }
    if (!m_running)
        m_distribution->setTopic(topic, int(t->partitions.size()));
    std::vector<int64_t> held;
    for (const PartitionInfo& p : t->partitions)
        held.push_back(std::max<int64_t>(0, p.offsetSpan()));
    m_distribution->showTopicContents(held);
}

} // namespace kafkalab
