#include "widgets/topics/topicdialogs.h"

#include "kafkacore/topics/topicadmin.h"
#include "widgets/common/errorlabel.h"
#include "widgets/topics/topicdialogutil.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace kafkalab {

namespace {

using detail::kAmber;
using detail::kRed;
using detail::say;

const QStringList& numericConfigs()
{
    static const QStringList names = { QStringLiteral("retention.ms"), QStringLiteral("retention.bytes"),
        QStringLiteral("min.insync.replicas"), QStringLiteral("max.message.bytes") };
    return names;
}

// The `key=value` lines of the free-form configs; blank lines and '#' comments are skipped.
QMap<QString, QString> parseConfigLines(const QString& text, QStringList* problems)
{
    QMap<QString, QString> out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        const QString key = eq < 0 ? QString() : line.left(eq).trimmed();
        if (eq < 0)
            problems->append(QObject::tr("line %1: no '=' (key=value expected)").arg(i + 1));
        else if (key.isEmpty())
            problems->append(QObject::tr("line %1: no config name before '='").arg(i + 1));
        else if (out.contains(key))
            problems->append(QObject::tr("line %1: %2 is set twice").arg(i + 1).arg(key));
        else
            out.insert(key, line.mid(eq + 1).trimmed());
    }
    return out;
}

} // namespace

// ---- CreateTopicDialog ----------------------------------------------------------------------------------------

CreateTopicDialog::CreateTopicDialog(
    QList<ClientProperty> connection, int brokerCount, TopicNaming naming, QWidget* parent)
    : QDialog(parent)
    , m_connection(std::move(connection))
    , m_brokerCount(brokerCount)
    , m_naming(std::move(naming))
{
    setWindowTitle(tr("New topic"));
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(m_naming.isDefault() ? tr("<domain>.<entity>.<event-type>, e.g. orders.order.created")
                                                    : tr("matching %1").arg(m_naming.pattern()));
    m_nameMessage = makeErrorLabel(this);
    m_partitions = new QSpinBox(this);
    m_partitions->setRange(1, 10000);
    m_partitions->setValue(6);
    m_replication = new QSpinBox(this);
    m_replication->setRange(1, 1000);
    m_replication->setValue(m_brokerCount > 0 ? std::min(3, m_brokerCount) : 1);
    m_replicationMessage = makeErrorLabel(this);
    m_cleanupPolicy = new QComboBox(this);
    m_cleanupPolicy->addItem(tr("(default)"), QString());
    for (const char* p : { "delete", "compact", "delete,compact" })
        m_cleanupPolicy->addItem(QLatin1String(p), QLatin1String(p));
    m_extra = new QPlainTextEdit(this);
    m_extra->setPlaceholderText(tr("Other configs, one key=value per line, e.g.\nsegment.ms=3600000\n"
                                   "compression.type=zstd"));
    m_extra->setTabChangesFocus(true);
    m_extra->setMinimumHeight(80);
    m_extraMessage = makeErrorLabel(this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(QString(), m_nameMessage);
    form->addRow(tr("Partitions"), m_partitions);
    form->addRow(tr("Replication factor"), m_replication);
    form->addRow(QString(), m_replicationMessage);
    form->addRow(QStringLiteral("cleanup.policy"), m_cleanupPolicy);
    for (const QString& name : numericConfigs()) {
        auto* edit = new QLineEdit(this);
        edit->setPlaceholderText(tr("(default)"));
        edit->setObjectName(name);
        auto* message = makeErrorLabel(this);
        m_configEdits.insert(name, edit);
        m_configMessages.insert(name, message);
        form->addRow(name, edit);
        form->addRow(QString(), message);
        connect(edit, &QLineEdit::textChanged, this, &CreateTopicDialog::validate);
    }
    form->addRow(tr("Other configs"), m_extra);
    form->addRow(QString(), m_extraMessage);

    auto* buttons = new QDialogButtonBox(this);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_create = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    m_create->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(560, 600);

    connect(m_name, &QLineEdit::textChanged, this, &CreateTopicDialog::validate);
    connect(m_replication, &QSpinBox::valueChanged, this, &CreateTopicDialog::validate);
    connect(m_extra, &QPlainTextEdit::textChanged, this, &CreateTopicDialog::validate);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, &CreateTopicDialog::create);
    validate();
}

std::optional<QMap<QString, QString>> CreateTopicDialog::configs() const
{
    bool ok = true;
    QMap<QString, QString> out;
    if (const QString policy = m_cleanupPolicy->currentData().toString(); !policy.isEmpty())
        out.insert(QStringLiteral("cleanup.policy"), policy);
    for (auto it = m_configEdits.begin(); it != m_configEdits.end(); ++it) {
        const QString text = it.value()->text().trimmed();
        if (text.isEmpty())
            continue;
        bool number = false;
        text.toLongLong(&number);
        ok = ok && number;
        out.insert(it.key(), text);
    }
    QStringList problems;
    const QMap<QString, QString> extra = parseConfigLines(m_extra->toPlainText(), &problems);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        ok = ok && !out.contains(it.key());
    out.insert(extra);
    if (!ok || !problems.isEmpty())
        return std::nullopt;
    return out;
}

