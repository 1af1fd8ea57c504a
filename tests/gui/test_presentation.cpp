// Presentation mode, offscreen, on the ctest fixture's broker, in a 1024x768 window at 150 % (and 200 %): computed
// from geometry, not from pictures, no label, button or table header of the Start page and the lesson pages
// (Transactions, Offsets, Group lab) is cut or overlaps a neighbour, the transaction state diagram's boxes hold their
// labels and do not meet, the window fits 1024x768, and turning the mode off gives back the font, palette and docks it
// had.
#include "fixturewindow.h"
#include "helpmenu.h"
#include "mainwindow.h"
#include "presentationmode.h"
#include "startpage.h"
#include "testsupport.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/scenarios/lessonsteps.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/transactionpage.h"
#include "widgets/scenarios/txstatediagram.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextDocument>

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
    for (TxStateDiagram* d : page->findChildren<TxStateDiagram*>())
        if (shown(d, page) && !d->labelsFit())
            out.append(QStringLiteral("state diagram boxes (%1x%2)").arg(d->width()).arg(d->height()));
    return out;
}

} // namespace

class TestPresentation : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        m_window = test::openFixtureWindow();
        QVERIFY2(m_window, "no fixture broker: run through ctest");
        QTRY_COMPARE_WITH_TIMEOUT(m_window->session()->state(), ClusterSession::State::Connected, 30000);
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
                QTest::qWait(100);
                QCoreApplication::processEvents();
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
            QTest::qWait(100);
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
