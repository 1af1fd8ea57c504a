#pragma once

// The Help menu: the Start page (startpage.h), every shipped lesson (what it teaches, its steps, the tab that shows it;
// Open goes there and loads it), the keyboard shortcuts (read from the window's own actions, so the list is never out
// of date), the command line, and About with the versions of kafkalab, Qt, librdkafka and the sandbox's Kafka.

#include "kafkacore/scenarios/scenario.h"

#include <QString>

class QDialog;
class QMessageBox;

namespace kafkalab {

class MainWindow;

void addHelpMenu(MainWindow* window);
// The Lessons menu (menu bar, Alt+L): every shipped lesson under the tab that shows it, its title and how long it
// takes (what it teaches as the tooltip); choosing one opens that tab with the lesson loaded.
void addLessonsMenu(MainWindow* window);
// What a lesson list says of a lesson in one line: "12 steps · 40 s · Transactions".
QString lessonFacts(const Scenario& lesson);

// What About says (also what the tests check against the libraries themselves).
QString aboutText();
// Switches to the tab that can show the lesson in `file` and loads it there; an error (unreadable file) otherwise.
QString openLesson(MainWindow* window, const QString& file);
// The dialogs, made on demand (tests open them).
QDialog* lessonsDialog(MainWindow* window);
QDialog* shortcutsDialog(MainWindow* window);
// The command line in a few words (shown with open(): it does not block).
QMessageBox* commandLineDialog(MainWindow* window);

} // namespace kafkalab
