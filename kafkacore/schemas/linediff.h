#pragma once

// A line diff (Myers' O((N+M)D) algorithm, the shortest edit script): what the Schemas page shows between two
// versions of a schema. Pure; the lines are compared exactly (no whitespace folding).

#include <QList>
#include <QString>
#include <QStringList>

namespace kafkalab::schemas {

struct DiffLine {
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    QString text;
    int oldLine = 0; // 1-based in the old text; 0 for an added line
    int newLine = 0; // 1-based in the new text; 0 for a removed line
};

// The old text turned into the new one: every line of both once, in order; removals before additions where lines
// were replaced. Texts are split at '\n' (a trailing newline makes no empty last line).
QList<DiffLine> diffLines(const QStringList& oldLines, const QStringList& newLines);
QList<DiffLine> diffTexts(const QString& oldText, const QString& newText);
QStringList splitLines(const QString& text);
// A unified diff ("--- a", "+++ b", "@@ -l,n +l,n @@" hunks with `context` lines around each change); empty when the
// texts are the same.
QString unifiedDiff(const QList<DiffLine>& diff, const QString& oldName, const QString& newName, int context = 3);

} // namespace kafkalab::schemas
