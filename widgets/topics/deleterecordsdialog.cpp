// DeleteRecordsDialog and its 64-bit offset spin box (the other dialogs: topicdialogs.cpp, topicconfigdialog.cpp,
// topicpartitiondialogs.cpp).

#include "widgets/topics/topicdialogs.h"

#include "kafkacore/produce/keystrategy.h"
#include "widgets/topics/topicdialogutil.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace kafkalab {

namespace {

using detail::kRed;
using detail::number;
using detail::say;

} // namespace

// ---- OffsetSpinBox --------------------------------------------------------------------------------------------

OffsetSpinBox::OffsetSpinBox(QWidget* parent)
    : QAbstractSpinBox(parent)
{
    lineEdit()->setText(QStringLiteral("0"));
    connect(lineEdit(), &QLineEdit::textEdited, this, [this] { setValueFromText(false); });
    connect(this, &QAbstractSpinBox::editingFinished, this, [this] { setValueFromText(true); });
}

void OffsetSpinBox::setRange(qint64 min, qint64 max)
{
    m_min = min;
    m_max = std::max(min, max);
    updateGeometry();
    setValue(m_value);
}

void OffsetSpinBox::setValue(qint64 value)
{
    value = std::clamp(value, m_min, m_max);
    const bool changed = value != m_value;
    m_value = value;
    if (lineEdit()->text() != QString::number(value))
        lineEdit()->setText(QString::number(value));
    update();
    if (changed)
        Q_EMIT valueChanged(value);
}

void OffsetSpinBox::stepBy(int steps)
{
    qint64 v = m_value;
    if (steps > 0)
        v = (m_max - v < steps) ? m_max : v + steps;
    else if (steps < 0)
        v = (v - m_min < -qint64(steps)) ? m_min : v + steps;
    setValue(v);
    selectAll();
}

QAbstractSpinBox::StepEnabled OffsetSpinBox::stepEnabled() const
{
    if (isReadOnly())
        return StepNone;
    StepEnabled e = StepNone;
    if (m_value > m_min)
        e |= StepDownEnabled;
    if (m_value < m_max)
        e |= StepUpEnabled;
    return e;
}

QValidator::State OffsetSpinBox::validate(QString& input, int&) const
{
    if (input.isEmpty() || (input == QLatin1String("-") && m_min < 0))
        return QValidator::Intermediate;
    bool ok = false;
    const qint64 v = input.toLongLong(&ok);
    if (!ok)
        return QValidator::Invalid;
    return (v >= m_min && v <= m_max) ? QValidator::Acceptable : QValidator::Intermediate;
}

void OffsetSpinBox::fixup(QString& input) const
{
    bool ok = false;
    const qint64 v = input.toLongLong(&ok);
    input = QString::number(ok ? std::clamp(v, m_min, m_max) : m_value);
}

void OffsetSpinBox::setValueFromText(bool rewrite)
{
    bool ok = false;
    const qint64 v = lineEdit()->text().toLongLong(&ok);
    if (rewrite) {
        setValue(ok ? v : m_value);
        if (lineEdit()->text() != QString::number(m_value))
            lineEdit()->setText(QString::number(m_value));
    } else if (ok && v >= m_min && v <= m_max && v != m_value) {
        m_value = v; // keep the text as typed
        Q_EMIT valueChanged(v);
    }
}

QSize OffsetSpinBox::sizeHint() const
{
    QSize s = QAbstractSpinBox::sizeHint();
    const int digits = fontMetrics().horizontalAdvance(QString::number(m_max) + QStringLiteral("00"));
    s.setWidth(std::max(s.width(), digits + 40));
    return s;
}

// ---- DeleteRecordsDialog --------------------------------------------------------------------------------------

