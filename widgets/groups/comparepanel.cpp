#include "widgets/groups/comparepanel.h"

#include "kafkacore/cluster/clustersession.h"
#include "kafkacore/groups/groupcompare.h"
#include "kafkacore/groups/grouplab.h"
#include "widgets/common/errorlabel.h"
#include "widgets/common/readonlytable.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kafkalab {

ComparePanel::ComparePanel(ClusterSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    m_topic = new QLineEdit(QStringLiteral("orders"), this);
    m_topic->setToolTip(tr("The topic the three groups read (at least 4 partitions); traffic goes to it"));
    m_eager = new QComboBox(this);
    m_eager->addItems({ QStringLiteral("range"), QStringLiteral("roundrobin") });
    m_eager->setToolTip(tr("The eager group's assignor"));
    m_remote = new QComboBox(this);
    m_remote->addItems(assignorsFor(QStringLiteral("consumer")));
    m_remote->setToolTip(tr("The consumer-protocol group's assignor (the broker's)"));
    m_run = new QPushButton(tr("Compare"), this);
    m_run->setToolTip(tr("Same script on three groups at once: three members each under traffic, member 2 crashes, "
                         "a fourth member joins"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_error = makeErrorLabel(this);
    m_results = makeReadOnlyTable({ tr("Group"), tr("Partition-s\nwithout owner"), tr("Partitions\nrevoked"),
                                      tr("Messages\ndelayed"), tr("Messages\nconsumed") },
        this);
    m_results->setObjectName(QStringLiteral("compareResults"));
    m_results->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_results->horizontalHeader()->setStretchLastSection(false);
    m_results->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_results->setMinimumHeight(m_results->fontMetrics().height() * 7);
    const QString window = tr("Counted from the timeline over the window from the first stable assignment of all "
                              "three groups to the end of the script.");
    m_results->horizontalHeaderItem(1)->setToolTip(window + QLatin1Char('\n')
        + tr("The sum over the group's partitions of the seconds in which no running member owned the partition "
             "(between a revoke, lost, crash or stall and the next assign)."));
    m_results->horizontalHeaderItem(2)->setToolTip(window + QLatin1Char('\n')
        + tr("Partitions live members had to give up: each partition in each revoke or lost callback. A crashed "
             "member's partitions are not counted (nobody revoked them)."));
    m_results->horizontalHeaderItem(3)->setToolTip(window + QLatin1Char('\n')
        + tr("Messages the group consumed that were produced (message timestamp) while their partition had no "
             "owner in the group: they waited for the rebalance."));
    m_results->horizontalHeaderItem(4)->setToolTip(
        window + QLatin1Char('\n') + tr("Distinct messages the group consumed that were produced in the window."));
    // Two rows: the topic, then the assignors and the button (one row was wider than the page's column at 150 %).
    auto* topicRow = new QHBoxLayout;
    topicRow->addWidget(new QLabel(tr("Compare on topic"), this));
    topicRow->addWidget(m_topic, 1);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("eager:"), this));
    bar->addWidget(m_eager);
    bar->addWidget(new QLabel(tr("broker:"), this));
    bar->addWidget(m_remote);
    bar->addStretch(1);
    bar->addWidget(m_run);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(topicRow);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(m_status);
    layout->addWidget(m_results, 1);
    connect(m_run, &QPushButton::clicked, this, &ComparePanel::run);
    m_run->setEnabled(false);
}

void ComparePanel::bind(GroupLab* lab, const QList<ClientProperty>& connection)
{
    delete m_compare; // its members belong to the old lab, which goes too
    m_compare = new GroupCompare(lab, connection, this);
    connect(m_compare, &GroupCompare::progress, this, [this](const QString& phase) { m_status->setText(phase); });
    connect(m_compare, &GroupCompare::finished, this, &ComparePanel::showResults);
    m_run->setEnabled(!connection.isEmpty());
    m_run->setText(tr("Compare"));
    m_results->setRowCount(0);
    m_status->clear();
    m_error->setVisible(false);
}

void ComparePanel::run()
{
    if (!m_compare)
        return;
    if (m_compare->isRunning()) {
        m_compare->cancel();
        return;
    }
    GroupCompare::Settings s;
    s.topic = m_topic->text().trimmed();
    const TopicInfo* info = m_session->snapshot().topic(s.topic);
    s.partitions = info ? int(info->partitions.size()) : 0;
    s.eagerAssignor = m_eager->currentText();
    s.consumerAssignor = m_remote->currentText();
    s.groupPrefix = QStringLiteral("compare-%1").arg(QDateTime::currentMSecsSinceEpoch() % 100000);
    QString problem = s.topic.isEmpty() || info ? GroupCompare::settingsError(s)
                                                : tr("'%1' is not a topic of this cluster").arg(s.topic);
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    if (!problem.isEmpty())
        return;
    m_results->setRowCount(0);
    m_run->setText(tr("Cancel compare"));
    m_compare->start(s);
}

void ComparePanel::showResults(const QString& error)
{
    m_run->setText(tr("Compare"));
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    if (!error.isEmpty())
        return;
    const QList<CompareLane> lanes = m_compare->lanes();
    m_status->setText(tr("Done: %1 s of script, then every member left")
                          .arg(double(m_compare->windowToMs() - m_compare->windowFromMs()) / 1000.0, 0, 'f', 1));
    m_results->setRowCount(int(lanes.size()));
    for (int r = 0; r < lanes.size(); ++r) {
        const CompareLane& l = lanes[r];
        const QStringList cells { l.label, QString::number(l.metrics.unownedPartitionSeconds, 'f', 1),
            QString::number(l.metrics.revoked), QString::number(l.metrics.delayed),
            QString::number(l.metrics.consumed) };
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            else
                item->setToolTip(tr("group %1, members %2").arg(l.groupId, l.members.join(QLatin1String(", "))));
            m_results->setItem(r, c, item);
        }
    }
}

} // namespace kafkalab
