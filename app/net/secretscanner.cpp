// One linear pass over untrusted text that finds every secret shape (JWTs, Authorization values, secret query and
// form parameters, JSON members, opaque keys): about 520 lines kept together because the shapes share one cursor, one
// table of character classes and one set of boundary rules; split, the pass would become several.
#include "secretscanner.h"

#include "secretnames.h"

#include <cstring>

namespace idex::redaction {

namespace {

// A JSON key longer than this is not a name a secret hides behind; reading stops there (bounded look-ahead).
constexpr qsizetype kMaxKeyLength = 128;
// Shortest run the opaque-value rule considers: 24 random bytes in base64, or the shortest common API key.
constexpr qsizetype kMinOpaqueLength = 32;

// One table lookup per byte: the scanner's inner loops run on every byte shown, also in Debug builds.
enum CharFlag : quint16 {
    Digit = 1 << 0,
    Upper = 1 << 1,
    Lower = 1 << 2,
    Run = 1 << 3, ///< base64url and the dots between the parts of a JWT: tokens and parameter names
    Space = 1 << 4, ///< white space between JSON tokens
    ValueEnd = 1 << 5, ///< where the value of `name=value` ends
    AuthorityEnd = 1 << 6, ///< where `user:password@host:port` ends
    Opaque = 1 << 7, ///< base64, base64url, hex, percent-encoding, and the `~` `.` of Entra client secrets
};

struct CharTable
{
    quint16 flags[256] = {};

    constexpr CharTable()
    {
        for (int c = 0; c < 256; ++c) {
            quint16 f = 0;
            if (c >= '0' && c <= '9')
                f |= Digit;
            if (c >= 'A' && c <= 'Z')
                f |= Upper;
            if (c >= 'a' && c <= 'z')
                f |= Lower;
            if ((f & (Digit | Upper | Lower)) || c == '-' || c == '_' || c == '.')
                f |= Run;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                f |= Space;
            // The delimiters of query strings, cookies and forms, and whatever cannot be part of a value in a URL,
            // a header or a JSON string (quotes, brackets, a backslash that starts a JSON escape).
            if (c <= 0x20 || c == '&' || c == ';' || c == '#' || c == ',' || c == '"' || c == '\'' || c == '<'
                || c == '>' || c == '\\' || c == ')' || c == ']' || c == '}' || c == '|' || c == '`')
                f |= ValueEnd;
            if (c <= 0x20 || c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>'
                || c == '\\')
                f |= AuthorityEnd;
            if ((f & (Digit | Upper | Lower)) || c == '-' || c == '_' || c == '+' || c == '/' || c == '=' || c == '.'
                || c == '~' || c == '%')
                f |= Opaque;
            flags[c] = f;
        }
    }
};

constexpr CharTable kChars;

inline bool has(char c, quint16 flag)
{
    return kChars.flags[uchar(c)] & flag;
}
inline bool isDigit(char c)
{
    return has(c, Digit);
}
inline bool isUpper(char c)
{
    return has(c, Upper);
}
inline bool isLower(char c)
{
    return has(c, Lower);
}
inline bool isAlnum(char c)
{
    return has(c, Digit | Upper | Lower);
}
inline bool isRunChar(char c)
{
    return has(c, Run);
}
inline bool isSpace(char c)
{
    return has(c, Space);
}
inline bool isValueEnd(char c)
{
    return has(c, ValueEnd);
}
inline bool isAuthorityEnd(char c)
{
    return has(c, AuthorityEnd);
}
inline bool isOpaqueChar(char c)
{
    return has(c, Opaque);
}

int charClass(char c)
{
    return isDigit(c) ? 0 : isUpper(c) ? 1 : 2;
}

/*! Random base64 switches between upper case, lower case and digits at about two pairs in three; words, camel-case
    identifiers and paths rarely do, and hex (GUIDs, trace IDs, thumbprints) has only one case. */
bool looksRandom(QByteArrayView run)
{
    bool upper = false, lower = false, digit = false;
    qsizetype pairs = 0, changes = 0;
    for (qsizetype i = 0; i < run.size(); ++i) {
        const char c = run.at(i);
        upper |= isUpper(c);
        lower |= isLower(c);
        digit |= isDigit(c);
        if (i > 0 && isAlnum(c) && isAlnum(run.at(i - 1))) {
            ++pairs;
            changes += charClass(c) != charClass(run.at(i - 1)) ? 1 : 0;
        }
    }
    return upper && lower && digit && pairs > 0 && changes * 100 >= pairs * 35;
}

class Scanner
{
public:
    explicit Scanner(QByteArrayView text)
        : m_text(text)
        , m_p(text.data())
        , m_n(text.size())
    { }

