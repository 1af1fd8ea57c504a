// What the lesson lists show of a scenario: its title, what it teaches, how long it takes, its slides, and each step
// in a few words.
#include "kafkacore/scenarios/scenarioparse.h"

#include <QDir>

namespace kafkalab {

namespace scenarioparse {

void parseLessonFields(const json& root, Scenario& s, QStringList& path)
{
    path.clear();
    auto nonEmpty = [&](const char* key) {
        QString value = str(root, key).trimmed();
        if (root.contains(key) && value.isEmpty())
            throw Mistake { QStringLiteral("'%1' must not be empty").arg(QLatin1String(key)), QLatin1String(key) };
        return value;
    };
    s.title = nonEmpty("title");
    s.teaches = nonEmpty("teaches");
    constexpr int64_t kDay = 86400; // seconds
    s.durationS = int(integer(root, "duration_s", 0, 1, kDay));
    if (!root.contains("slides"))
        return;
    const json& slides = root["slides"];
    if (!slides.is_array())
        inField("slides", [&] { wrongType(quoted("slides"), QStringLiteral("a list of slides"), slides); });
    const int afterLast = int(s.steps.size()) + 1;
    int index = 0;
    for (const json& j : slides) {
        path = { QStringLiteral("slides"), QString::number(index++) };
        const QString which = QStringLiteral("slide %1").arg(index);
        if (!j.is_object())
            throw Mistake { QStringLiteral("%1 must be an object with 'title' and 'text'").arg(which) };
        onlyFields(j, QStringLiteral("a slide"), { "title", "text", "before_step" });
        LessonSlide slide;
        slide.title = str(j, "title").trimmed();
        slide.text = str(j, "text").trimmed();
        if (slide.title.isEmpty() || slide.text.isEmpty())
            throw Mistake { QStringLiteral("%1 needs a 'title' and a 'text'").arg(which),
                QLatin1String(slide.title.isEmpty() ? "title" : "text") };
        try {
            slide.beforeStep = int(integer(j, "before_step", 1, 1, afterLast));
        } catch (Mistake& m) {
            m.why = QStringLiteral("%1: %2 (%3 is after the last step)").arg(which, m.why).arg(afterLast);
            throw;
        }
        s.slides.append(slide);
    }
    path.clear();
}

} // namespace scenarioparse

QString stepTitle(const ScenarioStep& st)
{
    using A = ScenarioAction;
    const QString who = st.actor.isEmpty() ? QString() : st.actor + QStringLiteral(": ");
    switch (st.action) {
    case A::Wait:
        return st.waitMs % 1000 == 0 ? QStringLiteral("wait %1 s").arg(st.waitMs / 1000)
                                     : QStringLiteral("wait %1 ms").arg(st.waitMs);
    case A::Expect: {
        const QString about = !st.consumer.isEmpty() ? st.consumer
            : !st.actor.isEmpty()                    ? st.actor
            : !st.group.isEmpty()                    ? st.group
                                                     : st.topic;
        return QStringLiteral("expect (%1)").arg(about);
    }
    case A::WaitStable:
        return QStringLiteral("wait until %1 is stable").arg(st.group);
    case A::Broker: {
        const QString target = st.brokerId >= 0 ? QStringLiteral("broker %1").arg(st.brokerId)
            : !st.brokerName.isEmpty()          ? st.brokerName
                                                : QStringLiteral("the %1 of %2").arg(st.brokerRole, st.topic);
        return QStringLiteral("broker: %1 %2").arg(st.brokerCommand, target);
    }
    case A::AlterTopic:
        return QStringLiteral("alter topic %1").arg(st.topic);
    case A::ElectLeaders:
        return QStringLiteral("elect leaders (%1) of %2")
            .arg(st.unclean ? QStringLiteral("unclean") : QStringLiteral("preferred"), st.topic);
    case A::RegisterSchema:
        return QStringLiteral("%1 schema for %2")
            .arg(st.schema.checkOnly ? QStringLiteral("check") : QStringLiteral("register"), st.schema.subject);
    case A::SchemaCompatibility:
        return QStringLiteral("compatibility of %1: %2").arg(st.schema.subject, st.schema.level);
    case A::Acl: {
        if (st.aclBindings.isEmpty())
            return QStringLiteral("acl");
        const AclBinding& b = st.aclBindings.first();
        QStringList ops;
        for (const AclBinding& each : st.aclBindings)
            ops.append(aclOperationName(each.operation));
        return QStringLiteral("acl %1: %2 %3 %4 on %5 %6")
            .arg(st.aclDelete ? QStringLiteral("delete") : QStringLiteral("add"), aclPermissionName(b.permission),
                b.principal, ops.join(QLatin1Char(',')), aclResourceTypeName(b.resourceType).toLower(), b.resourceName);
    }
    case A::Send:
        return who
            + (st.count > 1 ? QStringLiteral("send %1 to %2").arg(st.count).arg(st.topic)
                            : QStringLiteral("send to %1").arg(st.topic));
    case A::Process:
        return who + (st.processOk ? QStringLiteral("process") : QStringLiteral("process (fails)"));
    default:
        return who + actionName(st.action);
    }
}

QString durationText(int seconds)
{
    if (seconds <= 0)
        return {};
    if (seconds < 90)
        return QStringLiteral("%1 s").arg(seconds);
    return QStringLiteral("about %1 min").arg((seconds + 30) / 60);
}

QList<LessonFile> lessonFiles(const QString& directory)
{
    QList<LessonFile> out;
    const QDir dir(directory);
    for (const QString& f : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        LessonFile file;
        file.path = dir.filePath(f);
        file.baseName = f.chopped(5);
        file.lesson = loadScenario(file.path, &file.error);
        out.append(file);
    }
    return out;
}

QList<LessonSlide> slidesBefore(const Scenario& scenario, int beforeStep)
{
    QList<LessonSlide> out;
    for (const LessonSlide& s : scenario.slides)
        if (s.beforeStep == beforeStep)
            out.append(s);
    return out;
}

} // namespace kafkalab
