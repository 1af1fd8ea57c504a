// The Schemas tab's diff, new-version editor (check, register), levels and deletes.
#include "widgets/schemas/schemaspage.h"

#include "widgets/common/errorlabel.h"
#include "widgets/schemas/schemahighlighter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBlock>
#include <QVBoxLayout>

namespace kafkalab {

using namespace schemas;

namespace {

QPlainTextEdit* codeEditor(QWidget* parent, bool readOnly)
{
    auto* e = new QPlainTextEdit(parent);
    e->setReadOnly(readOnly);
    e->setLineWrapMode(QPlainTextEdit::NoWrap);
    e->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return e;
}

// Translucent, so that they read on a light and a dark palette.
const QColor kAddedBackground(46, 160, 67, 70);
const QColor kRemovedBackground(248, 81, 73, 70);

} // namespace

QWidget* SchemasPage::buildDiffSection()
{
    auto* w = new QWidget(this);
    m_diffOld = new QComboBox(w);
    m_diffOld->setObjectName(QStringLiteral("diffOld"));
    m_diffNew = new QComboBox(w);
    m_diffNew->setObjectName(QStringLiteral("diffNew"));
    auto* compareButton = new QPushButton(tr("Compare"), w);
    compareButton->setObjectName(QStringLiteral("compare"));
    connect(compareButton, &QPushButton::clicked, this, &SchemasPage::compare);
    m_diffSummary = new QLabel(w);
    m_diffSummary->setObjectName(QStringLiteral("diffSummary"));
    m_diffSummary->setWordWrap(true);
    m_diffText = codeEditor(w, true);
    m_diffText->setObjectName(QStringLiteral("diffText"));
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("From"), w));
    row->addWidget(m_diffOld);
    row->addWidget(new QLabel(tr("to"), w));
    row->addWidget(m_diffNew);
    row->addWidget(compareButton);
    row->addStretch(1);
    auto* l = new QVBoxLayout(w);
    l->addLayout(row);
    l->addWidget(m_diffSummary);
    l->addWidget(m_diffText, 1);
    return w;
}

QWidget* SchemasPage::buildEditorSection()
{
    auto* w = new QWidget(this);
    m_editorSubject = new QLineEdit(w);
    m_editorSubject->setObjectName(QStringLiteral("editorSubject"));
    m_editorSubject->setPlaceholderText(tr("subject (a new name makes a new subject)"));
    m_editorType = new QComboBox(w);
    m_editorType->setObjectName(QStringLiteral("editorType"));
    for (SchemaType t : { SchemaType::Avro, SchemaType::Protobuf, SchemaType::Json })
        m_editorType->addItem(schemaTypeName(t), int(t));
    m_editorAgainst = new QComboBox(w);
    m_editorAgainst->setObjectName(QStringLiteral("editorAgainst"));
    m_editorAgainst->addItem(tr("the latest version"), -1);
    m_editor = codeEditor(w, false);
    m_editor->setObjectName(QStringLiteral("schemaEditor"));
    m_editor->setPlaceholderText(tr("Paste or write the new version's schema, or use \"Edit as a new version\" on the "
                                    "Schema tab."));
    m_editorColours = new SchemaHighlighter(m_editor->document(), SchemaHighlighter::Language::Json);
    connect(m_editorType, &QComboBox::currentIndexChanged, this, [this] {
        m_editorColours->setLanguage(editorSchemaType() == SchemaType::Protobuf ? SchemaHighlighter::Language::Proto
                                                                                : SchemaHighlighter::Language::Json);
        m_checkResult->hide();
    });
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] { m_checkResult->hide(); });
    m_check = new QPushButton(tr("Chec&k compatibility"), w);
    m_check->setObjectName(QStringLiteral("checkCompatibility"));
    connect(m_check, &QPushButton::clicked, this, &SchemasPage::check);
    m_register = new QPushButton(tr("Reg&ister"), w);
    m_register->setObjectName(QStringLiteral("registerSchema"));
    connect(m_register, &QPushButton::clicked, this, &SchemasPage::registerVersion);
    m_checkResult = makeErrorLabel(w);
    m_checkResult->setObjectName(QStringLiteral("checkResult"));
    m_checkResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* head = new QHBoxLayout;
    head->addWidget(new QLabel(tr("Subject"), w));
    head->addWidget(m_editorSubject, 1);
    head->addWidget(new QLabel(tr("Type"), w));
    head->addWidget(m_editorType);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_check);
    buttons->addWidget(new QLabel(tr("against"), w));
    buttons->addWidget(m_editorAgainst);
    buttons->addWidget(m_register);
    buttons->addStretch(1);
    auto* l = new QVBoxLayout(w);
    l->addLayout(head);
    l->addWidget(m_editor, 1);
    l->addLayout(buttons);
    l->addWidget(m_checkResult);
    return w;
}

SchemaType SchemasPage::editorSchemaType() const
{
    return SchemaType(m_editorType->currentData().toInt());
}