    QList<SecretSpan> scanAll()
    {
        qsizetype i = 0;
        while (i < m_n) {
            if (isRunChar(m_p[i])) {
                const qsizetype runStart = i;
                i = runEnd(i);
                tokensInRun(runStart, i);
                if (i < m_n && m_p[i] == '='
                    && isSecretName(m_text.sliced(runStart, i - runStart), NameContext::Parameter)) {
                    i = parameterValue(i + 1);
                    continue;
                }
                if (i >= m_n)
                    break;
            }
            qsizetype next = -1;
            if (m_p[i] == '"')
                next = jsonPair(i);
            else if (m_p[i] == ':')
                next = userInfo(i);
            i = next > i ? next : i + 1;
        }
        return m_spans;
    }

    /*! JWTs (three parts, the first starting with the base64 of `{"`) and JWEs (five parts) within one maximal run
        of base64url characters and dots. Every part is looked at a bounded number of times. */
    void tokensInRun(qsizetype begin, qsizetype end)
    {
        if (end - begin < 11) // the shortest JWE: a 7-character header and four dots
            return;
        qsizetype s = begin;
        while (s < end) {
            const qsizetype e = partEnd(s, end);
            const qsizetype header = findJsonStart(s, e);
            if (header >= 0 && e - header >= 7 && e < end) {
                const qsizetype s2 = e + 1, e2 = partEnd(s2, end);
                if (e2 < end) {
                    const qsizetype s3 = e2 + 1, e3 = partEnd(s3, end);
                    // A JWS payload is JSON too; a JWE's second part is an encrypted key (or empty), then three more.
                    if (findJsonStart(s2, e2) != s2 && e3 < end) {
                        const qsizetype s4 = e3 + 1, e4 = partEnd(s4, end);
                        if (e4 < end) {
                            const qsizetype e5 = partEnd(e4 + 1, end);
                            add(header, e5, SecretKind::Jwe, e5 - header);
                            s = e5 + 1;
                            continue;
                        }
                    }
                    if (e2 - s2 >= 4) {
                        add(header, e3, SecretKind::Jwt, e3 - header);
                        s = e3 + 1;
                        continue;
                    }
                }
            }
            s = e + 1;
        }
    }

    const QList<SecretSpan> &spans() const { return m_spans; }

private:
    char at(qsizetype i) const { return m_p[i]; }

    /*! The end of the run of base64url characters and dots starting at \a i. Some JWTs pad their parts with `=`
        (`...In0=.D3H6...`): after an `eyJ`, one or two `=` followed by a dot stay in the run. Elsewhere an `=`
        ends it, since it separates a parameter's name from its value. */
    qsizetype runEnd(qsizetype i) const
    {
        bool json = false;
        while (++i < m_n) {
            const char c = m_p[i];
            if (isRunChar(c)) {
                json = json || (c == 'J' && i >= 2 && m_p[i - 1] == 'y' && m_p[i - 2] == 'e');
                continue;
            }
            if (c == '=' && json) {
                qsizetype padding = i;
                while (padding < m_n && padding - i < 2 && m_p[padding] == '=')
                    ++padding;
                if (padding < m_n && m_p[padding] == '.') {
                    i = padding;
                    continue;
                }
            }
            break;
        }
        return i;
    }

    qsizetype partEnd(qsizetype from, qsizetype end) const
    {
        const void *dot = from < end ? std::memchr(m_p + from, '.', size_t(end - from)) : nullptr;
        return dot ? static_cast<const char *>(dot) - m_p : end;
    }

    /*! The first `eyJ` (base64 of `{"`) in [from, end), or -1. */
    qsizetype findJsonStart(qsizetype from, qsizetype end) const
    {
        while (from + 3 <= end) {
            const void *e = std::memchr(m_p + from, 'e', size_t(end - from - 2));
            if (!e)
                return -1;
            const qsizetype i = static_cast<const char *>(e) - m_p;
            if (m_p[i + 1] == 'y' && m_p[i + 2] == 'J')
                return i;
            from = i + 1;
        }
        return -1;
    }

