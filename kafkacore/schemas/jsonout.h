#pragma once

// Where the Avro fast path (avrofast_p.h) writes a value's JSON: a buffer a reader keeps from value to value, so that
// it allocates only while it grows; appends are inline (the hot loop of a decoded read).

#include <QByteArrayView>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace kafkalab::schemas {

class JsonOut {
public:
    void clear() { m_size = 0; }
    size_t size() const { return m_size; }
    QByteArrayView view() const { return { m_data.get(), qsizetype(m_size) }; }
    std::string str() const { return { m_data.get(), m_size }; }

    void put(char c)
    {
        if (m_size == m_capacity)
            grow(1);
        m_data[m_size++] = c;
    }
    void put(const char* p, size_t n)
    {
        if (m_capacity - m_size < n)
            grow(n);
        std::memcpy(m_data.get() + m_size, p, n);
        m_size += n;
    }
    void put(std::string_view s) { put(s.data(), s.size()); }

private:
    void grow(size_t n)
    {
        const size_t capacity = std::max({ m_capacity * 2, m_size + n, size_t(256) });
        auto data = std::make_unique_for_overwrite<char[]>(capacity);
        if (m_size > 0)
            std::memcpy(data.get(), m_data.get(), m_size);
        m_data = std::move(data);
        m_capacity = capacity;
    }

    std::unique_ptr<char[]> m_data;
    size_t m_size = 0;
    size_t m_capacity = 0;
};

} // namespace kafkalab::schemas
