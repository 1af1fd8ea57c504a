#pragma once

// A secured sandbox of a test's own, and the ACLs as Kafka's own kafka-acls lists them as its super user (test_acls,
// test_authorizationlesson cross-check what kafkalab did with it).

#include "kafkacore/sandbox/localsandbox.h"
#include "testsupport.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QTest>

#include <memory>

namespace kafkalab::test {

// One broker with `security` (512 MB heap, no control socket), started; nothing, with the reason, when it is not
// running within 3 minutes.
inline std::unique_ptr<LocalSandbox> startSecuredSandbox(sandbox::Security security, QString* error)
{
    SandboxOptions o;
    o.security = security;
    o.controlSocket = false;
    o.heapMb = 512;
    auto sandbox = std::make_unique<LocalSandbox>(o);
    sandbox->start();
    if (!QTest::qWaitFor([&] { return sandbox->state() != LocalSandbox::State::Starting; }, 180000)) {
        *error = QStringLiteral("the sandbox did not start within 3 minutes");
        return nullptr;
    }
    if (sandbox->state() == LocalSandbox::State::Running)
        return sandbox;
    *error = sandbox->errorString();
    return nullptr;
}

// Writes the --command-config of Kafka's tools for a secured sandbox's super user (SCRAM-SHA-256); false if it
// cannot be written.
inline bool writeAdminConfig(const QString& path, const sandbox::SecurityFiles& f)
{
    QString text = QStringLiteral("security.protocol=%1\nsasl.mechanism=SCRAM-SHA-256\n"
                                  "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule "
                                  "required username=\"%2\" password=\"%3\";\n")
                       .arg(sandbox::securityName(f.security).toUpper(), f.admin.name, f.admin.password);
    if (sandbox::usesTls(f.security))
        text += QStringLiteral("ssl.truststore.type=PEM\nssl.truststore.location=%1\n").arg(f.caFile);
    QFile config(path);
    return config.open(QIODevice::WriteOnly) && config.write(text.toUtf8()) == text.toUtf8().size();
}

// kafka-acls --list: each binding as "pattern entry", in Kafka's own words.
inline QSet<QString> kafkaAclList(const QString& bootstrap, const QString& adminConfig)
{
    const ProcessResult r = runKafkaTool(QStringLiteral("org.apache.kafka.tools.AclCommand"),
        { QStringLiteral("--bootstrap-server"), bootstrap, QStringLiteral("--command-config"), adminConfig,
            QStringLiteral("--list") });
    if (r.exitCode != 0)
        qWarning("AclCommand: %s %s", r.out.constData(), r.err.constData());
    QSet<QString> out;
    QString pattern;
    static const QRegularExpression head(QStringLiteral("^Current ACLs for resource `(.*)`:"));
    for (const QByteArray& raw : r.out.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        const QRegularExpressionMatch m = head.match(line);
        if (m.hasMatch())
            pattern = m.captured(1);
        else if (line.startsWith(QLatin1String("(principal=")))
            out.insert(pattern + QLatin1Char(' ') + line);
    }
    return out;
}

} // namespace kafkalab::test