    qsizetype skipSpace(qsizetype i) const
    {
        while (i < m_n && isSpace(at(i)))
            ++i;
        return i;
    }

    void add(qsizetype begin, qsizetype end, SecretKind kind, qsizetype length)
    {
        m_spans.append(SecretSpan { begin, end, kind, length });
    }

    /*! Masks [begin, end) unless it is empty; a mask already there is kept (and written back literally). */
    void addValue(qsizetype begin, qsizetype end)
    {
        if (end <= begin)
            return;
        const MaskMatch mask = maskAt(m_text, begin);
        if (mask.found() && mask.end == end) {
            add(begin, end, mask.kind, mask.length);
            return;
        }
        const QByteArrayView value = m_text.sliced(begin, end - begin);
        add(begin, end, kindOf(value), characterCount(value));
    }

    qsizetype parameterValue(qsizetype start)
    {
        const MaskMatch mask = maskAt(m_text, start);
        if (mask.found()) {
            add(start, mask.end, mask.kind, mask.length);
            return mask.end;
        }
        qsizetype end = start;
        while (end < m_n && !isValueEnd(at(end)))
            ++end;
        addValue(start, end);
        return end;
    }

    bool opensString(qsizetype i, bool escaped) const
    {
        if (escaped)
            return i + 1 < m_n && at(i) == '\\' && at(i + 1) == '"';
        return i < m_n && at(i) == '"';
    }

    /*! The content of a JSON string from \a start is masked; returns the index after its closing quote (or the end
        of a text cut short). In \a escaped mode the JSON sits inside another JSON string: its quotes are `\"`. */
    qsizetype stringValue(qsizetype start, bool escaped)
    {
        qsizetype i = start;
        bool innerEscape = false;
        while (i < m_n) {
            const char c = at(i);
            if (!escaped) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"')
                    break;
                ++i;
                continue;
            }
            // Escaped: decode the outer escapes, then a `\"` that is not itself escaped closes the inner string.
            if (c == '\\' && i + 1 < m_n) {
                const char next = at(i + 1);
                if (next == '"' && !innerEscape)
                    break;
                innerEscape = next == '\\' ? !innerEscape : false;
                i += 2;
                continue;
            }
            innerEscape = false;
            ++i;
        }
        const qsizetype end = qMin(i, m_n);
        addValue(start, end);
        return end >= m_n ? m_n : end + (escaped ? 2 : 1);
    }

    /*! `"key": "value"` (or `"key": ["v1", "v2"]`) with a secret key, starting at the quote \a quote. Returns where
        scanning goes on, or -1 when this quote does not open a secret key (scanning goes on after it). */
    qsizetype jsonPair(qsizetype quote)
    {
        const bool escaped = quote > 0 && at(quote - 1) == '\\';
        char key[kMaxKeyLength];
        qsizetype keyLength = 0;
        qsizetype i = quote + 1;
        bool closed = false;
        while (i < m_n && keyLength < kMaxKeyLength) {
            const char c = at(i);
            if (escaped) {
                if (c == '\\' && i + 1 < m_n && at(i + 1) == '"') {
                    closed = true;
                    i += 2;
                    break;
                }
                if (c == '"' || c == '\\')
                    return -1;
                key[keyLength++] = c;
                ++i;
                continue;
            }
            if (c == '"') {
                closed = true;
                ++i;
                break;
            }
            if (c == '\n')
                return -1;
            if (c == '\\') {
                // "client\u005fsecret" is client_secret to a JSON parser, so it is to this one.
                if (i + 5 < m_n && at(i + 1) == 'u') {
                    bool ok = false;
                    const int code = m_text.sliced(i + 2, 4).toInt(&ok, 16);
                    if (!ok || code >= 0x80)
                        return -1;
                    key[keyLength++] = char(code);
                    i += 6;
                    continue;
                }
                if (i + 1 >= m_n)
                    return -1;
                key[keyLength++] = at(i + 1);
                i += 2;
                continue;
            }
            key[keyLength++] = c;
            ++i;
        }
        if (!closed || !isSecretName(QByteArrayView(key, keyLength), NameContext::JsonField))
            return -1;
        i = skipSpace(i);
        if (i >= m_n || at(i) != ':')
            return -1;
        i = skipSpace(i + 1);
        const qsizetype quoteLength = escaped ? 2 : 1;
        if (opensString(i, escaped))
            return stringValue(i + quoteLength, escaped);
        if (i < m_n && at(i) == '[') {
            i = skipSpace(i + 1);
            while (opensString(i, escaped)) {
                i = skipSpace(stringValue(i + quoteLength, escaped));
                if (i >= m_n || at(i) != ',')
                    break;
                i = skipSpace(i + 1);
            }
            return i;
        }
        return -1;
    }

