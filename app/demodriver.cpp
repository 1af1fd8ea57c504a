#include "demodriver.h"

#include "kafkacore/groups/groupcompare.h"
#include "mainwindow.h"
#include "startpage.h"
#include "widgets/cluster/clusterbrowser.h"
#include "widgets/groups/comparepanel.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/groupspage.h"
#include "widgets/messages/messagebrowser.h"
#include "widgets/produce/generatorpanel.h"
#include "widgets/produce/messagecomposer.h"
#include "widgets/produce/producepage.h"
#include "widgets/replication/replicationpage.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/transactionpage.h"
#include "widgets/schemas/schemaspage.h"
#include "widgets/security/aclspage.h"
#include "widgets/topics/topicdialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCommandLineParser>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <cstdio>

namespace kafkalab {

namespace {

const QStringList kTabs { QStringLiteral("start"), QStringLiteral("cluster"), QStringLiteral("messages"),
    QStringLiteral("publish"), QStringLiteral("groups"), QStringLiteral("lab"), QStringLiteral("transactions"),
    QStringLiteral("offsets"), QStringLiteral("replication"), QStringLiteral("acls"), QStringLiteral("schemas") };

// Saves a picture of the window after `delayMs` (the demos' --screenshot), then closes it.
void screenshotLater(QWidget& window, const QString& shot, int delayMs)
{
    QTimer::singleShot(delayMs, &window, [&window, shot] {
        const bool ok = window.grab().save(shot);
        std::fprintf(stderr, "%s %s\n", ok ? "saved" : "could not save", qPrintable(shot));
        window.close();
    });
}

} // namespace

DemoDriver::DemoDriver()
    : m_screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window once the cluster is shown, then quit."), QStringLiteral("png"))
    , m_selectTopic(QStringLiteral("select-topic"), QStringLiteral("Select this topic once the cluster is shown."),
          QStringLiteral("topic"))
    , m_tab(QStringLiteral("tab"),
          QStringLiteral("Open on this tab: start, cluster, messages, publish, groups, lab, transactions, offsets, "
                         "replication, acls or schemas."),
          QStringLiteral("name"))
    , m_generate(QStringLiteral("generate"),
          QStringLiteral("Once connected, publish N generated messages to the selected topic (a demo; with "
                         "--screenshot the picture is taken when the run is done)."),
          QStringLiteral("N"))
    , m_generateKeys(QStringLiteral("generate-keys"),
          QStringLiteral("Key strategy for --generate: aggregate:K, customer:K or zipf:K."), QStringLiteral("strategy"))
    , m_labDemo(QStringLiteral("lab-demo"),
          QStringLiteral("Once connected, start three members of one group on 'orders' with this assignor, then stop "
                         "one (a demo; with --screenshot the picture is taken after the rebalance)."),
          QStringLiteral("assignor"))
    , m_compareDemo(QStringLiteral("compare-demo"),
          QStringLiteral("Once connected, run the Group lab's compare on 'orders' with this eager assignor (range or "
                         "roundrobin) (a demo; with --screenshot the picture is taken when the run is done)."),
          QStringLiteral("assignor"))
    , m_txDemo(QStringLiteral("tx-demo"),
          QStringLiteral("On the Transactions tab, by hand: init, begin, send msg1 to topic1 and msg2 to topic2, and "
                         "leave the transaction open (a demo; with --screenshot the picture is taken then)."))
    , m_offsetsDemo(QStringLiteral("offsets-demo"),
          QStringLiteral("On the Offsets tab (or the Transactions tab, for its lessons), run this shipped scenario "
                         "to its end (a demo; with --screenshot the picture is taken then)."),
          QStringLiteral("scenario"))
    , m_readTopic(QStringLiteral("read-topic"),
          QStringLiteral("On the Messages tab, read this topic (newest 100 per partition) once connected, and select "
                         "the first message (a demo; with --screenshot the picture is taken then)."),
          QStringLiteral("topic"))
    , m_addPartitionsDemo(QStringLiteral("add-partitions-demo"),
          QStringLiteral("With --select-topic: group the topic list by convention and open Add partitions for the "
                         "topic with a preview of doubling its partitions (a demo; with --screenshot the picture is "
                         "taken then)."))
    , m_selectGroup(QStringLiteral("select-group"),
          QStringLiteral("Select this consumer group on the Groups tab once it is listed."), QStringLiteral("group"))
{
}

void DemoDriver::addOptions(QCommandLineParser& parser) const
{
    parser.addOptions({ m_screenshot, m_selectTopic, m_tab, m_generate, m_generateKeys, m_labDemo, m_compareDemo,
        m_selectGroup, m_txDemo, m_offsetsDemo, m_readTopic, m_addPartitionsDemo });
}

QString DemoDriver::check(const QCommandLineParser& parser) const
{
    if (parser.isSet(m_tab) && !kTabs.contains(parser.value(m_tab)))
        return QStringLiteral("--tab takes one of %1, not '%2'")
            .arg(kTabs.join(QLatin1String(", ")), parser.value(m_tab));
    if (parser.isSet(m_compareDemo) && parser.value(m_compareDemo) != QLatin1String("range")
        && parser.value(m_compareDemo) != QLatin1String("roundrobin"))
        return QStringLiteral("--compare-demo takes range or roundrobin, not '%1'").arg(parser.value(m_compareDemo));
    if (parser.isSet(m_generate)) {
        bool ok = false;
        const qlonglong n = parser.value(m_generate).toLongLong(&ok);
        if (!ok || n < 1 || n > 10'000'000)
            return QStringLiteral("--generate takes a message count from 1 to 10000000, not '%1'")
                .arg(parser.value(m_generate));
    }
    return {};
}

QString DemoDriver::start(MainWindow& window, const QCommandLineParser& parser) const
{
    const QCommandLineOption& screenshot = m_screenshot;
    const QCommandLineOption& selectTopic = m_selectTopic;
    const QCommandLineOption& tab = m_tab;
    const QCommandLineOption& generate = m_generate;
    const QCommandLineOption& generateKeys = m_generateKeys;
    const QCommandLineOption& labDemo = m_labDemo;
    const QCommandLineOption& txDemo = m_txDemo;
    const QCommandLineOption& offsetsDemo = m_offsetsDemo;
    const QCommandLineOption& readTopic = m_readTopic;
    const QCommandLineOption& addPartitionsDemo = m_addPartitionsDemo;
    const QCommandLineOption& selectGroup = m_selectGroup;
    if (parser.value(tab) == QLatin1String("start"))
        window.tabs()->setCurrentWidget(window.startPage());
    else if (parser.value(tab) == QLatin1String("cluster"))
        window.tabs()->setCurrentWidget(window.browser());
    else if (parser.value(tab) == QLatin1String("publish"))
        window.tabs()->setCurrentWidget(window.producePage());
    else if (parser.value(tab) == QLatin1String("groups"))
        window.tabs()->setCurrentWidget(window.groupsPage());
    else if (parser.value(tab) == QLatin1String("lab"))
        window.tabs()->setCurrentWidget(window.groupLabPage());
    else if (parser.value(tab) == QLatin1String("transactions"))
        window.tabs()->setCurrentWidget(window.transactionPage());
    else if (parser.value(tab) == QLatin1String("offsets"))
        window.tabs()->setCurrentWidget(window.offsetPage());
    else if (parser.value(tab) == QLatin1String("messages"))
        window.tabs()->setCurrentWidget(window.messageBrowser());
    else if (parser.value(tab) == QLatin1String("replication"))
        window.tabs()->setCurrentWidget(window.replicationPage());
    else if (parser.value(tab) == QLatin1String("acls"))
        window.tabs()->setCurrentWidget(window.aclsPage());
    else if (parser.value(tab) == QLatin1String("schemas"))
        window.tabs()->setCurrentWidget(window.schemasPage());
    if (const QString topicToRead = parser.value(readTopic); !topicToRead.isEmpty()) {
        MessageBrowser* browser = window.messageBrowser();
        window.tabs()->setCurrentWidget(browser);
        auto* once = new QObject(&window);
        QObject::connect(window.session(), &ClusterSession::snapshotApplied, once, [browser, once, topicToRead] {
            delete once;
            browser->topicBox()->setCurrentText(topicToRead);
            browser->startRead();
        });
        QObject::connect(
            browser, &MessageBrowser::readFinished, browser, [&window, browser, shot = parser.value(screenshot)] {
                browser->table()->selectRow(0);
                if (!shot.isEmpty())
                    screenshotLater(window, shot, 1000);
            });
    }
    if (const QString name = parser.value(offsetsDemo); !name.isEmpty()) {
        // The Offsets tab's lesson, or the Transactions tab's (the schema lesson among them).
        ScenarioStepperPage* page = window.offsetPage();
        if (page->scenarioBox()->findText(name) < 0)
            page = window.transactionPage();
        const int index = page->scenarioBox()->findText(name);
        if (index < 0) {
            return QStringLiteral("no offset or transaction scenario named %1").arg(name);
        }
        page->scenarioBox()->setCurrentIndex(index);
        window.tabs()->setCurrentWidget(page);
        QObject::connect(
            page, &ScenarioStepperPage::prepared, page, [page, &window, shot = parser.value(screenshot)](bool ok) {
                if (ok)
                    page->button(QStringLiteral("Run to end"))->click();
                else if (!shot.isEmpty()) // refused (say, a schema lesson without a registry): the picture shows why
                    screenshotLater(window, shot, 800);
            });
        QObject::connect(page, &ScenarioStepperPage::finished, page, [&window, shot = parser.value(screenshot)] {
            if (!shot.isEmpty())
                screenshotLater(window, shot, 800);
        });
    }
    const QString demoAssignor = parser.value(labDemo);
    const QString compareAssignor = parser.value(m_compareDemo);
    if (parser.isSet(txDemo)) {
        // Each click waits for the previous step's observation.
        TransactionPage* tx = window.transactionPage();
        auto* steps = new QStringList { QStringLiteral("Init"), QStringLiteral("Begin"), QStringLiteral("Send"),
            QStringLiteral("Send") };
        auto next = [tx, steps, &window, shot = parser.value(screenshot)] {
            if (steps->isEmpty()) {
                if (!shot.isEmpty())
                    screenshotLater(window, shot, 800);
                return;
            }
            const QString b = steps->takeFirst();
            if (b == QLatin1String("Send") && steps->isEmpty()) {
                tx->topicBox()->setCurrentText(QStringLiteral("topic2"));
                tx->valueEdit()->setText(QStringLiteral("msg2"));
            }
            tx->button(b)->click();
        };
        QObject::connect(tx, &TransactionPage::prepared, tx, next);
        QObject::connect(tx, &TransactionPage::stepObserved, tx, next);
    }
    if (const QString group = parser.value(selectGroup); !group.isEmpty()) {
        auto* once = new QObject(&window);
        QObject::connect(
            window.groupsPage(), &GroupsPage::refreshed, once, [&window, once, group, shot = parser.value(screenshot)] {
                if (!window.groupsPage()->selectGroup(group))
                    return;
                delete once;
                if (!shot.isEmpty())
                    screenshotLater(window, shot, 3000);
            });
    }
    const QString topic = parser.value(selectTopic);
    const int generateCount = parser.value(generate).toInt();
    const QString keyStrategy = parser.value(generateKeys);
    if (!keyStrategy.isEmpty()) {
        static const QStringList kinds { QStringLiteral("aggregate"), QStringLiteral("customer"),
            QStringLiteral("zipf") };
        const int kind = int(kinds.indexOf(keyStrategy.section(QLatin1Char(':'), 0, 0)));
        if (kind < 0) {
            return QStringLiteral("--generate-keys takes aggregate:K, customer:K or zipf:K");
        }
        window.producePage()->generator()->strategyBox()->setCurrentIndex(kind);
        window.producePage()->generator()->entitiesSpin()->setValue(keyStrategy.section(QLatin1Char(':'), 1).toInt());
    }
    const QString shot = parser.value(screenshot);
    if ((!topic.isEmpty() || !shot.isEmpty() || !demoAssignor.isEmpty() || !compareAssignor.isEmpty())
        && parser.value(selectGroup).isEmpty() && !parser.isSet(txDemo) && !parser.isSet(offsetsDemo)
        && !parser.isSet(readTopic)) {
        auto* once = new QObject(&window);
        QObject::connect(window.session(), &ClusterSession::snapshotApplied, once,
            [&window, once, topic, shot, generateCount, demoAssignor, compareAssignor,
                partitionsDemo = parser.isSet(addPartitionsDemo)] {
                if (!topic.isEmpty() && !window.browser()->selectTopic(topic))
                    return; // not there yet; wait for the next snapshot
                delete once;
                if (!topic.isEmpty())
                    window.producePage()->composer()->topicBox()->setCurrentText(topic);
                if (partitionsDemo) {
                    window.browser()->groupByConventionBox()->setChecked(true);
                    QObject::connect(
                        window.browser(), &ClusterBrowser::dialogOpened, &window, [&window, shot](QDialog* d) {
                            auto* add = qobject_cast<AddPartitionsDialog*>(d);
                            if (!add)
                                return;
                            add->countSpin()->setValue(add->countSpin()->minimum() * 2 - 2);
                            QTimer::singleShot(300, add, [add] { add->previewButton()->click(); });
                            // The picture: the dialog over the window, once the preview is shown.
                            QObject::connect(add, &AddPartitionsDialog::previewed, add, [&window, add, shot] {
                                if (shot.isEmpty())
                                    return;
                                QTimer::singleShot(800, add, [&window, add, shot] {
                                    QPixmap picture = window.grab();
                                    QPainter painter(&picture);
                                    const QPixmap dialog = add->grab();
                                    painter.drawPixmap((picture.width() - dialog.width()) / 2,
                                        (picture.height() - dialog.height()) / 2, dialog);
                                    painter.end();
                                    const bool ok = picture.save(shot);
                                    std::fprintf(stderr, "%s %s\n", ok ? "saved" : "could not save", qPrintable(shot));
                                    window.close();
                                });
                            });
                        });
                    window.browser()->openAddPartitions();
                    return;
                }
                auto takeShot = [&window, shot] {
                    if (shot.isEmpty())
                        return;
                    screenshotLater(window, shot, 1500);
                };
                if (!compareAssignor.isEmpty()) {
                    ComparePanel* compare = window.groupLabPage()->comparePanel();
                    window.groupLabPage()->views()->setCurrentWidget(compare);
                    compare->topicEdit()->setText(QStringLiteral("orders"));
                    compare->eagerAssignorBox()->setCurrentText(compareAssignor);
                    QObject::connect(compare->compare(), &GroupCompare::finished, &window, [&window, shot] {
                        if (!shot.isEmpty())
                            screenshotLater(window, shot, 1500);
                    });
                    compare->run();
                } else if (!demoAssignor.isEmpty()) {
                    GroupLabPage* lab = window.groupLabPage();
                    lab->assignorBox()->setCurrentText(demoAssignor);
                    lab->sessionTimeoutSpin()->setValue(6000);
                    for (int i = 0; i < 3; ++i)
                        lab->addButton()->click();
                    QTimer::singleShot(6000, &window, [lab] { lab->lab()->leave(QStringLiteral("C")); });
                    QTimer::singleShot(9000, &window, [lab] { lab->lab()->crash(QStringLiteral("B")); });
                    QTimer::singleShot(19000, &window, takeShot);
                } else if (generateCount > 0) {
                    window.producePage()->showGenerator();
                    window.producePage()->generator()->countSpin()->setValue(generateCount);
                    QObject::connect(window.producePage(), &ProducePage::runFinished, &window, takeShot);
                    window.producePage()->generator()->startButton()->click();
                } else {
                    takeShot();
                }
            });
    }
    return {};
}

} // namespace kafkalab
