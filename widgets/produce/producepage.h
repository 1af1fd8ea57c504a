#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/produce/deliverymodel.h"
#include "kafkacore/produce/producertypes.h"
#include "kafkacore/produce/publishschemas.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QTableView;
class QTabWidget;

namespace kafkalab {

class ClusterSession;
class DistributionView;
class GeneratorPanel;
class MessageComposer;
class ProducerClient;

// Publish keyed messages and see where they land: producer options, one message at a time or a generated run,
// the delivery table, and the partition distribution of the run beside what the topic holds.
class ProducePage : public QWidget {
    Q_OBJECT
public:
    explicit ProducePage(ClusterSession* session, QWidget* parent = nullptr);
    ~ProducePage() override;

    // The cluster the producer connects to; an empty list disconnects.
    void setConnection(const QList<ClientProperty>& properties);
    ProducerSettings settings() const;
    // The connection profile's schema registry (an empty URL: none), for the Schema value mode and the key schema.
    void setSchemaRegistry(const schemas::RegistryConnection& registry);
    PublishSchemas* schemas() { return &m_schemas; }

    MessageComposer* composer() const { return m_composer; }
    GeneratorPanel* generator() const { return m_generator; }
    DistributionView* distribution() const { return m_distribution; }
    DeliveryModel* deliveries() { return &m_deliveries; }
    QTableView* deliveryView() const { return m_deliveryView; }
    QComboBox* partitionerBox() const { return m_partitioner; }
    QLabel* statusLabel() const { return m_status; }
    bool running() const { return m_running; }
    void showGenerator();

Q_SIGNALS:
    void runFinished(kafkalab::BulkResult result);

private:
    ProducerClient* producer();
    void dropProducer();
    void onSend();
    void onStart();
    void onProgress(const BulkProgress& progress);
    void onFinished(const BulkResult& result);
    void updateTopicSeries();

    ClusterSession* m_session;
    PublishSchemas m_schemas;
    QList<ClientProperty> m_connection;
    QPointer<ProducerClient> m_producer;
    QString m_producerKey; // settings the current producer was made with
    QComboBox* m_partitioner;
    QComboBox* m_acks;
    QCheckBox* m_idempotence;
    QComboBox* m_compression;
    QSpinBox* m_linger;
    QLabel* m_status;
    MessageComposer* m_composer;
    GeneratorPanel* m_generator;
    DistributionView* m_distribution;
    DeliveryModel m_deliveries;
    QTableView* m_deliveryView;
    QTabWidget* m_inputTabs;
    QTimer m_watermarkRefresh;
    QString m_runTopic;
    bool m_running = false;
};

} // namespace kafkalab
