#pragma once

#include <QString>
#include <QStringList>

namespace kafkalab::sandbox {

// Java's class-data sharing for the sandbox's JVMs. A broker spends most of its start-up loading and verifying
// Kafka's ~7,000 classes; an application class archive halves its CPU to "Kafka Server started" (measured on this
// machine: 6.4-6.9 s without, 3.9-4.4 s with), which is what lets a three-broker sandbox start in seconds on two
// cores, and starts Kafka's command-line tools faster too. The archive is made once per Java runtime and Kafka: the
// first broker started without one records the classes it loads (-XX:DumpLoadedClassList, no cost), and once the
// sandbox is ready a JVM of its own writes the archive from that list (-Xshare:dump, ~8 s of CPU at the lowest
// priority; LocalSandbox runs it). It lives in the cache beside the Kafka jars, keyed by the Java runtime and the
// jars; the JVM checks it too, and runs without it (never fails) when it does not fit.
class ClassArchive {
public:
    // The archive for this Java and this folder of Kafka jars (it may not exist yet). Empty when the cache folder
    // cannot be written, or class sharing is switched off (KAFKALAB_NO_CLASS_ARCHIVE=1).
    static ClassArchive forRuntime(const QString& java, const QString& libDir);

    bool isUsable() const; // the archive exists
    QString path() const { return m_path; }
    // Arguments for a JVM that uses the archive ({} when there is none).
    QStringList useArguments() const;
    // Arguments for a JVM that records the classes it loads into `*classList` ({} when there is an archive).
    QStringList recordArguments(QString* classList) const;
    // Arguments for the `java` that writes the archive from a recorded list, into `*tempPath` (moved into place by
    // finish()); {} when there is nothing to write or the list cannot be read.
    QStringList writeArguments(const QString& classList, const QString& libDir, QString* tempPath) const;
    // After the writing JVM ended: a success moves its archive into place (unless another sandbox's was first);
    // either way the temporary files go.
    void finish(const QString& tempPath, const QString& classList, bool ok) const;

private:
    QString m_path;
};

} // namespace kafkalab::sandbox
