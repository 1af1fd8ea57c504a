#pragma once

// Small helpers shared by the topic dialogs' source files.

#include <QLabel>
#include <QLocale>
#include <QString>

namespace kafkalab::detail {

inline const char* const kRed = "#c62828";
inline const char* const kAmber = "#b26a00";

// Shows `text` in `label` in `color` (none: the normal text color); hides the label while there is nothing to say.
inline void say(QLabel* label, const QString& text, const char* color = nullptr)
{
    label->setText(text);
    label->setStyleSheet(color ? QStringLiteral("color: %1;").arg(QLatin1String(color)) : QString());
    label->setVisible(!text.isEmpty());
}

// A count in the user's locale (1,000,000).
inline QString number(qint64 n)
{
    return QLocale().toString(qlonglong(n));
}

} // namespace kafkalab::detail
