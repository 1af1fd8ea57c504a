#include "app/layoutmemory.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QFontInfo>
#include <QHeaderView>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>

#include <algorithm>
#include <cmath>

namespace kafkalab {

namespace {

const QString kSplitters = QStringLiteral("layout/splitters/");
const QString kColumns = QStringLiteral("layout/columns/");

QString className(const QObject* o)
{
    const QString name = QString::fromLatin1(o->metaObject()->className());
    return name.mid(name.lastIndexOf(QLatin1Char(':')) + 1); // without its namespace
}

// The columns header of a view (a table's horizontal header, a tree's header), else null.
QHeaderView* columnsHeader(QAbstractItemView* view)
{
    if (auto* t = qobject_cast<QTableView*>(view))
        return t->horizontalHeader();
    if (auto* t = qobject_cast<QTreeView*>(view))
        return t->header();
    return nullptr;
}

} // namespace

LayoutMemory::LayoutMemory(QWidget* window)
    : QObject(window)
    , m_window(window)
{
    for (QSplitter* s : window->findChildren<QSplitter*>())
        track(s);
    for (QAbstractItemView* v : window->findChildren<QAbstractItemView*>())
        if (QHeaderView* h = columnsHeader(v); h && !h->isHidden())
            track(h);
}

QString LayoutMemory::pathOf(const QWidget* widget, const QWidget* window)
{
    QStringList parts;
    for (const QWidget* w = widget; w && w != window; w = w->parentWidget()) {
        const QString name = w->objectName();
        const QString cls = className(w);
        // Siblings alike: the same name, or unnamed and of the same class.
        int index = 0;
        int alike = 0;
        const QObject* parent = w->parent();
        for (const QObject* sibling : parent ? parent->children() : QObjectList()) {
            if (!sibling->isWidgetType() || sibling->objectName() != name
                || (name.isEmpty() && className(sibling) != cls))
                continue;
            if (sibling == w)
                index = alike;
            ++alike;
        }
        QString part = name.isEmpty() ? cls : name;
        if (alike > 1)
            part += QLatin1Char('#') + QString::number(index);
        parts.prepend(part);
    }
    return parts.join(QLatin1Char('/'));
}

QStringList LayoutMemory::paths() const
{
    QStringList out;
    for (const Split& s : m_splits)
        out.append(s.path);
    for (const Columns& c : m_columns)
        out.append(c.path);
    return out;
}

void LayoutMemory::track(QSplitter* splitter)
{
    const qsizetype i = m_splits.size();
    Split s;
    s.splitter = splitter;
    s.path = pathOf(splitter, m_window);
    m_splits.append(s);
    connect(splitter, &QSplitter::splitterMoved, this, [this, i] { m_splits[i].touched = true; });
    splitter->installEventFilter(this);
}

void LayoutMemory::track(QHeaderView* header)
{
    const qsizetype i = m_columns.size();
    Columns c;
    c.header = header;
    c.path = pathOf(header->parentWidget(), m_window);
    m_columns.append(c);
    connect(header, &QHeaderView::sectionResized, this,
        [this, i](int column, int, int newSize) { onSectionResized(m_columns[i], column, newSize); });
    header->installEventFilter(this); // font changes
    header->viewport()->installEventFilter(this); // the user's presses
}

LayoutMemory::Columns* LayoutMemory::columnsOf(const QObject* headerOrViewport)
{
    for (Columns& c : m_columns)
        if (c.header && (c.header == headerOrViewport || c.header->viewport() == headerOrViewport))
            return &c;
    return nullptr;
}

bool LayoutMemory::resizable(const QHeaderView* header, int column)
{
    if (column < 0 || column >= header->count() || header->sectionResizeMode(column) != QHeaderView::Interactive)
        return false;
    if (header->stretchLastSection()) // the last shown section takes what is left
        for (int visual = header->count() - 1; visual >= 0; --visual) {
            const int logical = header->logicalIndex(visual);
            if (!header->isSectionHidden(logical))
                return logical != column;
        }
    return true;
}

double LayoutMemory::pointSize(const QHeaderView* header)
{
    const double pt = QFontInfo(header->font()).pointSizeF();
    return pt > 0 ? pt : 9.0;
}

void LayoutMemory::onSectionResized(Columns& c, int column, int newSize)
{
    QHeaderView* h = c.header;
    if (!h || !resizable(h, column))
        return;
    if (m_gesture == h) { // the user's width, from now on
        if (c.count != h->count()) {
            c.units.clear();
            c.count = h->count();
        }
        c.units.insert(column, newSize / pointSize(h));
        return;
    }
    if (c.count == h->count() && c.units.contains(column)
        && newSize != int(std::lround(c.units.value(column) * pointSize(h))))
        queueRepin(c); // a fit moved a column the user sized
}

void LayoutMemory::queueRepin(Columns& c)
{
    if (c.queued)
        return;
    c.queued = true;
    const qsizetype i = &c - m_columns.data();
    QMetaObject::invokeMethod(
        this, [this, i] { repin(m_columns[i]); }, Qt::QueuedConnection);
}

void LayoutMemory::repin(Columns& c)
{
    c.queued = false;
    QHeaderView* h = c.header;
    if (!h || c.count != h->count())
        return;
    const double pt = pointSize(h);
    for (auto it = c.units.cbegin(); it != c.units.cend(); ++it) {
        const int width = int(std::lround(it.value() * pt));
        if (resizable(h, it.key()) && h->sectionSize(it.key()) != width)
            h->resizeSection(it.key(), width);
    }
}

bool LayoutMemory::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
        if (Columns* c = columnsOf(watched); c && c->header->viewport() == watched)
            m_gesture = c->header;
        break;
    case QEvent::MouseButtonRelease:
        // After the header has handled the release (a resize ends with it).
        QMetaObject::invokeMethod(
            this, [this] { m_gesture = nullptr; }, Qt::QueuedConnection);
        break;
    case QEvent::FontChange:
        if (Columns* c = columnsOf(watched); c && c->header == watched && !c->units.isEmpty())
            queueRepin(*c);
        break;
    case QEvent::Show:
    case QEvent::ChildAdded: // a pane added later (the Group lab's timeline, once connected)
        for (Split& s : m_splits)
            if (s.splitter == watched && !s.pending.isEmpty() && s.splitter->isVisible())
                restoreLater(s);
        break;
    default:
        break;
    }
    return false;
}

