// The scenario vocabulary: actions and states, their spellings in a scenario file, and which actor may take which
// action.
#include "kafkacore/scenarios/scenario.h"

#include <algorithm>
#include <array>
#include <utility>

namespace kafkalab {

namespace {

constexpr std::array kActions {
    std::pair { ScenarioAction::InitTransactions, "init_transactions" },
    std::pair { ScenarioAction::Begin, "begin" },
    std::pair { ScenarioAction::Send, "send" },
    std::pair { ScenarioAction::SendOffsets, "send_offsets" },
    std::pair { ScenarioAction::Commit, "commit" },
    std::pair { ScenarioAction::Abort, "abort" },
    std::pair { ScenarioAction::Flush, "flush" },
    std::pair { ScenarioAction::Close, "close" },
    std::pair { ScenarioAction::Poll, "poll" },
    std::pair { ScenarioAction::Process, "process" },
    std::pair { ScenarioAction::Seek, "seek" },
    std::pair { ScenarioAction::Crash, "crash" },
    std::pair { ScenarioAction::Restart, "restart" },
    std::pair { ScenarioAction::Wait, "wait" },
    std::pair { ScenarioAction::Expect, "expect" },
    std::pair { ScenarioAction::Start, "start" },
    std::pair { ScenarioAction::WaitStable, "wait_stable" },
    std::pair { ScenarioAction::Broker, "broker" },
    std::pair { ScenarioAction::CheckLedger, "check_ledger" },
    std::pair { ScenarioAction::AlterTopic, "alter_topic" },
    std::pair { ScenarioAction::ElectLeaders, "elect_leaders" },
    std::pair { ScenarioAction::RegisterSchema, "register_schema" },
    std::pair { ScenarioAction::SchemaCompatibility, "schema_compatibility" },
    std::pair { ScenarioAction::Acl, "acl" },
};

constexpr std::array kProducerStates {
    std::pair { ProducerState::Uninitialised, "uninitialised" },
    std::pair { ProducerState::Ready, "ready" },
    std::pair { ProducerState::InTransaction, "in_transaction" },
    std::pair { ProducerState::Committing, "committing" },
    std::pair { ProducerState::Aborting, "aborting" },
    std::pair { ProducerState::AbortableError, "abortable_error" },
    std::pair { ProducerState::FatalError, "fatal_error" },
    std::pair { ProducerState::Fenced, "fenced" },
    std::pair { ProducerState::Closed, "closed" },
};

constexpr std::array kConsumerStates {
    std::pair { ConsumerState::Running, "running" },
    std::pair { ConsumerState::Crashed, "crashed" },
    std::pair { ConsumerState::Closed, "closed" },
};

template <class Table, class E> QString nameIn(const Table& table, E value)
{
    for (const auto& [v, name] : table)
        if (v == value)
            return QString::fromLatin1(name);
    return QString();
}

template <class E, class Table> std::optional<E> parseIn(const Table& table, const QString& name)
{
    for (const auto& [v, n] : table)
        if (name == QLatin1String(n))
            return v;
    return std::nullopt;
}

} // namespace

QString actionName(ScenarioAction action)
{
    return nameIn(kActions, action);
}

std::optional<ScenarioAction> parseAction(const QString& name)
{
    return parseIn<ScenarioAction>(kActions, name);
}

QString producerStateName(ProducerState state)
{
    return nameIn(kProducerStates, state);
}

std::optional<ProducerState> parseProducerState(const QString& name)
{
    return parseIn<ProducerState>(kProducerStates, name);
}

QList<ProducerState> allProducerStates()
{
    QList<ProducerState> out;
    for (const auto& [state, name] : kProducerStates)
        out.append(state);
    return out;
}

bool producerAllows(ProducerState state, ScenarioAction action)
{
    switch (action) {
    case ScenarioAction::InitTransactions:
        return state == ProducerState::Uninitialised;
    case ScenarioAction::Begin:
        return state == ProducerState::Ready;
    case ScenarioAction::Send:
    case ScenarioAction::SendOffsets:
    case ScenarioAction::Commit:
        return state == ProducerState::InTransaction;
    case ScenarioAction::Abort:
        return state == ProducerState::InTransaction || state == ProducerState::AbortableError;
    default:
        return false;
    }
}

QString consumerStateName(ConsumerState state)
{
    return nameIn(kConsumerStates, state);
}

std::optional<ConsumerState> parseConsumerState(const QString& name)
{
    return parseIn<ConsumerState>(kConsumerStates, name);
}

QList<ScenarioAction> actionsFor(ScenarioActor::Type type)
{
    using A = ScenarioAction;
    switch (type) {
    case ScenarioActor::Type::TransactionalProducer:
        return { A::InitTransactions, A::Begin, A::Send, A::SendOffsets, A::Commit, A::Abort, A::Flush, A::Close };
    case ScenarioActor::Type::Producer:
        return { A::Send, A::Flush, A::Close };
    case ScenarioActor::Type::Consumer:
        return { A::Poll, A::Process, A::Commit, A::Seek, A::Close, A::Crash, A::Restart };
    case ScenarioActor::Type::Member:
        return { A::Start, A::Close, A::Crash, A::Restart };
    case ScenarioActor::Type::DrillProducer:
        return { A::Start, A::Close, A::CheckLedger };
    case ScenarioActor::Type::DrillConsumer:
        return { A::Start, A::Close };
    }
    return {};
}

bool hasGroupMembers(const Scenario& scenario)
{
    return std::any_of(scenario.actors.begin(), scenario.actors.end(),
        [](const ScenarioActor& a) { return a.type == ScenarioActor::Type::Member; });
}

bool hasDrillActors(const Scenario& scenario)
{
    return std::any_of(scenario.actors.begin(), scenario.actors.end(), [](const ScenarioActor& a) {
        return a.type == ScenarioActor::Type::DrillProducer || a.type == ScenarioActor::Type::DrillConsumer;
    });
}

bool needsSchemaRegistry(const Scenario& scenario)
{
    return std::any_of(scenario.actors.begin(), scenario.actors.end(),
               [](const ScenarioActor& a) { return !a.valueSubject.isEmpty(); })
        || std::any_of(scenario.steps.begin(), scenario.steps.end(),
            [](const ScenarioStep& st) { return !st.schema.subject.isEmpty(); });
}

LessonKind lessonKind(const Scenario& scenario)
{
    if (hasDrillActors(scenario))
        return LessonKind::Replication;
    if (hasGroupMembers(scenario))
        return LessonKind::Groups;
    const bool subscribes = std::any_of(scenario.actors.begin(), scenario.actors.end(),
        [](const ScenarioActor& a) { return a.type == ScenarioActor::Type::Consumer && a.subscribe; });
    return subscribes ? LessonKind::Offsets : LessonKind::Transactions;
}

QString lessonKindTitle(LessonKind kind)
{
    switch (kind) {
    case LessonKind::Groups:
        return QStringLiteral("Group lab");
    case LessonKind::Offsets:
        return QStringLiteral("Offsets");
    case LessonKind::Replication:
        return QStringLiteral("Replication");
    case LessonKind::Transactions:
        break;
    }
    return QStringLiteral("Transactions");
}

} // namespace kafkalab
