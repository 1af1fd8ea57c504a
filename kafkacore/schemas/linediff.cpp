#include "kafkacore/schemas/linediff.h"

#include <algorithm>
#include <vector>

namespace kafkalab::schemas {

QStringList splitLines(const QString& text)
{
    if (text.isEmpty())
        return {};
    QStringList lines = text.split(QLatin1Char('\n'));
    if (text.endsWith(QLatin1Char('\n')))
        lines.removeLast();
    for (QString& l : lines)
        if (l.endsWith(QLatin1Char('\r')))
            l.chop(1);
    return lines;
}

QList<DiffLine> diffLines(const QStringList& oldLines, const QStringList& newLines)
{
    // The common head and tail need no search.
    const int n0 = int(oldLines.size());
    const int m0 = int(newLines.size());
    int head = 0;
    while (head < n0 && head < m0 && oldLines[head] == newLines[head])
        ++head;
    int tail = 0;
    while (tail < n0 - head && tail < m0 - head && oldLines[n0 - 1 - tail] == newLines[m0 - 1 - tail])
        ++tail;
    const int n = n0 - head - tail;
    const int m = m0 - head - tail;
    auto a = [&](int i) -> const QString& { return oldLines[head + i]; };
    auto b = [&](int j) -> const QString& { return newLines[head + j]; };

    QList<DiffLine> middle; // built backwards
    const int max = n + m;
    if (max > 0) {
        const int offset = max + 1;
        std::vector<int> v(size_t(2 * max + 3), 0);
        std::vector<std::vector<int>> trace;
        bool done = false;
        bool tooBig = false;
        for (int d = 0; d <= max && !done; ++d) {
            if (double(trace.size() + 1) * double(v.size()) > 2e7) {
                tooBig = true; // a huge, wholly different text: every old line removed, every new one added
                break;
            }
            trace.push_back(v);
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                                                                                       : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a(x) == b(y)) {
                    ++x;
                    ++y;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    done = true;
                    break;
                }
            }
        }
        if (tooBig) {
            for (int j = m - 1; j >= 0; --j)
                middle.append({ DiffLine::Kind::Added, b(j), 0, head + j + 1 });
            for (int i = n - 1; i >= 0; --i)
                middle.append({ DiffLine::Kind::Removed, a(i), head + i + 1, 0 });
        } else {
            int x = n;
            int y = m;
            for (int d = int(trace.size()) - 1; d >= 0; --d) {
                const std::vector<int>& pv = trace[size_t(d)];
                const int k = x - y;
                const int prevK = (k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1])) ? k + 1 : k - 1;
                const int prevX = pv[offset + prevK];
                const int prevY = prevX - prevK;
                while (x > prevX && y > prevY) {
                    middle.append({ DiffLine::Kind::Same, a(x - 1), head + x, head + y });
                    --x;
                    --y;
                }
                if (d > 0) {
                    if (x == prevX)
                        middle.append({ DiffLine::Kind::Added, b(y - 1), 0, head + y });
                    else
                        middle.append({ DiffLine::Kind::Removed, a(x - 1), head + x, 0 });
                }
                x = prevX;
                y = prevY;
            }
        }
        std::reverse(middle.begin(), middle.end());
    }
    QList<DiffLine> out;
    out.reserve(head + middle.size() + tail);
    for (int i = 0; i < head; ++i)
        out.append({ DiffLine::Kind::Same, oldLines[i], i + 1, i + 1 });
    // Within each run of changes, removals first (the old lines, then what replaced them).
    for (qsizetype i = 0; i < middle.size();) {
        if (middle[i].kind == DiffLine::Kind::Same) {
            out.append(middle[i++]);
            continue;
        }
        qsizetype end = i;
        while (end < middle.size() && middle[end].kind != DiffLine::Kind::Same)
            ++end;
        for (qsizetype j = i; j < end; ++j)
            if (middle[j].kind == DiffLine::Kind::Removed)
                out.append(middle[j]);
        for (qsizetype j = i; j < end; ++j)
            if (middle[j].kind == DiffLine::Kind::Added)
                out.append(middle[j]);
        i = end;
    }
    for (int i = 0; i < tail; ++i)
        out.append({ DiffLine::Kind::Same, oldLines[n0 - tail + i], n0 - tail + i + 1, m0 - tail + i + 1 });
    return out;
}

QList<DiffLine> diffTexts(const QString& oldText, const QString& newText)
{
    return diffLines(splitLines(oldText), splitLines(newText));
}

QString unifiedDiff(const QList<DiffLine>& diff, const QString& oldName, const QString& newName, int context)
{
    // Hunks: each change with up to `context` unchanged lines around it, hunks that touch merged.
    std::vector<std::pair<qsizetype, qsizetype>> hunks; // [first, last] indexes into diff
    for (qsizetype i = 0; i < diff.size(); ++i) {
        if (diff[i].kind == DiffLine::Kind::Same)
            continue;
        const qsizetype first = std::max<qsizetype>(0, i - context);
        const qsizetype last = std::min<qsizetype>(diff.size() - 1, i + context);
        if (!hunks.empty() && first <= hunks.back().second + 1)
            hunks.back().second = std::max(hunks.back().second, last);
        else
            hunks.emplace_back(first, last);
    }
    if (hunks.empty())
        return {};
    QString out = QStringLiteral("--- %1\n+++ %2\n").arg(oldName, newName);
    for (const auto& [first, last] : hunks) {
        int oldStart = 0;
        int newStart = 0;
        int oldCount = 0;
        int newCount = 0;
        // Where the hunk starts in each text: the first line it has there, else the line before it.
        int oldBefore = 0;
        int newBefore = 0;
        for (qsizetype i = 0; i < first; ++i) {
            oldBefore = diff[i].oldLine ? diff[i].oldLine : oldBefore;
            newBefore = diff[i].newLine ? diff[i].newLine : newBefore;
        }
        QString body;
        for (qsizetype i = first; i <= last; ++i) {
            const DiffLine& l = diff[i];
            if (l.oldLine) {
                oldStart = oldStart ? oldStart : l.oldLine;
                ++oldCount;
            }
            if (l.newLine) {
                newStart = newStart ? newStart : l.newLine;
                ++newCount;
            }
            const QChar mark = l.kind == DiffLine::Kind::Same ? QLatin1Char(' ')
                : l.kind == DiffLine::Kind::Removed           ? QLatin1Char('-')
                                                              : QLatin1Char('+');
            body += mark + l.text + QLatin1Char('\n');
        }
        out += QStringLiteral("@@ -%1,%2 +%3,%4 @@\n")
                   .arg(oldCount ? oldStart : oldBefore)
                   .arg(oldCount)
                   .arg(newCount ? newStart : newBefore)
                   .arg(newCount)
            + body;
    }
    return out;
}

} // namespace kafkalab::schemas
