#include "widgets/schemas/schemaspage.h"

#include "kafkacore/schemas/registryadmin.h"
#include "widgets/common/readonlytable.h"
#include "widgets/schemas/schemahighlighter.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace kafkalab {

using namespace schemas;

SchemasPage::SchemasPage(QWidget* parent)
    : QWidget(parent)
{
    m_noRegistry = new QLabel(this);
    m_noRegistry->setObjectName(QStringLiteral("noRegistry"));
    m_noRegistry->setWordWrap(true);
    m_noRegistry->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_noRegistry->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_noRegistry->setText(
        tr("Not connected to a schema registry.\n\nThis connection has no schema registry. To add one, click "
           "Connect… in the toolbar, choose the connection and fill in \"Schema registry\" (Apicurio: "
           "http://HOST:PORT/apis/ccompat/v7; Confluent: http://HOST:8081), with a user and password or a token if "
           "it asks for them.\n\nThe local sandbox has one when started with a registry: kafkalab --schema-registry, "
           "or kafkalab-cli sandbox --schema-registry (which prints schema_registry=URL)."));
    // The tab stack can be wider than a 1024×768 window (another page's least width): the text keeps to what shows.
    m_noRegistry->setMaximumWidth(860);
    m_noRegistry->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    auto* page = new QWidget(this);
    m_status = new QLabel(page);
    m_status->setObjectName(QStringLiteral("schemaStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_globalLevel = new QComboBox(page);
    m_globalLevel->setObjectName(QStringLiteral("globalLevel"));
    m_globalLevel->addItems(RegistryAdminClient::compatibilityLevels());
    m_globalLevel->setToolTip(tr("The registry's global compatibility level: what a subject without a level of its "
                                 "own is checked against"));
    auto* setGlobal = new QPushButton(tr("Set"), page);
    setGlobal->setObjectName(QStringLiteral("setGlobalLevel"));
    connect(setGlobal, &QPushButton::clicked, this, [this] {
        if (m_admin) {
            setBusy(tr("Setting the global level to %1…").arg(m_globalLevel->currentText()));
            m_admin->setLevel({}, m_globalLevel->currentText());
        }
    });
    auto* refreshButton = new QPushButton(tr("Re&fresh"), page);
    connect(refreshButton, &QPushButton::clicked, this, &SchemasPage::refresh);
    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(new QLabel(tr("Global level:"), page));
    top->addWidget(m_globalLevel);
    top->addWidget(setGlobal);
    top->addWidget(refreshButton);

    m_sections = new QTabWidget(page);
    m_sections->setObjectName(QStringLiteral("schemaSections"));
    m_sections->addTab(buildSchemaSection(), tr("Schema"));
    m_sections->addTab(buildDiffSection(), tr("Diff"));
    m_sections->addTab(buildEditorSection(), tr("New version"));
    connect(m_sections, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == 1 && m_diffOld->count() > 0)
            compare(); // the versions chosen (the last two of a subject, at first)
    });

    m_splitter = new QSplitter(Qt::Horizontal, page);
    m_splitter->setObjectName(QStringLiteral("schemasSplitter"));
    m_splitter->addWidget(buildSubjects());
    m_splitter->addWidget(buildVersions());
    m_splitter->addWidget(m_sections);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 5);
    m_splitter->setChildrenCollapsible(false);

    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addLayout(top);
    pageLayout->addWidget(m_splitter, 1);

    auto* noRegistryPage = new QWidget(this);
    auto* noRegistryLayout = new QHBoxLayout(noRegistryPage);
    noRegistryLayout->addWidget(m_noRegistry, 1, Qt::AlignTop); // as wide as it may be, the rest left empty
    noRegistryLayout->addStretch(0);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(noRegistryPage);
    m_stack->addWidget(page);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);
}

SchemasPage::~SchemasPage() = default;

QWidget* SchemasPage::buildSubjects()
{
    auto* w = new QWidget(this);
    m_filter = new QLineEdit(w);
    m_filter->setObjectName(QStringLiteral("subjectFilter"));
    m_filter->setPlaceholderText(tr("Filter subjects"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &SchemasPage::applyFilter);
    m_subjects = makeReadOnlyTable({ tr("Subject") }, w);
    m_subjects->setObjectName(QStringLiteral("schemaSubjects")); // the window's layout memory finds tables by name
    m_subjects->horizontalHeader()->setStretchLastSection(true);
    connect(m_subjects, &QTableWidget::itemSelectionChanged, this, &SchemasPage::selectSubject);
    auto* l = new QVBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_filter);
    l->addWidget(m_subjects, 1);
    return w;
}

