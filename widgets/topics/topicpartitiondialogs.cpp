// AddPartitionsDialog (the other dialogs: topicdialogs.cpp, topicconfigdialog.cpp, deleterecordsdialog.cpp).

#include "widgets/topics/topicdialogs.h"

#include "kafkacore/produce/keystrategy.h"
#include "widgets/topics/topicdialogutil.h"

#include <QAbstractButton>
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
#include <QSet>
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

// A key as text when it is printable UTF-8, else as hex.
QString keyText(const QByteArray& key)
{
    const QString s = QString::fromUtf8(key);
    const bool printable
        = s.toUtf8() == key && std::all_of(s.begin(), s.end(), [](QChar c) { return c.isPrint() || c.isSpace(); });
    return printable ? s : QStringLiteral("0x") + QString::fromLatin1(key.toHex());
}

QTableWidgetItem* cell(const QString& text, const QVariant& sort = {})
{
    auto* it = new QTableWidgetItem(text);
    it->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (sort.isValid())
        it->setData(Qt::UserRole, sort);
    return it;
}

} // namespace

// ---- AddPartitionsDialog --------------------------------------------------------------------------------------

AddPartitionsDialog::AddPartitionsDialog(
    QList<ClientProperty> connection, QString topic, int currentPartitions, QWidget* parent)
    : QDialog(parent)
    , m_connection(std::move(connection))
    , m_topic(std::move(topic))
    , m_current(currentPartitions)
{
    setWindowTitle(tr("Add partitions to %1").arg(m_topic));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    auto* intro = m_intro;
    m_count = new QSpinBox(this);
    m_count->setRange(m_current + 1, std::max(m_current + 1, 100000));
    m_count->setValue(m_current + 1);
    m_partitioner = new QComboBox(this);
    for (const PartitionerInfo& p : partitioners())
        m_partitioner->addItem(p.label, p.name);
    m_partitioner->setCurrentIndex(std::max(0, m_partitioner->findData(QStringLiteral("murmur2_random"))));
    m_partitioner->setToolTip(tr("The partitioner your producers use (Java clients: murmur2)."));

    m_sampleRadio = new QRadioButton(tr("Newest N messages of each partition"), this);
    m_sampleRadio->setChecked(true);
    m_sampleCount = new QSpinBox(this);
    m_sampleCount->setRange(1, 1000000);
    m_sampleCount->setValue(1000);
    m_fileRadio = new QRadioButton(tr("Keys file (one key a line)"), this);
    m_file = new QLineEdit(this);
    m_browse = new QPushButton(tr("Browse…"), this);
    auto* group = new QButtonGroup(this);
    group->addButton(m_sampleRadio);
    group->addButton(m_fileRadio);
    auto* keys = new QGridLayout;
    keys->addWidget(m_sampleRadio, 0, 0);
    keys->addWidget(m_sampleCount, 0, 1, 1, 2);
    keys->addWidget(m_fileRadio, 1, 0);
    keys->addWidget(m_file, 1, 1);
    keys->addWidget(m_browse, 1, 2);
    keys->setColumnStretch(1, 1);

    auto* form = new QFormLayout;
    form->addRow(tr("New partition count"), m_count);
    form->addRow(tr("Partitioner"), m_partitioner);
    form->addRow(tr("Keys"), keys);

    m_preview = new QPushButton(tr("Preview"), this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_summary->setFont(big);
    m_movesNote = new QLabel(this);
    m_movesNote->setWordWrap(true);
    m_moves = new QTableWidget(0, 3, this);
    m_moves->setHorizontalHeaderLabels({ tr("Key"), tr("From partition"), tr("To partition") });
    m_moves->verticalHeader()->hide();
    m_moves->verticalHeader()->setDefaultSectionSize(m_moves->fontMetrics().height() + 6);
    m_moves->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_moves->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_moves->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_moves->setWordWrap(false);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("Add partitions"), QDialogButtonBox::AcceptRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_apply->setAutoDefault(false);
    auto* previewRow = new QHBoxLayout;
    previewRow->addWidget(m_preview);
    previewRow->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(previewRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_movesNote);
    layout->addWidget(m_moves, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(640, 640);

    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file
            = QFileDialog::getOpenFileName(this, tr("Keys file"), m_file->text(), tr("Text files (*.txt);;All (*)"));
        if (!file.isEmpty())
            m_file->setText(file);
    });
    connect(m_count, &QSpinBox::valueChanged, this, &AddPartitionsDialog::updateButtons);
    connect(m_sampleCount, &QSpinBox::valueChanged, this, &AddPartitionsDialog::updateButtons);
    connect(m_partitioner, &QComboBox::currentIndexChanged, this, &AddPartitionsDialog::updateButtons);
    connect(m_sampleRadio, &QRadioButton::toggled, this, &AddPartitionsDialog::updateButtons);
    connect(m_file, &QLineEdit::textChanged, this, &AddPartitionsDialog::updateButtons);
    connect(m_preview, &QPushButton::clicked, this, &AddPartitionsDialog::preview);
    connect(m_apply, &QPushButton::clicked, this, &AddPartitionsDialog::confirm);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    say(m_summary, QString());
    say(m_movesNote, QString());
    say(m_status, QString());
    showCurrent();
    updateButtons();
}

