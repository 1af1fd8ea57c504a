// The cluster browser's view of the fixture broker, cross-checked with kcat and with Kafka's own Java tools.
#include "kafkacore/client/rdkafkaptr.h"
#include "kafkacore/cluster/adminworker.h"
#include "kafkacore/cluster/clustersession.h"
#include "kafkacore/sandbox/sandboxprobe.h"
#include "kafkacore/sandbox/sandboxsetup.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>
#include <QUuid>

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

    // One transaction of `aborted` records to partition 0 that is aborted, then one of `committed` records that is
    // committed, with a plain librdkafka transactional producer; returns the error, empty on success.
    QString writeTransactions(const QString& topic, int aborted, int committed)
    {
        char err[512];
        ConfPtr conf(rd_kafka_conf_new());
        if (rd_kafka_conf_set(conf.get(), "bootstrap.servers", m_bootstrap.toUtf8().constData(), err, sizeof err)
                != RD_KAFKA_CONF_OK
            || rd_kafka_conf_set(conf.get(), "transactional.id", (topic + QStringLiteral("-tx")).toUtf8().constData(),
                   err, sizeof err)
                != RD_KAFKA_CONF_OK)
            return QString::fromUtf8(err);
        KafkaHandle rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
        if (!rk)
            return QString::fromUtf8(err);
        static_cast<void>(conf.release()); // rd_kafka_new took it
        auto failed = [](rd_kafka_error_t* e) {
            QString text = e ? QString::fromUtf8(rd_kafka_error_string(e)) : QString();
            if (e)
                rd_kafka_error_destroy(e);
            return text;
        };
        QString error = failed(rd_kafka_init_transactions(rk.get(), 30000));
        for (int round = 0; round < 2 && error.isEmpty(); ++round) {
            error = failed(rd_kafka_begin_transaction(rk.get()));
            for (int i = 0; error.isEmpty() && i < (round == 0 ? aborted : committed); ++i) {
                const QByteArray value = QByteArray(round == 0 ? "aborted-" : "committed-") + QByteArray::number(i);
                const rd_kafka_resp_err_t e
                    = rd_kafka_producev(rk.get(), RD_KAFKA_V_TOPIC(topic.toUtf8().constData()), RD_KAFKA_V_PARTITION(0),
                        RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), size_t(value.size())),
                        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
                if (e)
                    error = kafkaErrorText(e);
            }
            // Sent before the abort: an abort purges what is still queued, and the aborted records would never
            // reach the log.
            if (error.isEmpty() && rd_kafka_flush(rk.get(), 30000))
                error = QStringLiteral("flush timed out");
            if (error.isEmpty())
                error = failed(round == 0 ? rd_kafka_abort_transaction(rk.get(), 30000)
                                          : rd_kafka_commit_transaction(rk.get(), 30000));
        }
        return error;
    }

    // The column of `model` whose header is `title`; -1 if none.
    static int columnTitled(const QAbstractItemModel* model, const QString& title)
    {
        for (int c = 0; c < model->columnCount(); ++c)
            if (model->headerData(c, Qt::Horizontal).toString() == title)
                return c;
        return -1;
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
        KAFKALAB_COMPARE_EXIT(r, 0);
        const QJsonObject md = QJsonDocument::fromJson(r.out).object();

        // Brokers, as the broker model shows them.
        const QJsonArray brokers = md.value(QLatin1String("brokers")).toArray();
        BrokerModel* bm = session.brokers();
        QCOMPARE(bm->rowCount(), brokers.size());
        for (const auto& broker : brokers) {
            const QJsonObject b = broker.toObject();
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
        QCOMPARE(logs->offsetSpan(), total);
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

    // Transaction markers and aborted records take offsets: high - low counts offsets, not messages. kafkalab shows
    // it as an offset span under that name, equal to what kcat reports, and never calls it a message count.
    void offsetSpanIsHighMinusLowAndIsNotCalledMessages()
    {
        const QString topic
            = QStringLiteral("kafkalab.test.span-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
        QCOMPARE(test::createTopics(m_bootstrap, { { topic, 1 } }), QString());
        QCOMPARE(writeTransactions(topic, 3, 2), QString());
        // kcat: 3 aborted records, an abort marker, 2 committed records and a commit marker take offsets 0-6; a
        // read_committed read sees the 2 committed messages.
        const int64_t low = kcatOffset(topic, 0, -2);
        const int64_t high = kcatOffset(topic, 0, -1);
        QCOMPARE(low, int64_t(0));
        QCOMPARE(high, int64_t(7));
        const test::ProcessResult read = test::run(QStringLiteral("kcat"),
            { "-b", m_bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-X",
                "isolation.level=read_committed", "-f", "%s\\n" });
        KAFKALAB_COMPARE_EXIT(read, 0);
        QCOMPARE(read.out, QByteArray("committed-0\ncommitted-1\n"));

        // The Cluster tab's models: an "Offsets (high − low)" column holding 7, explained in its tooltip.
        ClusterSession session;
        QVERIFY(connectAndRefresh(session));
        const QString title = QStringLiteral("Offsets (high − low)");
        TopicModel* tm = session.topics();
        QCOMPARE(columnTitled(tm, QStringLiteral("Messages")), -1);
        const int tc = columnTitled(tm, title);
        QVERIFY(tc >= 0);
        const int row = tm->rowOf(topic);
        QVERIFY(row >= 0);
        QCOMPARE(tm->index(row, tc).data().toString(), QStringLiteral("7"));
        QCOMPARE(tm->index(row, tc).data(TopicModel::SortRole).toLongLong(), high - low);
        QVERIFY2(tm->index(row, tc).data(Qt::ToolTipRole).toString().contains(QLatin1String("aborted")),
            qPrintable(tm->index(row, tc).data(Qt::ToolTipRole).toString()));
        session.setSelectedTopic(topic);
        PartitionModel* pm = session.partitions();
        QCOMPARE(columnTitled(pm, QStringLiteral("Messages")), -1);
        const int pc = columnTitled(pm, QStringLiteral("High − low")); // short, to fit; the tooltip says offsets
        QVERIFY(pc >= 0);
        QVERIFY(pm->headerData(pc, Qt::Horizontal, Qt::ToolTipRole).toString().contains(QLatin1String("markers")));
        QCOMPARE(pm->index(pm->rowOf(0), pc).data(PartitionModel::SortRole).toLongLong(), high - low);
        QVERIFY(pm->index(pm->rowOf(0), pc).data(Qt::ToolTipRole).toString().contains(QLatin1String("markers")));

        // kafkalab-cli cluster: the text says offsets, and the JSON has offset_span, no "messages".
        const QString cli = test::builtProgram(QStringLiteral("app/kafkalab-cli"));
        test::ProcessResult r = test::run(cli, { "cluster", "--bootstrap", m_bootstrap });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString line = QRegularExpression(QStringLiteral("^topic %1: .*$").arg(QRegularExpression::escape(topic)),
            QRegularExpression::MultilineOption)
                                 .match(QString::fromUtf8(r.out))
                                 .captured(0);
        QVERIFY2(line.contains(QLatin1String("7 offsets (high - low)")), qPrintable(line));
        QVERIFY2(!line.contains(QLatin1String("message")), qPrintable(line));
        r = test::run(cli, { "cluster", "--bootstrap", m_bootstrap, "--json" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.out.contains("\"messages\""));
        bool found = false;
        for (const QJsonValue& tv : QJsonDocument::fromJson(r.out).object().value(QLatin1String("topics")).toArray()) {
            const QJsonObject t = tv.toObject();
            if (t.value(QLatin1String("name")).toString() != topic)
                continue;
            found = true;
            QCOMPARE(t.value(QLatin1String("offset_span")).toInteger(), high - low);
            const QJsonObject p = t.value(QLatin1String("partitions")).toArray().at(0).toObject();
            QCOMPARE(p.value(QLatin1String("offset_span")).toInteger(), high - low);
        }
        QVERIFY(found);
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