QWidget* SchemasPage::buildVersions()
{
    auto* w = new QWidget(this);
    m_subjectTitle = new QLabel(tr("No subject selected"), w);
    m_subjectTitle->setWordWrap(true);
    m_versions = makeReadOnlyTable({ tr("Version"), tr("State") }, w);
    m_versions->setObjectName(QStringLiteral("schemaVersions"));
    m_versions->horizontalHeader()->setStretchLastSection(true);
    connect(m_versions, &QTableWidget::itemSelectionChanged, this, [this] {
        const int v = selectedVersion();
        const bool live = v > 0 && m_liveVersions.contains(v);
        m_deleteVersion->setEnabled(live);
        if (live && m_admin) {
            setBusy(tr("Reading version %1 of %2…").arg(v).arg(m_subject));
            m_admin->readVersion(m_subject, v);
        }
    });
    m_subjectLevel = new QComboBox(w);
    m_subjectLevel->setObjectName(QStringLiteral("subjectLevel"));
    m_subjectLevel->addItems(RegistryAdminClient::compatibilityLevels());
    auto* setLevel = new QPushButton(tr("Set"), w);
    setLevel->setObjectName(QStringLiteral("setSubjectLevel"));
    connect(setLevel, &QPushButton::clicked, this, [this] {
        if (m_admin && !m_subject.isEmpty()) {
            setBusy(tr("Setting the level of %1 to %2…").arg(m_subject, m_subjectLevel->currentText()));
            m_admin->setLevel(m_subject, m_subjectLevel->currentText());
        }
    });
    m_levelNote = new QLabel(w);
    m_levelNote->setWordWrap(true);
    m_deleteVersion = new QPushButton(tr("&Delete version…"), w);
    m_deleteVersion->setObjectName(QStringLiteral("deleteVersion"));
    m_deleteVersion->setEnabled(false);
    connect(m_deleteVersion, &QPushButton::clicked, this, &SchemasPage::deleteVersion);
    m_deleteSubject = new QPushButton(tr("Delete sub&ject…"), w);
    m_deleteSubject->setObjectName(QStringLiteral("deleteSubject"));
    m_deleteSubject->setEnabled(false);
    connect(m_deleteSubject, &QPushButton::clicked, this, &SchemasPage::deleteSubject);
    auto* level = new QHBoxLayout;
    level->addWidget(new QLabel(tr("Level:"), w));
    level->addWidget(m_subjectLevel, 1);
    level->addWidget(setLevel);
    auto* l = new QVBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_subjectTitle);
    l->addWidget(m_versions, 1);
    l->addLayout(level);
    l->addWidget(m_levelNote);
    l->addWidget(m_deleteVersion);
    l->addWidget(m_deleteSubject);
    return w;
}

namespace {

QPlainTextEdit* codeView(QWidget* parent, bool readOnly)
{
    auto* e = new QPlainTextEdit(parent);
    e->setReadOnly(readOnly);
    e->setLineWrapMode(QPlainTextEdit::NoWrap);
    e->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return e;
}

SchemaHighlighter::Language languageOf(SchemaType type)
{
    return type == SchemaType::Protobuf ? SchemaHighlighter::Language::Proto : SchemaHighlighter::Language::Json;
}

} // namespace

QWidget* SchemasPage::buildSchemaSection()
{
    auto* w = new QWidget(this);
    m_schemaInfo = new QLabel(tr("Select a subject and a version."), w);
    m_schemaInfo->setObjectName(QStringLiteral("schemaInfo"));
    m_schemaInfo->setWordWrap(true);
    m_schemaInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_schemaText = codeView(w, true);
    m_schemaText->setObjectName(QStringLiteral("schemaText"));
    m_schemaColours = new SchemaHighlighter(m_schemaText->document(), SchemaHighlighter::Language::Json);
    auto* edit = new QPushButton(tr("Ed&it as a new version"), w);
    connect(edit, &QPushButton::clicked, this, &SchemasPage::editFromSelected);
    auto* l = new QVBoxLayout(w);
    l->addWidget(m_schemaInfo);
    l->addWidget(m_schemaText, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(edit);
    buttons->addStretch(1);
    l->addLayout(buttons);
    return w;
}

void SchemasPage::setBusy(const QString& what)
{
    m_status->setText(what);
}

void SchemasPage::setRegistry(const RegistryConnection& registry)
{
    m_admin.reset(); // retires the old registry's worker; its answers are dropped
    m_loaded = false;
    m_allSubjects.clear();
    m_subject.clear();
    m_liveVersions.clear();
    m_subjects->setRowCount(0);
    m_versions->setRowCount(0);
    m_schemaText->clear();
    m_diffText->clear();
    m_checkResult->clear();
    m_subjectTitle->setText(tr("No subject selected"));
    m_deleteSubject->setEnabled(false);
    m_deleteVersion->setEnabled(false);
    if (registry.url.trimmed().isEmpty()) {
        m_stack->setCurrentIndex(0);
        return;
    }
    m_stack->setCurrentIndex(1);
    m_admin = std::make_unique<SchemaAdmin>(registry);
    bindAdmin();
    m_status->setText(tr("Schema registry %1").arg(registry.url));
    if (isVisible())
        refresh();
}

void SchemasPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_admin && !m_loaded)
        refresh();
}

