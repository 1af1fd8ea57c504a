#include "helpmenu.h"

#include "mainwindow.h"
#include "startpage.h"

#include "kafkacore/sandbox/sandboxsetup.h"
#include "kafkacore/scenarios/scenarioengine.h"
#include "kafkacore/topics/topicadminclient.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/grouplessonbar.h"
#include "widgets/replication/replicationpage.h"
#include "widgets/scenarios/lessonbar.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/scenariobar.h"
#include "widgets/scenarios/transactionpage.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>
#include <utility>

namespace kafkalab {

namespace {

QString plain(QString text)
{
    return text.remove(QLatin1Char('&'));
}

QTableWidget* table(QWidget* parent, const QStringList& headers)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setWordWrap(true);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void addRow(QTableWidget* t, const QStringList& cells, const QVariant& data = {})
{
    const int row = t->rowCount();
    t->insertRow(row);
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells.at(c));
        item->setData(Qt::UserRole, data);
        t->setItem(row, c, item);
    }
}

QDialog* dialog(MainWindow* window, const QString& title)
{
    auto* d = new QDialog(window);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowTitle(title);
    return d;
}

} // namespace

QString aboutText()
{
    return QObject::tr("<h3>kafkalab %1</h3>"
                       "<p>A desktop lab for Apache Kafka: see where keyed messages land, watch groups rebalance, step "
                       "through transactions and offset commits, and inspect any cluster.</p>"
                       "<table>"
                       "<tr><td>Qt</td><td>%2 (built with %3)</td></tr>"
                       "<tr><td>librdkafka</td><td>%4</td></tr>"
                       "<tr><td>Kafka (the local sandbox)</td><td>%5</td></tr>"
                       "</table>")
        .arg(QStringLiteral(KAFKALAB_VERSION), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
            librdkafkaVersion(), sandbox::kafkaVersion());
}

QString openLesson(MainWindow* window, const QString& file)
{
    QString error;
    const std::optional<Scenario> s = loadScenario(file, &error);
    if (!s)
        return error;
    ScenarioBar* bar = nullptr;
    QWidget* page = nullptr;
    switch (lessonKind(*s)) {
    case LessonKind::Groups:
        page = window->groupLabPage();
        bar = window->groupLabPage()->lessonBar()->bar();
        break;
    case LessonKind::Offsets:
        page = window->offsetPage();
        bar = window->offsetPage()->bar();
        break;
    case LessonKind::Transactions:
        page = window->transactionPage();
        bar = window->transactionPage()->bar();
        break;
    case LessonKind::Replication:
        page = window->replicationPage();
        bar = window->replicationPage()->lessonBar()->bar();
        break;
    }
    window->tabs()->setCurrentWidget(page);
    bar->select(file);
    return {};
}

QString lessonFacts(const Scenario& lesson)
{
    const auto steps = lesson.steps.size();
    QStringList facts { steps == 1 ? QObject::tr("1 step") : QObject::tr("%1 steps").arg(steps) };
    if (lesson.durationS > 0)
        facts.append(durationText(lesson.durationS));
    facts.append(lessonKindTitle(lessonKind(lesson)));
    return facts.join(QStringLiteral(" · "));
}

void addLessonsMenu(MainWindow* window)
{
    QMenu* menu = window->menuBar()->addMenu(QObject::tr("&Lessons"));
    menu->setObjectName(QStringLiteral("lessonsMenu"));
    menu->setToolTipsVisible(true);
    const QList<LessonFile> files = lessonFiles(ScenarioEngine::scenarioDirectory());
    for (const LessonKind kind :
        { LessonKind::Groups, LessonKind::Transactions, LessonKind::Offsets, LessonKind::Replication }) {
        menu->addSection(lessonKindTitle(kind));
        for (const LessonFile& f : files) {
            if (!f.lesson || lessonKind(*f.lesson) != kind)
                continue;
            QString text = f.lesson->displayTitle();
            text.replace(QLatin1Char('&'), QStringLiteral("&&"));
            if (f.lesson->durationS > 0)
                text += QStringLiteral("\t") + durationText(f.lesson->durationS);
            QAction* a = menu->addAction(text, window, [window, path = f.path] {
                if (const QString error = openLesson(window, path); !error.isEmpty())
                    QMessageBox::warning(window, QObject::tr("Lessons"), error);
            });
            a->setObjectName(QStringLiteral("lesson_") + f.baseName);
            a->setToolTip(f.lesson->teaches.isEmpty() ? f.lesson->description : f.lesson->teaches);
        }
    }
    for (const LessonFile& f : files) // a broken file is named with its reason, not left out
        if (!f.lesson)
            menu->addAction(f.baseName)->setToolTip(f.error);
    menu->addSeparator();
    menu->addAction(
        QObject::tr("Every lesson, with what it teaches…"), window, [window] { lessonsDialog(window)->show(); });
}