    /*! `scheme://user:password@host` at the colon \a colon (also JSON's `:\/\/`). Returns where scanning goes on, or
        -1 when there is no user information. */
    qsizetype userInfo(qsizetype colon)
    {
        qsizetype start;
        if (colon + 2 < m_n && at(colon + 1) == '/' && at(colon + 2) == '/')
            start = colon + 3;
        else if (colon + 4 < m_n && at(colon + 1) == '\\' && at(colon + 2) == '/' && at(colon + 3) == '\\'
            && at(colon + 4) == '/')
            start = colon + 5;
        else
            return -1;
        qsizetype atSign = -1;
        qsizetype i = start;
        while (i < m_n && !isAuthorityEnd(at(i))) {
            // A mask (which holds spaces) is one unit: the user information reads the same once redacted.
            if (at(i) == '[' || at(i) == '%') {
                if (const MaskMatch mask = maskAt(m_text, i); mask.found()) {
                    i = mask.end;
                    continue;
                }
            }
            if (at(i) == '@')
                atSign = i;
            ++i;
        }
        if (atSign < 0)
            return -1;
        qsizetype separator = -1;
        for (qsizetype j = start; j < atSign; ++j) {
            if (at(j) == ':') {
                separator = j;
                break;
            }
        }
        // The password; without one, the user name is the credential (https://<token>@host).
        if (separator >= 0)
            addValue(separator + 1, atSign);
        else
            addValue(start, atSign);
        return atSign + 1;
    }

    QByteArrayView m_text;
    const char *m_p;
    qsizetype m_n;
    QList<SecretSpan> m_spans;
};

} // namespace

QList<SecretSpan> findSecrets(QByteArrayView text)
{
    return Scanner(text).scanAll();
}

QList<SecretSpan> findOpaqueValues(QByteArrayView text)
{
    QList<SecretSpan> spans;
    qsizetype i = 0;
    while (i < text.size()) {
        if (!isOpaqueChar(text.at(i))) {
            ++i;
            continue;
        }
        const qsizetype begin = i;
        while (i < text.size() && isOpaqueChar(text.at(i)))
            ++i;
        const QByteArrayView run = text.sliced(begin, i - begin);
        if (run.size() >= kMinOpaqueLength && looksRandom(run))
            spans.append(SecretSpan { begin, i, kindOf(run), run.size() });
    }
    return spans;
}

SecretKind kindOf(QByteArrayView value)
{
    if (value.size() < 11)
        return SecretKind::Secret;
    for (const char c : value) {
        if (!isRunChar(c) && c != '=')
            return SecretKind::Secret;
    }
    Scanner scanner(value);
    scanner.tokensInRun(0, value.size());
    const QList<SecretSpan> &spans = scanner.spans();
    if (spans.size() == 1 && spans.first().begin == 0 && spans.first().end == value.size())
        return spans.first().kind;
    return SecretKind::Secret;
}

QByteArray replaceSpans(QByteArrayView text, const QList<SecretSpan> &spans)
{
    if (spans.isEmpty())
        return text.toByteArray();
    QByteArray out;
    out.reserve(text.size());
    qsizetype from = 0;
    // Neighbouring secrets are often alike (a log of the same request): their mask is written once.
    SecretKind lastKind = SecretKind::Secret;
    qsizetype lastLength = -1;
    QByteArray lastMask;
    for (const SecretSpan &span : spans) {
        out.append(text.sliced(from, span.begin - from));
        if (span.kind != lastKind || span.length != lastLength) {
            lastKind = span.kind;
            lastLength = span.length;
            lastMask = maskText(span.kind, span.length);
        }
        out.append(lastMask);
        from = span.end;
    }
    out.append(text.sliced(from));
    return out;
}

} // namespace idex::redaction
