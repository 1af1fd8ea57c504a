// The offset stepper's engine on the fixture broker: at-least-once redelivery, resuming at the committed offset,
// auto-commit loss; the committed offsets it shows agree with kafkalab-cli and Kafka's kafka-consumer-groups.
#include "enginedriver.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <optional>

using namespace kafkalab;

namespace {

// A copy: fates.value() returns a temporary list (detached by the loop), so a pointer into it would dangle.
std::optional<MessageFate> fateOf(const ScenarioObservation& o, const QString& value)
{
    const QList<MessageFate> fates = o.fates.value(QStringLiteral("consumer"));
    for (const MessageFate& f : fates)
        if (f.value == value)
            return f;
    return std::nullopt;
}

QString topicOf(const ScenarioObservation& o)
{
    return o.partitions.isEmpty() ? QString() : o.partitions.first().topic;
}

// One partition, so that the offsets are those of the order of sending.
Scenario onePartition(bool autoCommit)
{
    OffsetLabSettings settings;
    settings.partitions = 1;
    settings.autoCommit = autoCommit;
    settings.autoCommitIntervalMs = 300;
    return ScenarioEngine::offsetScenario(settings);
}

} // namespace

class TestOffsets : public QObject {
    Q_OBJECT
    QString m_bootstrap;

    // Sends three messages and polls the first one.
    static ScenarioObservation start(test::EngineDriver& d, QString* topic)
    {
        *topic = topicOf(d.step(QStringLiteral("consumer"), QStringLiteral("wait")));
        for (int i = 1; i <= 3; ++i)
            d.send(*topic, QStringLiteral("order-1"), QStringLiteral("m%1").arg(i));
        return d.step(QStringLiteral("consumer"), QStringLiteral("poll"), [](ScenarioStep& st) {
            st.maxMessages = 1;
            st.timeoutMs = 30000;
        });
    }
    static ScenarioObservation pollOne(test::EngineDriver& d)
    {
        return d.step(QStringLiteral("consumer"), QStringLiteral("poll"), [](ScenarioStep& st) {
            st.maxMessages = 1;
            st.timeoutMs = 30000;
        });
    }
    static ScenarioObservation process(test::EngineDriver& d, bool ok)
    {
        return d.step(
            QStringLiteral("consumer"), QStringLiteral("process"), [ok](ScenarioStep& st) { st.processOk = ok; });
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY(!m_bootstrap.isEmpty());
    }

    void failedMessageIsRedeliveredExactlyOnceMore()
    {
        test::EngineDriver d(onePartition(false), m_bootstrap);
        QCOMPARE(d.prepare(), QString());
        QString topic;
        QCOMPARE(start(d, &topic).seen.value(QStringLiteral("consumer")).size(), 1);
        ScenarioObservation o = process(d, false);
        QVERIFY2(o.ok, qPrintable(o.errorText));
        auto m1 = fateOf(o, QStringLiteral("m1"));
        QVERIFY(m1);
        QCOMPARE(m1->fate(), QStringLiteral("failed"));
        QVERIFY(d.step(QStringLiteral("consumer"), QStringLiteral("crash")).ok);
        o = d.step(QStringLiteral("consumer"), QStringLiteral("restart"));
        QVERIFY2(o.ok, qPrintable(o.errorText));
        QCOMPARE(o.consumerStates.value(QStringLiteral("consumer")), QStringLiteral("running (consumer 2)"));
        o = pollOne(d);
        QCOMPARE(o.seen.value(QStringLiteral("consumer")).size(), 2);
        QCOMPARE(o.seen.value(QStringLiteral("consumer")).last().value, QStringLiteral("m1"));
        m1 = fateOf(o, QStringLiteral("m1"));
        QVERIFY(m1);
        QCOMPARE(m1->deliveries, 2);
        QVERIFY(m1->redelivered());
        process(d, true);
        d.step(QStringLiteral("consumer"), QStringLiteral("commit"), [](ScenarioStep& st) { st.commitMessage = true; });
        // Everything else comes once: m2 and m3, and nothing more.
        o = d.step(QStringLiteral("consumer"), QStringLiteral("poll"), [](ScenarioStep& st) { st.timeoutMs = 10000; });
        QStringList values;
        for (const SeenMessage& m : o.seen.value(QStringLiteral("consumer")))
            values.append(m.value);
        QCOMPARE(values, QStringList({ "m1", "m1", "m2", "m3" }));
        m1 = fateOf(o, QStringLiteral("m1"));
        QVERIFY(m1);
        QCOMPARE(m1->fate(), QStringLiteral("committed"));
        QCOMPARE(o.committed.value(QStringLiteral("consumer")).value(topic + QStringLiteral("[0]")), int64_t(1));
    }

