#include "clicommon.h"

#include "kafkacore/sandbox/localsandbox.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace kafkalab::cli {

QString Args::value(const QString& name, const QString& fallback) const
{
    auto it = options.find(name);
    return it == options.end() ? fallback : it->second;
}

std::optional<qint64> Args::integer(const QString& name, qint64 min, qint64 max, qint64 fallback, QString* error) const
{
    auto it = options.find(name);
    if (it == options.end())
        return fallback;
    QString why;
    const std::optional<qint64> v = parseInteger(it->second, min, max, &why);
    if (!v)
        *error = QStringLiteral("%1: %2").arg(name, why);
    return v;
}

std::optional<double> Args::number(const QString& name, double min, double max, double fallback, QString* error) const
{
    auto it = options.find(name);
    if (it == options.end())
        return fallback;
    QString why;
    const std::optional<double> v = parseNumber(it->second, min, max, &why);
    if (!v)
        *error = QStringLiteral("%1: %2").arg(name, why);
    return v;
}

std::optional<bool> Args::boolean(const QString& name, bool fallback, QString* error) const
{
    auto it = options.find(name);
    if (it == options.end())
        return fallback;
    QString why;
    const std::optional<bool> v = parseBoolean(it->second, &why);
    if (!v)
        *error = QStringLiteral("%1: %2").arg(name, why);
    return v;
}

std::optional<qint64> parseInteger(const QString& text, qint64 min, qint64 max, QString* why)
{
    static const QRegularExpression digits(QStringLiteral("^[+-]?[0-9]+$"));
    if (!digits.match(text).hasMatch()) {
        *why = QStringLiteral("'%1' is not a whole number").arg(text);
        return std::nullopt;
    }
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max) {
        *why = QStringLiteral("%1 is out of range (%2 to %3)").arg(text).arg(min).arg(max);
        return std::nullopt;
    }
    return v;
}

