#pragma once

// SCRAM users as plain values, and the one place their input is checked (user names, mechanisms, iterations and
// passwords). No librdkafka here: the admin client (securityadminclient.h) maps these to librdkafka's calls.

#include <QList>
#include <QString>

#include <optional>

namespace kafkalab {

enum class ScramMechanism { Sha256, Sha512 };
QString scramMechanismName(ScramMechanism m); // "SCRAM-SHA-256", "SCRAM-SHA-512"
std::optional<ScramMechanism> scramMechanismFrom(const QString& text); // either name, any case

struct ScramCredential {
    ScramMechanism mechanism = ScramMechanism::Sha256;
    int iterations = 0;
    bool operator==(const ScramCredential&) const = default;
};
struct ScramUser {
    QString name;
    QList<ScramCredential> credentials;
};

// Kafka's limits for SCRAM iterations: 4096 (the minimum of every SCRAM mechanism) to 16384 (the broker's maximum).
constexpr int MinScramIterations = 4096;
constexpr int MaxScramIterations = 16384;
constexpr int DefaultScramIterations = 8192;

// A user name for SCRAM: not empty, no control characters. (`,` and `=` are fine: SCRAM escapes them.)
QString scramUserError(const QString& name);
// A password: not empty, no NUL or other control characters. Non-ASCII is accepted: Kafka's SCRAM (the broker and
// the Java client) and librdkafka both salt the password's UTF-8 bytes as typed, without SASLprep, so a client that
// types the same characters (in the same Unicode normalization) authenticates; test_acls proves it against the
// broker with kafkalab's client and python3-kafka.
QString scramPasswordError(const QString& password);
QString scramIterationsError(int iterations);

} // namespace kafkalab
