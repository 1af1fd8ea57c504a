#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/groups/grouplistmodel.h"
#include "kafkacore/groups/lagtrend.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;

namespace kafkalab {

class GroupResetBox;
class GroupsMonitor;

// The consumer groups of any cluster: a filterable list, the selected group's members, offsets and lag (with a lag
// chart while the page is open), and resetting offsets with a preview.
class GroupsPage : public QWidget {
    Q_OBJECT
public:
    explicit GroupsPage(QWidget* parent = nullptr);
    ~GroupsPage() override;

    void setConnection(const QList<ClientProperty>& properties);
    void refresh();
    // How often the groups are read while the page is seen (5 s); never while it is hidden or minimized.
    void setRefreshInterval(int ms);
    int refreshInterval() const { return m_timer.interval(); }
    bool polling() const { return m_timer.isActive(); }
    const LagSeries& lagHistory() const { return m_lagHistory; } // the chart's points: 30 min, groups that exist
    bool selectGroup(const QString& id);

    GroupListModel* groups() { return &m_groups; }
    QTableView* groupView() const { return m_groupView; }
    QTableWidget* memberTable() const { return m_members; }
    QTableWidget* offsetTable() const { return m_offsets; }
    GroupResetBox* resetBox() const { return m_reset; }
    QTableWidget* previewTable() const;
    QComboBox* resetTopic() const;
    QPushButton* previewButton() const;
    QPushButton* applyButton() const;
    QLabel* resetMessage() const; // why a preview or a reset could not be made
    QLabel* statusLabel() const { return m_status; }
    QCustomPlot* lagPlot() const { return m_lagPlot; }

Q_SIGNALS:
    void refreshed();
    void refreshRequested(); // the page asked its monitor for every group
    void resetFinished(bool ok);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showSelected();
    void dropMonitor();
    void poll();
    void resumePolling();
    bool seen() const;

    QList<ClientProperty> m_connection;
    GroupsMonitor* m_monitor = nullptr; // a child; replaced (and retired, never waited for) at a connection change
    bool m_busy = false;
    int m_generation = 0; // of the connection; answers of an earlier one are dropped
    GroupListModel m_groups;
    QTableView* m_groupView;
    QComboBox* m_stateFilter;
    QSpinBox* m_minLag;
    QLineEdit* m_search;
    QLabel* m_status;
    QLabel* m_title;
    QTableWidget* m_members;
    QTableWidget* m_offsets;
    QCustomPlot* m_lagPlot;
    LagSeries m_lagHistory; // per group, bounded in time and in groups
    qint64 m_openedAtMs = 0;
    GroupResetBox* m_reset;
    QTimer m_timer;
    bool m_stale = false; // a poll was skipped while the page was not seen
};

} // namespace kafkalab