void SchemasPage::editFromSelected()
{
    if (m_shown.id < 0)
        return;
    m_editorSubject->setText(m_shown.subject);
    m_editorType->setCurrentIndex(m_editorType->findData(int(m_shown.type)));
    m_editorReferences = m_shown.references;
    // The text as the registry has it when it is not JSON (a base64 FileDescriptorProto stays one), else indented.
    m_editor->setPlainText(m_shown.type == SchemaType::Protobuf ? m_shown.text : m_schemaText->toPlainText());
    m_sections->setCurrentIndex(2);
    m_editor->setFocus();
}

void SchemasPage::compare()
{
    if (!m_admin || m_subject.isEmpty() || m_diffOld->currentIndex() < 0 || m_diffNew->currentIndex() < 0)
        return;
    const int a = m_diffOld->currentData().toInt();
    const int b = m_diffNew->currentData().toInt();
    m_diffSummary->setText(tr("Comparing version %1 with version %2…").arg(a).arg(b));
    m_admin->compareVersions(m_subject, a, b);
}

void SchemasPage::showDiff(const SchemaDiffResult& r)
{
    if (r.subject != m_subject)
        return;
    if (!r.error.isEmpty()) {
        m_diffSummary->setText(r.error);
        m_diffText->clear();
        return;
    }
    int added = 0;
    int removed = 0;
    QString text;
    for (const DiffLine& l : r.lines) {
        const QString number = l.kind == DiffLine::Kind::Added ? QString() : QString::number(l.oldLine);
        const QString newNumber = l.kind == DiffLine::Kind::Removed ? QString() : QString::number(l.newLine);
        const QChar mark = l.kind == DiffLine::Kind::Same ? QLatin1Char(' ')
            : l.kind == DiffLine::Kind::Added             ? QLatin1Char('+')
                                                          : QLatin1Char('-');
        added += l.kind == DiffLine::Kind::Added;
        removed += l.kind == DiffLine::Kind::Removed;
        text += QStringLiteral("%1 %2 %3 %4\n").arg(number, 4).arg(newNumber, 4).arg(mark).arg(l.text);
    }
    m_diffSummary->setText(added + removed == 0
            ? tr("Versions %1 and %2 of %3 are the same text.").arg(r.oldVersion).arg(r.newVersion).arg(r.subject)
            : tr("From version %1 to version %2 of %3: lines added %4, removed %5.")
                  .arg(r.oldVersion)
                  .arg(r.newVersion)
                  .arg(r.subject)
                  .arg(added)
                  .arg(removed));
    m_diffText->setPlainText(text);
    QList<QTextEdit::ExtraSelection> marks;
    QTextBlock block = m_diffText->document()->firstBlock();
    for (const DiffLine& l : r.lines) {
        if (l.kind != DiffLine::Kind::Same) {
            QTextEdit::ExtraSelection s;
            s.format.setBackground(l.kind == DiffLine::Kind::Added ? kAddedBackground : kRemovedBackground);
            s.format.setProperty(QTextFormat::FullWidthSelection, true);
            s.cursor = QTextCursor(block);
            marks.append(s);
        }
        block = block.next();
    }
    m_diffText->setExtraSelections(marks);
}

void SchemasPage::check()
{
    const QString subject = m_editorSubject->text().trimmed();
    m_checkResult->setStyleSheet(QStringLiteral("color: #c62828;"));
    if (subject.isEmpty() || m_editor->toPlainText().trimmed().isEmpty()) {
        m_checkResult->setText(subject.isEmpty() ? tr("Name the subject the new version is for.")
                                                 : tr("Write or paste the schema to check."));
        m_checkResult->show();
        return;
    }
    if (!m_admin)
        return;
    m_checkResult->setStyleSheet(QString());
    m_checkResult->setText(tr("Checking…"));
    m_checkResult->show();
    m_admin->checkCompatibility(subject, subject == m_subject ? m_editorAgainst->currentData().toInt() : -1,
        editorSchemaType(), m_editor->toPlainText(),
        subject == m_subject ? m_editorReferences : QList<SchemaReference>());
}

void SchemasPage::showCheck(const CompatibilityResult& r)
{
    const QString against = r.version > 0 ? tr("version %1").arg(r.version) : tr("the latest version");
    if (!r.error.isEmpty() && !m_allSubjects.contains(r.subject) && r.error.contains(QLatin1String("HTTP 404"))) {
        m_checkResult->setStyleSheet(QString());
        m_checkResult->setText(tr("%1 has no versions yet: a first version has nothing to be compatible with. "
                                  "Register makes it.")
                                   .arg(r.subject));
    } else if (!r.error.isEmpty()) {
        m_checkResult->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_checkResult->setText(r.error);
    } else if (r.verdict.compatible) {
        m_checkResult->setStyleSheet(QStringLiteral("color: #2e7d32;"));
        m_checkResult->setText(tr("Compatible with %1 of %2 under its level.").arg(against, r.subject));
    } else {
        m_checkResult->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_checkResult->setText(tr("Not compatible with %1 of %2: %3")
                                   .arg(against, r.subject,
                                       r.verdict.reasons.isEmpty() ? tr("the registry gave no reason.")
                                                                   : r.verdict.reasons.join(QLatin1Char('\n'))));
    }
    m_checkResult->show();
}

