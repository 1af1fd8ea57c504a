#pragma once

// QCustomPlot through this header only: its header uses Qt's keywords (signals:, foreach), which the project
// turns off (QT_NO_KEYWORDS; our code writes Q_SIGNALS, Q_SLOTS, Q_EMIT). They are defined for that header alone.

#include <QtGlobal>

#ifdef QT_NO_KEYWORDS
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
#else
#include <qcustomplot.h>
#endif
