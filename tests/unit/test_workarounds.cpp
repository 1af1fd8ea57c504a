// The librdkafka workarounds kafkalab still carries, each shown to be still needed: when one of these tests fails,
// the library has changed, and the workaround named in it can go (see the README's "Kafka compatibility").
#include "kafkacore/client/rdkafkaptr.h"

#include <librdkafka/rdkafka.h>

#include <QTest>

using namespace kafkalab;

class TestWorkarounds : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // kafkacore/messages/browserworker.cpp gives its reader a private group.id it never joins: librdkafka refuses
    // rd_kafka_assign() on a consumer without one, although assign() uses no group. No broker needed: the check is
    // local. If this fails, drop the group.id from makeConsumer() there.
    void assignStillWantsAGroupId()
    {
        char err[256];
        ConfPtr conf(rd_kafka_conf_new());
        QCOMPARE(rd_kafka_conf_set(conf.get(), "bootstrap.servers", "127.0.0.1:1", err, sizeof err), RD_KAFKA_CONF_OK);
        KafkaHandle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof err));
        QVERIFY2(rk, err);
        static_cast<void>(conf.release()); // rd_kafka_new took it
        PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
        rd_kafka_topic_partition_list_add(list.get(), "t", 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
        QCOMPARE(rd_kafka_assign(rk.get(), list.get()), RD_KAFKA_RESP_ERR__UNKNOWN_GROUP);
        // With a group id (never joined) it is accepted.
        ConfPtr withGroup(rd_kafka_conf_new());
        QCOMPARE(
            rd_kafka_conf_set(withGroup.get(), "bootstrap.servers", "127.0.0.1:1", err, sizeof err), RD_KAFKA_CONF_OK);
        QCOMPARE(rd_kafka_conf_set(withGroup.get(), "group.id", "kafkalab-test-never-joined", err, sizeof err),
            RD_KAFKA_CONF_OK);
        KafkaHandle grouped(rd_kafka_new(RD_KAFKA_CONSUMER, withGroup.get(), err, sizeof err));
        QVERIFY2(grouped, err);
        static_cast<void>(withGroup.release()); // rd_kafka_new took it
        QCOMPARE(rd_kafka_assign(grouped.get(), list.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
        QCOMPARE(rd_kafka_assign(grouped.get(), nullptr), RD_KAFKA_RESP_ERR_NO_ERROR);
    }
};

QTEST_GUILESS_MAIN(TestWorkarounds)
#include "test_workarounds.moc"