void SchemasPage::registerVersion()
{
    const QString subject = m_editorSubject->text().trimmed();
    m_checkResult->setStyleSheet(QStringLiteral("color: #c62828;"));
    if (subject.isEmpty() || m_editor->toPlainText().trimmed().isEmpty()) {
        m_checkResult->setText(subject.isEmpty() ? tr("Name the subject the new version is for.")
                                                 : tr("Write or paste the schema to register."));
        m_checkResult->show();
        return;
    }
    if (!m_admin)
        return;
    m_checkResult->setStyleSheet(QString());
    m_checkResult->setText(tr("Registering…"));
    m_checkResult->show();
    m_admin->registerSchema(subject, editorSchemaType(), m_editor->toPlainText(),
        subject == m_subject ? m_editorReferences : QList<SchemaReference>());
}

void SchemasPage::showRegistered(const RegisterResult& r)
{
    if (!r.error.isEmpty()) {
        m_checkResult->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_checkResult->setText(r.error);
        m_checkResult->show();
        return;
    }
    m_checkResult->setStyleSheet(QStringLiteral("color: #2e7d32;"));
    m_checkResult->setText(r.schema.version > 0
            ? tr("Registered: %1 version %2 (schema id %3).").arg(r.subject).arg(r.schema.version).arg(r.schema.id)
            : tr("Registered: %1, schema id %2.").arg(r.subject).arg(r.schema.id));
    m_checkResult->show();
    m_wantSubject = r.subject; // a new subject is selected once listed
    if (r.subject == m_subject) {
        const QSignalBlocker block(m_versions);
        m_versions->clearSelection(); // the subject's versions, read again, show the latest
    }
    refresh(); // the subjects, and the shown subject's versions
}

void SchemasPage::deleteVersion()
{
    const int v = selectedVersion();
    if (!m_admin || m_subject.isEmpty() || v < 1)
        return;
    QMessageBox box(QMessageBox::Warning, tr("Delete a schema version"),
        tr("Delete version %1 of subject %2?").arg(v).arg(m_subject), QMessageBox::Cancel, this);
    box.setInformativeText(tr("Only version %1 goes; the subject's other versions stay. A soft delete hides it from "
                              "the subject; its schema id still resolves, so messages written with it still decode. "
                              "Permanently: it must have been soft-deleted before, and its id may stop resolving.")
                               .arg(v));
    auto* permanent = new QCheckBox(tr("Permanently"), &box);
    box.setCheckBox(permanent);
    QPushButton* yes = box.addButton(tr("Delete version %1").arg(v), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != yes)
        return;
    setBusy(tr("Deleting version %1 of %2…").arg(v).arg(m_subject));
    m_admin->deleteVersion(m_subject, v, permanent->isChecked());
}

void SchemasPage::deleteSubject()
{
    if (!m_admin || m_subject.isEmpty())
        return;
    QStringList versions;
    for (int v : m_liveVersions)
        versions.append(QString::number(v));
    QMessageBox box(QMessageBox::Warning, tr("Delete a subject"),
        tr("Delete subject %1 with all its versions (%2)?").arg(m_subject, versions.join(QLatin1String(", "))),
        QMessageBox::Cancel, this);
    box.setInformativeText(tr("A soft delete hides the subject; its schema ids still resolve, so messages written "
                              "with them still decode, and registering under the name starts again. Permanently: "
                              "the versions are gone for good (Apicurio also drops the schema ids)."));
    auto* permanent = new QCheckBox(tr("Permanently"), &box);
    box.setCheckBox(permanent);
    QPushButton* yes = box.addButton(tr("Delete subject %1").arg(m_subject), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != yes)
        return;
    setBusy(tr("Deleting subject %1…").arg(m_subject));
    m_admin->deleteSubject(m_subject, permanent->isChecked());
}

void SchemasPage::showDeleted(const SchemaDeleteResult& r)
{
    if (!r.error.isEmpty()) {
        m_status->setText(r.error);
        return;
    }
    QStringList versions;
    for (int v : r.deleted)
        versions.append(QString::number(v));
    const QString how = r.permanent ? tr(" permanently") : QString();
    m_status->setText(r.version > 0
            ? tr("Deleted version %1 of %2%3.").arg(r.deleted.value(0)).arg(r.subject, how)
            : tr("Deleted subject %1%2 (versions %3).").arg(r.subject, how, versions.join(QLatin1String(", "))));
    if (r.version > 0) {
        m_admin->readSubject(r.subject);
    } else {
        m_nextStatus = m_status->text(); // kept over the listing's count
        m_admin->listSubjects();
    }
}

void SchemasPage::showLevel(const LevelResult& r)
{
    if (!r.error.isEmpty()) {
        m_status->setText(r.error);
        return;
    }
    if (r.subject.isEmpty()) {
        m_globalLevel->setCurrentText(r.level);
        m_status->setText(tr("The global compatibility level is now %1.").arg(r.level));
    } else {
        if (r.subject == m_subject)
            m_subjectLevel->setCurrentText(r.level);
        m_status->setText(tr("The compatibility level of %1 is now %2.").arg(r.subject, r.level));
    }
}

} // namespace kafkalab
