#pragma once

// Records a lab driven by hand (the transaction and offset steppers, the Group lab) as a scenario file that replays
// it: the lab's topics and actors, the steps the user took in order, waits where the user waited long enough to
// matter, and `expect` steps taken from what was observed after each step. The file is what parseScenario() accepts;
// names carry {{run}} so that a replay does not collide with the recorded run (or with another replay).
//
// What is expected, after each step, is what changed since the last expectations: a transactional producer's state,
// the values each consumer saw, a subscribed consumer's position and its group's committed offset per partition, what
// was delivered again or lost, a consumer's or a member's state, and, when a group was settled (every partition of
// its topics owned by a running member), what each running member owns and how many partitions have an owner (after
// a `wait_stable`). What a replay cannot promise to see the same is left out (see scenariorecorder.cpp).

#include "kafkacore/scenarios/scenarioengine.h"

#include <QByteArray>
#include <QMap>
#include <QStringList>

namespace kafkalab {

class GroupLab;

class ScenarioRecorder {
public:
    // Forgets what was recorded and starts recording `lab`: its topics (renamed with {{run}}, temporary) and its
    // actors (the consumers and members read the renamed topics).
    void start(const Scenario& lab);
    // Adds an actor that appeared during the run (a Group lab member started by hand), renaming its topics.
    void addActor(const ScenarioActor& actor);
    // Declares a topic (renamed with {{run}}, temporary) that actors added later read.
    void addTopic(const QString& name, int partitions);
    // A step the user took, `atMs` on any steady clock in milliseconds (waits come from the gaps).
    void step(const ScenarioStep& step, qint64 atMs);
    // What was seen after the last step (or, in the Group lab, before the next one and when saving), at `atMs`.
    void observed(const ScenarioObservation& o, qint64 atMs);
    // Something the user did that no scenario step expresses (the Group lab's Pause): left out, and said so.
    void skipped(const QString& what);

    bool isEmpty() const { return m_steps.isEmpty(); }
    QStringList skippedActions() const { return m_skipped; }
    const QList<ScenarioStep>& steps() const { return m_steps; }
    // The file: name, description, topics, actors, steps. `name` names the scenario ("" keeps the lab's).
    QByteArray toJson(const QString& name = {}) const;

    // The Group lab's members as a scenario observation (states and what each owns, topics and groups as the lab
    // named them), for observed().
    static ScenarioObservation observeGroupLab(const GroupLab& lab);

private:
    QString runName(const QString& name) const; // "orders" -> "orders-{{run}}"; a name the engine expanded, back
    // A wait before the next step when the user waited at least as long as a timer of the lab that could change
    // what happens (an auto-commit interval, a session timeout, a transaction timeout).
    void waitFor(qint64 atMs);
    int mattersAfterMs() const;
    void expectConsumers(const ScenarioObservation& o);
    // True when a group with a running member was not settled (no ownership to expect yet).
    bool expectMembers(const ScenarioObservation& o);
    void add(const ScenarioStep& st);
    // Whether `what` is `now` for the first time since it was last expected (`before`: what it is at the start).
    bool changed(const QString& what, const QString& now, const QString& before);

    Scenario m_lab;
    QStringList m_renamed; // the lab's own topic names (renamed in the file)
    QList<ScenarioStep> m_steps;
    QStringList m_skipped;
    qint64 m_lastAtMs = -1;
    bool m_fresh = false; // a step since the last observation
    QString m_lastStep; // the last step in a few words (stepTitle), for the notes of what was seen after it
    // What the expectations so far said, so that only what changed is expected again.
    QMap<QString, QString> m_said; // "what\nwho[\npartition]" -> the value in words
};

} // namespace kafkalab
