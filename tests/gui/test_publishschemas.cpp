// The Publish page's Schema mode (issue 19 item 3), offscreen, on the fixture's broker and one Apicurio Registry: the
// subject picker lists the registry's subjects and versions; the value is checked against the schema as it is typed
// (a JSON syntax error with its line and column, a value that does not fit with its path and the schema's words) and
// Send stays disabled, with the reason beside it, until the value fits; a value that fits is sent in the wire format
// with the schema's id; "Template from schema" gives a value that fits; the generator refuses a template that does
// not fit before the run starts. The Messages tab reads what was sent back decoded (the JSON tree and the schema's
// subject, version and id beside it), and exports a selection of two messages as decoded JSON, and as their bytes
// with "as decoded JSON" off. (That what is sent decodes in confluent-kafka: test_schemas.)
#include "kafkacore/cluster/clustersession.h"
#include "testsupport.h"
#include "widgets/messages/messagebrowser.h"
#include "widgets/messages/messagedetail.h"
#include "widgets/produce/generatorpanel.h"
#include "widgets/produce/messagecomposer.h"
#include "widgets/produce/producepage.h"
#include "widgets/produce/subjectpicker.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTreeWidget>
#include <QUuid>

using namespace kafkalab;

namespace {

const char* const kSchema = "{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"gui\", \"fields\": ["
                            "{\"name\": \"id\", \"type\": \"string\"},"
                            "{\"name\": \"quantity\", \"type\": \"int\"},"
                            "{\"name\": \"status\", \"type\": {\"type\": \"enum\", \"name\": \"Status\", "
                            "\"symbols\": [\"PLACED\", \"SHIPPED\"]}},"
                            "{\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}]}";

// Registers `schema` under `subject` (POST /subjects/S/versions) with the system's python, which has no dependency
// to install; prints the new id.
const char* const kRegister = "import json, sys, urllib.request\n"
                              "url, subject, schema = sys.argv[1:4]\n"
                              "req = urllib.request.Request(url + '/subjects/' + subject + '/versions',\n"
                              "    data=json.dumps({'schema': schema}).encode(), method='POST',\n"
                              "    headers={'Content-Type': 'application/vnd.schemaregistry.v1+json'})\n"
                              "print(json.load(urllib.request.urlopen(req, timeout=30))['id'])\n";

} // namespace

class TestPublishSchemas : public QObject {
    Q_OBJECT
    test::OwnRegistry m_apicurio;
    QString m_registry;
    QString m_subject;
    int m_schemaId = -1;
    std::unique_ptr<ClusterSession> m_session;
    std::unique_ptr<ProducePage> m_page;
    MessageComposer* m_composer = nullptr;

    void typeValue(const QString& text)
    {
        // The lines before the last as pasted, the last typed (QTest types no newline): a check after the pause.
        const qsizetype lastLine = text.lastIndexOf(QLatin1Char('\n')) + 1;
        m_composer->valueEdit()->setPlainText(text.left(lastLine));
        m_composer->valueEdit()->setFocus();
        m_composer->valueEdit()->moveCursor(QTextCursor::End);
        QTest::keyClicks(m_composer->valueEdit(), text.mid(lastLine));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString bootstrap = test::fixtureBootstrap();
        QVERIFY2(!bootstrap.isEmpty(), "no fixture broker: run through ctest");
        const QString why = m_apicurio.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        m_registry = m_apicurio.url;
        m_subject = QStringLiteral("gui-%1-value").arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
        const auto registered = test::run(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral("-c"), QString::fromLatin1(kRegister), m_registry, m_subject,
                QString::fromLatin1(kSchema) });
        KAFKALAB_COMPARE_EXIT(registered, 0);
        m_schemaId = registered.out.trimmed().toInt();
        QVERIFY(m_schemaId > 0);
        QVERIFY(test::createTopics(bootstrap, { { m_subject, 1 } }).isEmpty());

