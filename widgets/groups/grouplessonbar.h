#pragma once

#include "widgets/scenarios/lessonbar.h"

namespace kafkalab {

// The Group lab's lesson row: the lessons with group members, whose observations (the members' events, states and
// partitions) the page shows on its board, member table and rebalance timeline. The transaction and offset steppers
// have no view of members, partitions and rebalances.
class GroupLessonBar : public LessonBar {
    Q_OBJECT
public:
    explicit GroupLessonBar(QWidget* parent = nullptr)
        : LessonBar(LessonKind::Groups, QStringLiteral("kafkalab-grouplesson"), parent)
    {
    }
};

} // namespace kafkalab
