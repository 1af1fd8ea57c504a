// Presentation mode, offscreen, on the ctest fixture's broker, in a 1024x768 window at 150 % (and 200 %): computed
// from geometry, not from pictures, no label, button or table header (the board's rows too) of the Start page and the
// lesson pages (Transactions, Offsets with its first look shown, Group lab with two members) is cut or overlaps a
// neighbour, the rebalance timeline's labels stay inside it, apart and off the bars, the transaction state diagram's
// boxes hold their labels and do not meet, no tab scrolls sideways (normal look and 150 %), every shipped lesson
// opens, steps and resets from the keyboard alone, and turning the mode off gives back the font, palette and docks it
// had.
#include "fixturewindow.h"
#include "helpmenu.h"
#include "kafkacore/scenarios/scenario.h"
#include "kafkacore/scenarios/scenarioacl.h"
#include "mainwindow.h"
#include "presentationmode.h"
#include "startpage.h"
#include "testsupport.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/groups/rebalancetimeline.h"
#include "widgets/replication/replicationpage.h"
#include "widgets/scenarios/lessonsteps.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/scenariobar.h"
#include "widgets/scenarios/transactionpage.h"
#include "widgets/scenarios/txstatediagram.h"

#include <algorithm>

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTextDocument>
#include <QUuid>

using namespace kafkalab;

namespace {

QString plain(QString text)
{
    return text.remove(QLatin1Char('&'));
}

// The width a label's text needs on one line, rich text included.
double textWidth(const QLabel* l)
{
    if (Qt::mightBeRichText(l->text()) && l->textFormat() != Qt::PlainText) {
        QTextDocument doc;
        doc.setDefaultFont(l->font());
        doc.setDocumentMargin(0);
        doc.setHtml(l->text());
        return doc.idealWidth();
    }
    double widest = 0;
    for (const QString& line : l->text().split(QLatin1Char('\n')))
        widest = std::max(widest, double(l->fontMetrics().horizontalAdvance(line)));
    return widest;
}

bool shown(const QWidget* w, const QWidget* page)
{
    return w->isVisibleTo(page) && w->width() > 0 && w->height() > 0;
}

// Everything cut or overlapping on `page`, described for the failure message.
QStringList problems(QWidget* page)
{
    QStringList out;
    const auto name = [](const QWidget* w, const QString& text) {
        return QStringLiteral("%1 '%2' (%3x%4)")
            .arg(QString::fromLatin1(w->metaObject()->className()), text.left(40), QString::number(w->width()),
                QString::number(w->height()));
    };
    QList<QWidget*> texts;
    for (QLabel* l : page->findChildren<QLabel*>()) {
        if (!shown(l, page) || l->text().isEmpty() || !l->pixmap().isNull())
            continue;
        texts.append(l);
        const QRect r = l->contentsRect();
        if (l->wordWrap() ? l->heightForWidth(l->width()) > l->height() + 1 : textWidth(l) > r.width() + 1)
            out.append(QStringLiteral("cut: ") + name(l, l->text()));
    }
    for (QAbstractButton* b : page->findChildren<QAbstractButton*>()) {
        if (!shown(b, page) || b->text().isEmpty() || qobject_cast<QHeaderView*>(b->parentWidget()))
            continue;
        texts.append(b);
        if (b->fontMetrics().horizontalAdvance(plain(b->text())) + 6 > b->width())
            out.append(QStringLiteral("cut: ") + name(b, b->text()));
    }
    for (QTableView* t : page->findChildren<QTableView*>()) {
        if (!shown(t, page) || !t->model())
            continue;
        QHeaderView* h = t->horizontalHeader();
        for (int c = 0; c < t->model()->columnCount(); ++c) {
            if (h->isSectionHidden(c))
                continue;
            const QString title = t->model()->headerData(c, Qt::Horizontal).toString();
            int widest = 0;
            for (const QString& line : title.split(QLatin1Char('\n')))
                widest = std::max(widest, h->fontMetrics().horizontalAdvance(line));
            if (widest + 8 > h->sectionSize(c))
                out.append(QStringLiteral("cut header: ") + name(t, title));
        }
    }
    for (qsizetype i = 0; i < texts.size(); ++i)
        for (qsizetype j = i + 1; j < texts.size(); ++j) {
            QWidget* a = texts[i];
            QWidget* b = texts[j];
            if (a->parentWidget() == b->parentWidget() && a->geometry().intersects(b->geometry()))
                out.append(QStringLiteral("overlap: %1 and %2")
                               .arg(name(a, a->property("text").toString()), name(b, b->property("text").toString())));
        }
    // The board's rows (topic[partition]) in the vertical header.
    for (QTableView* t : page->findChildren<QTableView*>()) {
        if (!shown(t, page) || !t->model() || !t->verticalHeader()->isVisible())
            continue;
        QHeaderView* h = t->verticalHeader();
        for (int r = 0; r < t->model()->rowCount(); ++r) {
            const QString title = t->model()->headerData(r, Qt::Vertical).toString();
            if (h->fontMetrics().horizontalAdvance(title) + 6 > h->width())
                out.append(QStringLiteral("cut row header: ") + name(t, title));
        }
    }
    // The rebalance timeline's labels (markers, rebalance labels, group titles, member names): within the picture's
    // width, apart from each other and off the bars.
    for (RebalanceTimeline* tl : page->findChildren<RebalanceTimeline*>()) {
        if (!shown(tl, page))
            continue;
        const TimelineLayout& l = tl->currentLayout();
        const QList<QRectF> labels = l.labelRects();
        const double right = tl->canvas()->width();
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (labels[i].left() < 0 || labels[i].right() > right + 0.5)
                out.append(QStringLiteral("timeline label %1 outside 0..%2").arg(i).arg(right));
            for (qsizetype j = i + 1; j < labels.size(); ++j)
                if (labels[i].intersected(labels[j]).width() > 0.5 && labels[i].intersected(labels[j]).height() > 0.5)
                    out.append(QStringLiteral("timeline labels %1 and %2 overlap").arg(i).arg(j));
            for (const TimelineLayout::Bar& b : l.bars)
                if (labels[i].intersected(b.rect).width() > 0.5 && labels[i].intersected(b.rect).height() > 0.5)
                    out.append(QStringLiteral("timeline label %1 over a bar of %2").arg(i).arg(b.member));
        }
    }
    for (TxStateDiagram* d : page->findChildren<TxStateDiagram*>())
        if (shown(d, page) && !d->labelsFit())
            out.append(QStringLiteral("state diagram boxes (%1x%2)").arg(d->width()).arg(d->height()));
    return out;
}

