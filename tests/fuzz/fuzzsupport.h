#pragma once

// Shared by the fuzz entry points: the input as Qt types, and a way to report a broken invariant that both
// libFuzzer (a crash with the input saved) and the replay test (a failed test) notice.
#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace idex::fuzz {

inline QByteArray bytesOf(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

/*! Aborts with \a what: libFuzzer keeps the input as a crash file, the replay test fails. */
[[noreturn]] inline void invariantBroken(const char *what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

inline void require(bool condition, const char *what)
{
    if (!condition)
        invariantBroken(what);
}

} // namespace idex::fuzz
