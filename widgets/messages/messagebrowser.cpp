#include "widgets/messages/messagebrowser.h"

#include "widgets/common/errorlabel.h"
#include "widgets/common/flowlayout.h"
#include "widgets/messages/messagedetail.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <limits>

namespace kafkalab {

namespace {

const char* const kFilterSyntax = QT_TRANSLATE_NOOP("kafkalab::MessageBrowser",
    "<p>Conditions joined with <b>and</b>: <i>target operator operand</i>.</p>"
    "<p><b>Targets:</b> key, value, header:NAME, any (key, value or any header), partition, offset, timestamp, "
    "or a JSON pointer such as /customer/id (on the value parsed as JSON).</p>"
    "<p><b>Operators:</b> contains (case-sensitive, on the bytes), matches (a regular expression), ==, !=, "
    "&lt;, &lt;=, &gt;, &gt;=.</p>"
    "<p><b>Operands:</b> \"quoted text\", a bare word, a number; true, false, null for JSON pointers; an ISO "
    "8601 date-time or milliseconds for timestamp.</p>"
    "<p><b>Examples:</b> value contains \"order-42\" · key matches ^customer-[0-9]+$ · header:trace-id == abc · "
    "/customer/id == 42 and partition == 3 · offset &gt;= 100 and offset &lt; 200 · "
    "timestamp &gt;= 2026-11-26T10:00:00Z. A plain word means any contains that word.</p>");

} // namespace

MessageBrowser::MessageBrowser(QWidget* parent)
    : QWidget(parent)
{
    qRegisterMetaType<ReadSummary>();
    qRegisterMetaType<PartitionProgress>();
    qRegisterMetaType<QList<PartitionProgress>>();
    qRegisterMetaType<MessageBatchPtr>();
    qRegisterMetaType<ReplaySummary>();
    m_model = new MessageModel(this);
    m_reader = new MessageReader(this);

    // What to read.
    m_topic = new QComboBox(this);
    m_topic->setEditable(true);
    m_topic->setInsertPolicy(QComboBox::NoInsert);
    m_topic->setMinimumContentsLength(18);
    m_topic->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_partitions = new QLineEdit(QStringLiteral("all"), this);
    m_partitions->setPlaceholderText(tr("all, or 0,2,5"));
    m_partitions->setToolTip(tr("The partitions to read: all, or their numbers separated by commas (0,2,5)."));
    m_partitions->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 16);
    m_partitionsError = makeErrorLabel(this);
    m_start = new QComboBox(this);
    m_start->addItem(tr("Newest N per partition"), int(ReadRequest::Start::Newest));
    m_start->addItem(tr("Beginning"), int(ReadRequest::Start::Beginning));
    m_start->addItem(tr("Offset"), int(ReadRequest::Start::Offset));
    m_start->addItem(tr("Timestamp"), int(ReadRequest::Start::Timestamp));
    m_start->addItem(tr("Live tail"), int(ReadRequest::Start::Tail));
    m_newest = new QSpinBox(this);
    m_newest->setRange(1, 100000000);
    m_newest->setValue(100);
    m_newest->setGroupSeparatorShown(true);
    m_newest->setToolTip(tr("How many of the newest messages to read from each partition."));
    m_offset = new QDoubleSpinBox(this);
    m_offset->setDecimals(0);
    m_offset->setRange(0, 1e15);
    m_offset->setToolTip(tr("The offset to start at on every chosen partition."));
    m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this);
    m_time->setTimeSpec(Qt::LocalTime);
    m_time->setCalendarPopup(true);
    m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_time->setToolTip(tr("Local time: each partition is read from its first message at or after it."));
    m_maxMessages = new QSpinBox(this);
    m_maxMessages->setRange(0, std::numeric_limits<int>::max());
    m_maxMessages->setGroupSeparatorShown(true);
    m_maxMessages->setSpecialValueText(tr("no limit"));
    m_maxMessages->setToolTip(tr("Stop after this many (matching) messages; 0: no limit."));
    m_stopAtEnd = new QCheckBox(tr("Stop at the end"), this);
    m_stopAtEnd->setChecked(true);
    m_stopAtEnd->setToolTip(tr("Stop when every partition is at the end it had when the read started."));
    m_isolation = new QComboBox(this);
    m_isolation->addItems({ QStringLiteral("read_committed"), QStringLiteral("read_uncommitted") });
    m_isolation->setToolTip(tr("read_committed (the default) hides messages of aborted transactions and of "
                               "transactions still open: it reads only up to the last stable offset.\n"
                               "read_uncommitted shows every message, aborted and open-transaction ones included."));
    m_readFilter = new QLineEdit(this);
    m_readFilter->setPlaceholderText(tr("Read filter, e.g. value contains \"order-42\""));
    m_readFilter->setClearButtonEnabled(true);
    m_readFilter->setToolTip(tr("Keep only matching messages (the read still scans everything).") + tr(kFilterSyntax));
    m_readFilterError = makeErrorLabel(this);
    m_read = new QPushButton(tr("Read"), this);
    m_read->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);

    // Rows that wrap where the window is narrow (1024 px, presentation mode's large type).
    auto* row1 = new FlowLayout;
    row1->addPair(new QLabel(tr("Topic"), this), m_topic);
    row1->addPair(new QLabel(tr("Partitions"), this), m_partitions);
    row1->addWidget(m_partitionsError);
    row1->addPair(new QLabel(tr("Start"), this), m_start);
    row1->addWidget(m_newest);
    row1->addWidget(m_offset);
    row1->addWidget(m_time);
    auto* row2 = new FlowLayout;
    row2->addPair(new QLabel(tr("Max messages"), this), m_maxMessages);
    row2->addWidget(m_stopAtEnd);
    row2->addPair(new QLabel(tr("Isolation"), this), m_isolation);
    row2->addWidget(m_readFilter);
    row2->addWidget(m_readFilterError);
    row2->addWidget(m_read);
    row2->addWidget(m_cancel);

    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::RichText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_barBox = new QWidget;
    m_barGrid = new QGridLayout(m_barBox);
    m_barGrid->setContentsMargins(0, 0, 0, 0);
    m_barGrid->setSpacing(2);
    m_barArea = new QScrollArea(this);
    m_barArea->setWidget(m_barBox);
    m_barArea->setWidgetResizable(true);
    m_barArea->setFrameShape(QFrame::NoFrame);
    m_barArea->setMaximumHeight(3 * (fontMetrics().height() + 8) + 4);
    m_barArea->hide();

    // What is loaded.
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search the loaded messages (same syntax as the read filter)"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr(kFilterSyntax));
    m_searchError = makeErrorLabel(this);
    m_matchCount = new QLabel(this);
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(250);
    m_capacity = new QSpinBox(this);
    m_capacity->setRange(1000, 100000000);
    m_capacity->setSingleStep(100000);
    m_capacity->setGroupSeparatorShown(true);
    m_capacity->setValue(1000000);
    m_capacity->setKeyboardTracking(false);
    m_capacity->setToolTip(tr("At most this many messages are kept; the oldest go first."));
    m_export = new QPushButton(tr("Export…"), this);
    m_export->setToolTip(tr("The selected messages when more than one is selected, else every message shown."));
    m_exportDecoded = new QCheckBox(tr("as decoded JSON"), this);
    m_exportDecoded->setChecked(true);
    m_exportDecoded->setToolTip(tr("JSON Lines exports write decoded keys and values as JSON (with their schema ids); "
                                   "off: as their bytes. CSV always has the bytes."));
    m_decode = new QCheckBox(tr("Decode"), this);
    m_decode->setToolTip(tr("Decode keys and values in the schema registry's wire format (the connection profile's "
                            "registry). Off: the table shows their bytes."));
    m_replay = new QPushButton(tr("Replay file…"), this);
    m_cancelReplay = new QPushButton(tr("Cancel replay"), this);
    m_kcat = new QPushButton(tr("Copy as kcat command"), this);
    auto* row3 = new FlowLayout;
    row3->addWidget(m_search);
    row3->addWidget(m_matchCount);
    row3->addPair(new QLabel(tr("Capacity"), this), m_capacity);
    row3->addWidget(m_decode);
    row3->addWidget(m_export);
    row3->addWidget(m_exportDecoded);
    row3->addWidget(m_replay);
    row3->addWidget(m_cancelReplay);
    row3->addWidget(m_kcat);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("messages"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicator(-1, Qt::AscendingOrder);
    header->resizeSection(MessageModel::Timestamp, fontMetrics().horizontalAdvance(QLatin1Char('0')) * 26);
    header->resizeSection(MessageModel::Key, fontMetrics().horizontalAdvance(QLatin1Char('0')) * 20);
    header->resizeSection(MessageModel::Value, fontMetrics().horizontalAdvance(QLatin1Char('0')) * 60);
    m_detail = new MessageDetail(this);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("messagesSplit"));
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row1);
    layout->addLayout(row2);
    layout->addWidget(m_status);
    layout->addWidget(m_barArea);
    layout->addLayout(row3);
    layout->addWidget(m_searchError); // its own line: a long message never squeezes the search box
    layout->addWidget(split, 1);

    connect(m_read, &QPushButton::clicked, this, &MessageBrowser::startRead);
    connect(m_readFilter, &QLineEdit::returnPressed, this, &MessageBrowser::startRead);
    connect(m_cancel, &QPushButton::clicked, this, [this] { stopRead(true); });
    connect(m_start, &QComboBox::currentIndexChanged, this, &MessageBrowser::updateControls);
    connect(m_partitions, &QLineEdit::textChanged, this, &MessageBrowser::validatePartitions);
    connect(m_readFilter, &QLineEdit::textChanged, this, &MessageBrowser::validateReadFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &MessageBrowser::applySearch);
    connect(m_searchTimer, &QTimer::timeout, this, &MessageBrowser::applySearch);
    connect(m_capacity, &QSpinBox::valueChanged, this, [this](int value) {
        m_model->setCapacity(value);
        updateMatchCount();
    });
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this](int section, Qt::SortOrder order) {
        if (section >= 0)
            m_model->sort(section, order);
    });
    connect(m_model, &MessageModel::filterApplied, this, &MessageBrowser::updateMatchCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MessageBrowser::updateMatchCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MessageBrowser::updateMatchCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateMatchCount();
        if (!m_table->currentIndex().isValid())
            m_detail->clear();
    });
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            const MessageRecord* record = current.isValid() ? m_model->record(current.row()) : nullptr;
            if (record)
                m_detail->showRecord(*record, m_model->showDecoded() ? m_model->decoded(current.row()) : nullptr);
            else
                m_detail->clear();
        });
    connect(m_export, &QPushButton::clicked, this, [this] {
        QString selected;
        QString path = QFileDialog::getSaveFileName(this, tr("Export messages"),
            m_request.topic.isEmpty() ? QStringLiteral("messages.jsonl") : m_request.topic + QStringLiteral(".jsonl"),
            tr("JSON Lines (*.jsonl);;CSV (*.csv)"), &selected);
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += selected.contains(QLatin1String("csv")) ? QStringLiteral(".csv") : QStringLiteral(".jsonl");
        exportTo(path);
    });
    connect(m_replay, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Replay messages"), QString(), tr("JSON Lines (*.jsonl);;All files (*)"));
        if (!path.isEmpty())
            replayFile(path);
    });
    connect(m_cancelReplay, &QPushButton::clicked, this, [this] {
        if (m_reader->replaying()) {
            m_reader->cancelReplay();
            m_status->setText(tr("Cancelling the replay…"));
        }
    });
    connect(m_kcat, &QPushButton::clicked, this, &MessageBrowser::copyKcatCommand);
    connect(m_decode, &QCheckBox::toggled, this, [this](bool on) {
        m_model->setShowDecoded(on);
        const QModelIndex current = m_table->currentIndex();
        if (const MessageRecord* record = current.isValid() ? m_model->record(current.row()) : nullptr)
            m_detail->showRecord(*record, on ? m_model->decoded(current.row()) : nullptr);
    });
    setSchemaRegistry({});
    connectReader();

    m_status->setText(tr("Not connected."));
    updateMatchCount();
    updateControls();
}

