// Schema registry administration against a real Apicurio Registry (one for the whole executable, no broker):
// kafkalab-cli schemas / schema show|check|register|delete|compatibility, the SchemaAdmin handle and the Schemas page,
// each checked against the registry as confluent-kafka's SchemaRegistryClient reads it (the venv of
// scripts/setup-venv): subjects, versions and ids, levels, and the verdicts for a compatible and an incompatible Avro
// change under BACKWARD.
#include "signallog.h"
#include "testsupport.h"

#include "kafkacore/sandbox/sandboxsetup.h"
#include "kafkacore/schemas/schemaadmin.h"
#include "widgets/schemas/schemaspage.h"

#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace kafkalab;

namespace {

const char* const kV1 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"kafkalab.test\",\"fields\":["
                        "{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"}]}";
// An optional field with a default: compatible under BACKWARD.
const char* const kV2 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"kafkalab.test\",\"fields\":["
                        "{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"},"
                        "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
// A required field without a default: new readers cannot read old data, refused under BACKWARD.
const char* const kBad = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"kafkalab.test\",\"fields\":["
                         "{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"},"
                         "{\"name\":\"age\",\"type\":\"int\"}]}";
// protoc's FileDescriptorProto of a file that imports Timestamp (as Apicurio keeps a schema registered so).
const char* const kProtoBase64
    = "CgtvcmRlci5wcm90bxINa2Fma2FsYWIudGVzdBofZ29vZ2xlL3Byb3RvYnVmL3RpbWVzdGFtcC5wcm90byKaAQoFT3JkZXISDgoCaWQYASABKA"
      "lSAmlkEhAKA3F0eRgCIAEoBVIDcXR5EioKAmF0GAMgASgLMhouZ29vZ2xlLnByb3RvYnVmLlRpbWVzdGFtcFICYXQSLQoEa2luZBgEIAEoDjIZ"
      "LmthZmthbGFiLnRlc3QuT3JkZXIuS2luZFIEa2luZCIUCgRLaW5kEgUKAUEQABIFCgFCEAFiBnByb3RvMw==";

// confluent-kafka's view of the registry (argv: url, subject, then files to test for compatibility with the latest).
const char* const kReference = "import sys, json\n"
                               "from confluent_kafka.schema_registry import SchemaRegistryClient, Schema\n"
                               "c = SchemaRegistryClient({'url': sys.argv[1]})\n"
                               "out = {'subjects': {}, 'global': c.get_compatibility()}\n"
                               "for s in c.get_subjects():\n"
                               "    out['subjects'][s] = {str(v): c.get_version(s, v).schema_id for v in "
                               "c.get_versions(s)}\n"
                               "subject = sys.argv[2]\n"
                               "if subject in out['subjects']:\n"
                               "    out['level'] = c.get_compatibility(subject)\n"
                               "    out['compatible'] = [c.test_compatibility(subject, Schema(open(f).read(), "
                               "'AVRO')) for f in sys.argv[3:]]\n"
                               "print(json.dumps(out))\n";

} // namespace

class TestSchemaAdmin : public QObject {
    Q_OBJECT
    QString m_registry;
    QString m_python;
    test::OwnRegistry m_apicurio;
    QTemporaryDir m_dir;

    schemas::RegistryConnection registry() const
    {
        schemas::RegistryConnection c;
        c.url = m_registry;
        return c;
    }

    static QString sourceDir() { return QStringLiteral(KAFKALAB_TEST_SOURCE_DIR); }

