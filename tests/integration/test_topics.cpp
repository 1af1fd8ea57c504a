// Topic operations on the fixture broker: create with configs, read back (and with Kafka's own ConfigCommand),
// alter and reset; the add-partitions preview against where kcat's producer actually puts the same keys after the
// change; delete records and delete topic with their confirmations; refusals carry the broker's reason; lint.
#include "kafkacore/topics/topicoperations.h"
#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kafkalab;

class TestTopics : public QObject {
    Q_OBJECT
    QString m_bootstrap;
    KafkaHandle m_admin;

    QString cli() const { return test::builtProgram(QStringLiteral("app/kafkalab-cli")); }
    static QString unique(const QString& base) { return base + QString::number(QDateTime::currentMSecsSinceEpoch()); }
    test::ProcessResult topicCli(const QStringList& args)
    {
        return test::run(cli(), QStringList { "topic" } + args + QStringList { "--bootstrap", m_bootstrap });
    }
    QMap<QString, QString> overrides(const QString& topic)
    {
        QString error;
        const auto entries = describeTopicConfigs(m_admin.get(), topic, &error);
        QMap<QString, QString> out;
        if (entries)
            for (const TopicConfigEntry& c : *entries)
                if (c.source == QLatin1String("topic override"))
                    out.insert(c.name, c.value);
        return out;
    }
    // Kafka's own view of the topic's overrides ("name=value" lines of ConfigCommand --describe).
    QMap<QString, QString> javaOverrides(const QString& topic)
    {
        const test::ProcessResult r = test::runKafkaTool(QStringLiteral("kafka.admin.ConfigCommand"),
            { "--bootstrap-server", m_bootstrap, "--describe", "--entity-type", "topics", "--entity-name", topic });
        QMap<QString, QString> out;
        for (const QString& line : QString::fromUtf8(r.out).split(QLatin1Char('\n'))) {
            const QString t = line.trimmed();
            if (t.startsWith(QLatin1String("Dynamic configs")) || !t.contains(QLatin1String(" sensitive=")))
                continue;
            const QString kv = t.section(QLatin1Char(' '), 0, 0);
            out.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
        QString error;
        m_admin = makeAdminClient({ ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) }, &error);
        QVERIFY2(m_admin, qPrintable(error));
    }

    void createWithConfigsAlterAndReset()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.configured-"));
        QCOMPARE(createTopic(m_admin.get(), topic, 3, 1,
                     { { "cleanup.policy", "compact" }, { "retention.ms", "3600000" }, { "min.insync.replicas", "1" },
                         { "max.message.bytes", "2000000" } }),
            QString());
        const QMap<QString, QString> want { { "cleanup.policy", "compact" }, { "retention.ms", "3600000" },
            { "min.insync.replicas", "1" }, { "max.message.bytes", "2000000" } };
        // A new topic's configs can take a moment to be readable on a fresh broker.
        QTRY_COMPARE_WITH_TIMEOUT(overrides(topic), want, 15000);
        QCOMPARE(javaOverrides(topic), want);

        // Change one: the others stay (librdkafka 2.0.2's AlterConfigs replaces the whole set).
        QCOMPARE(alterTopicConfig(m_admin.get(), topic, QStringLiteral("retention.ms"), QStringLiteral("7200000")),
            QString());
        QMap<QString, QString> changed = want;
        changed.insert(QStringLiteral("retention.ms"), QStringLiteral("7200000"));
        QTRY_COMPARE_WITH_TIMEOUT(overrides(topic), changed, 10000);
        // Reset one to its default: it leaves the overrides and shows the default again.
        QCOMPARE(alterTopicConfig(m_admin.get(), topic, QStringLiteral("cleanup.policy"), std::nullopt), QString());
        changed.remove(QStringLiteral("cleanup.policy"));
        QTRY_COMPARE_WITH_TIMEOUT(overrides(topic), changed, 10000);
        QCOMPARE(javaOverrides(topic), changed);
        QString error;
        const auto entries = describeTopicConfigs(m_admin.get(), topic, &error);
        QVERIFY2(entries, qPrintable(error));
        for (const TopicConfigEntry& c : *entries)
            if (c.name == QLatin1String("cleanup.policy")) {
                QCOMPARE(c.value, QStringLiteral("delete"));
                QVERIFY(c.isDefault);
            }

