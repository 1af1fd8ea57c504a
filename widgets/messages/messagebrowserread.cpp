// The message browser's reading: the request from the controls, the reader on its thread, progress.
#include "widgets/messages/messagebrowser.h"

#include "widgets/messages/messagedetail.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>

#include <algorithm>

namespace kafkalab {

namespace {

constexpr int kBarColumns = 4;

QString red(const QString& text)
{
    return QStringLiteral("<span style='color:#c62828'>%1</span>").arg(text.toHtmlEscaped());
}

} // namespace

std::optional<QList<int32_t>> MessageBrowser::parsePartitions(const QString& text, QString* error)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.compare(QLatin1String("all"), Qt::CaseInsensitive) == 0)
        return QList<int32_t>();
    QList<int32_t> partitions;
    for (const QString& part : t.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int p = part.toInt(&ok);
        if (!ok || p < 0) {
            if (error)
                *error = tr("'%1' is not a partition number: use all, or numbers like 0,2,5").arg(part);
            return std::nullopt;
        }
        if (!partitions.contains(p))
            partitions.append(p);
    }
    std::sort(partitions.begin(), partitions.end());
    return partitions;
}

std::optional<ReadRequest> MessageBrowser::currentRequest(QString* error) const
{
    ReadRequest r;
    r.topic = m_topic->currentText().trimmed();
    QString reason;
    if (r.topic.isEmpty()) {
        *error = tr("Choose a topic to read.");
        return std::nullopt;
    }
    const std::optional<QList<int32_t>> partitions = parsePartitions(m_partitions->text(), &reason);
    if (!partitions) {
        *error = tr("Partitions: %1").arg(reason);
        return std::nullopt;
    }
    r.partitions = *partitions;
    r.filter = m_readFilter->text().trimmed();
    if (!MessageFilter::parse(r.filter, &reason)) {
        *error = tr("Read filter: %1").arg(reason);
        return std::nullopt;
    }
    r.start = ReadRequest::Start(m_start->currentData().toInt());
    r.newest = m_newest->value();
    r.offset = int64_t(m_offset->value());
    r.timestampMs = m_time->dateTime().toMSecsSinceEpoch();
    r.maxMessages = m_maxMessages->value();
    r.stopAtEnd = r.start != ReadRequest::Start::Tail && m_stopAtEnd->isChecked();
    r.isolation = m_isolation->currentText();
    if (m_decode->isChecked())
        r.schemaRegistry = m_registry;
    return r;
}

void MessageBrowser::startRead()
{
    if (m_connection.isEmpty()) {
        m_status->setText(tr("Not connected."));
        return;
    }
    QString error;
    const std::optional<ReadRequest> request = currentRequest(&error);
    validatePartitions();
    validateReadFilter();
    if (!request) {
        m_status->setText(red(error));
        return;
    }
    stopRead(false);
    m_request = *request;
    m_model->clear(); // unsorted again
    clearSortIndicator();
    m_detail->clear();
    m_detail->setSource(m_reader, m_request.topic);
    setupBars({});
    m_note.clear();
    m_scanned = m_matched = 0;
    m_clock.start();
    m_reader->read(m_request);
    m_status->setText(tr("Reading %1…").arg(m_request.topic.toHtmlEscaped()));
    updateControls();
}

