// The sandbox's errors that need no broker: each must arrive as a plain message, quickly, with nothing started.
#include "kafkacore/sandbox/brokerheap.h"
#include "kafkacore/sandbox/classarchive.h"
#include "kafkacore/sandbox/localsandbox.h"
#include "kafkacore/sandbox/sandboxsetup.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace kafkalab;

static QString startAndFail(const SandboxOptions& options)
{
    LocalSandbox sandbox(options);
    QSignalSpy failed(&sandbox, &LocalSandbox::failed);
    QSignalSpy ready(&sandbox, &LocalSandbox::ready);
    sandbox.start();
    if (!failed.wait(10000))
        return QStringLiteral("(no failure signal)");
    if (sandbox.state() != LocalSandbox::State::Failed || !ready.isEmpty() || sandbox.brokerPid() != 0)
        return QStringLiteral("(wrong state)");
    return failed.first().first().toString();
}

class TestSandboxErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultHeapFollowsTheMachine()
    {
        QCOMPARE(sandbox::defaultHeapMb(2048), 512); // a small machine: the old fixed heap
        QCOMPARE(sandbox::defaultHeapMb(qint64(8) * 1024), 1024);
        QCOMPARE(sandbox::defaultHeapMb(qint64(12) * 1024), 1536);
        QCOMPARE(sandbox::defaultHeapMb(10000), 1152); // in steps of 128 MB
        QCOMPARE(sandbox::defaultHeapMb(qint64(64) * 1024), 2048);
        QCOMPARE(sandbox::defaultHeapMb(0), 512); // unknown
        QVERIFY(sandbox::physicalMemoryMb() > 0);
    }

    void heapSizesAreReadStrictly()
    {
        QString why;
        QCOMPARE(sandbox::parseHeapSize(QStringLiteral("1g"), 16384, &why), std::optional<int>(1024));
        QCOMPARE(sandbox::parseHeapSize(QStringLiteral("768m"), 16384, &why), std::optional<int>(768));
        QCOMPARE(sandbox::parseHeapSize(QStringLiteral("2G"), 16384, &why), std::optional<int>(2048));
        QCOMPARE(sandbox::parseHeapSize(QStringLiteral("256M"), 0, &why), std::optional<int>(256));
        for (const char* bad : { "", "1", "g", "1.5g", "1 g", "-1g", "1gb", "0x10m", "1k" }) {
            why.clear();
            QVERIFY2(!sandbox::parseHeapSize(QString::fromLatin1(bad), 16384, &why), bad);
            QVERIFY2(why.contains(QLatin1String("not a heap size")), qPrintable(why));
        }
        QVERIFY(!sandbox::parseHeapSize(QStringLiteral("255m"), 16384, &why));
        QVERIFY(why.contains(QLatin1String("too small")));
        QVERIFY(!sandbox::parseHeapSize(QStringLiteral("17g"), 16384, &why));
        QVERIFY(why.contains(QLatin1String("more than this machine's memory (16384m)")));
        QVERIFY(!sandbox::parseHeapSize(QStringLiteral("65g"), 0, &why));
    }

    // Lines as JDK 17/21's -Xlog:gc with uptime decorations writes them for G1.
    void heapWatchSaysWhenTheBrokerIsShort()
    {
        sandbox::HeapWatch quiet(512);
        for (const char* line :
            { "[0.012s] Using G1", "[3.101s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 25M->6M(512M) 4.120ms",
                "[9.500s] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 200M->120M(512M) 9.1ms",
                "[10.2s] GC(2) Pause Full (System.gc()) 120M->80M(512M) 150.0ms" })
            QVERIFY2(!quiet.feed(QString::fromLatin1(line)), line);
        QCOMPARE(quiet.fullCollections(), 1); // one full collection that freed plenty: not short

        sandbox::HeapWatch full(512);
        const auto w
            = full.feed(QStringLiteral("[50.0s] GC(40) Pause Full (G1 Compaction Pause) 511M->497M(512M) 900ms"));
        QVERIFY(w);
        QVERIFY2(w->contains(QLatin1String("512 MB")) && w->contains(QLatin1String("97% full")), qPrintable(*w));
        QVERIFY2(w->contains(QLatin1String("--broker-heap")), qPrintable(*w));
        // Not repeated within 5 minutes, then again.
        QVERIFY(!full.feed(QStringLiteral("[60.0s] GC(41) Pause Full (G1 Compaction Pause) 511M->500M(512M) 900ms")));
        QVERIFY(full.feed(QStringLiteral("[400.0s] GC(90) Pause Full (G1 Compaction Pause) 511M->500M(512M) 900ms")));

        sandbox::HeapWatch twice(1024);
        QVERIFY(!twice.feed(QStringLiteral("[100.0s] GC(5) Pause Full (G1 Compaction Pause) 900M->600M(1024M) 500ms")));
        QVERIFY(!twice.feed(QStringLiteral("[170.0s] GC(9) Pause Full (G1 Compaction Pause) 900M->600M(1024M) 500ms")));
        const auto again
            = twice.feed(QStringLiteral("[200.0s] GC(12) Pause Full (G1 Compaction Pause) 900M->610M(1024M) 500ms"));
        QVERIFY(again);
        QVERIFY2(again->contains(QLatin1String("2 full garbage collections within a minute")), qPrintable(*again));

        // Lines a JDK 17 wrote for a 32 MB heap kept 27 MB full (-Xlog:gc:file=...:uptime, as the sandbox asks).
        sandbox::HeapWatch real(32);
        QVERIFY(!real.feed(
            QStringLiteral("[1.535s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->3M(32M) 18.172ms")));
        QVERIFY(!real.feed(QStringLiteral("[2.774s] GC(8) Pause Full (G1 Compaction Pause) 30M->27M(32M) 45.505ms")));
        QVERIFY(real.feed(QStringLiteral("[2.827s] GC(10) Pause Full (G1 Compaction Pause) 29M->29M(32M) 26.351ms")));

        sandbox::HeapWatch oom(512);
        const auto o = oom.feed(QStringLiteral("Terminating due to java.lang.OutOfMemoryError: Java heap space"));
        QVERIFY(o);
        QVERIFY(o->contains(QLatin1String("OutOfMemoryError")));
    }

    // The class archive's files: where they go, what a list must hold to be worth an archive, and that a failed or
    // lost race leaves nothing behind.
    void classArchiveFiles()
    {
        QTemporaryDir kafka;
        QVERIFY(QDir().mkpath(kafka.filePath(QStringLiteral("libs"))));
        const QString java = sandbox::findJava();
        QVERIFY(!java.isEmpty());
        const auto archive = sandbox::ClassArchive::forRuntime(java, kafka.filePath(QStringLiteral("libs")));
        QVERIFY2(archive.path().startsWith(kafka.filePath(QStringLiteral("class-archives/kafka-"))),
            qPrintable(archive.path()));
        QVERIFY(!archive.isUsable());
        QVERIFY(archive.useArguments().isEmpty());
        QString list;
        const QStringList record = archive.recordArguments(&list);
        QCOMPARE(record, QStringList { QStringLiteral("-XX:DumpLoadedClassList=") + list });
        QString temp;
        // A JVM that loaded few classes is not a broker's start: no archive from it.
        QFile file(list);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("java/lang/Object\njava/lang/String\n");
        file.close();
        QVERIFY(archive.writeArguments(list, kafka.filePath(QStringLiteral("libs")), &temp).isEmpty());
        // A broker's list, still being written (its last line incomplete): the complete lines are used.
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 1500; ++i)
            file.write(QByteArray("org/apache/kafka/C") + QByteArray::number(i) + '\n');
        file.write("org/apache/kaf");
        file.close();
        const QStringList args = archive.writeArguments(list, kafka.filePath(QStringLiteral("libs")), &temp);
        QVERIFY(args.contains(QStringLiteral("-Xshare:dump")));
        QVERIFY(args.contains(QStringLiteral("-XX:SharedArchiveFile=") + temp));
        QFile complete(list + QStringLiteral(".complete"));
        QVERIFY(complete.open(QIODevice::ReadOnly));
        const QByteArray lines = complete.readAll();
        QCOMPARE(lines.count('\n'), 1500);
        QVERIFY(lines.endsWith("C1499\n"));
        complete.close();
        // A failed write removes its files and publishes nothing.
        QFile(temp).open(QIODevice::WriteOnly);
        archive.finish(temp, list, false);
        QVERIFY(!QFile::exists(temp) && !QFile::exists(list) && !QFile::exists(complete.fileName()));
        QVERIFY(!archive.isUsable());
        // A written one goes into place; a second sandbox's, finished later, is dropped.
        for (const char* content : { "first", "second" }) {
            QFile out(temp);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(content);
            out.close();
            archive.finish(temp, {}, true);
            QVERIFY(!QFile::exists(temp));
        }
        QFile published(archive.path());
        QVERIFY(published.open(QIODevice::ReadOnly));
        QCOMPARE(published.readAll(), QByteArray("first"));
        QVERIFY(archive.isUsable());
        QCOMPARE(archive.useArguments(), QStringList { QStringLiteral("-XX:SharedArchiveFile=") + archive.path() });
        QVERIFY(archive.recordArguments(&list).isEmpty());
    }