void LayoutMemory::restoreLater(Split& s)
{
    // Once the page is laid out: its layout requests are queued before this. Kept for later while the splitter has
    // another number of panes than saved.
    QMetaObject::invokeMethod(
        this,
        [this, splitter = s.splitter] {
            for (Split& t : m_splits)
                if (t.splitter == splitter && splitter && !t.pending.isEmpty()
                    && splitter->count() == t.pending.size()) {
                    splitter->setSizes(t.pending);
                    t.pending.clear();
                }
        },
        Qt::QueuedConnection);
}

void LayoutMemory::restore(const QSettings& settings)
{
    for (Split& s : m_splits) {
        QList<int> sizes;
        qint64 total = 0;
        for (const QString& v : settings.value(kSplitters + s.path).toStringList()) {
            bool ok = false;
            const int size = v.toInt(&ok);
            if (!ok || size < 0) {
                total = 0;
                break;
            }
            sizes.append(size);
            total += size;
        }
        if (sizes.isEmpty() || total <= 0)
            continue; // nothing saved (or not ours): the page's own sizes
        s.touched = true;
        s.pending = sizes;
        if (s.splitter->isVisible())
            restoreLater(s);
    }
    for (Columns& c : m_columns) {
        const QStringList saved = settings.value(kColumns + c.path).toStringList();
        bool ok = !saved.isEmpty();
        const int count = ok ? saved.first().toInt(&ok) : -1;
        if (!ok || count != c.header->count())
            continue; // columns added or removed since: not restored
        QHash<int, double> units;
        for (qsizetype k = 1; k < saved.size() && ok; ++k) {
            const QString& entry = saved.at(k);
            const int column = entry.section(QLatin1Char(':'), 0, 0).toInt(&ok);
            const double u = ok ? entry.section(QLatin1Char(':'), 1).toDouble(&ok) : 0;
            ok = ok && column >= 0 && column < count && u > 0 && std::isfinite(u);
            if (ok)
                units.insert(column, u);
        }
        if (!ok)
            continue; // not ours, or damaged: nothing from it
        c.count = count;
        c.units = units;
        repin(c);
    }
}

void LayoutMemory::save(QSettings& settings) const
{
    // Written whole each time: what is gone from the window (or was not restored) is gone from the settings.
    settings.remove(QStringLiteral("layout"));
    for (const Split& s : m_splits) {
        if (!s.splitter || !s.touched)
            continue;
        QStringList sizes;
        for (int v : s.pending.isEmpty() ? s.splitter->sizes() : s.pending)
            sizes.append(QString::number(v));
        settings.setValue(kSplitters + s.path, sizes);
    }
    for (const Columns& c : m_columns) {
        if (!c.header || c.units.isEmpty())
            continue;
        QStringList entries { QString::number(c.count) };
        QList<int> columns = c.units.keys();
        std::sort(columns.begin(), columns.end());
        for (int column : columns)
            entries.append(
                QString::number(column) + QLatin1Char(':') + QString::number(c.units.value(column), 'g', 12));
        settings.setValue(kColumns + c.path, entries);
    }
}

} // namespace kafkalab
