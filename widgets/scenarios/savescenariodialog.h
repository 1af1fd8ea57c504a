#pragma once

// "Save as scenario…" on the transaction, offset and group labs: the recorded run (ScenarioRecorder's file) in an
// editor the user can change, expectations included, checked as typed by the parser `kafkalab-cli scenario validate`
// uses (the error with its line and column under the editor, a click puts the cursor there), and saved to a file in
// the directory saved to last. The dialog is not modal to the application: it opens over its page, and the page can
// go on.

#include <QDialog>
#include <QTimer>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace kafkalab {

class SaveScenarioDialog : public QDialog {
    Q_OBJECT
public:
    // `json`: the recorded file; `leftOut`: what was done but no scenario step expresses; `baseName`: the file name
    // offered ("transactions-by-hand").
    SaveScenarioDialog(const QByteArray& json, const QStringList& leftOut, QString baseName, QWidget* parent);

    QPlainTextEdit* editor() const { return m_editor; }
    QLabel* problemLabel() const { return m_problem; } // the parse error, with line and column
    QLabel* summaryLabel() const { return m_summary; } // "Valid: 9 steps, 4 expectations."
    QPushButton* saveButton() const { return m_save; }
    bool isValid() const { return m_valid; }
    // Checks the text now (typing checks it a moment after the last key).
    void validate();
    // Writes the text to `path` (the Save button asks for it): false with the reason under the editor.
    bool saveTo(const QString& path);

    // Opens the dialog over `parent` (deleted when closed) and returns it.
    static SaveScenarioDialog* openOver(
        const QByteArray& json, const QStringList& leftOut, const QString& baseName, QWidget* parent);

private:
    void chooseFile();

    QPlainTextEdit* m_editor;
    QLabel* m_problem;
    QLabel* m_summary;
    QPushButton* m_save;
    QTimer m_check;
    QString m_baseName;
    bool m_valid = false;
    int m_line = 0;
    int m_column = 0;
};

} // namespace kafkalab
