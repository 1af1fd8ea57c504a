// The message browser's actions on what is loaded or on files: export, replay, the kcat command.
#include "widgets/messages/messagebrowser.h"

#include "kafkacore/messages/messageio.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>

#include <algorithm>
#include <memory>

namespace kafkalab {

namespace {

QString red(const QString& text)
{
    return QStringLiteral("<span style='color:#c62828'>%1</span>").arg(text.toHtmlEscaped());
}

QString number(qint64 n)
{
    return QLocale().toString(qlonglong(n));
}

} // namespace

void MessageBrowser::exportTo(const QString& path)
{
    if (m_reader->exporting())
        return;
    std::vector<MessageRecord> records;
    schemas::DecodedBatch decoded; // the selection's, when exported as decoded JSON (copies: the table may drop
                                   // the rows' batches while the export runs)
    const bool writeDecoded = m_exportDecoded->isEnabled() && m_exportDecoded->isChecked();
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.size() > 1) {
        QList<int> rows;
        rows.reserve(selected.size());
        for (const QModelIndex& index : selected)
            rows.append(index.row());
        std::sort(rows.begin(), rows.end());
        records.reserve(size_t(rows.size()));
        for (int row : std::as_const(rows))
            if (const MessageRecord* r = m_model->record(row)) {
                records.push_back(*r);
                if (writeDecoded) {
                    const schemas::DecodedRecord* d = m_model->decoded(row);
                    decoded.copy(d ? *d : schemas::DecodedRecord());
                }
            }
    }
    // Everything shown: a snapshot of the view (cheap here), read on the export's thread.
    auto view = std::make_shared<MessageModel::ViewSnapshot>(m_model->snapshotView());
    const qsizetype count = records.empty() ? view->size() : qsizetype(records.size());
    if (count == 0) {
        m_status->setText(tr("Nothing to export."));
        return;
    }
    m_exportPath = path;
    m_reader->exportTo(path, m_request.topic, std::move(records), std::move(view), writeDecoded, std::move(decoded));
    updateControls();
    m_status->setText(tr("Exporting %1 messages to %2…").arg(number(qint64(count)), path.toHtmlEscaped()));
}

void MessageBrowser::showExported(qint64 written, const QString& error)
{
    updateControls();
    if (error.isEmpty())
        m_status->setText(
            tr("Exported %1 messages to %2.").arg(number(written), QFileInfo(m_exportPath).fileName().toHtmlEscaped()));
    else
        m_status->setText(red(tr("Could not export to %1: %2").arg(m_exportPath, error)));
    Q_EMIT exported(written, error);
}

