// The Group lab's rebalance timeline, offscreen, checked from its computed geometry (timelinelayout.h), not from
// pictures: on real lab members on the ctest fixture's broker (two groups, a leave) the axis starts at the first member
// event, not when the lab was made; no label meets a bar or another label; every label stays in its group's band; the
// bars of partitions still owned reach the right edge while following, and they are the partitions the broker says
// each member owns (python3-kafka's DescribeGroups); the leave's rebalance is labelled with its cause; zooming stops
// following and a later event is counted, not lost; export writes a PNG and an SVG that parses, and an unwritable
// path is an error. On events fed the way a lesson feeds the lab (crowded on purpose, at twice the font) the labels
// still never overlap. The member and partition palettes stay apart.
#include "kafkacore/groups/grouplab.h"
#include "testsupport.h"
#include "widgets/groups/grouppalette.h"
#include "widgets/groups/rebalancetimeline.h"

#include <QApplication>
#include <QDateTime>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QXmlStreamReader>

using namespace kafkalab;

namespace {

QString rectText(const QRectF& r)
{
    return QStringLiteral("(%1,%2 %3x%4)").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
}

// Every geometry rule of the timeline; what breaks one, described.
QStringList problems(const TimelineLayout& L)
{
    QStringList out;
    QList<QPair<QRectF, QString>> labels; // rect, group ("" for none)
    for (const TimelineLayout::Marker& m : L.markers)
        if (!m.rect.isEmpty())
            labels.append({ m.rect, m.groupId });
    for (const TimelineLayout::Band& b : L.bands)
        if (!b.label.isEmpty())
            labels.append({ b.label, b.groupId });
    for (const TimelineLayout::Group& g : L.groups)
        labels.append({ g.header, g.groupId });
    for (const TimelineLayout::Lane& l : L.lanes)
        labels.append({ l.nameRect, l.groupId });
    QList<QRectF> bars;
    for (const TimelineLayout::Bar& b : L.bars)
        bars.append(b.rect);
    for (const TimelineLayout::Bar& b : L.targets)
        bars.append(b.rect);
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const QRectF& a = labels[i].first;
        for (const QRectF& bar : std::as_const(bars))
            if (a.intersects(bar))
                out.append(QStringLiteral("label %1 over bar %2").arg(rectText(a), rectText(bar)));
        for (qsizetype j = i + 1; j < labels.size(); ++j)
            if (a.intersects(labels[j].first))
                out.append(QStringLiteral("labels %1 and %2 overlap").arg(rectText(a), rectText(labels[j].first)));
        bool inOwnBand = false;
        for (const TimelineLayout::Group& g : L.groups)
            inOwnBand |= g.groupId == labels[i].second && g.band.contains(a);
        if (!inOwnBand)
            out.append(QStringLiteral("label %1 outside group %2's band").arg(rectText(a), labels[i].second));
        if (a.left() < 0 || a.right() > L.width)
            out.append(QStringLiteral("label %1 cut at the edge").arg(rectText(a)));
    }
    return out;
}

// What the broker says each member of `group` owns: "member topic[n]" lines, from python3-kafka (DescribeGroups).
QStringList brokerAssignment(const QString& bootstrap, const QString& group)
{
    const QString script = QStringLiteral("import sys\n"
                                          "from kafka.admin import KafkaAdminClient\n"
                                          "a = KafkaAdminClient(bootstrap_servers=sys.argv[1])\n"
                                          "for g in a.describe_consumer_groups([sys.argv[2]]):\n"
                                          "    for m in g.members:\n"
                                          "        for topic, parts in m.member_assignment.assignment:\n"
                                          "            for p in parts:\n"
                                          "                print('%s %s[%d]' % (m.client_id, topic, p))\n"
                                          "a.close()\n");
    const test::ProcessResult r
        = test::run(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), script, bootstrap, group }, 30000);
    if (r.exitCode != 0)
        return { QStringLiteral("python3-kafka failed: ") + QString::fromUtf8(r.err) };
    QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    lines.sort();
    return lines;
}

QStringList openBars(const TimelineLayout& L, const QString& group)
{
    QStringList out;
    for (const TimelineLayout::Bar& b : L.bars)
        if (b.open && b.groupId == group)
            out.append(b.member + QLatin1Char(' ') + b.partition);
    out.sort();
    return out;
}

