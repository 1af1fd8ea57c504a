#include "widgets/produce/messagecomposer.h"

#include "kafkacore/cluster/clustersession.h"
#include "kafkacore/common/bytesinput.h"
#include "kafkacore/common/jsontext.h"
#include "kafkacore/produce/partitioner.h"
#include "kafkacore/topics/topicadmin.h"
#include "widgets/common/errorlabel.h"
#include "widgets/produce/subjectpicker.h"

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

MessageComposer::MessageComposer(ClusterSession* session, PublishSchemas* schemas, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_schemas(schemas)
{
    m_topic = new QComboBox(this);
    m_topic->setEditable(true);
    m_topic->setInsertPolicy(QComboBox::NoInsert);
    m_topicError = makeErrorLabel(this);
    m_key = new QLineEdit(this);
    m_key->setPlaceholderText(tr("e.g. order-42 (the key decides the partition)"));
    m_nullKey = new QCheckBox(tr("null key"), this);
    m_keySchema = new QCheckBox(tr("key schema"), this);
    m_keySchema->setToolTip(tr("Type the key as JSON and encode it with a subject's schema"));
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_nullKey);
    keyRow->addWidget(m_keySchema);
    m_keySubject = new SubjectPicker(schemas, PublishSchemas::Role::Key, this);
    m_keyError = makeErrorLabel(this);
    m_prediction = new QLabel(this);
    m_prediction->setWordWrap(true);
    m_prediction->setTextFormat(Qt::RichText);

    m_valueMode = new QComboBox(this);
    m_valueMode->addItems({ tr("Text"), tr("JSON"), tr("Hex"), tr("Schema (registry)") });
    m_pretty = new QPushButton(tr("Pretty-print"), this);
    m_fromSchema = new QPushButton(tr("Template from schema"), this);
    m_fromSchema->setToolTip(tr("Fill the value with every field of the schema at a plain default"));
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_valueMode);
    modeRow->addWidget(m_pretty);
    modeRow->addWidget(m_fromSchema);
    m_valueSubject = new SubjectPicker(schemas, PublishSchemas::Role::Value, this);
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
    m_sendBlocked = makeErrorLabel(this);
    m_sendBlocked->setTextFormat(Qt::PlainText);
    m_checkTimer.setSingleShot(true);
    m_checkTimer.setInterval(kCheckDelayMs);

    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // a narrow column: labels above their fields
    form->addRow(tr("Topic"), m_topic);
    form->addRow(QString(), m_topicError);
    form->addRow(tr("Key"), keyRow);
    form->addRow(tr("Key schema"), m_keySubject);
    form->addRow(QString(), m_keyError);
    form->addRow(tr("Lands on"), m_prediction);
    form->addRow(tr("Value as"), modeRow);
    form->addRow(tr("Value schema"), m_valueSubject);
    form->addRow(tr("Value"), m_value);
    form->addRow(QString(), m_valueError);
    form->addRow(tr("Headers"), m_headers);
    form->addRow(QString(), headerButtons);
    form->addRow(QString(), m_headerError);
    form->addRow(tr("Partition"), partitionRow);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    auto* sendRow = new QHBoxLayout;
    auto* sendNotes = new QVBoxLayout;
    sendNotes->addWidget(m_sendBlocked);
    sendNotes->addWidget(m_sendError);
    sendRow->addLayout(sendNotes, 1);
    sendRow->addWidget(m_send, 0, Qt::AlignRight | Qt::AlignTop);
    m_form = form;
    layout->addLayout(sendRow);
    layout->addStretch(1);

    connect(m_key, &QLineEdit::textChanged, this, &MessageComposer::updatePrediction);
    connect(m_nullKey, &QCheckBox::toggled, this, [this](bool null) {
        m_key->setEnabled(!null);
        m_keySchema->setEnabled(!null);
        updateSchemaRows();
        checkSchemasNow();
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
        m_pretty->setEnabled(m_valueMode->currentIndex() == int(ValueMode::Json) || schemaMode());
        if (schemaMode() && m_schemas->hasRegistry())
            m_schemas->listSubjects();
        updateSchemaRows();
        checkSchemasNow(); // Send on or off at once, with the reason
        checkValue();
        Q_EMIT valueSchemaChanged();
    });
    connect(m_keySchema, &QCheckBox::toggled, this, [this](bool on) {
        if (on && m_schemas->hasRegistry())
            m_schemas->listSubjects();
        updateSchemaRows();
        checkSchemasNow();
    });
    connect(m_valueSubject, &SubjectPicker::schemaChanged, this, [this] {
        updateSchemaRows();
        checkSchemasNow();
        Q_EMIT valueSchemaChanged();
    });
    connect(m_keySubject, &SubjectPicker::schemaChanged, this, &MessageComposer::checkSchemasNow);
    connect(&m_checkTimer, &QTimer::timeout, this, &MessageComposer::checkSchemasNow);
    connect(m_key, &QLineEdit::textChanged, this, [this] {
        if (m_keySchema->isChecked())
            scheduleSchemaCheck();
    });
    connect(m_fromSchema, &QPushButton::clicked, this, [this] {
        const auto encoder = m_schemas->encoder(PublishSchemas::Role::Value);
        QString error;
        const auto text = encoder ? templateFromSchema(*encoder, false, &error) : std::nullopt;
        if (text)
            m_value->setPlainText(QString::fromUtf8(*text));
        else
            showError(m_valueError, tr("No template from the schema: %1").arg(error));
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
    updateSchemaRows();
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
    QString keyProblem;
    const std::optional<QByteArray> encodedKey = keyBytes(&keyProblem);
    if (!m_nullKey->isChecked() && !encodedKey) {
        m_prediction->setText(
            tr("<i>%1 (%2 partitions): the key does not fit its schema yet</i>").arg(name.toHtmlEscaped()).arg(n));
        return;
    }
    const QByteArray key = encodedKey.value_or(QByteArray());
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
    if (schemaMode()) {
        scheduleSchemaCheck();
        return;
    }
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
    if (schemaMode() || keySchemaOn()) {
        checkSchemasNow(); // what is sent is what was checked, even before the typing pause ends
        if (!m_send->isEnabled())
            return std::nullopt;
        if (!m_nullKey->isChecked()) {
            QString ignored;
            m.key = keyBytes(&ignored);
        }
    }
    if (!schemaMode())
        checkValue();
    ok = ok && m_valueError->isHidden();
    const QString text = m_value->toPlainText();
    if (schemaMode()) {
        m.value = m_encodedValue;
    } else if (m_valueMode->currentIndex() == int(ValueMode::Hex)) {
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

bool MessageComposer::schemaMode() const
{
    return m_valueMode->currentIndex() == int(ValueMode::Schema);
}

bool MessageComposer::keySchemaOn() const
{
    return m_keySchema->isChecked() && !m_nullKey->isChecked();
}

void MessageComposer::updateSchemaRows()
{
    m_form->setRowVisible(m_valueSubject, schemaMode());
    m_form->setRowVisible(m_keySubject, keySchemaOn());
    m_fromSchema->setVisible(schemaMode());
    m_fromSchema->setEnabled(m_schemas->encoder(PublishSchemas::Role::Value) != nullptr);
    m_key->setPlaceholderText(keySchemaOn() ? tr(R"(the key as JSON, e.g. "order-42" or {"id": 42})")
                                            : tr("e.g. order-42 (the key decides the partition)"));
}

void MessageComposer::registryChanged()
{
    if (m_schemas->hasRegistry() && (schemaMode() || keySchemaOn()))
        m_schemas->listSubjects();
    for (SubjectPicker* p : { m_valueSubject, m_keySubject })
        if (!p->subject().isEmpty())
            p->apply();
    updateSchemaRows();
    checkSchemasNow();
}

void MessageComposer::scheduleSchemaCheck()
{
    m_checkTimer.start();
}

namespace {

// Why a role has no schema to check against yet.
QString missingSchema(const PublishSchemas& schemas, PublishSchemas::Role role)
{
    if (!schemas.hasRegistry())
        return MessageComposer::tr("no schema registry: add one to the connection profile");
    if (schemas.loading(role))
        return MessageComposer::tr("its schema is still loading");
    if (!schemas.error(role).isEmpty())
        return MessageComposer::tr("its schema could not be had: %1").arg(schemas.error(role));
    return MessageComposer::tr("choose its subject first");
}

} // namespace

std::optional<QByteArray> MessageComposer::keyBytes(QString* problem) const
{
    if (m_nullKey->isChecked())
        return std::nullopt;
    if (!keySchemaOn())
        return m_key->text().toUtf8();
    const auto encoder = m_schemas->encoder(PublishSchemas::Role::Key);
    if (!encoder) {
        *problem = missingSchema(*m_schemas, PublishSchemas::Role::Key);
        return std::nullopt;
    }
    SchemaValueCheck c = checkSchemaValue(*encoder, m_key->text().toUtf8());
    *problem = c.problem;
    return c.encoded;
}

void MessageComposer::checkSchemasNow()
{
    m_checkTimer.stop();
    QString blocked;
    m_encodedValue.reset();
    if (schemaMode()) {
        QString problem;
        if (const auto encoder = m_schemas->encoder(PublishSchemas::Role::Value)) {
            QElapsedTimer timer;
            timer.start();
            SchemaValueCheck c = checkSchemaValue(*encoder, m_value->toPlainText().toUtf8());
            m_lastCheckMicros = timer.nsecsElapsed() / 1000;
            m_encodedValue = std::move(c.encoded);
            problem = c.problem;
        } else {
            problem = missingSchema(*m_schemas, PublishSchemas::Role::Value);
        }
        if (!problem.isEmpty())
            problem[0] = problem[0].toUpper(); // "Invalid JSON at line 3, column 3: ...", "The value does not fit ..."
        showError(m_valueError, problem);
        if (!problem.isEmpty())
            blocked = tr("the value does not fit its schema yet (see under the value)");
    }
    QString keyProblem;
    if (keySchemaOn() && !keyBytes(&keyProblem) && blocked.isEmpty())
        blocked = tr("the key does not fit its schema yet (see under the key)");
    showError(m_keyError, keyProblem.isEmpty() ? QString() : tr("The key: %1").arg(keyProblem));
    m_send->setEnabled(blocked.isEmpty());
    m_send->setToolTip(blocked.isEmpty() ? QString() : tr("Send is disabled: %1").arg(blocked));
    showError(m_sendBlocked, blocked.isEmpty() ? QString() : tr("Send is disabled: %1.").arg(blocked));
    updatePrediction();
}

} // namespace kafkalab
