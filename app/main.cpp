// kafkalab's start-up: options, the application, the main window. The demo and screenshot options are in
// demodriver.cpp.
#include "demodriver.h"
#include "mainwindow.h"
#include "presentationmode.h"

#include "kafkacore/topics/topicadminclient.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QImageReader>
#include <QPalette>

#include <cstdio>

using namespace kafkalab;

int main(int argc, char* argv[])
{
    QApplication::setOrganizationName(QStringLiteral("kafkalab"));
    QApplication::setApplicationName(QStringLiteral("kafkalab"));
    QApplication::setApplicationVersion(QStringLiteral(KAFKALAB_VERSION));
    // The installed desktop id (packaging/): Wayland finds the window's icon through it.
    QApplication::setDesktopFileName(QStringLiteral("io.github.kafkalab.kafkalab"));

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
    QCommandLineOption brokerHeap(QStringLiteral("broker-heap"),
        QStringLiteral("The sandbox broker's heap, like 768m or 2g (default: %1m, an eighth of this machine's memory, "
                       "512m to 2g).")
            .arg(sandbox::defaultHeapMb()),
        QStringLiteral("size"));

    QCommandLineOption brokers(QStringLiteral("brokers"),
        QStringLiteral("The local sandbox's size: 1 broker (default) or 3 (the replication lab)."), QStringLiteral("n"),
        QStringLiteral("1"));

    QCommandLineOption schemaRegistry(QStringLiteral("schema-registry"),
        QStringLiteral("Run a schema registry (Apicurio, in memory) next to the sandbox's broker."));
    QCommandLineOption security(QStringLiteral("sandbox-security"),
        QStringLiteral("The local sandbox's security: plaintext (default), sasl_plaintext, sasl_ssl or ssl (as the "
                       "toolbar's choice)."),
        QStringLiteral("protocol"), QStringLiteral("plaintext"));
    parser.addOptions({ bootstrap, noSandbox, dataDir, brokers, brokerHeap, schemaRegistry, security });
    const DemoDriver demos;
    demos.addOptions(parser);
    QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use a dark color scheme (Fusion style)."));
    parser.addOption(dark);
    QCommandLineOption presentation(QStringLiteral("presentation"),
        QStringLiteral("Start in presentation mode (large type, high contrast; F11 turns it off, Ctrl+= and Ctrl+- "
                       "scale it)."));
    parser.addOption(presentation);
    // Parsed before any window system is touched: --help, --version and mistakes are answered without a display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "kafkalab: %s\n(kafkalab --help lists the options)\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "kafkalab: unexpected argument '%s'\n(kafkalab --help lists the options)\n",
            qPrintable(parser.positionalArguments().first()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version"))) {
        QCoreApplication core(argc, argv);
        if (parser.isSet(QStringLiteral("version"))) {
            std::printf("kafkalab %s\nlibrdkafka %s\n", KAFKALAB_VERSION, qPrintable(librdkafkaVersion()));
            return 0;
        }
        parser.showHelp(0);
    }
    int heapMb = 0;
    if (parser.isSet(brokerHeap)) {
        QString why;
        const std::optional<int> mb
            = sandbox::parseHeapSize(parser.value(brokerHeap), sandbox::physicalMemoryMb(), &why);
        if (!mb) {
            std::fprintf(stderr, "kafkalab: --broker-heap: %s\n", qPrintable(why));
            return 2;
        }
        heapMb = *mb;
    }
    const QString brokerCount = parser.value(brokers);
    if (brokerCount != QLatin1String("1") && brokerCount != QLatin1String("3")) {
        std::fprintf(
            stderr, "kafkalab: --brokers: the sandbox runs 1 broker or 3, not '%s'\n", qPrintable(brokerCount));
        return 2;
    }
    const std::optional<sandbox::Security> sandboxSecurity = sandbox::securityFrom(parser.value(security));
    if (!sandboxSecurity) {
        std::fprintf(stderr, "kafkalab: --sandbox-security: '%s' is not plaintext, sasl_plaintext, sasl_ssl or ssl\n",
            qPrintable(parser.value(security)));
        return 2;
    }
    if (const QString error = demos.check(parser); !error.isEmpty()) {
        std::fprintf(stderr, "kafkalab: %s\n", qPrintable(error));
        return 2;
    }
    QApplication app(argc, argv);
    // From the resources (packaging/kafkalab.svg and PNGs made from it), so that it shows uninstalled too.
    QIcon icon;
    if (QImageReader::supportedImageFormats().contains("svg"))
        icon.addFile(QStringLiteral(":/icons/kafkalab.svg"));
    for (int size : { 32, 64, 256 })
        icon.addFile(QStringLiteral(":/icons/kafkalab-%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
    if (parser.isSet(dark)) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QPalette p;
        p.setColor(QPalette::Window, QColor(37, 37, 38));
        p.setColor(QPalette::WindowText, QColor(220, 220, 220));
        p.setColor(QPalette::Base, QColor(30, 30, 30));
        p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
        p.setColor(QPalette::Text, QColor(220, 220, 220));
        p.setColor(QPalette::Button, QColor(51, 51, 55));
        p.setColor(QPalette::ButtonText, QColor(220, 220, 220));
        p.setColor(QPalette::Highlight, QColor(38, 79, 120));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::ToolTipBase, QColor(45, 45, 48));
        p.setColor(QPalette::ToolTipText, QColor(220, 220, 220));
        p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
        QApplication::setPalette(p);
    }

    MainWindowOptions options;
    options.bootstrap = parser.value(bootstrap);
    options.startSandbox = !parser.isSet(noSandbox);
    options.sandbox.dataDir = parser.value(dataDir);
    options.sandbox.security = *sandboxSecurity;
    options.sandbox.heapMb = heapMb;
    options.sandbox.brokers = brokerCount.toInt();
    options.sandbox.schemaRegistry = parser.isSet(schemaRegistry);
    MainWindow window(options);
    window.show();
    if (parser.isSet(presentation))
        window.presentation()->setActive(true);

    if (const QString error = demos.start(window, parser); !error.isEmpty()) {
        std::fprintf(stderr, "kafkalab: %s\n", qPrintable(error));
        return 2;
    }
    return QApplication::exec();
}
