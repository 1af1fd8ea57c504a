// The message browser's actions on what is loaded or on files: export, replay, the kcat command.
#include "widgets/messages/messagebrowser.h"

#include "kafkacore/messages/messageio.h"

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
#include <QThread>

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

void MessageBrowser::retire(QThread* thread)
{
    m_retiring.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_retiring.removeAll(thread);
        thread->deleteLater();
    });
    thread->quit();
}

void MessageBrowser::runInBackground(std::function<void()> work, std::function<void()> done)
{
    QThread* t = QThread::create(std::move(work));
    t->setObjectName(QStringLiteral("kafkalab-browser-io"));
    m_helpers.append(t);
    connect(t, &QThread::finished, this, [this, t, done = std::move(done)] {
        m_helpers.removeAll(t);
        t->deleteLater();
        done();
    });
    t->start();
}

void MessageBrowser::exportTo(const QString& path)
{
    if (m_exporting)
        return;
    auto records = std::make_shared<std::vector<MessageRecord>>();
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.size() > 1) {
        QList<int> rows;
        rows.reserve(selected.size());
        for (const QModelIndex& index : selected)
            rows.append(index.row());
        std::sort(rows.begin(), rows.end());
        records->reserve(size_t(rows.size()));
        for (int row : std::as_const(rows))
            if (const MessageRecord* r = m_model->record(row))
                records->push_back(*r);
    }
    // Everything shown: a snapshot of the view (cheap here), read on the export's thread.
    auto view = std::make_shared<MessageModel::ViewSnapshot>(m_model->snapshotView());
    const qsizetype count = records->empty() ? view->size() : qsizetype(records->size());
    if (count == 0) {
        m_status->setText(tr("Nothing to export."));
        return;
    }
    struct Result {
        qint64 written = 0;
        QString error;
    };
    auto result = std::make_shared<Result>();
    const bool csv = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
    const QString topic = m_request.topic;
    m_exporting = true;
    updateControls();
    m_status->setText(tr("Exporting %1 messages to %2…").arg(number(qint64(count)), path.toHtmlEscaped()));
    runInBackground(
        [records, view, result, path, csv, topic] {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly)) {
                result->error = file.errorString();
                return;
            }
            auto writeLine = [&file](QByteArray line) {
                if (!line.endsWith('\n'))
                    line.append('\n');
                return file.write(line) == line.size();
            };
            bool ok = !csv || writeLine(csvHeader());
            const bool selection = !records->empty();
            const qsizetype n = selection ? qsizetype(records->size()) : view->size();
            for (qsizetype i = 0; i < n && ok; ++i) {
                const MessageRecord& r = selection ? (*records)[size_t(i)] : view->at(i);
                ok = writeLine(csv ? toCsvLine(r) : toJsonLine(topic, r));
                if (ok)
                    ++result->written;
            }
            if (!ok || !file.commit()) {
                result->error = file.errorString();
                result->written = 0;
            }
        },
        [this, result, path] {
            m_exporting = false;
            updateControls();
            if (result->error.isEmpty())
                m_status->setText(tr("Exported %1 messages to %2.")
                                      .arg(number(result->written), QFileInfo(path).fileName().toHtmlEscaped()));
            else
                m_status->setText(red(tr("Could not export to %1: %2").arg(path, result->error)));
            Q_EMIT exported(result->written, result->error);
        });
}

void MessageBrowser::replayFile(const QString& path)
{
    if (m_replayBusy || m_connection.isEmpty())
        return;
    m_replayBusy = true;
    updateControls();
    m_status->setText(tr("Reading %1…").arg(path.toHtmlEscaped()));
    auto file = std::make_shared<ReplayFile>();
    runInBackground([file, path] { *file = readJsonLines(path); },
        [this, file, path] {
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
            const bool anyPartition = std::any_of(file->messages.cbegin(), file->messages.cend(),
                [](const ReplayMessage& m) { return m.partition >= 0; });
            bool keep = false;
            if (anyPartition)
                keep = QMessageBox::question(this, tr("Replay"),
                           tr("Keep the original partitions?\n\nYes: each message goes to the partition it was "
                              "read from (the topic needs as many partitions).\nNo: the partitioner chooses "
                              "by key."))
                    == QMessageBox::Yes;
            const bool anyTime = std::any_of(file->messages.cbegin(), file->messages.cend(),
                [](const ReplayMessage& m) { return m.timestampMs >= 0; });
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
    m_replayThread = new QThread;
    m_replayThread->setObjectName(QStringLiteral("kafkalab-replay"));
    m_replayWorker = new ReplayWorker(m_connection);
    m_replayWorker->moveToThread(m_replayThread);
    connect(m_replayThread, &QThread::finished, m_replayWorker, &QObject::deleteLater);
    connect(m_replayWorker, &ReplayWorker::progress, this, [this, topic](qint64 delivered, qint64 total) {
        m_status->setText(
            tr("Replaying to %1: %2 of %3 delivered…").arg(topic.toHtmlEscaped(), number(delivered), number(total)));
    });
    connect(m_replayWorker, &ReplayWorker::finished, this, [this, topic](const ReplaySummary& s) {
        QString text = tr("Replayed to %1: %2 of %3 sent delivered, %4 failed")
                           .arg(topic.toHtmlEscaped(), number(s.delivered), number(s.sent), number(s.failed));
        if (s.unknown > 0)
            text += tr(", %1 unknown (in flight when stopped: may have been written)").arg(number(s.unknown));
        if (s.cancelled)
            text += tr(" (cancelled)");
        text += QLatin1Char('.');
        if (!s.error.isEmpty())
            text += QStringLiteral("<br>") + red(s.error);
        stopReplay();
        m_status->setText(text);
        Q_EMIT replayFinished(s);
    });
    m_replayThread->start();
    QMetaObject::invokeMethod(
        m_replayWorker,
        [w = m_replayWorker, topic, messages, keepPartitions, keepTimestamps] {
            w->replay(topic, messages, keepPartitions, keepTimestamps);
        },
        Qt::QueuedConnection);
    m_status->setText(tr("Replaying %1 messages to %2…").arg(number(messages.size()), topic.toHtmlEscaped()));
    updateControls();
}

void MessageBrowser::stopReplay()
{
    if (!m_replayThread)
        return;
    m_replayWorker->cancel();
    disconnect(m_replayWorker, nullptr, this, nullptr);
    retire(m_replayThread);
    m_replayThread = nullptr;
    m_replayWorker = nullptr;
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
