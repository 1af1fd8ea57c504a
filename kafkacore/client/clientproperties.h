#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace kafkalab {

// One librdkafka property, the same names kcat's -X takes. `line` is the 1-based line in the free-form text it came
// from, or -1 for a property made from a form field (then `field` names the field).
struct ClientProperty {
    QString key;
    QString value;
    int line = -1;
    QString field;
    bool secret = false;

    static ClientProperty of(const QString& key, const QString& value)
    {
        ClientProperty p;
        p.key = key;
        p.value = value;
        return p;
    }
};

struct PropertyProblem {
    int line = -1; // as in ClientProperty
    QString field;
    QString key;
    QString message;
};

struct ParsedProperties {
    QList<ClientProperty> properties;
    QList<PropertyProblem> problems;
};

// Parses `key=value` lines. Blank lines and lines starting with '#' are skipped; a line without '=' or with an
// empty key is a problem on that line.
ParsedProperties parsePropertyLines(const QString& text);

// Applies every property to a fresh librdkafka configuration, so that librdkafka itself judges names and values.
// Returns one problem per rejected property; an empty list means librdkafka accepted them all.
QList<PropertyProblem> validateProperties(const QList<ClientProperty>& properties);

// "line 3: ..." or "Bootstrap servers: ..." for messages and logs. Secrets are never part of a problem's text.
QString describeProblem(const PropertyProblem& problem);

} // namespace kafkalab

Q_DECLARE_METATYPE(kafkalab::ClientProperty)
