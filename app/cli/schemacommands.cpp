// kafkalab-cli schemas, schema show/check/register/delete/compatibility: a schema registry's subjects, versions and
// compatibility levels, through RegistryAdminClient on the main thread (a blocking command needs no event loop).
#include "clicommon.h"

#include "kafkacore/schemas/registryadmin.h"
#include "kafkacore/schemas/schematext.h"

#include <QFile>
#include <QFileInfo>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace kafkalab::cli {

namespace {

using json = nlohmann::json;
using namespace schemas;

// The registry of --schema-registry (or $KAFKALAB_SCHEMA_REGISTRY), else the usage error's exit code.
std::optional<RegistryAdminClient> adminOf(const Args& args, const CommandSpec& spec, int* exitCode)
{
    QString error;
    auto registry = registryFromArgs(args, &error);
    if (!registry) {
        *exitCode = usageError(spec, error);
        return std::nullopt;
    }
    return RegistryAdminClient(*registry);
}

// --version N (a version number), -1 (latest) when absent; nothing, with the exit code, when malformed.
std::optional<int> versionOf(const Args& args, const CommandSpec& spec, int* exitCode)
{
    if (args.value(QStringLiteral("--version")) == QLatin1String("latest"))
        return -1;
    QString error;
    const auto v = args.integer(QStringLiteral("--version"), 1, INT32_MAX, -1, &error);
    if (!v) {
        *exitCode = usageError(spec, error + QStringLiteral(" (or latest)"));
        return std::nullopt;
    }
    return int(*v);
}

struct Candidate {
    SchemaType type = SchemaType::Avro;
    QString text;
};

// The schema of --file in the type of --type (default: PROTOBUF for a .proto file, else AVRO).
std::optional<Candidate> candidateOf(const Args& args, const CommandSpec& spec, int* exitCode)
{
    const QString path = args.value(QStringLiteral("--file"));
    if (path.isEmpty()) {
        *exitCode = usageError(spec, QStringLiteral("--file F is required: the schema to send"));
        return std::nullopt;
    }
    Candidate c;
    const QString typeName = args.value(QStringLiteral("--type"),
        path.endsWith(QLatin1String(".proto")) ? QStringLiteral("PROTOBUF") : QStringLiteral("AVRO"));
    const auto type = schemaTypeFromName(typeName);
    if (!type || typeName.trimmed().isEmpty()) {
        *exitCode = usageError(spec, QStringLiteral("--type takes AVRO, PROTOBUF or JSON, not '%1'").arg(typeName));
        return std::nullopt;
    }
    c.type = *type;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *exitCode = fail(QStringLiteral("--file %1: %2").arg(path, file.errorString()), 2);
        return std::nullopt;
    }
    c.text = QString::fromUtf8(file.readAll());
    if (c.text.trimmed().isEmpty()) {
        *exitCode = fail(QStringLiteral("--file %1 is empty").arg(path), 2);
        return std::nullopt;
    }
    return c;
}

int runSchemas(const Args& args, const CommandSpec& spec)
{
    int code = 0;
    auto admin = adminOf(args, spec, &code);
    if (!admin)
        return code;
    QString error;
    const auto subjects = admin->subjects(false, &error);
    if (!subjects)
        return fail(error, 1);
    json out = json::array();
    for (const QString& subject : *subjects) {
        const auto versions = admin->versions(subject, false, &error);
        if (!versions)
            return fail(error, 1);
        json entry = { { "subject", subject.toStdString() }, { "versions", json::array() } };
        QStringList words;
        QString type;
        for (int v : *versions) {
            const auto s = admin->version(subject, v, &error);
            if (!s)
                return fail(error, 1);
            type = schemaTypeName(s->type);
            entry["versions"].push_back({ { "version", v }, { "id", s->id }, { "type", type.toStdString() } });
            words.append(QStringLiteral("v%1 (id %2)").arg(v).arg(s->id));
        }
        out.push_back(entry);
        if (!args.has(QStringLiteral("--json")))
            std::printf(
                "%s\t%s\t%s\n", qPrintable(subject), qPrintable(type), qPrintable(words.join(QLatin1String(", "))));
    }
    if (args.has(QStringLiteral("--json")))
        std::printf("%s\n", out.dump(2).c_str());
    return 0;
}