void AddPartitionsDialog::showCurrent()
{
    m_intro->setText(tr("<b>%1</b> has %2 partitions. Partitions can be added, never removed; a keyed message goes to "
                        "hash(key) mod partitions, so adding partitions moves keys to other partitions and a key's "
                        "order across the change is lost. Preview first.")
                         .arg(m_topic.toHtmlEscaped(), number(m_current)));
}

QMessageBox* AddPartitionsDialog::confirmation() const
{
    return m_confirmation.data();
}

QString AddPartitionsDialog::keySourceKey() const
{
    return m_sampleRadio->isChecked() ? QStringLiteral("newest:%1").arg(m_sampleCount->value())
                                      : QStringLiteral("file:%1").arg(m_file->text());
}

QString AddPartitionsDialog::settingsKey() const
{
    return QStringLiteral("%1|%2|%3")
        .arg(m_count->value())
        .arg(m_partitioner->currentData().toString(), keySourceKey());
}

bool AddPartitionsDialog::previewIsCurrent() const
{
    return !m_previewKey.isEmpty() && m_previewKey == settingsKey();
}

void AddPartitionsDialog::updateButtons()
{
    m_sampleCount->setEnabled(m_sampleRadio->isChecked());
    m_file->setEnabled(m_fileRadio->isChecked());
    m_browse->setEnabled(m_fileRadio->isChecked());
    m_preview->setEnabled(!m_busy);
    m_apply->setEnabled(!m_busy && previewIsCurrent());
    const bool stale = !m_previewKey.isEmpty() && !previewIsCurrent();
    m_summary->setEnabled(!stale);
    m_moves->setEnabled(!stale);
    if (!m_busy && stale)
        say(m_status, tr("The settings changed since this preview: preview again before adding partitions."));
    else if (!m_busy && m_status->text().startsWith(tr("The settings changed")))
        say(m_status, QString());
}

void AddPartitionsDialog::preview()
{
    if (m_busy)
        return;
    const bool fromFile = m_fileRadio->isChecked();
    const QString file = m_file->text().trimmed();
    if (fromFile && file.isEmpty()) {
        say(m_status, tr("Choose a keys file, or sample the topic's newest messages."), kRed);
        return;
    }
    const QString key = settingsKey();
    const QString sourceKey = keySourceKey();
    const bool needKeys = sourceKey != m_keysKey;
    const int perPartition = m_sampleCount->value();
    const int current = m_current;
    const int count = m_count->value();
    const Partitioner partitioner
        = partitionerFromName(m_partitioner->currentData().toString()).value_or(Partitioner::Murmur2Random);
    m_busy = true;
    updateButtons();
    say(m_status,
        !needKeys      ? tr("Computing…")
            : fromFile ? tr("Reading the keys file…")
                       : tr("Reading the newest %1 messages of each partition…").arg(number(perPartition)));

    PartitionPreviewRequest request;
    request.needKeys = needKeys;
    request.fromFile = fromFile;
    request.file = file;
    request.perPartition = perPartition;
    request.keys = m_keys;
    request.current = current;
    request.count = count;
    request.partitioner = partitioner;
    connect(
        m_admin, &TopicAdmin::partitionPreviewReady, this,
        [this, key, sourceKey](const QString&, const PartitionPreviewResult& answer) {
            const PartitionPreviewResult* result = &answer;
            m_busy = false;
            if (!result->error.isEmpty()) {
                updateButtons();
                say(m_status, tr("No preview: %1").arg(result->error), kRed);
                return;
            }
            m_keys = result->keys;
            m_keysKey = sourceKey;
            m_previewKey = key;
            m_sampledMessages = result->keys.size();
            m_movedMessages = result->movedMessages;
            say(m_status, QString());
            showPreview(result->preview);
            updateButtons();
            Q_EMIT previewed(result->preview);
        },
        Qt::SingleShotConnection);
    m_admin->previewAddPartitions(m_topic, request);
}

