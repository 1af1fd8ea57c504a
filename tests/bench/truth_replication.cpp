// The replication truth run (issue 17, item 5), run by scripts/truth-replication, never by ctest (it takes minutes):
// on a three-broker sandbox, the drill's keyed, idempotent acks=all producer writes about MESSAGES / 30 a second
// until at least MESSAGES (default 300,000) are acknowledged, while the partition's leader is killed (SIGKILL) and
// started again; then
// kafkalab's ledger check reads the topic back, and kcat reads it too (-f key, partition, offset, value). Passes
// only if every acknowledged message is in kcat's read exactly once, each key's sequence numbers rise with the
// offsets, and kafkalab's ledger counts the same. Arguments: BOOTSTRAP CONTROL-SOCKET.
#include "kafkacore/replication/replicationdrill.h"
#include "signallog.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QSet>

#include <cstdio>

using namespace kafkalab;

namespace {

int failWith(const QString& why)
{
    std::fprintf(stderr, "truth run FAILED: %s\n", qPrintable(why));
    return 1;
}

QString cli()
{
    return test::builtProgram(QStringLiteral("app/kafkalab-cli"));
}

// The leader of partition 0 as kcat's metadata listing has it (an independent client), -1 when none.
int leaderOf(const QString& bootstrap, const QString& topic)
{
    const test::ProcessResult r
        = test::run(QStringLiteral("kcat"), { "-L", "-b", bootstrap, "-t", topic, "-J" }, 30000);
    const QByteArray marker = "\"partition\":0,\"leader\":";
    const qsizetype at = r.out.indexOf(marker);
    return at < 0 ? -1 : r.out.mid(at + marker.size(), 4).split(',').first().toInt();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3)
        return failWith(QStringLiteral("usage: truth_replication BOOTSTRAP CONTROL-SOCKET"));
    const QString& bootstrap = args.at(1);
    const QString& control = args.at(2);
    const qint64 target
        = qEnvironmentVariableIntValue("MESSAGES") > 0 ? qEnvironmentVariableIntValue("MESSAGES") : 300000;
    const QString topic = QStringLiteral("truth-%1").arg(QCoreApplication::applicationPid());
    QElapsedTimer clock;
    clock.start();
    auto say = [&clock](const QString& what) {
        std::printf("%7.1f s  %s\n", double(clock.elapsed()) / 1000.0, qPrintable(what));
        std::fflush(stdout);
    };

    const test::ProcessResult created = test::run(cli(),
        { "topic", "create", topic, "--partitions", "1", "--replication-factor", "3", "--config",
            "min.insync.replicas=2", "--bootstrap", bootstrap });
    if (created.exitCode != 0)
        return failWith(QString::fromUtf8(created.err));