MessageBrowser::~MessageBrowser()
{
    // Nothing waits: the reader (a child) retires its workers and cancels its one-shot work as it goes.
    disconnect(m_reader, nullptr, this, nullptr);
}

void MessageBrowser::setSchemaRegistry(const schemas::RegistryConnection& registry)
{
    const bool any = !registry.url.trimmed().isEmpty();
    m_registry = any ? std::make_shared<schemas::SchemaRegistryClient>(registry) : nullptr;
    m_decode->setEnabled(any);
    m_decode->setChecked(any);
    m_exportDecoded->setEnabled(any);
    m_decode->setToolTip(any ? tr("Decode keys and values in the schema registry's wire format through %1 (on the "
                                  "reader's thread). Off: the table shows their bytes; read again to decode.")
                                   .arg(registry.url)
                             : tr("The connection profile has no schema registry."));
}

QTabWidget* MessageBrowser::detailTabs() const
{
    return m_detail->tabs();
}

void MessageBrowser::setConnection(const QList<ClientProperty>& properties)
{
    m_connection = properties;
    m_reader->setConnection(properties);
    if (properties.isEmpty()) {
        stopRead(true);
        stopReplay();
        // What was read came from the cluster let go of.
        m_model->clear();
        m_detail->clear();
        m_status->setText(tr("Not connected."));
    } else if (!m_reader->reading() && !m_reader->replaying()) {
        m_status->setText(tr("Connected: choose a topic and Read."));
    }
    m_detail->setSource(m_reader, m_request.topic);
    updateControls();
}

