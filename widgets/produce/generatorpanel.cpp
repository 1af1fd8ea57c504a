#include "widgets/produce/generatorpanel.h"

#include "kafkacore/produce/publishschemas.h"
#include "kafkacore/topics/topicadmin.h"
#include "widgets/common/errorlabel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace kafkalab {

namespace {
enum Strategy { Aggregate, Customer, Zipf, Uuid, Null, Fixed, File };
}

GeneratorPanel::GeneratorPanel(QWidget* parent)
    : QWidget(parent)
{
    // The spin box takes any count, so nothing typed is silently put back to the last value; checkCount() says
    // when it is outside 1 to BulkSpec::kMaxCount. An emptied field becomes 0, which it then reports.
    m_count = new QSpinBox(this);
    m_count->setRange(0, std::numeric_limits<int>::max());
    m_count->setValue(10000);
    m_count->setGroupSeparatorShown(true);
    m_count->setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
    m_countError = makeErrorLabel(this);
    m_topicLabel = new QLabel(this);
    m_topicLabel->setWordWrap(true);
    m_topicLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_strategy = new QComboBox(this);
    m_strategy->addItem(tr("Aggregate id — order-<i mod K>: one order's events stay ordered on one partition"));
    m_strategy->addItem(tr("Customer id — customer-<n>, n uniform over K"));
    m_strategy->addItem(tr("Customer id, Zipf-skewed — a few customers are hot"));
    m_strategy->addItem(tr("Random UUID — maximum spread, no ordering"));
    m_strategy->addItem(tr("Null key — sticky partitioner, no ordering"));
    m_strategy->addItem(tr("One fixed hot key"));
    m_strategy->addItem(tr("Keys from a file (one per line)"));
    m_entities = new QSpinBox(this);
    m_entities->setRange(1, 100000000);
    m_entities->setValue(1000);
    m_entities->setGroupSeparatorShown(true);
    m_argument = new QLineEdit(this);
    m_browse = new QPushButton(tr("Browse…"), this);
    auto* argRow = new QHBoxLayout;
    argRow->addWidget(m_argument, 1);
    argRow->addWidget(m_browse);
    m_valueKind = new QComboBox(this);
    m_valueKind->addItems({ tr("JSON template"), tr("Random bytes") });
    m_template = new QLineEdit(QStringLiteral(R"({"order":"{{key}}","seq":{{i}},"id":"{{uuid}}","ts":{{ts}}})"), this);
    m_template->setToolTip(tr("Placeholders: {{i}} message number, {{key}} the key, {{uuid}} a random UUID, {{ts}} "
                              "milliseconds since the epoch"));
    m_fromSchema = new QPushButton(tr("From schema"), this);
    m_fromSchema->setToolTip(tr("A template with every field of the value schema at a plain default"));
    auto* templateRow = new QHBoxLayout;
    templateRow->addWidget(m_template, 1);
    templateRow->addWidget(m_fromSchema);
    m_schemaLabel = new QLabel(this);
    m_schemaLabel->setWordWrap(true);
    m_schemaLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_valueSize = new QSpinBox(this);
    m_valueSize->setRange(0, 10 * 1024 * 1024);
    m_valueSize->setValue(100);
    m_valueSize->setSuffix(tr(" bytes"));
    m_rate = new QDoubleSpinBox(this);
    m_rate->setRange(0, 10000000);
    m_rate->setDecimals(0);
    m_rate->setSpecialValueText(tr("unlimited"));
    m_rate->setSuffix(tr(" msgs/s"));
    m_start = new QPushButton(tr("Start"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_error = makeErrorLabel(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // a narrow column: labels above their fields
    form->addRow(tr("Topic"), m_topicLabel);
    form->addRow(tr("Messages"), m_count);
    form->addRow(QString(), m_countError);
    form->addRow(tr("Key strategy"), m_strategy);
    form->addRow(tr("K (entities)"), m_entities);
    form->addRow(tr("Key / file"), argRow);
    form->addRow(tr("Value"), m_valueKind);
    form->addRow(tr("Template"), templateRow);
    form->addRow(tr("Schema"), m_schemaLabel);
    form->addRow(tr("Size"), m_valueSize);
    form->addRow(tr("Rate limit"), m_rate);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addStretch(1);

    connect(m_strategy, &QComboBox::currentIndexChanged, this, &GeneratorPanel::updateFields);
    connect(m_valueKind, &QComboBox::currentIndexChanged, this, &GeneratorPanel::updateFields);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Keys file"));
        if (!file.isEmpty())
            m_argument->setText(file);
    });
    connect(m_start, &QPushButton::clicked, this, &GeneratorPanel::onStartClicked);
    connect(m_fromSchema, &QPushButton::clicked, this, [this] {
        QString error;
        const auto text = m_encoder ? templateFromSchema(*m_encoder, true, &error) : std::nullopt;
        if (text) {
            m_template->setText(QString::fromUtf8(*text));
            m_error->hide();
        } else {
            m_error->setText(tr("No template from the schema: %1").arg(error));
            m_error->show();
        }
    });
    // Every keystroke, intermediate text (an emptied field) included; QSpinBox::textChanged skips those.
    connect(m_count->findChild<QLineEdit*>(), &QLineEdit::textChanged, this, &GeneratorPanel::checkCount);
    connect(m_cancel, &QPushButton::clicked, this, &GeneratorPanel::cancelRequested);
    setValueSchema(nullptr);
    updateFields();
    setTopic(QString());
}

void GeneratorPanel::setValueSchema(std::shared_ptr<const schemas::SchemaEncoder> encoder)
{
    m_encoder = std::move(encoder);
    if (m_encoder) {
        const schemas::RegisteredSchema& s = m_encoder->schema();
        m_schemaLabel->setText(tr("JSON templates are encoded with schema id <b>%1</b> (%2, version %3 of %4: the One "
                                  "message tab's value schema)")
                                   .arg(s.id)
                                   .arg(schemas::schemaTypeName(s.type))
                                   .arg(s.version)
                                   .arg(s.subject.toHtmlEscaped()));
    } else {
        m_schemaLabel->setText(tr("none: values are sent as they are (choose <i>Schema</i> on the One message tab to "
                                  "encode them)"));
    }
    m_fromSchema->setEnabled(m_encoder != nullptr);
}

void GeneratorPanel::setTopic(const QString& topic)
{
    m_topic = topic;
    m_topicLabel->setText(topic.isEmpty()
            ? tr("<span style='color:#c62828'>none: choose one on the <i>One message</i> tab</span>")
            : tr("<b>%1</b> (the topic chosen on the <i>One message</i> tab)").arg(topic.toHtmlEscaped()));
}

void GeneratorPanel::clearResult()
{
    if (m_running)
        return;
    m_summary->clear();
    m_progress->setValue(0);
    m_error->clear();
    m_error->hide();
}

QString GeneratorPanel::checkCount()
{
    QString error;
    const QLocale locale;
    const QString range = tr("from %1 to %2").arg(locale.toString(1), locale.toString(qulonglong(BulkSpec::kMaxCount)));
    if (!m_count->hasAcceptableInput())
        error = tr("Enter how many messages to send, %1.").arg(range);
    else if (m_count->value() < 1 || uint64_t(m_count->value()) > BulkSpec::kMaxCount)
        error = tr("%1 is not a message count this generator sends: enter one %2.")
                    .arg(locale.toString(m_count->value()), range);
    m_countError->setText(error);
    m_countError->setVisible(!error.isEmpty());
    m_start->setEnabled(!m_running && error.isEmpty());
    return error;
}

void GeneratorPanel::onStartClicked()
{
    if (m_running || m_confirmation || !checkCount().isEmpty())
        return;
    const int count = m_count->value();
    if (count <= kConfirmAbove) {
        Q_EMIT startRequested();
        return;
    }
    // One question, not blocking the window; the run starts only on Yes.
    auto* box = new QMessageBox(QMessageBox::Question, tr("Start a large run?"),
        tr("Send %1 messages to <b>%2</b>?").arg(QLocale().toString(count), m_topic.toHtmlEscaped()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setInformativeText(tr("Runs of more than %1 messages take a while and fill the topic; Cancel stops a "
                               "run, but what was sent stays.")
                                .arg(QLocale().toString(kConfirmAbove)));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    m_confirmation = box;
    connect(box, &QMessageBox::finished, this, [this, count](int result) {
        if (result == QMessageBox::Yes && !m_running && m_count->value() == count && checkCount().isEmpty())
            Q_EMIT startRequested();
    });
    box->open();
}

void GeneratorPanel::updateFields()
{
    const int s = m_strategy->currentIndex();
    m_entities->setEnabled(s == Aggregate || s == Customer || s == Zipf);
    m_argument->setEnabled(s == Fixed || s == File);
    m_browse->setEnabled(s == File);
    m_argument->setPlaceholderText(s == Fixed ? tr("the hot key, e.g. customer-1")
            : s == File                       ? tr("path of a keys file")
                                              : QString());
    const bool json = m_valueKind->currentIndex() == 0;
    m_template->setEnabled(json);
    m_valueSize->setEnabled(!json);
}

std::optional<BulkSpec> GeneratorPanel::spec(const QString& topic)
{
    static const char* const prefixes[] = { "aggregate:", "customer:", "zipf:", "uuid", "null", "fixed:", "file:" };
    const int s = m_strategy->currentIndex();
    QString text = QString::fromLatin1(prefixes[s]);
    if (s == Aggregate || s == Customer || s == Zipf)
        text += QString::number(m_entities->value());
    else if (s == Fixed || s == File)
        text += m_argument->text();
    if (!checkCount().isEmpty())
        return std::nullopt;
    QString error;
    const QString topicProblem = topicNameError(topic);
    if (!topicProblem.isEmpty())
        error = tr("Topic: %1 (choose one on the One message tab)").arg(topicProblem);
    BulkSpec spec;
    spec.topic = topic;
    spec.count = uint64_t(m_count->value());
    spec.ratePerSec = m_rate->value();
    const std::optional<KeyStrategy> keys
        = error.isEmpty() ? KeyStrategy::parse(text, &error) : std::optional<KeyStrategy>();
    if (keys) {
        spec.keys = *keys;
        if (m_valueKind->currentIndex() == 0) {
            auto t = ValueTemplate::json(m_template->text(), &error);
            if (t) {
                spec.value = std::make_shared<ValueTemplate>(std::move(*t));
                if (m_encoder)
                    encodeTemplateWith(spec.value.get(), m_encoder, &error);
            }
        } else {
            spec.value = std::make_shared<ValueTemplate>(ValueTemplate::randomBytes(size_t(m_valueSize->value())));
        }
    }
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    if (!error.isEmpty())
        return std::nullopt;
    return spec;
}

void GeneratorPanel::setRunning(bool running)
{
    m_running = running;
    m_start->setEnabled(!running && m_countError->isHidden());
    m_cancel->setEnabled(running);
    if (running) {
        m_progress->setValue(0);
        m_summary->clear();
        m_error->hide();
    }
}

void GeneratorPanel::showProgress(const BulkProgress& p)
{
    const double done = p.requested ? double(p.delivered + p.failed + p.unknown) / double(p.requested) : 0;
    m_progress->setValue(int(done * 1000));
    QLocale locale;
    QString text = tr("%1 of %2 delivered, %3 failed — %4 msgs/s")
                       .arg(locale.toString(qulonglong(p.delivered)), locale.toString(qulonglong(p.requested)),
                           locale.toString(qulonglong(p.failed)), locale.toString(qlonglong(p.msgsPerSec())));
    if (p.unknown > 0)
        text += tr(", %1 unknown (may have been written)").arg(locale.toString(qulonglong(p.unknown)));
    if (!p.lastError.isEmpty())
        text += tr("<br><span style='color:#c62828'>Last error: %1</span>").arg(p.lastError.toHtmlEscaped());
    m_summary->setText(text);
}

void GeneratorPanel::showFinished(const BulkResult& r)
{
    const BulkProgress& p = r.progress;
    QLocale locale;
    if (p.sent == 0 && p.delivered == 0 && !p.lastError.isEmpty()) {
        m_error->setText(p.lastError);
        m_error->show();
    }
    QString text
        = tr("<b>%1</b>: %2 in %3 s (%4 msgs/s, %5).<br>Keys: %6; partitioner %7.")
              .arg(p.cancelled ? tr("Cancelled") : tr("Done"), p.outcome(locale).toHtmlEscaped(),
                  QString::number(double(p.elapsedMs) / 1000.0, 'f', 2), locale.toString(qlonglong(p.msgsPerSec())),
                  p.latencyText(locale).toHtmlEscaped(), r.keyStrategy.toHtmlEscaped(), r.partitioner);
    if (!p.stopReason.isEmpty())
        text += tr("<br><span style='color:#c62828'>%1</span>").arg(p.stopReason.toHtmlEscaped());
    for (auto it = p.errorCounts.begin(); it != p.errorCounts.end(); ++it)
        text += tr("<br><span style='color:#c62828'>%1 × %2</span>")
                    .arg(locale.toString(qulonglong(it.value())), it.key().toHtmlEscaped());
    m_summary->setText(text);
    m_progress->setValue(p.cancelled ? m_progress->value() : 1000);
    setRunning(false);
}

} // namespace kafkalab
