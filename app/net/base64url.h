#pragma once
// The one base64url of the program (RFC 4648 section 5, without padding: JWTs, JWKs, page tokens). The token decoder
// uses the one-pass decodeBase64UrlText (hot path, measured by make bench); everything else the two plain helpers.

#include <QByteArray>
#include <QByteArrayView>

#include <array>

namespace idex {

namespace detail {
constexpr std::array<signed char, 256> base64UrlValues()
{
    std::array<signed char, 256> values {};
    values.fill(-1);
    for (int i = 0; i < 26; ++i) {
        values['A' + i] = static_cast<signed char>(i);
        values['a' + i] = static_cast<signed char>(26 + i);
    }
    for (int i = 0; i < 10; ++i)
        values['0' + i] = static_cast<signed char>(52 + i);
    values['-'] = 62;
    values['_'] = 63;
    return values;
}
/*! The 6-bit value of each base64url character, -1 for every other byte. */
inline constexpr std::array<signed char, 256> kBase64UrlValues = base64UrlValues();
} // namespace detail

/*! One of the 64 characters of base64url (RFC 4648 section 5): A-Z a-z 0-9 - _. */
inline bool isBase64UrlChar(char16_t c)
{
    return c < 256 && detail::kBase64UrlValues[c] >= 0;
}

/*! Decodes unpadded base64url text in one pass, checking each character as it goes (a token's parts are read once,
    not checked and then decoded). Returns -1 with \a out set, or the index of the first character outside the
    alphabet (\a out untouched). The bits of an incomplete last group are dropped, as QByteArray::fromBase64 does. */
qsizetype decodeBase64UrlText(QByteArrayView text, QByteArray *out);

/*! \a data as unpadded base64url. */
QByteArray base64Url(const QByteArray &data);
/*! The bytes of base64url \a text (padding tolerated); empty, with *ok false, when the text is not base64url. */
QByteArray fromBase64Url(const QByteArray &text, bool *ok = nullptr);

} // namespace idex
