#pragma once

// The gui tests' common start: the main window, on the ctest fixture's broker, with settings of its own.

#include "mainwindow.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QSettings>

#include <memory>

namespace kafkalab::test {

// Null when the fixture's bootstrap file is missing (the caller's QVERIFY then says so).
inline std::unique_ptr<MainWindow> openFixtureWindow()
{
    QCoreApplication::setOrganizationName(QStringLiteral("kafkalab-tests"));
    QSettings().clear();
    // The window opens on the Cluster tab (or the tab it was left on), as for a user who unticked "Show this page at
    // start": the tests drive the pages, not the Start page (test_startpage does).
    QSettings().setValue(QStringLiteral("start/show"), false);
    MainWindowOptions options;
    options.bootstrap = fixtureBootstrap();
    if (options.bootstrap.isEmpty())
        return nullptr;
    auto window = std::make_unique<MainWindow>(options);
    window->show();
    return window;
}

} // namespace kafkalab::test
