#include "widgets/groups/groupresetbox.h"

#include "kafkacore/groups/groupadmin.h"
#include "widgets/common/errorlabel.h"
#include "widgets/common/flowlayout.h"
#include "widgets/common/readonlytable.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kafkalab {

namespace {

QString count(qint64 n)
{
    return QLocale().toString(qlonglong(n));
}

QString offsetText(int64_t v)
{
    return v < 0 ? QStringLiteral("—") : count(v);
}

// Of a preview: messages the group reads again (its offset moves back), messages it skips (moves forward), and
// partitions without a committed offset (where auto.offset.reset decides, so no count can be given).
struct Effect {
    qint64 again = 0;
    qint64 skipped = 0;
    int uncommitted = 0;
};

Effect effectOf(const QList<OffsetChange>& changes)
{
    Effect e;
    for (const OffsetChange& c : changes) {
        if (c.current < 0)
            ++e.uncommitted;
        else if (c.next < c.current)
            e.again += c.current - c.next;
        else
            e.skipped += c.next - c.current;
    }
    return e;
}

QString effectText(const Effect& e)
{
    QStringList parts;
    if (e.again > 0)
        parts.append(e.again == 1 ? QObject::tr("1 message will be consumed again")
                                  : QObject::tr("%1 messages will be consumed again").arg(count(e.again)));
    if (e.skipped > 0)
        parts.append(e.skipped == 1 ? QObject::tr("1 message will be skipped")
                                    : QObject::tr("%1 messages will be skipped").arg(count(e.skipped)));
    if (parts.isEmpty())
        parts.append(QObject::tr("no committed offset moves: nothing is consumed again or skipped"));
    if (e.uncommitted > 0)
        parts.append((e.uncommitted == 1 ? QObject::tr("1 partition had no committed offset")
                                         : QObject::tr("%1 partitions had no committed offset").arg(e.uncommitted))
            + QObject::tr(" (not counted: there the consumers started where auto.offset.reset said)"));
    return parts.join(QLatin1String("; "));
}

} // namespace

GroupResetBox::GroupResetBox(QWidget* parent)
    : QGroupBox(tr("Reset offsets"), parent)
{
    // The condition in the tooltip and the error beside the row: in the title it made the page wider than 1024 px.
    setToolTip(tr("Only while the group has no active members"));
    m_topic = new QComboBox(this);
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("earliest"), QStringLiteral("earliest"));
    m_kind->addItem(tr("latest"), QStringLiteral("latest"));
    m_kind->addItem(tr("offset"), QStringLiteral("offset"));
    m_kind->addItem(tr("date and time"), QStringLiteral("timestamp"));
    m_kind->addItem(tr("shift by"), QStringLiteral("shift"));
    m_kind->setToolTip(tr("earliest / latest: the start or the end of each partition; offset: one offset on every "
                          "partition; date and time: each partition's first message at or after it; shift by: "
                          "the committed offset plus N (negative: back)"));
    m_number = new QLineEdit(this);
    m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this);
    m_time->setTimeSpec(Qt::LocalTime);
    m_time->setCalendarPopup(true);
    m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_time->setToolTip(tr("Local time: each partition's committed offset becomes its first message at or after it."));
    m_previewButton = new QPushButton(tr("Preview"), this);
    m_applyButton = new QPushButton(tr("Apply…"), this);
    m_applyButton->setEnabled(false);
    m_error = makeErrorLabel(this);
    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    m_preview = makeReadOnlyTable({ tr("Partition"), tr("Current"), tr("New"), tr("Effect") }, this);
    m_preview->setObjectName(QStringLiteral("resetPreview"));
    m_preview->setMaximumHeight(140);

    auto* row = new FlowLayout; // wraps where the column is narrow
    row->addPair(new QLabel(tr("Topic"), this), m_topic);
    row->addPair(new QLabel(tr("to"), this), m_kind);
    row->addWidget(m_number);
    row->addWidget(m_time);
    row->addWidget(m_previewButton);
    row->addWidget(m_applyButton);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_error);
    layout->addWidget(m_result);
    layout->addWidget(m_preview);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        updateFields();
        inputsChanged();
    });
    connect(m_topic, &QComboBox::currentTextChanged, this, &GroupResetBox::inputsChanged);
    connect(m_number, &QLineEdit::textChanged, this, &GroupResetBox::inputsChanged);
    connect(m_time, &QDateTimeEdit::dateTimeChanged, this, &GroupResetBox::inputsChanged);
    connect(m_previewButton, &QPushButton::clicked, this, [this] { request(true); });
    connect(m_applyButton, &QPushButton::clicked, this, &GroupResetBox::confirm);
    updateFields();
}

