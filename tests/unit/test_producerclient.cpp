// A retired ProducerClient must never touch its worker again: the worker's thread deletes it when it finishes,
// which can be long before the client itself is deleted (a window closes: the page retires its producer, then
// destroys its children, the client among them).
#include "kafkacore/produce/producerclient.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTest>
#include <QThread>

#include <memory>

using namespace kafkalab;

class TestProducerClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void retireThenDestroyTheParent_data()
    {
        QTest::addColumn<bool>("started");
        QTest::newRow("never started") << false;
        QTest::newRow("started") << true;
    }

    // retire -> the worker's thread finishes and deletes the worker -> 500 ms later the parent is destroyed. The old
    // client cancelled the deleted worker in its destructor (a heap-use-after-free under AddressSanitizer).
    void retireThenDestroyTheParent()
    {
        QFETCH(bool, started);
        auto parent = std::make_unique<QObject>();
        ProducerSettings settings;
        // Nothing listens on the discard port: the producer is created, but never reaches a broker.
        settings.connection
            = { ClientProperty::of(QStringLiteral("bootstrap.servers"), QStringLiteral("127.0.0.1:9")) };
        auto* client = new ProducerClient(settings, parent.get());
        const QPointer<ProducerWorker> worker = client->worker();
        QVERIFY(worker);
        if (started) {
            bool up = false;
            connect(worker, &ProducerWorker::started, this, [&up] { up = true; });
            client->start();
            QTRY_VERIFY_WITH_TIMEOUT(up, 10000);
        }
        client->retire();
        QVERIFY2(!client->worker(), "a retired client must drop its worker: the worker's thread deletes it");
        // No event loop runs here, as in a closing window: the client's own deleteLater is not delivered.
        QElapsedTimer clock;
        clock.start();
        while (!worker.isNull() && clock.elapsed() < 10000)
            QThread::msleep(10);
        QVERIFY2(worker.isNull(), "the worker's thread did not finish within 10 s");
        QThread::msleep(500);
        parent.reset(); // ~ProducerClient
    }

    void aRetiredClientDeletesItself()
    {
        QObject parent;
        auto* client = new ProducerClient(ProducerSettings(), &parent);
        const QPointer<ProducerWorker> worker = client->worker();
        client->retire();
        QTRY_VERIFY_WITH_TIMEOUT(worker.isNull(), 10000); // runs the event loop: the client deletes itself too
        QVERIFY(parent.children().isEmpty());
    }

    // Calls on a retired client do nothing: there is no worker to queue them to.
    void callsAfterRetireAreIgnored()
    {
        QObject parent;
        auto* client = new ProducerClient(ProducerSettings(), &parent);
        client->retire();
        client->retire();
        client->cancel();
        client->send(OutgoingMessage());
        client->flush(10);
        QTRY_VERIFY_WITH_TIMEOUT(parent.children().isEmpty(), 10000);
    }
};

QTEST_GUILESS_MAIN(TestProducerClient)
#include "test_producerclient.moc"