void MessageBrowser::connectReader()
{
    connect(m_reader, &MessageReader::readStarted, this,
        [this](const QList<PartitionProgress>& partitions, const QString& note) {
            m_note = note;
            setupBars(partitions);
            showCounts(m_scanned, m_matched, m_clock.elapsed());
        });
    connect(m_reader, &MessageReader::decoded, this,
        [this](const MessageBatchPtr& records, const schemas::DecodedBatchPtr& decoded) {
            m_pendingDecoded = { records, decoded };
        });
    connect(m_reader, &MessageReader::batch, this, [this](const MessageBatchPtr& records) {
        if (!records)
            return;
        schemas::DecodedBatchPtr decoded;
        if (m_pendingDecoded.first == records)
            decoded = m_pendingDecoded.second;
        m_pendingDecoded = {};
        m_model->append(records, decoded);
    });
    connect(m_reader, &MessageReader::progress, this,
        [this](const QList<PartitionProgress>& partitions, qint64 scanned, qint64 matched) {
            m_scanned = scanned;
            m_matched = matched;
            updateBars(partitions);
            showCounts(scanned, matched, m_clock.elapsed());
        });
    connect(m_reader, &MessageReader::readFinished, this, [this](const ReadSummary& summary) {
        if (!summary.note.isEmpty())
            m_note = summary.note;
        QString prefix;
        if (!summary.error.isEmpty())
            prefix = red(tr("Read failed: %1").arg(summary.error)) + QStringLiteral("<br>");
        else if (summary.cancelled)
            prefix = tr("Cancelled: ");
        showCounts(summary.scanned, summary.matched, summary.elapsedMs, prefix);
        updateControls();
        Q_EMIT readFinished(summary);
    });
    connect(m_reader, &MessageReader::replayProgress, this, [this](qint64 delivered, qint64 total) {
        m_status->setText(
            tr("Replaying to %1: %2 of %3 delivered…")
                .arg(m_replayTopic.toHtmlEscaped(), QLocale().toString(delivered), QLocale().toString(total)));
    });
    connect(m_reader, &MessageReader::replayFinished, this, &MessageBrowser::showReplaySummary);
    connect(m_reader, &MessageReader::exported, this, &MessageBrowser::showExported);
}

void MessageBrowser::stopRead(bool report)
{
    if (!m_reader->reading())
        return;
    // Not waited for: the reader retires its worker, which sees its flag, returns, and its thread ends on its own.
    m_reader->cancelRead();
    if (report) {
        ReadSummary summary;
        summary.cancelled = true;
        summary.scanned = m_scanned;
        summary.matched = m_matched;
        summary.elapsedMs = m_clock.isValid() ? m_clock.elapsed() : 0;
        summary.note = m_note;
        showCounts(summary.scanned, summary.matched, summary.elapsedMs, tr("Cancelled: "));
        Q_EMIT readFinished(summary);
    }
    updateControls();
}

void MessageBrowser::setupBars(const QList<PartitionProgress>& partitions)
{
    qDeleteAll(m_bars);
    m_bars.clear();
    int i = 0;
    for (const PartitionProgress& p : partitions) {
        auto* bar = new QProgressBar(m_barBox);
        bar->setRange(0, 1000);
        bar->setTextVisible(true);
        bar->setMaximumHeight(fontMetrics().height() + 6);
        m_barGrid->addWidget(bar, i / kBarColumns, i % kBarColumns);
        m_bars.insert(p.partition, bar);
        ++i;
    }
    m_barArea->setVisible(!partitions.isEmpty());
    updateBars(partitions);
}

void MessageBrowser::updateBars(const QList<PartitionProgress>& partitions)
{
    const QLocale locale;
    for (const PartitionProgress& p : partitions) {
        QProgressBar* bar = m_bars.value(p.partition);
        if (!bar)
            continue;
        const int64_t span = p.end - p.start;
        int value = 1000;
        if (!p.done && p.next < p.end)
            value = span <= 0 ? 0 : int(std::clamp(double(p.next - p.start) * 1000 / double(span), 0.0, 1000.0));
        bar->setValue(value);
        bar->setFormat(tr("P%1: %2 / %3%4")
                           .arg(p.partition)
                           .arg(locale.toString(qlonglong(p.next)), locale.toString(qlonglong(p.end)),
                               p.done ? tr(" done") : QString()));
        bar->setToolTip(tr("Partition %1: offsets %2 to %3 (the end when the read started), next %4%5")
                            .arg(p.partition)
                            .arg(p.start)
                            .arg(p.end)
                            .arg(p.next)
                            .arg(p.done ? tr(", done") : QString()));
    }
}

void MessageBrowser::showCounts(qint64 scanned, qint64 matched, qint64 elapsedMs, const QString& prefix)
{
    const QLocale locale;
    QString text = prefix
        + tr("%1 scanned, %2 matched, %3 s")
              .arg(locale.toString(scanned), locale.toString(matched), locale.toString(elapsedMs / 1000.0, 'f', 1));
    if (!m_note.isEmpty())
        text += QStringLiteral("<br>") + m_note.toHtmlEscaped();
    m_status->setText(text);
}

} // namespace kafkalab
