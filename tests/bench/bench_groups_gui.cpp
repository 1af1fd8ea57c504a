// Loads every consumer group of a cluster into the real Groups page (offscreen) and prints one JSON line:
// {"groups":..,"load_ms":..,"max_stall_ms":..}. Used by scripts/bench-groups; not a test.
//   bench_groups_gui BOOTSTRAP
#include "stallwatchdog.h"
#include "widgets/groups/groupspage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_groups_gui BOOTSTRAP\n");
        return 2;
    }
    kafkalab::GroupsPage page;
    page.resize(1200, 800);
    page.show();
    kafkalab::test::StallWatchdog watchdog;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&page, &kafkalab::GroupsPage::refreshed, &app, [&] {
        // Select the first group so that its details and lag chart are drawn too, then let the loop settle.
        page.selectGroup(page.groups()->rowCount() ? page.groups()->rowAt(0).id : QString());
        const qint64 loaded = clock.elapsed();
        QTimer::singleShot(300, &app, [&, loaded] {
            std::printf("{\"groups\":%d,\"load_ms\":%lld,\"max_stall_ms\":%lld}\n", page.groups()->rowCount(),
                qlonglong(loaded), qlonglong(watchdog.maxStallMs()));
            app.quit();
        });
    });
    page.setConnection(
        { kafkalab::ClientProperty::of(QStringLiteral("bootstrap.servers"), QString::fromLocal8Bit(argv[1])) });
    QTimer::singleShot(120000, &app, [&] {
        std::fprintf(stderr, "no answer within 120 s\n");
        app.exit(1);
    });
    return QApplication::exec();
}
