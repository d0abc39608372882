#pragma once

#include "directory.h"
#include "snapshotscan.h"

#include <QByteArrayView>

#include <memory>

namespace idex::snapshot {

/*! The sliced reader behind fromJson and readFile: bytes fed as the file is read are cut into pieces of whole array
    elements (StreamScanner), and worker threads, one per core, turn each piece into objects while the next bytes are
    read; each piece is let go once converted. So the file is never held whole, nor as one QJsonDocument (about three
    times its size). It accepts exactly what the whole-document reader accepts, with the same result; on anything
    unusual finish() returns false and the caller runs the whole-document reader, which says what is wrong. */
class SlicedReader
{
public:
    /*! \a threads 0: one per core (at most 4). \a pieceBytes: how much of the file one piece holds. */
    explicit SlicedReader(int threads = 0, qsizetype pieceBytes = 1024 * 1024);
    ~SlicedReader();
    SlicedReader(const SlicedReader &) = delete;
    SlicedReader &operator=(const SlicedReader &) = delete;

    /*! The next bytes of the file; false once the reader has declined it (the rest need not be read). */
    bool feed(QByteArrayView bytes);
    /*! The end of the file: true, and \a directory replaced, when the file was read; else \a directory is
        untouched. */
    bool finish(Directory &directory);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

/*! fromJson with \a data fed in blocks of \a blockBytes and pieces of \a pieceBytes (tests and the fuzz target cut
    a small file at every place a large one is cut). */
bool fromJsonInBlocks(
    const QByteArray &data, qsizetype blockBytes, qsizetype pieceBytes, Directory &directory, QString *error);

} // namespace idex::snapshot