    void commitThenCrashResumesAtTheCommittedOffset()
    {
        test::EngineDriver d(onePartition(false), m_bootstrap);
        QCOMPARE(d.prepare(), QString());
        QString topic;
        start(d, &topic);
        process(d, true);
        pollOne(d);
        process(d, true);
        ScenarioObservation o = d.step(QStringLiteral("consumer"), QStringLiteral("commit"));
        QVERIFY2(o.ok, qPrintable(o.errorText));
        // The committed offset is the next one to read: two processed, so 2.
        QCOMPARE(o.committed.value(QStringLiteral("consumer")).value(topic + QStringLiteral("[0]")), int64_t(2));
        d.step(QStringLiteral("consumer"), QStringLiteral("crash"));
        d.step(QStringLiteral("consumer"), QStringLiteral("restart"));
        o = d.step(QStringLiteral("consumer"), QStringLiteral("poll"), [](ScenarioStep& st) { st.timeoutMs = 30000; });
        const QList<SeenMessage> seen = o.seen.value(QStringLiteral("consumer"));
        QCOMPARE(seen.size(), 3);
        QCOMPARE(seen.last().value, QStringLiteral("m3"));
        QCOMPARE(seen.last().offset, int64_t(2));
        for (const MessageFate& f : o.fates.value(QStringLiteral("consumer")))
            QVERIFY2(!f.redelivered() && !f.lost(), qPrintable(f.value));
    }

    void autoCommitLosesTheFailedMessage()
    {
        test::EngineDriver d(onePartition(true), m_bootstrap);
        QCOMPARE(d.prepare(), QString());
        QString topic;
        start(d, &topic);
        process(d, false);
        d.step({}, QStringLiteral("wait"), [](ScenarioStep& st) { st.waitMs = 1500; });
        d.step(QStringLiteral("consumer"), QStringLiteral("crash"));
        d.step(QStringLiteral("consumer"), QStringLiteral("restart"));
        const ScenarioObservation o = pollOne(d);
        QCOMPARE(o.seen.value(QStringLiteral("consumer")).last().value, QStringLiteral("m2"));
        const auto m1 = fateOf(o, QStringLiteral("m1"));
        QVERIFY(m1);
        QCOMPARE(m1->deliveries, 1);
        QVERIFY(m1->lost());
        QCOMPARE(m1->fate(), QStringLiteral("lost"));
    }

    void committedOffsetsAgreeWithCliAndKafkaTool()
    {
        OffsetLabSettings settings;
        settings.partitions = 3;
        test::EngineDriver d(ScenarioEngine::offsetScenario(settings), m_bootstrap);
        QCOMPARE(d.prepare(), QString());
        const QString topic = topicOf(d.step(QStringLiteral("consumer"), QStringLiteral("wait")));
        for (int i = 0; i < 30; ++i)
            d.send(topic, QStringLiteral("order-%1").arg(i), QStringLiteral("v%1").arg(i));
        d.step(QStringLiteral("consumer"), QStringLiteral("poll"), [](ScenarioStep& st) {
            st.maxMessages = 20;
            st.timeoutMs = 30000;
        });
        d.step(QStringLiteral("consumer"), QStringLiteral("process"), [](ScenarioStep& st) { st.count = 20; });
        const ScenarioObservation o = d.step(QStringLiteral("consumer"), QStringLiteral("commit"));
        QVERIFY2(o.ok, qPrintable(o.errorText));
        const QMap<QString, int64_t> shown = o.committed.value(QStringLiteral("consumer"));
        QVERIFY(!shown.isEmpty());
        int64_t sum = 0;
        for (int64_t v : shown)
            sum += v;
        QCOMPARE(sum, int64_t(20));
        const QString group = o.groups.value(QStringLiteral("consumer"));

        const test::ProcessResult cli = test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")),
            { "group", "--bootstrap", m_bootstrap, group, "--json" });
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        QMap<QString, int64_t> fromCli;
        for (const QJsonValue& v : QJsonDocument::fromJson(cli.out).object().value(QLatin1String("offsets")).toArray())
            if (v.toObject().value(QLatin1String("committed")).toInteger(-1) >= 0)
                fromCli.insert(QStringLiteral("%1[%2]")
                                   .arg(v.toObject().value(QLatin1String("topic")).toString())
                                   .arg(v.toObject().value(QLatin1String("partition")).toInt()),
                    v.toObject().value(QLatin1String("committed")).toInteger());
        QCOMPARE(fromCli, shown);

        const test::ProcessResult tool
            = test::runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                { "--bootstrap-server", m_bootstrap, "--describe", "--group", group });
        QVERIFY2(tool.exitCode == 0, tool.err.constData());
        QMap<QString, int64_t> fromTool;
        const QRegularExpression row(
            QStringLiteral("^\\S+\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s"), QRegularExpression::MultilineOption);
        for (auto it = row.globalMatch(QString::fromUtf8(tool.out)); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            if (m.captured(1) == topic)
                fromTool.insert(QStringLiteral("%1[%2]").arg(topic, m.captured(2)), m.captured(3).toLongLong());
        }
        QCOMPARE(fromTool, shown);
    }
};

QTEST_GUILESS_MAIN(TestOffsets)
#include "test_offsets.moc"