// Every layout request handled (a new font or a new window size lays out again in a few rounds), without waiting.
void settle()
{
    for (int round = 0; round < 5; ++round) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
    // What the last round's events asked for (a text set there) laid out too.
    for (int round = 0; round < 3; ++round)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

// The lesson bar and the step list of a lab page.
std::pair<ScenarioBar*, LessonSteps*> lessonControls(QWidget* page)
{
    if (auto* stepper = qobject_cast<ScenarioStepperPage*>(page))
        return { stepper->bar(), stepper->lessonSteps() };
    if (auto* lab = qobject_cast<GroupLabPage*>(page))
        return { lab->lessonBar()->bar(), lab->lessonBar()->steps() };
    if (auto* replication = qobject_cast<ReplicationPage*>(page))
        return { replication->lessonBar()->bar(), replication->lessonBar()->steps() };
    return { nullptr, nullptr };
}

// The page's lesson is prepared: its actors are made and F10 takes a step.
bool ready(QWidget* page)
{
    if (auto* stepper = qobject_cast<ScenarioStepperPage*>(page))
        return stepper->bar()->stepButton()->isEnabled();
    if (auto* lab = qobject_cast<GroupLabPage*>(page))
        return lab->lessonBar()->status()->text().startsWith(QLatin1String("Ready"));
    return false;
}

// The page has nothing under way that would change its texts: a lesson page is prepared and its first look (the
// Offsets page's topic and consumer line) has been shown. Checked before measuring, or a text set during the last
// round of settle() is measured against the old layout.
bool quiet(QWidget* page)
{
    if (auto* stepper = qobject_cast<ScenarioStepperPage*>(page))
        return stepper->ready() && !stepper->busy();
    return true;
}

QString statusOf(QWidget* page)
{
    if (auto* stepper = qobject_cast<ScenarioStepperPage*>(page))
        return stepper->statusLabel()->text();
    if (auto* lab = qobject_cast<GroupLabPage*>(page))
        return lab->lessonBar()->status()->text();
    return {};
}

} // namespace