    QString file(const QString& name, const QByteArray& text)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(text);
        return f.fileName();
    }

    test::ProcessResult cli(QStringList args, bool withRegistry = true)
    {
        if (withRegistry)
            args << QStringLiteral("--schema-registry") << m_registry;
        return test::run(test::builtProgram(QStringLiteral("app/kafkalab-cli")), args);
    }

    QJsonObject reference(const QString& subject, const QStringList& files = {})
    {
        const auto r = test::run(m_python,
            QStringList { QStringLiteral("-W"), QStringLiteral("ignore"), QStringLiteral("-c"),
                QString::fromLatin1(kReference), m_registry, subject }
                + files,
            60000);
        if (r.exitCode != 0)
            qWarning("confluent-kafka: %s", r.err.constData());
        return QJsonDocument::fromJson(r.out).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto venv = test::run(sourceDir() + QStringLiteral("/scripts/setup-venv"), {}, 600000);
        QVERIFY2(venv.exitCode == 0, venv.err.constData());
        m_python = QString::fromUtf8(venv.out.trimmed());
        const QString why = m_apicurio.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        m_registry = m_apicurio.url;
    }

    void cleanupTestCase() { }

    // Register, set the level, check a compatible and an incompatible change, list, show and delete through the CLI;
    // after each step confluent-kafka reads the same from the registry.
    void cli()
    {
        const QString subject = QStringLiteral("users-value");
        const QString v1 = file(QStringLiteral("v1.avsc"), kV1);
        const QString v2 = file(QStringLiteral("v2.avsc"), kV2);
        const QString bad = file(QStringLiteral("bad.avsc"), kBad);

        auto r = cli({ QStringLiteral("schema"), QStringLiteral("register"), subject, QStringLiteral("--file"), v1,
            QStringLiteral("--json") });
        KAFKALAB_COMPARE_EXIT(r, 0);
        const QJsonObject first = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(first.value(QLatin1String("version")).toInt(), 1);
        QJsonObject ref = reference(subject);
        QCOMPARE(
            ref.value(QLatin1String("subjects")).toObject().value(subject).toObject().value(QLatin1String("1")).toInt(),
            first.value(QLatin1String("id")).toInt());

        r = cli({ QStringLiteral("schema"), QStringLiteral("compatibility"), subject, QStringLiteral("--set"),
            QStringLiteral("backward") });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QCOMPARE(r.out.trimmed(), QByteArray("BACKWARD"));

        r = cli({ QStringLiteral("schema"), QStringLiteral("check"), subject, QStringLiteral("--file"), v2 });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QVERIFY2(r.out.startsWith("compatible with the latest version of users-value"), r.out.constData());
        r = cli({ QStringLiteral("schema"), QStringLiteral("check"), subject, QStringLiteral("--file"), bad,
            QStringLiteral("--json") });
        KAFKALAB_COMPARE_EXIT(r, 1);
        const QJsonObject verdict = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(verdict.value(QLatin1String("compatible")).toBool(true), false);
        // Apicurio's one reason names the field.
        const QJsonArray reasons = verdict.value(QLatin1String("reasons")).toArray();
        QCOMPARE(reasons.size(), 1);
        QVERIFY2(
            reasons.at(0).toString().contains(QLatin1String("age at /fields/2")), qPrintable(reasons.at(0).toString()));
        ref = reference(subject, { v2, bad });
        QCOMPARE(ref.value(QLatin1String("level")).toString(), QStringLiteral("BACKWARD"));
        QCOMPARE(ref.value(QLatin1String("compatible")).toArray(), QJsonArray({ true, false }));

        r = cli({ QStringLiteral("schema"), QStringLiteral("register"), subject, QStringLiteral("--file"), bad });
        KAFKALAB_COMPARE_EXIT(r, 1);
        QVERIFY2(r.err.contains("HTTP 409") && r.err.contains("age at /fields/2"), r.err.constData());
        r = cli({ QStringLiteral("schema"), QStringLiteral("register"), subject, QStringLiteral("--file"), v2 });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QVERIFY2(r.out.startsWith("registered users-value version 2 (schema id "), r.out.constData());

        // A Protobuf schema registered as a base64 FileDescriptorProto shows as .proto text.
        const QString proto = file(QStringLiteral("order.b64"), kProtoBase64);
        r = cli({ QStringLiteral("schema"), QStringLiteral("register"), QStringLiteral("orders-value"),
            QStringLiteral("--file"), proto, QStringLiteral("--type"), QStringLiteral("PROTOBUF") });
        KAFKALAB_COMPARE_EXIT(r, 0);
        r = cli({ QStringLiteral("schema"), QStringLiteral("show"), QStringLiteral("orders-value") });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QVERIFY2(r.out.contains("message Order {") && r.out.contains(".google.protobuf.Timestamp at = 3;"),
            r.out.constData());

        // schemas --json lists what confluent-kafka lists: every subject, version and schema id.
        r = cli({ QStringLiteral("schemas"), QStringLiteral("--json") });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QJsonObject listed;
        for (const QJsonValue& s : QJsonDocument::fromJson(r.out).array()) {
            QJsonObject versions;
            for (const QJsonValue& v : s.toObject().value(QLatin1String("versions")).toArray())
                versions.insert(QString::number(v.toObject().value(QLatin1String("version")).toInt()),
                    v.toObject().value(QLatin1String("id")).toInt());
            listed.insert(s.toObject().value(QLatin1String("subject")).toString(), versions);
        }
        ref = reference(subject);
        QCOMPARE(listed, ref.value(QLatin1String("subjects")).toObject());
        QCOMPARE(listed.size(), 2);

        r = cli({ QStringLiteral("schema"), QStringLiteral("show"), subject, QStringLiteral("--version"),
            QStringLiteral("1"), QStringLiteral("--json") });
        KAFKALAB_COMPARE_EXIT(r, 0);
        const QJsonObject shown = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(shown.value(QLatin1String("schema")).toString(), QString::fromLatin1(kV1));
        QCOMPARE(shown.value(QLatin1String("type")).toString(), QStringLiteral("AVRO"));
        QCOMPARE(shown.value(QLatin1String("id")).toInt(), first.value(QLatin1String("id")).toInt());

        // Soft deletes: a version, then the subject.
        r = cli({ QStringLiteral("schema"), QStringLiteral("delete"), subject, QStringLiteral("--version"),
            QStringLiteral("1") });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QCOMPARE(r.out.trimmed(), QByteArray("deleted users-value version 1"));
        ref = reference(subject);
        QCOMPARE(ref.value(QLatin1String("subjects")).toObject().value(subject).toObject().keys(),
            QStringList { QStringLiteral("2") });
        r = cli({ QStringLiteral("schema"), QStringLiteral("delete"), QStringLiteral("orders-value") });
        KAFKALAB_COMPARE_EXIT(r, 0);
        QCOMPARE(r.out.trimmed(), QByteArray("deleted subject orders-value (versions 1)"));
        QVERIFY(
            !reference(subject).value(QLatin1String("subjects")).toObject().contains(QLatin1String("orders-value")));
    }

    // Bad input: each a clear message on stderr and a non-zero exit.
    void cliRefuses()
    {
        auto r = cli({ QStringLiteral("schema"), QStringLiteral("show"), QStringLiteral("users-value"),
            QStringLiteral("--verison"), QStringLiteral("1") });
        KAFKALAB_COMPARE_EXIT(r, 2);
        QVERIFY2(r.err.contains("--verison"), r.err.constData());
        r = cli({ QStringLiteral("schemas"), QStringLiteral("stray") });
        KAFKALAB_COMPARE_EXIT(r, 2);
        r = cli({ QStringLiteral("schema"), QStringLiteral("compatibility"), QStringLiteral("--set"),
            QStringLiteral("SIDEWAYS") });
        KAFKALAB_COMPARE_EXIT(r, 2);
        QVERIFY2(r.err.contains("BACKWARD_TRANSITIVE"), r.err.constData());
        r = cli({ QStringLiteral("schema"), QStringLiteral("check"), QStringLiteral("users-value"),
            QStringLiteral("--file"), m_dir.filePath(QStringLiteral("v2.avsc")), QStringLiteral("--type"),
            QStringLiteral("XML") });
        KAFKALAB_COMPARE_EXIT(r, 2);
        r = cli({ QStringLiteral("schema"), QStringLiteral("show"), QStringLiteral("no-such-subject") });
        KAFKALAB_COMPARE_EXIT(r, 1);
        QVERIFY2(r.err.contains("HTTP 404") && r.err.contains("error 40401"), r.err.constData());
        r = cli({ QStringLiteral("schemas"), QStringLiteral("--schema-registry"),
                    QStringLiteral("http://127.0.0.1:%1/apis/ccompat/v7").arg(sandbox::pickFreePort()) },
            false);
        KAFKALAB_COMPARE_EXIT(r, 1);
        QVERIFY2(r.err.contains("cannot be reached"), r.err.constData());
    }

    // The handle answers on its own thread what the registry holds; an unknown schema type is named.
    void handle()
    {
        SchemaAdmin admin(registry());
        const QString subject = QStringLiteral("handle-value");
        test::SignalLog<RegisterResult> registered(&admin, &SchemaAdmin::registered);
        admin.registerSchema(subject, schemas::SchemaType::Avro, QString::fromLatin1(kV1), {});
        QVERIFY(registered.wait(20000));
        QVERIFY2(registered.value(0).error.isEmpty(), qPrintable(registered.value(0).error));
        QCOMPARE(registered.value(0).schema.version, 1);
        admin.registerSchema(subject, schemas::SchemaType::Avro, QString::fromLatin1(kV2), {});
        QVERIFY(registered.wait(20000));
        QCOMPARE(registered.value(1).schema.version, 2);

        test::SignalLog<LevelResult> level(&admin, &SchemaAdmin::levelSet);
        admin.setLevel(subject, QStringLiteral("BACKWARD"));
        QVERIFY(level.wait(20000));
        QCOMPARE(level.value(0).level, QStringLiteral("BACKWARD"));

        test::SignalLog<CompatibilityResult> checked(&admin, &SchemaAdmin::compatibilityChecked);
        admin.checkCompatibility(subject, 1, schemas::SchemaType::Avro, QString::fromLatin1(kBad), {});
        QVERIFY(checked.wait(20000));
        QVERIFY2(checked.value(0).error.isEmpty(), qPrintable(checked.value(0).error));
        QVERIFY(!checked.value(0).verdict.compatible);
        QVERIFY(checked.value(0).verdict.reasons.value(0).contains(QLatin1String("age")));

        test::SignalLog<SchemaDiffResult> compared(&admin, &SchemaAdmin::versionsCompared);
        admin.compareVersions(subject, 1, 2);
        QVERIFY(compared.wait(20000));
        QStringList added;
        int removed = 0;
        for (const schemas::DiffLine& l : compared.value(0).lines) {
            if (l.kind == schemas::DiffLine::Kind::Added)
                added.append(l.text.trimmed());
            removed += l.kind == schemas::DiffLine::Kind::Removed;
        }
        // The shortest script: the old record's closing brace is kept as the new field's.
        QCOMPARE(removed, 0);
        QCOMPARE(added.join(QLatin1Char(' ')),
            QStringLiteral("}, { \"name\": \"email\", \"type\": [ \"null\", \"string\" ], \"default\": null"));

        test::SignalLog<SubjectResult> read(&admin, &SchemaAdmin::subjectRead);
        test::SignalLog<SchemaDeleteResult> deleted(&admin, &SchemaAdmin::deleted);
        admin.deleteVersion(subject, 1, false);
        QVERIFY(deleted.wait(20000));
        QCOMPARE(deleted.value(0).deleted, QList<int> { 1 });
        admin.readSubject(subject);
        QVERIFY(read.wait(20000));
        QCOMPARE(read.value(0).versions, QList<int> { 2 });
        QCOMPARE(read.value(0).deletedVersions, QList<int> { 1 });
        QCOMPARE(read.value(0).level, QStringLiteral("BACKWARD"));

        // A schema type kafkalab does not know (Apicurio takes XML at registration).
        const auto xml = test::run(m_python,
            { QStringLiteral("-c"),
                QStringLiteral("import sys, urllib.request\n"
                               "req = urllib.request.Request(sys.argv[1] + '/subjects/xml-value/versions', "
                               "data=b'{\"schemaType\":\"XML\",\"schema\":\"<a/>\"}', method='POST', "
                               "headers={'Content-Type': 'application/vnd.schemaregistry.v1+json'})\n"
                               "print(urllib.request.urlopen(req).read().decode())\n"),
                m_registry });
        KAFKALAB_COMPARE_EXIT(xml, 0);
        test::SignalLog<SchemaVersionResult> version(&admin, &SchemaAdmin::versionRead);
        admin.readVersion(QStringLiteral("xml-value"), -1);
        QVERIFY(version.wait(20000));
        QVERIFY2(version.value(0).error.contains(QLatin1String("schema type XML, which kafkalab does not know")),
            qPrintable(version.value(0).error));
    }

    // The page: the subjects as the registry lists them, a version's text, the check's reason beside the editor.
    void page()
    {
        SchemasPage page;
        page.resize(1200, 700);
        page.setRegistry(schemas::RegistryConnection());
        QVERIFY(
            page.findChild<QLabel*>(QStringLiteral("noRegistry"))->text().contains(QLatin1String("--schema-registry")));
        page.setRegistry(registry());
        page.show();
        QTRY_VERIFY_WITH_TIMEOUT(page.subjectsTable()->rowCount() > 0, 20000);
        QStringList shown;
        for (int row = 0; row < page.subjectsTable()->rowCount(); ++row)
            shown.append(page.subjectsTable()->item(row, 0)->text());
        QStringList expected = reference(QString()).value(QLatin1String("subjects")).toObject().keys();
        expected.sort();
        QCOMPARE(shown, expected);
        page.subjectFilter()->setText(QStringLiteral("HANDLE"));
        QCOMPARE(page.subjectsTable()->rowCount(), 1);
        page.subjectsTable()->selectRow(0);
        // The latest live version (2) is selected and shown.
        QTRY_VERIFY_WITH_TIMEOUT(page.schemaView()->toPlainText().contains(QLatin1String("\"email\"")), 20000);
        QCOMPARE(page.selectedVersion(), 2);
        QCOMPARE(page.versionsTable()->rowCount(), 2); // 1 soft-deleted, 2 live
        QCOMPARE(page.subjectLevel()->currentText(), QStringLiteral("BACKWARD"));

        page.sections()->setCurrentIndex(2); // New version
        page.editor()->setPlainText(QString::fromLatin1(kBad));
        page.checkButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(page.checkResult()->text().startsWith(QLatin1String("Not compatible")), 20000);
        QVERIFY2(page.checkResult()->text().contains(QLatin1String("age")), qPrintable(page.checkResult()->text()));
        QVERIFY(page.checkResult()->isVisible());

        // Register a compatible version from the editor: the subject's versions are read again and the new one shown;
        // the diff from the one before marks the changed lines.
        page.editor()->setPlainText(
            QString::fromLatin1(kV2).replace(QLatin1String("\"email\""), QLatin1String("\"mail\"")));
        page.registerButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            page.checkResult()->text().startsWith(QLatin1String("Registered: handle-value version 3")), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(page.selectedVersion(), 3, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(page.schemaView()->toPlainText().contains(QLatin1String("\"mail\"")), 20000);
        page.sections()->setCurrentIndex(1); // Diff: compares the last two versions when opened
        QTRY_VERIFY_WITH_TIMEOUT(!page.diffView()->toPlainText().isEmpty(), 20000);
        const QStringList diffLines = page.diffView()->toPlainText().split(QLatin1Char('\n'));
        QCOMPARE(diffLines.filter(QRegularExpression(QStringLiteral("^\\s*\\d+\\s+- "))).size(), 1);
        QCOMPARE(diffLines.filter(QRegularExpression(QStringLiteral("^\\s+\\d+ \\+ "))).size(), 1);
        QVERIFY(diffLines.filter(QStringLiteral("+       \"name\": \"mail\",")).size() == 1);
        QCOMPARE(page.diffView()->extraSelections().size(), 2); // one coloured line each

        // A subject that does not exist yet: nothing to be compatible with, said as such (Apicurio answers 404).
        page.sections()->setCurrentIndex(2);
        page.findChild<QLineEdit*>(QStringLiteral("editorSubject"))->setText(QStringLiteral("brand-new-value"));
        page.checkButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(page.checkResult()->text().contains(QLatin1String("has no versions yet")), 20000);
    }
};

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestSchemaAdmin test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_schemaadmin.moc"