void MessageBrowser::setTopics(const QStringList& topics)
{
    const QString text = m_topic->currentText();
    QSignalBlocker block(m_topic);
    m_topic->clear();
    m_topic->addItems(topics);
    if (!text.isEmpty() || topics.isEmpty())
        m_topic->setEditText(text);
    const int index = m_topic->findText(m_topic->currentText());
    if (index >= 0)
        m_topic->setCurrentIndex(index);
}

void MessageBrowser::updateControls()
{
    const bool connected = !m_connection.isEmpty();
    const auto start = ReadRequest::Start(m_start->currentData().toInt());
    m_newest->setVisible(start == ReadRequest::Start::Newest);
    m_offset->setVisible(start == ReadRequest::Start::Offset);
    m_time->setVisible(start == ReadRequest::Start::Timestamp);
    m_stopAtEnd->setEnabled(start != ReadRequest::Start::Tail);
    m_read->setEnabled(connected);
    m_read->setToolTip(connected ? QString() : tr("Not connected."));
    m_cancel->setEnabled(m_reader->reading());
    m_replay->setEnabled(connected && !m_replayBusy);
    m_cancelReplay->setVisible(m_reader->replaying());
    m_kcat->setEnabled(connected);
    m_export->setEnabled(!m_reader->exporting());
}

