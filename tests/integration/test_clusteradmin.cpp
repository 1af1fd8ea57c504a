// The cluster read with librdkafka 2.14's admin calls, cross-checked with clients we did not write: racks
// (DescribeCluster) and internal flags (DescribeTopics) against python3-kafka; the low and high watermarks
// (ListOffsets) against Kafka's GetOffsetShell; the last stable offset of a partition with an open transaction
// against kcat's queries with read_committed and read_uncommitted; and a slow broker (every answer delayed
// by a proxy) reported as slow, not as unreachable.
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/cluster/adminworker.h"
#include "kafkacore/cluster/clusterjson.h"
#include "kafkacore/cluster/clustersession.h"
#include "kafkacore/sandbox/localsandbox.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>
#include <QUuid>

using namespace kafkalab;

namespace {

QString unique(const QString& base)
{
    return base + QUuid::createUuid().toString(QUuid::Id128).left(8);
}

// Program arguments from literals and strings (no implicit const char* -> QString: QT_NO_CAST_FROM_ASCII).
QString arg(const char* s)
{
    return QString::fromUtf8(s);
}
QString arg(const QString& s)
{
    return s;
}
template <typename... T> QStringList args(const T&... xs)
{
    return { arg(xs)... };
}

// python3-kafka (Debian's, in /usr/bin/python3): runs `script` with the bootstrap address as argv[1].
test::ProcessResult python(const QString& script, const QStringList& args)
{
    return test::run(QStringLiteral("/usr/bin/python3"), QStringList { QStringLiteral("-c"), script } + args, 90000);
}

// A TCP proxy in front of the broker that holds every answer for `delayMs` (in order): a slow broker.
const char* const kSlowProxy = "import asyncio, sys, time\n"
                               "host, port, delay = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) / 1000\n"
                               "async def pipe(reader, writer, late):\n"
                               "    q = asyncio.Queue()\n"
                               "    async def send():\n"
                               "        while True:\n"
                               "            due, data = await q.get()\n"
                               "            if data is None: break\n"
                               "            await asyncio.sleep(max(0, due - time.monotonic()))\n"
                               "            writer.write(data); await writer.drain()\n"
                               "        writer.close()\n"
                               "    task = asyncio.ensure_future(send())\n"
                               "    while True:\n"
                               "        data = await reader.read(65536)\n"
                               "        await q.put((time.monotonic() + (delay if late else 0), data or None))\n"
                               "        if not data: break\n"
                               "    await task\n"
                               "async def handle(cr, cw):\n"
                               "    br, bw = await asyncio.open_connection(host, port)\n"
                               "    await asyncio.gather(pipe(cr, bw, False), pipe(br, cw, True),\n"
                               "        return_exceptions=True)\n"
                               "async def main():\n"
                               "    server = await asyncio.start_server(handle, '127.0.0.1', 0)\n"
                               "    print(server.sockets[0].getsockname()[1], flush=True)\n"
                               "    await server.serve_forever()\n"
                               "asyncio.run(main())\n";

} // namespace

class TestClusterAdmin : public QObject {
    Q_OBJECT
    QString m_bootstrap;