void AddPartitionsDialog::showPreview(const PartitionChangePreview& p)
{
    m_shown = p;
    say(m_summary, previewText());
    const int rows = int(std::min<qsizetype>(p.moves.size(), kMaxMoveRows));
    if (p.moves.size() > rows)
        say(m_movesNote, tr("The first %1 of %2 keys that move:").arg(number(rows), number(p.moves.size())));
    else if (rows > 0)
        say(m_movesNote, tr("The keys that move:"));
    else
        say(m_movesNote, QString());
    m_moves->setSortingEnabled(false);
    m_moves->setUpdatesEnabled(false);
    m_moves->clearContents();
    m_moves->setRowCount(rows);
    for (int r = 0; r < rows; ++r) {
        const KeyMove& m = p.moves[r];
        m_moves->setItem(r, 0, cell(keyText(m.key)));
        m_moves->setItem(r, 1, cell(QString::number(m.from)));
        m_moves->setItem(r, 2, cell(QString::number(m.to)));
    }
    m_moves->setUpdatesEnabled(true);
}

QString AddPartitionsDialog::previewText() const
{
    const PartitionChangePreview& p = m_shown;
    if (p.keys == 0)
        return tr("No keys to check: only keyed messages keep their partition, and none were sampled.");
    const auto percent
        = [](qint64 part, qint64 whole) { return whole ? qRound(100.0 * double(part) / double(whole)) : 0; };
    return tr("%1% of sampled keys move (%2 of %3 distinct keys); %4% of sampled messages move (%5 of %6).")
        .arg(QString::number(percent(p.moved, p.keys)), number(p.moved), number(p.keys),
            QString::number(percent(m_movedMessages, m_sampledMessages)), number(m_movedMessages),
            number(m_sampledMessages));
}

void AddPartitionsDialog::confirm()
{
    if (m_busy || !previewIsCurrent() || m_confirmation)
        return;
    const int count = m_count->value();
    const int added = count - m_current;
    const QString moves = m_shown.keys ? tr("%1% of sampled keys move").arg(qRound(100.0 * m_shown.movedShare()))
                                       : tr("no keyed message was sampled, so what moves is not known");
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Add partitions"),
        tr("Add %1 to %2 (%3 → %4): %5; this cannot be undone.")
            .arg(added == 1 ? tr("1 partition") : tr("%1 partitions").arg(number(added)), m_topic, number(m_current),
                number(count), moves),
        QMessageBox::Yes | QMessageBox::No, this);
    box->setInformativeText(previewText()
        + tr("\n\nPartitions cannot be removed again, and the order of a moved key across the change is lost."));
    box->button(QMessageBox::Yes)->setText(tr("Add partitions"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_confirmation = box;
    connect(box, &QMessageBox::finished, this, [this, box](int result) {
        QAbstractButton* clicked = box->clickedButton();
        const bool yes = clicked ? clicked == box->button(QMessageBox::Yes)
                                 : (result == QMessageBox::Yes || result == QDialog::Accepted);
        m_confirmation = nullptr;
        if (yes)
            apply();
    });
    box->open();
}

void AddPartitionsDialog::apply()
{
    if (m_busy || !previewIsCurrent())
        return;
    const int count = m_count->value();
    m_busy = true;
    updateButtons();
    m_close->setEnabled(false);
    say(m_status, tr("Adding partitions: %1 → %2…").arg(number(m_current), number(count)));
    connect(
        m_admin, &TopicAdmin::partitionsAdded, this,
        [this, count](const QString&, int, const QString& answer) {
            const QString* error = &answer;
            m_busy = false;
            m_close->setEnabled(true);
            updateButtons();
            if (!error->isEmpty()) {
                say(m_status, tr("Not added: %1").arg(*error), kRed);
                return;
            }
            // Stays open to say so; the preview was about the old count.
            const int before = m_current;
            m_current = count;
            m_previewKey.clear();
            m_count->setRange(m_current + 1, std::max(m_current + 1, 100000));
            say(m_summary, QString());
            say(m_movesNote, QString());
            m_moves->setRowCount(0);
            showCurrent();
            updateButtons();
            say(m_status, tr("Done: %1 has %2 partitions now (was %3).").arg(m_topic, number(count), number(before)),
                "#2e7d32");
            m_close->setFocus();
            Q_EMIT applied();
        },
        Qt::SingleShotConnection);
    m_admin->addPartitions(m_topic, count);
}

} // namespace kafkalab
