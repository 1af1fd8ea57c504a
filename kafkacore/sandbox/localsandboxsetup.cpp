// The local sandbox's set-up before its nodes start: free ports (kept between runs of a persistent sandbox) and, for a
// secured sandbox, its users, passwords and certificates.
#include "kafkacore/sandbox/localsandbox.h"

#include "kafkacore/client/workerthread.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>

namespace kafkalab {

bool LocalSandbox::prepareSecurity(bool formatted)
{
    QSettings saved(m_dataDir + QStringLiteral("/kafkalab-sandbox.ini"), QSettings::IniFormat);
    const QString previous = saved.value(QStringLiteral("security"), QStringLiteral("plaintext")).toString();
    const QString wanted = sandbox::securityName(m_options.security);
    if (formatted && previous != wanted) {
        fail(QStringLiteral("The data directory %1 holds a %2 sandbox; start it with --security %2, or choose another "
                            "data directory for a %3 one.")
                 .arg(m_dataDir, previous, wanted));
        return false;
    }
    const QString dir = m_dataDir + QStringLiteral("/security");
    m_security = {};
    if (m_options.security == sandbox::Security::Plaintext)
        return true;
    if (formatted && sandbox::usesSasl(m_options.security) && !QFileInfo::exists(dir + QStringLiteral("/users.ini"))) {
        fail(QStringLiteral("The data directory %1 holds a %2 sandbox whose users' passwords (%3/users.ini) are gone; "
                            "choose another data directory.")
                 .arg(m_dataDir, wanted, dir));
        return false;
    }
    if (auto err = sandbox::loadOrMakeCredentials(dir, m_options.security, &m_security)) {
        fail(QStringLiteral("Could not prepare the sandbox's users: %1").arg(*err));
        return false;
    }
    saved.setValue(QStringLiteral("security"), wanted);
    saved.sync();
    return true;
}

void LocalSandbox::makeCertificatesThenFormat()
{
    const int run = ++m_certificateRun;
    if (sandbox::certificatesExist(m_security)) {
        runFormats();
        return;
    }
    Q_EMIT progress(QStringLiteral("Making the sandbox's CA and certificates (openssl)"));
    QPointer<LocalSandbox> self(this);
    // openssl runs for a moment per key: off the owner's thread, which never blocks. The answer is queued to the
    // application object (which outlives the sandbox); `self` is only read on the owner's thread.
    WorkerThread::runDetached(QStringLiteral("kafkalab-sandbox-certs"),
        [self, run, files = m_security, name = m_clusterId](const StopToken&) {
            const std::optional<QString> error = sandbox::makeCertificates(files, name);
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, run, error] {
                    if (!self || self->m_certificateRun != run || self->m_state != State::Starting)
                        return;
                    if (error)
                        self->fail(QStringLiteral("Could not make the sandbox's certificates: %1").arg(*error));
                    else
                        self->runFormats();
                },
                Qt::QueuedConnection);
        });
}

QMap<QString, QString> LocalSandbox::nodeExtraConfig(const SandboxNode& node) const
{
    QMap<QString, QString> c = sandbox::securityConfig(
        m_security, node.config().broker, node.config().controller, node.config().port, node.config().controllerPort);
    for (auto it = m_options.extraConfig.begin(); it != m_options.extraConfig.end(); ++it)
        c[it.key()] = it.value();
    return c;
}

bool LocalSandbox::preparePorts()
{
    // A persistent sandbox keeps its ports between runs when they are still free.
    QSettings saved(m_dataDir + QStringLiteral("/kafkalab-sandbox.ini"), QSettings::IniFormat);
    QList<int> taken;
    auto choose = [&](const QString& key, int wanted) {
        int port = wanted;
        if (port == 0) {
            const int previous = saved.value(key).toInt();
            port = (!taken.contains(previous) && sandbox::portIsFree(previous)) ? previous : 0;
            for (int i = 0; i < 20 && (port == 0 || taken.contains(port)); ++i)
                port = sandbox::pickFreePort();
        }
        if (port != 0 && !taken.contains(port)) {
            taken.append(port);
            saved.setValue(key, port);
            return port;
        }
        return 0;
    };
    auto key = [](const char* name, int id) {
        return id == 1 ? QString::fromLatin1(name) : QStringLiteral("%1_%2").arg(QLatin1String(name)).arg(id);
    };
    if (m_options.port > 0 && !sandbox::portIsFree(m_options.port)) {
        fail(QStringLiteral("Port %1 on 127.0.0.1 is taken by another program; choose another port or leave it "
                            "empty to pick a free one.")
                 .arg(m_options.port));
        return false;
    }
    m_ports.clear();
    m_controllerPorts.clear();
    for (int id = 1; id <= m_options.brokers; ++id)
        m_ports[id] = choose(key("port", id), id == 1 ? m_options.port : 0);
    if (m_options.brokers == 1 || m_options.combinedQuorum) {
        for (int id = 1; id <= m_options.brokers; ++id)
            m_controllerPorts[id] = choose(key("controller_port", id), 0);
    } else {
        m_controllerPorts[0] = choose(QStringLiteral("controller_port"), 0);
    }
    m_port = m_ports.value(1);
    const QList<int> all = m_ports.values() + m_controllerPorts.values();
    if (all.contains(0)) {
        fail(QStringLiteral("No free port on 127.0.0.1 could be found for the broker."));
        return false;
    }
    saved.sync();
    return prepareRegistry(all);
}

void LocalSandbox::writeClassArchive()
{
    if (m_archiveWriter || m_archive.isUsable())
        return;
    for (const auto& n : m_nodes) {
        if (n->classList().isEmpty())
            continue;
        m_archiveList = n->classList();
        const QStringList args = m_archive.writeArguments(m_archiveList, m_libDir, &m_archiveTemp);
        if (args.isEmpty()) {
            m_archive.finish(m_archiveTemp, m_archiveList, false);
            return;
        }
        sandbox::NodeConfig c;
        c.id = -1;
        c.broker = false;
        c.controller = false;
        m_archiveWriter = std::make_unique<SandboxNode>(c, m_dataDir + QStringLiteral("/class-archive"));
        connect(m_archiveWriter.get(), &SandboxNode::exited, this, [this](bool, const QString& how) {
            const bool ok = how == QLatin1String("exited with code 0");
            m_archive.finish(std::exchange(m_archiveTemp, {}), std::exchange(m_archiveList, {}), ok);
            appendLog(
                { ok ? QStringLiteral("[class archive] written: %1 (the next JVMs start faster)").arg(m_archive.path())
                     : QStringLiteral("[class archive] not written: java %1").arg(how) });
            m_archiveWriter.release()->deleteLater(); // this lambda runs in its signal
        });
        // nice: the archive is for later starts and must not slow the sandbox now in use.
        m_archiveWriter->startProgram(QStringLiteral("nice"),
            QStringList { QStringLiteral("-n"), QStringLiteral("19"), m_java } + args, QString());
        return;
    }
}

void LocalSandbox::stopClassArchive()
{
    if (!m_archiveWriter)
        return;
    disconnect(m_archiveWriter.get(), nullptr, this, nullptr);
    m_archiveWriter->killAndWait();
    m_archiveWriter.reset();
    m_archive.finish(std::exchange(m_archiveTemp, {}), std::exchange(m_archiveList, {}), false);
}

} // namespace kafkalab
