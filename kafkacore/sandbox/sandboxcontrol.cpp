#include "kafkacore/sandbox/sandboxcontrol.h"

#include "kafkacore/sandbox/localsandbox.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>

#include <unistd.h>

namespace kafkalab {

namespace {

const QString kPointerName = QStringLiteral("kafkalab-sandbox.control");

// Where the path of the last sandbox's control socket is kept: the user's runtime folder, else the temporary one.
QString lastSandboxFile()
{
    // $XDG_RUNTIME_DIR itself: QStandardPaths would warn on stderr where it is not set (a CI job, a root shell).
    QString dir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (dir.isEmpty() || !QFileInfo(dir).isDir())
        dir = QDir::tempPath();
    return dir + QStringLiteral("/kafkalab-last-sandbox-%1").arg(::getuid());
}

bool writeText(const QString& path, const QString& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) >= 0;
}

QString readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

QByteArray replyLine(bool ok, const QString& message, const LocalSandbox* sandbox)
{
    return QJsonDocument(QJsonObject { { QStringLiteral("ok"), ok }, { QStringLiteral("message"), message },
                             { QStringLiteral("running"), sandbox ? sandbox->brokersUp() : -1 },
                             { QStringLiteral("bootstrap"), sandbox ? sandbox->bootstrap() : QString() } })
               .toJson(QJsonDocument::Compact)
        + '\n';
}

} // namespace

SandboxControlServer::SandboxControlServer(LocalSandbox* sandbox)
    : m_sandbox(sandbox)
{
}

SandboxControlServer::~SandboxControlServer()
{
    if (m_server)
        m_server->close(); // removes the socket file
    if (!m_pointerFile.isEmpty())
        QFile::remove(m_pointerFile);
    if (readText(lastSandboxFile()) == m_path)
        QFile::remove(lastSandboxFile());
}

QString SandboxControlServer::listen(const QString& dataDir)
{
    // A Unix socket's path has at most 107 bytes.
    m_path = dataDir + QStringLiteral("/kafkalab-sandbox.control.sock");
    if (m_path.toLocal8Bit().size() > 100)
        m_path = QDir::tempPath() + QStringLiteral("/kafkalab-control-%1.sock").arg(::getpid());
    // The data directory is locked by this process: a socket file there is a dead owner's.
    QLocalServer::removeServer(m_path);
    m_server = std::make_unique<QLocalServer>();
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_path))
        return QStringLiteral("cannot listen on %1: %2").arg(m_path, m_server->errorString());
    QObject::connect(m_server.get(), &QLocalServer::newConnection, m_sandbox, [this] { serve(); });
    m_pointerFile = dataDir + QLatin1Char('/') + kPointerName;
    writeText(m_pointerFile, m_path);
    writeText(lastSandboxFile(), m_path);
    return {};
}

void SandboxControlServer::serve()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        QObject::connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QLocalSocket::readyRead, socket, [this, socket] {
            if (!socket->canReadLine() || socket->property("served").toBool())
                return;
            socket->setProperty("served", true);
            const QJsonObject request = QJsonDocument::fromJson(socket->readLine()).object();
            const QString word = request.value(QLatin1String("action")).toString();
            const auto action = LocalSandbox::brokerActionFrom(word);
            const QPointer<QLocalSocket> guard(socket);
            const QPointer<LocalSandbox> sandbox(m_sandbox);
            auto answer = [guard, sandbox](bool ok, const QString& message) {
                if (guard) {
                    guard->write(replyLine(ok, message, sandbox.data()));
                    guard->flush();
                    guard->disconnectFromServer();
                }
            };
            if (word == QLatin1String("info")) {
                answer(true, QStringLiteral("a sandbox of %1 broker(s)").arg(m_sandbox->brokerCount()));
                return;
            }
            if (!action) {
                answer(false, QStringLiteral("unknown action '%1' (stop, kill, pause, resume or start)").arg(word));
                return;
            }
            m_sandbox->controlBroker(*action, request.value(QLatin1String("node")).toInt(-1), answer);
        });
    }
}

namespace sandbox {

QString findControlSocket(const QString& where, QString* error)
{
    QString path;
    if (where.isEmpty()) {
        path = readText(lastSandboxFile());
        if (path.isEmpty()) {
            *error = QStringLiteral("no running sandbox found: start one with kafkalab-cli sandbox (or in kafkalab), "
                                    "or name it with --sandbox");
            return {};
        }
    } else if (QFileInfo(where).isDir()) {
        path = readText(where + QLatin1Char('/') + kPointerName);
        if (path.isEmpty()) {
            *error = QStringLiteral("no sandbox is running on the data directory %1").arg(where);
            return {};
        }
    } else {
        path = where;
    }
    if (!QFileInfo::exists(path)) {
        *error = QStringLiteral("the sandbox's control socket %1 is gone: is the sandbox still running?").arg(path);
        return {};
    }
    return path;
}

static ControlReply failure(const QString& message)
{
    ControlReply r;
    r.message = message;
    return r;
}

ControlReply sendControl(
    const QString& socketPath, const QString& action, int id, int timeoutMs, const std::atomic_bool* stop)
{
    QLocalSocket socket;
    socket.connectToServer(socketPath);
    if (!socket.waitForConnected(3000))
        return failure(QStringLiteral("cannot reach the sandbox at %1 (%2): is it still running?")
                           .arg(socketPath, socket.errorString()));
    socket.write(QJsonDocument(QJsonObject { { QStringLiteral("action"), action }, { QStringLiteral("node"), id } })
                     .toJson(QJsonDocument::Compact)
        + '\n');
    socket.flush();
    QElapsedTimer clock;
    clock.start();
    while (!socket.canReadLine()) {
        if ((stop && stop->load()) || clock.elapsed() > timeoutMs)
            return failure(stop && stop->load()
                    ? QStringLiteral("cancelled")
                    : QStringLiteral("the sandbox did not answer within %1 s").arg(timeoutMs / 1000));
        if (!socket.waitForReadyRead(200) && socket.state() != QLocalSocket::ConnectedState && !socket.canReadLine())
            return failure(QStringLiteral("the sandbox closed the connection without an answer"));
    }
    const QJsonObject reply = QJsonDocument::fromJson(socket.readLine()).object();
    return { reply.value(QLatin1String("ok")).toBool(), reply.value(QLatin1String("message")).toString(),
        reply.value(QLatin1String("running")).toInt(-1), reply.value(QLatin1String("bootstrap")).toString() };
}

} // namespace sandbox

} // namespace kafkalab