        const QList<ClientProperty> connection { ClientProperty::of(QStringLiteral("bootstrap.servers"), bootstrap) };
        m_session = std::make_unique<ClusterSession>();
        m_session->connectTo(QStringLiteral("fixture"), connection);
        m_page = std::make_unique<ProducePage>(m_session.get());
        m_page->resize(1280, 800);
        m_page->show();
        m_page->setConnection(connection);
        m_page->setSchemaRegistry({ m_registry, {}, {}, {}, {}, 10000 });
        QTRY_VERIFY_WITH_TIMEOUT(m_session->snapshot().topic(m_subject), 30000);
        m_composer = m_page->composer();
        m_composer->topicBox()->setCurrentText(m_subject);
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_session.reset();
    }

    void pickerListsSubjectsAndLoadsTheSchema()
    {
        QVERIFY(m_composer->valueSubject()->isHidden());
        m_composer->valueModeBox()->setCurrentIndex(int(MessageComposer::ValueMode::Schema));
        QVERIFY(m_composer->valueSubject()->isVisible());
        // Nothing chosen yet: Send says why it is off.
        QVERIFY(!m_composer->sendButton()->isEnabled());
        QVERIFY2(m_composer->sendBlocked()->isVisible(), qPrintable(m_composer->sendBlocked()->text()));
        QComboBox* subjects = m_composer->valueSubject()->subjectBox();
        QTRY_VERIFY_WITH_TIMEOUT(subjects->findText(m_subject) >= 0, 30000);
        subjects->setFocus();
        QTest::keyClicks(subjects->lineEdit(), m_subject);
        QTest::keyClick(subjects->lineEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(m_composer->templateButton()->isEnabled(), 30000);
        const QString info = m_composer->valueSubject()->infoLabel()->text();
        QVERIFY2(
            info.contains(QStringLiteral("Schema id <b>%1</b> · AVRO · version 1").arg(m_schemaId)), qPrintable(info));
        QTRY_COMPARE_WITH_TIMEOUT(m_composer->valueSubject()->versionBox()->count(), 2, 30000); // latest, version 1
    }

    void checkedAsTyped()
    {
        QVERIFY(m_composer->templateButton()->isEnabled());
        // A syntax error: its line and column.
        typeValue(QStringLiteral("{\"id\": \"o-1\",\n  \"quantity\": 2,\n  oops}"));
        QTRY_VERIFY(m_composer->valueError()->text().contains(QLatin1String("Invalid JSON")));
        QString error = m_composer->valueError()->text();
        QVERIFY2(error.contains(QLatin1String("Invalid JSON at line 3, column 3")), qPrintable(error));
        QVERIFY(!m_composer->sendButton()->isEnabled());
        QVERIFY2(m_composer->sendBlocked()->text().contains(QLatin1String("Send is disabled")),
            qPrintable(m_composer->sendBlocked()->text()));
        // Valid JSON that does not fit: the path and the schema's words.
        typeValue(QStringLiteral("{\"id\": \"o-1\", \"quantity\": \"two\", \"status\": \"PLACED\"}"));
        QTRY_VERIFY(m_composer->valueError()->text().contains(QLatin1String("quantity: an integer expected")));
        QVERIFY(!m_composer->sendButton()->isEnabled());
        typeValue(QStringLiteral("{\"id\": \"o-1\", \"quantity\": 2, \"status\": \"LOST\"}"));
        QTRY_VERIFY(m_composer->valueError()->text().contains(QLatin1String("status: one of the symbols")));
        error = m_composer->valueError()->text();
        QVERIFY2(error.contains(QStringLiteral("schema id %1").arg(m_schemaId)), qPrintable(error));
        typeValue(QStringLiteral("{\"id\": \"o-1\", \"status\": \"PLACED\"}"));
        QTRY_VERIFY(m_composer->valueError()->text().contains(QLatin1String("quantity: missing")));
        // It fits: Send is on, nothing is said.
        typeValue(QStringLiteral("{\"id\": \"o-1\", \"quantity\": 2, \"status\": \"SHIPPED\"}"));
        QTRY_VERIFY(m_composer->sendButton()->isEnabled());
        QVERIFY(m_composer->valueError()->isHidden());
        QVERIFY(m_composer->sendBlocked()->isHidden());
        qInfo("a schema check on the GUI thread took %lld µs", qlonglong(m_composer->lastCheckMicros()));
        // A value of ~10,000 characters: what a check costs on the GUI thread, for the record.
        QString big = QStringLiteral("{\"id\": \"%1\", \"quantity\": 2, \"status\": \"SHIPPED\"}")
                          .arg(QString(10000, QLatin1Char('x')));
        m_composer->valueEdit()->setPlainText(big);
        m_composer->checkSchemasNow();
        QVERIFY(m_composer->sendButton()->isEnabled());
        qInfo("a 10 KB value's check took %lld µs", qlonglong(m_composer->lastCheckMicros()));
    }

    void sentInTheWireFormat()
    {
        typeValue(QStringLiteral("{\"id\": \"o-2\", \"quantity\": 5, \"status\": \"SHIPPED\", \"note\": \"n\"}"));
        QTRY_VERIFY(m_composer->sendButton()->isEnabled());
        const auto message = m_composer->message();
        QVERIFY(message && message->value);
        // Magic byte 0, the schema id, then the Avro payload: "o-2" (len 3), 5, SHIPPED (1), note branch 1 "n".
        QByteArray expected = QByteArray(1, '\0');
        for (int shift = 24; shift >= 0; shift -= 8)
            expected.append(char((m_schemaId >> shift) & 0xff));
        expected += QByteArray("\x06o-2\x0a\x02\x02\x02n", 9);
        QCOMPARE(message->value->toHex(), expected.toHex());
        const qsizetype before = m_page->deliveries()->rowCount();
        QTest::mouseClick(m_composer->sendButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_page->deliveries()->rowCount() > before, 30000);
        QVERIFY2(m_composer->sendError()->isHidden(), qPrintable(m_composer->sendError()->text()));
    }

    void templateFromSchemaFits()
    {
        m_composer->valueEdit()->clear();
        QTest::mouseClick(m_composer->templateButton(), Qt::LeftButton);
        const QString text = m_composer->valueEdit()->toPlainText();
        QVERIFY2(text.contains(QLatin1String("\"status\": \"PLACED\"")), qPrintable(text));
        QTRY_VERIFY(m_composer->sendButton()->isEnabled());
        QVERIFY(m_composer->valueError()->isHidden());
    }

    void generatorRefusesATemplateThatDoesNotFit()
    {
        GeneratorPanel* g = m_page->generator();
        m_page->showGenerator();
        QVERIFY2(g->schemaLabel()->text().contains(QStringLiteral("schema id <b>%1</b>").arg(m_schemaId)),
            qPrintable(g->schemaLabel()->text()));
        g->countSpin()->setValue(5);
        g->templateEdit()->setText(QStringLiteral("{\"id\": {{i}}, \"quantity\": 1, \"status\": \"PLACED\"}"));
        QTest::mouseClick(g->startButton(), Qt::LeftButton);
        QVERIFY(!m_page->running());
        QVERIFY(g->errorLabel()->isVisible());
        QVERIFY2(g->errorLabel()->text().contains(QLatin1String(
                     "does not fit: the value does not fit the Avro schema: id: a string expected, not 0")),
            qPrintable(g->errorLabel()->text()));
        // From the schema: a template that fits; the run sends its 5 values.
        QTest::mouseClick(g->templateButton(), Qt::LeftButton);
        QVERIFY2(
            g->templateEdit()->text().startsWith(QLatin1String("{\"id\":\"\"")), qPrintable(g->templateEdit()->text()));
        QTest::mouseClick(g->startButton(), Qt::LeftButton);
        QVERIFY(m_page->running());
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->running(), 60000);
        QVERIFY2(
            g->summaryLabel()->text().contains(QLatin1String("5 delivered")), qPrintable(g->summaryLabel()->text()));
    }

    // A value that stops fitting mid-run stops the run with the reason: a JSON Schema with a maximum, {{i}} counting
    // up.
    void generatorStopsWhenAValueStopsFitting()
    {
        const QString subject = m_subject + QStringLiteral("-capped");
        const auto registered = test::run(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral("-c"),
                QString::fromLatin1(kRegister).replace(
                    QLatin1String("{'schema': schema}"), QLatin1String("{'schema': schema, 'schemaType': 'JSON'}")),
                m_registry, subject,
                QStringLiteral("{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", "
                               "\"maximum\": 3}}, \"required\": [\"n\"]}") });
        KAFKALAB_COMPARE_EXIT(registered, 0);
        QComboBox* subjects = m_composer->valueSubject()->subjectBox();
        subjects->setCurrentText(subject);
        m_composer->valueSubject()->apply();
        GeneratorPanel* g = m_page->generator();
        QTRY_VERIFY_WITH_TIMEOUT(g->schemaLabel()->text().contains(QLatin1String("(JSON, version 1")), 30000);
        g->countSpin()->setValue(10);
        g->templateEdit()->setText(QStringLiteral("{\"n\": {{i}}}"));
        QTest::mouseClick(g->startButton(), Qt::LeftButton);
        QVERIFY2(m_page->running(), qPrintable(g->errorLabel()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->running(), 60000);
        const QString summary = g->summaryLabel()->text();
        QVERIFY2(summary.contains(QLatin1String("4 delivered")), qPrintable(summary)); // n = 0, 1, 2, 3
        QVERIFY2(summary.contains(QLatin1String("(4 of 4 deliveries timed)")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("the value does not match the JSON Schema")), qPrintable(summary));
        qInfo("stopped: %s", qPrintable(summary));
    }

    // What the page sent, read back in the Messages tab: 1 value typed, 5 generated (Avro), 4 of the capped JSON
    // Schema (n = 0..3). A selection of two, exported as decoded JSON and as bytes.
    void browserReadsAndExportsDecoded()
    {
        MessageBrowser browser;
        browser.resize(1280, 800);
        browser.show();
        browser.setConnection({ ClientProperty::of(QStringLiteral("bootstrap.servers"), test::fixtureBootstrap()) });
        browser.setSchemaRegistry({ m_registry, {}, {}, {}, {}, 10000 });
        QVERIFY(browser.decodeBox()->isChecked() && browser.exportDecodedBox()->isEnabled());
        browser.topicBox()->setCurrentText(m_subject);
        browser.startBox()->setCurrentIndex(1); // beginning
        QSignalSpy done(&browser, &MessageBrowser::readFinished);
        QTest::mouseClick(browser.readButton(), Qt::LeftButton);
        QVERIFY(done.wait(60000));
        const auto summary = done.first().first().value<ReadSummary>();
        QVERIFY2(summary.error.isEmpty(), qPrintable(summary.error));
        MessageModel* model = browser.model();
        QCOMPARE(model->rowCount(), 10);
        const QJsonObject typed { { QStringLiteral("id"), QStringLiteral("o-2") }, { QStringLiteral("quantity"), 5 },
            { QStringLiteral("status"), QStringLiteral("SHIPPED") }, { QStringLiteral("note"), QStringLiteral("n") } };
        const auto json = [](QByteArrayView text) { return QJsonDocument::fromJson(text.toByteArray()).object(); };
        QVERIFY(model->decoded(0) && model->decoded(0)->value.decoded());
        QCOMPARE(json(model->decoded(0)->value.json()), typed);
        QCOMPARE(model->decoded(0)->value.schemaId, m_schemaId);
        QVERIFY(model->decoded(9) && model->decoded(9)->value.decoded());
        QCOMPARE(json(model->decoded(9)->value.json()), QJsonObject({ { QStringLiteral("n"), 3 } }));
        const int cappedId = model->decoded(9)->value.schemaId;
        QVERIFY(cappedId > 0 && cappedId != m_schemaId);

        // The detail pane: the tree and the schema beside it; the bytes one click away (the wire format: magic byte,
        // the schema id, the Avro payload of the typed value).
        QByteArray wire = QByteArray(1, '\0');
        for (int shift = 24; shift >= 0; shift -= 8)
            wire.append(char((m_schemaId >> shift) & 0xff));
        wire += QByteArray("\x06o-2\x0a\x02\x02\x02n", 9);
        browser.table()->selectRow(0);
        QTRY_VERIFY(browser.detail()->valueNote()->text().startsWith(QLatin1String("Decoded:")));
        const QString note = browser.detail()->valueNote()->text();
        QVERIFY2(note.contains(QStringLiteral("schema id %1").arg(m_schemaId)) && note.contains(m_subject)
                && note.contains(QLatin1String("version 1")),
            qPrintable(note));
        QVERIFY(browser.detail()->jsonTree()->topLevelItemCount() > 0);
        QCOMPARE(browser.detail()->hexView()->toPlainText(), MessageDetail::hexDump(wire));

        // Rows 0 and 9 selected: the export writes those two, decoded.
        QItemSelectionModel* selection = browser.table()->selectionModel();
        selection->select(model->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        selection->select(model->index(9, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QTemporaryDir dir;
        const auto exportLines = [&](const QString& name) {
            QSignalSpy exported(&browser, &MessageBrowser::exported);
            browser.exportTo(dir.filePath(name));
            if (!exported.wait(30000) || !exported.first().at(1).toString().isEmpty())
                return QList<QJsonObject>();
            QFile file(dir.filePath(name));
            QList<QJsonObject> lines;
            if (file.open(QIODevice::ReadOnly))
                for (const QByteArray& line : file.readAll().split('\n'))
                    if (!line.isEmpty())
                        lines.append(QJsonDocument::fromJson(line).object());
            return lines;
        };
        QList<QJsonObject> lines = exportLines(QStringLiteral("decoded.jsonl"));
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].value(QLatin1String("offset")).toInt(), 0);
        QCOMPARE(lines[0].value(QLatin1String("value")).toObject(), typed);
        QCOMPARE(lines[0].value(QLatin1String("value_schema_id")).toInt(), m_schemaId);
        QCOMPARE(lines[1].value(QLatin1String("offset")).toInt(), 9);
        QCOMPARE(lines[1].value(QLatin1String("value")).toObject(), QJsonObject({ { QStringLiteral("n"), 3 } }));
        QCOMPARE(lines[1].value(QLatin1String("value_schema_id")).toInt(), cappedId);

        // "as decoded JSON" off: the same two as their bytes (the Avro one not UTF-8 text: base64).
        browser.exportDecodedBox()->setChecked(false);
        lines = exportLines(QStringLiteral("bytes.jsonl"));
        QCOMPARE(lines.size(), 2);
        QVERIFY(!lines[0].contains(QLatin1String("value_schema_id")));
        const QJsonValue raw = lines[0].value(QLatin1String("value"));
        const QByteArray bytes = raw.isString()
            ? raw.toString().toUtf8()
            : QByteArray::fromBase64(raw.toObject().value(QLatin1String("base64")).toString().toLatin1());
        QCOMPARE(bytes.toHex(), wire.toHex());
        QCOMPARE(lines[1].value(QLatin1String("offset")).toInt(), 9);
        QVERIFY(!lines[1].contains(QLatin1String("value_schema_id")));
    }
};

QTEST_MAIN(TestPublishSchemas)
#include "test_publishschemas.moc"