void MessageBrowser::validatePartitions()
{
    QString error;
    const bool ok = parsePartitions(m_partitions->text(), &error).has_value();
    m_partitionsError->setText(error);
    m_partitionsError->setVisible(!ok);
}

void MessageBrowser::validateReadFilter()
{
    QString error;
    const bool ok = MessageFilter::parse(m_readFilter->text().trimmed(), &error).has_value();
    m_readFilterError->setText(error);
    m_readFilterError->setVisible(!ok);
}

void MessageBrowser::applySearch()
{
    m_searchTimer->stop();
    QString error;
    const std::optional<MessageFilter> filter = MessageFilter::parse(m_search->text().trimmed(), &error);
    if (!filter) {
        m_searchError->setText(tr("Search not applied: %1").arg(error));
        m_searchError->show();
        // What the previous search found is not what this one asks for: show everything loaded, not stale matches.
        if (!m_model->filter().isEmpty()) {
            QString ignored;
            m_model->setFilter(*MessageFilter::parse(QString(), &ignored));
            clearSortIndicator();
        }
        updateMatchCount();
        return;
    }
    m_searchError->hide();
    if (filter->text() == m_model->filter().text())
        return; // the same search: keep the view (and its order)
    m_model->setFilter(*filter);
    clearSortIndicator(); // a new filter shows the matches in arrival order
    updateMatchCount();
}

void MessageBrowser::clearSortIndicator()
{
    QSignalBlocker block(m_table->horizontalHeader());
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
}

void MessageBrowser::updateMatchCount()
{
    const QLocale locale;
    const qsizetype loaded = m_model->loadedCount();
    QString text;
    if (m_model->filter().isEmpty())
        text = !m_searchError->isHidden() ? tr("%1 loaded, none searched").arg(locale.toString(qlonglong(loaded)))
                                          : tr("%1 loaded").arg(locale.toString(qlonglong(loaded)));
    else if (m_model->filtering())
        text = tr("searching %1 loaded…").arg(locale.toString(qlonglong(loaded)));
    else
        text = tr("%1 of %2 loaded match")
                   .arg(locale.toString(qlonglong(m_model->rowCount())), locale.toString(qlonglong(loaded)));
    if (m_model->evictedCount() > 0)
        text += tr(" (%1 oldest dropped: capacity)").arg(locale.toString(qlonglong(m_model->evictedCount())));
    m_matchCount->setText(text);
}

} // namespace kafkalab