MemberEvent memberEvent(
    const QString& member, const QString& group, MemberEvent::Kind kind, qint64 at, const QList<int>& partitions = {})
{
    MemberEvent e;
    e.member = member;
    e.groupId = group;
    e.kind = kind;
    e.atMs = at;
    e.groupProtocol = QStringLiteral("classic");
    e.protocol = QStringLiteral("EAGER");
    e.generation = kind == MemberEvent::Kind::Assigned || kind == MemberEvent::Kind::Revoked ? 3 : -1;
    for (int p : partitions)
        e.partitions.append({ QStringLiteral("orders"), p });
    return e;
}

} // namespace

class TestRebalanceTimeline : public QObject {
    Q_OBJECT
    QString m_bootstrap;
    QString m_topic;

private Q_SLOTS:
    void initTestCase()
    {
        m_bootstrap = test::fixtureBootstrap();
        QVERIFY2(!m_bootstrap.isEmpty(), "no fixture broker: run through ctest");
        m_topic = QStringLiteral("kafkalab.gui.timeline-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
        QCOMPARE(test::createTopics(m_bootstrap, { { m_topic, 3 } }), QString());
    }

    void memberAndPartitionColoursStayApart()
    {
        for (int m = 0; m < kGroupMemberColors; ++m)
            for (int p = 0; p < kGroupPartitionColors; ++p)
                QVERIFY2(groupMemberColor(m).lightness() - groupPartitionColor(p).lightness() >= 90,
                    qPrintable(QStringLiteral("member %1, partition %2").arg(m).arg(p)));
    }

    void realMembersAreDrawnAsTheBrokerSees()
    {
        const QString tag = QUuid::createUuid().toString(QUuid::Id128).left(8);
        const QString eager = QStringLiteral("tl-eager-") + tag;
        const QString coop = QStringLiteral("tl-coop-") + tag;
        GroupLab lab;
        lab.setConnection({ ClientProperty::of(QStringLiteral("bootstrap.servers"), m_bootstrap) });
        RebalanceTimeline timeline(&lab);
        connect(&lab, &GroupLab::eventAdded, &timeline, &RebalanceTimeline::rebuild);
        timeline.resize(1280, 520);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        QTest::qWait(1000); // the lab exists a while before its first member: time starts at the member, not here
        auto member = [&](const QString& name, const QString& group, const QString& assignor) {
            MemberConfig c;
            c.name = name;
            c.groupId = group;
            c.topics = { m_topic };
            c.assignor = assignor;
            c.sessionTimeoutMs = 6000;
            lab.addMember(c);
        };
        member(QStringLiteral("A"), eager, QStringLiteral("range"));
        member(QStringLiteral("B"), eager, QStringLiteral("range"));
        member(QStringLiteral("C"), coop, QStringLiteral("cooperative-sticky"));
        auto owned = [&](const QString& group) { return lab.owners(group).size(); };
        // Both own partitions (B alone first, then A, is a rebalance caused by A's join, not the one looked at).
        QTRY_VERIFY_WITH_TIMEOUT(owned(eager) == 3 && owned(coop) == 3 && lab.owners(eager).values().contains("A")
                && lab.owners(eager).values().contains("B"),
            30000);
        lab.leave(QStringLiteral("B"));
        QTRY_VERIFY_WITH_TIMEOUT(
            lab.owners(eager).values() == QStringList(3, QStringLiteral("A")) && !lab.episodes(eager).isEmpty(), 30000);
        QTest::qWait(700); // idle: the bars keep growing
        timeline.rebuild();

        const TimelineLayout& L = timeline.currentLayout();
        QCOMPARE(L.t0Ms, lab.events().first().atMs);
        QVERIFY(L.t0Ms >= lab.startedAtMs() + 1000);
        QVERIFY(timeline.isFollowing());
        QCOMPARE(L.fromS, 0.0);
        QVERIFY(!L.ticks.isEmpty());
        QCOMPARE(L.ticks.first().x, L.plot.left()); // the axis starts at 0 s: the first event
        QCOMPARE(L.groups.size(), 2);
        QStringList found = problems(L);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
        // Held partitions reach now, the right edge, and are what the broker says each member owns.
        for (const TimelineLayout::Bar& b : L.bars)
            if (b.open)
                QVERIFY2(std::abs(b.rect.right() - L.plot.right()) < 0.5, qPrintable(rectText(b.rect)));
        QCOMPARE(openBars(L, eager), brokerAssignment(m_bootstrap, eager));
        QCOMPARE(openBars(L, coop), brokerAssignment(m_bootstrap, coop));
        // The leave's rebalance, with its cause and cost.
        bool leaveBand = false;
        QStringList tips;
        for (const TimelineLayout::Band& b : L.bands) {
            leaveBand |= b.groupId == eager && b.tip.contains(QLatin1String("cause: leave of B"))
                && b.tip.contains(QLatin1String("3 partitions revoked"));
            tips.append(b.groupId + QStringLiteral(": ") + b.tip);
        }
        QVERIFY2(leaveBand, qPrintable(tips.join(QLatin1Char('\n'))));
        // Bars as thick as the font allows at least half of, and they follow the font (presentation mode).
        const double fh = QFontMetricsF(timeline.font()).height();
        QVERIFY(L.bars.first().rect.height() >= std::max(5.0, std::round(fh * 0.45)));
        const double markerHeight = L.markers.first().rect.height();
        QFont big = timeline.font();
        big.setPointSizeF(big.pointSizeF() * 2);
        timeline.setFont(big);
        QVERIFY(timeline.currentLayout().markers.first().rect.height() >= markerHeight * 1.8);
        found = problems(timeline.currentLayout());
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
        timeline.setFont(QApplication::font());

        // Zoomed in, the view stops following; a new member's events after it are counted, and following again
        // shows them.
        timeline.zoom(0.5, L.plot.left() + L.plot.width() / 4);
        QVERIFY(!timeline.isFollowing());
        QVERIFY(!timeline.followButton()->isChecked());
        const qsizetype before = lab.events().size();
        member(QStringLiteral("D"), coop, QStringLiteral("cooperative-sticky"));
        QTRY_VERIFY_WITH_TIMEOUT(lab.events().size() > before, 10000);
        QTRY_VERIFY(timeline.laterButton()->isVisible());
        QVERIFY(timeline.currentLayout().laterEvents >= 1);
        QVERIFY2(timeline.laterButton()->text().contains(QString::number(timeline.currentLayout().laterEvents)),
            qPrintable(timeline.laterButton()->text()));
        QTest::mouseClick(timeline.laterButton(), Qt::LeftButton);
        QVERIFY(timeline.isFollowing());
        QVERIFY(timeline.followButton()->isChecked());
        QVERIFY(!timeline.laterButton()->isVisible());
        const TimelineLayout& now = timeline.currentLayout();
        QVERIFY(now.toS * 1000.0 >= double(lab.events().last().atMs - now.t0Ms));

        // Export: a PNG that loads, an SVG that parses, and errors said.
        QTemporaryDir dir;
        QString error;
        QVERIFY2(timeline.exportTo(dir.filePath(QStringLiteral("t.png")), &error), qPrintable(error));
        QImage png(dir.filePath(QStringLiteral("t.png")));
        QVERIFY(!png.isNull() && png.width() >= timeline.canvas()->width());
        QVERIFY2(timeline.exportTo(dir.filePath(QStringLiteral("t.svg")), &error), qPrintable(error));
        QFile svgFile(dir.filePath(QStringLiteral("t.svg")));
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&svgFile);
        int texts = 0;
        QString root;
        bool titled = false;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (root.isEmpty())
                root = xml.name().toString();
            if (xml.name() == QLatin1String("text")) {
                ++texts;
                titled
                    |= xml.readElementText(QXmlStreamReader::IncludeChildElements).contains(QLatin1String("Rebalance"));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(root, QStringLiteral("svg"));
        QVERIFY(texts > 5 && titled);
        QVERIFY(!timeline.exportTo(QStringLiteral("/proc/kafkalab-no-such-dir/t.png"), &error));
        QVERIFY2(error.contains(QLatin1String("/proc/kafkalab-no-such-dir/t.png")), qPrintable(error));
        QVERIFY(!timeline.exportTo(dir.filePath(QStringLiteral("t.gif")), &error));
        QVERIFY2(error.contains(QLatin1String(".png or .svg")), qPrintable(error));
        QVERIFY(lab.doubleOwnership().isEmpty());
    }

    // Crowded on purpose, at 1024 pixels and twice the font: joins, assignments and revocations milliseconds apart,
    // rebalances back to back in two groups, an idle stretch and a rebalance still running.
    void crowdedEventsNeverOverlap()
    {
        GroupLab lab;
        const qint64 t = QDateTime::currentMSecsSinceEpoch() - 60000;
        QList<MemberEvent> events;
        using K = MemberEvent::Kind;
        const QString g1 = QStringLiteral("order-processors");
        const QString g2 = QStringLiteral("audit");
        for (int round = 0; round < 8; ++round) {
            const qint64 at = t + qint64(round) * 1500;
            events << memberEvent(QStringLiteral("A"), g1, K::Joining, at + 1)
                   << memberEvent(QStringLiteral("A"), g1, K::Assigned, at + 3, { 0, 1, 2 })
                   << memberEvent(QStringLiteral("A"), g1, K::Revoked, at + 600, { 0, 1, 2 })
                   << memberEvent(QStringLiteral("B"), g1, K::Joining, at + 590)
                   << memberEvent(QStringLiteral("A"), g1, K::Assigned, at + 700, { 0, 1 })
                   << memberEvent(QStringLiteral("B"), g1, K::Assigned, at + 702, { 2 })
                   << memberEvent(QStringLiteral("B"), g1, K::Left, at + 1400)
                   << memberEvent(QStringLiteral("C"), g2, K::Joining, at + 5)
                   << memberEvent(QStringLiteral("C"), g2, K::Assigned, at + 8, { 0, 1, 2 })
                   << memberEvent(QStringLiteral("C"), g2, K::Crashed, at + 1300);
        }
        events << memberEvent(QStringLiteral("C"), g2, K::Joining, t + 30000)
               << memberEvent(QStringLiteral("C"), g2, K::Assigned, t + 30010, { 0, 1, 2 })
               << memberEvent(QStringLiteral("C"), g2, K::Stalled, t + 50000); // running: no owner since
        std::stable_sort(
            events.begin(), events.end(), [](const MemberEvent& a, const MemberEvent& b) { return a.atMs < b.atMs; });
        QList<MemberConfig> configs;
        for (const auto& [name, group] : { std::pair { "A", g1 }, std::pair { "B", g1 }, std::pair { "C", g2 } }) {
            MemberConfig c;
            c.name = QString::fromLatin1(name);
            c.groupId = group;
            configs.append(c);
        }
        lab.setObserved(configs, events, { QStringLiteral("A"), QStringLiteral("C") });
        RebalanceTimeline timeline(&lab);
        QFont big = QApplication::font();
        big.setPointSizeF(big.pointSizeF() * 2);
        timeline.setFont(big);
        timeline.resize(1024, 400);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        timeline.rebuild();
        // The timeline never widens its page: at twice the font it still fits a third of 1024 pixels.
        QVERIFY2(timeline.minimumSizeHint().width() <= 1024 / 3,
            qPrintable(QString::number(timeline.minimumSizeHint().width())));
        for (const double zoom : { 1.0, 0.1, 0.01 }) {
            if (zoom < 1)
                timeline.setView(0.5, 0.5 + 12.0 * zoom); // the first rebalance: 0.6 to 0.7 s
            const TimelineLayout& L = timeline.currentLayout();
            const QStringList found = problems(L);
            QVERIFY2(
                found.isEmpty(), qPrintable(QStringLiteral("zoom %1:\n").arg(zoom) + found.join(QLatin1Char('\n'))));
            QVERIFY(!L.bands.isEmpty());
        }
        // The stall's rebalance is still running: drawn to now with its cause.
        timeline.setFollowing(true);
        bool running = false;
        for (const TimelineLayout::Band& b : timeline.currentLayout().bands)
            running |= b.open && b.tip.contains(QLatin1String("stall of C (poll timeout)"))
                && std::abs(b.shade.right() - timeline.currentLayout().plot.right()) < 0.5;
        QVERIFY(running);
    }
};

QTEST_MAIN(TestRebalanceTimeline)
#include "test_rebalancetimeline.moc"