QDialog* lessonsDialog(MainWindow* window)
{
    QDialog* d = dialog(window, QObject::tr("Lessons"));
    auto* t = table(d,
        { QObject::tr("Lesson"), QObject::tr("Tab"), QObject::tr("Steps"), QObject::tr("How long"),
            QObject::tr("What it teaches") });
    t->setObjectName(QStringLiteral("lessons"));
    for (const LessonFile& f : lessonFiles(ScenarioEngine::scenarioDirectory())) {
        if (!f.lesson) { // a broken file is listed with its reason, not left out
            addRow(t, { f.baseName + QStringLiteral(".json"), QString(), QString(), QString(), f.error });
            continue;
        }
        const Scenario& s = *f.lesson;
        addRow(t,
            { s.name, lessonKindTitle(lessonKind(s)), QString::number(s.steps.size()), durationText(s.durationS),
                s.teaches.isEmpty() ? s.description : s.teaches },
            f.path);
        t->item(t->rowCount() - 1, 4)
            ->setData(Qt::UserRole + 1,
                QStringLiteral("<b>%1</b><br>%2").arg(s.displayTitle().toHtmlEscaped(), s.description.toHtmlEscaped()));
    }
    t->resizeColumnsToContents();
    t->setColumnWidth(4, 360);
    auto* about = new QLabel(d); // the selected lesson's whole description (the table shows its start)
    about->setObjectName(QStringLiteral("lessonDescription"));
    about->setWordWrap(true);
    about->setMinimumHeight(about->fontMetrics().lineSpacing() * 4);
    about->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* note = new QLabel(QObject::tr("Open a lesson (or double-click it) to go to its tab with the lesson loaded; "
                                        "F10 steps through it."),
        d);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, d);
    QPushButton* open = buttons->addButton(QObject::tr("&Open"), QDialogButtonBox::AcceptRole);
    open->setEnabled(false);
    auto* layout = new QVBoxLayout(d);
    layout->addWidget(note);
    layout->addWidget(t, 1);
    layout->addWidget(about);
    layout->addWidget(buttons);
    const auto openSelected = [d, t, window] {
        const QList<QTableWidgetItem*> items = t->selectedItems();
        const QString file = items.isEmpty() ? QString() : items.first()->data(Qt::UserRole).toString();
        if (file.isEmpty())
            return;
        if (const QString error = openLesson(window, file); !error.isEmpty()) {
            QMessageBox::warning(d, QObject::tr("Lessons"), error);
            return;
        }
        d->accept();
    };
    QObject::connect(t, &QTableWidget::itemSelectionChanged, d, [t, open, about] {
        const QList<QTableWidgetItem*> items = t->selectedItems();
        open->setEnabled(!items.isEmpty() && !items.first()->data(Qt::UserRole).toString().isEmpty());
        about->setText(
            items.isEmpty() ? QString() : t->item(items.first()->row(), 4)->data(Qt::UserRole + 1).toString());
    });
    t->selectRow(0);
    QObject::connect(t, &QTableWidget::itemDoubleClicked, d, openSelected);
    QObject::connect(open, &QPushButton::clicked, d, openSelected);
    QObject::connect(buttons, &QDialogButtonBox::rejected, d, &QDialog::reject);
    d->resize(900, 480);
    return d;
}

