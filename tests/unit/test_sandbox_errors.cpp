// The sandbox's errors that need no broker: each must arrive as a plain message, quickly, with nothing started.
#include "kafkacore/sandbox/localsandbox.h"
#include "kafkacore/sandbox/sandboxsetup.h"

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
