#pragma once

// The message browser's filter: a small expression language over a MessageRecord.
//
//   expr      := condition ( "and" condition )*
//   condition := TARGET OP OPERAND
//   TARGET    := key | value | header:NAME | any        (text targets: any = key, value or any header value)
//              | partition | offset | timestamp          (numeric targets)
//              | /json/pointer                           (RFC 6901, applied to the value parsed as JSON)
//   OP        := contains | matches | == | != | < | <= | > | >=
//   OPERAND   := "quoted string" (\" and \\ escapes) | bare word (no spaces) | number
//              | for json pointers also true, false, null | for timestamp an ISO 8601 date-time or milliseconds
//
// Examples: `value contains "order-42"`, `key matches ^customer-[0-9]+$`, `header:trace-id == abc`,
// `/customer/id == 42 and partition == 3`, `offset >= 100 and offset < 200`,
// `timestamp >= 2026-11-26T10:00:00Z`. Keywords are case-insensitive. `contains` is a case-sensitive substring
// test on the raw bytes; `matches` is a QRegularExpression on the text (invalid UTF-8 replaced). For json pointers
// == and != compare JSON values (42 == 42.0; "42" != 42); < <= > >= compare numbers or strings; a value that is
// not JSON (nested deeper than 512 levels counts as not JSON), or has nothing at the pointer, never matches. A text
// target with == compares the whole text. `key == null` finds null keys, `value == null` tombstones (`!= null` the
// others; `"null"` quoted is the text). A plain text without an operator (e.g. `order-42`) means `any contains
// order-42`.
//
// Decoded messages (a read through a schema registry): key and value targets, and json pointers, see the decoded
// JSON (compact, as the table shows it) instead of the bytes wherever a key or value decoded; elsewhere the bytes.

#include "kafkacore/messages/messagerecord.h"
#include "kafkacore/schemas/schemadecoder.h"

#include <QString>

#include <memory>
#include <optional>

namespace kafkalab {

class MessageFilter {
public:
    // Parses `expression`; on failure returns nothing and sets `error` to a plain reason with the character
    // position, e.g. "position 7: unknown operator '=~' (use contains, matches, ==, !=, <, <=, >, >=)",
    // "regular expression: missing closing parenthesis at offset 3", "JSON pointer '/a~2': '~' must be followed
    // by 0 or 1". An empty expression matches everything.
    static std::optional<MessageFilter> parse(const QString& expression, QString* error);

    bool matches(const MessageRecord& record) const { return matches(record, nullptr); }
    // `decoded` (may be null): the record's key and value as the schema decoder gave them.
    bool matches(const MessageRecord& record, const schemas::DecodedRecord* decoded) const;
    bool isEmpty() const;
    QString text() const { return m_text; }

    MessageFilter();
    ~MessageFilter();
    MessageFilter(const MessageFilter&);
    MessageFilter& operator=(const MessageFilter&);

    struct Condition; // internal

private:
    QString m_text;
    std::shared_ptr<const std::vector<Condition>> m_conditions; // immutable once parsed: share across threads
};

} // namespace kafkalab
