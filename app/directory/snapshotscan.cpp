#include "snapshotscan.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstring>

namespace idex::snapshot {

namespace {

// QJsonDocument refuses documents nested deeper than 1024; a slice parsed alone sits two levels lower than in the
// file, so anything close to that depth goes to the whole-file parser, which judges it as before.
constexpr int depthLimit = 1000;

class Scanner
{
public:
    Scanner(const char *begin, const char *end)
        : m_begin(begin)
        , m_p(begin)
        , m_end(end)
    { }

    qsizetype pos() const { return m_p - m_begin; }
    bool atEnd() const { return m_p >= m_end; }
    char peek() const { return m_p < m_end ? *m_p : '\0'; }
    bool eat(char c)
    {
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    // From an opening quote to just past its closing quote. A quote is escaped when an odd number of backslashes
    // precede it; memchr finds the candidates.
    bool skipString()
    {
        if (!eat('"'))
            return false;
        const char *from = m_p;
        for (;;) {
            const void *q = std::memchr(from, '"', size_t(m_end - from));
            if (!q)
                return false;
            const char *quote = static_cast<const char *>(q);
            qsizetype backslashes = 0;
            for (const char *b = quote - 1; b >= m_p && *b == '\\'; --b)
                ++backslashes;
            if (backslashes % 2 == 0) {
                m_p = quote + 1;
                return true;
            }
            from = quote + 1;
        }
    }
    // One value at nesting \a depth (of its container): its extent only, QJsonDocument judges its content.
    bool skipValue(int depth)
    {
        const char c = peek();
        if (c == '"')
            return skipString();
        if (c == '{' || c == '[') {
            int level = 0;
            while (m_p < m_end) {
                const char d = *m_p;
                if (d == '"') {
                    if (!skipString())
                        return false;
                    continue;
                }
                ++m_p;
                if (d == '{' || d == '[') {
                    if (depth + ++level > depthLimit)
                        return false;
                } else if (d == '}' || d == ']') {
                    if (--level == 0)
                        return true;
                }
            }
            return false;
        }
        const char *start = m_p;
        while (m_p < m_end && *m_p != ',' && *m_p != ']' && *m_p != '}' && *m_p != ' ' && *m_p != '\t' && *m_p != '\n'
            && *m_p != '\r')
            ++m_p;
        return m_p > start;
    }

private:
    const char *m_begin;
    const char *m_p;
    const char *m_end;
};

// The key as JSON reads it (escapes and all), through QJsonDocument; null on any error.
QString keyOf(const QByteArray &data, const Slice &key)
{
    QByteArray wrapped;
    wrapped.reserve(key.end - key.begin + 2);
    wrapped.append('[').append(data.constData() + key.begin, key.end - key.begin).append(']');
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || !doc.array().at(0).isString())
        return {};
    return doc.array().at(0).toString();
}

} // namespace

bool scan(const QByteArray &data, const QList<QByteArray> &arrayNames, ScannedSnapshot &out)
{
    out = ScannedSnapshot();
    Scanner s(data.constData(), data.constData() + data.size());
    QStringList seen;
    s.skipSpace();
    if (!s.eat('{'))
        return false;
    s.skipSpace();
    if (!s.eat('}')) {
        for (;;) {
            ScannedMember member;
            member.key.begin = s.pos();
            if (!s.skipString())
                return false;
            member.key.end = s.pos();
            const QString key = keyOf(data, member.key);
            if (key.isNull() || seen.contains(key))
                return false;
            seen.append(key);
            member.name = key;
            s.skipSpace();
            if (!s.eat(':'))
                return false;
            s.skipSpace();
            member.value.begin = s.pos();
            member.isArray = arrayNames.contains(key.toUtf8());
            if (member.isArray) {
                if (!s.eat('['))
                    return false;
                s.skipSpace();
                if (!s.eat(']')) {
                    for (;;) {
                        Slice element;
                        element.begin = s.pos();
                        if (!s.skipValue(2))
                            return false;
                        element.end = s.pos();
                        member.elements.append(element);
                        s.skipSpace();
                        if (s.eat(']'))
                            break;
                        if (!s.eat(','))
                            return false;
                        s.skipSpace();
                    }
                }
            } else if (!s.skipValue(1)) {
                return false;
            }
            member.value.end = s.pos();
            out.members.append(std::move(member));
            s.skipSpace();
            if (s.eat('}'))
                break;
            if (!s.eat(','))
                return false;
            s.skipSpace();
        }
    }
    s.skipSpace();
    return s.atEnd();
}

} // namespace idex::snapshot
