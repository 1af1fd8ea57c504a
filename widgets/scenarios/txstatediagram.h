#pragma once

#include "kafkacore/scenarios/scenario.h"

#include <QWidget>

namespace kafkalab {

// The transactional producer's states, with the current one highlighted and the last transition named.
class TxStateDiagram : public QWidget {
    Q_OBJECT
public:
    explicit TxStateDiagram(QWidget* parent = nullptr);
    void setState(ProducerState state, const QString& transition);
    ProducerState state() const { return m_state; }
    QSize sizeHint() const override { return { 520, 190 }; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    ProducerState m_state = ProducerState::Uninitialised;
    QString m_transition;
};

} // namespace kafkalab
