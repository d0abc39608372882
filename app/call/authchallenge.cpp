#include "authchallenge.h"

namespace idex {

namespace {

// Hostile or broken servers must not make us keep unbounded data.
constexpr qsizetype kMaxInput = 64 * 1024;
constexpr qsizetype kMaxChallenges = 16;
constexpr qsizetype kMaxParams = 32;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// RFC 7230 tchar.
bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
    }
}

bool isToken68Char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~' || c == '+' || c == '/';
}

class Parser
{
public:
    explicit Parser(QByteArrayView text)
        : m_s(text.first(qMin(text.size(), kMaxInput)))
    { }

    AuthChallenges run()
    {
        AuthChallenges out;
        while (m_i < m_s.size() && out.size() < kMaxChallenges) {
            skipSpacesAndCommas();
            if (atEnd())
                break;
            if (!isTchar(peek())) {
                ++m_i; // stray character: skip it rather than give up on the rest
                continue;
            }
            AuthChallenge challenge;
            challenge.scheme = QString::fromUtf8(readToken());
            skipSpaces();
            if (looksLikeToken68())
                challenge.token68 = QString::fromLatin1(readToken68());
            else
                readParams(challenge);
            out.append(challenge);
        }
        return out;
    }

private:
    bool atEnd() const { return m_i >= m_s.size(); }
    char peek(qsizetype offset = 0) const { return m_i + offset < m_s.size() ? m_s.at(m_i + offset) : '\0'; }

    void skipSpaces()
    {
        while (!atEnd() && isSpace(peek()))
            ++m_i;
    }

    void skipSpacesAndCommas()
    {
        while (!atEnd() && (isSpace(peek()) || peek() == ','))
            ++m_i;
    }

    QByteArray readToken()
    {
        const qsizetype start = m_i;
        while (!atEnd() && isTchar(peek()))
            ++m_i;
        return m_s.sliced(start, m_i - start).toByteArray();
    }

    QByteArray readToken68()
    {
        const qsizetype start = m_i;
        while (!atEnd() && isToken68Char(peek()))
            ++m_i;
        while (!atEnd() && peek() == '=')
            ++m_i;
        return m_s.sliced(start, m_i - start).toByteArray();
    }

    // token68 stands alone: `Negotiate abc==` followed by the end or a comma. `error=,` is ambiguous in the
    // grammar; a short name with a single '=' is read as a parameter with an empty value, as browsers do.
    bool looksLikeToken68() const
    {
        qsizetype j = m_i;
        bool allTchar = true;
        while (j < m_s.size() && isToken68Char(m_s.at(j))) {
            allTchar = allTchar && isTchar(m_s.at(j));
            ++j;
        }
        const qsizetype length = j - m_i;
        if (length == 0)
            return false;
        qsizetype equals = 0;
        while (j < m_s.size() && m_s.at(j) == '=') {
            ++j;
            ++equals;
        }
        while (j < m_s.size() && isSpace(m_s.at(j)))
            ++j;
        if (j < m_s.size() && m_s.at(j) != ',')
            return false;
        return !(equals == 1 && allTchar && length < 16);
    }

    // `name =` ahead (optional whitespace around '=').
    bool looksLikeParam() const
    {
        qsizetype j = m_i;
        while (j < m_s.size() && isTchar(m_s.at(j)))
            ++j;
        if (j == m_i)
            return false;
        while (j < m_s.size() && isSpace(m_s.at(j)))
            ++j;
        return j < m_s.size() && m_s.at(j) == '=';
    }

    QByteArray readQuoted()
    {
        ++m_i; // opening quote
        QByteArray value;
        while (!atEnd()) {
            const char c = peek();
            ++m_i;
            if (c == '"')
                return value;
            if (c == '\\' && !atEnd()) {
                value.append(peek());
                ++m_i;
                continue;
            }
            value.append(c);
        }
        return value; // unterminated: take what there is
    }

    QByteArray readBareValue()
    {
        const qsizetype start = m_i;
        while (!atEnd() && !isSpace(peek()) && peek() != ',')
            ++m_i;
        return m_s.sliced(start, m_i - start).toByteArray();
    }

    void readParams(AuthChallenge &challenge)
    {
        while (!atEnd()) {
            skipSpaces();
            if (atEnd())
                return;
            if (peek() == ',') {
                // A comma separates parameters or challenges: what follows decides.
                skipSpacesAndCommas();
                if (atEnd() || !looksLikeParam())
                    return;
                continue;
            }
            if (!isTchar(peek())) {
                ++m_i;
                continue;
            }
            // A token not followed by '=' starts the next challenge (lenient: some servers omit the comma).
            if (!looksLikeParam())
                return;
            const QString name = QString::fromUtf8(readToken()).toLower();
            skipSpaces();
            ++m_i; // '='
            skipSpaces();
            const QByteArray value = peek() == '"' ? readQuoted() : readBareValue();
            if (challenge.params.size() < kMaxParams)
                challenge.params.append({ name, QString::fromUtf8(value) });
        }
    }

    QByteArrayView m_s;
    qsizetype m_i = 0;
};

QString quoted(const QString &value)
{
    QString out;
    out.reserve(value.size() + 2);
    out.append(u'"');
    for (const QChar c : value) {
        if (c == u'"' || c == u'\\')
            out.append(u'\\');
        out.append(c);
    }
    out.append(u'"');
    return out;
}

} // namespace

bool AuthChallenge::hasParam(QStringView name) const
{
    for (const auto &param : params) {
        if (param.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString AuthChallenge::param(QStringView name) const
{
    for (const auto &param : params) {
        if (param.first.compare(name, Qt::CaseInsensitive) == 0)
            return param.second;
    }
    return {};
}

QString AuthChallenge::toString() const
{
    QString out = scheme;
    if (!token68.isEmpty())
        return out + u' ' + token68;
    for (qsizetype i = 0; i < params.size(); ++i) {
        out += (i == 0 ? QStringLiteral(" ") : QStringLiteral(", "));
        out += params.at(i).first + u'=' + quoted(params.at(i).second);
    }
    return out;
}

AuthChallenges parseWwwAuthenticate(QByteArrayView value)
{
    return Parser(value).run();
}

} // namespace idex
