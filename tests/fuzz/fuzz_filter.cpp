// libFuzzer target: the message browser's filter language (kafkacore/messages/messagefilter.*).
// Parses the input as a filter expression; when it parses, evaluates it against a few records so that the
// matcher (json pointers, regular expressions, numeric and timestamp comparisons) runs too.
#include "kafkacore/messages/messagefilter.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

using kafkalab::MessageFilter;
using kafkalab::MessageRecord;

namespace {

MessageRecord record(
    int partition, int64_t offset, const std::optional<QByteArray>& key, const std::optional<QByteArray>& value)
{
    std::vector<kafkalab::MessageHeader> headers { { QByteArrayLiteral("trace-id"), QByteArrayLiteral("abc"), false } };
    return kafkalab::makeRecord(partition, offset, 1764150000000 + offset, key ? key->constData() : nullptr,
        key ? int(key->size()) : 0, value ? value->constData() : nullptr, value ? int(value->size()) : 0,
        std::move(headers));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString error;
    const std::optional<MessageFilter> filter = MessageFilter::parse(text, &error);
    if (!filter)
        return 0;
    static const MessageRecord records[] = {
        record(0, 0, QByteArrayLiteral("customer-1"), QByteArrayLiteral("{\"customer\":{\"id\":42},\"n\":[1,2]}")),
        record(3, 150, std::nullopt, std::nullopt),
        record(1, 7, QByteArrayLiteral("k"), QByteArrayLiteral("\xff\xfe not utf-8")),
        record(2, 9, QByteArray(), QByteArrayLiteral("[[[[[[[[[[1]]]]]]]]]]")),
    };
    for (const MessageRecord& r : records)
        (void)filter->matches(r);
    return 0;
}
