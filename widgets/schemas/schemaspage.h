#pragma once

// The Schemas tab: a schema registry's subjects (with a filter) and their versions, a version's schema with syntax
// colours (a Protobuf schema Apicurio returns as a base64 FileDescriptorProto shown as .proto text), a line diff
// between two versions, the global and the subject's compatibility level (changeable), an editor for a new version
// with "Check compatibility" (the verdict and the registry's reasons beside it) and "Register", and deleting a
// version or a subject after a confirmation that names what goes. Bound to a SchemaAdmin; nothing here waits for
// the registry. A connection without a registry says so and how to add one.

#include "kafkacore/schemas/schemaadmin.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableWidget;

namespace kafkalab {

class SchemaHighlighter;

class SchemasPage : public QWidget {
    Q_OBJECT
public:
    explicit SchemasPage(QWidget* parent = nullptr);
    ~SchemasPage() override;

    // The registry (an empty URL: none). Forgets what the page showed.
    void setRegistry(const schemas::RegistryConnection& registry);
    SchemaAdmin* admin() const { return m_admin.get(); }
    // Reads the subjects again (also done when the page is first shown for a registry).
    void refresh();

    // For tests and the demo driver.
    QLabel* statusLabel() const { return m_status; }
    QLineEdit* subjectFilter() const { return m_filter; }
    QTableWidget* subjectsTable() const { return m_subjects; }
    QTableWidget* versionsTable() const { return m_versions; }
    QPlainTextEdit* schemaView() const { return m_schemaText; }
    QLabel* schemaInfo() const { return m_schemaInfo; }
    QPlainTextEdit* diffView() const { return m_diffText; }
    QComboBox* diffOld() const { return m_diffOld; }
    QComboBox* diffNew() const { return m_diffNew; }
    QPlainTextEdit* editor() const { return m_editor; }
    QComboBox* editorType() const { return m_editorType; }
    QLabel* checkResult() const { return m_checkResult; }
    QPushButton* checkButton() const { return m_check; }
    QPushButton* registerButton() const { return m_register; }
    QComboBox* globalLevel() const { return m_globalLevel; }
    QComboBox* subjectLevel() const { return m_subjectLevel; }
    QTabWidget* sections() const { return m_sections; }
    QString selectedSubject() const;
    int selectedVersion() const; // -1: none

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildSubjects();
    QWidget* buildVersions();
    QWidget* buildSchemaSection();
    QWidget* buildDiffSection();
    QWidget* buildEditorSection();
    void bindAdmin();
    void applyFilter();
    void showSubjects(const SubjectsResult& r);
    void showSubject(const SubjectResult& r);
    void showVersion(const SchemaVersionResult& r);
    void showDiff(const SchemaDiffResult& r);
    void showCheck(const CompatibilityResult& r);
    void showRegistered(const RegisterResult& r);
    void showDeleted(const SchemaDeleteResult& r);
    void showLevel(const LevelResult& r);
    void selectSubject();
    void compare();
    void check();
    void registerVersion();
    void deleteVersion();
    void deleteSubject();
    void editFromSelected();
    schemas::SchemaType editorSchemaType() const;
    void setBusy(const QString& what);

    std::unique_ptr<SchemaAdmin> m_admin;
    bool m_loaded = false;
    QStringList m_allSubjects;
    QString m_subject; // whose versions are shown
    QList<int> m_liveVersions;
    schemas::RegisteredSchema m_shown; // the version in the schema view
    QString m_wantSubject; // select after the next listing (a subject just registered)
    QString m_nextStatus; // shown after the next listing instead of its count (what a delete did)

    QStackedWidget* m_stack = nullptr; // the "no registry" text or the page
    QLabel* m_noRegistry = nullptr;
    QLabel* m_status = nullptr;
    QComboBox* m_globalLevel = nullptr;
    QLineEdit* m_filter = nullptr;
    QTableWidget* m_subjects = nullptr;
    QTableWidget* m_versions = nullptr;
    QLabel* m_subjectTitle = nullptr;
    QComboBox* m_subjectLevel = nullptr;
    QLabel* m_levelNote = nullptr;
    QPushButton* m_deleteVersion = nullptr;
    QPushButton* m_deleteSubject = nullptr;
    QSplitter* m_splitter = nullptr;
    QTabWidget* m_sections = nullptr;
    // Schema
    QLabel* m_schemaInfo = nullptr;
    QPlainTextEdit* m_schemaText = nullptr;
    SchemaHighlighter* m_schemaColours = nullptr;
    // Diff
    QComboBox* m_diffOld = nullptr;
    QComboBox* m_diffNew = nullptr;
    QLabel* m_diffSummary = nullptr;
    QPlainTextEdit* m_diffText = nullptr;
    // New version
    QLineEdit* m_editorSubject = nullptr;
    QComboBox* m_editorType = nullptr;
    QComboBox* m_editorAgainst = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    SchemaHighlighter* m_editorColours = nullptr;
    QPushButton* m_check = nullptr;
    QPushButton* m_register = nullptr;
    QLabel* m_checkResult = nullptr;
    QList<schemas::SchemaReference> m_editorReferences; // those of the version the edit started from
};

} // namespace kafkalab