DeleteRecordsDialog::DeleteRecordsDialog(QList<ClientProperty> connection, QString topic,
    const QList<QPair<int, QPair<qint64, qint64>>>& partitions, QWidget* parent)
    : QDialog(parent)
    , m_connection(std::move(connection))
    , m_topic(std::move(topic))
{
    setWindowTitle(tr("Delete records of %1").arg(m_topic));
    auto* intro = new QLabel(tr("Delete the oldest messages of <b>%1</b>: in each partition, everything before the "
                                "offset you choose. The low watermark moves up to it; consumers positioned below it "
                                "continue from the new start (auto.offset.reset). This cannot be undone.")
                                 .arg(m_topic.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);

    auto* rows = new QWidget;
    auto* grid = new QGridLayout(rows);
    grid->addWidget(new QLabel(tr("<b>Partition</b>"), rows), 0, 0);
    grid->addWidget(new QLabel(tr("<b>Low – high watermark</b>"), rows), 0, 1);
    grid->addWidget(new QLabel(tr("<b>Delete before offset</b>"), rows), 0, 2);
    int row = 1;
    for (const auto& p : partitions) {
        const qint64 low = p.second.first;
        const qint64 high = p.second.second;
        const bool known = low >= 0 && high >= low;
        m_watermarks.insert(p.first, { low, high });
        auto* spin = new OffsetSpinBox(rows);
        spin->setRange(known ? low : 0, known ? high : 0);
        spin->setValue(known ? low : 0);
        spin->setEnabled(known);
        auto* range = new QLabel(rows);
        m_spins.insert(p.first, spin);
        m_rangeLabels.insert(p.first, range);
        grid->addWidget(new QLabel(QString::number(p.first), rows), row, 0);
        grid->addWidget(range, row, 1);
        grid->addWidget(spin, row, 2);
        ++row;
        connect(spin, &OffsetSpinBox::valueChanged, this, &DeleteRecordsDialog::updatePreview);
    }
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(row, 1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(rows);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* all = new QPushButton(tr("Everything"), this);
    all->setToolTip(tr("Delete before the high watermark in every partition."));
    auto* none = new QPushButton(tr("Nothing"), this);
    auto* quick = new QHBoxLayout;
    quick->addWidget(new QLabel(tr("Set every partition to:"), this));
    quick->addWidget(all);
    quick->addWidget(none);
    quick->addStretch(1);

    m_preview = new QLabel(this);
    m_preview->setWordWrap(true);
    QFont bold = m_preview->font();
    bold.setBold(true);
    m_preview->setFont(bold);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QDialogButtonBox(this);
    m_delete = buttons->addButton(tr("Delete records…"), QDialogButtonBox::DestructiveRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_delete->setAutoDefault(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
    layout->addLayout(quick);
    layout->addWidget(m_preview);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(560, std::min(640, 260 + 34 * int(partitions.size())));

    connect(all, &QPushButton::clicked, this, [this] {
        for (OffsetSpinBox* s : std::as_const(m_spins))
            s->setValue(s->maximum());
    });
    connect(none, &QPushButton::clicked, this, [this] {
        for (OffsetSpinBox* s : std::as_const(m_spins))
            s->setValue(s->minimum());
    });
    connect(m_delete, &QPushButton::clicked, this, &DeleteRecordsDialog::confirm);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    say(m_status, QString());
    showLows({});
}

QMap<int32_t, int64_t> DeleteRecordsDialog::request() const
{
    QMap<int32_t, int64_t> out;
    for (auto it = m_spins.begin(); it != m_spins.end(); ++it) {
        const qint64 low = m_watermarks.value(it.key()).first;
        if (it.value()->isEnabled() && low >= 0 && it.value()->value() > low)
            out.insert(it.key(), it.value()->value());
    }
    return out;
}

qint64 DeleteRecordsDialog::messagesToDelete() const
{
    qint64 total = 0;
    const QMap<int32_t, int64_t> r = request();
    for (auto it = r.begin(); it != r.end(); ++it)
        total += it.value() - m_watermarks.value(it.key()).first;
    return total;
}

void DeleteRecordsDialog::updatePreview()
{
    const QMap<int32_t, int64_t> r = request();
    QStringList parts;
    qint64 total = 0;
    for (auto it = r.begin(); it != r.end(); ++it) {
        const qint64 k = it.value() - m_watermarks.value(it.key()).first;
        total += k;
        parts.append(tr("partition %1: %2").arg(it.key()).arg(number(k)));
    }
    const QString detail = parts.join(QLatin1String(", "));
    // Offsets, not messages: transaction markers and compaction gaps take offsets too.
    if (total == 0)
        m_preview->setText(tr("Nothing will be deleted."));
    else if (total == 1)
        m_preview->setText(tr("The record at 1 offset will be deleted (%1)").arg(detail));
    else
        m_preview->setText(tr("The records at %1 offsets will be deleted (%2): at most %1 messages, as transaction "
                              "markers and compaction gaps take offsets too")
                               .arg(number(total), detail));
    m_delete->setEnabled(!m_busy && total > 0);
    m_close->setEnabled(!m_busy);
}

QMessageBox* DeleteRecordsDialog::confirmation() const
{
    return m_confirmation.data();
}

void DeleteRecordsDialog::confirm()
{
    const QMap<int32_t, int64_t> before = request();
    if (m_busy || before.isEmpty() || m_confirmation)
        return;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Delete records"),
        tr("%1\n\nDelete them from %2 for good?").arg(m_preview->text(), m_topic), QMessageBox::Yes | QMessageBox::No,
        this);
    box->button(QMessageBox::Yes)->setText(tr("Delete records"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_confirmation = box;
    connect(box, &QMessageBox::finished, this, [this, box, before](int result) {
        QAbstractButton* clicked = box->clickedButton();
        const bool yes = clicked ? clicked == box->button(QMessageBox::Yes)
                                 : (result == QMessageBox::Yes || result == QDialog::Accepted);
        m_confirmation = nullptr;
        if (yes)
            run(before);
    });
    box->open();
}

void DeleteRecordsDialog::run(const QMap<int32_t, int64_t>& before)
{
    if (m_busy)
        return;
    m_busy = true;
    updatePreview();
    say(m_status, tr("Deleting…"));
    connect(
        m_admin, &TopicAdmin::recordsDeleted, this,
        [this](const QString&, const DeleteRecordsResult& result) {
            m_busy = false;
            if (!result.lows) {
                say(m_status, tr("Not deleted: %1").arg(result.error), kRed);
                updatePreview();
                return;
            }
            showLows(*result.lows);
            Q_EMIT deleted();
        },
        Qt::SingleShotConnection);
    m_admin->deleteRecords(m_topic, before);
}

void DeleteRecordsDialog::showLows(const QMap<int32_t, int64_t>& lows)
{
    QStringList changed;
    for (auto it = lows.begin(); it != lows.end(); ++it) {
        if (!m_watermarks.contains(it.key()))
            continue;
        QPair<qint64, qint64>& w = m_watermarks[it.key()];
        w.first = it.value();
        w.second = std::max(w.second, w.first);
        changed.append(tr("partition %1: %2").arg(it.key()).arg(number(it.value())));
    }
    for (auto it = m_spins.begin(); it != m_spins.end(); ++it) {
        const auto [low, high] = m_watermarks.value(it.key());
        const bool known = low >= 0 && high >= low;
        QLabel* range = m_rangeLabels.value(it.key());
        if (!known) {
            range->setText(tr("watermarks not known"));
            continue;
        }
        range->setText(tr("%1 – %2 (%3 offsets)").arg(number(low), number(high), number(high - low)));
        it.value()->setRange(low, high);
        it.value()->setValue(low);
    }
    if (!changed.isEmpty())
        say(m_status, tr("Deleted. New low watermarks: %1.").arg(changed.join(QLatin1String(", "))));
    updatePreview();
}

} // namespace kafkalab
