// The main window's cluster switch: what runs on the current cluster, the question before stopping it, and
// letting go of everything that belonged to the old cluster.
#include "mainwindow.h"

#include "kafkacore/groups/grouplab.h"
#include "widgets/cluster/clusterbrowser.h"
#include "widgets/groups/grouplabpage.h"
#include "widgets/groups/groupspage.h"
#include "widgets/messages/messagebrowser.h"
#include "widgets/produce/producepage.h"
#include "widgets/replication/replicationpage.h"
#include "widgets/scenarios/offsetpage.h"
#include "widgets/scenarios/transactionpage.h"
#include "widgets/security/aclspage.h"

#include <QAbstractButton>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace kafkalab {

QMessageBox* MainWindow::switchConfirmation() const
{
    return m_switchBox.data();
}

QStringList MainWindow::runningLabs() const
{
    QStringList out;
    const QStringList members = m_lab->lab() ? m_lab->lab()->members() : QStringList();
    if (!members.isEmpty())
        out.append(members.size() == 1
                ? tr("the Group lab's member %1").arg(members.first())
                : tr("the Group lab's %1 members (%2)").arg(members.size()).arg(members.join(QLatin1String(", "))));
    if (m_lab->actionButton(tr("Stop traffic")))
        out.append(tr("the Group lab's traffic"));
    if (m_produce->running())
        out.append(tr("the Publish tab's generator run"));
    if (m_replication->drill()->state() != ReplicationDrill::State::Idle)
        out.append(tr("the Replication tab's drill"));
    if (m_offsets->ready())
        out.append(tr("the Offsets lesson's consumer (its lab topic is deleted)"));
    if (m_tx->ready())
        out.append(tr("the Transactions lesson's producers and consumers"));
    return out;
}

void MainWindow::confirmSwitch(const QString& target, const std::function<void()>& proceed)
{
    const QStringList running = runningLabs();
    if (running.isEmpty()) {
        proceed();
        return;
    }
    if (m_switchBox)
        return; // one question at a time
    auto* box = new QMessageBox(QMessageBox::Question, tr("Switch clusters"),
        tr("Connecting to %1 stops what runs on %2:").arg(target, m_session.name()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setInformativeText(QStringLiteral("• ") + running.join(QStringLiteral("\n• ")));
    box->button(QMessageBox::Yes)->setText(tr("Stop them and connect"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_switchBox = box;
    connect(box, &QMessageBox::finished, this, [this, box, proceed](int result) {
        QAbstractButton* clicked = box->clickedButton();
        const bool yes = clicked ? clicked == box->button(QMessageBox::Yes) : result == QMessageBox::Yes;
        m_switchBox = nullptr;
        if (yes)
            proceed();
    });
    box->open();
}

void MainWindow::dropConnection()
{
    m_produce->setConnection({});
    m_groups->setConnection({});
    m_lab->setConnection({});
    m_tx->setConnection({});
    m_offsets->setConnection({});
    m_messages->setConnection({});
    m_browser->setConnection({});
    m_replication->setConnection({});
    m_aclsPage->setConnection({});
    // The old cluster's counts and topic names.
    m_refreshLabel->clear();
    m_messages->setTopics({});
}

} // namespace kafkalab
