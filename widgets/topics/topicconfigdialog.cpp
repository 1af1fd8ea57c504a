// The topic configs dialog (the other topic dialogs: topicdialogs.cpp, topicpartitiondialogs.cpp,
// deleterecordsdialog.cpp).

#include "widgets/topics/topicdialogs.h"

#include "kafkacore/topics/topicadmin.h"
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

using detail::kRed;
using detail::say;

QTableWidgetItem* item(const QString& text, bool editable = false)
{
    auto* it = new QTableWidgetItem(text);
    it->setFlags(editable ? (Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable)
                          : (Qt::ItemIsSelectable | Qt::ItemIsEnabled));
    return it;
}

bool isOverride(const TopicConfigEntry& e)
{
    return e.source == QLatin1String("topic override");
}

constexpr int kOriginalRole = Qt::UserRole + 1;

} // namespace

// ---- TopicConfigDialog ----------------------------------------------------------------------------------------

TopicConfigDialog::TopicConfigDialog(QList<ClientProperty> connection, QString topic, QWidget* parent)
    : QDialog(parent)
    , m_connection(std::move(connection))
    , m_topic(std::move(topic))
{
    setWindowTitle(tr("Configs of %1").arg(m_topic));
    auto* title = new QLabel(tr("Configs of <b>%1</b>. Overridden configs are in bold; edit a value and Apply, or "
                                "reset an override to the cluster's default.")
                                 .arg(m_topic.toHtmlEscaped()),
        this);
    title->setWordWrap(true);
    m_table = new QTableWidget(0, 4, this);
    m_table->setHorizontalHeaderLabels({ tr("Name"), tr("Value"), tr("Default / overridden"), tr("Source") });
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_table->setWordWrap(false);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(this);
    m_reload = buttons->addButton(tr("Reload"), QDialogButtonBox::ResetRole);
    m_reset = buttons->addButton(tr("Reset to default"), QDialogButtonBox::ActionRole);
    m_apply = buttons->addButton(tr("Apply"), QDialogButtonBox::ApplyRole);
    auto* close = buttons->addButton(QDialogButtonBox::Close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(760, 620);

    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* it) {
        if (m_filling || it->column() != ValueColumn)
            return;
        QFont f = it->font();
        f.setItalic(it->text() != it->data(kOriginalRole).toString());
        m_filling = true;
        it->setFont(f);
        m_filling = false;
        updateButtons();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &TopicConfigDialog::updateButtons);
    connect(m_reload, &QPushButton::clicked, this, &TopicConfigDialog::reload);
    connect(m_reset, &QPushButton::clicked, this, &TopicConfigDialog::resetSelected);
    connect(m_apply, &QPushButton::clicked, this, &TopicConfigDialog::apply);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    reload();
}

QMap<QString, QString> TopicConfigDialog::edits() const
{
    QMap<QString, QString> out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QTableWidgetItem* value = m_table->item(r, ValueColumn);
        if (value && (value->flags() & Qt::ItemIsEditable) && value->text() != value->data(kOriginalRole).toString())
            out.insert(m_table->item(r, NameColumn)->text(), value->text());
    }
    return out;
}

void TopicConfigDialog::reload()
{
    run({});
}

void TopicConfigDialog::apply()
{
    QList<QPair<QString, std::optional<QString>>> changes;
    const QMap<QString, QString> e = edits();
    for (auto it = e.begin(); it != e.end(); ++it)
        changes.append({ it.key(), it.value() });
    if (!changes.isEmpty())
        run(changes);
}

void TopicConfigDialog::resetSelected()
{
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    if (selected.isEmpty())
        return;
    const int row = selected.first()->row();
    if (row < 0 || row >= m_entries.size() || !isOverride(m_entries[row]) || m_entries[row].readOnly)
        return;
    run({ { m_entries[row].name, std::nullopt } });
}