    ReplicationDrill drill;
    drill.setConnection({ ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) });
    DrillSettings settings;
    settings.topic = topic;
    settings.acks = -1;
    settings.idempotence = true;
    // About 30 s of writing: the leader is killed a few seconds in and started again while the writing goes on.
    settings.ratePerSecond = int(std::max<qint64>(1000, target / 30));
    settings.keys = 100;
    QString error;
    test::SignalLog<> finished(&drill, &ReplicationDrill::finished);
    test::SignalLog<QString> failed(&drill, &ReplicationDrill::failed);
    if (!drill.start(settings, &error))
        return failWith(error);
    auto acknowledged = [&drill] { return drill.producerCounts().acknowledged; };
    auto waitFor = [&](qint64 n) {
        return QTest::qWaitFor([&] { return acknowledged() >= n || !failed.isEmpty(); }, 600000) && failed.isEmpty();
    };
    if (!waitFor(target / 5))
        return failWith(failed.isEmpty() ? QStringLiteral("too slow") : failed.value(0));
    const int leader = leaderOf(bootstrap, topic);
    if (leader < 1)
        return failWith(QStringLiteral("no leader for %1[0]").arg(topic));
    say(QStringLiteral("%1 acknowledged; killing the leader, broker %2").arg(acknowledged()).arg(leader));
    const test::ProcessResult r
        = test::run(cli(), { "broker", "kill", QString::number(leader), "--sandbox", control }, 120000);
    if (r.exitCode != 0)
        return failWith(QString::fromUtf8(r.err));
    // Started again at once (a JVM takes seconds to start): it rejoins while the producer writes.
    QProcess start;
    start.start(cli(), { "broker", "start", QString::number(leader), "--sandbox", control });
    if (!waitFor(target / 2))
        return failWith(failed.isEmpty() ? QStringLiteral("too slow") : failed.value(0));
    say(QStringLiteral("%1 acknowledged, leader now %2").arg(acknowledged()).arg(leaderOf(bootstrap, topic)));
    if (!QTest::qWaitFor([&] { return start.state() == QProcess::NotRunning; }, 120000) || start.exitCode() != 0)
        return failWith(QStringLiteral("broker %1 did not start again: %2")
                            .arg(leader)
                            .arg(QString::fromUtf8(start.readAllStandardError())));
    say(QStringLiteral("%1 acknowledged; broker %2 runs again").arg(acknowledged()).arg(leader));
    if (!waitFor(target))
        return failWith(failed.isEmpty() ? QStringLiteral("too slow") : failed.value(0));
    drill.stop();
    if (!finished.waitForCount(1, 120000))
        return failWith(QStringLiteral("the producer did not finish"));
    const DrillCounts counts = drill.producerCounts();
    say(QStringLiteral("producer: sent %1, acknowledged %2, failed %3, unknown %4")
            .arg(counts.sent)
            .arg(counts.acknowledged)
            .arg(counts.failed)
            .arg(counts.unknown));

    test::SignalLog<LedgerReport> checked(&drill, &ReplicationDrill::ledgerChecked);
    if (!drill.checkLedger(&error))
        return failWith(error);
    if (!checked.waitForCount(1, 600000))
        return failWith(QStringLiteral("the ledger check did not end"));
    const LedgerReport report = checked.value(0);
    say(QStringLiteral("kafkalab's ledger: %1").arg(report.summary()));

    // kcat: key, partition, offset, value of everything in the topic (the drill's alone).
    const test::ProcessResult kcat = test::run(QStringLiteral("kcat"),
        { "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k\\t%p\\t%o\\t%s\\n" }, 600000);
    if (kcat.exitCode != 0)
        return failWith(QString::fromUtf8(kcat.err));
    const QHash<QByteArray, QList<qint64>> acked = drill.acknowledgedSequences();
    QHash<QByteArray, QSet<qint64>> ackedSet;
    for (auto it = acked.begin(); it != acked.end(); ++it)
        ackedSet.insert(it.key(), QSet<qint64>(it.value().begin(), it.value().end()));
    QHash<QByteArray, QHash<qint64, int>> seen; // key -> seq -> times read
    QHash<QByteArray, qint64> lastSeq;
    qint64 lines = 0, outOfOrder = 0, keyMismatch = 0, lastOffset = -1, offsetGaps = 0;
    for (const QByteArray& line : kcat.out.split('\n')) {
        if (line.isEmpty())
            continue;
        const QList<QByteArray> f = line.split('\t');
        if (f.size() != 4)
            return failWith(QStringLiteral("kcat line not understood: %1").arg(QString::fromUtf8(line)));
        ++lines;
        const qint64 offset = f[2].toLongLong();
        offsetGaps += lastOffset >= 0 && offset != lastOffset + 1 ? 1 : 0;
        lastOffset = offset;
        const std::optional<LedgerEntry> e = parseLedgerValue(f[3]);
        if (!e || e->key != f[0] || f[1] != "0") {
            ++keyMismatch;
            continue;
        }
        if (lastSeq.contains(e->key) && e->seq <= lastSeq.value(e->key))
            ++outOfOrder;
        lastSeq[e->key] = std::max(lastSeq.value(e->key, -1), e->seq);
        ++seen[e->key][e->seq];
    }
    qint64 missing = 0, duplicates = 0, acknowledgedTotal = 0;
    for (auto it = ackedSet.begin(); it != ackedSet.end(); ++it)
        for (qint64 seq : it.value()) {
            ++acknowledgedTotal;
            const int n = seen.value(it.key()).value(seq);
            missing += n == 0 ? 1 : 0;
            duplicates += n > 1 ? n - 1 : 0;
        }
    say(QStringLiteral("kcat: %1 messages read (offsets %2 gap(s)), %3 acknowledged: %4 missing, %5 duplicated, %6 "
                       "out of key order, %7 not a drill message of its key")
            .arg(lines)
            .arg(offsetGaps)
            .arg(acknowledgedTotal)
            .arg(missing)
            .arg(duplicates)
            .arg(outOfOrder)
            .arg(keyMismatch));
    QStringList problems;
    if (acknowledgedTotal < target)
        problems << QStringLiteral("only %1 acknowledged").arg(acknowledgedTotal);
    if (missing || duplicates || outOfOrder || keyMismatch)
        problems << QStringLiteral("kcat disagrees with the ledger");
    if (!report.clean() || report.acknowledged != acknowledgedTotal || report.read != lines)
        problems << QStringLiteral("kafkalab's ledger check (%1) differs from kcat's read").arg(report.summary());
    if (!problems.isEmpty())
        return failWith(problems.join(QLatin1String("; ")));
    say(QStringLiteral("truth run PASSED"));
    return 0;
}
