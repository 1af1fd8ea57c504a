#include "widgets/produce/messagecomposer.h"

#include "kafkacore/cluster/clustersession.h"
#include "kafkacore/common/bytesinput.h"
#include "kafkacore/common/jsontext.h"
#include "kafkacore/produce/partitioner.h"
#include "kafkacore/topics/topicadmin.h"
#include "widgets/common/errorlabel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kafkalab {

MessageComposer::MessageComposer(ClusterSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_topic = new QComboBox(this);
    m_topic->setEditable(true);
    m_topic->setInsertPolicy(QComboBox::NoInsert);
    m_topicError = makeErrorLabel(this);
    m_key = new QLineEdit(this);
    m_key->setPlaceholderText(tr("e.g. order-42 (the key decides the partition)"));
    m_nullKey = new QCheckBox(tr("null key"), this);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_nullKey);
    m_prediction = new QLabel(this);
    m_prediction->setWordWrap(true);
    m_prediction->setTextFormat(Qt::RichText);

    m_valueMode = new QComboBox(this);
    m_valueMode->addItems({ tr("Text"), tr("JSON"), tr("Hex") });
    m_pretty = new QPushButton(tr("Pretty-print"), this);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_valueMode);
    modeRow->addWidget(m_pretty);
    modeRow->addStretch(1);
    m_value = new QPlainTextEdit(this);
    m_value->setPlaceholderText(tr("Message value"));
    m_value->setTabChangesFocus(true);
    m_value->setMinimumHeight(90);
    m_valueError = makeErrorLabel(this);

    m_headers = new QTableWidget(0, 2, this);
    m_headers->setObjectName(QStringLiteral("headers"));
    m_headers->setHorizontalHeaderLabels({ tr("Header name"), tr("Value") });
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setMaximumHeight(110);
    auto* addHeader = new QPushButton(tr("Add header"), this);
    auto* removeHeader = new QPushButton(tr("Remove"), this);
    auto* headerButtons = new QHBoxLayout;
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch(1);
    m_headerError = makeErrorLabel(this);

    m_auto = new QRadioButton(tr("automatic (the key decides)"), this);
    m_explicit = new QRadioButton(tr("explicit:"), this);
    m_auto->setChecked(true);
    m_partition = new QSpinBox(this);
    m_partition->setRange(0, 100000);
    m_partition->setEnabled(false);
    auto* partitionRow = new QHBoxLayout;
    partitionRow->addWidget(m_auto);
    partitionRow->addWidget(m_explicit);
    partitionRow->addWidget(m_partition);
    partitionRow->addStretch(1);

    m_send = new QPushButton(tr("Send (Ctrl+Enter)"), this);
    m_send->setDefault(true);
    m_sendError = makeErrorLabel(this);
    m_sendError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sendError->setTextFormat(Qt::PlainText);

    auto* form = new QFormLayout;
    form->addRow(tr("Topic"), m_topic);
    form->addRow(QString(), m_topicError);
    form->addRow(tr("Key"), keyRow);
    form->addRow(tr("Lands on"), m_prediction);
    form->addRow(tr("Value as"), modeRow);
    form->addRow(tr("Value"), m_value);
    form->addRow(QString(), m_valueError);
    form->addRow(tr("Headers"), m_headers);
    form->addRow(QString(), headerButtons);
    form->addRow(QString(), m_headerError);
    form->addRow(tr("Partition"), partitionRow);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    auto* sendRow = new QHBoxLayout;
    sendRow->addWidget(m_sendError, 1);
    sendRow->addWidget(m_send, 0, Qt::AlignRight | Qt::AlignTop);
    layout->addLayout(sendRow);
    layout->addStretch(1);

    connect(m_key, &QLineEdit::textChanged, this, &MessageComposer::updatePrediction);
    connect(m_nullKey, &QCheckBox::toggled, this, [this](bool null) {
        m_key->setEnabled(!null);
        updatePrediction();
    });
    connect(m_topic, &QComboBox::currentTextChanged, this, [this] {
        // What was said about the previous topic is not about this one.
        showError(m_topicError, QString());
        showError(m_sendError, QString());
        updatePrediction();
    });
    connect(m_session, &ClusterSession::snapshotApplied, this, [this] {
        updateTopics();
        updatePrediction();
    });
    connect(m_valueMode, &QComboBox::currentIndexChanged, this, [this] {
        m_pretty->setEnabled(m_valueMode->currentIndex() == int(ValueMode::Json));
        checkValue();
    });
    connect(m_value, &QPlainTextEdit::textChanged, this, &MessageComposer::checkValue);
    connect(m_pretty, &QPushButton::clicked, this, &MessageComposer::prettyPrint);
    m_pretty->setEnabled(false);
    connect(addHeader, &QPushButton::clicked, this, [this] {
        m_headers->insertRow(m_headers->rowCount());
        m_headers->setCurrentCell(m_headers->rowCount() - 1, 0);
        m_headers->editItem(m_headers->item(m_headers->rowCount() - 1, 0));
    });
    connect(removeHeader, &QPushButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0)
            m_headers->removeRow(m_headers->currentRow());
    });
    connect(m_explicit, &QRadioButton::toggled, m_partition, &QWidget::setEnabled);
    connect(m_explicit, &QRadioButton::toggled, this, &MessageComposer::updatePrediction);
    connect(m_send, &QPushButton::clicked, this, &MessageComposer::sendRequested);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setWhatsThis(tr("Send the message (Publish)"));
    connect(shortcut, &QShortcut::activated, this, &MessageComposer::sendRequested);
    updateTopics();
    updatePrediction();
}

