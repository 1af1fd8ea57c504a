// Alt+letter mnemonics, offscreen, on the ctest fixture's broker: read from the widget tree, no two things the window
// shows at the same time (the menu bar's menus, the tabs, the buttons, group boxes and labelled fields of the page in
// view, each section of a page with tabs of its own) claim the same Alt+letter, and no menu has two items with the
// same letter. Qt does not press either of two clashing owners: Alt+letter then only moves the focus between them.
#include "fixturewindow.h"
#include "mainwindow.h"
#include "presentationmode.h"
#include "widgets/cluster/clusterbrowser.h"

#include <QAbstractButton>
#include <QGroupBox>
#include <QLabel>
#include <QMap>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>

using namespace kafkalab;

namespace {

// The letter `text` claims with '&' ("&&" is a literal '&'), or none.
QChar mnemonic(const QString& text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) != QLatin1Char('&'))
            return text.at(i + 1).toUpper();
        ++i;
    }
    return {};
}

QString describe(const QObject* owner, const QString& text)
{
    return QStringLiteral("%1 '%2'").arg(QString::fromLatin1(owner->metaObject()->className()), text);
}

// Every Alt+letter the window answers now, with who claims it.
QMap<QChar, QStringList> claims(QMainWindow* window)
{
    QMap<QChar, QStringList> out;
    const auto add = [&out](const QObject* owner, const QString& text) {
        if (const QChar c = mnemonic(text); !c.isNull())
            out[c].append(describe(owner, text));
    };
    if (window->menuBar()->isVisible())
        for (const QAction* a : window->menuBar()->actions())
            if (a->isVisible())
                add(window->menuBar(), a->text());
    const auto shown = [window](const QWidget* w) { return w->isVisibleTo(window); };
    for (const QTabBar* bar : window->findChildren<QTabBar*>())
        if (shown(bar))
            for (int i = 0; i < bar->count(); ++i)
                if (bar->isTabVisible(i))
                    add(bar, bar->tabText(i));
    for (const QAbstractButton* b : window->findChildren<QAbstractButton*>())
        if (shown(b))
            add(b, b->text());
    for (const QGroupBox* g : window->findChildren<QGroupBox*>())
        if (shown(g))
            add(g, g->title());
    for (const QLabel* l : window->findChildren<QLabel*>())
        if (shown(l) && l->buddy())
            add(l, l->text());
    return out;
}

QStringList clashes(QMainWindow* window, const QString& where)
{
    QStringList out;
    const QMap<QChar, QStringList> all = claims(window);
    for (auto it = all.begin(); it != all.end(); ++it)
        if (it.value().size() > 1)
            out.append(
                QStringLiteral("%1: Alt+%2 claimed by %3").arg(where, it.key(), it.value().join(QStringLiteral(", "))));
    return out;
}

} // namespace

class TestMnemonics : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;

    // Every page in view in turn, and every section of the page's own tab widgets in turn.
    QStringList everyPage()
    {
        QStringList found;
        QTabWidget* tabs = m_window->tabs();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QCoreApplication::processEvents();
            const QString page = tabs->tabText(i).remove(QLatin1Char('&'));
            found += clashes(m_window.get(), page);
            for (QTabWidget* inner : tabs->widget(i)->findChildren<QTabWidget*>()) {
                if (!inner->isVisibleTo(m_window.get()))
                    continue;
                const int was = inner->currentIndex();
                for (int j = 0; j < inner->count(); ++j) {
                    inner->setCurrentIndex(j);
                    QCoreApplication::processEvents();
                    found += clashes(m_window.get(), page + QStringLiteral(" / ") + inner->tabText(j));
                }
                inner->setCurrentIndex(was);
            }
        }
        found.removeDuplicates();
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->state(), ClusterSession::State::Connected, 30000);
    }

    // The finder finds: a button on the page in view that takes the Start tab's letter is named with the tab.
    void findsAClash()
    {
        m_window->tabs()->setCurrentWidget(m_window->browser());
        QCoreApplication::processEvents();
        auto* twin = new QPushButton(QStringLiteral("&Stop"), m_window->browser());
        twin->show();
        const QStringList found = clashes(m_window.get(), QStringLiteral("Cluster")).filter(QStringLiteral("Alt+S "));
        delete twin;
        QVERIFY2(found.size() == 1 && found.first().contains(QStringLiteral("'&Stop'"))
                && found.first().contains(QStringLiteral("'&Start'")),
            qPrintable(found.join(QLatin1Char('\n'))));
    }

    void noClashOnAnyPage()
    {
        const QStringList found = everyPage();
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    void noClashInPresentationMode()
    {
        m_window->presentation()->setActive(true);
        const QStringList found = everyPage();
        m_window->presentation()->setActive(false);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    void noMenuHasTwoItemsWithOneLetter()
    {
        QStringList found;
        for (const QAction* top : m_window->menuBar()->actions()) {
            if (!top->menu())
                continue;
            QMap<QChar, QStringList> letters;
            for (const QAction* a : top->menu()->actions())
                if (a->isVisible() && !a->isSeparator())
                    if (const QChar c = mnemonic(a->text()); !c.isNull())
                        letters[c].append(a->text());
            for (auto it = letters.begin(); it != letters.end(); ++it)
                if (it.value().size() > 1)
                    found.append(QStringLiteral("%1 menu: %2 claimed by %3")
                                     .arg(top->text(), it.key(), it.value().join(QStringLiteral(", "))));
        }
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestMnemonics)
#include "test_mnemonics.moc"
