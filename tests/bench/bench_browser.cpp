// Message browser speed: reads a whole topic through the browser's worker into the real message model shown in a
// QTableView (offscreen), through the browser's own handle (MessageReader), and prints one JSON line:
//   {"messages":..,"seconds":..,"msgs_per_sec":..,"rss_mb":..,"max_stall_ms":..}
// Run by scripts/bench-browser, which fills the topic and times kcat on it in the same run. Not a test.
//   bench_browser BOOTSTRAP TOPIC [SCHEMA_REGISTRY_URL]
// With a registry URL the read decodes keys and values in the wire format (on the reader's thread, as the browser
// does with a profile's registry) into the model with the batches; the line then has "decoded" and "failed" too.
#include "kafkacore/messages/messagemodel.h"
#include "kafkacore/messages/messagereader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHeaderView>
#include <QTableView>
#include <QTimer>

#include <cstdio>

using namespace kafkalab;

static double rssMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:")) // the peak
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return -1;
}

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_browser BOOTSTRAP TOPIC [SCHEMA_REGISTRY_URL]\n");
        return 2;
    }
    MessageModel model;
    QTableView view;
    view.setModel(&model);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(20);
    view.resize(1200, 800);
    if (!qEnvironmentVariableIsSet("KAFKALAB_BENCH_NO_VIEW"))
        view.show();

    // The browser's own handle: the read runs on its WorkerThread, at the priority the product gives it.
    MessageReader reader;
    reader.setConnection({ ClientProperty::of(QStringLiteral("bootstrap.servers"), QString::fromUtf8(argv[1])) });
    QElapsedTimer clock;
    qint64 firstBatchMs = -1;
    qint64 lastBatchMs = -1;
    std::pair<MessageBatchPtr, schemas::DecodedBatchPtr> pending; // decoded() comes just before its batch()
    qint64 decodedCount = 0;
    qint64 failedCount = 0;
    QObject::connect(
        &reader, &MessageReader::decoded, &model, [&](const MessageBatchPtr& b, const schemas::DecodedBatchPtr& d) {
            pending = { b, d };
            for (const schemas::DecodedRecord& r : *d) {
                decodedCount += r.value.decoded() ? 1 : 0;
                failedCount += r.value.failed() ? 1 : 0;
            }
        });
    QObject::connect(&reader, &MessageReader::batch, &model, [&](const MessageBatchPtr& b) {
        if (firstBatchMs < 0)
            firstBatchMs = clock.elapsed();
        lastBatchMs = clock.elapsed();
        model.append(b, pending.first == b ? pending.second : schemas::DecodedBatchPtr());
        pending = {};
        if (!qEnvironmentVariableIsSet("KAFKALAB_BENCH_NO_SCROLL"))
            view.scrollToBottom(); // follows the read, as a user watching it would
    });
    QElapsedTimer tick;
    qint64 maxStall = 0;
    QTimer stall;
    stall.setInterval(10);
    QObject::connect(&stall, &QTimer::timeout, &app, [&] { maxStall = std::max(maxStall, tick.restart() - 10); });
    int code = 0;
    QObject::connect(&reader, &MessageReader::readFinished, &app, [&](const ReadSummary& s) {
        const double seconds = double(clock.elapsed()) / 1000.0;
        const qint64 loadStall = maxStall;
        if (qEnvironmentVariableIsSet("KAFKALAB_BENCH_DEBUG"))
            std::fprintf(stderr, "first batch at %lld ms, last at %lld ms, finished at %lld ms\n",
                static_cast<long long>(firstBatchMs), static_cast<long long>(lastBatchMs),
                static_cast<long long>(clock.elapsed()));
        const double loadRss = rssMb();
        view.viewport()->repaint();
        if (!s.error.isEmpty()) {
            std::fprintf(stderr, "bench_browser: %s\n", qPrintable(s.error));
            code = 1;
        }
        // Then sort the million by value and search them, as a user would; both run off the GUI thread.
        maxStall = 0;
        tick.restart();
        QElapsedTimer op;
        op.start();
        QEventLoop wait;
        QObject::connect(&model, &MessageModel::sorted, &wait, &QEventLoop::quit);
        model.sort(MessageModel::Value, Qt::DescendingOrder);
        wait.exec();
        const qint64 sortMs = op.restart();
        QObject::connect(&model, &MessageModel::filterApplied, &wait, &QEventLoop::quit);
        QString error;
        model.setFilter(*MessageFilter::parse(QStringLiteral("value contains 00042"), &error));
        wait.exec();
        const qint64 filterMs = op.elapsed();
        std::printf("{\"messages\":%lld,\"seconds\":%.3f,\"msgs_per_sec\":%.0f,\"rss_mb\":%.1f,\"max_stall_ms\":%lld,"
                    "\"sort_ms\":%lld,\"filter_ms\":%lld,\"matches\":%d,\"max_stall_sort_filter_ms\":%lld,"
                    "\"rss_after_sort_mb\":%.1f,\"decoded\":%lld,\"failed\":%lld}\n",
            static_cast<long long>(model.loadedCount()), seconds, double(model.loadedCount()) / seconds, loadRss,
            static_cast<long long>(loadStall), static_cast<long long>(sortMs), static_cast<long long>(filterMs),
            model.rowCount(), static_cast<long long>(maxStall), rssMb(), static_cast<long long>(decodedCount),
            static_cast<long long>(failedCount));
        app.quit();
    });
    ReadRequest request;
    request.topic = QString::fromUtf8(argv[2]);
    request.start = ReadRequest::Start::Beginning;
    request.isolation = QStringLiteral("read_uncommitted"); // as kcat reads by default
    if (argc > 3) {
        schemas::RegistryConnection registry;
        registry.url = QString::fromUtf8(argv[3]);
        request.schemaRegistry = std::make_shared<schemas::SchemaRegistryClient>(registry);
    }
    clock.start();
    tick.start();
    stall.start();
    reader.read(request);
    app.exec();
    return code;
}