    static bool connectAndRefresh(ClusterSession& session, const QString& bootstrap, int timeoutMs = 8000)
    {
        QSignalSpy applied(&session, &ClusterSession::snapshotApplied);
        session.setAutoRefreshInterval(0);
        session.connectTo(QStringLiteral("fixture"),
            { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) }, timeoutMs);
        return applied.wait(timeoutMs * 3 + 30000);
    }

    // GetOffsetShell's "topic:partition:offset" lines for one topic at --time `time` (-1 latest, -2 earliest).
    QMap<int, qint64> getOffsetShell(const QString& topic, int time)
    {
        const test::ProcessResult r = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.GetOffsetShell"),
            args("--bootstrap-server", m_bootstrap, "--topic", topic, "--time", QString::number(time)));
        QMap<int, qint64> out;
        for (const QString& line : QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QStringList f = line.trimmed().split(QLatin1Char(':'));
            if (f.size() == 3 && f[0] == topic)
                out.insert(f[1].toInt(), f[2].toLongLong());
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    // DescribeTopics' is_internal: every topic's flag equals python3-kafka's describe_topics. kafkalab describes only
    // names that begin with "__" (the broker decides by name); a user's topic named like that is not internal.
    void internalFlagsAgreeWithPythonKafka()
    {
        // __consumer_offsets exists once a group has committed: commit one with python3-kafka.
        const QString topic = unique(QStringLiteral("kafkalab.test.internal-"));
        const QString underscored = unique(QStringLiteral("__kafkalab.test.not-internal-"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 1 }, { underscored, 1 } }), QString());
        const test::ProcessResult py = python(
            QStringLiteral("import sys, kafka\n"
                           "from kafka.structs import TopicPartition, OffsetAndMetadata\n"
                           "c = kafka.KafkaConsumer(bootstrap_servers=sys.argv[1], group_id=sys.argv[2] + '-g',"
                           " enable_auto_commit=False)\n"
                           "c.commit({TopicPartition(sys.argv[2], 0): OffsetAndMetadata(0, '')})\n"
                           "c.close()\n"
                           "a = kafka.KafkaAdminClient(bootstrap_servers=sys.argv[1])\n"
                           "for t in a.describe_topics():\n"
                           "    print(t['topic'], 1 if t['is_internal'] else 0)\n"),
            { m_bootstrap, topic });
        QVERIFY2(py.exitCode == 0, py.err.constData());
        QMap<QString, bool> theirs;
        for (const QString& line : QString::fromUtf8(py.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            theirs.insert(
                line.section(QLatin1Char(' '), 0, 0), line.section(QLatin1Char(' '), 1) == QLatin1String("1"));
        QVERIFY(theirs.value(QStringLiteral("__consumer_offsets")));
        QVERIFY(theirs.contains(topic));
        QVERIFY(theirs.contains(underscored) && !theirs.value(underscored));

        ClusterSession session;
        QVERIFY(connectAndRefresh(session, m_bootstrap));
        int compared = 0;
        for (const TopicInfo& t : session.snapshot().topics) {
            if (!theirs.contains(t.name))
                continue; // made by another test since
            QVERIFY2(t.internal == theirs.value(t.name), qPrintable(t.name));
            ++compared;
        }
        QVERIFY(compared >= 3);
        const QJsonDocument json = QJsonDocument::fromJson(snapshotToJson(session.snapshot()));
        bool seen = false;
        for (const QJsonValue& t : json.object().value(QLatin1String("topics")).toArray())
            if (t.toObject().value(QLatin1String("name")).toString() == QLatin1String("__consumer_offsets"))
                seen = t.toObject().value(QLatin1String("internal")).toBool();
        QVERIFY(seen);
    }

    // ListOffsets earliest and latest for every partition equal GetOffsetShell's, also after records are deleted.
    void watermarksAgreeWithGetOffsetShell()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.marks-"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 4 } }), QString());
        QByteArray lines;
        for (int i = 0; i < 400; ++i)
            lines += "k" + QByteArray::number(i) + ":v" + QByteArray::number(i) + "\n";
        QCOMPARE(
            test::run(QStringLiteral("kcat"), args("-b", m_bootstrap, "-P", "-t", topic, "-K:"), 30000, lines).exitCode,
            0);
        QTemporaryFile spec;
        QVERIFY(spec.open());
        spec.write(
            QStringLiteral("{\"partitions\":[{\"topic\":\"%1\",\"partition\":1,\"offset\":7}]}").arg(topic).toUtf8());
        spec.flush();
        QCOMPARE(test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.DeleteRecordsCommand"),
                     args("--bootstrap-server", m_bootstrap, "--offset-json-file", spec.fileName()))
                     .exitCode,
            0);
        const QMap<int, qint64> low = getOffsetShell(topic, -2);
        const QMap<int, qint64> high = getOffsetShell(topic, -1);
        QCOMPARE(low.size(), 4);
        QCOMPARE(high.size(), 4);
        QCOMPARE(low.value(1), 7);

        ClusterSession session;
        QVERIFY(connectAndRefresh(session, m_bootstrap));
        const TopicInfo* t = session.snapshot().topic(topic);
        QVERIFY(t);
        QCOMPARE(t->partitions.size(), 4);
        qint64 sum = 0;
        for (const PartitionInfo& p : t->partitions) {
            QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
            QCOMPARE(p.low, low.value(p.id));
            QCOMPARE(p.high, high.value(p.id));
            QCOMPARE(p.lastStable, p.high); // no transactions here
            sum += p.high - p.low;
        }
        QCOMPARE(sum, 400 - 7);
    }

    // The last stable offset: with a transaction open, it stays where the transaction began while the high
    // watermark moves on (kcat's read_committed and read_uncommitted queries say the same); shown in the
    // partition table and the CLI's JSON; equal to the high watermark again once the transaction commits.
    void lastStableOffsetOfAnOpenTransaction()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.lso-"));
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 1 } }), QString());
        QCOMPARE(test::run(QStringLiteral("kcat"), args("-b", m_bootstrap, "-P", "-t", topic, "-p", "0"), 30000,
                     QByteArray("a\nb\n"))
                     .exitCode,
            0);
        char err[512];
        ConfPtr conf(rd_kafka_conf_new());
        QCOMPARE(rd_kafka_conf_set(conf.get(), "bootstrap.servers", m_bootstrap.toUtf8().constData(), err, sizeof err),
            RD_KAFKA_CONF_OK);
        QCOMPARE(rd_kafka_conf_set(conf.get(), "transactional.id", (topic + QStringLiteral("-tx")).toUtf8().constData(),
                     err, sizeof err),
            RD_KAFKA_CONF_OK);
        KafkaHandle rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
        QVERIFY2(rk, err);
        static_cast<void>(conf.release()); // rd_kafka_new took it
        auto ok = [](rd_kafka_error_t* e) {
            QByteArray text = e ? QByteArray(rd_kafka_error_string(e)) : QByteArray();
            if (e)
                rd_kafka_error_destroy(e);
            return text;
        };
        QCOMPARE(ok(rd_kafka_init_transactions(rk.get(), 30000)), QByteArray());
        QCOMPARE(ok(rd_kafka_begin_transaction(rk.get())), QByteArray());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(rd_kafka_producev(rk.get(), RD_KAFKA_V_TOPIC(topic.toUtf8().constData()), RD_KAFKA_V_PARTITION(0),
                         RD_KAFKA_V_VALUE(const_cast<char*>("open"), size_t(4)),
                         RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                RD_KAFKA_RESP_ERR_NO_ERROR);
        QCOMPARE(rd_kafka_flush(rk.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);

        // kcat's end offsets for both isolation levels (its query goes through offsets_for_times, not ListOffsets;
        // python3-kafka 2.0.2 has no isolation level).
        auto ends = [&] {
            QByteArray out;
            for (const char* iso : { "read_uncommitted", "read_committed" }) {
                const test::ProcessResult r = test::run(QStringLiteral("kcat"),
                    args("-b", m_bootstrap, "-Q", "-t", topic + QStringLiteral(":0:-1"), "-X",
                        QStringLiteral("isolation.level=") + QLatin1String(iso)));
                out += r.out.mid(r.out.lastIndexOf(' ') + 1).trimmed() + '\n';
            }
            return out;
        };
        QCOMPARE(ends(), QByteArray("5\n2\n"));

        ClusterSession session;
        QVERIFY(connectAndRefresh(session, m_bootstrap));
        const TopicInfo* t = session.snapshot().topic(topic);
        QVERIFY(t);
        const PartitionInfo p = t->partitions.value(0);
        QCOMPARE(p.high, 5);
        QCOMPARE(p.lastStable, 2);
        QVERIFY(p.openTransaction());
        session.setSelectedTopic(topic);
        PartitionModel* pm = session.partitions();
        const QString high = pm->index(pm->rowOf(0), PartitionModel::High).data().toString();
        QVERIFY2(high.contains(QLatin1String("stable 2")), qPrintable(high));
        QVERIFY(pm->index(pm->rowOf(0), PartitionModel::High)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("transaction is open")));
        const test::ProcessResult cli = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            args("cluster", "--bootstrap", m_bootstrap, "--json"));
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        bool found = false;
        for (const QJsonValue& tv : QJsonDocument::fromJson(cli.out).object().value(QLatin1String("topics")).toArray())
            if (tv.toObject().value(QLatin1String("name")).toString() == topic) {
                const QJsonObject part = tv.toObject().value(QLatin1String("partitions")).toArray().at(0).toObject();
                QCOMPARE(part.value(QLatin1String("high_watermark")).toInteger(), 5);
                QCOMPARE(part.value(QLatin1String("last_stable_offset")).toInteger(), 2);
                found = true;
            }
        QVERIFY(found);

        // Committed: the commit marker takes offset 5; both ends are 6.
        QCOMPARE(ok(rd_kafka_commit_transaction(rk.get(), 30000)), QByteArray());
        // The coordinator answers the commit before the marker is in the partition's log: wait for kcat to see it.
        QTRY_COMPARE_WITH_TIMEOUT(ends(), QByteArray("6\n6\n"), 15000);
        QSignalSpy applied(&session, &ClusterSession::snapshotApplied);
        session.refresh();
        QVERIFY(applied.wait(30000));
        const PartitionInfo after = session.snapshot().topic(topic)->partitions.value(0);
        QCOMPARE(after.high, 6);
        QCOMPARE(after.lastStable, 6);
        QVERIFY(!after.openTransaction());
        QVERIFY(!pm->index(pm->rowOf(0), PartitionModel::High).data().toString().contains(QLatin1String("stable")));
    }

    // DescribeCluster's rack, not DescribeConfigs' broker.rack: a broker of its own with broker.rack set, checked
    // against python3-kafka's describe_cluster.
    void racksAgreeWithPythonKafka()
    {
        SandboxOptions options;
        options.createDemoTopics = false;
        options.extraConfig.insert(QStringLiteral("broker.rack"), QStringLiteral("rack-east-1"));
        LocalSandbox sandbox(options);
        QSignalSpy ready(&sandbox, &LocalSandbox::ready);
        QSignalSpy failed(&sandbox, &LocalSandbox::failed);
        sandbox.start();
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), 180000);
        QVERIFY2(failed.isEmpty(), qPrintable(sandbox.errorString()));
        const QString bootstrap = sandbox.bootstrap();

        const test::ProcessResult py
            = python(QStringLiteral("import sys, kafka\n"
                                    "a = kafka.KafkaAdminClient(bootstrap_servers=sys.argv[1])\n"
                                    "for b in a.describe_cluster()['brokers']:\n"
                                    "    print(b['node_id'], b['rack'])\n"),
                { bootstrap });
        QVERIFY2(py.exitCode == 0, py.err.constData());
        const QStringList theirs = QString::fromUtf8(py.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(theirs.size(), 1);

        ClusterSession session;
        QVERIFY(connectAndRefresh(session, bootstrap));
        QCOMPARE(session.snapshot().brokers.size(), 1);
        const BrokerInfo& b = session.snapshot().brokers.first();
        QCOMPARE(QStringLiteral("%1 %2").arg(b.id).arg(b.rack), theirs.first());
        QCOMPARE(b.rack, QStringLiteral("rack-east-1"));
        // And the fixture broker, which has no rack: none shown.
        ClusterSession plain;
        QVERIFY(connectAndRefresh(plain, m_bootstrap));
        for (const BrokerInfo& fb : plain.snapshot().brokers)
            QVERIFY(fb.rack.isEmpty());
    }

    // Every answer 1.2 s late: the old fixed 0.5 s per metadata attempt never saw one and said "unreachable";
    // now the read waits (within the user's timeout) and says it was slow.
    void slowBrokerIsSlowNotUnreachable()
    {
        const QString host = m_bootstrap.section(QLatin1Char(':'), 0, 0);
        const QString port = m_bootstrap.section(QLatin1Char(':'), 1);
        QProcess proxy;
        proxy.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral("-c"), QString::fromLatin1(kSlowProxy), host, port, QStringLiteral("1200") });
        QVERIFY(proxy.waitForStarted(10000));
        QVERIFY(proxy.waitForReadyRead(10000));
        const QString proxyPort = QString::fromLatin1(proxy.readLine().trimmed());
        QVERIFY(!proxyPort.isEmpty());

        ClusterSession session;
        QSignalSpy failed(&session, &ClusterSession::connectFailed);
        const bool ok = connectAndRefresh(session, QStringLiteral("127.0.0.1:") + proxyPort, 20000);
        proxy.kill();
        proxy.waitForFinished(5000);
        QVERIFY2(ok, failed.isEmpty() ? "no snapshot" : qPrintable(failed.first().first().toString()));
        QVERIFY2(session.snapshot().notice.startsWith(QLatin1String("slow: metadata took ")),
            qPrintable(session.snapshot().notice));
        QVERIFY(session.snapshot().metadataMs >= 2000);
        QVERIFY(!session.snapshot().brokers.isEmpty());
        QVERIFY(!session.snapshot().topics.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestClusterAdmin)
#include "test_clusteradmin.moc"
