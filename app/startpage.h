#pragma once

// The Start tab: what cluster the window is on (the local sandbox starting, ready at its address, another cluster,
// not connected; bound to the window's ClusterSession and LocalSandbox, never a fixed text) and what to try first, each
// step a button that goes there: Publish, Messages, the Group lab and a rebalance lesson, the two steppers,
// Replication (it says how many brokers the cluster has: the lab wants three), every lesson (Help → Lessons) and the
// command line; then every shipped lesson with what it teaches, its steps, how long and its tab, each a button that
// opens the tab with the lesson loaded. The window opens on it while "Show this page at start" is checked (QSettings
// "start/show", on by default); Help → Start page and Alt+S come back to it.

#include <QPointer>
#include <QWidget>

#include <functional>

class QAbstractButton;
class QCheckBox;
class QGridLayout;
class QLabel;
class QPushButton;

namespace kafkalab {

class LocalSandbox;
class MainWindow;

class StartPage : public QWidget {
    Q_OBJECT
public:
    explicit StartPage(MainWindow* window);

    // The window opens on this page (the user's choice, remembered; on by default).
    static bool showAtStart();

    QLabel* clusterLabel() const { return m_cluster; }
    QLabel* replicationLabel() const { return m_replicationNote; }
    QCheckBox* showAtStartBox() const { return m_showAtStart; }
    // A step's button by its name: publish, messages, grouplab, lesson, transactions, offsets, replication, lessons,
    // cli.
    QAbstractButton* stepButton(const QString& name) const;
    // A lesson's button in the Lessons box, by its file's base name ("zombie-fencing").
    QAbstractButton* lessonButton(const QString& baseName) const;

protected:
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fitToVisibleArea();
    QLabel* addStep(const QString& name, const QString& title, const QString& text, const std::function<void()>& go);
    void watchSandbox();
    void updateCluster();
    QString clusterText() const;
    QString topicNote(const QString& topic) const;

    MainWindow* m_window;
    QWidget* m_content = nullptr;
    QPointer<QWidget> m_visibleArea; // the window's central scroll area's viewport
    QPointer<LocalSandbox> m_sandbox;
    QString m_sandboxStep; // what the starting sandbox said last
    QLabel* m_cluster = nullptr;
    QPushButton* m_startSandbox = nullptr;
    QLabel* m_publishNote = nullptr;
    QLabel* m_replicationNote = nullptr;
    QCheckBox* m_showAtStart = nullptr;
    QGridLayout* m_steps = nullptr;
};

} // namespace kafkalab
