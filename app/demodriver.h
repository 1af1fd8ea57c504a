#pragma once

// The demo and screenshot driver (scripts/screenshot uses it): --screenshot, --tab, --select-topic, --generate,
// --lab-demo, --compare-demo, --tx-demo, --offsets-demo, --read-topic, --add-partitions-demo and --select-group drive
// the main window through a scene and save a picture of it.

#include <QCommandLineOption>
#include <QString>

class QCommandLineParser;

namespace kafkalab {

class MainWindow;

class DemoDriver {
public:
    DemoDriver();
    void addOptions(QCommandLineParser& parser) const;
    // Before any window system is touched: empty, or what is wrong with the demo options (exit code 2).
    QString check(const QCommandLineParser& parser) const;
    // Arranges the scene the options ask for on `window` (shown): empty, or what is wrong (exit code 2).
    QString start(MainWindow& window, const QCommandLineParser& parser) const;

private:
    QCommandLineOption m_screenshot;
    QCommandLineOption m_selectTopic;
    QCommandLineOption m_tab;
    QCommandLineOption m_generate;
    QCommandLineOption m_generateKeys;
    QCommandLineOption m_labDemo;
    QCommandLineOption m_compareDemo;
    QCommandLineOption m_txDemo;
    QCommandLineOption m_offsetsDemo;
    QCommandLineOption m_readTopic;
    QCommandLineOption m_addPartitionsDemo;
    QCommandLineOption m_selectGroup;
};

} // namespace kafkalab
