#include "base64url.h"

#include <QtEndian>

namespace idex {

qsizetype decodeBase64UrlText(QByteArrayView text, QByteArray *out)
{
    const auto &values = detail::kBase64UrlValues;
    const auto *src = reinterpret_cast<const unsigned char *>(text.data());
    const qsizetype size = text.size();
    QByteArray bytes(size / 4 * 3 + 2, Qt::Uninitialized);
    auto *const begin = reinterpret_cast<unsigned char *>(bytes.data());
    auto *dst = begin;
    qsizetype i = 0;
    // Eight characters (48 bits) at a time, written as one 8-byte store of which 6 bytes count: the buffer has the
    // 2 bytes of slack that the last store needs.
    for (; i + 8 <= size; i += 8) {
        const int a = values[src[i]], b = values[src[i + 1]], c = values[src[i + 2]], d = values[src[i + 3]];
        const int e = values[src[i + 4]], f = values[src[i + 5]], g = values[src[i + 6]], h = values[src[i + 7]];
        if ((a | b | c | d | e | f | g | h) < 0)
            break; // the loop below finds the character
        const quint64 group = quint64(a) << 58 | quint64(b) << 52 | quint64(c) << 46 | quint64(d) << 40
            | quint64(e) << 34 | quint64(f) << 28 | quint64(g) << 22 | quint64(h) << 16;
        qToBigEndian(group, dst);
        dst += 6;
    }
    for (; i + 4 <= size; i += 4) {
        const int a = values[src[i]], b = values[src[i + 1]], c = values[src[i + 2]], d = values[src[i + 3]];
        if ((a | b | c | d) < 0) {
            while (values[src[i]] >= 0)
                ++i;
            return i;
        }
        const quint32 group = quint32(a) << 18 | quint32(b) << 12 | quint32(c) << 6 | quint32(d);
        *dst++ = static_cast<unsigned char>(group >> 16);
        *dst++ = static_cast<unsigned char>(group >> 8);
        *dst++ = static_cast<unsigned char>(group);
    }
    quint32 group = 0;
    for (qsizetype k = i; k < size; ++k) {
        const int v = values[src[k]];
        if (v < 0)
            return k;
        group = group << 6 | quint32(v);
    }
    // 2 characters carry 12 bits (one byte), 3 carry 18 (two bytes); a lone character's 6 bits make no byte.
    if (size - i == 2) {
        *dst++ = static_cast<unsigned char>(group >> 4);
    } else if (size - i == 3) {
        *dst++ = static_cast<unsigned char>(group >> 10);
        *dst++ = static_cast<unsigned char>(group >> 2);
    }
    bytes.truncate(qsizetype(dst - begin));
    *out = std::move(bytes);
    return -1;
}

QByteArray base64Url(const QByteArray &data)
{
    // Three bytes to four characters through a table: QByteArray::toBase64 spent about 13 instructions a byte, and a
    // fresh token's 1.1 KB payload is encoded on the emulator's event loop (its signature on the pool).
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const auto *src = reinterpret_cast<const unsigned char *>(data.constData());
    const qsizetype size = data.size();
    QByteArray text((size + 2) / 3 * 4, Qt::Uninitialized);
    char *dst = text.data();
    qsizetype i = 0;
    for (; i + 3 <= size; i += 3) {
        const quint32 group = quint32(src[i]) << 16 | quint32(src[i + 1]) << 8 | quint32(src[i + 2]);
        dst[0] = kAlphabet[group >> 18];
        dst[1] = kAlphabet[(group >> 12) & 63];
        dst[2] = kAlphabet[(group >> 6) & 63];
        dst[3] = kAlphabet[group & 63];
        dst += 4;
    }
    if (size - i == 1) {
        const quint32 group = quint32(src[i]) << 16;
        *dst++ = kAlphabet[group >> 18];
        *dst++ = kAlphabet[(group >> 12) & 63];
    } else if (size - i == 2) {
        const quint32 group = quint32(src[i]) << 16 | quint32(src[i + 1]) << 8;
        *dst++ = kAlphabet[group >> 18];
        *dst++ = kAlphabet[(group >> 12) & 63];
        *dst++ = kAlphabet[(group >> 6) & 63];
    }
    text.truncate(qsizetype(dst - text.constData())); // no padding
    return text;
}

QByteArray fromBase64Url(const QByteArray &text, bool *ok)
{
    const auto result
        = QByteArray::fromBase64Encoding(text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (ok)
        *ok = bool(result);
    return result ? *result : QByteArray();
}

} // namespace idex
