#include "clicommon.h"

#include "kafkacore/client/connectiontest.h"

#include <cstdio>

namespace kafkalab::cli {

namespace {
constexpr int DefaultTimeoutMs = 10000;

const char* outcomeWord(ConnectionStepResult::Outcome outcome)
{
    switch (outcome) {
    case ConnectionStepResult::Outcome::Passed:
        return "ok";
    case ConnectionStepResult::Outcome::Failed:
        return "failed";
    case ConnectionStepResult::Outcome::Skipped:
        return "skipped";
    }
    return "";
}
} // namespace

static int runConnectTest(const Args& args, const CommandSpec& spec)
{
    const QString bootstrap = args.value(QStringLiteral("--bootstrap"));
    if (bootstrap.trimmed().isEmpty())
        return usageError(spec, QStringLiteral("name the cluster to test: --bootstrap HOST:PORT or --profile NAME"));
    const QList<PropertyProblem> problems = validateProperties(args.properties);
    if (!problems.isEmpty())
        return usageError(spec, describeProblem(problems.first()));
    QString error;
    const std::optional<int> timeoutMs = timeoutMsOf(args, DefaultTimeoutMs, &error);
    if (!timeoutMs)
        return usageError(spec, error);
    // A blocking command: the steps run on the main thread, which makes and alone uses the test's client.
    const ConnectionTestResult result = runConnectionTest(
        connectionOf(args, bootstrap), StopToken(),
        [](const ConnectionStepResult& step) {
            std::printf("%s: %s: %s\n", qPrintable(connectionStepName(step.step)), outcomeWord(step.outcome),
                qPrintable(step.message));
            std::fflush(stdout);
        },
        *timeoutMs);
    if (!result.ok())
        return fail(QStringLiteral("connect-test failed at %1").arg(result.failureMessage()), 1);
    return 0;
}

QList<Command> connectTestCommands()
{
    const CommandSpec spec { QStringLiteral("connect-test"),
        QStringLiteral("--bootstrap B [-X key=value]... [--timeout SECONDS]"),
        QStringLiteral("test a connection step by step (TCP, TLS, SASL, authorization); exit 1 naming the failed step"),
        { bootstrapOption(), timeoutOption(DefaultTimeoutMs) }, 0, 0, true,
        QStringLiteral(
            "Prints one line per step, STEP: ok|failed|skipped: WHAT. TCP connects to every bootstrap "
            "address; TLS checks the CA and client certificate files (readable, PEM, not expired) and the "
            "handshake; SASL authenticates; authorization asks DescribeCluster and counts the topics the "
            "principal may see. Each failure comes within the timeout with its cause (a wrong password, a "
            "mechanism the broker does not enable, a CA that does not sign the broker's certificate, a "
            "host name the certificate is not for, a missing client certificate, plaintext against TLS).\n") };
    return { { spec, [spec](const Args& a) { return runConnectTest(a, spec); } } };
}

} // namespace kafkalab::cli