void SchemasPage::refresh()
{
    if (!m_admin)
        return;
    m_loaded = true;
    setBusy(tr("Reading the subjects of %1…").arg(m_admin->connection().url));
    m_admin->listSubjects();
    if (!m_subject.isEmpty())
        m_admin->readSubject(m_subject);
}

void SchemasPage::bindAdmin()
{
    connect(m_admin.get(), &SchemaAdmin::subjectsListed, this, &SchemasPage::showSubjects);
    connect(m_admin.get(), &SchemaAdmin::subjectRead, this, &SchemasPage::showSubject);
    connect(m_admin.get(), &SchemaAdmin::versionRead, this, &SchemasPage::showVersion);
    connect(m_admin.get(), &SchemaAdmin::versionsCompared, this, &SchemasPage::showDiff);
    connect(m_admin.get(), &SchemaAdmin::compatibilityChecked, this, &SchemasPage::showCheck);
    connect(m_admin.get(), &SchemaAdmin::registered, this, &SchemasPage::showRegistered);
    connect(m_admin.get(), &SchemaAdmin::deleted, this, &SchemasPage::showDeleted);
    connect(m_admin.get(), &SchemaAdmin::levelSet, this, &SchemasPage::showLevel);
}

void SchemasPage::showSubjects(const SubjectsResult& r)
{
    const QString keep = std::exchange(m_nextStatus, QString());
    if (!r.error.isEmpty()) {
        m_status->setText(tr("Schema registry %1: %2").arg(m_admin->connection().url, r.error));
        if (r.subjects.isEmpty())
            return;
    } else {
        const QString url = m_admin->connection().url;
        m_status->setText(r.subjects.size() == 1
                ? tr("Schema registry %1: 1 subject").arg(url)
                : tr("Schema registry %1: %2 subjects").arg(url).arg(r.subjects.size()));
        if (!keep.isEmpty())
            m_status->setText(keep);
    }
    if (!r.globalLevel.isEmpty())
        m_globalLevel->setCurrentText(r.globalLevel);
    m_allSubjects = r.subjects;
    applyFilter();
    const QString want = m_wantSubject.isEmpty() ? m_subject : m_wantSubject;
    m_wantSubject.clear();
    for (int row = 0; row < m_subjects->rowCount(); ++row)
        if (!m_subjects->isRowHidden(row) && m_subjects->item(row, 0)->text() == want) {
            m_subjects->selectRow(row);
            break;
        }
    if (!m_allSubjects.contains(m_subject)) {
        m_subject.clear();
        m_liveVersions.clear();
        m_versions->setRowCount(0);
        m_subjectTitle->setText(tr("No subject selected"));
        m_deleteSubject->setEnabled(false);
        m_deleteVersion->setEnabled(false);
    }
}

void SchemasPage::applyFilter()
{
    const QString selected = selectedSubject();
    const QString filter = m_filter->text().trimmed();
    const QSignalBlocker block(m_subjects);
    m_subjects->setRowCount(0);
    for (const QString& s : m_allSubjects) {
        if (!filter.isEmpty() && !s.contains(filter, Qt::CaseInsensitive))
            continue;
        const int row = m_subjects->rowCount();
        m_subjects->insertRow(row);
        m_subjects->setItem(row, 0, new QTableWidgetItem(s));
        if (s == selected)
            m_subjects->selectRow(row);
    }
}

QString SchemasPage::selectedSubject() const
{
    const auto rows = m_subjects->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_subjects->item(rows.first().row(), 0)->text();
}

