// The cluster browser's view of the fixture broker, cross-checked with kcat and with Kafka's own Java tools.
#include "clustersession.h"
#include "sandboxprobe.h"
#include "sandboxsetup.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>

using namespace kafkalab;

static QList<int32_t> ids(const QJsonArray& a)
{
    QList<int32_t> out;
    for (const QJsonValue& v : a)
        out.append(v.toObject().value(QLatin1String("id")).toInt());
    return out;
}

class TestCluster : public QObject {
    Q_OBJECT
    QString m_bootstrap;

    bool connectAndRefresh(ClusterSession& session)
    {
        QSignalSpy applied(&session, &ClusterSession::snapshotApplied);
        session.setAutoRefreshInterval(0);
        session.connectTo(
            QStringLiteral("fixture"), { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) });
        return applied.wait(30000);
    }

    ClusterSnapshot freshSnapshot()
    {
        ClusterSession session;
        if (!connectAndRefresh(session))
            return {};
        return session.snapshot();
    }

    int64_t kcatOffset(const QString& topic, int partition, int which)
    {
        const test::ProcessResult r = test::run(QStringLiteral("kcat"),
            { "-b", m_bootstrap, "-Q", "-t", QStringLiteral("%1:%2:%3").arg(topic).arg(partition).arg(which) });
        const QRegularExpressionMatch m
            = QRegularExpression(QStringLiteral("offset (-?\\d+)")).match(QString::fromUtf8(r.out));
        return m.hasMatch() ? m.captured(1).toLongLong() : -100;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    void demoTopicsExistWithTheirPartitionCounts()
    {
        const ClusterSnapshot s = freshSnapshot();
        for (const TopicSpec& spec : demoTopics()) {
            const TopicInfo* t = s.topic(spec.name);
            QVERIFY2(t, qPrintable(spec.name));
            QCOMPARE(int(t->partitions.size()), spec.partitions);
            QCOMPARE(t->replicationFactor(), 1);
            QVERIFY(!t->internal);
        }
    }

    void modelsAgreeWithKcatMetadata()
    {
        ClusterSession session;
        QVERIFY(connectAndRefresh(session));
        const test::ProcessResult r = test::run(QStringLiteral("kcat"), { "-b", m_bootstrap, "-L", "-J" });
        QCOMPARE(r.exitCode, 0);
        const QJsonObject md = QJsonDocument::fromJson(r.out).object();

        // Brokers, as the broker model shows them.
        const QJsonArray brokers = md.value(QLatin1String("brokers")).toArray();
        BrokerModel* bm = session.brokers();
        QCOMPARE(bm->rowCount(), brokers.size());
        for (int i = 0; i < brokers.size(); ++i) {
            const QJsonObject b = brokers[i].toObject();
            const int row = bm->rowOf(b.value(QLatin1String("id")).toInt());
            QVERIFY(row >= 0);
            QCOMPARE(bm->index(row, BrokerModel::Address).data().toString(), b.value(QLatin1String("name")).toString());
            const bool controller
                = b.value(QLatin1String("id")).toInt() == md.value(QLatin1String("controllerid")).toInt();
            QCOMPARE(bm->rowAt(row).controller, controller);
        }

        // Topics and partitions: leader, replicas and ISR, through the models.
        const QJsonArray topics = md.value(QLatin1String("topics")).toArray();
        TopicModel* tm = session.topics();
        QCOMPARE(tm->rowCount(), topics.size());
        for (const QJsonValue& tv : topics) {
            const QJsonObject t = tv.toObject();
            const QString name = t.value(QLatin1String("topic")).toString();
            const int row = tm->rowOf(name);
            QVERIFY2(row >= 0, qPrintable(name));
            const QJsonArray parts = t.value(QLatin1String("partitions")).toArray();
            QCOMPARE(tm->index(row, TopicModel::Partitions).data().toInt(), parts.size());
            session.setSelectedTopic(name);
            PartitionModel* pm = session.partitions();
            QCOMPARE(pm->rowCount(), parts.size());
            for (const QJsonValue& pv : parts) {
                const QJsonObject p = pv.toObject();
                const int prow = pm->rowOf(p.value(QLatin1String("partition")).toInt());
                QVERIFY(prow >= 0);
                const PartitionInfo& info = pm->rowAt(prow);
                QCOMPARE(info.leader, p.value(QLatin1String("leader")).toInt());
                QCOMPARE(info.replicas, ids(p.value(QLatin1String("replicas")).toArray()));
                QCOMPARE(info.isr, ids(p.value(QLatin1String("isrs")).toArray()));
                QCOMPARE(pm->index(prow, PartitionModel::Leader).data().toInt(), info.leader);
            }
        }
    }

    void watermarksAgreeWithKcat()
    {
        // Messages on some partitions of `logs`, then records deleted before offset 4 on partition 0 with Kafka's
        // own tool, so the low watermark is not 0 everywhere.
        QByteArray lines;
        for (int i = 0; i < 60; ++i)
            lines += "wm-key-" + QByteArray::number(i) + ":value\n";
        QCOMPARE(test::run(QStringLiteral("kcat"),
                     { "-b", m_bootstrap, "-P", "-t", "logs", "-K:", "-X", "topic.partitioner=murmur2_random" }, 30000,
                     lines)
                     .exitCode,
            0);
        QCOMPARE(test::run(QStringLiteral("kcat"), { "-b", m_bootstrap, "-P", "-t", "logs", "-p", "0" }, 30000,
                     "a\nb\nc\nd\ne\n")
                     .exitCode,
            0);
        QTemporaryFile json;
        QVERIFY(json.open());
        json.write(R"({"partitions":[{"topic":"logs","partition":0,"offset":4}],"version":1})");
        json.flush();
        const test::ProcessResult del
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.DeleteRecordsCommand"),
                { "--bootstrap-server", m_bootstrap, "--offset-json-file", json.fileName() });
        QVERIFY2(del.exitCode == 0, del.err.constData());

        const ClusterSnapshot s = freshSnapshot();
        QVERIFY2(s.offsetsError.isEmpty(), qPrintable(s.offsetsError));
        const TopicInfo* logs = s.topic(QStringLiteral("logs"));
        QVERIFY(logs);
        QCOMPARE(logs->partitions[0].low, int64_t(4));
        int64_t total = 0;
        for (const PartitionInfo& p : logs->partitions) {
            QCOMPARE(p.high, kcatOffset(QStringLiteral("logs"), p.id, -1));
            QCOMPARE(p.low, kcatOffset(QStringLiteral("logs"), p.id, -2));
            total += p.high - p.low;
        }
        QCOMPARE(logs->messageCount(), total);
        QVERIFY(total >= 61);
        // An untouched demo topic is empty.
        for (const PartitionInfo& p : s.topic(QStringLiteral("inventory.stock.updated"))->partitions)
            QCOMPARE(p.high, kcatOffset(QStringLiteral("inventory.stock.updated"), p.id, -1));
    }

    void partitionsAgreeWithKafkaTopicsTool()
    {
        const test::ProcessResult r = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.TopicCommand"),
            { "--bootstrap-server", m_bootstrap, "--describe", "--topic", "orders.order.created" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const ClusterSnapshot s = freshSnapshot();
        const TopicInfo* t = s.topic(QStringLiteral("orders.order.created"));
        QVERIFY(t);
        const QRegularExpression line(
            QStringLiteral("Partition: (\\d+)\\s+Leader: (\\d+)\\s+Replicas: ([\\d,]+)\\s+Isr: ([\\d,]+)"));
        int seen = 0;
        for (auto it = line.globalMatch(QString::fromUtf8(r.out)); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            const PartitionInfo& p = t->partitions.at(m.captured(1).toInt());
            QCOMPARE(p.leader, m.captured(2).toInt());
            QCOMPARE(QString::number(p.replicas.first()), m.captured(3));
            QCOMPARE(QString::number(p.isr.first()), m.captured(4));
            ++seen;
        }
        QCOMPARE(seen, 6);
    }

    void cliJsonAgreesWithTheSession()
    {
        const test::ProcessResult r = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "cluster", "--bootstrap", m_bootstrap, "--json" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject cli = QJsonDocument::fromJson(r.out).object();
        const ClusterSnapshot s = freshSnapshot();
        QCOMPARE(cli.value(QLatin1String("cluster_id")).toString(), s.clusterId);
        QCOMPARE(cli.value(QLatin1String("controller_id")).toInt(), s.controllerId);
        QCOMPARE(cli.value(QLatin1String("topics")).toArray().size(), s.topics.size());
        for (const QJsonValue& tv : cli.value(QLatin1String("topics")).toArray()) {
            const TopicInfo* t = s.topic(tv.toObject().value(QLatin1String("name")).toString());
            QVERIFY(t);
            QCOMPARE(tv.toObject().value(QLatin1String("partitions")).toArray().size(), t->partitions.size());
        }
    }

    void unreachableBootstrapFailsPlainlyWithinTheTimeout()
    {
        const int port = sandbox::pickFreePort(); // nothing listens there
        ClusterSession session;
        QSignalSpy failed(&session, &ClusterSession::connectFailed);
        session.connectTo(QStringLiteral("nowhere"),
            { ClientProperty::of(QStringLiteral("bootstrap.servers"), QStringLiteral("127.0.0.1:%1").arg(port)) });
        QCOMPARE(session.state(), ClusterSession::State::Connecting);
        QVERIFY(failed.wait(20000)); // the attempt gives up after 10 s; this only guards against a hang
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("unreachable")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("Connection refused")), qPrintable(message));
        QCOMPARE(session.state(), ClusterSession::State::Failed);
    }

    void unresolvableHostNamesTheResolver()
    {
        ClusterSession session;
        QSignalSpy failed(&session, &ClusterSession::connectFailed);
        session.connectTo(QStringLiteral("typo"),
            { ClientProperty::of(QStringLiteral("bootstrap.servers"), QStringLiteral("no-such-host.invalid:9092")) },
            3000);
        QVERIFY(failed.wait(20000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("resolve"), Qt::CaseInsensitive), qPrintable(message));
    }

    void cancelledAttemptReportsNothing()
    {
        ClusterSession session;
        QSignalSpy failed(&session, &ClusterSession::connectFailed);
        QSignalSpy state(&session, &ClusterSession::stateChanged);
        session.connectTo(QStringLiteral("nowhere"),
            { ClientProperty::of(QStringLiteral("bootstrap.servers"), QStringLiteral("127.0.0.1:1")) });
        session.disconnectCluster();
        QCOMPARE(session.state(), ClusterSession::State::Idle);
        QTest::qWait(1500);
        QVERIFY(failed.isEmpty());
    }

    void unknownPropertyAndBadValueAreRefusedBeforeConnecting()
    {
        const QList<std::pair<ClientProperty, QString>> cases {
            { ClientProperty::of(QStringLiteral("no.such.thing"), QStringLiteral("1")),
                QStringLiteral("unknown property") },
            { ClientProperty::of(QStringLiteral("socket.timeout.ms"), QStringLiteral("soon")),
                QStringLiteral("Invalid value") },
        };
        for (const auto& [property, expected] : cases) {
            ClusterSession session;
            QSignalSpy failed(&session, &ClusterSession::connectFailed);
            session.connectTo(QStringLiteral("bad"),
                { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap), property });
            QVERIFY(failed.wait(5000));
            const QString message = failed.first().first().toString();
            QVERIFY2(message.contains(expected), qPrintable(message));
            QVERIFY2(message.contains(property.key), qPrintable(message));
        }
    }

    void mergedRefreshKeepsRowsAndPersistentIndexes()
    {
        ClusterSession session;
        QVERIFY(connectAndRefresh(session));
        TopicModel* tm = session.topics();
        const QPersistentModelIndex orders = tm->index(tm->rowOf(QStringLiteral("orders")), 0);
        QSignalSpy resets(tm, &QAbstractItemModel::modelReset);
        QSignalSpy applied(&session, &ClusterSession::snapshotApplied);
        session.refresh();
        QVERIFY(applied.wait(30000));
        QVERIFY(resets.isEmpty());
        QVERIFY(orders.isValid());
        QCOMPARE(orders.data().toString(), QStringLiteral("orders"));
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "test_cluster.moc"
