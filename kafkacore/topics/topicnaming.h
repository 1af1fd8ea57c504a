#pragma once

// The topic naming convention, `<domain>.<entity>.<event-type>` by default (orders.order.created). Kafka's hard
// rules are errors (the broker refuses such a name); the convention gives warnings with a precise reason.

#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace kafkalab {

// Kafka's hard rules for a topic name: 1 to 249 characters of [a-zA-Z0-9._-], not "." or "..".
// Returns an empty string when the name is valid, else the reason.
QString topicNameError(const QString& name);

struct TopicNameVerdict {
    QString error; // a hard rule is broken: Kafka refuses the name
    QStringList warnings; // the convention is not followed, each with its reason
    bool internal = false; // __consumer_offsets, __transaction_state, other names starting with "__"
    bool ok() const { return error.isEmpty() && warnings.isEmpty(); }
    QString verdict() const; // "error", "warning", "internal" or "ok"
};

class TopicNaming {
public:
    // The default convention: three lowercase dot-separated parts of [a-z0-9-].
    static QString defaultPattern();

    // `pattern` is a regular expression the whole name must match (a team's own convention); empty: the default.
    // Returns nothing and sets `error` when the pattern does not compile.
    static std::optional<TopicNaming> withPattern(const QString& pattern, QString* error);
    TopicNaming();

    TopicNameVerdict check(const QString& name) const;
    bool isDefault() const { return m_default; }
    QString pattern() const { return m_pattern.pattern(); }

    // Where a topic sits in the grouped tree: {domain, entity, event type}, {"Internal", name} or {"Other", name}.
    QStringList treePath(const QString& name) const;

private:
    QRegularExpression m_pattern;
    bool m_default = true;
};

} // namespace kafkalab