QMessageBox* GroupResetBox::confirmation() const
{
    return m_confirmation.data();
}

void GroupResetBox::updateFields()
{
    const QString kind = m_kind->currentData().toString();
    m_number->setVisible(kind == QLatin1String("offset") || kind == QLatin1String("shift"));
    m_number->setPlaceholderText(
        kind == QLatin1String("shift") ? tr("N, e.g. -100 (back) or 50 (forward)") : tr("offset, e.g. 42"));
    m_time->setVisible(kind == QLatin1String("timestamp"));
}

void GroupResetBox::setGroup(const QString& group)
{
    if (group == m_group)
        return;
    m_group = group;
    clear();
}

void GroupResetBox::setTopics(const QStringList& topics)
{
    QStringList shown;
    for (int i = 0; i < m_topic->count(); ++i)
        shown.append(m_topic->itemText(i));
    if (shown == topics)
        return;
    const QString current = m_topic->currentText();
    m_topic->blockSignals(true);
    m_topic->clear();
    m_topic->addItems(topics);
    if (topics.contains(current))
        m_topic->setCurrentText(current);
    m_topic->blockSignals(false);
    if (m_topic->currentText() != current)
        inputsChanged();
}

void GroupResetBox::inputsChanged()
{
    clear();
}

void GroupResetBox::clear()
{
    m_pending.clear();
    m_previewButton->setEnabled(true);
    m_changes.clear();
    m_preview->setRowCount(0);
    m_applyButton->setEnabled(false);
    m_error->clear();
    m_error->hide();
    m_result->clear();
    m_result->hide();
    if (m_confirmation)
        m_confirmation->reject(); // it asked about what was chosen before
}

QString GroupResetBox::target(QString* error) const
{
    QString kind = m_kind->currentData().toString();
    if (kind == QLatin1String("earliest") || kind == QLatin1String("latest"))
        return kind;
    if (kind == QLatin1String("timestamp"))
        return QStringLiteral("timestamp:%1").arg(m_time->dateTime().toMSecsSinceEpoch());
    const QString text = m_number->text().trimmed();
    bool ok = false;
    const qlonglong n = QLocale().toLongLong(text, &ok);
    const qlonglong plain = ok ? n : text.toLongLong(&ok);
    if (!ok || (kind == QLatin1String("offset") && plain < 0)) {
        *error = kind == QLatin1String("offset")
            ? tr("Offset: '%1' is not an offset; enter a whole number, 0 or more.").arg(text)
            : tr("Shift: '%1' is not a whole number; enter e.g. -100 to go back or 50 to go forward.").arg(text);
        return QString();
    }
    return QStringLiteral("%1:%2").arg(kind).arg(plain);
}

void GroupResetBox::request(bool dryRun)
{
    clear();
    QString error;
    const QString t = target(&error);
    if (error.isEmpty() && m_group.isEmpty())
        error = tr("Select a group first.");
    else if (error.isEmpty() && m_topic->currentText().isEmpty())
        error = tr("The group has no committed offsets on any topic to reset.");
    else if (error.isEmpty() && !ResetTarget::parse(t, &error))
        error = tr("Target: %1").arg(error);
    if (!error.isEmpty()) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    m_pending = QStringLiteral("%1|%2|%3").arg(m_group, m_topic->currentText(), t);
    m_askedGroup = m_group;
    m_askedTopic = m_topic->currentText();
    m_shownTarget = m_kind->currentData().toString() == QLatin1String("timestamp")
        ? m_time->dateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
        : t;
    m_previewButton->setEnabled(false);
    m_result->setText(dryRun ? tr("Previewing…") : tr("Resetting…"));
    m_result->show();
    Q_EMIT requested(m_group, m_topic->currentText(), t, dryRun);
}

