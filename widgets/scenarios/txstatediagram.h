#pragma once

#include <QWidget>

namespace kafkalab {

// The transactional producer's states, with the current one highlighted and the last transition named.
class TxStateDiagram : public QWidget {
    Q_OBJECT
public:
    explicit TxStateDiagram(QWidget* parent = nullptr);
    void setState(const QString& state, const QString& transition);
    QString state() const { return m_state; }
    QSize sizeHint() const override { return { 520, 190 }; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_state = QStringLiteral("uninitialised");
    QString m_transition;
};

} // namespace kafkalab