int runShow(const Args& args, const CommandSpec& spec)
{
    int code = 0;
    auto admin = adminOf(args, spec, &code);
    const auto version = admin ? versionOf(args, spec, &code) : std::nullopt;
    if (!version)
        return code;
    const QString subject = args.positionals.value(0);
    QString error;
    const auto s = admin->version(subject, *version, &error);
    if (!s)
        return fail(error, 1);
    if (args.has(QStringLiteral("--json"))) {
        json refs = json::array();
        for (const SchemaReference& r : s->references)
            refs.push_back(
                { { "name", r.name.toStdString() }, { "subject", r.subject.toStdString() }, { "version", r.version } });
        const json out = { { "subject", s->subject.toStdString() }, { "version", s->version }, { "id", s->id },
            { "type", schemaTypeName(s->type).toStdString() }, { "schema", s->text.toStdString() },
            { "references", refs } };
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("# subject %s, version %d, id %d, %s\n", qPrintable(s->subject), s->version, s->id,
        qPrintable(schemaTypeName(s->type)));
    for (const SchemaReference& r : s->references)
        std::printf("# reference %s: subject %s version %d\n", qPrintable(r.name), qPrintable(r.subject), r.version);
    if (args.has(QStringLiteral("--raw"))) {
        std::printf("%s\n", qPrintable(s->text));
        return 0;
    }
    const ReadableSchema readable = readableSchema(s->type, s->text);
    if (!readable.note.isEmpty())
        std::printf("# %s\n", qPrintable(readable.note));
    std::printf("%s\n", qPrintable(readable.text));
    return 0;
}

int runCheck(const Args& args, const CommandSpec& spec)
{
    int code = 0;
    auto admin = adminOf(args, spec, &code);
    const auto version = admin ? versionOf(args, spec, &code) : std::nullopt;
    const auto candidate = version ? candidateOf(args, spec, &code) : std::nullopt;
    if (!candidate)
        return code;
    const QString subject = args.positionals.value(0);
    QString error;
    const auto verdict = admin->checkCompatibility(subject, *version, candidate->type, candidate->text, {}, &error);
    if (!verdict)
        return fail(error, 1);
    if (args.has(QStringLiteral("--json"))) {
        json reasons = json::array();
        for (const QString& r : verdict->reasons)
            reasons.push_back(r.toStdString());
        std::printf("%s\n", json({ { "compatible", verdict->compatible }, { "reasons", reasons } }).dump(2).c_str());
    } else {
        std::printf("%s with %s of %s\n", verdict->compatible ? "compatible" : "incompatible",
            *version > 0 ? qPrintable(QStringLiteral("version %1").arg(*version)) : "the latest version",
            qPrintable(subject));
        for (const QString& r : verdict->reasons)
            std::printf("reason: %s\n", qPrintable(r));
        if (!verdict->compatible && verdict->reasons.isEmpty())
            std::printf("reason: (the registry gave none)\n");
    }
    return verdict->compatible ? 0 : 1;
}

int runRegister(const Args& args, const CommandSpec& spec)
{
    int code = 0;
    auto admin = adminOf(args, spec, &code);
    const auto candidate = admin ? candidateOf(args, spec, &code) : std::nullopt;
    if (!candidate)
        return code;
    const QString subject = args.positionals.value(0);
    QString error;
    const auto s = admin->registerSchema(subject, candidate->type, candidate->text, {}, &error);
    if (!s)
        return fail(error, 1);
    if (args.has(QStringLiteral("--json")))
        std::printf("%s\n",
            json({ { "subject", subject.toStdString() }, { "version", s->version }, { "id", s->id } }).dump().c_str());
    else
        std::printf("registered %s version %d (schema id %d)\n", qPrintable(subject), s->version, s->id);
    return 0;
}

int runDelete(const Args& args, const CommandSpec& spec)
{
    int code = 0;
    auto admin = adminOf(args, spec, &code);
    if (!admin)
        return code;
    const QString subject = args.positionals.value(0);
    const bool permanent = args.has(QStringLiteral("--permanent"));
    QString error;
    if (args.has(QStringLiteral("--version"))) {
        const auto version = versionOf(args, spec, &code);
        if (!version)
            return code;
        const auto deleted = admin->deleteVersion(subject, *version, permanent, &error);
        if (!deleted)
            return fail(error, 1);
        std::printf("deleted %s version %d%s\n", qPrintable(subject), *deleted, permanent ? " permanently" : "");
        return 0;
    }
    const auto deleted = admin->deleteSubject(subject, permanent, &error);
    if (!deleted)
        return fail(error, 1);
    QStringList words;
    for (int v : *deleted)
        words.append(QString::number(v));
    std::printf("deleted subject %s%s (versions %s)\n", qPrintable(subject), permanent ? " permanently" : "",
        qPrintable(words.join(QLatin1String(", "))));
    return 0;
}

int runCompatibility(const Args& args, const CommandSpec& spec)
{
    int code = 0;
    auto admin = adminOf(args, spec, &code);
    if (!admin)
        return code;
    const QString subject = args.positionals.value(0);
    QString error;
    if (args.has(QStringLiteral("--set"))) {
        const QString level = args.value(QStringLiteral("--set")).trimmed().toUpper();
        if (!RegistryAdminClient::compatibilityLevels().contains(level))
            return usageError(spec,
                QStringLiteral("--set takes one of %1, not '%2'")
                    .arg(RegistryAdminClient::compatibilityLevels().join(QLatin1String(", ")),
                        args.value(QStringLiteral("--set"))));
        if (!admin->setCompatibility(subject, level, &error))
            return fail(error, 1);
    }
    const auto level = admin->compatibility(subject, &error);
    if (!level)
        return fail(error, 1);
    std::printf("%s\n", qPrintable(*level));
    return 0;
}

} // namespace

