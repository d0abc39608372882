#include "snapshotscan.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstring>

namespace idex::snapshot {

namespace {

// QJsonDocument refuses documents nested deeper than 1024; a slice parsed alone sits two levels lower than in the
// file, so anything close to that depth goes to the whole-file parser, which judges it as before.
constexpr int depthLimit = 1000;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// One attempt at one unit (a key, a value, an element) in the bytes at hand. ranOut() says that it reached the end
// of those bytes: then its verdict counts only when no more bytes will come.
class Scanner
{
public:
    Scanner(const char *begin, const char *end)
        : m_begin(begin)
        , m_p(begin)
        , m_end(end)
    { }

    qsizetype pos() const { return m_p - m_begin; }
    bool ranOut() const { return m_ranOut; }
    bool eat(char c)
    {
        if (m_p >= m_end) {
            m_ranOut = true;
            return false;
        }
        if (*m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    void skipSpace()
    {
        while (m_p < m_end && isSpace(*m_p))
            ++m_p;
        if (m_p == m_end)
            m_ranOut = true;
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
            if (!q) {
                m_ranOut = true;
                return false;
            }
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
        if (m_p >= m_end) {
            m_ranOut = true;
            return false;
        }
        const char c = *m_p;
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
            m_ranOut = true;
            return false;
        }
        const char *start = m_p;
        while (m_p < m_end && *m_p != ',' && *m_p != ']' && *m_p != '}' && !isSpace(*m_p))
            ++m_p;
        if (m_p == m_end)
            m_ranOut = true; // the scalar may go on in the next bytes
        return m_p > start;
    }

private:
    const char *m_begin;
    const char *m_p;
    const char *m_end;
    bool m_ranOut = false;
};

// The key as JSON reads it (escapes and all), through QJsonDocument; null on any error.
QString keyOf(QByteArrayView key)
{
    QByteArray wrapped;
    wrapped.reserve(key.size() + 2);
    wrapped.append('[').append(key).append(']');
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || !doc.array().at(0).isString())
        return {};
    return doc.array().at(0).toString();
}

} // namespace

StreamScanner::StreamScanner(QList<QByteArray> arrayNames, PieceReady pieceReady, qsizetype pieceBytes)
    : m_arrayNames(std::move(arrayNames))
    , m_pieceReady(std::move(pieceReady))
    , m_pieceBytes(pieceBytes)
    , m_counts(m_arrayNames.size(), 0)
{ }

bool StreamScanner::feed(QByteArrayView bytes)
{
    if (m_state == State::Failed)
        return false;
    // What was scanned is dropped once it is half the window, so the window holds about one block and a cut unit.
    if (m_pos > 0 && m_pos >= m_window.size() / 2) {
        m_window.remove(0, m_pos);
        m_pos = 0;
    }
    m_window.append(bytes);
    if (m_window.size() - m_pos < m_wanted)
        return true;
    run(false);
    return m_state != State::Failed;
}

bool StreamScanner::finish()
{
    if (m_state != State::Failed)
        run(true);
    return m_state == State::Done;
}

void StreamScanner::run(bool atEnd)
{
    m_wanted = 0;
    while (m_state != State::Done && m_state != State::Failed) {
        // Whitespace may stand before every unit, and never needs a second look.
        while (m_pos < m_window.size() && isSpace(m_window.at(m_pos)))
            ++m_pos;
        switch (step(atEnd)) {
        case Result::Done: break;
        case Result::NeedMore: m_wanted = std::max<qsizetype>(1, 2 * (m_window.size() - m_pos)); return;
        case Result::Failed: m_state = State::Failed; return;
        }
    }
}

StreamScanner::Result StreamScanner::step(bool atEnd)
{
    const char *const begin = m_window.constData() + m_pos;
    Scanner s(begin, m_window.constData() + m_window.size());
    // The verdict of an attempt that reached the end of the bytes waits for more of them.
    auto outcome = [&s, atEnd](bool ok) {
        if (s.ranOut() && !atEnd)
            return Result::NeedMore;
        return ok ? Result::Done : Result::Failed;
    };
    switch (m_state) {
    case State::Open: {
        const Result r = outcome(s.eat('{'));
        if (r == Result::Done)
            m_state = State::FirstMember;
        m_pos += s.pos();
        return r;
    }
    case State::FirstMember: {
        const bool close = s.eat('}');
        if (!close && s.ranOut())
            return outcome(false);
        m_pos += s.pos();
        m_state = close ? State::Trailer : State::Key;
        return Result::Done;
    }
    case State::Key: {
        bool ok = s.skipString();
        const qsizetype keyEnd = s.pos();
        if (ok) {
            s.skipSpace();
            ok = s.eat(':');
        }
        if (ok)
            s.skipSpace();
        QString key;
        int array = -1;
        if (ok) {
            key = keyOf(QByteArrayView(begin, keyEnd));
            ok = !key.isNull() && !m_seen.contains(key);
            array = int(m_arrayNames.indexOf(key.toUtf8()));
            if (ok && array >= 0)
                ok = s.eat('[');
        }
        const Result r = outcome(ok);
        if (r != Result::Done)
            return r;
        m_seen.insert(key);
        m_pos += s.pos();
        if (array >= 0) {
            m_array = array;
            m_state = State::FirstElement;
        } else {
            m_member = key;
            m_state = State::Value;
        }
        return r;
    }
    case State::FirstElement: {
        const bool close = s.eat(']');
        if (!close && s.ranOut())
            return outcome(false);
        m_pos += s.pos();
        m_state = close ? State::AfterMember : State::Element;
        return Result::Done;
    }
    case State::Element: {
        bool ok = s.skipValue(2);
        const qsizetype end = s.pos();
        bool close = false;
        if (ok) {
            s.skipSpace();
            close = s.eat(']');
            ok = close || s.eat(',');
        }
        const Result r = outcome(ok);
        if (r != Result::Done)
            return r;
        if (m_piece.elements.isEmpty()) {
            m_piece.array = m_array;
            m_piece.firstIndex = m_counts.at(m_array);
            m_piece.bytes.reserve(m_pieceBytes + end);
        }
        m_piece.elements.append(Slice { m_piece.bytes.size(), m_piece.bytes.size() + end });
        m_piece.bytes.append(begin, end);
        ++m_counts[m_array];
        m_pos += s.pos();
        if (close)
            m_state = State::AfterMember;
        if ((close || m_piece.bytes.size() >= m_pieceBytes) && !flushPiece())
            return Result::Failed;
        return r;
    }
    case State::Value: {
        const bool ok = s.skipValue(1);
        const Result r = outcome(ok);
        if (r != Result::Done)
            return r;
        m_scalars.append(ScalarMember { m_member, QByteArray(begin, s.pos()) });
        m_pos += s.pos();
        m_state = State::AfterMember;
        return r;
    }
    case State::AfterMember: {
        const bool close = s.eat('}');
        const bool next = !close && s.eat(',');
        const Result r = outcome(close || next);
        if (r != Result::Done)
            return r;
        m_pos += s.pos();
        m_state = close ? State::Trailer : State::Key;
        return r;
    }
    case State::Trailer:
        if (m_pos < m_window.size())
            return Result::Failed; // something after the object
        if (!atEnd)
            return Result::NeedMore;
        m_state = State::Done;
        return Result::Done;
    case State::Done:
    case State::Failed: break;
    }
    return Result::Failed;
}

bool StreamScanner::flushPiece()
{
    if (m_piece.elements.isEmpty())
        return true;
    Piece piece = std::move(m_piece);
    m_piece = Piece();
    return m_pieceReady(std::move(piece));
}

} // namespace idex::snapshot
