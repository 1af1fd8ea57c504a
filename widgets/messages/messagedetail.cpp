#include "widgets/messages/messagedetail.h"

#include "kafkacore/common/jsontext.h"
#include "kafkacore/messages/messagemodel.h"
#include "kafkacore/messages/messagereader.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <memory>

#include <nlohmann/json.hpp>

namespace kafkalab {

namespace {

constexpr int kTreeItemLimit = 20000; // a huge JSON value is cut in the tree (the raw text stays whole)

QPlainTextEdit* textPane(QWidget* parent, bool monospace)
{
    auto* e = new QPlainTextEdit(parent);
    e->setReadOnly(true);
    e->setLineWrapMode(monospace ? QPlainTextEdit::NoWrap : QPlainTextEdit::WidgetWidth);
    if (monospace)
        e->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return e;
}

// The JSON tree keeps the value's own key order (QJsonObject would sort the keys) and numbers as written (QJsonValue
// would turn a 64-bit id into a double).
using OrderedJson = nlohmann::ordered_json;

// Adds `value` under `parent` (or as a top-level item of `tree`); returns false once the item budget is spent.
bool addJson(QTreeWidget* tree, QTreeWidgetItem* parent, const QString& name, const OrderedJson& value, int& budget)
{
    if (budget-- <= 0)
        return false;
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
    item->setText(0, name);
    if (value.is_object()) {
        const auto n = qsizetype(value.size());
        item->setText(1, n == 1 ? MessageDetail::tr("{1 key}") : MessageDetail::tr("{%1 keys}").arg(n));
        for (auto it = value.begin(); it != value.end(); ++it)
            if (!addJson(tree, item, QString::fromStdString(it.key()), it.value(), budget))
                return false;
    } else if (value.is_array()) {
        const auto n = qsizetype(value.size());
        item->setText(1, n == 1 ? MessageDetail::tr("[1 item]") : MessageDetail::tr("[%1 items]").arg(n));
        for (qsizetype i = 0; i < n; ++i)
            if (!addJson(tree, item, QStringLiteral("[%1]").arg(i), value[size_t(i)], budget))
                return false;
    } else {
        // Scalars as JSON writes them: strings quoted, numbers exactly as parsed.
        item->setText(1, QString::fromStdString(value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace)));
        item->setToolTip(1, item->text(1).left(2000));
    }
    return true;
}

} // namespace