class TestPresentation : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    QString m_topic;

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->state(), ClusterSession::State::Connected, 30000);
        m_topic = QStringLiteral("kafkalab.gui.presentation-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
        QCOMPARE(test::createTopics(test::fixtureBootstrap(), { { m_topic, 4 } }), QString());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session()->snapshot().topic(m_topic), 30000);
    }

    // Two members in the Group lab, each owning partitions: the board and the timeline have labels to check. They
    // start while presenting (a table fitted to the normal font when the mode began is not fitted again).
    void twoMembersInTheLab()
    {
        GroupLabPage* lab = m_window->groupLabPage();
        m_window->tabs()->setCurrentWidget(lab);
        m_window->presentation()->setScalePercent(150);
        m_window->presentation()->setActive(true);
        m_window->setWindowState(Qt::WindowNoState);
        m_window->resize(1024, 768);
        QTRY_COMPARE(m_window->size(), QSize(1024, 768));
        lab->topicsEdit()->setText(m_topic);
        lab->groupEdit()->setText(QStringLiteral("presentation-") + QUuid::createUuid().toString(QUuid::Id128).left(8));
        lab->addButton()->click();
        lab->addButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            lab->board()->columnCount() == 2 && lab->board()->rowCount() == 4 && lab->timeline()->spanCount() >= 4,
            60000);
        settle();
        const QStringList found = problems(lab);
        m_window->presentation()->setActive(false);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("\n  "))));
    }

    void lessonPagesHoldAt1024x768()
    {
        PresentationMode* mode = m_window->presentation();
        const double normalSize = QApplication::font().pointSizeF();
        auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("logDock"));
        QVERIFY(dock && dock->isVisible());
        mode->setScalePercent(150);
        mode->setActive(true);
        QVERIFY(!dock->isVisible());
        QCOMPARE(QApplication::font().pointSizeF(), normalSize * 1.5);
        QCOMPARE(QApplication::palette().color(QPalette::Text), QColor(Qt::black));
        for (const int scale : { 150, 200 }) {
            mode->setScalePercent(scale);
            // The test's own window size (offscreen, full screen would be the platform's screen).
            m_window->setWindowState(Qt::WindowNoState);
            m_window->resize(1024, 768);
            QTRY_COMPARE(m_window->size(), QSize(1024, 768));
            QVERIFY2(m_window->minimumSizeHint().width() <= 1024 && m_window->minimumSizeHint().height() <= 768,
                qPrintable(QStringLiteral("%1x%2")
                               .arg(m_window->minimumSizeHint().width())
                               .arg(m_window->minimumSizeHint().height())));
            for (QWidget* page : std::initializer_list<QWidget*> { m_window->startPage(), m_window->transactionPage(),
                     m_window->offsetPage(), m_window->groupLabPage() }) {
                m_window->tabs()->setCurrentWidget(page);
                QTRY_VERIFY2_WITH_TIMEOUT(quiet(page), qPrintable(statusOf(page)), 60000);
                settle();
                if (page == m_window->offsetPage()) { // its longest text, the consumer line, is measured too
                    const QList<QLabel*> labels = page->findChildren<QLabel*>();
                    QVERIFY(std::any_of(labels.begin(), labels.end(),
                        [](const QLabel* l) { return l->text().startsWith(QLatin1String("Topic <tt>")); }));
                }
                const QStringList found = problems(page);
                QVERIFY2(found.isEmpty(),
                    qPrintable(QStringLiteral("%1 %: ").arg(scale)
                        + QString::fromLatin1(page->metaObject()->className()) + QStringLiteral("\n  ")
                        + found.join(QStringLiteral("\n  "))));
            }
        }
        mode->setActive(false);
        QCOMPARE(QApplication::font().pointSizeF(), normalSize);
        QVERIFY(dock->isVisible());
        QVERIFY(QApplication::palette().color(QPalette::Text) != QColor(Qt::black)
            || QApplication::palette().color(QPalette::Window) != QColor(Qt::white));
    }

    // No page scrolls sideways in a 1024x768 window, in the normal look (docks, toolbar and status bar shown) and in
    // presentation mode at 150 %: the tabs take the widest page's least width, so every page is measured, and each
    // one's least size is printed (to see which page is the tightest).
    void everyPageFitsSideways()
    {
        PresentationMode* mode = m_window->presentation();
        auto* central = m_window->findChild<QScrollArea*>(QStringLiteral("centralScroll"));
        QVERIFY(central);
        QStringList found;
        for (const bool presenting : { false, true }) {
            mode->setScalePercent(PresentationMode::kMinScale);
            mode->setActive(presenting);
            m_window->setWindowState(Qt::WindowNoState);
            m_window->resize(1024, 768);
            QTRY_COMPARE(m_window->size(), QSize(1024, 768));
            const QString look = presenting ? QStringLiteral("presentation 150 %") : QStringLiteral("normal");
            for (int i = 0; i < m_window->tabs()->count(); ++i) {
                m_window->tabs()->setCurrentIndex(i);
                settle();
                QWidget* page = m_window->tabs()->widget(i);
                const QSize least = page->minimumSizeHint().expandedTo(page->minimumSize());
                const QString name = m_window->tabs()->tabText(i).remove(QLatin1Char('&'));
                // The room a page has: the window's view less what is around the page (margins, the tab frame).
                const int room = central->viewport()->width() - (central->widget()->width() - page->width());
                qInfo("%s, %s: least %dx%d, room %d, shown %dx%d", qPrintable(look), qPrintable(name), least.width(),
                    least.height(), room, page->width(), page->height());
                if (least.width() > room)
                    found.append(
                        QStringLiteral("%1, %2: needs %3 px, has %4").arg(look, name).arg(least.width()).arg(room));
                else if (central->horizontalScrollBar()->maximum() > 0)
                    found.append(QStringLiteral("%1, %2: scrolls %3 px")
                                     .arg(look, name)
                                     .arg(central->horizontalScrollBar()->maximum()));
            }
        }
        mode->setActive(false);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    // A lesson's step list in large type at 1024x768: "Step n of N" whole, and each row in view holds its text (word
    // wrapped to the list's width), the current one included, on the Transactions tab and in the Group lab.
    void lessonStepsHoldAt1024x768()
    {
        PresentationMode* mode = m_window->presentation();
        mode->setScalePercent(150);
        mode->setActive(true);
        m_window->setWindowState(Qt::WindowNoState);
        m_window->resize(1024, 768);
        QTRY_COMPARE(m_window->size(), QSize(1024, 768));
        const QString dir = qEnvironmentVariable("KAFKALAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/");
        const QList<std::pair<QString, LessonSteps*>> lessons { { QStringLiteral("zombie-fencing"),
                                                                    m_window->transactionPage()->lessonSteps() },
            { QStringLiteral("rebalance-eager-vs-cooperative"), m_window->groupLabPage()->lessonBar()->steps() } };
        for (const auto& [name, steps] : lessons) {
            QCOMPARE(openLesson(m_window.get(), dir + name + QStringLiteral(".json")), QString());
            QTRY_VERIFY(steps->isVisible());
            steps->stepTaken(3, true); // as after a third step: the current row is the third, the rest below it
            settle();
            QCoreApplication::processEvents();
            QStringList found;
            const QLabel* progress = steps->progressLabel();
            if (progress->fontMetrics().horizontalAdvance(progress->text()) > progress->contentsRect().width())
                found.append(QStringLiteral("cut: ") + progress->text());
            QListWidget* list = steps->list();
            const QRect view = list->viewport()->rect();
            // The page may be wider than the window (the tabs take the widest page's least width): with the window's
            // scroll area at its left, every row in view is within what the window shows.
            auto* central = m_window->findChild<QScrollArea*>(QStringLiteral("centralScroll"));
            QVERIFY(central);
            central->horizontalScrollBar()->setValue(0);
            const int shownRight = central->viewport()->width();
            QVERIFY(list->font().pointSizeF() > QApplication::font().pointSizeF()); // lesson text: larger still
            int inView = 0;
            for (int i = 0; i < list->count(); ++i) {
                const QRect r = list->visualItemRect(list->item(i));
                if (!r.intersects(view))
                    continue;
                ++inView;
                const QRect need = list->fontMetrics().boundingRect(
                    QRect(0, 0, r.width(), 10000), Qt::TextWordWrap, list->item(i)->text());
                const int right = list->viewport()->mapTo(central->viewport(), r.topRight()).x();
                if (r.right() > view.right() + 1 || right > shownRight || need.width() > r.width() + 1
                    || (view.contains(r.topLeft()) && view.contains(r.bottomLeft()) && need.height() > r.height() + 1))
                    found.append(QStringLiteral("row %1 (%2x%3, needs %4x%5): %6")
                                     .arg(i + 1)
                                     .arg(r.width())
                                     .arg(r.height())
                                     .arg(need.width())
                                     .arg(need.height())
                                     .arg(list->item(i)->text()));
            }
            const QRect current = list->visualItemRect(list->item(2));
            if (!view.contains(current))
                found.append(QStringLiteral("the current step is not wholly in view"));
            // With KAFKALAB_GRAB_DIR set, a picture of the window (to look at by hand).
            if (const QString grabs = qEnvironmentVariable("KAFKALAB_GRAB_DIR"); !grabs.isEmpty())
                m_window->grab().save(grabs + QStringLiteral("/presentation-") + name + QStringLiteral(".png"));
            QVERIFY2(inView >= 2, qPrintable(name)); // the current step and the next
            QVERIFY2(found.isEmpty(), qPrintable(name + QStringLiteral(":\n  ") + found.join(QStringLiteral("\n  "))));
        }
        mode->setActive(false);
    }

    // A teacher at a 1024x768 projector in presentation mode, without a mouse: for every shipped lesson, Alt+L opens
    // the Lessons menu, the arrow keys walk to the lesson and Return opens it on the tab that shows it; F10 takes the
    // first step (on the fixture's one plaintext broker the replication, schema and authorization lessons cannot run,
    // so there F10 is only seen to reach the lesson's bar, whose preparation says why), and Ctrl+Shift+R resets the
    // lab.
    void everyLessonByKeyboardAlone()
    {
        PresentationMode* mode = m_window->presentation();
        mode->setScalePercent(150);
        mode->setActive(true);
        m_window->setWindowState(Qt::WindowNoState);
        m_window->resize(1024, 768);
        QTRY_COMPARE(m_window->size(), QSize(1024, 768));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        auto* menu = m_window->findChild<QMenu*>(QStringLiteral("lessonsMenu"));
        QVERIFY(menu);
        int lessons = 0;
        for (QAction* action : menu->actions()) {
            if (!action->objectName().startsWith(QLatin1String("lesson_")))
                continue;
            ++lessons;
            const QString name = action->objectName().mid(7);
            QTest::keyClick(m_window.get(), Qt::Key_L, Qt::AltModifier);
            QTRY_VERIFY2(menu->isVisible(), qPrintable(name));
            for (int i = 0; i < menu->actions().size() && menu->activeAction() != action; ++i)
                QTest::keyClick(menu, Qt::Key_Down);
            QVERIFY2(menu->activeAction() == action, qPrintable(name));
            QTest::keyClick(menu, Qt::Key_Return);
            QTRY_VERIFY(!menu->isVisible());
            // The offscreen platform leaves the closed menu the active window (a window system gives the activation
            // back to the main window): as a window system would.
            m_window->activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
            const auto [bar, steps] = lessonControls(m_window->tabs()->currentWidget());
            QVERIFY2(bar && bar->isVisible(), qPrintable(name + QStringLiteral(": no lesson bar in view")));
            QVERIFY2(bar->currentFile().endsWith(name + QStringLiteral(".json")), qPrintable(bar->currentFile()));
            QSignalSpy stepped(bar, &ScenarioBar::stepRequested);
            // Lessons the fixture's cluster cannot run are refused when loaded, with the reason: the replication
            // lessons (three brokers), the schema lesson (a schema registry) and the authorization lesson (SASL and an
            // authorizer); there F10 is only seen to reach the lesson's bar.
            QString error;
            const std::optional<Scenario> lesson = loadScenario(bar->currentFile(), &error);
            QVERIFY2(lesson, qPrintable(error));
            const bool runsHere = lesson->brokers <= 1 && !needsSchemaRegistry(*lesson) && !needsAuthorization(*lesson);
            if (runsHere) // the actors are ready: F10 steps
                QTRY_VERIFY_WITH_TIMEOUT(ready(m_window->tabs()->currentWidget()), 60000);
            QTest::keyClick(m_window.get(), Qt::Key_F10);
            QVERIFY2(stepped.count() == 1, qPrintable(name + QStringLiteral(": F10 did not reach the lesson")));
            if (runsHere)
                QTRY_VERIFY2_WITH_TIMEOUT(steps->current() == 1, qPrintable(name), 60000);
            QSignalSpy reset(bar, &ScenarioBar::resetRequested);
            QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
            QCOMPARE(reset.count(), 1);
            QTRY_COMPARE(bar->box()->currentIndex(), 0); // by hand again
        }
        QVERIFY(lessons >= 18);
        mode->setActive(false);
    }

    void scaleIsClampedToItsSteps()
    {
        PresentationMode* mode = m_window->presentation();
        mode->setScalePercent(90);
        QCOMPARE(mode->scalePercent(), 150);
        mode->setScalePercent(510);
        QCOMPARE(mode->scalePercent(), 200);
        mode->setScalePercent(170);
        QCOMPARE(mode->scalePercent(), 175);
    }
};

QTEST_MAIN(TestPresentation)
#include "test_presentation.moc"
