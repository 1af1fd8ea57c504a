// The by-hand lab's recorder: the file it writes is one parseScenario() accepts, with the lab's steps in order, names
// carrying {{run}}, waits only where the user waited long enough to matter, and expectations about what changed.
#include "kafkacore/groups/grouplab.h"
#include "kafkacore/groups/ownership.h"
#include "kafkacore/scenarios/scenariorecorder.h"

#include <QRegularExpression>
#include <QTest>

using namespace kafkalab;

namespace {

ScenarioStep handStep(const QString& actor, ScenarioAction action)
{
    ScenarioStep st;
    st.actor = actor;
    st.action = action;
    st.timeoutMs = 10000;
    return st;
}

Scenario parsed(const ScenarioRecorder& r)
{
    QString error;
    const QByteArray json = r.toJson();
    const std::optional<Scenario> s = parseScenario(json, QStringLiteral("recorded.json"), &error);
    if (!s)
        qWarning("%s\n%s", qPrintable(error), json.constData());
    return s.value_or(Scenario());
}

// "producer: begin", "expect producer: state", "wait 12 s", "wait stable g": each step in a few words.
QString brief(const ScenarioStep& st)
{
    switch (st.action) {
    case ScenarioAction::Wait:
        return QStringLiteral("wait %1 s").arg(st.waitMs / 1000);
    case ScenarioAction::WaitStable:
        return QStringLiteral("wait stable ") + st.group;
    case ScenarioAction::Expect: {
        const QString who = !st.consumer.isEmpty() ? st.consumer
            : !st.actor.isEmpty()                  ? st.actor
                                                   : QStringLiteral("group ") + st.group;
        const QString what = st.expectValues           ? QStringLiteral("values")
            : st.expectPosition                        ? QStringLiteral("position")
            : st.expectCommitted                       ? QStringLiteral("committed")
            : st.expectOwns                            ? QStringLiteral("owns")
            : st.expectOwned                           ? QStringLiteral("owned")
            : st.expectRedelivered                     ? QStringLiteral("redelivered")
            : st.expectLost                            ? QStringLiteral("lost")
            : st.expectState || st.expectConsumerState ? QStringLiteral("state")
                                                       : QStringLiteral("?");
        return QStringLiteral("expect %1: %2").arg(who, what);
    }
    default:
        return st.actor + QStringLiteral(": ") + actionName(st.action);
    }
}

QStringList titles(const Scenario& s)
{
    QStringList out;
    for (const ScenarioStep& st : s.steps)
        out.append(brief(st));
    return out;
}

} // namespace