QDialog* shortcutsDialog(MainWindow* window)
{
    QDialog* d = dialog(window, QObject::tr("Keyboard shortcuts"));
    auto* t = table(d, { QObject::tr("Keys"), QObject::tr("Does") });
    t->setObjectName(QStringLiteral("shortcuts"));
    // Read from the window itself: every action with a shortcut, every shortcut object that says what it does, and
    // the tabs' Alt+letter mnemonics.
    std::set<std::pair<QString, QString>> rows; // (keys, what they do): several pages share F10
    for (const QAction* a : window->findChildren<QAction*>()) {
        for (const QKeySequence& k : a->shortcuts())
            if (!k.isEmpty() && !a->text().isEmpty())
                rows.insert({ k.toString(QKeySequence::NativeText), plain(a->text()) });
    }
    for (const QShortcut* s : window->findChildren<QShortcut*>())
        if (!s->key().isEmpty() && !s->whatsThis().isEmpty())
            rows.insert({ s->key().toString(QKeySequence::NativeText), s->whatsThis() });
    // The menu bar's menus by their Alt+letter (the Lessons menu: every lesson, without a mouse).
    for (const QAction* menu : window->menuBar()->actions()) {
        const QString text = menu->text();
        const qsizetype amp = text.indexOf(QLatin1Char('&'));
        if (amp >= 0 && amp + 1 < text.size())
            rows.insert(
                { QKeySequence(QStringLiteral("Alt+") + text.at(amp + 1).toUpper()).toString(QKeySequence::NativeText),
                    QObject::tr("Open the %1 menu").arg(plain(text)) });
    }
    const QTabWidget* tabs = window->tabs();
    for (int i = 0; i < tabs->count(); ++i) {
        const QString text = tabs->tabText(i);
        const qsizetype amp = text.indexOf(QLatin1Char('&'));
        if (amp >= 0 && amp + 1 < text.size())
            rows.insert(
                { QKeySequence(QStringLiteral("Alt+") + text.at(amp + 1).toUpper()).toString(QKeySequence::NativeText),
                    QObject::tr("Go to the %1 tab").arg(plain(text)) });
    }
    for (const auto& [keys, does] : rows)
        addRow(t, { keys, does });
    t->sortItems(1);
    t->resizeColumnsToContents();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, d);
    QObject::connect(buttons, &QDialogButtonBox::rejected, d, &QDialog::reject);
    auto* layout = new QVBoxLayout(d);
    layout->addWidget(t, 1);
    layout->addWidget(buttons);
    d->resize(560, 420);
    return d;
}

QMessageBox* commandLineDialog(MainWindow* window)
{
    auto* box = new QMessageBox(QMessageBox::Information, QObject::tr("The command line"),
        QObject::tr("<p>Everything kafkalab does to a cluster, <code>kafkalab-cli</code> does headless, with the "
                    "same code: <code>kafkalab-cli --help</code> lists the commands, <code>kafkalab-cli COMMAND "
                    "--help</code> their options, and <code>man kafkalab-cli</code> (when installed) says it "
                    "all.</p><p>Try <code>kafkalab-cli sandbox</code>, <code>kafkalab-cli cluster --bootstrap "
                    "HOST:PORT --json</code>, <code>kafkalab-cli scenario run --junit report.xml "
                    "LESSON.json</code>, or any command with <code>--profile NAME</code> and a profile saved "
                    "here.</p>"),
        QMessageBox::Ok, window);
    box->setObjectName(QStringLiteral("commandLine"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    return box;
}

void addHelpMenu(MainWindow* window)
{
    QMenu* help = window->menuBar()->addMenu(QObject::tr("&Help"));
    help->addAction(
        QObject::tr("&Start page"), window, [window] { window->tabs()->setCurrentWidget(window->startPage()); });
    QAction* lessons = help->addAction(QObject::tr("&Lessons…"), window, [window] { lessonsDialog(window)->show(); });
    lessons->setShortcut(QKeySequence(Qt::Key_F1));
    help->addAction(QObject::tr("&Keyboard shortcuts…"), window, [window] { shortcutsDialog(window)->show(); });
    help->addAction(QObject::tr("The &command line…"), window, [window] { commandLineDialog(window)->open(); });
    help->addSeparator();
    help->addAction(QObject::tr("&About kafkalab"), window,
        [window] { QMessageBox::about(window, QObject::tr("About kafkalab"), aboutText()); });
}

} // namespace kafkalab
