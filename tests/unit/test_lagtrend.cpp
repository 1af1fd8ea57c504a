// Lag in time and where it is going: the trend from consumption and production rates, the rates from the offsets
// of successive refreshes, the duration text. Pure logic, no broker.
#include "kafkacore/groups/lagtrend.h"

#include <QTest>

using namespace kafkalab;

class TestLagTrend : public QObject {
    Q_OBJECT

    static GroupDescription group(int64_t committed, int64_t high)
    {
        GroupDescription g;
        g.id = QStringLiteral("g");
        GroupOffset o;
        o.topic = QStringLiteral("t");
        o.partition = 0;
        o.committed = committed;
        o.highWatermark = high;
        g.offsets = { o };
        return g;
    }

private Q_SLOTS:
    // The chart's history: the last keepSec seconds of points, and only groups the latest refresh listed.
    void lagSeriesIsBoundedInTimeAndGroups()
    {
        LagSeries series(60);
        auto named = [](const QString& id, int64_t committed, int64_t high) {
            GroupDescription g = group(committed, high);
            g.id = id;
            return g;
        };
        for (int s = 0; s <= 600; s += 5) // ten minutes of refreshes every 5 s, two groups
            series.record({ named(QStringLiteral("a"), 10, 10 + s), named(QStringLiteral("b"), 0, 3) }, s);
        QCOMPARE(series.groupCount(), 2);
        const QList<LagSeries::Point> a = series.of(QStringLiteral("a"));
        QCOMPARE(a.size(), 13); // 540 s to 600 s
        QCOMPARE(a.first().atSec, 540.0);
        QCOMPARE(a.last().atSec, 600.0);
        QCOMPARE(a.last().lag, 600.0);
        QCOMPARE(a.last().timeLagSec, -1.0); // not known
        QCOMPARE(series.pointCount(), qsizetype(26));
        series.record({ named(QStringLiteral("b"), 0, 4) }, 605); // a is gone
        QCOMPARE(series.groupCount(), 1);
        QVERIFY(series.of(QStringLiteral("a")).isEmpty());
        QCOMPARE(series.of(QStringLiteral("b")).last().lag, 4.0);
        series.record({}, 610); // no group any more
        QCOMPARE(series.groupCount(), 0);
        QCOMPARE(series.pointCount(), qsizetype(0));
    }

    void trendFromRates()
    {
        QCOMPARE(lagTrend(0, -1, -1).kind, LagTrend::Kind::CaughtUp);
        QCOMPARE(lagTrend(-1, 5, 1).kind, LagTrend::Kind::Unknown); // nothing committed
        QCOMPARE(lagTrend(100, -1, 1).kind, LagTrend::Kind::Unknown); // not measured yet
        QCOMPARE(lagTrend(100, 0, 3).kind, LagTrend::Kind::Stalled);
        QCOMPARE(lagTrend(100, 0, 0).kind, LagTrend::Kind::Stalled);
        QCOMPARE(lagTrend(100, 5, 5).kind, LagTrend::Kind::Steady);
        QCOMPARE(lagTrend(100, 5, 8).kind, LagTrend::Kind::Growing);
        const LagTrend t = lagTrend(100, 30, 10); // 20/s net: 5 s
        QCOMPARE(t.kind, LagTrend::Kind::Clearing);
        QCOMPARE(t.clearsInMs, int64_t(5000));
        QCOMPARE(t.text(), QStringLiteral("clears in 5 s"));
        QCOMPARE(t.name(), QStringLiteral("clearing"));
        QCOMPARE(lagTrend(100, 5, 8).text(), QStringLiteral("growing"));
        QCOMPARE(lagTrend(1000000, 11, 1).text(), QStringLiteral("clears in 28 h"));
    }

    void ratesFromSuccessiveRefreshes()
    {
        LagHistory history;
        QList<GroupDescription> groups { group(100, 400) };
        history.apply(groups, 10000);
        QCOMPARE(groups[0].offsets[0].consumedPerSec, -1.0); // one sample: no rate
        QCOMPARE(groups[0].trend.kind, LagTrend::Kind::Unknown);
        groups = { group(300, 450) }; // 10 s later: 200 consumed, 50 produced
        history.apply(groups, 20000);
        QCOMPARE(groups[0].offsets[0].consumedPerSec, 20.0);
        QCOMPARE(groups[0].offsets[0].producedPerSec, 5.0);
        QCOMPARE(groups[0].trend.kind, LagTrend::Kind::Clearing); // 150 left at 15/s net
        QCOMPARE(groups[0].trend.clearsInMs, int64_t(10000));
        QCOMPARE(groups[0].consumedPerSec(), 20.0);
        // Half a second later: the rate still spans the first sample (210 in 10.5 s).
        groups = { group(310, 450) };
        history.apply(groups, 20500);
        QCOMPARE(groups[0].offsets[0].consumedPerSec, 20.0);
        // A reset moves the committed offset back: the history starts again.
        groups = { group(0, 450) };
        history.apply(groups, 30000);
        QCOMPARE(groups[0].offsets[0].consumedPerSec, -1.0);
        // Nothing moves for 10 s: stalled.
        groups = { group(0, 450) };
        history.apply(groups, 40000);
        QCOMPARE(groups[0].trend.kind, LagTrend::Kind::Stalled);
    }

    void windowForgetsOldSamples()
    {
        LagHistory history(60000);
        QList<GroupDescription> groups { group(0, 1000) };
        history.apply(groups, 0);
        for (qint64 t = 10000; t <= 120000; t += 10000) {
            groups = { group(t / 1000 * (t > 60000 ? 10 : 1), 1000) };
            history.apply(groups, t);
        }
        // At 120 s the window starts at 60 s (committed 60): (1200 - 60) / 60 s = 19/s.
        QCOMPARE(groups[0].offsets[0].consumedPerSec, 19.0);
    }

    void caughtUpGroupAndUnknownTimeLag()
    {
        GroupDescription g = group(50, 50);
        g.offsets[0].timeLagMs = 0;
        QCOMPARE(g.timeLagMs(), int64_t(0));
        GroupOffset behind;
        behind.topic = QStringLiteral("t");
        behind.partition = 1;
        behind.committed = 10;
        behind.highWatermark = 20;
        g.offsets.append(behind); // has lag, no time lag known: the group's time lag is unknown
        QCOMPARE(g.timeLagMs(), int64_t(-1));
        g.offsets[1].timeLagMs = 4200;
        QCOMPARE(g.timeLagMs(), int64_t(4200));
    }

    void durations()
    {
        QCOMPARE(durationText(-1), QStringLiteral("unknown"));
        QCOMPARE(durationText(0), QStringLiteral("0 s"));
        QCOMPARE(durationText(850), QStringLiteral("850 ms"));
        QCOMPARE(durationText(12345), QStringLiteral("12.3 s"));
        QCOMPARE(durationText(303000), QStringLiteral("5 min 3 s"));
        QCOMPARE(durationText(7500000), QStringLiteral("2 h 5 min"));
    }
};

QTEST_GUILESS_MAIN(TestLagTrend)
#include "test_lagtrend.moc"
