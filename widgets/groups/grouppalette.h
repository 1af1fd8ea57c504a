#pragma once

// The group lab's colours, in one place: the board, the member table and the rebalance timeline take them from here.
//
// A member is always a pale tint (HSL lightness 210 or more: the board's owner cells and the timeline's member names,
// drawn with black text in any palette); a partition always a strong, saturated colour (lightness 120 or less: the
// timeline's bars and its legend), from the Okabe–Ito and Tol qualitative sets, readable on white and on a washed-out
// projector. The two sets share no colour and differ in lightness by at least 90 of 255, so a partition's bar never
// reads as a member, nor a member's cell as a partition (test_rebalancetimeline checks both sets). Red stays free for
// the rebalances, whose bands are a translucent red.

#include <QColor>

namespace kafkalab {

inline QColor groupMemberColor(int index)
{
    static const QColor palette[]
        = { QColor(0xFF, 0xF0, 0xA8), QColor(0xCF, 0xEC, 0xF7), QColor(0xFA, 0xD6, 0xE6), QColor(0xD8, 0xF2, 0xD0),
              QColor(0xE6, 0xDC, 0xF7), QColor(0xFC, 0xE2, 0xCC), QColor(0xE3, 0xE3, 0xE3), QColor(0xEA, 0xF5, 0xC0) };
    return palette[index % 8];
}
inline constexpr int kGroupMemberColors = 8;

inline QColor groupPartitionColor(int index)
{
    static const QColor palette[] = { QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73),
        QColor(0x7B, 0x32, 0x94), QColor(0x8C, 0x51, 0x0A), QColor(0xAA, 0x44, 0x99), QColor(0x25, 0x34, 0x94),
        QColor(0x01, 0x66, 0x5E), QColor(0x66, 0x66, 0x00), QColor(0x33, 0x33, 0x33) };
    return palette[index % 10];
}
inline constexpr int kGroupPartitionColors = 10;

// The shading of a rebalance (eager: the whole group stops, darker; incremental: lighter).
inline QColor rebalanceBandColor(bool cooperative)
{
    return QColor(229, 57, 53, cooperative ? 40 : 70);
}

} // namespace kafkalab