std::optional<double> parseNumber(const QString& text, double min, double max, QString* why)
{
    static const QRegularExpression decimal(QStringLiteral("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
    bool ok = false;
    const double v = decimal.match(text).hasMatch() ? text.toDouble(&ok) : 0.0;
    if (!ok || !std::isfinite(v)) {
        *why = QStringLiteral("'%1' is not a number").arg(text);
        return std::nullopt;
    }
    if (v < min || v > max) {
        *why = QStringLiteral("%1 is out of range (%2 to %3)").arg(text).arg(min).arg(max);
        return std::nullopt;
    }
    return v;
}

std::optional<bool> parseBoolean(const QString& text, QString* why)
{
    const QString t = text.toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("1") || t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0") || t == QLatin1String("off"))
        return false;
    *why = QStringLiteral("'%1' is neither true nor false").arg(text);
    return std::nullopt;
}

namespace {

int editDistance(const QString& a, const QString& b)
{
    std::vector<int> prev(size_t(b.size()) + 1), cur(size_t(b.size()) + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        prev[size_t(j)] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j)
            cur[size_t(j)] = std::min(
                { prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1, prev[size_t(j - 1)] + (a[i - 1] == b[j - 1] ? 0 : 1) });
        std::swap(prev, cur);
    }
    return prev[size_t(b.size())];
}

// The known option nearest to a mistyped one, when it is near enough to be what was meant.
QString nearestOption(const CommandSpec& spec, const QString& name)
{
    QString best;
    int bestDistance = 4;
    for (const OptionSpec& o : spec.options) {
        const int d = (o.name.startsWith(name) || name.startsWith(o.name)) ? 1 : editDistance(o.name, name);
        if (d < bestDistance) {
            bestDistance = d;
            best = o.name;
        }
    }
    return best;
}

const OptionSpec* findOption(const CommandSpec& spec, const QString& name)
{
    for (const OptionSpec& o : spec.options)
        if (o.name == name)
            return &o;
    return nullptr;
}

} // namespace

std::optional<Args> parseCommandLine(const CommandSpec& spec, const Argv& argv, QString* error)
{
    Args out;
    bool endOfOptions = false;
    for (qsizetype i = 0; i < argv.size(); ++i) {
        const QByteArray& raw = argv[i];
        const QString a = QString::fromUtf8(raw);
        if (endOfOptions || !a.startsWith(QLatin1Char('-')) || a == QLatin1String("-")) {
            out.positionals.append(a);
            out.rawPositionals.append(raw);
            continue;
        }
        if (a == QLatin1String("--")) {
            endOfOptions = true;
            continue;
        }
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out.help = true;
            return out;
        }
        if (a == QLatin1String("-X") || (a.startsWith(QLatin1String("-X")) && !a.startsWith(QLatin1String("--")))) {
            if (!spec.clientProperties) {
                *error = QStringLiteral("-X: this command takes no client properties");
                return std::nullopt;
            }
            QString kv = a.mid(2);
            if (kv.isEmpty()) {
                if (i + 1 >= argv.size()) {
                    *error = QStringLiteral("-X needs key=value");
                    return std::nullopt;
                }
                kv = QString::fromUtf8(argv[++i]);
            }
            const qsizetype eq = kv.indexOf(QLatin1Char('='));
            if (eq <= 0) {
                *error = QStringLiteral("-X %1: expected key=value").arg(kv);
                return std::nullopt;
            }
            ClientProperty p;
            p.key = kv.left(eq);
            p.value = kv.mid(eq + 1);
            p.field = QStringLiteral("-X %1").arg(p.key);
            out.properties.append(p);
            continue;
        }
        if (!a.startsWith(QLatin1String("--"))) {
            *error = QStringLiteral("unknown option '%1' (to pass it as an argument, put -- before it)").arg(a);
            return std::nullopt;
        }
        const qsizetype eq = a.indexOf(QLatin1Char('='));
        const QString name = eq > 0 ? a.left(eq) : a;
        const OptionSpec* option = findOption(spec, name);
        if (!option) {
            const QString near = nearestOption(spec, name);
            *error = near.isEmpty() ? QStringLiteral("unknown option '%1'").arg(name)
                                    : QStringLiteral("unknown option '%1' (did you mean %2?)").arg(name, near);
            return std::nullopt;
        }
        if (option->value.isEmpty()) {
            if (eq > 0) {
                *error = QStringLiteral("%1 takes no value").arg(name);
                return std::nullopt;
            }
            if (!out.flags.contains(name))
                out.flags.append(name);
            continue;
        }
        QString value;
        if (eq > 0) {
            value = a.mid(eq + 1);
        } else {
            if (i + 1 >= argv.size()) {
                *error = QStringLiteral("%1 needs a value (%1 %2)").arg(name, option->value);
                return std::nullopt;
            }
            value = QString::fromUtf8(argv[++i]);
        }
        if (out.options.count(name)) {
            *error = QStringLiteral("%1 is given more than once").arg(name);
            return std::nullopt;
        }
        out.options[name] = value;
    }
    if (out.positionals.size() < spec.minPositionals) {
        *error = QStringLiteral("missing argument(s): %1").arg(spec.synopsis);
        return std::nullopt;
    }
    if (spec.maxPositionals >= 0 && out.positionals.size() > spec.maxPositionals) {
        *error = QStringLiteral("unexpected argument '%1'").arg(out.positionals.at(spec.maxPositionals));
        return std::nullopt;
    }
    return out;
}

QString usageOf(const CommandSpec& spec)
{
    QString text = QStringLiteral("usage: kafkalab-cli %1 %2\n").arg(spec.name, spec.synopsis);
    if (!spec.summary.isEmpty())
        text += QStringLiteral("\n%1\n").arg(spec.summary);
    if (!spec.options.isEmpty() || spec.clientProperties)
        text += QStringLiteral("\noptions:\n");
    for (const OptionSpec& o : spec.options) {
        const QString left = o.value.isEmpty() ? o.name : QStringLiteral("%1 %2").arg(o.name, o.value);
        text += QStringLiteral("  %1  %2\n").arg(left, -26).arg(o.help);
    }
    if (spec.clientProperties)
        text += QStringLiteral("  %1  %2\n")
                    .arg(QStringLiteral("-X key=value"), -26)
                    .arg(QStringLiteral("a librdkafka client property (repeatable; the names kcat's -X takes)"));
    text += QStringLiteral("  %1  %2\n").arg(QStringLiteral("-h, --help"), -26).arg(QStringLiteral("this help"));
    if (!spec.details.isEmpty())
        text += QStringLiteral("\n%1\n").arg(spec.details);
    return text;
}

