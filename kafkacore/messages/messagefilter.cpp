#include "kafkacore/messages/messagefilter.h"

#include "kafkacore/common/jsontext.h"

#include <QByteArrayMatcher>
#include <QByteArrayView>
#include <QDateTime>
#include <QRegularExpression>
#include <QStringDecoder>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <string_view>
#include <vector>

namespace kafkalab {

using nlohmann::json;

namespace {

enum class Target { Partition, Offset, Timestamp, Key, Value, Header, Any, Pointer };
enum class Op { Contains, Matches, Eq, Ne, Lt, Le, Gt, Ge };

struct Token {
    QString text;
    qsizetype pos = 0; // 1-based character position
    bool quoted = false;
};

bool isNumeric(Target t)
{
    return t == Target::Partition || t == Target::Offset || t == Target::Timestamp;
}
bool isAnd(const Token& t)
{
    return !t.quoted && t.text.compare(QLatin1String("and"), Qt::CaseInsensitive) == 0;
}

QString at(qsizetype pos, const QString& reason)
{
    return QStringLiteral("position %1: %2").arg(pos).arg(reason);
}

// Splits at whitespace; "quoted strings" keep their spaces and unescape \" and \\ (other backslashes stay).
std::optional<std::vector<Token>> tokenize(const QString& s, QString* error)
{
    std::vector<Token> tokens;
    qsizetype i = 0;
    const qsizetype n = s.size();
    while (i < n) {
        if (s[i].isSpace()) {
            ++i;
            continue;
        }
        Token t;
        t.pos = i + 1;
        if (s[i] == QLatin1Char('"')) {
            t.quoted = true;
            bool closed = false;
            for (++i; i < n && !closed; ++i) {
                if (s[i] == QLatin1Char('\\') && i + 1 < n
                    && (s[i + 1] == QLatin1Char('"') || s[i + 1] == QLatin1Char('\\')))
                    t.text += s[++i];
                else if (s[i] == QLatin1Char('"'))
                    closed = true;
                else
                    t.text += s[i];
            }
            if (!closed) {
                *error = at(t.pos, QStringLiteral("unterminated quote (close it with \")"));
                return std::nullopt;
            }
            if (i < n && !s[i].isSpace()) {
                *error = at(i + 1, QStringLiteral("expected a space after the closing quote"));
                return std::nullopt;
            }
        } else {
            while (i < n && !s[i].isSpace())
                t.text += s[i++];
        }
        tokens.push_back(std::move(t));
    }
    return tokens;
}

template <typename T> bool compare(Op op, const T& a, const T& b)
{
    return op == Op::Eq ? a == b
        : op == Op::Ne  ? a != b
        : op == Op::Lt  ? a < b
        : op == Op::Le  ? a <= b
        : op == Op::Gt  ? a > b
                        : a >= b;
}

std::string_view view(QByteArrayView b)
{
    return std::string_view(b.data(), size_t(b.size()));
}

// Decodes into a per-thread buffer (invalid UTF-8 becomes U+FFFD) so a match allocates no subject string.
bool regexMatches(const QRegularExpression& re, QByteArrayView bytes)
{
    thread_local QString buffer;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const qsizetype need = decoder.requiredSpace(bytes.size());
    if (buffer.size() < need)
        buffer.resize(need);
    QChar* begin = buffer.data();
    const QChar* end = decoder.appendToBuffer(begin, bytes);
    return re.match(QStringView(begin, end - begin)).hasMatch();
}

// RFC 6901 walk over already unescaped tokens; nullptr when there is nothing at the path.
const json* resolve(const json& doc, const std::vector<std::string>& tokens)
{
    const json* j = &doc;
    for (const std::string& t : tokens) {
        if (j->is_object()) {
            const auto it = j->find(t);
            if (it == j->end())
                return nullptr;
            j = &*it;
        } else if (j->is_array()) {
            size_t index = 0;
            const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), index);
            if (t.empty() || ec != std::errc() || end != t.data() + t.size() || (t.size() > 1 && t[0] == '0')
                || index >= j->size())
                return nullptr;
            j = &(*j)[index];
        } else {
            return nullptr;
        }
    }
    return j;
}

