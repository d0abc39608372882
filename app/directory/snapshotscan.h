#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>

namespace idex::snapshot {

/*! Where one array element lies in a Piece's bytes. */
struct Slice
{
    qsizetype begin = 0;
    qsizetype end = 0; ///< one past the last byte
};

/*! Consecutive elements of one of the sliced arrays, copied out of the file: parsed on its own (by QJsonDocument, one
    element at a time) and then let go, so that the file is never held whole. */
struct Piece
{
    int array = -1; ///< index into the scanner's arrayNames
    qsizetype firstIndex = 0; ///< the index of elements[0] in its array
    QByteArray bytes;
    QList<Slice> elements;
};

/*! A member of the top level other than the sliced arrays: its name as JSON reads it, and its value's bytes. */
struct ScalarMember
{
    QString name;
    QByteArray value;
};

/*! Finds a snapshot's top-level members and the elements of its big arrays in bytes fed block by block (as the file
    is read), following strings, escapes and brackets but judging nothing inside them; every complete run of elements
    is handed on as a Piece. It accepts only the plain shape a snapshot has; anything else (another top level, a byte
    order mark, a duplicate key, nesting near QJsonDocument's limit, any syntax error) makes it fail, and the caller
    then parses the whole file with QJsonDocument, which says what is wrong. A unit cut by the end of a block is
    scanned again when more bytes came; the bytes kept for it at least double first, so a huge element costs linear
    time. */
class StreamScanner
{
public:
    using PieceReady = std::function<bool(Piece &&)>;

    /*! \a arrayNames are the members whose elements are sliced; \a pieceReady gets each piece of about \a pieceBytes
        (false from it stops the scan, as a failure). */
    StreamScanner(QList<QByteArray> arrayNames, PieceReady pieceReady, qsizetype pieceBytes = 1024 * 1024);

    /*! The next bytes; false once the scan failed (further bytes are not needed). */
    bool feed(QByteArrayView bytes);
    /*! The end of the input: true when the whole input had the plain shape (every piece handed on). */
    bool finish();

    const QList<ScalarMember> &scalars() const { return m_scalars; }
    /*! The sliced arrays that appeared (a missing one is an empty array), and how many elements each had. */
    qsizetype elementCount(int array) const { return m_counts.value(array); }

private:
    enum class State { Open, FirstMember, Key, FirstElement, Element, Value, AfterMember, Trailer, Done, Failed };
    enum class Result { Done, NeedMore, Failed };
    Result step(bool atEnd);
    void run(bool atEnd);
    bool flushPiece();

    QList<QByteArray> m_arrayNames;
    PieceReady m_pieceReady;
    qsizetype m_pieceBytes;
    QByteArray m_window; ///< the bytes not yet scanned, from m_pos
    qsizetype m_pos = 0;
    qsizetype m_wanted = 0; ///< bytes after m_pos needed before the cut unit is scanned again
    State m_state = State::Open;
    QSet<QString> m_seen; ///< a set: a hostile file may have a million top-level keys
    QString m_member; ///< the member whose value comes next
    int m_array = -1; ///< the sliced array being read
    QList<qsizetype> m_counts;
    Piece m_piece;
    QList<ScalarMember> m_scalars;
};

} // namespace idex::snapshot
