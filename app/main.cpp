#include "clusterbrowser.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTableView>
#include <QTimer>

#include <cstdio>

using namespace kafkalab;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("kafkalab"));
    QApplication::setApplicationName(QStringLiteral("kafkalab"));
    QApplication::setApplicationVersion(QStringLiteral(KAFKALAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("kafkalab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("kafkalab: a desktop lab for Apache Kafka"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption bootstrap(QStringLiteral("bootstrap"),
        QStringLiteral("Connect to these bootstrap servers "
                       "instead of the local sandbox."),
        QStringLiteral("host:port"));
    QCommandLineOption noSandbox(QStringLiteral("no-sandbox"), QStringLiteral("Do not start the local sandbox."));
    QCommandLineOption dataDir(QStringLiteral("data-dir"),
        QStringLiteral("Keep the sandbox's data in this directory between runs."), QStringLiteral("dir"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window once the cluster is shown, then quit."), QStringLiteral("png"));
    QCommandLineOption selectTopic(QStringLiteral("select-topic"),
        QStringLiteral("Select this topic once the cluster is shown."), QStringLiteral("topic"));
    parser.addOptions({ bootstrap, noSandbox, dataDir, screenshot, selectTopic });
    parser.process(app);

    MainWindowOptions options;
    options.bootstrap = parser.value(bootstrap);
    options.startSandbox = !parser.isSet(noSandbox);
    options.sandbox.dataDir = parser.value(dataDir);
    MainWindow window(options);
    window.show();

    const QString topic = parser.value(selectTopic);
    const QString shot = parser.value(screenshot);
    if (!topic.isEmpty() || !shot.isEmpty()) {
        auto* once = new QObject(&window);
        QObject::connect(window.session(), &ClusterSession::snapshotApplied, once, [&window, once, topic, shot] {
            if (!topic.isEmpty() && !window.browser()->selectTopic(topic))
                return; // not there yet; wait for the next snapshot
            delete once;
            if (shot.isEmpty())
                return;
            QTimer::singleShot(700, &window, [&window, shot] {
                const bool ok = window.grab().save(shot);
                std::fprintf(stderr, "%s %s\n", ok ? "saved" : "could not save", qPrintable(shot));
                window.close();
            });
        });
    }
    return QApplication::exec();
}