// "[json.exception.parse_error.108] parse error: ..." -> a plain reason.
QString pointerReason(const json::exception& e)
{
    if (e.id == 108)
        return QStringLiteral("'~' must be followed by 0 or 1");
    QString s = QString::fromUtf8(e.what());
    s.remove(0, s.indexOf(QLatin1Char(']')) + 1);
    s = s.trimmed();
    if (s.startsWith(QLatin1String("parse error: ")))
        s.remove(0, 13);
    return s;
}

} // namespace

struct MessageFilter::Condition {
    Target target = Target::Any;
    Op op = Op::Contains;
    QByteArray header; // Target::Header
    std::vector<std::string> path; // Target::Pointer, unescaped tokens
    QByteArray text; // the operand as UTF-8
    QByteArrayMatcher matcher; // Op::Contains
    QRegularExpression regex; // Op::Matches
    int64_t number = 0; // numeric targets
    json value; // Target::Pointer with == != < <= > >=
    bool nullCheck = false; // key/value == null (a null key, a tombstone) or != null

    int cost() const
    {
        if (isNumeric(target))
            return 0;
        if (target == Target::Pointer)
            return 4;
        return op == Op::Matches ? 3 : op == Op::Contains ? 2 : 1;
    }

    bool testText(QByteArrayView bytes) const
    {
        switch (op) {
        case Op::Contains:
            return matcher.indexIn(bytes) >= 0;
        case Op::Matches:
            return regexMatches(regex, bytes);
        default:
            return compare(op, view(bytes), view(text));
        }
    }

    bool testJson(const json& j) const
    {
        if (op == Op::Contains || op == Op::Matches) {
            if (j.is_string())
                return testText(QByteArrayView(j.get_ref<const std::string&>()));
            return testText(QByteArrayView(j.dump()));
        }
        if (op == Op::Eq)
            return j == value;
        if (op == Op::Ne)
            return j != value;
        if ((j.is_number() && value.is_number()) || (j.is_string() && value.is_string()))
            return compare(op, j, value);
        return false;
    }

    bool test(const MessageRecord& r, const schemas::DecodedRecord* decoded, std::optional<json>& doc) const
    {
        const QByteArrayView data = r.dataView();
        const bool keyDecoded = decoded && decoded->key.decoded();
        const bool valueDecoded = decoded && decoded->value.decoded();
        const QByteArrayView keyBytes = keyDecoded ? decoded->key.json() : data.first(std::max(0, r.keySize));
        const QByteArrayView valueBytes
            = valueDecoded ? decoded->value.json() : data.sliced(std::max(0, r.keySize), r.storedValueSize);
        switch (target) {
        case Target::Partition:
            return compare<int64_t>(op, r.partition, number);
        case Target::Offset:
            return compare<int64_t>(op, r.offset, number);
        case Target::Timestamp:
            return r.timestampMs >= 0 && compare<int64_t>(op, r.timestampMs, number);
        case Target::Key:
            if (nullCheck)
                return (op == Op::Eq) == r.keyIsNull();
            return !r.keyIsNull() && testText(keyBytes);
        case Target::Value:
            if (nullCheck)
                return (op == Op::Eq) == r.valueIsNull();
            return !r.valueIsNull() && testText(valueBytes);
        case Target::Any:
            if ((!r.keyIsNull() && testText(keyBytes)) || (!r.valueIsNull() && testText(valueBytes)))
                return true;
            [[fallthrough]];
        case Target::Header:
            if (r.headers)
                for (const MessageHeader& h : *r.headers)
                    if (!h.isNull && (target == Target::Any || h.name == header) && testText(h.value))
                        return true;
            return false;
        case Target::Pointer:
            if (!doc) {
                const QByteArrayView v = valueBytes;
                // Nested deeper than kMaxJsonDepth is not JSON: dump() and == would recurse once per level.
                if (r.valueIsNull() || jsonDepthExceededAt(v) >= 0)
                    doc.emplace(json::value_t::discarded);
                else
                    doc.emplace(json::parse(v.begin(), v.end(), nullptr, false));
            }
            if (doc->is_discarded())
                return false;
            const json* j = resolve(*doc, path);
            return j && testJson(*j);
        }
        return false;
    }
};