int fail(const QString& message, int code)
{
    std::fprintf(stderr, "kafkalab-cli: %s\n", qPrintable(message));
    return code;
}

int usageError(const CommandSpec& spec, const QString& message)
{
    std::fprintf(stderr, "kafkalab-cli %s: %s\nusage: kafkalab-cli %s %s\n(kafkalab-cli %s --help lists the options)\n",
        qPrintable(spec.name), qPrintable(message), qPrintable(spec.name), qPrintable(spec.synopsis),
        qPrintable(spec.name));
    return 2;
}

QList<OptionSpec> registryOptions()
{
    return {
        { QStringLiteral("--schema-registry"), QStringLiteral("URL"),
            QStringLiteral("the schema registry's base URL (default: $KAFKALAB_SCHEMA_REGISTRY)") },
        { QStringLiteral("--registry-user"), QStringLiteral("U"), QStringLiteral("basic auth user of the registry") },
        { QStringLiteral("--registry-password"), QStringLiteral("P"),
            QStringLiteral("its password (default: $KAFKALAB_REGISTRY_PASSWORD)") },
        { QStringLiteral("--registry-token"), QStringLiteral("T"),
            QStringLiteral("a bearer token instead (default: $KAFKALAB_REGISTRY_TOKEN)") },
        { QStringLiteral("--registry-ca"), QStringLiteral("FILE"),
            QStringLiteral("PEM file of the CA of an https registry") },
    };
}

std::optional<schemas::RegistryConnection> registryFromArgs(const Args& args, QString* error)
{
    schemas::RegistryConnection c;
    c.url = args.value(QStringLiteral("--schema-registry"), qEnvironmentVariable("KAFKALAB_SCHEMA_REGISTRY")).trimmed();
    if (c.url.isEmpty()) {
        *error = QStringLiteral("no schema registry: give --schema-registry URL or set KAFKALAB_SCHEMA_REGISTRY "
                                "(kafkalab-cli sandbox --schema-registry prints the sandbox's as schema_registry=)");
        return std::nullopt;
    }
    if (!c.url.startsWith(QLatin1String("http://")) && !c.url.startsWith(QLatin1String("https://"))) {
        *error = QStringLiteral("--schema-registry takes an http:// or https:// URL, not '%1'").arg(c.url);
        return std::nullopt;
    }
    c.user = args.value(QStringLiteral("--registry-user"));
    c.password = args.value(QStringLiteral("--registry-password"), qEnvironmentVariable("KAFKALAB_REGISTRY_PASSWORD"));
    c.bearerToken = args.value(QStringLiteral("--registry-token"), qEnvironmentVariable("KAFKALAB_REGISTRY_TOKEN"));
    if (!c.user.isEmpty() && args.has(QStringLiteral("--registry-token"))) {
        *error = QStringLiteral("--registry-user and --registry-token exclude each other: basic auth or a token");
        return std::nullopt;
    }
    c.caFile = args.value(QStringLiteral("--registry-ca"));
    if (!c.caFile.isEmpty() && !QFileInfo(c.caFile).isReadable()) {
        *error = QStringLiteral("--registry-ca %1: no such readable file").arg(c.caFile);
        return std::nullopt;
    }
    return c;
}

OptionSpec bootstrapOption()
{
    return { QStringLiteral("--bootstrap"), QStringLiteral("HOST:PORT"),
        QStringLiteral("the cluster (default: a local sandbox started for this command)") };
}

OptionSpec jsonOption()
{
    return { QStringLiteral("--json"), {}, QStringLiteral("print JSON") };
}

OptionSpec timeoutOption(int defaultMs)
{
    return { QStringLiteral("--timeout"), QStringLiteral("SECONDS"),
        QStringLiteral("how long each request to the cluster may take, more than 0 (default %1)")
            .arg(double(defaultMs) / 1000.0) };
}