private:
    QTemporaryDir m_fakeLibs;

private Q_SLOTS:
    void initTestCase()
    {
        // Just enough for the jar check; these tests never start a JVM.
        for (const char* name : { "kafka_2.13-9.9.9.jar", "kafka-clients-9.9.9.jar" }) {
            QFile f(m_fakeLibs.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
    }

    void missingJavaOnPath()
    {
        QTemporaryDir emptyPath;
        const QByteArray oldPath = qgetenv("PATH");
        const QByteArray oldHome = qgetenv("JAVA_HOME");
        qputenv("PATH", emptyPath.path().toUtf8());
        qunsetenv("JAVA_HOME");
        QCOMPARE(sandbox::findJava(), QString());
        SandboxOptions options;
        options.libDir = m_fakeLibs.path();
        const QString message = startAndFail(options);
        qputenv("PATH", oldPath);
        if (!oldHome.isEmpty())
            qputenv("JAVA_HOME", oldHome);
        QVERIFY2(message.contains(QLatin1String("Java was not found")), qPrintable(message));
        QVERIFY(message.contains(QLatin1String("openjdk-17-jre-headless")));
    }

    void missingJarsNameTheFetchCommand()
    {
        QTemporaryDir empty;
        SandboxOptions options;
        options.javaPath = QStringLiteral("/bin/true");
        options.libDir = empty.path();
        const QString message = startAndFail(options);
        QVERIFY2(message.contains(QLatin1String("jars are not in")), qPrintable(message));
        QVERIFY(message.contains(empty.path()));
        QVERIFY(message.contains(QLatin1String("scripts/fetch-kafka")));
    }

    void takenPortIsRefused()
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_in addr {};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        QCOMPARE(::listen(fd, 1), 0);
        socklen_t len = sizeof addr;
        QCOMPARE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
        const int port = ntohs(addr.sin_port);
        QVERIFY(!sandbox::portIsFree(port));

        SandboxOptions options;
        options.javaPath = QStringLiteral("/bin/true");
        options.libDir = m_fakeLibs.path();
        options.port = port;
        const QString message = startAndFail(options);
        ::close(fd);
        QVERIFY2(message.contains(QStringLiteral("Port %1").arg(port)), qPrintable(message));
        QVERIFY(message.contains(QLatin1String("taken")));
    }

    void freePortsAndClusterIds()
    {
        const int port = sandbox::pickFreePort();
        QVERIFY(port > 0);
        QVERIFY(sandbox::portIsFree(port));
        const QString id = sandbox::newClusterId();
        QCOMPARE(id.size(), 22);
        QVERIFY(id != sandbox::newClusterId());
        // 1 in 64 random ids would start with '-', which kafka-storage format takes for an option.
        for (int i = 0; i < 2000; ++i)
            QVERIFY(!sandbox::newClusterId().startsWith(QLatin1Char('-')));
    }

    void brokerConfigForOneNode()
    {
        QTemporaryDir dir;
        sandbox::BrokerFiles files;
        QVERIFY(!sandbox::writeBrokerConfig(dir.path(), dir.filePath(QStringLiteral("logs")), 1234, 1235,
            { { QStringLiteral("num.io.threads"), QStringLiteral("4") } }, &files));
        QFile f(files.serverProperties);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        for (const char* line :
            { "process.roles=broker,controller", "listeners=PLAINTEXT://127.0.0.1:1234,CONTROLLER://127.0.0.1:1235",
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "min.insync.replicas=1", "num.io.threads=4",
                "auto.create.topics.enable=false" })
            QVERIFY2(text.contains(QLatin1String(line)), line);
    }
};

QTEST_GUILESS_MAIN(TestSandboxErrors)
#include "test_sandbox_errors.moc"