void MessageComposer::showError(QLabel* label, const QString& text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void MessageComposer::refreshTopics()
{
    updateTopics();
    updatePrediction();
}

void MessageComposer::showSendError(const QString& text)
{
    showError(m_sendError, text);
}

QString MessageComposer::topic() const
{
    return m_topic->currentText().trimmed();
}

void MessageComposer::setPartitioner(const QString& name)
{
    m_partitioner = name;
    updatePrediction();
}

void MessageComposer::updateTopics()
{
    const QString current = m_topic->currentText();
    QStringList names;
    for (const TopicInfo& t : m_session->snapshot().topics)
        if (!t.internal)
            names.append(t.name);
    QStringList existing;
    for (int i = 0; i < m_topic->count(); ++i)
        existing.append(m_topic->itemText(i));
    if (existing == names)
        return;
    m_topic->blockSignals(true);
    m_topic->clear();
    m_topic->addItems(names);
    m_topic->setCurrentText(
        current.isEmpty() && names.contains(QLatin1String("orders")) ? QStringLiteral("orders") : current);
    m_topic->blockSignals(false);
}

void MessageComposer::updatePrediction()
{
    const QString name = topic();
    const TopicInfo* t = m_session->snapshot().topic(name);
    if (!t || t->partitions.isEmpty()) {
        m_prediction->setText(name.isEmpty()
                ? tr("choose a topic")
                : tr("<i>%1 is not a topic of this cluster</i>").arg(name.toHtmlEscaped()));
        return;
    }
    const auto n = int32_t(t->partitions.size());
    if (m_explicit->isChecked()) {
        m_prediction->setText(tr("partition %1 (explicit; the key is not used to choose)").arg(m_partition->value()));
        return;
    }
    const QByteArray key = m_key->text().toUtf8();
    const QByteArray* keyPtr = m_nullKey->isChecked() ? nullptr : &key;
    QStringList parts;
    const std::optional<Partitioner> chosen = partitionerFromName(m_partitioner);
    if (chosen)
        parts.append(tr("<b>%1 → %2</b>").arg(m_partitioner, predictPartition(*chosen, keyPtr, n).explain()));
    for (const PartitionerInfo& p : partitioners()) {
        if (p.name == m_partitioner || p.id == Partitioner::Random)
            continue;
        parts.append(QStringLiteral("%1 → %2").arg(p.name, predictPartition(p.id, keyPtr, n).explain()));
    }
    m_prediction->setText(
        tr("%1 (%2 partitions): %3").arg(name.toHtmlEscaped()).arg(n).arg(parts.join(QLatin1String(", "))));
}

void MessageComposer::checkValue()
{
    const QString text = m_value->toPlainText();
    QString error;
    if (m_valueMode->currentIndex() == int(ValueMode::Json) && !text.isEmpty()) {
        const JsonCheck check = checkJson(text.toUtf8());
        if (!check.ok)
            error = tr("Invalid JSON at %1").arg(check.describe());
    } else if (m_valueMode->currentIndex() == int(ValueMode::Hex)) {
        if (!parseHex(text, &error))
            error = tr("Invalid hex: %1").arg(error);
        else
            error.clear();
    }
    showError(m_valueError, error);
}

void MessageComposer::prettyPrint()
{
    const QByteArray text = m_value->toPlainText().toUtf8();
    if (checkJson(text).ok)
        m_value->setPlainText(QString::fromUtf8(prettyJson(text)));
}

std::optional<OutgoingMessage> MessageComposer::message()
{
    bool ok = true;
    OutgoingMessage m;
    m.topic = topic();
    const QString topicProblem = topicNameError(m.topic);
    showError(m_topicError, topicProblem.isEmpty() ? QString() : tr("Invalid topic: %1").arg(topicProblem));
    ok = ok && topicProblem.isEmpty();
    if (!m_nullKey->isChecked())
        m.key = m_key->text().toUtf8();
    checkValue();
    ok = ok && m_valueError->isHidden();
    const QString text = m_value->toPlainText();
    if (m_valueMode->currentIndex() == int(ValueMode::Hex)) {
        QString ignored;
        m.value = parseHex(text, &ignored);
    } else {
        m.value = text.toUtf8();
    }
    QString headerProblem;
    for (int r = 0; r < m_headers->rowCount(); ++r) {
        const QString name = m_headers->item(r, 0) ? m_headers->item(r, 0)->text() : QString();
        const QString value = m_headers->item(r, 1) ? m_headers->item(r, 1)->text() : QString();
        if (name.isEmpty() && value.isEmpty())
            continue;
        if (name.isEmpty()) {
            headerProblem = tr("Header %1 has a value but no name").arg(r + 1);
            break;
        }
        m.headers.append({ name.toUtf8(), value.toUtf8() });
    }
    showError(m_headerError, headerProblem);
    ok = ok && headerProblem.isEmpty();
    m.partition = m_explicit->isChecked() ? m_partition->value() : -1;
    if (!ok)
        return std::nullopt;
    m.id = m_nextId++;
    return m;
}

} // namespace kafkalab
