#pragma once

#include "kafkacore/client/clientproperties.h"
#include "kafkacore/groups/grouplistmodel.h"

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
    void resetFinished(bool ok);

private:
    void showSelected();
    void dropMonitor();

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
    struct LagPoint {
        double atSec; // since the page opened
        double lag; // total, messages
        double timeLagSec; // negative: unknown
    };
    QHash<QString, QList<LagPoint>> m_lagHistory; // per group
    qint64 m_openedAtMs = 0;
    GroupResetBox* m_reset;
    QTimer m_timer;
};

} // namespace kafkalab
