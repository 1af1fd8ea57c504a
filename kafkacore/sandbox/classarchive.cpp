#include "kafkacore/sandbox/classarchive.h"

#include "kafkacore/sandbox/sandboxsetup.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <unistd.h>

namespace kafkalab::sandbox {

// What the archive depends on: the Java runtime (its resolved binary, changed by every JDK update) and the jars.
static QByteArray runtimeKey(const QString& java, const QString& libDir)
{
    QByteArray key;
    for (const QString& path : { java, libDir }) {
        const QFileInfo info(path);
        const QString resolved = info.canonicalFilePath().isEmpty() ? path : info.canonicalFilePath();
        const QFileInfo real(resolved);
        key += resolved.toUtf8() + '\n' + QByteArray::number(real.lastModified().toMSecsSinceEpoch()) + '\n'
            + QByteArray::number(real.size()) + '\n';
    }
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16);
}

ClassArchive ClassArchive::forRuntime(const QString& java, const QString& libDir)
{
    ClassArchive archive;
    if (qEnvironmentVariable("KAFKALAB_NO_CLASS_ARCHIVE") == QLatin1String("1"))
        return archive;
    const QString dir = QFileInfo(libDir).absolutePath() + QStringLiteral("/class-archives");
    if (!QDir().mkpath(dir) || !QFileInfo(dir).isWritable())
        return archive;
    archive.m_path
        = QStringLiteral("%1/kafka-%2-%3.jsa").arg(dir, kafkaVersion(), QString::fromLatin1(runtimeKey(java, libDir)));
    // What a killed sandbox left behind (lists and half-written archives an hour old).
    const QDateTime hourAgo = QDateTime::currentDateTime().addSecs(-3600);
    for (const QFileInfo& f :
        QDir(dir).entryInfoList({ QStringLiteral("*.tmp"), QStringLiteral("*.classlist*") }, QDir::Files))
        if (f.lastModified() < hourAgo)
            QFile::remove(f.absoluteFilePath());
    return archive;
}

bool ClassArchive::isUsable() const
{
    return !m_path.isEmpty() && QFileInfo(m_path).size() > 0;
}

QStringList ClassArchive::useArguments() const
{
    if (!isUsable())
        return {};
    return { QStringLiteral("-XX:SharedArchiveFile=") + m_path };
}

static QString uniqueSuffix()
{
    return QStringLiteral("%1-%2").arg(::getpid()).arg(QDateTime::currentMSecsSinceEpoch());
}

QStringList ClassArchive::recordArguments(QString* classList) const
{
    if (m_path.isEmpty() || isUsable())
        return {};
    *classList = QStringLiteral("%1.%2.classlist").arg(m_path, uniqueSuffix());
    return { QStringLiteral("-XX:DumpLoadedClassList=") + *classList };
}

QStringList ClassArchive::writeArguments(const QString& classList, const QString& libDir, QString* tempPath) const
{
    if (m_path.isEmpty() || isUsable() || classList.isEmpty())
        return {};
    // The recording JVM still runs and writes: the complete lines so far.
    QFile list(classList);
    if (!list.open(QIODevice::ReadOnly))
        return {};
    QByteArray lines = list.readAll();
    lines.truncate(lines.lastIndexOf('\n') + 1);
    if (lines.count('\n') < 1000) // not a broker's start-up: nothing worth an archive
        return {};
    QFile complete(classList + QStringLiteral(".complete"));
    if (!complete.open(QIODevice::WriteOnly) || complete.write(lines) != lines.size())
        return {};
    *tempPath = QStringLiteral("%1.%2.tmp").arg(m_path, uniqueSuffix());
    return { QStringLiteral("-Xshare:dump"), QStringLiteral("-Xlog:disable"), QStringLiteral("-Xlog:all=error"),
        QStringLiteral("-XX:SharedClassListFile=") + complete.fileName(),
        QStringLiteral("-XX:SharedArchiveFile=") + *tempPath, QStringLiteral("-cp"), libDir + QStringLiteral("/*") };
}

void ClassArchive::finish(const QString& tempPath, const QString& classList, bool ok) const
{
    if (!classList.isEmpty()) {
        QFile::remove(classList);
        QFile::remove(classList + QStringLiteral(".complete"));
    }
    if (tempPath.isEmpty())
        return;
    // rename() replaces nothing: the first sandbox to finish wins, the others drop theirs.
    if (ok && QFileInfo(tempPath).size() > 0 && !isUsable() && QFile::rename(tempPath, m_path))
        return;
    QFile::remove(tempPath);
}

} // namespace kafkalab::sandbox
