#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QMenu;
class QPushButton;

namespace kafkalab {

class LocalSandbox;

// The local sandbox's brokers and what can be done to each: stop (clean shutdown), kill (SIGKILL), pause (SIGSTOP),
// resume and start again on the same data. Bound to the LocalSandbox handle (which owns the processes); hidden while
// the window is not connected to the local sandbox. A refused or failed action is said beside the buttons.
class BrokerControls : public QWidget {
    Q_OBJECT
public:
    explicit BrokerControls(QWidget* parent = nullptr);

    void setSandbox(LocalSandbox* sandbox); // nullptr: hidden
    QComboBox* brokerBox() const { return m_broker; }
    QPushButton* button(const QString& action) const; // "stop", "kill", "pause", "resume", "start"
    QLabel* messageLabel() const { return m_message; }
    // The actions for broker `id` as menu entries (the brokers table's context menu).
    void addActions(QMenu* menu, int id);
    // Carries out `action` ("stop", ...) on broker `id`; the result is shown in messageLabel().
    void run(const QString& action, int id);

private:
    void refresh();

    QPointer<LocalSandbox> m_sandbox;
    QComboBox* m_broker;
    QList<QPushButton*> m_buttons;
    QLabel* m_message;
    QLabel* m_done;
};

} // namespace kafkalab