void TopicConfigDialog::run(const QList<QPair<QString, std::optional<QString>>>& changes)
{
    if (m_busy)
        return;
    m_busy = true;
    updateButtons();
    QStringList names;
    for (const auto& c : changes)
        names.append(c.first);
    say(m_status, changes.isEmpty() ? tr("Loading…") : tr("Applying %1…").arg(names.join(QLatin1String(", "))));

    connect(
        m_admin, &TopicAdmin::configsApplied, this,
        [this, changes, names](const QString&, const TopicConfigResult& answer) {
            const TopicConfigResult* result = &answer;
            m_busy = false;
            QStringList text;
            const char* color = nullptr;
            if (result->entries) {
                // Edits not sent stay as they were typed, as do those the broker refused.
                QMap<QString, QString> keep = edits();
                for (const auto& c : changes)
                    keep.remove(c.first);
                keep.insert(result->failedEdits);
                showEntries(*result->entries);
                for (int r = 0; r < m_table->rowCount(); ++r) {
                    QTableWidgetItem* value = m_table->item(r, ValueColumn);
                    const QString name = m_table->item(r, NameColumn)->text();
                    if (keep.contains(name) && (value->flags() & Qt::ItemIsEditable))
                        value->setText(keep.value(name));
                }
            } else {
                text.append(tr("Could not load the configs: %1").arg(result->loadError));
                color = kRed;
            }
            if (!result->failures.isEmpty()) {
                text.prepend(tr("Not changed: %1").arg(result->failures.join(QLatin1String("; "))));
                color = kRed;
            } else if (!changes.isEmpty() && result->loadError.isEmpty()) {
                text.prepend(changes.size() == 1 && !changes.first().second
                        ? tr("%1 is back to its default.").arg(changes.first().first)
                        : tr("Applied %1.").arg(names.join(QLatin1String(", "))));
            } else if (changes.isEmpty() && result->entries) {
                text.append(tr("%n config(s), %1 overridden.", nullptr, int(m_entries.size()))
                                .arg(std::count_if(m_entries.begin(), m_entries.end(), isOverride)));
            }
            say(m_status, text.join(QLatin1Char('\n')), color);
            updateButtons();
            Q_EMIT loaded();
        },
        Qt::SingleShotConnection);
    m_admin->applyConfigs(m_topic, changes);
}

void TopicConfigDialog::showEntries(const QList<TopicConfigEntry>& entries)
{
    QString selected;
    if (const QList<QTableWidgetItem*> items = m_table->selectedItems(); !items.isEmpty())
        selected = m_table->item(items.first()->row(), NameColumn)->text();
    m_filling = true;
    m_entries = entries;
    m_table->clearContents();
    m_table->setRowCount(int(entries.size()));
    for (int r = 0; r < entries.size(); ++r) {
        const TopicConfigEntry& e = entries[r];
        const bool overridden = isOverride(e);
        QTableWidgetItem* value = item(e.sensitive ? tr("(sensitive)") : e.value, !e.readOnly && !e.sensitive);
        value->setData(kOriginalRole, value->text());
        if (e.readOnly)
            value->setToolTip(tr("read-only"));
        const QList<QTableWidgetItem*> row
            = { item(e.name), value, item(overridden ? tr("overridden") : tr("default")), item(e.source) };
        for (int c = 0; c < row.size(); ++c) {
            if (overridden) {
                QFont f = row[c]->font();
                f.setBold(true);
                row[c]->setFont(f);
            }
            m_table->setItem(r, c, row[c]);
        }
        if (e.name == selected)
            m_table->selectRow(r);
    }
    m_table->resizeColumnToContents(NameColumn);
    m_table->resizeColumnToContents(ValueColumn);
    m_table->setColumnWidth(ValueColumn, std::min(m_table->columnWidth(ValueColumn) + 12, 320));
    m_table->resizeColumnToContents(StateColumn);
    m_filling = false;
}

void TopicConfigDialog::updateButtons()
{
    m_apply->setEnabled(!m_busy && !edits().isEmpty());
    m_reload->setEnabled(!m_busy);
    bool resettable = false;
    if (const QList<QTableWidgetItem*> items = m_table->selectedItems(); !items.isEmpty()) {
        const int row = items.first()->row();
        resettable = row < m_entries.size() && isOverride(m_entries[row]) && !m_entries[row].readOnly;
    }
    m_reset->setEnabled(!m_busy && resettable);
}

} // namespace kafkalab
