#include "widgets/replication/drillpanel.h"

#include "kafkacore/replication/replicationdrill.h"
#include "widgets/common/errorlabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kafkalab {

DrillPanel::DrillPanel(ReplicationDrill* drill, QWidget* parent)
    : QWidget(parent)
    , m_drill(drill)
{
    m_acks = new QComboBox(this);
    m_acks->addItem(QStringLiteral("all"), -1);
    m_acks->addItem(QStringLiteral("1"), 1);
    m_acks->addItem(QStringLiteral("0"), 0);
    m_idempotence = new QCheckBox(tr("Idempotent"), this);
    m_idempotence->setChecked(true);
    m_retries = new QCheckBox(tr("Retries"), this);
    m_retries->setChecked(true);
    m_retries->setToolTip(tr("On: the client retries a refused write (NOT_ENOUGH_REPLICAS, no leader) until the "
                             "delivery timeout. Off: the broker's refusal is reported at once."));
    m_rate = new QSpinBox(this);
    m_rate->setRange(1, 100000);
    m_rate->setValue(200);
    m_rate->setSuffix(tr(" msgs/s"));
    m_keys = new QSpinBox(this);
    m_keys->setRange(0, 1000);
    m_keys->setValue(6);
    m_keys->setSpecialValueText(tr("unkeyed"));
    m_keys->setToolTip(tr("Keys k0, k1, …: each key's messages go to one partition, in order. The value carries "
                          "the key and its sequence number for the ledger check."));
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(1, 300);
    m_timeout->setValue(30);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("message.timeout.ms: how long the client tries to deliver a message"));
    m_start = new QPushButton(tr("Start drill"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    m_check = new QPushButton(tr("Ledger check"), this);
    m_check->setToolTip(tr("Read the topic back from where the drill started and compare with what was "
                           "acknowledged: per key missing, duplicated and out-of-order messages"));
    m_topicLabel = new QLabel(this);
    m_error = makeErrorLabel(this);
    m_producer = new QLabel(this);
    m_consumer = new QLabel(this);
    m_ledger = new QLabel(this);
    for (QLabel* l : { m_producer, m_consumer, m_ledger }) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    }

    auto* producerBox = new QGroupBox(tr("Producer"), this);
    auto* form = new QFormLayout;
    form->addRow(tr("Topic"), m_topicLabel);
    form->addRow(tr("acks"), m_acks);
    auto* flags = new QHBoxLayout;
    flags->addWidget(m_idempotence);
    flags->addWidget(m_retries);
    form->addRow(QString(), flags);
    form->addRow(tr("Rate"), m_rate);
    form->addRow(tr("Keys"), m_keys);
    form->addRow(tr("Delivery timeout"), m_timeout);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_check);
    auto* pl = new QVBoxLayout(producerBox);
    pl->addLayout(form);
    pl->addLayout(buttons);
    pl->addWidget(m_error);
    pl->addWidget(m_producer, 1);
    auto* consumerBox = new QGroupBox(tr("Consumer"), this);
    auto* cl = new QVBoxLayout(consumerBox);
    cl->addWidget(m_consumer, 1);
    auto* ledgerBox = new QGroupBox(tr("Ledger check"), this);
    auto* ll = new QVBoxLayout(ledgerBox);
    ll->addWidget(m_ledger, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(producerBox, 2);
    layout->addWidget(consumerBox, 1);
    layout->addWidget(ledgerBox, 1);

    connect(m_acks, &QComboBox::currentIndexChanged, this, [this] {
        if (m_acks->currentData().toInt() != -1)
            m_idempotence->setChecked(false); // idempotence needs acks=all
    });
    connect(m_idempotence, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            m_acks->setCurrentIndex(m_acks->findData(-1));
            m_retries->setChecked(true);
        }
    });
    connect(m_retries, &QCheckBox::toggled, this, [this](bool on) {
        if (!on)
            m_idempotence->setChecked(false);
    });
    connect(m_start, &QPushButton::clicked, this, &DrillPanel::start);
    connect(m_stop, &QPushButton::clicked, m_drill, &ReplicationDrill::stop);
    connect(m_check, &QPushButton::clicked, this, [this] {
        QString error;
        m_error->hide();
        if (!m_drill->checkLedger(&error)) {
            m_error->setText(error);
            m_error->show();
        } else {
            m_ledger->setText(tr("Reading the topic back…"));
        }
    });
    connect(m_drill, &ReplicationDrill::progress, this, &DrillPanel::showCounts);
    connect(m_drill, &ReplicationDrill::stateChanged, this, &DrillPanel::showState);
    connect(m_drill, &ReplicationDrill::failed, this, [this](const QString& message) {
        m_error->setText(message);
        m_error->show();
    });
    connect(m_drill, &ReplicationDrill::ledgerChecked, this, [this](const LedgerReport& report) {
        QStringList lines { report.summary() };
        if (report.error.isEmpty()) {
            lines << (report.clean() ? tr("CLEAN: every acknowledged message read back once, in order per key")
                                     : tr("NOT CLEAN:"));
            for (const KeyLedger& k : report.keys) {
                if (k.clean() && k.unacknowledgedRead == 0)
                    continue;
                QStringList first;
                for (qint64 seq : k.firstMissing)
                    first << QString::number(seq);
                lines << tr("key %1: %2 missing%3, %4 duplicates, %5 out of order, %6 written but not acknowledged")
                             .arg(k.key.isEmpty() ? tr("(none)") : QString::fromUtf8(k.key))
                             .arg(k.missing)
                             .arg(first.isEmpty() ? QString() : tr(" (first: %1)").arg(first.join(QLatin1String(", "))))
                             .arg(k.duplicates)
                             .arg(k.orderViolations)
                             .arg(k.unacknowledgedRead);
            }
            if (report.foreign > 0)
                lines << tr("%1 record(s) in the range were not the drill's (another producer wrote to the topic)")
                             .arg(report.foreign);
        }
        m_ledger->setText(lines.join(QLatin1Char('\n')));
    });
    setTopic({}); // says a topic is to be chosen until the page gives one
    showCounts();
}

