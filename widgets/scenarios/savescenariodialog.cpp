#include "widgets/scenarios/savescenariodialog.h"

#include "kafkacore/scenarios/scenario.h"
#include "widgets/common/errorlabel.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTextBlock>
#include <QVBoxLayout>

#include <utility>

namespace kafkalab {

namespace {

const QString kDirKey = QStringLiteral("scenarios/saveDirectory");

} // namespace

SaveScenarioDialog::SaveScenarioDialog(
    const QByteArray& json, const QStringList& leftOut, QString baseName, QWidget* parent)
    : QDialog(parent)
    , m_baseName(std::move(baseName))
{
    setWindowTitle(tr("Save as scenario"));
    auto* intro = new QLabel(tr("What you did by hand, step by step, with what was observed after each step written "
                                "as <i>expect</i> steps. Change anything, the expectations included: the file is "
                                "checked as you type. Run it on any cluster with <tt>kafkalab-cli scenario run FILE "
                                "--junit report.xml</tt> (<tt>--bootstrap</tt> or <tt>--profile</tt> say where)."),
        this);
    intro->setWordWrap(true);
    auto* left = new QLabel(this);
    left->setWordWrap(true);
    left->setObjectName(QStringLiteral("leftOut"));
    if (!leftOut.isEmpty())
        left->setText(tr("<b>Left out</b> (no scenario step does this): %1")
                          .arg(leftOut.join(QStringLiteral("; ")).toHtmlEscaped()));
    left->setVisible(!leftOut.isEmpty());
    m_editor = new QPlainTextEdit(this);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setPlainText(QString::fromUtf8(json));
    m_problem = makeErrorLabel(this);
    m_problem->setTextFormat(Qt::RichText);
    m_summary = new QLabel(this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setText(tr("Save…"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(left);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);

    m_check.setSingleShot(true);
    m_check.setInterval(200);
    connect(&m_check, &QTimer::timeout, this, &SaveScenarioDialog::validate);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        m_save->setEnabled(false); // until checked
        m_check.start();
    });
    connect(m_problem, &QLabel::linkActivated, this, [this] {
        // The cursor to the place the parser named.
        const QTextBlock block = m_editor->document()->findBlockByNumber(m_line - 1);
        if (!block.isValid())
            return;
        QTextCursor cursor(block);
        cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::max(0, m_column - 1));
        m_editor->setTextCursor(cursor);
        m_editor->setFocus();
    });
    connect(m_save, &QPushButton::clicked, this, &SaveScenarioDialog::chooseFile);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(900, 620);
    validate();
}

void SaveScenarioDialog::validate()
{
    m_check.stop();
    QString error;
    const QString file = m_baseName + QStringLiteral(".json");
    const std::optional<Scenario> s = parseScenario(m_editor->toPlainText().toUtf8(), file, &error);
    m_valid = s.has_value();
    m_save->setEnabled(m_valid);
    m_line = m_column = 0;
    if (!m_valid) {
        // "FILE:LINE:COLUMN: reason" (as `kafkalab-cli scenario validate` says it): the place as a link to it.
        static const QRegularExpression at(
            QStringLiteral("^(?:.*?):(\\d+):(\\d+): (.*)$"), QRegularExpression::DotMatchesEverythingOption);
        const QString prefix = file + QStringLiteral(": ");
        const QRegularExpressionMatch m = at.match(error);
        QString text;
        if (m.hasMatch()) {
            m_line = m.captured(1).toInt();
            m_column = m.captured(2).toInt();
            text = tr("<a href=\"#\">Line %1, column %2</a>: %3")
                       .arg(m_line)
                       .arg(m_column)
                       .arg(m.captured(3).toHtmlEscaped());
        } else {
            text = (error.startsWith(prefix) ? error.mid(prefix.size()) : error).toHtmlEscaped();
        }
        m_problem->setText(text);
        m_problem->setToolTip(error);
        m_problem->show();
        m_summary->clear();
        return;
    }
    m_problem->hide();
    int expectations = 0;
    for (const ScenarioStep& st : s->steps)
        expectations += st.action == ScenarioAction::Expect || st.action == ScenarioAction::WaitStable ? 1 : 0;
    m_summary->setText(tr("Valid: %1 steps, %2 expectations.").arg(s->steps.size()).arg(expectations));
}

bool SaveScenarioDialog::saveTo(const QString& path)
{
    validate();
    if (!m_valid)
        return false;
    QSaveFile f(path);
    const QByteArray text = m_editor->toPlainText().toUtf8();
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit()) {
        m_problem->setText(tr("Could not save %1: %2").arg(path, f.errorString()).toHtmlEscaped());
        m_problem->show();
        return false;
    }
    QSettings().setValue(kDirKey, QFileInfo(path).absolutePath());
    return true;
}

void SaveScenarioDialog::chooseFile()
{
    const QString dir
        = QSettings().value(kDirKey, QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save scenario"), QDir(dir).filePath(m_baseName + QStringLiteral(".json")), tr("Scenarios (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    if (saveTo(path))
        accept();
}

SaveScenarioDialog* SaveScenarioDialog::openOver(
    const QByteArray& json, const QStringList& leftOut, const QString& baseName, QWidget* parent)
{
    auto* dialog = new SaveScenarioDialog(json, leftOut, baseName, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

} // namespace kafkalab
