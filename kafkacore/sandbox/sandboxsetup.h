#pragma once

// What the local sandbox needs before a JVM starts: where Java and the Kafka jars are, free loopback ports, and the
// broker's configuration files. Plain functions, so that each error can be tested without a broker.

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace kafkalab::sandbox {

// The Kafka version the sandbox runs: $KAFKALAB_KAFKA_VERSION, else the build's default (cmake/kafka-version.txt).
QString kafkaVersion();
// Where scripts/fetch-kafka puts the jars: $KAFKALAB_KAFKA_LIBS, else
// ${KAFKALAB_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/kafkalab}/kafka-<version>/libs.
QString kafkaLibDir();
// The command that fetches the jars, for error messages.
QString fetchCommand();
// $JAVA_HOME/bin/java if it exists, else `java` on PATH; empty if neither.
QString findJava();
// True if the directory holds the Kafka broker jar.
bool hasKafkaJars(const QString& libDir);

// True if nothing listens on 127.0.0.1:port and it can be bound.
bool portIsFree(int port);
// A port the kernel hands out for 127.0.0.1, free when this returns; 0 on failure.
int pickFreePort();

// The most files a process may open here: the hard RLIMIT_NOFILE (nodes are started with their soft limit raised to
// it). A broker keeps files open for every partition, so this caps the partitions a sandbox can hold; -1 if unknown
// or unlimited.
long long openFileLimit();

// A new random cluster id in Kafka's format (16 random bytes, URL-safe base64, no padding), not starting with '-'.
QString newClusterId();

struct BrokerFiles {
    QString serverProperties;
    QString log4j2Config;
    QString log4jConfig;
};

// Writes the combined broker+controller configuration for one node into `configDir`.
// Returns an error message, or nothing on success.
std::optional<QString> writeBrokerConfig(const QString& configDir, const QString& logDir, int port, int controllerPort,
    const QMap<QString, QString>& extraConfig, BrokerFiles* files);

// One KRaft node of a sandbox.
struct NodeConfig {
    int id = 1;
    bool broker = true;
    bool controller = true;
    int port = 0; // the client listener (brokers)
    int controllerPort = 0; // the controller listener (controllers)
    QString voters; // controller.quorum.voters: "ID@127.0.0.1:PORT,..."
    QString rack; // broker.rack, empty for none
    int brokers = 1; // brokers in the cluster: the replication of the internal topics and the lab's timeouts
};

// Writes the configuration of one node of a sandbox of `node.brokers` brokers into `configDir`.
std::optional<QString> writeNodeConfig(const QString& configDir, const QString& logDir, const NodeConfig& node,
    const QMap<QString, QString>& extraConfig, BrokerFiles* files);

// Kills the sandbox processes (nodes, format steps) running on `dataDir`. Only for a data directory whose lock this
// process holds: whatever still runs there was left by an owner that is gone (the parent-death signal makes this
// rare: a kill between fork and prctl, or a node started by an older kafkalab).
void killOrphanedNodes(const QString& dataDir);

// The Apicurio Registry the sandbox runs as its schema registry: $KAFKALAB_APICURIO_DIR, else
// ${KAFKALAB_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/kafkalab}/apicurio-registry-<version> (scripts/fetch-apicurio).
QString apicurioVersion();
QString apicurioDir();
// The runner jar in `dir`, empty if it is not there.
QString apicurioJar(const QString& dir);
// The Java arguments that run Apicurio on 127.0.0.1:port with in-memory storage.
QStringList apicurioArguments(const QString& dir, int port);
// The base URL a Confluent-compatible client uses for Apicurio on that port.
QString apicurioUrl(int port);

// JVM arguments shared by the format step and the broker; `gcLog`, when given, gets the JVM's GC log (uptime
// decorations, two files of 1 MB at most) for the heap watch.
QStringList jvmArguments(const QString& libDir, const BrokerFiles& files, int heapMb, const QString& gcLog = {});

} // namespace kafkalab::sandbox
