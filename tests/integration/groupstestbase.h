#pragma once

// What the consumer-group integration tests share: the fixture broker, lab members, a producer of test messages and
// Kafka's own view of a group's state.
#include "kafkacore/groups/grouplab.h"
#include "kafkacore/groups/groupsmonitor.h"
#include "kafkacore/groups/groupsworker.h"
#include "kafkacore/produce/producerclient.h"
#include "kafkacore/sandbox/sandboxsetup.h"
#include "signallog.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <memory>
#include <vector>

namespace kafkalab::test {

inline QString unique(const QString& prefix)
{
    return prefix + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(8);
}

// Counts partitions per member in the group's current ownership.
inline QMap<QString, int> perMember(const GroupLab& lab, const QString& group)
{
    QMap<QString, int> out;
    const QHash<QString, QString> owners = lab.owners(group);
    for (const QString& m : owners)
        ++out[m];
    return out;
}

// The base of the groups test classes (each adds its own Q_OBJECT and slots).
class GroupsTestBase : public QObject {
protected:
    QString m_bootstrap;

    void connectFixture() { m_bootstrap = fixtureBootstrap(); }

    QList<ClientProperty> fixture() const
    {
        return { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) };
    }

    // Starts members `names` of `group` on `topic` and waits until they own `each` partitions apiece.
    bool startSplit(GroupLab& lab, const QString& group, const QString& topic, const QStringList& names, int each,
        const QString& assignor = QStringLiteral("range"))
    {
        lab.setConnection(fixture());
        QMap<QString, int> want;
        for (const QString& n : names) {
            lab.addMember(member(n, group, topic, assignor));
            want.insert(n, each);
        }
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 60000) {
            if (perMember(lab, group) == want)
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    MemberConfig member(const QString& name, const QString& group, const QString& topic,
        const QString& assignor = QStringLiteral("range"))
    {
        MemberConfig c;
        c.name = name;
        c.groupId = group;
        c.topics = { topic };
        c.assignor = assignor;
        c.sessionTimeoutMs = 6000;
        return c;
    }

    // Produces `count` messages (keys aggregate:100) to `topic`, waiting until all are delivered.
    bool produce(const QString& topic, int count, double rate = 0)
    {
        ProducerSettings s;
        s.connection = { ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) };
        ProducerClient client(s);
        SignalLog finished(client.worker(), &ProducerWorker::bulkFinished);
        client.start();
        QString error;
        BulkSpec spec;
        spec.topic = topic;
        spec.count = uint64_t(count);
        spec.ratePerSec = rate;
        spec.keys = *KeyStrategy::parse(QStringLiteral("aggregate:100"), &error);
        spec.value = std::make_shared<ValueTemplate>(ValueTemplate::randomBytes(20));
        client.runBulk(spec);
        return finished.waitForCount(1, 120000) && finished.value(0).progress.delivered == uint64_t(count);
    }

    // Kafka's own kafka-consumer-groups --describe --state: the group's state and member count, as Kafka's Java admin
    // client (which speaks ConsumerGroupDescribe) reads them; an empty state if the tool gave no row for the group.
    QPair<QString, int> kafkaToolState(const QString& group)
    {
        const ProcessResult tool
            = runKafkaTool(QStringLiteral("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"),
                { "--bootstrap-server", m_bootstrap, "--describe", "--group", group, "--state" });
        for (const QString& line : QString::fromUtf8(tool.out).split(QLatin1Char('\n'))) {
            const QStringList cells = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (cells.size() >= 4 && cells.first() == group)
                return { cells.at(cells.size() - 2), cells.last().toInt() };
        }
        return {};
    }
};

} // namespace kafkalab::test