void GroupResetBox::showResult(const QList<OffsetChange>& changes, const QString& error, bool dryRun)
{
    m_previewButton->setEnabled(true);
    QString t;
    const QString key = QStringLiteral("%1|%2|%3").arg(m_group, m_topic->currentText(), target(&t));
    if (dryRun && (m_pending.isEmpty() || m_pending != key))
        return; // a preview of other inputs than those chosen now
    m_pending.clear();
    m_result->hide();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    if (!error.isEmpty()) {
        m_applyButton->setEnabled(false);
        return;
    }
    m_changes = changes;
    m_preview->setRowCount(int(changes.size()));
    for (int i = 0; i < changes.size(); ++i) {
        const OffsetChange& c = changes[i];
        QString effect;
        if (c.current < 0)
            effect = tr("no committed offset before");
        else if (c.next < c.current)
            effect = tr("%1 consumed again").arg(count(c.current - c.next));
        else if (c.next > c.current)
            effect = tr("%1 skipped").arg(count(c.next - c.current));
        else
            effect = tr("unchanged");
        const QStringList cells { QString::number(c.partition), offsetText(c.current), offsetText(c.next), effect };
        for (int col = 0; col < cells.size(); ++col)
            m_preview->setItem(i, col, new QTableWidgetItem(cells[col]));
    }
    m_preview->resizeColumnsToContents();
    const QString effect = effectText(effectOf(changes));
    if (dryRun) {
        m_applyButton->setEnabled(!changes.isEmpty());
        m_result->setText(tr("Preview for %1 on %2 to %3: %4.")
                              .arg(m_askedGroup.toHtmlEscaped(), m_askedTopic.toHtmlEscaped(),
                                  m_shownTarget.toHtmlEscaped(), effect));
    } else {
        m_applyButton->setEnabled(false);
        m_result->setText(
            tr("<span style='color:#2e7d32'>Done: the committed offsets of %1 on %2 were reset to "
               "%3 (%4); %5.</span>")
                .arg(m_askedGroup.toHtmlEscaped(), m_askedTopic.toHtmlEscaped(), m_shownTarget.toHtmlEscaped(),
                    changes.size() == 1 ? tr("1 partition") : tr("%1 partitions").arg(changes.size()), effect));
    }
    m_result->show();
}

void GroupResetBox::confirm()
{
    if (m_changes.isEmpty() || m_confirmation)
        return;
    const QString effect = effectText(effectOf(m_changes));
    auto* box = new QMessageBox(QMessageBox::Question, tr("Reset offsets"),
        tr("Move the committed offsets of group %1 on %2 to %3, as previewed?")
            .arg(m_group, m_topic->currentText(), m_shownTarget),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setInformativeText(effect[0].toUpper() + effect.mid(1) + QLatin1Char('.'));
    box->button(QMessageBox::Yes)->setText(tr("Reset offsets"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_confirmation = box;
    const QString asked = QStringLiteral("%1|%2|%3").arg(m_group, m_topic->currentText(), [this] {
        QString e;
        return target(&e);
    }());
    connect(box, &QMessageBox::finished, this, [this, box, asked](int result) {
        QAbstractButton* clicked = box->clickedButton();
        const bool yes = clicked ? clicked == box->button(QMessageBox::Yes) : result == QMessageBox::Yes;
        m_confirmation = nullptr;
        QString e;
        const QString now = QStringLiteral("%1|%2|%3").arg(m_group, m_topic->currentText(), target(&e));
        if (yes && now == asked && !m_changes.isEmpty())
            request(false);
    });
    box->open();
}

} // namespace kafkalab