MessageDetail::MessageDetail(QWidget* parent)
    : QWidget(parent)
{
    m_truncated = new QLabel(this);
    m_truncated->setWordWrap(true);
    m_loadWhole = new QPushButton(tr("Load whole value"), this);
    auto* truncatedRow = new QHBoxLayout;
    truncatedRow->setContentsMargins(0, 0, 0, 0);
    truncatedRow->addWidget(m_truncated, 1);
    truncatedRow->addWidget(m_loadWhole);

    m_tabs = new QTabWidget(this);
    auto* valuePage = new QWidget(m_tabs);
    m_valueNote = new QLabel(valuePage);
    m_valueNote->setWordWrap(true);
    m_valueNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_jsonTree = new QTreeWidget(valuePage);
    m_jsonTree->setObjectName(QStringLiteral("jsonTree"));
    m_jsonTree->setColumnCount(2);
    m_jsonTree->setHeaderLabels({ tr("Name"), tr("Value") });
    m_jsonTree->setUniformRowHeights(true);
    m_jsonTree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_jsonTree->header()->resizeSection(0, 220);
    m_rawValue = textPane(valuePage, false);
    auto* valueLayout = new QVBoxLayout(valuePage);
    valueLayout->setContentsMargins(0, 0, 0, 0);
    valueLayout->addWidget(m_valueNote);
    valueLayout->addWidget(m_jsonTree, 1);
    valueLayout->addWidget(m_rawValue, 1);
    m_tabs->addTab(valuePage, tr("Value"));

    m_text = textPane(m_tabs, false);
    m_tabs->addTab(m_text, tr("Text"));
    m_hex = textPane(m_tabs, true);
    m_tabs->addTab(m_hex, tr("Hex"));

    auto* keyPage = new QWidget(m_tabs);
    m_keyText = textPane(keyPage, false);
    m_keyHex = textPane(keyPage, true);
    auto* keyLayout = new QVBoxLayout(keyPage);
    keyLayout->setContentsMargins(0, 0, 0, 0);
    keyLayout->addWidget(new QLabel(tr("Text"), keyPage));
    keyLayout->addWidget(m_keyText, 1);
    keyLayout->addWidget(new QLabel(tr("Hex"), keyPage));
    keyLayout->addWidget(m_keyHex, 2);
    m_tabs->addTab(keyPage, tr("Key"));

    m_headers = new QTableWidget(0, 2, m_tabs);
    m_headers->setObjectName(QStringLiteral("headers"));
    m_headers->setHorizontalHeaderLabels({ tr("Name"), tr("Value") });
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->verticalHeader()->setDefaultSectionSize(m_headers->fontMetrics().height() + 6);
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tabs->addTab(m_headers, tr("Headers"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(truncatedRow);
    layout->addWidget(m_tabs, 1);

    connect(m_loadWhole, &QPushButton::clicked, this, &MessageDetail::loadWholeValue);
    clear();
}

MessageDetail::~MessageDetail()
{
    if (m_reader)
        m_reader->cancelFetch(); // its result, should it come, is dropped by the reader
}

bool MessageDetail::canLoad() const
{
    return m_reader && m_reader->connected();
}

void MessageDetail::setSource(MessageReader* reader, const QString& topic)
{
    m_reader = reader;
    m_topic = topic;
    m_loadWhole->setEnabled(m_record && canLoad());
}

void MessageDetail::clear()
{
    ++m_generation;
    m_record.reset();
    m_truncated->hide();
    m_loadWhole->hide();
    m_valueNote->setText(tr("Select a message."));
    m_jsonTree->clear();
    m_jsonTree->hide();
    m_rawValue->clear();
    m_rawValue->hide();
    m_text->clear();
    m_hex->clear();
    m_keyText->clear();
    m_keyHex->clear();
    m_headers->setRowCount(0);
}

void MessageDetail::showRecord(const MessageRecord& record, const schemas::DecodedRecord* decoded)
{
    clear();
    m_record = record;
    if (record.valueTruncated()) {
        const QLocale locale;
        const int stored = record.storedValueSize;
        m_truncated->setStyleSheet(QString());
        m_truncated->setText(tr("Value cut at %1 of %2 bytes.")
                                 .arg(locale.formattedDataSize(stored, stored % 1024 == 0 ? 0 : 1),
                                     locale.toString(qlonglong(record.valueSize))));
        m_truncated->show();
        m_loadWhole->show();
        m_loadWhole->setEnabled(canLoad());
        m_loadWhole->setToolTip(canLoad() ? QString() : tr("Not connected."));
    }
    showValue(record.value(), record.valueIsNull(), decoded ? &decoded->value : nullptr);

    if (record.keyIsNull()) {
        m_keyText->setPlainText(tr("(null key)"));
    } else {
        const QByteArray key = record.key();
        const QString text = MessageModel::displayText(key, int(std::min<qsizetype>(key.size() * 4 + 16, 1 << 28)));
        const schemas::DecodedValue* k = decoded ? &decoded->key : nullptr;
        if (k && k->decoded())
            m_keyText->setPlainText(tr("Decoded (%1):\n%2").arg(describeSchema(*k), QString::fromUtf8(k->json())));
        else if (k && k->failed())
            m_keyText->setPlainText(tr("Not decoded: %1\n\n%2").arg(k->reason(), text));
        else
            m_keyText->setPlainText(text);
        m_keyHex->setPlainText(hexDump(key));
    }

    if (record.headers) {
        m_headers->setRowCount(record.headerCount());
        int row = 0;
        for (const MessageHeader& h : *record.headers) {
            auto* name = new QTableWidgetItem(MessageModel::displayText(h.name, 1000));
            auto* value = new QTableWidgetItem(h.isNull ? tr("(null)") : MessageModel::displayText(h.value, 10000));
            value->setToolTip(value->text().left(2000));
            m_headers->setItem(row, 0, name);
            m_headers->setItem(row, 1, value);
            ++row;
        }
        m_headers->resizeColumnToContents(0);
    }
    m_tabs->setTabText(4, tr("Headers (%1)").arg(record.headerCount()));
}

void MessageDetail::showValue(const QByteArray& value, bool isNull, const schemas::DecodedValue* decoded)
{
    m_jsonTree->clear();
    m_jsonTree->hide();
    m_rawValue->hide();
    m_valueNote->setStyleSheet(QString());
    if (isNull) {
        m_valueNote->setText(tr("Null value (a tombstone: the key is deleted when the topic is compacted)."));
        m_text->setPlainText(tr("(null value)"));
        m_hex->clear();
        return;
    }
    m_text->setPlainText(MessageModel::displayText(value, int(std::min<qsizetype>(value.size() * 4 + 16, 1 << 28))));
    m_hex->setPlainText(hexDump(value));
    if (value.isEmpty()) {
        m_valueNote->setText(tr("Empty value (0 bytes)."));
        return;
    }
    if (decoded && decoded->decoded()) {
        // The decoder's JSON (valid, its depth bounded by the decoder) as the tree; the bytes in Text and Hex.
        const QByteArrayView json = decoded->json();
        const OrderedJson doc = OrderedJson::parse(json.begin(), json.end(), nullptr, false);
        int budget = kTreeItemLimit;
        const bool whole = doc.is_discarded() || addJson(m_jsonTree, nullptr, tr("(value)"), doc, budget);
        m_jsonTree->expandToDepth(1);
        m_jsonTree->show();
        m_valueNote->setText(
            tr("Decoded: %1. %2 bytes on the wire (Text and Hex tabs)%3.")
                .arg(describeSchema(*decoded), QLocale().toString(qlonglong(value.size())),
                    whole ? QString() : tr("; the tree shows its first %1 items").arg(kTreeItemLimit)));
        return;
    }
    if (decoded && decoded->failed()) {
        m_valueNote->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_valueNote->setText(tr("Not decoded: %1. The bytes are in the Text and Hex tabs.").arg(decoded->reason()));
        m_rawValue->setPlainText(hexDump(value));
        m_rawValue->show();
        return;
    }
    const JsonCheck check = checkJson(value); // also refuses nesting deeper than the tree may go
    OrderedJson doc = check.ok ? OrderedJson::parse(value.constBegin(), value.constEnd(), nullptr, false)
                               : OrderedJson(OrderedJson::value_t::discarded);
    if (!check.ok || doc.is_discarded()) {
        m_valueNote->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_valueNote->setText(
            check.ok ? tr("JSON, but it could not be read for the tree.") : tr("Not JSON: %1").arg(check.describe()));
        m_rawValue->setPlainText(QString::fromUtf8(value));
        m_rawValue->show();
        return;
    }
    int budget = kTreeItemLimit;
    const bool whole = addJson(m_jsonTree, nullptr, tr("(value)"), doc, budget);
    m_jsonTree->expandToDepth(1);
    m_jsonTree->show();
    m_valueNote->setText(whole ? tr("JSON (%1 bytes).").arg(QLocale().toString(qlonglong(value.size())))
                               : tr("JSON (%1 bytes); the tree shows its first %2 items, the Text tab all of it.")
                                     .arg(QLocale().toString(qlonglong(value.size())))
                                     .arg(QLocale().toString(kTreeItemLimit)));
}

void MessageDetail::loadWholeValue()
{
    if (!m_record || !canLoad())
        return;
    const int generation = m_generation;
    const int32_t partition = m_record->partition;
    const int64_t offset = m_record->offset;
    m_loadWhole->setEnabled(false);
    m_truncated->setText(tr("Loading the whole value of offset %1 (partition %2)…").arg(offset).arg(partition));
    // The reader calls back only while it exists; this pane cancels the fetch when it goes (see the destructor).
    m_reader->fetchValue(m_topic, partition, offset,
        [this, generation, pane = QPointer<MessageDetail>(this)](const QByteArray& value, const QString& error) {
            if (!pane || generation != m_generation || !m_record)
                return; // another message is shown by now
            const bool ok = error.isEmpty();
            if (ok) {
                m_truncated->setStyleSheet(QString());
                m_truncated->setText(
                    tr("Whole value loaded (%1 bytes).").arg(QLocale().toString(qlonglong(value.size()))));
                m_loadWhole->hide();
                showValue(value, false);
            } else {
                m_truncated->setStyleSheet(QStringLiteral("color: #c62828;"));
                m_truncated->setText(tr("Could not load the whole value: %1").arg(error));
                m_loadWhole->setEnabled(true);
            }
            Q_EMIT wholeValueLoaded(ok);
        });
}

QString MessageDetail::hexDump(const QByteArray& bytes, qsizetype limit)
{
    static const char digits[] = "0123456789abcdef";
    const qsizetype n = std::min(bytes.size(), limit);
    QByteArray out;
    out.reserve((n / 16 + 2) * 80);
    for (qsizetype line = 0; line < n; line += 16) {
        out.append(QByteArray::number(qlonglong(line), 16).rightJustified(8, '0'));
        out.append("  ");
        QByteArray ascii;
        for (int i = 0; i < 16; ++i) {
            if (line + i < n) {
                const auto c = static_cast<unsigned char>(bytes.at(line + i));
                out.append(digits[c >> 4]);
                out.append(digits[c & 0xf]);
                out.append(' ');
                ascii.append(c >= 0x20 && c < 0x7f ? char(c) : '.');
            } else {
                out.append("   ");
            }
            if (i == 7)
                out.append(' ');
        }
        out.append(" |");
        out.append(ascii);
        out.append("|\n");
    }
    QString text = QString::fromLatin1(out);
    if (bytes.size() > n)
        text += tr("… the first %1 of %2 bytes shown.")
                    .arg(QLocale().toString(qlonglong(n)), QLocale().toString(qlonglong(bytes.size())));
    return text;
}

} // namespace kafkalab