QList<Command> schemaCommands()
{
    const QList<OptionSpec> registry = registryOptions();
    const OptionSpec version { QStringLiteral("--version"), QStringLiteral("N"),
        QStringLiteral("a version number, or latest (the default)") };
    const OptionSpec file { QStringLiteral("--file"), QStringLiteral("F"), QStringLiteral("the schema's text") };
    const OptionSpec type { QStringLiteral("--type"), QStringLiteral("T"),
        QStringLiteral("AVRO, PROTOBUF or JSON (default: PROTOBUF for a .proto file, else AVRO)") };
    const CommandSpec schemas { QStringLiteral("schemas"), QStringLiteral("[--schema-registry URL] [--json]"),
        QStringLiteral("the registry's subjects with their versions, schema ids and types"),
        registry + QList<OptionSpec> { jsonOption() }, 0, 0, false,
        QStringLiteral("One line per subject: SUBJECT, TYPE and 'v1 (id 1), v2 (id 4)'. Soft-deleted versions are "
                       "left out.\n") };
    const CommandSpec show { QStringLiteral("schema show"),
        QStringLiteral("SUBJECT [--version N] [--raw] [--json] [--schema-registry URL]"),
        QStringLiteral("one version of a subject: id, type, references and the schema"),
        registry
            + QList<OptionSpec> { version, jsonOption(),
                { QStringLiteral("--raw"), {}, QStringLiteral("the schema as the registry returned it") } },
        1, 1, false,
        QStringLiteral("Avro and JSON Schema are indented; a Protobuf schema the registry returns as a base64 "
                       "FileDescriptorProto (Apicurio) is shown as .proto text (--raw: as it came).\n") };
    const CommandSpec check { QStringLiteral("schema check"),
        QStringLiteral("SUBJECT --file F [--type T] [--version N] [--json] [--schema-registry URL]"),
        QStringLiteral("is a candidate schema compatible with a version (default: the latest) under the subject's "
                       "level? Exit 0 yes, 1 no"),
        registry + QList<OptionSpec> { file, type, version, jsonOption() }, 1, 1, false,
        QStringLiteral("Prints the verdict and the registry's reasons (Apicurio gives one text naming the fields; "
                       "without reasons the registry gave none).\n") };
    const CommandSpec reg { QStringLiteral("schema register"),
        QStringLiteral("SUBJECT --file F [--type T] [--json] [--schema-registry URL]"),
        QStringLiteral("register a schema as the subject's next version; prints its version and schema id"),
        registry + QList<OptionSpec> { file, type, jsonOption() }, 1, 1, false,
        QStringLiteral("A schema the subject has already answers its existing version and id. The registry refuses "
                       "one that breaks the subject's compatibility level (HTTP 409, with its reason).\n") };
    const CommandSpec del { QStringLiteral("schema delete"),
        QStringLiteral("SUBJECT [--version N] [--permanent] [--schema-registry URL]"),
        QStringLiteral("delete a version, or the whole subject (soft unless --permanent)"),
        registry
            + QList<OptionSpec> { version,
                { QStringLiteral("--permanent"), {},
                    QStringLiteral("delete for good (a version must be soft-deleted first)") } },
        1, 1, false,
        QStringLiteral("A soft delete hides the version or subject; its schema ids still resolve, so messages "
                       "written with it still decode. Apicurio deletes a subject permanently even when it was not "
                       "soft-deleted first, and its schema ids then stop resolving.\n") };
    const CommandSpec level { QStringLiteral("schema compatibility"),
        QStringLiteral("[SUBJECT] [--set LEVEL] [--schema-registry URL]"),
        QStringLiteral("the global (or a subject's) compatibility level; --set changes it"),
        registry
            + QList<OptionSpec> { { QStringLiteral("--set"), QStringLiteral("LEVEL"),
                RegistryAdminClient::compatibilityLevels().join(QLatin1String(", ")) } },
        0, 1, false,
        QStringLiteral("Apicurio answers NONE for a subject without a level of its own (the global level applies "
                       "then), and setting a subject to NONE removes its own level.\n") };
    return {
        { schemas, [schemas](const Args& a) { return runSchemas(a, schemas); } },
        { show, [show](const Args& a) { return runShow(a, show); } },
        { check, [check](const Args& a) { return runCheck(a, check); } },
        { reg, [reg](const Args& a) { return runRegister(a, reg); } },
        { del, [del](const Args& a) { return runDelete(a, del); } },
        { level, [level](const Args& a) { return runCompatibility(a, level); } },
    };
}

} // namespace kafkalab::cli