namespace {

using Condition = MessageFilter::Condition;

std::optional<Target> parseTarget(const Token& t, Condition& c, QString* error)
{
    if (t.text.startsWith(QLatin1Char('/'))) {
        try {
            json::json_pointer p(t.text.toStdString());
            for (; !p.empty(); p.pop_back())
                c.path.insert(c.path.begin(), p.back());
        } catch (const json::exception& e) {
            *error = at(t.pos, QStringLiteral("JSON pointer '%1': %2").arg(t.text, pointerReason(e)));
            return std::nullopt;
        }
        return Target::Pointer;
    }
    const QString word = t.text.toLower();
    if (!t.quoted) {
        static const std::pair<const char*, Target> names[] = { { "key", Target::Key }, { "value", Target::Value },
            { "any", Target::Any }, { "partition", Target::Partition }, { "offset", Target::Offset },
            { "timestamp", Target::Timestamp } };
        for (const auto& [name, target] : names)
            if (word == QLatin1String(name))
                return target;
        if (word.startsWith(QLatin1String("header:"))) {
            c.header = t.text.mid(7).toUtf8();
            if (!c.header.isEmpty())
                return Target::Header;
            *error = at(t.pos, QStringLiteral("'header:' needs a header name, e.g. header:trace-id"));
            return std::nullopt;
        }
    }
    *error = at(t.pos,
        QStringLiteral("unknown target '%1' (use key, value, header:NAME, any, partition, offset, timestamp or a "
                       "/json/pointer; put text with spaces in quotes)")
            .arg(t.text));
    return std::nullopt;
}

std::optional<Op> parseOp(const Token& t, QString* error)
{
    static const std::pair<const char*, Op> ops[] = { { "contains", Op::Contains }, { "matches", Op::Matches },
        { "==", Op::Eq }, { "!=", Op::Ne }, { "<", Op::Lt }, { "<=", Op::Le }, { ">", Op::Gt }, { ">=", Op::Ge } };
    if (!t.quoted)
        for (const auto& [name, op] : ops)
            if (t.text.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return op;
    *error
        = at(t.pos, QStringLiteral("unknown operator '%1' (use contains, matches, ==, !=, <, <=, >, >=)").arg(t.text));
    return std::nullopt;
}

bool parseOperand(const Token& opToken, const Token& t, Condition& c, QString* error)
{
    c.text = t.text.toUtf8();
    if (isNumeric(c.target)) {
        const char* names[] = { "partition", "offset", "timestamp" };
        const QString name = QLatin1String(names[int(c.target)]);
        if (c.op == Op::Contains || c.op == Op::Matches) {
            *error = at(opToken.pos,
                QStringLiteral("'%1' does not apply to %2, which is a number (use ==, !=, <, <=, >, >=)")
                    .arg(opToken.text.toLower(), name));
            return false;
        }
        bool ok = false;
        c.number = t.text.toLongLong(&ok);
        if (!ok && c.target == Target::Timestamp) {
            QDateTime when = QDateTime::fromString(t.text, Qt::ISODateWithMs);
            if (when.isValid() && when.timeSpec() == Qt::LocalTime)
                when.setTimeSpec(Qt::UTC);
            ok = when.isValid();
            c.number = when.toMSecsSinceEpoch();
        }
        if (!ok) {
            *error = at(t.pos,
                c.target == Target::Timestamp
                    ? QStringLiteral("timestamp needs an ISO 8601 date-time (e.g. 2026-11-26T10:00:00Z) or "
                                     "milliseconds, got '%1'")
                          .arg(t.text)
                    : QStringLiteral("%1 needs a whole number, got '%2'").arg(name, t.text));
            return false;
        }
        return true;
    }
    if (c.op == Op::Contains) {
        c.matcher.setPattern(c.text);
    } else if (c.op == Op::Matches) {
        c.regex.setPattern(t.text);
        if (!c.regex.isValid()) {
            *error = at(t.pos,
                QStringLiteral("regular expression: %1 at offset %2")
                    .arg(c.regex.errorString())
                    .arg(c.regex.patternErrorOffset()));
            return false;
        }
        c.regex.optimize();
    } else if ((c.target == Target::Key || c.target == Target::Value) && (c.op == Op::Eq || c.op == Op::Ne) && !t.quoted
        && t.text.compare(QLatin1String("null"), Qt::CaseInsensitive) == 0) {
        c.nullCheck = true; // `"null"` in quotes is the text null
    } else if (c.target == Target::Pointer) {
        const QString word = t.text.toLower();
        if (t.quoted)
            c.value = c.text.toStdString();
        else if (word == QLatin1String("true") || word == QLatin1String("false"))
            c.value = word == QLatin1String("true");
        else if (word == QLatin1String("null"))
            c.value = nullptr;
        else {
            if (jsonDepthExceededAt(c.text) < 0)
                c.value = json::parse(c.text.constBegin(), c.text.constEnd(), nullptr, false);
            if (!c.value.is_number())
                c.value = c.text.toStdString();
        }
    }
    return true;
}

} // namespace

std::optional<MessageFilter> MessageFilter::parse(const QString& expression, QString* error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    const auto tokens = tokenize(expression, error);
    if (!tokens)
        return std::nullopt;
    const size_t n = tokens->size();
    const qsizetype endPos = expression.size() + 1;
    auto conditions = std::make_shared<std::vector<Condition>>();
    for (size_t i = 0; i < n;) {
        const Token& first = (*tokens)[i];
        if (isAnd(first)) {
            *error = at(first.pos, QStringLiteral("expected a condition before 'and'"));
            return std::nullopt;
        }
        Condition c;
        if (i + 1 == n || isAnd((*tokens)[i + 1])) { // plain text: any contains TEXT
            c.text = first.text.toUtf8();
            c.matcher.setPattern(c.text);
            i += 1;
        } else {
            const auto target = parseTarget(first, c, error);
            if (!target)
                return std::nullopt;
            c.target = *target;
            const Token& opToken = (*tokens)[i + 1];
            const auto op = parseOp(opToken, error);
            if (!op)
                return std::nullopt;
            c.op = *op;
            if (i + 2 == n || isAnd((*tokens)[i + 2])) {
                *error = at(i + 2 == n ? endPos : (*tokens)[i + 2].pos,
                    QStringLiteral("missing operand after '%1'").arg(opToken.text));
                return std::nullopt;
            }
            if (!parseOperand(opToken, (*tokens)[i + 2], c, error))
                return std::nullopt;
            i += 3;
        }
        conditions->push_back(std::move(c));
        if (i == n)
            break;
        const Token& next = (*tokens)[i];
        if (!isAnd(next)) {
            *error = at(next.pos,
                QStringLiteral("expected 'and' or the end, got '%1' (put text with spaces in quotes)").arg(next.text));
            return std::nullopt;
        }
        if (++i == n) {
            *error = at(next.pos, QStringLiteral("'and' must be followed by a condition"));
            return std::nullopt;
        }
    }
    // Cheap tests first: the conditions are and-ed, so their order does not change the result.
    std::stable_sort(conditions->begin(), conditions->end(),
        [](const Condition& a, const Condition& b) { return a.cost() < b.cost(); });
    MessageFilter f;
    f.m_text = expression;
    if (!conditions->empty())
        f.m_conditions = std::move(conditions);
    error->clear();
    return f;
}

bool MessageFilter::matches(const MessageRecord& record, const schemas::DecodedRecord* decoded) const
{
    if (!m_conditions)
        return true;
    std::optional<json> doc; // the value parsed as JSON, at most once per call
    for (const Condition& c : *m_conditions)
        if (!c.test(record, decoded, doc))
            return false;
    return true;
}

bool MessageFilter::isEmpty() const
{
    return !m_conditions || m_conditions->empty();
}

MessageFilter::MessageFilter() = default;
MessageFilter::~MessageFilter() = default;
MessageFilter::MessageFilter(const MessageFilter&) = default;
MessageFilter& MessageFilter::operator=(const MessageFilter&) = default;

} // namespace kafkalab
