#include "secretmask.h"

namespace idex::redaction {

namespace {

const char *kindWord(SecretKind kind)
{
    switch (kind) {
    case SecretKind::Jwt: return "JWT";
    case SecretKind::Jwe: return "JWE";
    case SecretKind::Secret: return "secret";
    }
    return "secret";
}

// Digits grouped by thousands with a comma whatever the locale: masks are compared by tests and scripts.
QByteArray groupedNumber(qsizetype value)
{
    const QByteArray digits = QByteArray::number(value);
    QByteArray out;
    out.reserve(digits.size() + digits.size() / 3);
    for (qsizetype i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits.at(i);
    }
    return out;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/*! Reads one character of a mask that may be percent-encoded: `literal`, or `%XX` spelling it. */
class MaskReader
{
public:
    MaskReader(QByteArrayView text, qsizetype position)
        : m_text(text)
        , m_pos(position)
    { }

    bool take(char literal, const char *encoded, char alternative = 0)
    {
        if (m_pos < m_text.size()
            && (m_text.at(m_pos) == literal || (alternative && m_text.at(m_pos) == alternative))) {
            ++m_pos;
            return true;
        }
        const QByteArrayView code(encoded);
        if (m_text.size() - m_pos >= 3 && m_text.at(m_pos) == '%'
            && m_text.sliced(m_pos + 1, 2).compare(code, Qt::CaseInsensitive) == 0) {
            m_pos += 3;
            return true;
        }
        return false;
    }

    bool takeWord(QByteArrayView word)
    {
        if (m_text.size() - m_pos < word.size() || m_text.sliced(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    bool takeSpace() { return take(' ', "20", '+'); }

    /*! 1,234 (grouped as maskText writes it); false without a digit. */
    bool takeNumber(qsizetype *value)
    {
        qsizetype result = 0;
        int digits = 0;
        while (digits < 18) {
            if (m_pos < m_text.size() && isDigit(m_text.at(m_pos))) {
                result = result * 10 + (m_text.at(m_pos++) - '0');
                ++digits;
                continue;
            }
            if (digits == 0)
                break;
            // A group separator only counts when a digit follows it.
            const qsizetype before = m_pos;
            if (take(',', "2C") && m_pos < m_text.size() && isDigit(m_text.at(m_pos)))
                continue;
            m_pos = before;
            break;
        }
        *value = result;
        return digits > 0;
    }

    qsizetype position() const { return m_pos; }

private:
    QByteArrayView m_text;
    qsizetype m_pos;
};

} // namespace

QByteArray maskText(SecretKind kind, qsizetype length)
{
    return QByteArray("[") + kindWord(kind) + ", " + groupedNumber(length) + (length == 1 ? " char]" : " chars]");
}

MaskMatch maskAt(QByteArrayView text, qsizetype position)
{
    MaskReader reader(text, position);
    if (!reader.take('[', "5B"))
        return {};
    SecretKind kind;
    if (reader.takeWord("JWT"))
        kind = SecretKind::Jwt;
    else if (reader.takeWord("JWE"))
        kind = SecretKind::Jwe;
    else if (reader.takeWord("secret"))
        kind = SecretKind::Secret;
    else
        return {};
    qsizetype length = 0;
    if (!reader.take(',', "2C") || !reader.takeSpace() || !reader.takeNumber(&length) || !reader.takeSpace())
        return {};
    if (!reader.takeWord("chars") && !reader.takeWord("char"))
        return {};
    if (!reader.take(']', "5D"))
        return {};
    return MaskMatch { reader.position(), kind, length };
}

qsizetype characterCount(QByteArrayView value)
{
    qsizetype count = 0;
    for (const char c : value) {
        if ((uchar(c) & 0xC0) != 0x80)
            ++count;
    }
    return count;
}

} // namespace idex::redaction