        // Several at once through the CLI: one request, none lost.
        const test::ProcessResult set
            = topicCli({ "set", topic, "--config", "segment.ms=600000,max.message.bytes=3000000" });
        QVERIFY2(set.exitCode == 0, set.err.constData());
        changed.insert(QStringLiteral("segment.ms"), QStringLiteral("600000"));
        changed.insert(QStringLiteral("max.message.bytes"), QStringLiteral("3000000"));
        QCOMPARE(overrides(topic), changed);

        // The CLI's view (kcat -L does not show configs; its partition count is checked instead).
        const test::ProcessResult kcat = test::run(QStringLiteral("kcat"), { "-b", m_bootstrap, "-L", "-t", topic });
        QVERIFY2(kcat.out.contains("with 3 partitions"), kcat.out.constData());
    }

    void refusalsCarryTheBrokersReason()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.refused-"));
        const QString rf = createTopic(m_admin.get(), topic, 1, 3, {});
        QVERIFY2(rf.contains(QLatin1String("INVALID_REPLICATION_FACTOR")) && rf.contains(QLatin1String("3")),
            qPrintable(rf));
        const QString bad = createTopic(m_admin.get(), topic, 1, 1, { { "retention.ms", "banana" } });
        QVERIFY2(bad.contains(QLatin1String("Invalid value banana for configuration retention.ms")), qPrintable(bad));
        QVERIFY2(bad.contains(QLatin1String("INVALID_CONFIG")), qPrintable(bad));
        // Nothing was half-made.
        const test::ProcessResult r = topicCli({ "configs", topic });
        QVERIFY(r.exitCode != 0);
        // The CLI checks the replication factor against the broker count before asking.
        const test::ProcessResult cli = topicCli({ "create", topic, "--partitions", "1", "--replication-factor", "2" });
        QVERIFY2(cli.err.contains("replication factor 2 is more than the 1 broker(s)"), cli.err.constData());
    }

    void addPartitionsPreviewMatchesWhatHappens()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.resized-"));
        QCOMPARE(createTopic(m_admin.get(), topic, 3, 1, {}), QString());
        QByteArray input;
        for (int i = 0; i < 500; ++i)
            input += "order-" + QByteArray::number(i) + ":v\n";
        const QStringList kcatProduce { "-b", m_bootstrap, "-P", "-t", topic, "-K:", "-X",
            "topic.partitioner=murmur2_random" };
        QCOMPARE(test::run(QStringLiteral("kcat"), kcatProduce, 60000, input).exitCode, 0);
        // Preview from the keys seen in the topic, then apply.
        test::ProcessResult r = topicCli({ "add-partitions", topic, "--to", "5", "--sample", "1000" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject preview = QJsonDocument::fromJson(r.out.split('\n').first()).object();
        QCOMPARE(preview.value(QLatin1String("keys")).toInt(), 500);
        const int moved = preview.value(QLatin1String("moved")).toInt();
        QVERIFY(moved > 0 && moved < 500);
        QVERIFY(preview.value(QLatin1String("summary")).toString().contains(QLatin1String("of 500 sampled keys move")));
        QMap<QString, int> predicted;
        for (const QJsonValue& m : preview.value(QLatin1String("moves")).toArray())
            predicted.insert(
                m.toObject().value(QLatin1String("key")).toString(), m.toObject().value(QLatin1String("to")).toInt());

        // The same keys sent again after the change, by kcat: where did each land, and did it move?
        QMap<QString, int> before;
        r = test::run(
            QStringLiteral("kcat"), { "-b", m_bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-J", "-q" });
        for (const QByteArray& line : r.out.split('\n'))
            if (!line.isEmpty()) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                before.insert(o.value(QLatin1String("key")).toString(), o.value(QLatin1String("partition")).toInt());
            }
        QTRY_VERIFY_WITH_TIMEOUT(test::run(QStringLiteral("kcat"), { "-b", m_bootstrap, "-L", "-t", topic })
                                     .out.contains("with 5 partitions"),
            20000);
        QByteArray again;
        for (int i = 0; i < 500; ++i)
            again += "order-" + QByteArray::number(i) + ":after\n";
        QCOMPARE(test::run(QStringLiteral("kcat"), kcatProduce, 60000, again).exitCode, 0);
        r = test::run(
            QStringLiteral("kcat"), { "-b", m_bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-J", "-q" });
        int actuallyMoved = 0;
        for (const QByteArray& line : r.out.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QLatin1String("payload")).toString() != QLatin1String("after"))
                continue;
            const QString key = o.value(QLatin1String("key")).toString();
            const int now = o.value(QLatin1String("partition")).toInt();
            if (now != before.value(key)) {
                ++actuallyMoved;
                QVERIFY2(predicted.value(key, -1) == now, qPrintable(key));
            } else {
                QVERIFY2(!predicted.contains(key), qPrintable(key));
            }
        }
        QCOMPARE(actuallyMoved, moved);
    }

    void deleteRecordsAndTopicWithConfirmations()
    {
        const QString topic = unique(QStringLiteral("kafkalab.test.doomed-"));
        QCOMPARE(createTopic(m_admin.get(), topic, 1, 1, {}), QString());
        QByteArray input;
        for (int i = 0; i < 10; ++i)
            input += "m" + QByteArray::number(i) + "\n";
        QCOMPARE(test::run(QStringLiteral("kcat"), { "-b", m_bootstrap, "-P", "-t", topic }, 60000, input).exitCode, 0);
        test::ProcessResult r = topicCli({ "delete-records", topic, "--before", "0:4" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("partition 0 now starts at 4"), r.out.constData());
        r = test::run(QStringLiteral("kcat"), { "-b", m_bootstrap, "-Q", "-t", QStringLiteral("%1:0:-2").arg(topic) });
        QVERIFY2(r.out.contains(":0:4") || r.out.contains(" 4"), r.out.constData());
        r = test::run(QStringLiteral("kcat"), { "-b", m_bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q" });
        QCOMPARE(r.out.count('\n'), 6);

        r = topicCli({ "delete", topic, "--confirm", "kafkalab.test.wrong" });
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("type the topic's name to confirm"), r.err.constData());
        QVERIFY(
            test::run(QStringLiteral("kcat"), { "-b", m_bootstrap, "-L", "-t", topic }).out.contains("1 partitions"));
        r = topicCli({ "delete", topic, "--confirm", topic });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(
            !test::run(QStringLiteral("kcat"), { "-b", m_bootstrap, "-L" }).out.contains(topic.toUtf8()), 20000);
    }

    void lintListsEveryTopicWithItsVerdict()
    {
        test::ProcessResult r = test::run(cli(), { "lint-topics", "--bootstrap", m_bootstrap, "--json" });
        KAFKALAB_COMPARE_EXIT(r, 0); // no name breaks a hard rule: the broker would not have taken it
        QMap<QString, QString> verdicts;
        for (const QJsonValue& v : QJsonDocument::fromJson(r.out).array())
            verdicts.insert(v.toObject().value(QLatin1String("topic")).toString(),
                v.toObject().value(QLatin1String("verdict")).toString());
        QCOMPARE(verdicts.value(QStringLiteral("orders.order.created")), QStringLiteral("ok"));
        QCOMPARE(verdicts.value(QStringLiteral("logs")), QStringLiteral("warning"));
        QCOMPARE(verdicts.value(QStringLiteral("__consumer_offsets")), QStringLiteral("internal"));
        r = test::run(cli(), { "lint-topics", "--bootstrap", m_bootstrap, "--pattern", "^(unclosed" });
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("does not compile"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestTopics)
#include "test_topics.moc"
