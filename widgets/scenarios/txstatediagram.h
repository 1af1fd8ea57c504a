#pragma once

#include "kafkacore/scenarios/scenario.h"

#include <QWidget>

namespace kafkalab {

// A transactional producer's states, with the current one highlighted (red when fatal or fenced) and the last
// transition named under the producer's name.
class TxStateDiagram : public QWidget {
    Q_OBJECT
public:
    explicit TxStateDiagram(QWidget* parent = nullptr);
    void setState(ProducerState state, const QString& transition);
    ProducerState state() const { return m_state; }
    void setProducer(const QString& name); // the actor it follows, named on the transition line
    QString producer() const { return m_producer; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // Every state's label fits its box, no two boxes meet, and all are inside the widget (tests check this at the
    // presentation mode's sizes).
    bool labelsFit() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QList<double> columnWidths() const;
    double columnGap() const;
    double boxHeight() const;
    double lineHeight() const;
    QList<QRectF> boxes() const;
    ProducerState m_state = ProducerState::Uninitialised;
    QString m_transition;
    QString m_producer;
};

} // namespace kafkalab