class TestScenarioRecorder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void transactionLabReplaysWithRunNames()
    {
        ScenarioRecorder r;
        r.start(ScenarioEngine::manualScenario());
        QVERIFY(r.isEmpty());
        r.step(handStep(QStringLiteral("producer"), ScenarioAction::InitTransactions), 1000);
        ScenarioObservation o;
        o.producerStates.insert(QStringLiteral("producer"), ProducerState::Ready);
        o.producerStates.insert(QStringLiteral("second"), ProducerState::Uninitialised);
        o.consumerStates.insert(QStringLiteral("read_committed"), QStringLiteral("running"));
        o.consumerStates.insert(QStringLiteral("read_uncommitted"), QStringLiteral("running"));
        r.observed(o, 1500);
        r.step(handStep(QStringLiteral("producer"), ScenarioAction::Begin), 2000);
        o.producerStates.insert(QStringLiteral("producer"), ProducerState::InTransaction);
        r.observed(o, 2200);
        ScenarioStep send = handStep(QStringLiteral("producer"), ScenarioAction::Send);
        send.topic = QStringLiteral("topic1");
        send.key = QStringLiteral("order-1");
        send.value = QStringLiteral("msg1");
        r.step(send, 3000);
        o.seen[QStringLiteral("read_uncommitted")].append({ QStringLiteral("topic1"), 0, 0, "order-1", "msg1" });
        r.observed(o, 3500);
        // A minute and more later (the transaction timeout is 60 s): the wait is part of what happens.
        r.step(handStep(QStringLiteral("producer"), ScenarioAction::Commit), 3500 + 61000);
        QVERIFY(!r.isEmpty());

        const Scenario s = parsed(r);
        QCOMPARE(s.topics.size(), 2);
        QCOMPARE(s.topics[0].first, QStringLiteral("topic1-{{run}}"));
        QCOMPARE(s.temporaryTopics, QStringList({ "topic1-{{run}}", "topic2-{{run}}" }));
        QCOMPARE(
            s.actor(QStringLiteral("read_committed"))->topics, QStringList({ "topic1-{{run}}", "topic2-{{run}}" }));
        QCOMPARE(s.actor(QStringLiteral("producer"))->transactionalId, QStringLiteral("kafkalab-stepper"));
        // Only what changed is expected: the second producer stayed uninitialised, read_committed saw nothing new.
        QCOMPARE(titles(s),
            QStringList({ "producer: init_transactions", "expect producer: state", "producer: begin",
                "expect producer: state", "producer: send", "read_uncommitted: poll", "expect read_uncommitted: values",
                "wait 61 s", "producer: commit" }));
        QCOMPARE(s.steps[4].topic, QStringLiteral("topic1-{{run}}"));
        QCOMPARE(*s.steps[1].expectState, ProducerState::Ready);
        QCOMPARE(*s.steps[3].expectState, ProducerState::InTransaction);
        QCOMPARE(*s.steps[6].expectValues, QStringList({ "msg1" }));
        QCOMPARE(s.steps[6].note, QStringLiteral("seen after 'producer: send to topic1-{{run}}'"));
        QCOMPARE(s.steps[7].waitMs, 61000);
    }

    void offsetLabNamesTheTopicTheEngineExpanded()
    {
        OffsetLabSettings settings;
        ScenarioRecorder r;
        r.start(ScenarioEngine::offsetScenario(settings));
        ScenarioStep look; // the page's first look: a wait of nothing, not a step of the user's
        look.action = ScenarioAction::Wait;
        r.step(look, 0);
        r.observed({}, 0);
        QVERIFY(r.isEmpty());
        ScenarioStep send = handStep(QStringLiteral("source"), ScenarioAction::Send);
        send.topic = QStringLiteral("payments.payment.requested-ab12cd34"); // as the engine named it
        send.value = QStringLiteral("payment-{{n}}");
        send.count = 3;
        r.step(send, 0);
        r.observed({}, 100);
        r.step(handStep(QStringLiteral("consumer"), ScenarioAction::Poll), 200);
        ScenarioObservation o;
        o.consumerStates.insert(QStringLiteral("consumer"), QStringLiteral("running"));
        const QString key = partitionKey(QStringLiteral("payments.payment.requested-ab12cd34"), 1);
        o.positions[QStringLiteral("consumer")].insert(key, 2);
        o.positions[QStringLiteral("consumer")].insert(
            partitionKey(QStringLiteral("payments.payment.requested-ab12cd34"), 0), -1001); // not fetched: no offset
        o.seen[QStringLiteral("consumer")] = { { {}, 1, 0, {}, "payment-2" }, { {}, 1, 1, {}, "payment-1" } };
        r.observed(o, 300);
        r.step(handStep(QStringLiteral("consumer"), ScenarioAction::Commit), 400);
        o.committed[QStringLiteral("consumer")].insert(key, 2);
        r.observed(o, 500);
        // The commit's observation again, without a step in between: nothing new is expected.
        r.observed(o, 600);
        ScenarioStep wait = handStep(QStringLiteral("consumer"), ScenarioAction::Wait); // the stepper's Wait
        wait.waitMs = 1500;
        r.step(wait, 700);

        const Scenario s = parsed(r);
        QCOMPARE(s.topics[0].first, QStringLiteral("payments.payment.requested-{{run}}"));
        QCOMPARE(titles(s),
            QStringList({ "source: send", "consumer: poll", "expect consumer: values", "expect consumer: position",
                "consumer: commit", "expect consumer: committed", "wait 1 s" }));
        QCOMPARE(s.steps[0].topic, QStringLiteral("payments.payment.requested-{{run}}"));
        QCOMPARE(s.steps[0].count, 3);
        QCOMPARE(s.steps[0].value, QStringLiteral("payment-{{n}}"));
        QCOMPARE(*s.steps[2].expectValues, QStringList({ "payment-1", "payment-2" }));
        QCOMPARE(s.steps[3].topic, QStringLiteral("payments.payment.requested-{{run}}"));
        QCOMPARE(s.steps[3].partition, 1);
        QCOMPARE(*s.steps[3].expectPosition, 2);
        QCOMPARE(*s.steps[5].expectCommitted, 2);
    }

    void groupLabWaitsForStableOrForTheTimeTheUserWaited()
    {
        ScenarioRecorder r;
        Scenario lab;
        lab.name = QStringLiteral("group lab by hand");
        r.start(lab);
        r.addTopic(QStringLiteral("orders"), 2);
        for (const char* name : { "A", "B" }) {
            ScenarioActor a;
            a.type = ScenarioActor::Type::Member;
            a.name = QString::fromLatin1(name);
            a.groupId = QStringLiteral("order-processors");
            a.topics = { QStringLiteral("orders") };
            a.sessionTimeoutMs = 10000;
            r.addActor(a);
        }
        const TopicPartitionRef p0 { QStringLiteral("orders"), 0 };
        const TopicPartitionRef p1 { QStringLiteral("orders"), 1 };
        r.step(handStep(QStringLiteral("A"), ScenarioAction::Start), 0);
        ScenarioObservation o;
        o.memberStates.insert(QStringLiteral("A"), QStringLiteral("running"));
        o.memberStates.insert(QStringLiteral("B"), QStringLiteral("not started"));
        o.memberOwns.insert(QStringLiteral("A"), { p0, p1 });
        r.observed(o, 5000); // before B starts: settled
        r.step(handStep(QStringLiteral("B"), ScenarioAction::Start), 5000);
        o.memberStates.insert(QStringLiteral("B"), QStringLiteral("running"));
        o.memberOwns.insert(QStringLiteral("A"), { p0 });
        o.memberOwns.insert(QStringLiteral("B"), { p1 });
        r.observed(o, 9000);
        r.step(handStep(QStringLiteral("B"), ScenarioAction::Crash), 9000);
        // 12 s later (past B's 10 s session timeout), B's partition still shown as B's: not settled, so the wait.
        o.memberStates.insert(QStringLiteral("B"), QStringLiteral("crashed"));
        r.observed(o, 21000);
        r.skipped(QStringLiteral("Pause of A"));
        r.step(handStep(QStringLiteral("B"), ScenarioAction::Restart), 21000);
        QCOMPARE(r.skippedActions(), QStringList({ "Pause of A" }));

        const Scenario s = parsed(r);
        QCOMPARE(s.topics, (QList<QPair<QString, int>> { { QStringLiteral("orders-{{run}}"), 2 } }));
        QCOMPARE(s.actor(QStringLiteral("B"))->topics, QStringList({ "orders-{{run}}" }));
        QCOMPARE(s.actor(QStringLiteral("B"))->groupId, QStringLiteral("order-processors"));
        QCOMPARE(titles(s),
            QStringList({ "A: start", "wait stable order-processors", "expect A: state", "expect A: owns",
                "expect group order-processors: owned", "B: start", "wait stable order-processors", "expect B: state",
                "expect A: owns", "expect B: owns", "B: crash", "expect B: state", "wait 12 s", "B: restart" }));
        QCOMPARE(*s.steps[3].expectOwns, 2);
        QCOMPARE(*s.steps[4].expectOwned, 2);
        QCOMPARE(*s.steps[8].expectOwns, 1);
        QCOMPARE(*s.steps[11].expectConsumerState, ConsumerState::Crashed);
        QCOMPARE(s.steps[12].waitMs, 12000);
        QCOMPARE(s.steps[1].timeoutMs, 60000);
    }

    // The Group lab's members as the recorder sees them: states by their events, what each owns now.
    void groupLabIsObservedByItsEvents()
    {
        GroupLab lab;
        MemberConfig a;
        a.name = QStringLiteral("A");
        a.groupId = QStringLiteral("g");
        a.topics = { QStringLiteral("t") };
        MemberConfig b = a;
        b.name = QStringLiteral("B");
        const auto event = [](const char* member, MemberEvent::Kind kind, qint64 at, QList<TopicPartitionRef> owns) {
            MemberEvent e;
            e.member = QString::fromLatin1(member);
            e.groupId = QStringLiteral("g");
            e.kind = kind;
            e.atMs = at;
            e.partitions = std::move(owns);
            return e;
        };
        const TopicPartitionRef t0 { QStringLiteral("t"), 0 };
        const TopicPartitionRef t1 { QStringLiteral("t"), 1 };
        lab.setObserved({ a, b },
            { event("A", MemberEvent::Kind::Joining, 1, {}), event("B", MemberEvent::Kind::Joining, 2, {}),
                event("A", MemberEvent::Kind::Assigned, 3, { t0, t1 }), event("B", MemberEvent::Kind::Crashed, 4, {}) },
            { QStringLiteral("A") });
        const ScenarioObservation o = ScenarioRecorder::observeGroupLab(lab);
        QCOMPARE(o.memberStates.value(QStringLiteral("A")), QStringLiteral("running"));
        QCOMPARE(o.memberStates.value(QStringLiteral("B")), QStringLiteral("crashed"));
        QCOMPARE(o.memberOwns.value(QStringLiteral("A")), (QList<TopicPartitionRef> { t0, t1 }));
        QVERIFY(o.memberOwns.value(QStringLiteral("B")).isEmpty());
    }

    void anEditedFileIsCheckedWithLineAndColumn()
    {
        ScenarioRecorder r;
        r.start(ScenarioEngine::manualScenario());
        r.step(handStep(QStringLiteral("producer"), ScenarioAction::InitTransactions), 0);
        QByteArray json = r.toJson(QStringLiteral("mine"));
        QVERIFY(json.contains("\"name\": \"mine\""));
        json.replace("\"init_transactions\"", "\"init_transaction\"");
        QString error;
        QVERIFY(!parseScenario(json, QStringLiteral("mine.json"), &error));
        QVERIFY2(error.contains(QRegularExpression(QStringLiteral("^mine.json:\\d+:\\d+: step 1: unknown step"))),
            qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestScenarioRecorder)
#include "test_scenariorecorder.moc"