void MessageBrowser::replayFile(const QString& path)
{
    if (m_replayBusy || m_connection.isEmpty())
        return;
    m_replayBusy = true;
    updateControls();
    m_status->setText(tr("Reading %1…").arg(path.toHtmlEscaped()));
    m_reader->readFile(path, [this, path](const std::shared_ptr<ReplayFile>& file) {
        const QString name = QFileInfo(path).fileName();
        auto giveUp = [this](const QString& text) {
            m_replayBusy = false;
            updateControls();
            m_status->setText(text);
        };
        const qsizetype bad = file->errors.size();
        if (bad > 0) {
            QString text = (bad == 1 ? tr("1 line of %1 could not be read:").arg(name)
                                     : tr("%1 lines of %2 could not be read:").arg(number(bad), name));
            text += QLatin1Char('\n') + file->errors.mid(0, 10).join(QLatin1Char('\n'));
            if (bad > 10)
                text += QLatin1Char('\n') + tr("… and %1 more.").arg(number(bad - 10));
            if (file->messages.isEmpty()) {
                QMessageBox::warning(this, tr("Replay"), text + QLatin1Char('\n') + tr("Nothing to replay."));
                giveUp(red(tr("%1: no line could be read; nothing replayed.").arg(name)));
                return;
            }
            QMessageBox box(QMessageBox::Warning, tr("Replay"), text, QMessageBox::Yes | QMessageBox::No, this);
            box.setInformativeText((bad == 1 ? tr("Skip the bad line and replay the rest?")
                                             : tr("Skip the %1 bad lines and replay the rest?").arg(number(bad))));
            box.setDefaultButton(QMessageBox::No);
            if (box.exec() != QMessageBox::Yes) {
                giveUp(tr("Replay of %1 cancelled: nothing produced.").arg(name.toHtmlEscaped()));
                return;
            }
        }
        if (file->messages.isEmpty()) {
            giveUp(tr("%1 holds no message: nothing to replay.").arg(name.toHtmlEscaped()));
            return;
        }
        bool ok = false;
        const QString topic = QInputDialog::getText(this, tr("Replay"),
            tr("Replay %1 message(s) from %2 to the topic:").arg(number(file->messages.size()), name),
            QLineEdit::Normal, m_topic->currentText().trimmed(), &ok)
                                  .trimmed();
        if (!ok || topic.isEmpty()) {
            giveUp(tr("Replay of %1 cancelled: nothing produced.").arg(name.toHtmlEscaped()));
            return;
        }
        const bool anyPartition = std::any_of(
            file->messages.cbegin(), file->messages.cend(), [](const ReplayMessage& m) { return m.partition >= 0; });
        bool keep = false;
        if (anyPartition)
            keep = QMessageBox::question(this, tr("Replay"),
                       tr("Keep the original partitions?\n\nYes: each message goes to the partition it was "
                          "read from (the topic needs as many partitions).\nNo: the partitioner chooses "
                          "by key."))
                == QMessageBox::Yes;
        const bool anyTime = std::any_of(
            file->messages.cbegin(), file->messages.cend(), [](const ReplayMessage& m) { return m.timestampMs >= 0; });
        const bool keepTimes = anyTime
            && QMessageBox::question(this, tr("Replay"),
                   tr("Keep the original timestamps?\n\nYes: each message keeps the timestamp in the file.\n"
                      "No: the messages are stamped now."))
                == QMessageBox::Yes;
        if (m_connection.isEmpty()) {
            giveUp(tr("Not connected."));
            return;
        }
        startReplay(topic, file->messages, keep, keepTimes);
    });
}

void MessageBrowser::startReplay(
    const QString& topic, const QList<ReplayMessage>& messages, bool keepPartitions, bool keepTimestamps)
{
    m_replayBusy = true;
    m_replayTopic = topic;
    m_reader->replay(topic, messages, keepPartitions, keepTimestamps, m_registry);
    m_status->setText(tr("Replaying %1 messages to %2…").arg(number(messages.size()), topic.toHtmlEscaped()));
    updateControls();
}

void MessageBrowser::showReplaySummary(const ReplaySummary& s)
{
    QString text = tr("Replayed to %1: %2 of %3 sent delivered, %4 failed")
                       .arg(m_replayTopic.toHtmlEscaped(), number(s.delivered), number(s.sent), number(s.failed));
    if (s.unknown > 0)
        text += tr(", %1 unknown (in flight when stopped: may have been written)").arg(number(s.unknown));
    if (s.cancelled)
        text += tr(" (cancelled)");
    text += QLatin1Char('.');
    if (!s.error.isEmpty()) // one line per reason (a decoded export that could not be encoded again lists its lines)
        text += QStringLiteral("<br>") + red(s.error).replace(QLatin1Char('\n'), QLatin1String("<br>"));
    m_replayBusy = false; // the reader has let the finished replay go
    updateControls();
    m_status->setText(text);
    Q_EMIT replayFinished(s);
}

void MessageBrowser::stopReplay()
{
    if (!m_reader->replaying())
        return;
    m_reader->abandonReplay();
    m_replayBusy = false;
    updateControls();
}

void MessageBrowser::copyKcatCommand()
{
    QString error;
    const std::optional<ReadRequest> request = currentRequest(&error);
    if (!request) {
        m_status->setText(red(error));
        return;
    }
    QString bootstrap;
    for (const ClientProperty& p : std::as_const(m_connection))
        if (p.key == QLatin1String("bootstrap.servers"))
            bootstrap = p.value.trimmed();
    if (bootstrap.isEmpty()) {
        m_status->setText(red(tr("Not connected: no bootstrap.servers to put in the command.")));
        return;
    }
    const QString command = kcatCommand(bootstrap, *request);
    QGuiApplication::clipboard()->setText(command);
    m_status->setText(tr("Copied to the clipboard: <tt>%1</tt>").arg(command.toHtmlEscaped()));
}

} // namespace kafkalab
