// The Cluster and Groups tabs on a large cluster, offscreen, as the window shows them (scripts/bench-scale; not a
// test). Prints one JSON line:
//   {"topics":..,"groups":..,"cluster_fill_ms":..,"groups_fill_ms":..,"max_stall_ms":..,"cluster_refreshes":..,
//    "groups_refreshes":..,"max_changed_signals":..,"busy_cpu_pct":..,"idle_cpu_pct":..}
//   bench_scale_gui BOOTSTRAP [SECONDS]
// 1. The Cluster tab connects: time until the topic table is filled; then SECONDS of auto-refresh (every 10 s) with
//    the Groups tab on screen beside it polling every 5 s (both as the window would when the user watches the
//    groups): the longest event-loop stall and the CPU the process used (busy_cpu_pct, % of one core).
// 2. Idle: the Groups tab hidden (as when another tab is current) for SECONDS/2: the CPU used (idle_cpu_pct), with
//    the cluster's auto-refresh still on.
#include "stallwatchdog.h"

#include "kafkacore/cluster/clustersession.h"
#include "widgets/cluster/clusterbrowser.h"
#include "widgets/groups/groupspage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSplitter>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

#include <sys/resource.h>

namespace {
double cpuSeconds()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_scale_gui BOOTSTRAP [SECONDS]\n");
        return 2;
    }
    const QString bootstrap = QString::fromLocal8Bit(argv[1]);
    const int seconds = argc > 2 ? std::max(10, atoi(argv[2])) : 120;
    using namespace kafkalab;
    const QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };

    QSplitter window;
    window.resize(1600, 900);
    ClusterSession session;
    auto* browser = new ClusterBrowser(&session, &window);
    auto* groups = new GroupsPage(&window);
    window.show();

    test::StallWatchdog* watchdog = nullptr;
    QElapsedTimer clock;
    clock.start();
    qint64 clusterFill = -1;
    qint64 groupsFill = -1;
    int clusterRefreshes = 0;
    int groupsRefreshes = 0;
    int changedSignals = 0;
    int maxChangedSignals = 0;
    qint64 maxStall = 0;
    QObject::connect(groups->groups(), &QAbstractItemModel::dataChanged, &app, [&] { ++changedSignals; });
    QObject::connect(&session, &ClusterSession::snapshotApplied, &app, [&] {
        ++clusterRefreshes;
        if (clusterFill < 0 && browser->topicView()->model()->rowCount() > 0)
            clusterFill = clock.elapsed();
    });
    QObject::connect(groups, &GroupsPage::refreshed, &app, [&] {
        ++groupsRefreshes;
        maxChangedSignals = std::max(maxChangedSignals, changedSignals);
        changedSignals = 0;
        if (groupsFill < 0)
            groupsFill = clock.elapsed();
    });
    QObject::connect(&session, &ClusterSession::connectFailed, &app, [](const QString& message) {
        std::fprintf(stderr, "connect failed: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
    session.connectTo(QStringLiteral("bench"), props, 60000);
    browser->setConnection(props);
    groups->setConnection(props);

    double cpuAtBusy = 0;
    double cpuAtIdle = 0;
    double busyPct = 0;
    // Phase 1 starts once both tables are filled; the first fill's stall is the fill's, not the refreshes'.
    auto* startBusy = new QTimer(&app);
    startBusy->setInterval(50);
    QObject::connect(startBusy, &QTimer::timeout, &app, [&] {
        if (clusterFill < 0 || groupsFill < 0)
            return;
        startBusy->stop();
        watchdog = new test::StallWatchdog;
        cpuAtBusy = cpuSeconds();
        QTimer::singleShot(seconds * 1000, &app, [&] {
            busyPct = (cpuSeconds() - cpuAtBusy) / seconds * 100.0;
            maxStall = watchdog->maxStallMs();
            groups->hide();
            cpuAtIdle = cpuSeconds();
            QTimer::singleShot(seconds * 500, &app, [&] {
                const double idlePct = (cpuSeconds() - cpuAtIdle) / (seconds / 2.0) * 100.0;
                std::printf("{\"topics\":%d,\"groups\":%d,\"cluster_fill_ms\":%lld,\"groups_fill_ms\":%lld,"
                            "\"max_stall_ms\":%lld,\"cluster_refreshes\":%d,\"groups_refreshes\":%d,"
                            "\"max_changed_signals\":%d,\"busy_cpu_pct\":%.1f,\"idle_cpu_pct\":%.1f}\n",
                    session.topics()->rowCount(), groups->groups()->rowCount(), qlonglong(clusterFill),
                    qlonglong(groupsFill), qlonglong(maxStall), clusterRefreshes, groupsRefreshes, maxChangedSignals,
                    busyPct, idlePct);
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        });
    });
    startBusy->start();
    QTimer::singleShot((seconds * 2 + 300) * 1000, &app, [] {
        std::fprintf(stderr, "bench_scale_gui: no result in time\n");
        QCoreApplication::exit(1);
    });
    const int rc = QApplication::exec();
    delete watchdog;
    return rc;
}