std::optional<int> timeoutMsOf(const Args& args, int fallbackMs, QString* error)
{
    const QString name = QStringLiteral("--timeout");
    if (!args.has(name))
        return fallbackMs;
    const std::optional<double> seconds = args.number(name, 0, 3600, double(fallbackMs) / 1000.0, error);
    if (!seconds)
        return std::nullopt;
    const int ms = int(std::lround(*seconds * 1000.0));
    if (ms <= 0) {
        *error = QStringLiteral("%1: %2 must be more than 0 seconds").arg(name, args.value(name));
        return std::nullopt;
    }
    return ms;
}

QList<ClientProperty> connectionOf(const Args& args, const QString& bootstrap)
{
    QList<ClientProperty> props { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
    props.append(args.properties);
    return props;
}

namespace {
int g_signalPipe[2] = { -1, -1 };
QList<std::function<void()>>* g_signalHandlers = nullptr;

void signalHandler(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
}
} // namespace

void onTerminationSignal(std::function<void()> onSignal)
{
    // One notifier for the process (a second notifier on the same pipe would never fire); every handler registered
    // runs, the latest first, so a command's own stop comes before the sandbox's.
    if (!g_signalHandlers) {
        if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
            return;
        g_signalHandlers = new QList<std::function<void()>>;
        auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
        QObject::connect(notifier, &QSocketNotifier::activated, notifier, [] {
            char buf[16];
            while (::read(g_signalPipe[0], buf, sizeof buf) > 0) { }
            static int received = 0;
            if (++received > 1) {
                // A second Ctrl-C: the user does not want to wait for a clean stop.
                std::fprintf(stderr, "kafkalab-cli: interrupted again; exiting now\n");
                std::_Exit(130);
            }
            const QList<std::function<void()>> handlers = *g_signalHandlers;
            for (qsizetype i = handlers.size(); i-- > 0;) // the latest first
                handlers[i]();
        });
        struct sigaction sa { };
        sa.sa_handler = signalHandler;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &sa, nullptr);
        ::sigaction(SIGTERM, &sa, nullptr);
    }
    g_signalHandlers->append(std::move(onSignal));
}

int withCluster(const Args& args, const std::function<void(const QString&, std::function<void(int)>)>& body)
{
    const QString bootstrap = args.value(QStringLiteral("--bootstrap"));
    int exitCode = 0;
    if (!bootstrap.isEmpty()) {
        bool done = false;
        body(bootstrap, [&](int code) {
            exitCode = code;
            done = true;
            QCoreApplication::exit(code);
        });
        return done ? exitCode : QCoreApplication::exec();
    }
    // No cluster named: run against a sandbox of our own, and stop it afterwards.
    LocalSandbox sandbox;
    bool interrupted = false;
    QObject::connect(&sandbox, &LocalSandbox::progress, &sandbox,
        [](const QString& step) { std::fprintf(stderr, "sandbox: %s\n", qPrintable(step)); });
    QObject::connect(&sandbox, &LocalSandbox::failed, &sandbox, [&](const QString& message) {
        exitCode = interrupted ? 130 : fail(QStringLiteral("the local sandbox could not start: %1").arg(message), 1);
        QCoreApplication::exit(exitCode);
    });
    QObject::connect(&sandbox, &LocalSandbox::stopped, &sandbox, [&] { QCoreApplication::exit(exitCode); });
    QObject::connect(&sandbox, &LocalSandbox::heapShort, &sandbox,
        [](const QString& warning) { std::fprintf(stderr, "sandbox: warning: %s\n", qPrintable(warning)); });
    bool started = false;
    QObject::connect(&sandbox, &LocalSandbox::ready, &sandbox, [&](const QString& address) {
        started = true;
        body(address, [&](int code) {
            if (!interrupted)
                exitCode = code;
            sandbox.stop();
        });
    });
    onTerminationSignal([&] {
        // Before the sandbox is up there is nothing else to stop; after, the command's own handler (registered
        // later, run first) stops its work and its finish() stops the sandbox.
        interrupted = true;
        exitCode = 130;
        if (!started)
            sandbox.stop();
        else // a command that does not stop by itself within 10 s loses its sandbox
            QTimer::singleShot(10000, &sandbox, [&] { sandbox.stop(); });
    });
    sandbox.start();
    QCoreApplication::exec();
    return exitCode;
}

} // namespace kafkalab::cli
