#pragma once

#include <QLabel>

namespace kafkalab {

// The red message that sits under the field it is about; hidden while there is nothing to say.
inline QLabel* makeErrorLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #c62828;"));
    label->hide();
    return label;
}

} // namespace kafkalab