void CreateTopicDialog::validate()
{
    bool ok = true;
    const QString name = m_name->text();
    if (name.isEmpty()) {
        say(m_nameMessage, QString()); // nothing typed yet: no reproach, but nothing to create either
        ok = false;
    } else {
        const TopicNameVerdict v = m_naming.check(name);
        if (!v.error.isEmpty()) {
            say(m_nameMessage, tr("Kafka refuses this name: %1").arg(v.error), kRed);
            ok = false;
        } else if (!v.warnings.isEmpty()) {
            say(m_nameMessage, tr("Convention: %1").arg(v.warnings.join(QLatin1String("; "))), kAmber);
        } else if (v.internal) {
            say(m_nameMessage, tr("Names starting with \"__\" are meant for Kafka's own internal topics."), kAmber);
        } else {
            say(m_nameMessage, QString());
        }
    }

    const int replication = m_replication->value();
    if (m_brokerCount > 0 && replication > m_brokerCount) {
        say(m_replicationMessage,
            tr("The cluster has %n broker(s): a replication factor of %1 is refused.", nullptr, m_brokerCount)
                .arg(replication),
            kRed);
        ok = false;
    } else {
        say(m_replicationMessage, QString());
    }

    QStringList extraProblems;
    const QMap<QString, QString> extra = parseConfigLines(m_extra->toPlainText(), &extraProblems);
    for (auto it = m_configEdits.begin(); it != m_configEdits.end(); ++it) {
        const QString text = it.value()->text().trimmed();
        QLabel* message = m_configMessages.value(it.key());
        bool number = false;
        const qlonglong n = text.toLongLong(&number);
        if (!text.isEmpty() && !number) {
            say(message, tr("%1 must be a whole number.").arg(it.key()), kRed);
            ok = false;
        } else if (it.key() == QLatin1String("min.insync.replicas") && n > replication) {
            say(message,
                tr("Above the replication factor (%1): producers with acks=all will be refused.").arg(replication),
                kAmber);
        } else {
            say(message, QString()); // empty, or a valid number
        }
        if (!text.isEmpty() && extra.contains(it.key()))
            extraProblems.append(tr("%1 is set both in its field and here").arg(it.key()));
    }
    if (m_cleanupPolicy->currentIndex() > 0 && extra.contains(QStringLiteral("cleanup.policy")))
        extraProblems.append(tr("cleanup.policy is set both in its field and here"));
    say(m_extraMessage, extraProblems.join(QLatin1Char('\n')), kRed);
    ok = ok && extraProblems.isEmpty();

    m_valid = ok;
    m_create->setEnabled(m_valid && !m_busy);
}

void CreateTopicDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_create->setEnabled(m_valid && !m_busy);
    m_cancel->setEnabled(!m_busy);
}

void CreateTopicDialog::create()
{
    validate();
    const std::optional<QMap<QString, QString>> cfg = configs();
    if (!m_valid || m_busy || !cfg)
        return;
    const QString name = m_name->text();
    const int partitions = m_partitions->value();
    const int replication = m_replication->value();
    setBusy(true);
    say(m_status, tr("Creating…"));
    connect(
        m_admin, &TopicAdmin::topicCreated, this,
        [this](const QString& name, const QString& error) {
            setBusy(false);
            if (!error.isEmpty()) {
                say(m_status, tr("Not created: %1").arg(error), kRed);
                return;
            }
            say(m_status, tr("Created %1.").arg(name));
            Q_EMIT created(name);
            accept();
        },
        Qt::SingleShotConnection);
    m_admin->createTopic(name, partitions, replication, *cfg);
}

// ---- DeleteTopicDialog ----------------------------------------------------------------------------------------

DeleteTopicDialog::DeleteTopicDialog(QList<ClientProperty> connection, QString topic, QWidget* parent)
    : QDialog(parent)
    , m_connection(std::move(connection))
    , m_topic(std::move(topic))
{
    setWindowTitle(tr("Delete topic %1").arg(m_topic));
    auto* text = new QLabel(tr("<p>Deleting <b>%1</b> removes all its partitions and messages for good. Consumer "
                               "groups lose their place in it, and a producer or consumer that still uses it may "
                               "create it again, empty, if the broker allows auto.create.topics.enable.</p>"
                               "<p>This cannot be undone. Type the topic's name to confirm.</p>")
                                .arg(m_topic.toHtmlEscaped()),
        this);
    text->setWordWrap(true);
    m_confirm = new QLineEdit(this);
    m_confirm->setPlaceholderText(m_topic);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QDialogButtonBox(this);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_delete = buttons->addButton(tr("Delete topic"), QDialogButtonBox::DestructiveRole);
    m_delete->setAutoDefault(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_confirm);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());

    connect(m_confirm, &QLineEdit::textChanged, this, &DeleteTopicDialog::updateButtons);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_delete, &QPushButton::clicked, this, &DeleteTopicDialog::run);
    updateButtons();
}

void DeleteTopicDialog::updateButtons()
{
    m_delete->setEnabled(!m_busy && m_confirm->text() == m_topic);
    m_cancel->setEnabled(!m_busy);
}

void DeleteTopicDialog::run()
{
    if (m_busy || m_confirm->text() != m_topic)
        return;
    m_busy = true;
    updateButtons();
    say(m_status, tr("Deleting…"));
    connect(
        m_admin, &TopicAdmin::topicDeleted, this,
        [this](const QString&, const QString& error) {
            m_busy = false;
            updateButtons();
            if (!error.isEmpty()) {
                say(m_status, tr("Not deleted: %1").arg(error), kRed);
                return;
            }
            say(m_status, tr("Deleted."));
            Q_EMIT deleted(m_topic);
            accept();
        },
        Qt::SingleShotConnection);
    m_admin->deleteTopic(m_topic);
}

} // namespace kafkalab
