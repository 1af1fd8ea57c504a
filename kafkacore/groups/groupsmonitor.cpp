#include "kafkacore/groups/groupsmonitor.h"

#include "kafkacore/groups/groupsworker.h"

namespace kafkalab {

GroupsMonitor::GroupsMonitor(QList<ClientProperty> properties, QObject* parent, int timeoutMs)
    : QObject(parent)
    , m_thread(QStringLiteral("kafkalab-groups"))
{
    m_worker = m_thread.adopt(new GroupsWorker(std::move(properties), m_thread.stopToken(), timeoutMs));
    connect(m_worker, &GroupsWorker::refreshed, this, &GroupsMonitor::refreshed);
    connect(m_worker, &GroupsWorker::described, this, &GroupsMonitor::described);
    connect(m_worker, &GroupsWorker::resetDone, this, &GroupsMonitor::resetDone);
}

GroupsMonitor::~GroupsMonitor()
{
    retire();
}

void GroupsMonitor::retire()
{
    if (!m_worker)
        return;
    // Answers already queued to this object are dropped: nobody asked for them any more.
    if (m_thread.isRunning()) // else joinAll() (application exit) has ended the thread and deleted the worker
        disconnect(m_worker, nullptr, this, nullptr);
    m_worker = nullptr;
    m_thread.retire();
}

void GroupsMonitor::refresh()
{
    m_thread.post(m_worker, [](GroupsWorker* w) { w->refresh(); });
}

void GroupsMonitor::describe(const QStringList& groups)
{
    m_thread.post(m_worker, [groups](GroupsWorker* w) { w->describe(groups); });
}

void GroupsMonitor::reset(const QString& group, const QString& topic, const QString& target, bool dryRun)
{
    m_thread.post(m_worker, [=](GroupsWorker* w) { w->reset(group, topic, target, dryRun); });
}

} // namespace kafkalab