int SchemasPage::selectedVersion() const
{
    const auto rows = m_versions->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : m_versions->item(rows.first().row(), 0)->data(Qt::UserRole).toInt();
}

void SchemasPage::selectSubject()
{
    const QString subject = selectedSubject();
    if (subject.isEmpty() || subject == m_subject || !m_admin)
        return;
    m_subject = subject;
    m_liveVersions.clear();
    m_versions->setRowCount(0);
    m_subjectTitle->setText(tr("<b>%1</b>").arg(subject.toHtmlEscaped()));
    m_deleteSubject->setEnabled(true);
    m_editorSubject->setText(subject);
    setBusy(tr("Reading the versions of %1…").arg(subject));
    m_admin->readSubject(subject);
}

void SchemasPage::showSubject(const SubjectResult& r)
{
    if (r.subject != m_subject)
        return; // another subject was chosen since
    if (!r.error.isEmpty()) {
        m_status->setText(r.error);
        return;
    }
    m_status->setText(r.versions.size() == 1 ? tr("%1: 1 version").arg(r.subject)
                                             : tr("%1: %2 versions").arg(r.subject).arg(r.versions.size()));
    m_liveVersions = r.versions;
    const int keep = selectedVersion();
    QList<int> all = r.versions + r.deletedVersions;
    std::sort(all.begin(), all.end());
    {
        const QSignalBlocker block(m_versions);
        m_versions->setRowCount(0);
        for (int v : all) {
            const int row = m_versions->rowCount();
            m_versions->insertRow(row);
            auto* item = new QTableWidgetItem(QString::number(v));
            item->setData(Qt::UserRole, v);
            m_versions->setItem(row, 0, item);
            const bool live = r.versions.contains(v);
            m_versions->setItem(row, 1, new QTableWidgetItem(live ? tr("live") : tr("soft-deleted")));
            if (!live)
                for (int c = 0; c < 2; ++c)
                    m_versions->item(row, c)->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        }
    }
    if (!r.level.isEmpty())
        m_subjectLevel->setCurrentText(r.level);
    m_levelNote->setText(
        m_admin && RegistryAdminClient(m_admin->connection()).isApicurio() && r.level == QLatin1String("NONE")
            ? tr("Apicurio answers NONE for a subject without a level of its own: the global level applies.")
            : QString());
    // The diff's version choices, and the editor's "against".
    for (QComboBox* box : { m_diffOld, m_diffNew }) {
        box->clear();
        for (int v : r.versions)
            box->addItem(tr("version %1").arg(v), v);
    }
    if (r.versions.size() >= 2)
        m_diffOld->setCurrentIndex(int(r.versions.size()) - 2);
    m_diffNew->setCurrentIndex(int(r.versions.size()) - 1);
    m_editorAgainst->clear();
    m_editorAgainst->addItem(tr("the latest version"), -1);
    for (int v : r.versions)
        m_editorAgainst->addItem(tr("version %1").arg(v), v);
    // Show the kept version, else the latest.
    const int show = r.versions.contains(keep) ? keep : (r.versions.isEmpty() ? -1 : r.versions.last());
    for (int row = 0; row < m_versions->rowCount(); ++row)
        if (m_versions->item(row, 0)->data(Qt::UserRole).toInt() == show)
            m_versions->selectRow(row); // reads it
}

void SchemasPage::showVersion(const SchemaVersionResult& r)
{
    if (r.subject != m_subject || r.version != selectedVersion())
        return;
    if (!r.error.isEmpty()) {
        m_schemaInfo->setText(r.error);
        m_schemaText->clear();
        return;
    }
    m_shown = r.schema;
    QString info = tr("<b>%1</b> version %2 — schema id %3 — %4")
                       .arg(r.subject.toHtmlEscaped())
                       .arg(r.schema.version)
                       .arg(r.schema.id)
                       .arg(schemaTypeName(r.schema.type));
    for (const SchemaReference& ref : r.schema.references)
        info += tr("<br>references %1: subject %2 version %3")
                    .arg(ref.name.toHtmlEscaped(), ref.subject.toHtmlEscaped())
                    .arg(ref.version);
    if (!r.note.isEmpty())
        info += QStringLiteral("<br><i>%1</i>").arg(r.note.toHtmlEscaped());
    m_schemaInfo->setText(info);
    m_schemaColours->setLanguage(languageOf(r.schema.type));
    m_schemaText->setPlainText(r.readable);
    m_status->setText(tr("%1 version %2").arg(r.subject).arg(r.schema.version));
}

} // namespace kafkalab