void DrillPanel::setTopic(const QString& topic)
{
    m_topic = topic;
    m_topicLabel->setText(topic.isEmpty() ? tr("choose a topic above") : topic);
    showState();
}

void DrillPanel::start()
{
    DrillSettings s;
    s.topic = m_topic;
    s.acks = m_acks->currentData().toInt();
    s.idempotence = m_idempotence->isChecked();
    s.retries = m_retries->isChecked();
    s.ratePerSecond = m_rate->value();
    s.keys = m_keys->value();
    s.deliveryTimeoutMs = m_timeout->value() * 1000;
    QString error;
    m_error->hide();
    if (!m_drill->start(s, &error)) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    m_ledger->clear();
}

void DrillPanel::clearResults()
{
    for (QLabel* l : { m_producer, m_consumer, m_ledger })
        l->clear();
    m_error->hide();
}

void DrillPanel::showState()
{
    const ReplicationDrill::State st = m_drill->state();
    const bool idle = st == ReplicationDrill::State::Idle;
    m_start->setEnabled(idle && !m_topic.isEmpty());
    m_stop->setEnabled(st == ReplicationDrill::State::Running || st == ReplicationDrill::State::Starting);
    m_check->setEnabled(idle && m_drill->hasRun());
    for (QWidget* w : std::initializer_list<QWidget*> { m_acks, m_idempotence, m_retries, m_rate, m_keys, m_timeout })
        w->setEnabled(idle);
    if (st == ReplicationDrill::State::Finishing)
        m_producer->setText(m_producer->text() + tr("\nFinishing: waiting for what is in flight…"));
}

QString DrillPanel::errorsText(const DrillCounts& counts)
{
    QStringList lines;
    for (auto it = counts.errors.cbegin(); it != counts.errors.cend(); ++it)
        lines << tr("%1 × %2").arg(it.value()).arg(it.key());
    return lines.join(QLatin1Char('\n'));
}

void DrillPanel::showCounts()
{
    const DrillCounts& p = m_drill->producerCounts();
    QString text = tr("sent %1 · acknowledged %2 · failed (not written) %3 · unknown (maybe written) %4 · in flight %5")
                       .arg(p.sent)
                       .arg(p.acknowledged)
                       .arg(p.failed)
                       .arg(p.unknown)
                       .arg(p.inFlight());
    if (m_drill->settings().acks == 0 && p.sent > 0)
        text += tr("\n(acks=0: \"acknowledged\" means sent; the broker confirms nothing)");
    if (const QString errors = errorsText(p); !errors.isEmpty())
        text += QLatin1Char('\n') + errors;
    m_producer->setText(text);
    const DrillCounts& c = m_drill->consumerCounts();
    QString read = tr("read %1").arg(c.read);
    if (const QString errors = errorsText(c); !errors.isEmpty())
        read += QLatin1Char('\n') + errors;
    if (!c.lastError.isEmpty() && c.errors.isEmpty())
        read += QLatin1Char('\n') + c.lastError;
    m_consumer->setText(read);
}

} // namespace kafkalab
